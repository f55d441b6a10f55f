import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCA, issueCert } from '../../src/certs/index.js';
import { servingCertificateChecks } from '../../src/doctor/certificate.js';

const ca = createCA('doctor-ca');
const other = createCA('other-ca');
const leaf = (dnsNames: string[], validityDays = 30) => issueCert(ca, { commonName: dnsNames[0]!, dnsNames, usage: 'server', validityDays });
const base = { source: 'Secret ns/s', serverName: 'api.ns.svc', renew: 'Issue a new one' };

function byName(results: ReturnType<typeof servingCertificateChecks>) {
  return Object.fromEntries(results.map((r) => [r.name, r]));
}

describe('doctor: the serving certificate against the caBundles', () => {
  it('passes a certificate for <service>.<namespace>.svc signed by the caBundle, within validity, with its key', () => {
    const pair = leaf(['api', 'api.ns.svc']);
    const r = servingCertificateChecks({ ...base, certPem: pair.certPem, keyPem: pair.keyPem, caBundles: { 'v1.a.io': ca.certPem } });
    assert.ok(r.every((c) => c.passed), JSON.stringify(r));
    assert.deepEqual(r.map((c) => c.name), ['serving key', 'certificate names', 'certificate validity', 'caBundle of v1.a.io']);
  });

  it('names each fault with a fix: other CA, wrong name, expired, foreign key, empty caBundle', () => {
    const pair = leaf(['wrong.ns.svc'], -1);
    const r = byName(servingCertificateChecks({ ...base, certPem: pair.certPem, keyPem: other.keyPem, caBundles: { 'v1.a.io': other.certPem, 'v1.b.io': '' } }));
    assert.equal(r['serving key']!.passed, false);
    assert.equal(r['certificate names']!.detail, 'the certificate in Secret ns/s names wrong.ns.svc but not api.ns.svc, the name the aggregator verifies');
    assert.match(r['certificate validity']!.detail, /^the certificate in Secret ns\/s expired on \d{4}-\d\d-\d\d$/);
    assert.match(r['caBundle of v1.a.io']!.detail, /is not signed by the CA in the caBundle of v1\.a\.io/);
    assert.match(r['caBundle of v1.b.io']!.detail, /has no caBundle/);
    for (const c of Object.values(r)) assert.ok(!c.passed && c.fix && /\.$/.test(c.fix), `${c.name} has a one-sentence fix`);
  });

  it('accepts a caBundle holding several CAs, one of them the signer', () => {
    const pair = leaf(['api.ns.svc']);
    const r = byName(servingCertificateChecks({ ...base, certPem: pair.certPem, caBundles: { 'v1.a.io': other.certPem + ca.certPem } }));
    assert.equal(r['caBundle of v1.a.io']!.passed, true);
  });
});
