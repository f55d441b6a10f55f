import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateConfig } from '../../src/generators/config/index.js';
import { LAYOUT, type ProjectRecord } from '../../src/project/record.js';
import { Tree } from '../../src/scaffold/tree.js';
import { isLoopbackRegistry, pushCommand, buildCommand } from '../../src/toolchain/container.js';
import { imageRegistry, validateImage } from '../../src/project/deploy-inputs.js';
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
    {
      group: 'animal',
      version: 'v1alpha1',
      kind: 'Habitat',
      plural: 'habitats',
      namespaced: false,
      subresources: [],
      storageVersion: true,
    },
    { group: 'staff', version: 'v1', kind: 'Keeper', plural: 'keepers', namespaced: true, subresources: [], storageVersion: true },
  ],
};

function generate(
  tree = new Tree(),
  etcdServers?: string,
  name = 'zoo-apiserver',
  image = 'registry.example.com/zoo:v1',
  project = PROJECT,
  more: { namespace?: string; replicas?: number; etcdReplicas?: number } = {},
) {
  const result = generateConfig(tree, {
    project,
    name,
    namespace: 'zoo-system',
    image,
    replicas: 2,
    etcdServers,
    etcdReplicas: 1,
    etcdImage: 'registry.k8s.io/etcd:3.7.0-0',
    ...more,
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
    assert.deepEqual(
      docs('apiservice.yaml')
        .map((a) => a.metadata.name)
        .sort(),
      ['v1.core.demo.io', 'v1.staff.demo.io', 'v1alpha1.animal.demo.io', 'v1alpha1.apps.demo.io'],
    );
    const role = docs('rbac.yaml').find((o) => o.kind === 'ClusterRole');
    const gets = role.rules.filter((r: { verbs: string[] }) => r.verbs.includes('get'));
    assert.deepEqual(gets, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list'] },
    ]);
  });

  it('deploys the controller manager of a project with controllers, with least-privilege RBAC of its own', () => {
    assert.equal(generate().tree.read('controller.yaml'), undefined, 'no controller.yaml without controllers');
    const project: ProjectRecord = {
      ...PROJECT,
      resources: [
        { ...PROJECT.resources[0]!, subresources: [{ name: 'status', type: 'status' }], controller: true },
        ...PROJECT.resources.slice(1),
      ],
    };
    const { docs, tree } = generate(new Tree(), undefined, 'zoo-apiserver', 'registry.example.com/zoo:v1', project);
    assert.ok(
      parseAllDocuments(tree.read('kustomization.yaml') ?? '')[0]
        ?.toJS()
        .resources.includes('controller.yaml'),
    );
    const objects = docs('controller.yaml');
    const of = (kind: string) => objects.filter((o) => o.kind === kind);
    assert.deepEqual(
      of('ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      ['zoo-system/zoo-apiserver-controller'],
    );
    assert.deepEqual(of('ClusterRole')[0].rules, [
      { apiGroups: ['animal.demo.io'], resources: ['cats'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['animal.demo.io'], resources: ['cats/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    // Leases in its own namespace only, and only the one it elects with, once created; the core API's Events of
    // leader election there too.
    const role = of('Role')[0];
    assert.equal(role.metadata.namespace, 'zoo-system');
    assert.deepEqual(role.rules, [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['zoo-controller-manager'], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    for (const binding of [...of('ClusterRoleBinding'), ...of('RoleBinding')]) {
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'zoo-apiserver-controller', namespace: 'zoo-system' }]);
    }
    const deployment = of('Deployment')[0];
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    assert.equal(pod.serviceAccountName, 'zoo-apiserver-controller');
    assert.equal(container.image, 'registry.example.com/zoo:v1');
    assert.deepEqual(container.command, ['/controller-manager']);
    assert.ok(container.args.includes('--leader-elect') && container.args.includes('--leader-election-namespace=zoo-system'));
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(container.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  });

  it('runs the server non-root, read-only, without privileges, with probes and requests', () => {
    const [dep] = generate().docs('deployment.yaml');
    const pod = dep.spec.template.spec;
    const [c] = pod.containers;
    assert.equal(dep.spec.replicas, 2);
    assert.equal(pod.serviceAccountName, 'zoo-apiserver');
    assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.deepEqual(c.securityContext, {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    assert.equal(c.livenessProbe.httpGet.path, '/livez');
    assert.equal(c.readinessProbe.httpGet.path, '/readyz');
    assert.ok(c.resources.requests.cpu && c.resources.requests.memory);
    assert.ok(c.args.includes('--etcd-servers=https://zoo-apiserver-etcd-0.zoo-apiserver-etcd.zoo-system.svc:2379'));
    // Rolling updates drop no request: endpoints forget the old pod during the shutdown delay, and the kubelet waits
    // for the delay and the requests in flight; two replicas spread HTTP/2 connections with GOAWAY.
    assert.ok(c.args.includes('--shutdown-delay-duration=15s'));
    assert.ok(c.args.includes('--goaway-chance=0.001'));
    assert.equal(pod.terminationGracePeriodSeconds, 15 + 60 + 5);
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
    const ETCD = ['ca', 'server', 'peer', 'client'];
    assert.deepEqual(result.notes, [
      'certificates/ca.crt: issued (none exists)',
      'certificates/tls.crt: issued (none exists)',
      ...ETCD.map((c) => `certificates/etcd/${c}.crt: issued (none exists)`),
    ]);
    assert.deepEqual(generate(tree).result.notes, [
      'certificates/ca.crt: reused',
      'certificates/tls.crt: reused',
      ...ETCD.map((c) => `certificates/etcd/${c}.crt: reused`),
    ]);
  });

  it('updates the manifests for a new image or name, and re-issues the certificate when its names change', () => {
    const { tree } = generate();
    const before = tree.read('deployment.yaml');
    const image = generate(tree, undefined, 'zoo-apiserver', 'registry.example.com/zoo:v2');
    assert.notEqual(tree.read('deployment.yaml'), before);
    assert.equal(image.docs('deployment.yaml')[0].spec.template.spec.containers[0].image, 'registry.example.com/zoo:v2');
    assert.deepEqual(image.result.notes.slice(0, 2), ['certificates/ca.crt: reused', 'certificates/tls.crt: reused']);
    const renamed = generate(tree, undefined, 'zoo-api', 'registry.example.com/zoo:v2');
    assert.deepEqual(renamed.result.notes, [
      'certificates/ca.crt: reused',
      'certificates/tls.crt: issued (the names it must carry changed)',
      'certificates/etcd/ca.crt: reused',
      'certificates/etcd/server.crt: issued (the names it must carry changed)',
      'certificates/etcd/peer.crt: issued (the names it must carry changed)',
      'certificates/etcd/client.crt: reused',
    ]);
    assert.equal(renamed.docs('service.yaml')[0].metadata.name, 'zoo-api');
    assert.match(
      renamed
        .docs('rbac.yaml')
        .map((o) => o.metadata.name)
        .join(' '),
      /zoo-api:system:auth-delegator/,
    );
  });

  it('labels a namespace of its own for the restricted Pod Security Standard, outside the kustomization', () => {
    const { docs, tree, result } = generate();
    const [ns] = docs('namespace.yaml');
    assert.equal(ns.kind, 'Namespace');
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(result.namespaceFile, true);
    // kubectl delete -k deletes what the kustomization lists: the namespace, and all that lives in it, is not there.
    const kustomization = docs('kustomization.yaml')[0];
    assert.ok(!kustomization.resources.includes('namespace.yaml'));
    for (const file of kustomization.resources) {
      assert.ok(
        docs(file).every((o) => o.kind !== 'Namespace'),
        `${file} holds no Namespace`,
      );
    }
    assert.match(tree.read('kustomization.yaml') ?? '', /namespace\.yaml is not a resource here/);
  });

  for (const system of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    it(`writes no Namespace object and no namespace label for ${system}, which Kubernetes creates`, () => {
      const tree = new Tree();
      generate(tree);
      const { docs, result } = generate(tree, undefined, 'zoo-apiserver', 'registry.example.com/zoo:v1', PROJECT, { namespace: system });
      assert.equal(result.namespaceFile, false);
      assert.equal(tree.read('namespace.yaml'), undefined, 'the one of an earlier namespace is removed');
      const all = docs('kustomization.yaml')[0].resources.flatMap((f: string) => docs(f));
      assert.deepEqual(
        all.filter((o: { kind: string }) => o.kind === 'Namespace'),
        [],
      );
      assert.equal(docs('deployment.yaml')[0].metadata.namespace, system);
    });
  }

  it('keeps every certificate and key out of git wherever the output folder goes', () => {
    const { tree } = generate();
    assert.equal(
      tree.read('certificates/.gitignore'),
      '# Written by "apiboot build config": certificates and their private keys stay out of git.\n*\n!.gitignore\n',
    );
    const keys = tree.changes().filter((c) => c.path.endsWith('.key'));
    assert.deepEqual(keys.map((c) => c.path).sort(), [
      'certificates/ca.key',
      'certificates/etcd/ca.key',
      'certificates/etcd/client.key',
      'certificates/etcd/peer.key',
      'certificates/etcd/server.key',
      'certificates/tls.key',
    ]);
    for (const k of keys) assert.equal(k.mode, 0o600, k.path);
  });

  it("adds a PodDisruptionBudget and one server per node from 2 replicas, as metrics-server's HA overlay does", () => {
    const tree = new Tree();
    const ha = generate(tree);
    const [pdb] = ha.docs('poddisruptionbudget.yaml');
    assert.equal(pdb.kind, 'PodDisruptionBudget');
    assert.deepEqual(pdb.spec, {
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'zoo-apiserver', 'app.kubernetes.io/component': 'apiserver' } },
    });
    const [dep] = ha.docs('deployment.yaml');
    assert.deepEqual(dep.spec.strategy, { rollingUpdate: { maxUnavailable: 1 } });
    assert.deepEqual(dep.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, [
      { labelSelector: { matchLabels: pdb.spec.selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    assert.ok(ha.docs('kustomization.yaml')[0].resources.includes('poddisruptionbudget.yaml'));
    const single = generate(tree, undefined, 'zoo-apiserver', 'registry.example.com/zoo:v1', PROJECT, { replicas: 1 });
    assert.equal(tree.read('poddisruptionbudget.yaml'), undefined);
    assert.equal(single.docs('deployment.yaml')[0].spec.template.spec.affinity, undefined);
    assert.ok(!single.docs('kustomization.yaml')[0].resources.includes('poddisruptionbudget.yaml'));
  });
});

describe('etcd in the cluster', () => {
  const SEL = (component: string) => ({ 'app.kubernetes.io/name': 'zoo-apiserver', 'app.kubernetes.io/component': component });

  it('serves clients and peers over TLS only, and asks both for a certificate of its own CA', () => {
    const { docs } = generate();
    const sts = docs('etcd.yaml').find((o) => o.kind === 'StatefulSet');
    const [c] = sts.spec.template.spec.containers;
    const args: string[] = c.args;
    for (const a of args.filter((x) => /-urls=/.test(x) && !x.startsWith('--listen-metrics-urls'))) assert.doesNotMatch(a, /http:\/\//, a);
    for (const flag of [
      '--client-cert-auth',
      '--peer-client-cert-auth',
      '--trusted-ca-file=/etc/etcd/pki/ca.crt',
      '--peer-trusted-ca-file=/etc/etcd/pki/ca.crt',
      '--cert-file=/etc/etcd/pki/server.crt',
      '--key-file=/etc/etcd/pki/server.key',
      '--peer-cert-file=/etc/etcd/pki/peer.crt',
      '--peer-key-file=/etc/etcd/pki/peer.key',
    ]) {
      assert.ok(args.includes(flag), flag);
    }
    // Probes go to the plain metrics listener: the kubelet has no client certificate.
    assert.ok(args.includes('--listen-metrics-urls=http://0.0.0.0:2381'));
    assert.equal(c.livenessProbe.httpGet.port, 'metrics');
    assert.deepEqual(
      c.volumeMounts.find((v: { name: string }) => v.name === 'pki'),
      { name: 'pki', mountPath: '/etc/etcd/pki', readOnly: true },
    );
    assert.deepEqual(sts.spec.template.spec.volumes, [
      { name: 'pki', secret: { secretName: 'zoo-apiserver-etcd-tls', defaultMode: 0o440 } },
    ]);

    const [dep] = docs('deployment.yaml');
    const server = dep.spec.template.spec.containers[0];
    for (const flag of [
      '--etcd-cafile=/var/run/apiserver/etcd-client/ca.crt',
      '--etcd-certfile=/var/run/apiserver/etcd-client/client.crt',
      '--etcd-keyfile=/var/run/apiserver/etcd-client/client.key',
    ]) {
      assert.ok(server.args.includes(flag), flag);
    }
    assert.deepEqual(dep.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'etcd-client').secret, {
      secretName: 'zoo-apiserver-etcd-client',
      defaultMode: 0o440,
    });

    const gen = docs('kustomization.yaml')[0].secretGenerator;
    assert.deepEqual(
      gen.map((g: { name: string; files: string[] }) => [g.name, g.files]),
      [
        ['zoo-apiserver-serving-cert', ['tls.crt=certificates/tls.crt', 'tls.key=certificates/tls.key']],
        [
          'zoo-apiserver-etcd-tls',
          ['ca.crt', 'server.crt', 'server.key', 'peer.crt', 'peer.key'].map((f) => `${f}=certificates/etcd/${f}`),
        ],
        ['zoo-apiserver-etcd-client', ['ca.crt', 'client.crt', 'client.key'].map((f) => `${f}=certificates/etcd/${f}`)],
      ],
    );
  });

  it('signs member certificates for every member name and a client certificate for the server, from a CA of its own', () => {
    const { tree } = generate(new Tree(), undefined, 'zoo-apiserver', 'registry.example.com/zoo:v1', PROJECT, { etcdReplicas: 3 });
    const cert = (f: string) => new X509Certificate(tree.read(`certificates/etcd/${f}.crt`)!);
    const ca = cert('ca');
    assert.notEqual(tree.read('certificates/etcd/ca.crt'), tree.read('certificates/ca.crt'), 'not the serving CA');
    for (const f of ['server', 'peer']) {
      const c = cert(f);
      assert.ok(c.checkIssued(ca) && c.verify(ca.publicKey));
      for (const i of [0, 1, 2])
        assert.match(c.subjectAltName ?? '', new RegExp(`DNS:zoo-apiserver-etcd-${i}\\.zoo-apiserver-etcd\\.zoo-system\\.svc(,|$)`));
      assert.deepEqual([...(c.keyUsage ?? [])].sort(), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'], `${f}: serverAuth and clientAuth`);
    }
    const client = cert('client');
    assert.ok(client.checkIssued(ca));
    assert.deepEqual(client.keyUsage, ['1.3.6.1.5.5.7.3.2'], 'clientAuth only');
    assert.equal(client.subjectAltName, undefined);
  });

  it('forms a cluster of 3 from stable pod names, started together, with a quorum kept through drains', () => {
    const { docs } = generate(new Tree(), undefined, 'zoo-apiserver', 'registry.example.com/zoo:v1', PROJECT, { etcdReplicas: 3 });
    const objs = docs('etcd.yaml');
    const sts = objs.find((o) => o.kind === 'StatefulSet');
    const svc = objs.find((o) => o.kind === 'Service');
    assert.equal(sts.spec.replicas, 3);
    assert.equal(sts.spec.podManagementPolicy, 'Parallel');
    assert.equal(sts.spec.serviceName, svc.metadata.name);
    assert.equal(svc.spec.clusterIP, 'None');
    assert.equal(svc.spec.publishNotReadyAddresses, true);
    const args: string[] = sts.spec.template.spec.containers[0].args;
    const host = (i: number) => `zoo-apiserver-etcd-${i}.zoo-apiserver-etcd.zoo-system.svc`;
    assert.ok(args.includes(`--initial-cluster=${[0, 1, 2].map((i) => `zoo-apiserver-etcd-${i}=https://${host(i)}:2380`).join(',')}`));
    assert.ok(args.includes('--initial-advertise-peer-urls=https://$(POD_NAME).zoo-apiserver-etcd.zoo-system.svc:2380'));
    assert.deepEqual(
      sts.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey,
      'kubernetes.io/hostname',
    );
    const pdb = objs.find((o) => o.kind === 'PodDisruptionBudget');
    assert.deepEqual(pdb.spec, { minAvailable: 2, selector: { matchLabels: SEL('etcd') } });
    const server = docs('deployment.yaml')[0].spec.template.spec.containers[0];
    assert.ok(server.args.includes(`--etcd-servers=${[0, 1, 2].map((i) => `https://${host(i)}:2379`).join(',')}`));
    assert.equal(
      generate()
        .docs('etcd.yaml')
        .filter((o) => o.kind === 'PodDisruptionBudget').length,
      0,
      'one member has no quorum to keep',
    );
  });

  it("lets only the server's pods reach etcd clients, and only members reach the peer port", () => {
    const policy = generate()
      .docs('etcd.yaml')
      .find((o) => o.kind === 'NetworkPolicy');
    assert.deepEqual(policy.spec, {
      podSelector: { matchLabels: SEL('etcd') },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: SEL('apiserver') } }], ports: [{ protocol: 'TCP', port: 2379 }] },
        { from: [{ podSelector: { matchLabels: SEL('etcd') } }], ports: [{ protocol: 'TCP', port: 2380 }] },
      ],
    });
  });

  it('uses no etcd certificate with --etcd-servers', () => {
    const { docs } = generate(new Tree(), 'https://etcd.example:2379');
    const server = docs('deployment.yaml')[0].spec.template.spec.containers[0];
    assert.deepEqual(
      server.args.filter((a: string) => a.startsWith('--etcd')),
      ['--etcd-servers=https://etcd.example:2379'],
    );
    assert.equal(docs('kustomization.yaml')[0].secretGenerator.length, 1);
  });
});

describe('images and container tools', () => {
  it('validates image references', () => {
    for (const ok of ['zoo', 'zoo:v1', '127.0.0.1:5000/zoo:v1', 'registry.example.com/team/zoo@sha256:' + 'a'.repeat(64), 'localhost/zoo'])
      validateImage(ok);
    for (const bad of ['Zoo', 'zoo:', 'reg.io/zoo:v 1', '-zoo', 'zoo:tag@sha256:xyz']) assert.throws(() => validateImage(bad), UserError);
    assert.equal(imageRegistry('127.0.0.1:5000/zoo:v1'), '127.0.0.1:5000');
    assert.equal(imageRegistry('library/zoo'), undefined);
  });

  it("speaks each tool's flags, and skips TLS verification only for loopback registries", () => {
    assert.ok(isLoopbackRegistry('127.0.0.1:5000/zoo:v1'));
    assert.ok(isLoopbackRegistry('localhost:5000/zoo'));
    assert.ok(!isLoopbackRegistry('registry.example.com/zoo'));
    assert.deepEqual(pushCommand('buildah', '127.0.0.1:5000/zoo:v1'), [
      'buildah',
      'push',
      '--tls-verify=false',
      '127.0.0.1:5000/zoo:v1',
      'docker://127.0.0.1:5000/zoo:v1',
    ]);
    assert.deepEqual(pushCommand('docker', '127.0.0.1:5000/zoo:v1'), ['docker', 'push', '127.0.0.1:5000/zoo:v1']);
    assert.deepEqual(pushCommand('podman', 'registry.example.com/zoo'), ['podman', 'push', 'registry.example.com/zoo']);
    assert.deepEqual(
      buildCommand('podman', { image: 'z', dockerfile: 'Dockerfile', context: '.', platform: 'linux/arm64', baseImage: 'scratch' }),
      ['podman', 'build', '--tag', 'z', '--file', 'Dockerfile', '--platform', 'linux/arm64', '--build-arg', 'BASE_IMAGE=scratch', '.'],
    );
  });
});
