import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateConfig } from '../../src/generators/config/index.js';
import { compareKubeVersions, versionPriority } from '../../src/manifests/objects.js';
import { LAYOUT, type ProjectRecord } from '../../src/project/record.js';
import { Tree } from '../../src/scaffold/tree.js';
import { isLoopbackRegistry, pushCommand, buildCommand } from '../../src/toolchain/container.js';
import { imageRegistry, validateImage } from '../../src/project/names.js';
import { UserError } from '../../src/errors.js';

const PROJECT: ProjectRecord = {
  layout: LAYOUT,
  cliVersion: '0.1.0',
  projectName: 'zoo',
  domain: 'demo.io',
  module: 'demo.io/zoo',
  kubernetesVersion: '1.37.2',
  resources: [
    { group: 'animal', version: 'v1alpha1', kind: 'Cat', plural: 'cats', namespaced: true, subresources: [], storageVersion: true },
    { group: 'animal', version: 'v1alpha1', kind: 'Habitat', plural: 'habitats', namespaced: false, subresources: [], storageVersion: true },
    { group: 'staff', version: 'v1', kind: 'Keeper', plural: 'keepers', namespaced: true, subresources: [], storageVersion: true },
  ],
};

function generate(tree = new Tree(), etcdServers?: string, name = 'zoo-apiserver', image = 'registry.example.com/zoo:v1', project = PROJECT) {
  const result = generateConfig(tree, {
    project,
    name,
    namespace: 'zoo-system',
    image,
    replicas: 2,
    etcdServers,
    etcdImage: 'registry.k8s.io/etcd:3.7.0-0',
  });
  const docs = (file: string) => parseAllDocuments(tree.read(file) ?? '').map((d) => d.toJS());
  return { tree, result, docs };
}

describe('build config manifests', () => {
  it('has one APIService per group version, with a caBundle and never insecureSkipTLSVerify', () => {
    const { docs, tree } = generate();
    const apis = docs('apiservice.yaml');
    assert.deepEqual(apis.map((a) => a.metadata.name).sort(), ['v1.staff.demo.io', 'v1alpha1.animal.demo.io']);
    const ca = tree.read('certificates/ca.crt');
    for (const a of apis) {
      assert.equal(Buffer.from(a.spec.caBundle, 'base64').toString(), ca);
      assert.equal(a.spec.insecureSkipTLSVerify, undefined);
      assert.deepEqual(a.spec.service, { name: 'zoo-apiserver', namespace: 'zoo-system', port: 8443 });
    }
  });

  it('serves the group versions of foreign subresources, and grants get on exactly their parents', () => {
    const project: ProjectRecord = {
      ...PROJECT,
      foreignSubresources: [
        { forKind: 'apps/v1/Deployment', subresource: 'compositions', group: 'apps', version: 'v1alpha1', kind: 'DeploymentComposition' },
        { forKind: 'apps/v1/StatefulSet', subresource: 'compositions', group: 'apps', version: 'v1alpha1', kind: 'StatefulSetComposition' },
        { forKind: 'v1/Pod', subresource: 'summaries', group: 'core', version: 'v1', kind: 'PodSummary' },
      ],
    };
    const { docs } = generate(new Tree(), undefined, 'zoo-apiserver', 'registry.example.com/zoo:v1', project);
    assert.deepEqual(docs('apiservice.yaml').map((a) => a.metadata.name).sort(), ['v1.core.demo.io', 'v1.staff.demo.io', 'v1alpha1.animal.demo.io', 'v1alpha1.apps.demo.io']);
    const role = docs('rbac.yaml').find((o) => o.kind === 'ClusterRole');
    const gets = role.rules.filter((r: { verbs: string[] }) => r.verbs.includes('get'));
    assert.deepEqual(gets, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get'] },
    ]);
  });

  it('runs the server non-root, read-only, without privileges, with probes and requests', () => {
    const [dep] = generate().docs('deployment.yaml');
    const pod = dep.spec.template.spec;
    const [c] = pod.containers;
    assert.equal(dep.spec.replicas, 2);
    assert.equal(pod.serviceAccountName, 'zoo-apiserver');
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    assert.equal(c.livenessProbe.httpGet.path, '/livez');
    assert.equal(c.readinessProbe.httpGet.path, '/readyz');
    assert.ok(c.resources.requests.cpu && c.resources.requests.memory);
    assert.ok(c.args.includes('--etcd-servers=http://zoo-apiserver-etcd.zoo-system.svc:2379'));
    assert.equal(pod.volumes.find((v: { name: string }) => v.name === 'serving-cert').secret.secretName, 'zoo-apiserver-serving-cert');
  });

  it('binds RBAC to the generated ServiceAccount, never to default/default', () => {
    const objs = generate().docs('rbac.yaml');
    const kinds = objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    assert.deepEqual(kinds, [
      'ServiceAccount/zoo-system/zoo-apiserver',
      'ClusterRole//zoo-apiserver',
      'ClusterRoleBinding//zoo-apiserver',
      'ClusterRoleBinding//zoo-apiserver:system:auth-delegator',
      'RoleBinding/kube-system/zoo-apiserver:extension-apiserver-authentication-reader',
    ]);
    for (const b of objs.filter((o) => o.subjects)) {
      assert.deepEqual(b.subjects, [{ kind: 'ServiceAccount', name: 'zoo-apiserver', namespace: 'zoo-system' }]);
    }
    const role = objs.find((o) => o.kind === 'ClusterRole');
    for (const rule of role.rules) assert.deepEqual(rule.verbs, ['list', 'watch'], 'informers only: list and watch');
  });

  it('deploys etcd as a StatefulSet with a pinned image and a claim, unless --etcd-servers', () => {
    const { docs, tree } = generate();
    const sts = docs('etcd.yaml').find((o) => o.kind === 'StatefulSet');
    assert.equal(sts.spec.template.spec.containers[0].image, 'registry.k8s.io/etcd:3.7.0-0');
    assert.equal(sts.spec.volumeClaimTemplates[0].metadata.name, 'data');
    const again = generate(tree, 'http://etcd.example:2379');
    assert.equal(again.tree.read('etcd.yaml'), undefined);
    assert.ok(again.docs('deployment.yaml')[0].spec.template.spec.containers[0].args.includes('--etcd-servers=http://etcd.example:2379'));
    assert.doesNotMatch(again.tree.read('kustomization.yaml') ?? '', /etcd\.yaml/);
  });

  it('keeps keys private and reuses certificates for the same names', () => {
    const { tree, result } = generate();
    const key = tree.changes().find((c) => c.path === 'certificates/tls.key');
    assert.equal(key?.mode, 0o600);
    assert.deepEqual(result.notes, ['certificates/ca.crt: issued (none exists)', 'certificates/tls.crt: issued (none exists)']);
    assert.deepEqual(generate(tree).result.notes, ['certificates/ca.crt: reused', 'certificates/tls.crt: reused']);
  });

  it('updates the manifests for a new image or name, and re-issues the certificate when its names change', () => {
    const { tree } = generate();
    const before = tree.read('deployment.yaml');
    const image = generate(tree, undefined, 'zoo-apiserver', 'registry.example.com/zoo:v2');
    assert.notEqual(tree.read('deployment.yaml'), before);
    assert.equal(image.docs('deployment.yaml')[0].spec.template.spec.containers[0].image, 'registry.example.com/zoo:v2');
    assert.deepEqual(image.result.notes, ['certificates/ca.crt: reused', 'certificates/tls.crt: reused']);
    const renamed = generate(tree, undefined, 'zoo-api', 'registry.example.com/zoo:v2');
    assert.deepEqual(renamed.result.notes, ['certificates/ca.crt: reused', 'certificates/tls.crt: issued (the names it must carry changed)']);
    assert.equal(renamed.docs('service.yaml')[0].metadata.name, 'zoo-api');
    assert.match(renamed.docs('rbac.yaml').map((o) => o.metadata.name).join(' '), /zoo-api:system:auth-delegator/);
  });

  it('labels the namespace to enforce the restricted Pod Security Standard', () => {
    const [ns] = generate().docs('namespace.yaml');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
  });
});

describe('APIService version priorities', () => {
  it('prefer newer and more stable versions', () => {
    const order = ['v2', 'v1alpha1', 'v1', 'v1beta2', 'v1beta1', 'v2alpha1'].sort(compareKubeVersions);
    assert.deepEqual(order, ['v1alpha1', 'v1beta1', 'v1beta2', 'v1', 'v2alpha1', 'v2']);
    assert.equal(versionPriority('v1beta1', ['v1alpha1', 'v1beta1']), 20);
    assert.equal(versionPriority('v1alpha1', ['v1alpha1', 'v1beta1']), 15);
    assert.equal(versionPriority('v1', ['v1']), 15);
  });
});

describe('images and container tools', () => {
  it('validates image references', () => {
    for (const ok of ['zoo', 'zoo:v1', '127.0.0.1:5000/zoo:v1', 'registry.example.com/team/zoo@sha256:' + 'a'.repeat(64), 'localhost/zoo']) validateImage(ok);
    for (const bad of ['Zoo', 'zoo:', 'reg.io/zoo:v 1', '-zoo', 'zoo:tag@sha256:xyz']) assert.throws(() => validateImage(bad), UserError);
    assert.equal(imageRegistry('127.0.0.1:5000/zoo:v1'), '127.0.0.1:5000');
    assert.equal(imageRegistry('library/zoo'), undefined);
  });

  it('speaks each tool\'s flags, and skips TLS verification only for loopback registries', () => {
    assert.ok(isLoopbackRegistry('127.0.0.1:5000/zoo:v1'));
    assert.ok(isLoopbackRegistry('localhost:5000/zoo'));
    assert.ok(!isLoopbackRegistry('registry.example.com/zoo'));
    assert.deepEqual(pushCommand('buildah', '127.0.0.1:5000/zoo:v1'), ['buildah', 'push', '--tls-verify=false', '127.0.0.1:5000/zoo:v1', 'docker://127.0.0.1:5000/zoo:v1']);
    assert.deepEqual(pushCommand('docker', '127.0.0.1:5000/zoo:v1'), ['docker', 'push', '127.0.0.1:5000/zoo:v1']);
    assert.deepEqual(pushCommand('podman', 'registry.example.com/zoo'), ['podman', 'push', 'registry.example.com/zoo']);
    assert.deepEqual(buildCommand('podman', { image: 'z', dockerfile: 'Dockerfile', context: '.', platform: 'linux/arm64', baseImage: 'scratch' }), [
      'podman', 'build', '--tag', 'z', '--file', 'Dockerfile', '--platform', 'linux/arm64', '--build-arg', 'BASE_IMAGE=scratch', '.',
    ]);
  });
});
