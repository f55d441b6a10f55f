import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parseForKind } from '../../src/project/builtin-kinds.js';
import { validateSubresource } from '../../src/project/names.js';
import { singularize } from '../../src/project/pluralize.js';

function rejects(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof UserError && pattern.test(e.message));
}

describe('kinds another server owns', () => {
  it('names the packages, client and RBAC of apps/v1 Deployments', () => {
    const d = parseForKind('apps/v1/Deployment');
    assert.deepEqual(
      [d.plural, d.singular, d.namespaced, d.apiPackage, d.apiAlias, d.clientPackage, d.clientType, d.getter, d.replicas, d.defaultGroup],
      [
        'deployments',
        'deployment',
        true,
        'k8s.io/api/apps/v1',
        'appsv1',
        'k8s.io/client-go/kubernetes/typed/apps/v1',
        'AppsV1',
        'Deployments',
        true,
        'apps',
      ],
    );
    assert.equal(d.resourceDisplay, 'deployments.apps');
  });

  it('reads the core group as v1/KIND or core/v1/KIND, with client-go plurals and scopes', () => {
    const pod = parseForKind('v1/Pod');
    assert.deepEqual(
      [pod.group, pod.display, pod.apiPackage, pod.clientType, pod.defaultGroup, pod.groupDisplay],
      ['', 'v1', 'k8s.io/api/core/v1', 'CoreV1', 'core', 'the core group'],
    );
    assert.deepEqual(parseForKind('core/v1/Pod'), pod);
    assert.equal(parseForKind('v1/Node').namespaced, false);
    assert.equal(parseForKind('v1/Endpoints').getter, 'Endpoints');
    assert.equal(parseForKind('networking.k8s.io/v1/NetworkPolicy').getter, 'NetworkPolicies');
    assert.equal(parseForKind('networking.k8s.io/v1/Ingress').plural, 'ingresses');
    assert.equal(parseForKind('rbac.authorization.k8s.io/v1/ClusterRole').defaultGroup, 'rbac');
    assert.equal(parseForKind('batch/v1/Job').replicas, false);
  });

  it('refuses what it does not know, naming what it does', () => {
    rejects(() => parseForKind('Deployment'), /not of the form GROUP\/VERSION\/KIND/);
    rejects(() => parseForKind('a/b/c/d'), /not of the form/);
    rejects(() => parseForKind('apps/v2/Deployment'), /no Kubernetes group version "apps\/v2".*apps\/v1/);
    rejects(() => parseForKind('apps/v1/deployment'), /has no kind "deployment".*Deployment/);
  });
});

describe('subresource names', () => {
  it('are lowercase letters and digits', () => {
    for (const ok of ['feed', 'log', 'portforward', 'v2']) validateSubresource(ok);
    for (const bad of ['Feed', 'port-forward', '2x', '', 'a_b']) rejects(() => validateSubresource(bad), /not a lowercase name/);
  });

  it('singularize English plurals', () => {
    for (const [plural, singular] of [
      ['compositions', 'composition'],
      ['policies', 'policy'],
      ['statuses', 'status'],
      ['boxes', 'box'],
      ['status', 'status'],
      ['log', 'log'],
    ]) {
      assert.equal(singularize(plural as string), singular);
    }
  });
});
