import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCA, issueCert } from '../../src/certs/index.js';
import { servingCertificateChecks } from '../../src/doctor/certificate.js';
import { controllerChecks, leaseCheck } from '../../src/doctor/workloads.js';
import type { DeploymentView, PodStatusView } from '../../src/run/workloads.js';

const ca = createCA('doctor-ca');
const other = createCA('other-ca');
const leaf = (dnsNames: string[], validityDays = 30) =>
  issueCert(ca, { commonName: dnsNames[0]!, dnsNames, usage: 'server', validityDays });
const base = { source: 'Secret ns/s', serverName: 'api.ns.svc', renew: 'Issue a new one' };

function byName(results: ReturnType<typeof servingCertificateChecks>) {
  return Object.fromEntries(results.map((r) => [r.name, r]));
}

describe('doctor: the serving certificate against the caBundles', () => {
  it('passes a certificate for <service>.<namespace>.svc signed by the caBundle, within validity, with its key', () => {
    const pair = leaf(['api', 'api.ns.svc']);
    const r = servingCertificateChecks({ ...base, certPem: pair.certPem, keyPem: pair.keyPem, caBundles: { 'v1.a.io': ca.certPem } });
    assert.ok(
      r.every((c) => c.passed),
      JSON.stringify(r),
    );
    assert.deepEqual(
      r.map((c) => c.name),
      ['serving key', 'certificate names', 'certificate validity', 'caBundle of v1.a.io'],
    );
  });

  it('names each fault with a fix: other CA, wrong name, expired, foreign key, empty caBundle', () => {
    const pair = leaf(['wrong.ns.svc'], -1);
    const r = byName(
      servingCertificateChecks({
        ...base,
        certPem: pair.certPem,
        keyPem: other.keyPem,
        caBundles: { 'v1.a.io': other.certPem, 'v1.b.io': '' },
      }),
    );
    assert.equal(r['serving key']!.passed, false);
    assert.equal(
      r['certificate names']!.detail,
      'the certificate in Secret ns/s names wrong.ns.svc but not api.ns.svc, the name the aggregator verifies',
    );
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

describe('doctor: the controller manager', () => {
  const now = new Date('2026-01-01T10:00:30Z');
  const deployment: DeploymentView = {
    metadata: { name: 'zoo-apiserver-controller' },
    spec: { replicas: 1 },
    status: { readyReplicas: 1 },
  };
  const readyPod: PodStatusView = {
    metadata: { name: 'cm-a' },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'controller-manager', ready: true, state: { running: {} } }],
    },
  };
  const crashing: PodStatusView = {
    metadata: { name: 'cm-b' },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'controller-manager',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
        },
      ],
    },
  };
  const held = { holder: 'cm-a_0c1d', renewTime: '2026-01-01T10:00:28.123456Z', durationSeconds: 15 };
  const input = {
    namespace: 'zoo-system',
    deployment: 'zoo-apiserver-controller',
    lease: 'zoo-controller-manager',
    selector: 'app=cm',
    now,
  };
  const byName = (found: Parameters<typeof controllerChecks>[0]['found']) =>
    Object.fromEntries(controllerChecks({ ...input, found }).map((r) => [r.name, r]));

  it('passes a ready Deployment whose pods are Ready and whose Lease a holder renewed within the time it lasts', () => {
    const r = controllerChecks({ ...input, found: { deployment, pods: [readyPod], lease: held } });
    assert.deepEqual(
      r.map((c) => [c.name, c.passed, c.detail]),
      [
        ['Deployment zoo-system/zoo-apiserver-controller', true, '1/1 replicas ready'],
        ['controller pods ready', true, '1 of 1 Ready'],
        ['Lease zoo-system/zoo-controller-manager', true, 'held by cm-a_0c1d, renewed 2 s ago'],
      ],
    );
  });

  it("names each pod that is not Ready with its containers' states, and the Deployment short of replicas", () => {
    const r = byName({ deployment: { ...deployment, spec: { replicas: 2 } }, pods: [readyPod, crashing], lease: held });
    assert.equal(r['Deployment zoo-system/zoo-apiserver-controller']!.detail, '1/2 replicas ready');
    assert.match(
      r['Deployment zoo-system/zoo-apiserver-controller']!.fix!,
      /kubectl describe deployment -n zoo-system zoo-apiserver-controller; the controller pod check says/,
    );
    const pods = r['controller pods ready']!;
    assert.equal(pods.passed, false);
    assert.equal(
      pods.detail,
      '1 of 2 not Ready: cm-b (Running; controller-manager waiting CrashLoopBackOff: back-off 40s, not ready, 3 restarts)',
    );
    assert.equal(pods.fix, 'Read its log and events: kubectl logs -n zoo-system cm-b and kubectl describe pod -n zoo-system cm-b.');
  });

  it('names a missing Deployment, and then checks no pods', () => {
    const r = controllerChecks({ ...input, found: { pods: [], lease: undefined } });
    assert.deepEqual(
      r.map((c) => c.name),
      ['Deployment zoo-system/zoo-apiserver-controller', 'Lease zoo-system/zoo-controller-manager'],
    );
    assert.equal(r[0]!.detail, 'it does not exist');
    assert.match(r[0]!.fix!, /^Apply controller\.yaml from apiboot build config/);
    assert.match(byName({ deployment, pods: [], lease: held })['controller pods ready']!.detail, /no pod matches/);
  });

  it('fails a Lease that is missing, released, or not renewed within the time it lasts, each with a fix', () => {
    const lease = (l: Parameters<typeof leaseCheck>[2]) =>
      leaseCheck('zoo-system', 'zoo-controller-manager', l, now, 'zoo-apiserver-controller');
    assert.equal(lease(undefined).detail, 'it does not exist: no controller manager has led here');
    assert.equal(
      lease({ holder: '', renewTime: held.renewTime }).detail,
      'it has no holder: the last leader released it and no replica took it over',
    );
    const stale = lease({ ...held, renewTime: '2026-01-01T10:00:10Z' });
    assert.equal(
      stale.detail,
      'held by cm-a_0c1d, but last renewed 20 s ago, longer than the 15 s it lasts: that holder has stopped leading',
    );
    assert.equal(lease({ holder: 'x', renewTime: '' }).detail, 'held by x, but never renewed: that holder has stopped leading');
    // Without leaseDurationSeconds, client-go's 15 s; a renewTime a little ahead of this clock is a live leader.
    assert.equal(lease({ holder: 'x', renewTime: '2026-01-01T10:00:14Z' }).passed, false);
    assert.equal(lease({ holder: 'x', renewTime: '2026-01-01T10:00:16Z' }).passed, true);
    assert.equal(lease({ holder: 'x', renewTime: '2026-01-01T10:00:31Z' }).detail, 'held by x, renewed 0 s ago');
    for (const c of [lease(undefined), stale]) {
      assert.ok(
        !c.passed && /kubectl logs -n zoo-system deployment\/zoo-apiserver-controller/.test(c.fix!) && /\.$/.test(c.fix!),
        `${c.detail}: one sentence that says where to look`,
      );
    }
  });
});
