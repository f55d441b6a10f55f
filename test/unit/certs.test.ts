import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkCA, checkLeaf, createCA, issueCert } from '../../src/certs/index.js';

const DAY = 24 * 60 * 60 * 1000;

describe('certificates', () => {
  const ca = createCA('catdemo-ca');
  const names = { dnsNames: ['api', 'api.ns', 'api.ns.svc', 'localhost'], ipAddresses: ['127.0.0.1'] };
  const serving = issueCert(ca, { commonName: 'api.ns.svc', usage: 'server', validityDays: 365, ...names });

  it('makes a CA that outlives the serving certificate it signs', () => {
    const caCert = new X509Certificate(ca.certPem);
    const leaf = new X509Certificate(serving.certPem);
    assert.equal(caCert.ca, true);
    assert.equal(leaf.ca, false);
    assert.ok(leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey));
    assert.ok(new Date(caCert.validTo).getTime() > new Date(leaf.validTo).getTime() + 365 * DAY);
    assert.match(leaf.subjectAltName ?? '', /DNS:api\.ns\.svc/);
    assert.match(leaf.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.ok(leaf.keyUsage?.includes('1.3.6.1.5.5.7.3.1'), 'serverAuth extended key usage');
  });

  it('puts groups of a client certificate in its organizations', () => {
    const client = issueCert(ca, { commonName: 'admin', organizations: ['system:masters'], usage: 'client', validityDays: 30 });
    const cert = new X509Certificate(client.certPem);
    assert.match(cert.subject, /O=system:masters/);
    assert.match(cert.subject, /CN=admin/);
    assert.ok(cert.keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'clientAuth extended key usage');
  });

  it('reuses a valid certificate and says why it re-issues one', () => {
    assert.deepEqual(checkLeaf(serving, ca, names), { reuse: true });
    assert.deepEqual(checkLeaf(undefined, ca, names), { reuse: false, reason: 'none exists' });
    const renamed = checkLeaf(serving, ca, { ...names, dnsNames: ['other'] });
    assert.equal(renamed.reuse, false);
    assert.match(!renamed.reuse ? renamed.reason : '', /names/);
    const otherCA = createCA('other');
    assert.match(JSON.stringify(checkLeaf(serving, otherCA, names)), /another CA/);
    const soon = checkLeaf(serving, ca, names, new Date(Date.now() + 350 * DAY));
    assert.match(JSON.stringify(soon), /expires on/);
    assert.deepEqual(checkCA(ca), { reuse: true });
    assert.match(JSON.stringify(checkCA(serving)), /not a CA/);
  });
});
