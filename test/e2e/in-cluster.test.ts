import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { freePort } from '../../src/run/ports.js';
import { createCA, issueCert } from '../../src/certs/index.js';
import { ETCD_PORT } from '../../src/manifests/objects.js';
import { APIBOOT, apiboot, REPO_ROOT, sh, tempDir } from '../helpers/cli.js';
import { etcdRequest, startEtcdMembers } from '../helpers/etcd-members.js';
import { KubeApiserverBed } from '../helpers/kube-apiserver.js';
import { eventually, kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { clusterDnsHosts, type DataObject, type PodTemplate } from '../helpers/pod.js';
import { Node, ensurePodman, type RunningPod } from '../helpers/podman.js';
import { Processes } from '../helpers/processes.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * `build container`, `build config` and `run in-cluster` against a real test bed: buildah and a local registry, a
 * real kube-apiserver with its aggregation layer, and a real kubectl. No kubelet runs here, so the test plays the
 * node: it pulls the image `build container` pushed and runs it under podman with runc as the kubelet would run the
 * pod the API server holds (test/helpers/pod.ts): the Deployment's command, args, user, read-only root filesystem,
 * dropped capabilities, the Secret's files, an emptyDir, the ServiceAccount token and the probes; etcd likewise from
 * the StatefulSet, in an image of the project's own static etcd. The only changes: the pods share the host's network
 * on 127.0.0.1, and the generated Service is pointed there.
 */

const work = tempDir('incluster');
const project = join(work, 'zoo');
const procs = new Processes();
const bed = new KubeApiserverBed({ users: [{ name: 'alice' }, { name: 'bob' }] });
let k: Kubectl;
let kubectlBinary: string;
let registry = '';
let storageConf = '';
let node: Node;
/** The pods played for each namespace, to stop them before another config takes the same ports. */
const pods = new Map<string, RunningPod[]>();
/** cmd/controller-manager's Lease (LeaderElectionID): the zoo's Cat has a controller. */
const LEASE = 'zoo-controller-manager';
const APISERVICES = ['v1.animal.demo.io', 'v1.staff.demo.io', 'v1alpha1.animal.demo.io', 'v1alpha1.apps.demo.io', 'v1beta1.animal.demo.io'];

/** apiboot with buildah on a private vfs store, and the test bed's kubectl first on PATH. */
function toolEnv(): Record<string, string> {
  return { CONTAINERS_STORAGE_CONF: storageConf, PATH: `${join(kubectlBinary, '..')}:${process.env.PATH}` };
}

function docs(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
}

/** Objects of a kind in a namespace, as the API server holds them (what a kubelet and controllers work from). */
function objectsOf(kind: string, namespace: string): any[] {
  return JSON.parse(k.ok(['get', kind, '-n', namespace, '-o', 'json'])).items;
}

let etcdImage: string | undefined;
/**
 * The StatefulSet's etcd image cannot be pulled here: an image of the project's own etcd instead, built static from
 * its module graph into bin/etcd, FROM scratch with nothing but the binary on PATH (command, args, user and mounts
 * come from the manifest). Pushed to the local registry once per run; returns its name there.
 */
function etcdTestImage(): string {
  if (etcdImage) return etcdImage;
  sh('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', 'bin/etcd', 'go.etcd.io/etcd/server/v3'], {
    cwd: project,
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  const version = /etcd Version:\s*(\S+)/.exec(sh(join(project, 'bin/etcd'), ['--version']))![1];
  const context = join(work, 'etcd-image');
  mkdirSync(context, { recursive: true });
  copyFileSync(join(project, 'bin/etcd'), join(context, 'etcd'));
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY etcd /usr/local/bin/etcd\nENV PATH=/usr/local/bin\n');
  const image = `${registry}/etcd:v${version}-apiboot-test`;
  const env = { ...process.env, ...toolEnv() };
  sh('buildah', ['bud', '--isolation', 'chroot', '--tag', image, context], { env });
  sh('buildah', ['push', '--tls-verify=false', image, `docker://${image}`], { env });
  return (etcdImage = image);
}

/** What a node reads from the API server to run a pod of `namespace`: its Secrets, ServiceAccounts and cluster DNS names. */
function nodeView(namespace: string) {
  const secrets: Record<string, DataObject> = Object.fromEntries(objectsOf('secrets', namespace).map((o) => [o.metadata.name, o]));
  const serviceAccounts = Object.fromEntries(objectsOf('serviceaccounts', namespace).map((o) => [o.metadata.name, o]));
  const hosts = clusterDnsHosts([...objectsOf('services', namespace), ...objectsOf('statefulsets', namespace)]);
  return { secrets, serviceAccounts, hosts };
}

/** What the kubelet would ask for a pod's ServiceAccount: a token of its own, an hour long, and the cluster's CA. */
function podToken(serviceAccount: string, namespace: string): { token: string; caPem: string } {
  return { token: k.ok(['create', 'token', serviceAccount, '-n', namespace, '--duration=1h']).trim(), caPem: bed.caPem };
}

/** KUBERNETES_SERVICE_HOST and _PORT in every pod: the bed's kube-apiserver. */
const kubernetesService = () => ({ host: '127.0.0.1', port: Number(new URL(bed.server).port) });

const component = (o: any): string | undefined => o.metadata.labels?.['app.kubernetes.io/component'];

/**
 * Plays the pods of a config applied in `namespace`, as a node would run them: the etcd StatefulSet's pod (if the
 * config has one) and then one pod of the server's Deployment, each from its image under podman, from the objects the
 * API server holds, with the namespace's Secrets, a token of the pod's ServiceAccount, cluster DNS names on loopback,
 * and the kubelet's probes, which must pass. Then points the generated Service at the server, as before. The
 * controller manager's pods are played by startControllerPod.
 */
async function startPods(namespace: string): Promise<{ server: RunningPod; etcd?: RunningPod; dataDir?: string }> {
  const { secrets, serviceAccounts, hosts } = nodeView(namespace);
  const deployments = objectsOf('deployments', namespace).filter((d) => component(d) !== 'controller-manager');
  const [deployment, ...others] = deployments;
  const statefulSets = objectsOf('statefulsets', namespace);
  assert.ok(deployment && others.length === 0 && statefulSets.length <= 1, 'one Deployment of the server, at most one StatefulSet');
  const played: RunningPod[] = [];
  pods.set(namespace, played);
  const common = (template: PodTemplate, podName: string) => ({
    template,
    podName,
    namespace,
    secrets,
    hosts,
    podDir: join(work, 'pods', namespace, podName),
    serviceAccount: serviceAccounts[template.spec.serviceAccountName ?? 'default'],
  });

  let etcd: RunningPod | undefined;
  let dataDir: string | undefined;
  const [sts] = statefulSets;
  if (sts) {
    // Preloaded under the manifest's own image name, as if the node had it: imagePullPolicy IfNotPresent finds it.
    const image = etcdTestImage();
    node.pull(image);
    node.tag(image, sts.spec.template.spec.containers[0].image);
    const podName = `${sts.metadata.name}-0`;
    dataDir = join(work, 'claims', namespace, podName);
    mkdirSync(dataDir, { recursive: true });
    const claims = Object.fromEntries((sts.spec.volumeClaimTemplates ?? []).map((t: any) => [t.metadata.name, dataDir]));
    etcd = await node.run({ ...common(sts.spec.template, podName), claims });
    played.push(etcd);
    await etcd.probesPass();
  }

  const template: PodTemplate = deployment.spec.template;
  const server = await node.run({
    ...common(template, `${deployment.metadata.name}-0`),
    serviceAccountToken: podToken(template.spec.serviceAccountName!, namespace),
    kubernetes: kubernetesService(),
    // On a node 0.0.0.0 is the pod's own address; here the pod shares the host's network: listen on loopback only.
    extraArgs: ['--bind-address=127.0.0.1'],
  });
  played.push(server);
  pointServiceAtStandIn(deployment.metadata.name, namespace);
  return { server, etcd, dataDir };
}

/** A played pod of the controller manager, and the ServiceAccount token it was given. */
interface ControllerPod {
  pod: RunningPod;
  token: string;
}

/**
 * Plays one pod of the controller manager's Deployment as the API server holds it, under a token of the Deployment's
 * own ServiceAccount. On a node each pod has an address of its own; here the pods share the host's network, so each
 * gets free ports on 127.0.0.1 for its probes and metrics: the template's named ports and the two bind flags are the
 * only changes.
 */
async function startControllerPod(namespace: string, podName: string): Promise<ControllerPod> {
  const deployment = objectsOf('deployments', namespace).find((d) => component(d) === 'controller-manager');
  assert.ok(deployment, `the controller manager's Deployment in ${namespace}`);
  const { secrets, serviceAccounts, hosts } = nodeView(namespace);
  const template: PodTemplate = structuredClone(deployment.spec.template);
  const container = template.spec.containers[0]!;
  const metrics = await freePort();
  let probes = await freePort();
  while (probes === metrics) probes = await freePort();
  const ports: Record<string, number> = { metrics, probes };
  container.ports = container.ports!.map((p) => ({ ...p, containerPort: ports[p.name!]! }));
  const serviceAccountToken = podToken(template.spec.serviceAccountName!, namespace);
  const pod = await node.run({
    template,
    podName,
    namespace,
    secrets,
    hosts,
    podDir: join(work, 'pods', namespace, podName),
    serviceAccount: serviceAccounts[template.spec.serviceAccountName!],
    serviceAccountToken,
    kubernetes: kubernetesService(),
    extraArgs: [`--metrics-bind-address=127.0.0.1:${metrics}`, `--health-probe-bind-address=127.0.0.1:${probes}`],
  });
  if (!pods.has(namespace)) pods.set(namespace, []);
  pods.get(namespace)!.push(pod);
  return { pod, token: serviceAccountToken.token };
}

/** The controller manager's Lease in a namespace as the API server holds it; undefined before it exists. */
function controllerLease(namespace: string): any {
  return JSON.parse(k.ok(['get', 'leases', '-n', namespace, '--field-selector', `metadata.name=${LEASE}`, '-o', 'json'])).items[0];
}

async function stopPods(namespace: string): Promise<void> {
  for (const pod of (pods.get(namespace) ?? []).reverse()) await pod.stop();
  pods.delete(namespace);
}

/** A line of the container process's /proc status, such as Uid or CapEff: what the kernel enforces. */
function procStatus(pod: RunningPod, field: string): string {
  const status = readFileSync(`/proc/${pod.pid()}/status`, 'utf8');
  return new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(status)![1]!.trim();
}

/** The one manifest change: the generated Service, pointed at the pod on this machine's loopback. */
function pointServiceAtStandIn(name: string, namespace: string): void {
  k.ok([
    'patch',
    'service',
    name,
    '-n',
    namespace,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { type: 'ExternalName', externalName: 'localhost', selector: null } }),
  ]);
}

function available(): Record<string, string> {
  const out = JSON.parse(k.ok(['get', 'apiservices', ...APISERVICES, '-o', 'json']));
  return Object.fromEntries(
    out.items.map((a: any) => [a.metadata.name, a.status?.conditions?.find((c: any) => c.type === 'Available')?.status ?? 'none']),
  );
}

before(async () => {
  kubectlBinary = testbedTool('kubectl');
  sh('bash', [join(REPO_ROOT, 'test/testbed/ensure-buildah.sh')]);
  sh('bash', [join(REPO_ROOT, 'test/testbed/ensure-registry.sh')]);
  ensurePodman();
  node = new Node(join(work, 'node'));
  const port = await freePort();
  const pid = sh('bash', [join(REPO_ROOT, 'test/testbed/start-registry.sh'), String(port), join(work, 'registry')])
    .trim()
    .split('\n')
    .pop();
  procs.adopt(Number(pid));
  registry = `127.0.0.1:${port}`;
  storageConf = join(work, 'storage.conf');
  writeFileSync(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(work, 'containers/graph')}"\nrunroot = "${join(work, 'containers/run')}"\n`,
  );
  cpSync(join(REPO_ROOT, 'test/golden/zoo'), project, { recursive: true });
  await bed.start();
  k = kubectlFor(kubectlBinary, bed.kubeconfig);
});

after(async () => {
  await node?.stopAll();
  await procs.stopAll();
  await bed.stop();
  rmSync(join(work, 'containers'), { recursive: true, force: true });
  for (const dir of ['node', 'pods', 'claims']) rmSync(join(work, dir), { recursive: true, force: true });
});

describe('build container', () => {
  it('builds a static binary into an image on scratch, pushes it, and the registry lists it', async () => {
    const image = `${registry}/zoo:e2e`;
    const r = apiboot(
      ['build', 'container', '--image', image, '--tool', 'buildah', '--base-image', 'scratch', '--push'],
      project,
      toolEnv(),
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const catalog = JSON.parse(sh('curl', ['-sf', `http://${registry}/v2/_catalog`]));
    assert.deepEqual(catalog.repositories, ['zoo']);
    assert.deepEqual(JSON.parse(sh('curl', ['-sf', `http://${registry}/v2/zoo/tags/list`])).tags, ['e2e']);
    const user = sh('buildah', ['inspect', '--type', 'image', '--format', '{{.OCIv1.Config.User}}', image], {
      env: { ...process.env, ...toolEnv() },
    });
    assert.equal(user.trim(), '65532:65532', 'the image runs as the non-root user');
  });

  it('names the tools when the one asked for cannot build', () => {
    // A PATH with Go and no podman (the test bed installs podman to run the pod): a sentence, not a stack trace.
    const goBin = join(sh('go', ['env', 'GOROOT']).trim(), 'bin');
    const r = apiboot(['build', 'container', '--image', `${registry}/zoo:x`, '--tool', 'podman'], project, { PATH: goBin });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: podman was not found on PATH or does not run; install it, or pass --tool with another tool\.\n$/);
  });
});

describe('build config on a real kube-apiserver', () => {
  const config = () => join(project, 'config');

  it('writes manifests the kube-apiserver accepts, server-side dry run first, in a restricted namespace, without warnings', () => {
    const r = apiboot(
      ['build', 'config', '--name', 'zoo-apiserver', '--namespace', 'zoo-system', '--image', `${registry}/zoo:e2e`, '--replicas', '2'],
      project,
    );
    assert.equal(r.status, 0, r.stderr);
    const ns = k(['apply', '--server-side', '-f', join(config(), 'namespace.yaml')]);
    assert.equal(ns.status, 0, ns.stderr);
    assert.equal(
      JSON.parse(k.ok(['get', 'ns', 'zoo-system', '-o', 'json'])).metadata.labels['pod-security.kubernetes.io/enforce'],
      'restricted',
    );
    for (const dryRun of [['--dry-run=server'], []]) {
      const out = k(['apply', '--server-side', ...dryRun, '-k', config()]);
      assert.equal(out.status, 0, out.stderr);
      assert.doesNotMatch(out.stderr, /Warning|violate/i, `no warnings ${dryRun.join('')}`);
    }
    assert.equal(
      k.ok(['get', 'networkpolicy', 'zoo-apiserver-etcd', '-n', 'zoo-system', '-o', 'jsonpath={.spec.ingress[0].ports[0].port}']),
      '2379',
    );
    assert.equal(k.ok(['get', 'pdb', 'zoo-apiserver', '-n', 'zoo-system', '-o', 'jsonpath={.spec.minAvailable}']), '1');
  });

  it('leaves a namespace Kubernetes created as it was, and kubectl delete -k leaves its own namespace', () => {
    const before = JSON.parse(k.ok(['get', 'ns', 'kube-public', '-o', 'json'])).metadata.labels;
    const dir = join(work, 'config-kube-public');
    // A name of its own: the ClusterRole and bindings of zoo-apiserver serve the next tests.
    const r = apiboot(
      ['build', 'config', '--name', 'zoo-public', '--namespace', 'kube-public', '--image', `${registry}/zoo:e2e`, '--output', dir],
      project,
    );
    assert.equal(r.status, 0, r.stderr);
    k.ok(['apply', '--server-side', '-k', dir]);
    assert.deepEqual(JSON.parse(k.ok(['get', 'ns', 'kube-public', '-o', 'json'])).metadata.labels, before);
    // Deleting what a kustomization lists never touches a namespace (here no controller-manager would finish
    // deleting one: it would stay Terminating).
    const deleted = k.ok(['delete', '-k', dir, '--wait=false']);
    assert.match(deleted, /deployment\.apps "zoo-public" deleted/);
    assert.doesNotMatch(deleted, /^namespace/m);
    assert.equal(k.ok(['get', 'ns', 'kube-public', '-o', 'jsonpath={.status.phase}']), 'Active');
    // The APIServices are named by group version, so that deletion took the project's away: put them back.
    k.ok(['apply', '--server-side', '-k', config()]);
    const own = k.ok(['delete', '-k', config(), '--dry-run=server']);
    assert.match(own, /deployment\.apps "zoo-apiserver" deleted/);
    assert.doesNotMatch(own, /^namespace/m);
  });

  it('writes an etcd StatefulSet and a server Deployment whose pods pass the restricted Pod Security Standard', () => {
    const dir = join(work, 'config-with-etcd');
    const r = apiboot(
      [
        'build',
        'config',
        '--name',
        'zoo-apiserver',
        '--namespace',
        'zoo-psa',
        '--image',
        `${registry}/zoo:e2e`,
        '--output',
        dir,
        '--replicas',
        '3',
        '--etcd-replicas',
        '3',
      ],
      project,
    );
    assert.equal(r.status, 0, r.stderr);
    k.ok(['apply', '--server-side', '-f', join(dir, 'namespace.yaml')]);
    // The ServiceAccounts first: pods name them, and nothing else creates them without a controller-manager.
    k.ok(['apply', '--server-side', '-f', join(dir, 'rbac.yaml'), '-f', join(dir, 'etcd.yaml'), '--dry-run=server']);
    k.ok(['create', 'serviceaccount', 'zoo-apiserver', '-n', 'zoo-psa']);
    k.ok(['create', 'serviceaccount', 'zoo-apiserver-etcd', '-n', 'zoo-psa']);
    k.ok(['create', 'serviceaccount', 'zoo-apiserver-controller', '-n', 'zoo-psa']);
    const out = k(['apply', '--server-side', '--dry-run=server', '-k', dir]);
    assert.equal(out.status, 0, out.stderr);
    assert.doesNotMatch(out.stderr, /Warning|violate/i);
    for (const o of [
      'networkpolicy.networking.k8s.io/zoo-apiserver-etcd',
      'poddisruptionbudget.policy/zoo-apiserver-etcd',
      'poddisruptionbudget.policy/zoo-apiserver',
      'statefulset.apps/zoo-apiserver-etcd',
    ]) {
      assert.match(out.stdout, new RegExp(`^${o.replaceAll('.', '\\.')} serverside-applied \\(server dry run\\)$`, 'm'));
    }
    // Enforcement applies to pods: build each pod the workloads would create and ask the server to admit it.
    const workloads = [
      ...docs(join(dir, 'deployment.yaml')),
      ...docs(join(dir, 'etcd.yaml')),
      ...docs(join(dir, 'controller.yaml')),
    ].filter((o) => o.spec?.template);
    assert.deepEqual(
      workloads.map((w) => w.metadata.name),
      ['zoo-apiserver', 'zoo-apiserver-etcd', 'zoo-apiserver-controller'],
    );
    for (const w of workloads) {
      const spec = { ...w.spec.template.spec };
      // Secrets come from kustomize's generator (hashed names) and claims from the StatefulSet: empty folders stand in.
      spec.volumes = (spec.volumes ?? []).map((v: any) => (v.secret ? { name: v.name, emptyDir: {} } : v));
      if (w.kind === 'StatefulSet') spec.volumes.push({ name: 'data', emptyDir: {} });
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${w.metadata.name}-check`, namespace: 'zoo-psa', labels: w.spec.template.metadata.labels },
        spec,
      };
      const res = k(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
      assert.equal(res.status, 0, `${w.kind} pod refused:\n${res.stderr}`);
      assert.doesNotMatch(res.stderr, /Warning|violate/i);
    }
  });

  it('runs etcd and the server from their images as the manifests say; the probes pass, then every APIService is Available through its caBundle', async () => {
    const { server, etcd } = await startPods('zoo-system');
    // The kernel's view of the server's process: the manifest's user and group, no capabilities, no new privileges.
    assert.equal(procStatus(server, 'Uid').split(/\s+/)[0], '65532');
    assert.equal(procStatus(server, 'Gid').split(/\s+/)[0], '65532');
    assert.match(procStatus(server, 'Groups'), /\b65532\b/, 'fsGroup is a supplementary group');
    assert.equal(procStatus(server, 'CapEff'), '0000000000000000');
    assert.equal(procStatus(server, 'NoNewPrivs'), '1');
    assert.equal(procStatus(server, 'Seccomp'), '2', 'RuntimeDefault: a seccomp filter');
    assert.equal(procStatus(etcd!, 'Uid').split(/\s+/)[0], '65532');
    // The Deployment's probes, as the kubelet makes them, before anything is expected of the aggregator.
    await server.probesPass();
    for (const kind of ['liveness', 'readiness'] as const) {
      const r = await server.probe(kind);
      assert.ok(r.ok, `${kind}: ${r.detail}`);
      assert.match(r.detail, /^HTTP 200 from https:\/\/127\.0\.0\.1:8443\/(livez|readyz)$/);
    }
    await eventually(
      () => Object.values(available()).every((s) => s === 'True'),
      60_000,
      `APIServices Available (server log: ${server.log().slice(-2000)})`,
    );
    const apiservice = JSON.parse(k.ok(['get', 'apiservice', 'v1alpha1.animal.demo.io', '-o', 'json']));
    assert.equal(apiservice.spec.insecureSkipTLSVerify, undefined);
    assert.ok(apiservice.spec.caBundle);
    const versions = k.ok(['api-versions']);
    for (const gv of ['animal.demo.io/v1alpha1', 'animal.demo.io/v1beta1', 'animal.demo.io/v1', 'staff.demo.io/v1'])
      assert.match(versions, new RegExp(`^${gv}$`, 'm'));
  });

  it('serves Dog in v1beta1 and v1 through the aggregator, and kubectl uses the preferred v1', () => {
    // The APIService priorities follow stability, as the server's own discovery does.
    const priority = (name: string) => JSON.parse(k.ok(['get', 'apiservice', name, '-o', 'json'])).spec.versionPriority as number;
    assert.ok(priority('v1.animal.demo.io') > priority('v1beta1.animal.demo.io'), 'v1 outranks v1beta1');
    assert.ok(priority('v1beta1.animal.demo.io') > priority('v1alpha1.animal.demo.io'), 'v1beta1 outranks v1alpha1');
    const group = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io']));
    assert.equal(group.preferredVersion.version, 'v1');
    k.ok(
      ['create', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1beta1","kind":"Dog","metadata":{"name":"rex","namespace":"default"},"spec":{"name":"Rex"}}',
    );
    const viaDefault = JSON.parse(k.ok(['get', 'dogs', 'rex', '-n', 'default', '-o', 'json']));
    assert.equal(viaDefault.apiVersion, 'animal.demo.io/v1', 'kubectl get dogs reads the preferred version');
    assert.equal(viaDefault.spec.replicas, 1, 'defaulted in the version it was written in');
    const viaBeta = JSON.parse(k.ok(['get', 'dogs.v1beta1.animal.demo.io', 'rex', '-n', 'default', '-o', 'json']));
    assert.deepEqual([viaBeta.apiVersion, viaBeta.spec.name], ['animal.demo.io/v1beta1', 'Rex']);
    k.ok(['delete', 'dogs.v1.animal.demo.io', 'rex', '-n', 'default']);
  });

  it("etcd asks every client for a certificate of its own CA: the server's gets in, none or another CA's is refused", async () => {
    // The etcd pod started above, from the StatefulSet, on this machine's network; its certificate carries 127.0.0.1.
    const pki = (f: string) => readFileSync(join(config(), 'certificates/etcd', f), 'utf8');
    const ca = pki('ca.crt');
    const url = `https://127.0.0.1:${ETCD_PORT}`;
    const put = { key: Buffer.from('probe').toString('base64'), value: Buffer.from('x').toString('base64') };
    const ok = await etcdRequest(url, '/v3/kv/put', put, { ca, cert: pki('client.crt'), key: pki('client.key') });
    assert.equal(ok.status, 200, ok.body);
    await assert.rejects(etcdRequest(url, '/v3/kv/put', put, { ca }), /alert|certificate|handshake|socket hang up|ECONNRESET/i);
    const stranger = issueCert(createCA('stranger-ca'), { commonName: 'zoo-apiserver', usage: 'client', validityDays: 1 });
    await assert.rejects(
      etcdRequest(url, '/v3/kv/range', { key: put.key }, { ca, cert: stranger.certPem, key: stranger.keyPem }),
      /alert|certificate|handshake|socket hang up|ECONNRESET/i,
    );
    // Plain HTTP on the client port gets nothing either.
    const plain = await fetch(`http://127.0.0.1:${ETCD_PORT}/health`).then(
      (r) => r.status,
      () => 0,
    );
    assert.notEqual(plain, 200);
  });

  it('forms a 3-member etcd cluster over TLS from the generated StatefulSet, peers verified by their certificates', async () => {
    // Three members cannot share one host network's ports: these run the test bed's etcd with the manifest's
    // arguments, each address moved to a port of its own on 127.0.0.1 (test/helpers/etcd-members.ts).
    const dir = join(work, 'config-with-etcd');
    const members = await startEtcdMembers(procs, dir);
    const pki = (f: string) => readFileSync(join(dir, 'certificates/etcd', f), 'utf8');
    const tls = { ca: pki('ca.crt'), cert: pki('client.crt'), key: pki('client.key') };
    const list = JSON.parse((await etcdRequest(members.clientURLs[0]!, '/v3/cluster/member/list', {}, tls)).body);
    assert.deepEqual(list.members.map((m: any) => m.name).sort(), ['zoo-apiserver-etcd-0', 'zoo-apiserver-etcd-1', 'zoo-apiserver-etcd-2']);
    const key = Buffer.from('replicated').toString('base64');
    assert.equal(
      (await etcdRequest(members.clientURLs[0]!, '/v3/kv/put', { key, value: Buffer.from('yes').toString('base64') }, tls)).status,
      200,
    );
    const read = JSON.parse((await etcdRequest(members.clientURLs[2]!, '/v3/kv/range', { key }, tls)).body);
    assert.equal(Buffer.from(read.kvs[0].value, 'base64').toString(), 'yes', 'a write on one member is read on another');
    await assert.rejects(
      etcdRequest(members.clientURLs[1]!, '/v3/kv/range', { key }, { ca: tls.ca }),
      /alert|certificate|handshake|socket hang up|ECONNRESET/i,
    );
    for (const p of members.processes) await procs.stop(p);
  });

  it("serves deployments/compositions from real Deployments, one or * for all of a namespace or of every one, read with the server's own credentials for users who may read them", async () => {
    const path = '/apis/apps.demo.io/v1alpha1/namespaces/default/deployments';
    k.ok(['create', 'deployment', 'web', '-n', 'default', '--image=registry.k8s.io/pause:3.10', '--replicas=3']);
    const deployment = JSON.parse(k.ok(['get', 'deployment', 'web', '-n', 'default', '-o', 'json']));
    let composition = JSON.parse(k.ok(['get', '--raw', `${path}/web/compositions`]));
    assert.deepEqual(
      [composition.kind, composition.metadata.name, composition.metadata.uid, composition.status.replicas],
      ['DeploymentComposition', 'web', deployment.metadata.uid, 3],
    );
    k.ok(['scale', 'deployment', 'web', '-n', 'default', '--replicas=5']);
    composition = JSON.parse(k.ok(['get', '--raw', `${path}/web/compositions`]));
    assert.equal(composition.status.replicas, 5, 'each GET reads the Deployment as it is now');
    assert.match(k(['get', '--raw', `${path}/nope/compositions`]).stderr, /NotFound.*deployments\.apps "nope" not found/);

    // The name * reads every Deployment of the namespace with one list; without a namespace, of every namespace.
    k.ok(['create', 'deployment', 'api', '-n', 'default', '--image=registry.k8s.io/pause:3.10', '--replicas=2']);
    k.ok(['create', 'namespace', 'shop']);
    k.ok(['create', 'deployment', 'cart', '-n', 'shop', '--image=registry.k8s.io/pause:3.10', '--replicas=1']);
    const summary = (list: any) => list.items.map((c: any) => `${c.metadata.namespace}/${c.metadata.name}=${c.status.replicas}`).sort();
    const inDefault = JSON.parse(k.ok(['get', '--raw', `${path}/*/compositions`]));
    assert.equal(inDefault.kind, 'DeploymentCompositionList');
    assert.equal(inDefault.apiVersion, 'apps.demo.io/v1alpha1');
    assert.deepEqual(summary(inDefault), ['default/api=2', 'default/web=5']);
    const everywhere = JSON.parse(k.ok(['get', '--raw', '/apis/apps.demo.io/v1alpha1/deployments/*/compositions']));
    assert.equal(everywhere.kind, 'DeploymentCompositionList');
    const all = JSON.parse(k.ok(['get', 'deployments', '-A', '-o', 'json'])).items;
    assert.deepEqual(
      summary(everywhere),
      summary({ items: all.map((d: any) => ({ metadata: d.metadata, status: { replicas: d.spec.replicas } })) }),
    );
    for (const d of ['default/api=2', 'default/web=5', 'shop/cart=1'])
      assert.ok(summary(everywhere).includes(d), `${d} in ${summary(everywhere)}`);
    // The added route is in the OpenAPI, with the list as its response.
    const openapi = JSON.parse(k.ok(['get', '--raw', '/openapi/v3/apis/apps.demo.io/v1alpha1']));
    assert.match(
      JSON.stringify(openapi.paths['/apis/apps.demo.io/v1alpha1/deployments/{name}/compositions']?.get ?? {}),
      /DeploymentCompositionList/,
    );
    assert.match(
      k(['get', '--raw', '/apis/apps.demo.io/v1alpha1/deployments/web/compositions']).stderr,
      /BadRequest.*a Deployment is named within a namespace/,
    );
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/apps.demo.io/v1alpha1']));
    assert.deepEqual(discovery.resources.map((r: any) => [r.name, r.verbs]).sort(), [
      ['deployments', []],
      ['deployments/compositions', ['get']],
    ]);
    // Kubernetes still resolves "deployments" to apps/v1: the stand-in parent serves no verb.
    assert.match(k.ok(['get', 'deployments', '-n', 'default']), /^web\s/m);

    // RBAC grants the subresource in the project's group; the Deployment itself stays out of reach.
    const bob = kubectlFor(kubectlBinary, bed.kubeconfigForToken(bed.user('bob').token, 'bob'));
    assert.match(
      bob(['get', '--raw', `${path}/web/compositions`]).stderr,
      /User "bob" cannot get resource "deployments\/compositions" in API group "apps\.demo\.io"/,
    );
    k.ok(['create', 'role', 'composition-reader', '-n', 'default', '--verb=get', '--resource=deployments.apps.demo.io/compositions']);
    k.ok(['create', 'rolebinding', 'bob-composition-reader', '-n', 'default', '--role=composition-reader', '--user=bob']);
    // The server reads Deployments with its own credentials, so it first asks the kube-apiserver (a
    // SubjectAccessReview) whether bob may get the one named, or list them for *: bob learns nothing of
    // Deployments he may not read.
    assert.match(bob(['get', 'deployment', 'web', '-n', 'default']).stderr, /Forbidden/);
    await eventually(
      () =>
        /User "bob" cannot get resource "deployments" in API group "apps" in the namespace "default"/.test(
          bob(['get', '--raw', `${path}/web/compositions`]).stderr,
        ),
      45_000,
      'bob to be refused the compositions of a Deployment he may not get',
    );
    assert.doesNotMatch(bob(['get', '--raw', `${path}/web/compositions`]).stdout, new RegExp(deployment.metadata.uid));
    const refusedList = bob(['get', '--raw', `${path}/*/compositions`]);
    assert.match(refusedList.stderr, /User "bob" cannot list resource "deployments" in API group "apps" in the namespace "default"/);
    assert.doesNotMatch(refusedList.stdout, /DeploymentCompositionList/);
    // get alone lets bob read one composition, not * (which lists).
    k.ok(['create', 'role', 'deployment-reader', '-n', 'default', '--verb=get', '--resource=deployments.apps']);
    k.ok(['create', 'rolebinding', 'bob-deployment-reader', '-n', 'default', '--role=deployment-reader', '--user=bob']);
    await eventually(() => bob(['get', '--raw', `${path}/web/compositions`]).status === 0, 45_000, 'bob to read compositions');
    assert.equal(JSON.parse(bob(['get', '--raw', `${path}/web/compositions`]).stdout).metadata.uid, deployment.metadata.uid);
    assert.match(
      bob(['get', '--raw', `${path}/*/compositions`]).stderr,
      /User "bob" cannot list resource "deployments" in API group "apps" in the namespace "default"/,
    );
    k.ok(['create', 'role', 'deployment-lister', '-n', 'default', '--verb=list', '--resource=deployments.apps']);
    k.ok(['create', 'rolebinding', 'bob-deployment-lister', '-n', 'default', '--role=deployment-lister', '--user=bob']);
    await eventually(
      () => bob(['get', '--raw', `${path}/*/compositions`]).status === 0,
      45_000,
      'bob to read the compositions of every Deployment of default',
    );
    assert.deepEqual(summary(JSON.parse(bob(['get', '--raw', `${path}/*/compositions`]).stdout)), ['default/api=2', 'default/web=5']);
    // A RoleBinding grants * in its namespace; the all-namespaces form needs get at the cluster scope.
    assert.match(
      bob(['get', '--raw', '/apis/apps.demo.io/v1alpha1/deployments/*/compositions']).stderr,
      /User "bob" cannot get resource "deployments\/compositions" in API group "apps\.demo\.io" at the cluster scope/,
    );
    assert.match(
      bob(['get', '--raw', '/apis/apps.demo.io/v1alpha1/namespaces/shop/deployments/*/compositions']).stderr,
      /cannot get resource "deployments\/compositions".* in the namespace "shop"/,
    );
    // Granted the subresource everywhere, bob still reads only the Deployments he may list: list in default
    // is not list across all namespaces, nor in shop.
    k.ok(['create', 'clusterrole', 'composition-reader', '--verb=get', '--resource=deployments.apps.demo.io/compositions']);
    k.ok(['create', 'clusterrolebinding', 'bob-composition-reader', '--clusterrole=composition-reader', '--user=bob']);
    await eventually(
      () =>
        /User "bob" cannot list resource "deployments" in API group "apps" at the cluster scope/.test(
          bob(['get', '--raw', '/apis/apps.demo.io/v1alpha1/deployments/*/compositions']).stderr,
        ),
      45_000,
      'bob to be refused the compositions of every namespace',
    );
    assert.match(
      bob(['get', '--raw', '/apis/apps.demo.io/v1alpha1/namespaces/shop/deployments/*/compositions']).stderr,
      /User "bob" cannot list resource "deployments" in API group "apps" in the namespace "shop"/,
    );
    k.ok(['delete', 'clusterrolebinding', 'bob-composition-reader']);
    k.ok(['delete', 'clusterrole', 'composition-reader']);

    // Without the generated rule on apps deployments, the server says what it lacks, and does not blame the client.
    const role = JSON.parse(k.ok(['get', 'clusterrole', 'zoo-apiserver', '-o', 'json']));
    assert.ok(
      role.rules.some(
        (r: any) => r.apiGroups[0] === 'apps' && r.resources.includes('deployments') && r.verbs.includes('get') && r.verbs.includes('list'),
      ),
    );
    role.rules = role.rules.filter((r: any) => r.apiGroups[0] !== 'apps');
    k.ok(['replace', '-f', '-'], JSON.stringify(role));
    await eventually(
      () => /InternalError.*ClusterRole needs get on deployments in apps/s.test(k(['get', '--raw', `${path}/web/compositions`]).stderr),
      45_000,
      'the missing rule to be named',
    );
    assert.match(
      k(['get', '--raw', `${path}/*/compositions`]).stderr,
      /InternalError.*cannot list deployments\.apps in namespace default.*ClusterRole needs list on deployments in apps/s,
    );
    k.ok(['apply', '--server-side', '--force-conflicts', '-k', config()]);
    await eventually(() => k(['get', '--raw', `${path}/web/compositions`]).status === 0, 45_000, 'compositions to work again');
    await eventually(
      () => k(['get', '--raw', '/apis/apps.demo.io/v1alpha1/deployments/*/compositions']).status === 0,
      45_000,
      'the list across namespaces to work again',
    );
  });

  it("serves Sightings, a handler kind, from real pods read through an informer with the server's own credentials, to a controller-runtime cache through the aggregator", async () => {
    // No kubelet runs here: the pods stay Pending, which is what the handler reports. No controller-manager either,
    // so the default ServiceAccount the pods run as is made by hand (AlreadyExists is fine).
    k(['create', 'serviceaccount', 'default', '-n', 'default']);
    for (const [name, app] of [
      ['owl', 'birds'],
      ['hawk', 'birds'],
      ['fox', 'mammals'],
    ] as const) {
      k.ok(['run', name, '-n', 'default', '--image=registry.k8s.io/pause:3.10', `--labels=app=${app}`]);
    }
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io/v1alpha1']));
    assert.deepEqual(discovery.resources.find((r: any) => r.name === 'sightings')?.verbs, ['create', 'delete', 'get', 'list', 'watch']);
    const table = k.ok(['get', 'sightings', '-n', 'default']);
    assert.match(table, /^NAME\s+PHASE\s+READY\s+RESTARTS\s+AGE\n/);
    for (const name of ['owl', 'hawk', 'fox']) assert.match(table, new RegExp(`^${name}\\s+Pending\\s+0/1\\s+0\\s`, 'm'));
    assert.equal(
      k.ok(['get', 'sightings', '-n', 'default', '-l', 'app=birds', '-o', 'name']),
      'sighting.animal.demo.io/hawk\nsighting.animal.demo.io/owl\n',
    );
    const owl = JSON.parse(k.ok(['get', 'sighting', 'owl', '-n', 'default', '-o', 'json']));
    const pod = JSON.parse(k.ok(['get', 'pod', 'owl', '-n', 'default', '-o', 'json']));
    assert.deepEqual(
      [owl.kind, owl.metadata.labels, owl.metadata.creationTimestamp, owl.status.phase],
      ['Sighting', pod.metadata.labels, pod.metadata.creationTimestamp, 'Pending'],
    );
    assert.match(k(['get', 'sighting', 'nope', '-n', 'default']).stderr, /NotFound.*sightings\.animal\.demo\.io "nope" not found/);

    // The server reads pods through one informer, under the rule the ClusterRole grants for it.
    const role = JSON.parse(k.ok(['get', 'clusterrole', 'zoo-apiserver', '-o', 'json']));
    assert.ok(
      role.rules.some(
        (r: any) => r.apiGroups[0] === '' && r.resources.includes('pods') && ['get', 'list', 'watch'].every((v) => r.verbs.includes(v)),
      ),
    );

    // A controller-runtime cache, what a controller reads from, watches Sightings through the aggregation layer:
    // it syncs (a streaming list that ends with the initial-events-end bookmark), then sees a Sighting appear when
    // its pod is created and change when the pod's labels do.
    const dir = join(project, 'hack/handler-watch');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(REPO_ROOT, 'test/e2e/fixtures/handler-watch/main.go'), join(dir, 'main.go'));
    sh('go', ['build', '-o', join(project, 'bin/handler-watch'), './hack/handler-watch'], { cwd: project });
    const watcher = spawn(join(project, 'bin/handler-watch'), [bed.kubeconfig], { stdio: ['pipe', 'pipe', 'pipe'] });
    let seen = '';
    watcher.stdout.on('data', (d) => (seen += String(d)));
    watcher.stderr.on('data', (d) => (seen += String(d)));
    // What the watcher printed, when it did not see what was expected in time.
    const watching = async (pattern: RegExp, what: string) => {
      try {
        await eventually(() => pattern.test(seen), 30_000, what);
      } catch (e) {
        throw new Error(`${(e as Error).message}; the watcher printed:\n${seen}`, { cause: e });
      }
    };
    try {
      await watching(/^synced$/m, 'the cache of sightings to sync');
      assert.match(seen, /^added owl$/m);
      k.ok(['run', 'heron', '-n', 'default', '--image=registry.k8s.io/pause:3.10', '--labels=app=birds']);
      await watching(/^added heron$/m, 'the new Sighting heron to be seen');
      k.ok(['label', 'pod', 'heron', '-n', 'default', 'seen=twice']);
      await watching(/^changed heron map\[app:birds seen:twice\]$/m, "heron's change to be seen");
    } finally {
      watcher.stdin.end();
      watcher.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
    k.ok(['delete', 'pod', 'heron', '-n', 'default', '--wait=false']);
    k.ok(['delete', 'pod', 'owl', 'hawk', 'fox', '-n', 'default', '--wait=false']);
  });

  it('creates, gets, lists, updates and deletes a Cat through the kube-apiserver', () => {
    k.ok(
      ['create', '-n', 'default', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"tom"},"spec":{"name":"Tom"}}',
    );
    assert.equal(k.ok(['get', 'cat', 'tom', '-n', 'default', '-o', 'jsonpath={.spec.name}']), 'Tom');
    assert.match(k.ok(['get', 'cats', '-A']), /^default\s+tom\s/m);
    k.ok(['patch', 'cat', 'tom', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"replicas":3}}']);
    assert.equal(k.ok(['get', 'cat', 'tom', '-n', 'default', '-o', 'jsonpath={.spec.replicas}']), '3');
    // A full update (PUT) of the object as read, with one field changed.
    const current = JSON.parse(k.ok(['get', 'cat', 'tom', '-n', 'default', '-o', 'json']));
    current.spec.name = 'Thomas';
    k.ok(['replace', '-f', '-'], JSON.stringify(current));
    assert.equal(k.ok(['get', 'cat', 'tom', '-n', 'default', '-o', 'jsonpath={.spec.name}']), 'Thomas');
    k.ok(['delete', 'cat', 'tom', '-n', 'default']);
    assert.match(k(['get', 'cat', 'tom', '-n', 'default']).stderr, /NotFound/);
    k.ok(
      ['create', '-n', 'default', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"felix"},"spec":{"name":"Felix"}}',
    );
    // The Cats live in the etcd of the StatefulSet's pod: its claim holds the member's data, written as uid 65532.
    const member = join(work, 'claims', 'zoo-system', 'zoo-apiserver-etcd-0', 'data', 'member');
    assert.ok(existsSync(join(member, 'snap', 'db')) && readdirSync(join(member, 'wal')).length > 0, `etcd data in ${member}`);
  });

  it('serves the generated typed clientset, informer, lister and apply configurations through the aggregation layer', () => {
    // The program of the local e2e, run with the kube-apiserver's kubeconfig: every request, the informer's list and
    // watch included, goes through the aggregator to the server's pod.
    k.ok(['create', 'namespace', 'typed']);
    const dir = join(project, 'hack/typed-client');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(REPO_ROOT, 'test/e2e/fixtures/typed-client/main.go'), join(dir, 'main.go'));
    try {
      const out = sh('go', ['run', './hack/typed-client', bed.kubeconfig], { cwd: project });
      // Sightings are computed from the pods of default, whichever run here; the list itself must have worked.
      const facts = out.split('\n').filter((line) => !line.startsWith('sighting '));
      assert.deepEqual(facts, [
        'created mochi replicas 1',
        'listed 1',
        'lister Mochi',
        'watched replicas 3',
        'status Typed',
        'applied replicas 5',
        'deleted',
        '',
      ]);
      assert.match(k(['get', 'cat', 'mochi', '-n', 'typed']).stderr, /NotFound/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      k(['delete', 'namespace', 'typed', '--wait=false']);
    }
  });

  it('refuses a create with 403 to a user whose Role allows only get', () => {
    k.ok(['create', 'role', 'cat-reader', '-n', 'default', '--verb=get', '--resource=cats.animal.demo.io']);
    k.ok(['create', 'rolebinding', 'alice-cat-reader', '-n', 'default', '--role=cat-reader', '--user=alice']);
    const alice = kubectlFor(kubectlBinary, bed.kubeconfigForToken(bed.user('alice').token, 'alice'));
    assert.equal(alice.ok(['get', 'cat', 'felix', '-n', 'default', '-o', 'jsonpath={.metadata.name}']), 'felix');
    const create = alice(
      ['create', '-v=6', '-n', 'default', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"nope"},"spec":{"name":"Nope"}}',
    );
    assert.notEqual(create.status, 0);
    assert.match(create.stderr, /403 Forbidden/);
    assert.match(create.stderr, /User "alice" cannot create resource "cats"/);
  });

  it('needs the generated auth-delegator binding: without it requests fail, with it they work again', async () => {
    const alice = kubectlFor(kubectlBinary, bed.kubeconfigForToken(bed.user('alice').token, 'alice'));
    k.ok(['delete', 'clusterrolebinding', 'zoo-apiserver:system:auth-delegator']);
    // The server caches allow decisions for 10 s.
    await eventually(
      () => /subjectaccessreviews|InternalError|Forbidden/.test(alice(['get', 'cat', 'felix', '-n', 'default']).stderr),
      45_000,
      'alice to be refused',
    );
    k.ok(['apply', '--server-side', '-k', config()]);
    await eventually(() => alice(['get', 'cat', 'felix', '-n', 'default']).status === 0, 45_000, 'alice to get felix again');
  });
});

describe('the controller manager in the cluster', () => {
  // The config of 'build config on a real kube-apiserver', applied in zoo-system, whose server and etcd pods run.
  const ns = 'zoo-system';
  const sa = 'zoo-apiserver-controller';
  let first: ControllerPod;
  let second: ControllerPod;
  const holder = () => controllerLease(ns)?.spec?.holderIdentity ?? '';
  const cat = (name: string) => JSON.parse(k.ok(['get', 'cat', name, '-n', 'default', '-o', 'json']));
  /** Ready at the Cat's current generation, and status.observedGeneration the same: the controller saw this spec. */
  const reconciledAt = (name: string, generation: number) => {
    const c = cat(name);
    const ready = c.status?.conditions?.find((x: any) => x.type === 'Ready');
    return (
      c.metadata.generation === generation &&
      c.status?.observedGeneration === generation &&
      ready?.status === 'True' &&
      ready.observedGeneration === generation
    );
  };
  const applyCat = (name: string, spec: object) =>
    k.ok(
      ['apply', '--server-side', '--field-manager=e2e', '-f', '-'],
      JSON.stringify({ apiVersion: 'animal.demo.io/v1alpha1', kind: 'Cat', metadata: { name, namespace: 'default' }, spec }),
    );

  it('runs from its Deployment with a token of its own ServiceAccount: the probes pass and it takes the Lease', async () => {
    const started = Date.now();
    first = await startControllerPod(ns, 'zoo-apiserver-controller-6c9f7d5b4-first');
    const { pod } = first;
    assert.equal(procStatus(pod, 'Uid').split(/\s+/)[0], '65532');
    assert.equal(procStatus(pod, 'CapEff'), '0000000000000000');
    assert.equal(procStatus(pod, 'NoNewPrivs'), '1');
    assert.equal(procStatus(pod, 'Seccomp'), '2', 'RuntimeDefault: a seccomp filter');
    await pod.probesPass();
    for (const kind of ['liveness', 'readiness'] as const) {
      const r = await pod.probe(kind);
      assert.ok(r.ok, `${kind}: ${r.detail}`);
      assert.match(r.detail, /^HTTP 200 from http:\/\/127\.0\.0\.1:\d+\/(healthz|readyz)$/);
    }
    // The token the pod was given is the ServiceAccount's, and nothing else in the pod could authenticate it.
    const whoami = kubectlFor(kubectlBinary, bed.kubeconfigForToken(first.token, sa));
    assert.equal(JSON.parse(whoami.ok(['auth', 'whoami', '-o', 'json'])).status.userInfo.username, `system:serviceaccount:${ns}:${sa}`);
    // The Lease of --leader-election-namespace, held by this pod (client-go names the holder HOSTNAME_UUID), and renewed.
    await eventually(
      () => holder().startsWith(`${pod.podName}_`),
      60_000,
      `the first pod to hold the Lease (log: ${pod.log().slice(-2000)})`,
    );
    const lease = controllerLease(ns);
    assert.equal(lease.metadata.namespace, ns);
    assert.ok(lease.spec.leaseDurationSeconds > 0);
    await eventually(() => controllerLease(ns).spec.renewTime !== lease.spec.renewTime, 15_000, 'the holder to renew the Lease');
    assert.match(pod.log(), new RegExp(`"msg":"Successfully acquired lease","lock":"${ns}/${LEASE}"`));
    // Leader election's Event about the Lease, recorded with the Role in its namespace.
    await eventually(
      () =>
        JSON.parse(
          k.ok(['get', 'events', '-n', ns, '--field-selector', `involvedObject.kind=Lease,involvedObject.name=${LEASE}`, '-o', 'json']),
        ).items.some((e: any) => e.reason === 'LeaderElection' && e.message === `${holder()} became leader`),
      30_000,
      'the LeaderElection Event',
    );
    console.log(`# controller pod started, probes passed, Lease taken in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it('reconciles a Cat applied through the aggregation layer: Ready at each generation, and an Event in the kube-apiserver', async () => {
    applyCat('whiskers', { name: 'Whiskers' });
    await eventually(
      () => reconciledAt('whiskers', 1),
      60_000,
      `whiskers to be Ready at generation 1 (log: ${first.pod.log().slice(-2000)})`,
    );
    applyCat('whiskers', { name: 'Whiskers', replicas: 2 });
    assert.equal(cat('whiskers').metadata.generation, 2, 'a change of spec is a new generation');
    await eventually(() => reconciledAt('whiskers', 2), 60_000, 'whiskers to be Ready at generation 2');
    // The Event the reconciler records (events.k8s.io/v1), as the kube-apiserver stores it and kubectl shows it.
    const events = () =>
      JSON.parse(k.ok(['get', 'events.v1.events.k8s.io', '-n', 'default', '-o', 'json'])).items.filter(
        (e: any) => e.regarding?.kind === 'Cat' && e.regarding?.name === 'whiskers',
      );
    await eventually(() => events().some((e: any) => e.note === 'Reconciled generation 2'), 30_000, 'the Event of generation 2');
    const event = events().find((e: any) => e.note === 'Reconciled generation 2');
    assert.deepEqual(
      [event.type, event.reason, event.action, event.reportingController, event.regarding.apiVersion, event.regarding.uid],
      ['Normal', 'Reconciled', 'Reconcile', 'cat-controller', 'animal.demo.io/v1alpha1', cat('whiskers').metadata.uid],
    );
    assert.match(k.ok(['get', 'events', '-n', 'default']), /Normal\s+Reconciled\s+cat\/whiskers\s+Reconciled generation 1\n/);
    // Nothing it tried was refused: leader election, its cache, status updates and Events all went through.
    assert.doesNotMatch(first.pod.log(), /forbidden|cannot (get|list|watch|create|update|patch)/i);
  });

  it('is refused (403) what its RBAC does not grant, and allowed what it needs', () => {
    // A token of the controller's ServiceAccount, as the pod has: real requests through the kube-apiserver and, for
    // Cats, through the aggregation layer to the server, which asks the kube-apiserver (SubjectAccessReview).
    const asController = kubectlFor(kubectlBinary, bed.kubeconfigForToken(k.ok(['create', 'token', sa, '-n', ns]).trim(), sa));
    const user = `User "system:serviceaccount:${ns}:${sa}"`;
    const refused = (args: string[], what: RegExp, input?: string) => {
      const r = asController(['-v=6', ...args], input);
      assert.notEqual(r.status, 0, `${args.join(' ')} was allowed`);
      assert.match(r.stderr, /403 Forbidden/, `${args.join(' ')}: ${r.stderr.slice(-500)}`);
      assert.match(r.stderr, new RegExp(`${user} cannot ${what.source}`), args.join(' '));
    };
    // What it needs: its kinds read everywhere, their status written, Events, and its own Lease.
    assert.match(asController.ok(['get', 'cats', '-A', '-o', 'name']), /^cat\.animal\.demo\.io\/whiskers$/m);
    const current = cat('whiskers');
    asController.ok(['replace', '--subresource=status', '-f', '-'], JSON.stringify(current));
    assert.equal(asController.ok(['get', 'lease', LEASE, '-n', ns, '-o', 'jsonpath={.spec.holderIdentity}']), holder());
    for (const can of [
      ['watch', 'cats.animal.demo.io', '-A'],
      ['patch', 'cats.animal.demo.io', '--subresource=status', '-n', 'default'],
      ['create', 'events.events.k8s.io', '-n', 'default'],
      ['create', 'events', '-n', ns],
      ['update', `leases/${LEASE}`, '-n', ns],
    ]) {
      assert.equal(asController(['auth', 'can-i', ...can]).stdout.trim(), 'yes', can.join(' '));
    }
    // What it does not: Secrets, any change of a Cat but its status, other Leases, here or elsewhere.
    refused(['get', 'secrets', '-n', ns], /list resource "secrets" in API group "" in the namespace "zoo-system"/);
    refused(['get', 'secret', 'anything', '-n', 'default'], /get resource "secrets"/);
    refused(
      ['delete', 'cat', 'whiskers', '-n', 'default'],
      /delete resource "cats" in API group "animal\.demo\.io" in the namespace "default"/,
    );
    refused(
      ['patch', 'cat', 'whiskers', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"name":"Mine"}}'],
      /patch resource "cats" in API group "animal\.demo\.io"/,
    );
    refused(
      ['replace', '-f', '-'],
      /update resource "cats" in API group "animal\.demo\.io"/,
      JSON.stringify({ ...current, spec: { ...current.spec, name: 'Mine' } }),
    );
    refused(
      ['create', '-f', '-'],
      /create resource "cats"/,
      JSON.stringify({
        apiVersion: 'animal.demo.io/v1alpha1',
        kind: 'Cat',
        metadata: { name: 'stray', namespace: 'default' },
        spec: { name: 'Stray' },
      }),
    );
    k.ok(
      ['create', '-n', ns, '-f', '-'],
      JSON.stringify({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'someone-else' },
        spec: { holderIdentity: 'other' },
      }),
    );
    refused(
      ['get', 'lease', 'someone-else', '-n', ns],
      /get resource "leases" in API group "coordination\.k8s\.io" in the namespace "zoo-system"/,
    );
    const other = JSON.parse(k.ok(['get', 'lease', 'someone-else', '-n', ns, '-o', 'json']));
    refused(
      ['replace', '-f', '-'],
      /update resource "leases" in API group "coordination\.k8s\.io" in the namespace "zoo-system"/,
      JSON.stringify({ ...other, spec: { holderIdentity: 'me' } }),
    );
    refused(
      ['get', 'lease', LEASE, '-n', 'default'],
      /get resource "leases" in API group "coordination\.k8s\.io" in the namespace "default"/,
    );
    refused(['get', 'pods', '-n', ns], /list resource "pods"/);
    assert.equal(JSON.parse(k.ok(['get', 'lease', 'someone-else', '-n', ns, '-o', 'json'])).spec.holderIdentity, 'other');
    // RBAC cannot name an object that does not exist yet: create is the one verb on Leases not limited to its own.
    assert.equal(asController(['auth', 'can-i', 'create', 'leases', '-n', ns]).stdout.trim(), 'yes');
    assert.equal(asController(['auth', 'can-i', 'create', 'leases', '-n', 'default']).stdout.trim(), 'no');
    // Core Events (leader election's) only where its Lease is; its kinds' Events go through events.k8s.io anywhere.
    assert.equal(asController(['auth', 'can-i', 'create', 'events', '-n', 'default']).stdout.trim(), 'no');
    k.ok(['delete', 'lease', 'someone-else', '-n', ns]);
  });

  it('a second pod of the Deployment passes its probes but waits on the Lease while the first holds it, and takes it over when the first stops', async () => {
    const firstHolder = holder();
    // From before the second pod starts until longer than the Lease lasts after: the first pod keeps renewing it, the
    // second keeps trying and does not lead. Sampled while the kubelet's probes of the second pod run.
    const duration = controllerLease(ns).spec.leaseDurationSeconds as number;
    const samples: Array<{ holder: string; renewTime: string }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const lease = controllerLease(ns);
        samples.push({ holder: lease.spec.holderIdentity, renewTime: lease.spec.renewTime });
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    try {
      second = await startControllerPod(ns, 'zoo-apiserver-controller-6c9f7d5b4-second');
      await second.pod.probesPass();
      while (Date.now() - second.pod.startedAt < (duration + 2) * 1000) {
        second.pod.checkAlive();
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      sampling = false;
      await sampler;
    }
    assert.deepEqual([...new Set(samples.map((x) => x.holder))], [firstHolder], 'the holder stays the first pod');
    const renewals = new Set(samples.map((x) => x.renewTime)).size;
    assert.ok(
      renewals >= duration / 2 / 2,
      `the first pod renewed the Lease meanwhile (${renewals} renewTimes in ${samples.length} samples)`,
    );
    assert.match(second.pod.log(), new RegExp(`"msg":"Attempting to acquire leader lease...","lock":"${ns}/${LEASE}"`));
    assert.doesNotMatch(second.pod.log(), /Successfully acquired lease/);
    // A change meanwhile is the first pod's to reconcile.
    applyCat('whiskers', { name: 'Whiskers', replicas: 3 });
    await eventually(() => reconciledAt('whiskers', 3), 60_000, 'whiskers to be Ready at generation 3');
    assert.doesNotMatch(second.pod.log(), /"reconciled"/);

    // The first pod stops (SIGTERM, as when its pod is deleted): it releases the Lease, and the second takes it.
    const transitions = controllerLease(ns).spec.leaseTransitions ?? 0;
    const stopped = Date.now();
    await first.pod.stop();
    await eventually(
      () => holder().startsWith(`${second.pod.podName}_`),
      60_000,
      `the second pod to take the Lease (log: ${second.pod.log().slice(-2000)})`,
    );
    const takeover = (Date.now() - stopped) / 1000;
    // Sooner than the Lease would expire: the first pod released it on its way out (LeaderElectionReleaseOnCancel).
    assert.ok(takeover < duration, `taken over in ${takeover} s, within the ${duration} s the Lease lasts`);
    assert.equal(controllerLease(ns).spec.leaseTransitions, transitions + 1);
    assert.match(second.pod.log(), new RegExp(`"msg":"Successfully acquired lease","lock":"${ns}/${LEASE}"`));
    applyCat('whiskers', { name: 'Whiskers', replicas: 4 });
    await eventually(
      () => reconciledAt('whiskers', 4),
      60_000,
      `the second pod to reconcile generation 4 (log: ${second.pod.log().slice(-2000)})`,
    );
    assert.match(second.pod.log(), /"reconciled".*"generation":\s*4/);
    console.log(
      `# second pod: waited ${duration + 2} s on the Lease; took it ${takeover.toFixed(1)} s after the first was stopped; ${((Date.now() - second.pod.startedAt) / 1000).toFixed(1)} s in all`,
    );
    k.ok(['delete', 'cat', 'whiskers', '-n', 'default']);
  });
});

describe('run in-cluster', () => {
  it('builds, pushes, applies, and returns once every APIService is Available and then the controller manager leads', async () => {
    // The first config's pods hold the server's and etcd's ports; this deployment gets pods of its own.
    await stopPods('zoo-system');
    const image = `${registry}/zoo:run`;
    const child = procs.start(
      process.execPath,
      [
        APIBOOT,
        'run',
        'in-cluster',
        '--image',
        image,
        '--namespace',
        'zoo-run',
        '--kubeconfig',
        bed.kubeconfig,
        '--tool',
        'buildah',
        '--base-image',
        'scratch',
        '--timeout',
        '180',
        '--output',
        'config-run',
      ],
      { cwd: project, env: { ...process.env, ...toolEnv() } },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    // Play the pods once their workloads, Service and ServiceAccount exist: that is when a node would start them.
    const objects = [
      'service/zoo-apiserver',
      'serviceaccount/zoo-apiserver',
      'deployment/zoo-apiserver',
      'statefulset/zoo-apiserver-etcd',
      'serviceaccount/zoo-apiserver-controller',
      'deployment/zoo-apiserver-controller',
    ];
    await eventually(
      () => child.exitCode !== null || k(['get', ...objects, '-n', 'zoo-run']).status === 0,
      20 * 60_000,
      'run in-cluster to apply the manifests',
    );
    assert.equal(child.exitCode, null, `run in-cluster ended early:\n${procs.log(child)}`);
    const { server } = await startPods('zoo-run');
    await server.probesPass();
    // The APIServices become Available; run in-cluster then waits for a controller manager that leads, and no pod of
    // it runs yet: it says so and does not return.
    const waiting = /Wait until the controller manager leads \(Lease zoo-run\/zoo-controller-manager\)\n/;
    await eventually(
      () => child.exitCode !== null || waiting.test(procs.log(child)),
      120_000,
      `run in-cluster to wait for the controller manager:\n${procs.log(child)}`,
    );
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal(child.exitCode, null, `run in-cluster returned before the controller manager ran:\n${procs.log(child)}`);
    assert.doesNotMatch(procs.log(child), /Ready\. Try:/);
    const { pod: controller } = await startControllerPod('zoo-run', 'zoo-apiserver-controller-7f8b9c6d5-run');
    assert.equal(await exited, 0, procs.log(child));
    const log = procs.log(child);
    assert.match(log, /Check the manifests with a server-side dry run/);
    // Completed tasks carry their last progress line: every APIService Available, then the Lease held by the pod.
    assert.match(
      log,
      new RegExp(
        `are Available: ${APISERVICES.length}/${APISERVICES.length} Available\n[^]*Wait until the controller manager leads \\(Lease zoo-run/zoo-controller-manager\\): held by ${controller.podName}_`,
      ),
    );
    assert.match(log, /Ready\. Try:\n\s+kubectl --kubeconfig \S+ get dogs -A/);
    assert.ok(controllerLease('zoo-run').spec.holderIdentity.startsWith(`${controller.podName}_`), 'the played pod leads');
    assert.deepEqual(
      Object.values(available()),
      APISERVICES.map(() => 'True'),
    );
    assert.match(JSON.parse(k.ok(['get', 'apiservice', 'v1.staff.demo.io', '-o', 'json'])).spec.service.namespace, /^zoo-run$/);
    assert.deepEqual(JSON.parse(sh('curl', ['-sf', `http://${registry}/v2/zoo/tags/list`])).tags.sort(), ['e2e', 'run']);
  });

  it("says what the controller manager's Deployment and pods show when it does not lead in time", async () => {
    // The controller pod of the test above stops and releases its Lease; nothing else would take it here.
    const played = pods.get('zoo-run')!;
    const controller = played.find((p) => p.podName.startsWith('zoo-apiserver-controller-'))!;
    await controller.stop();
    played.splice(played.indexOf(controller), 1);
    const r = apiboot(
      [
        'run',
        'in-cluster',
        '--image',
        `${registry}/zoo:run`,
        '--namespace',
        'zoo-run',
        '--kubeconfig',
        bed.kubeconfig,
        '--no-build',
        '--timeout',
        '6',
        '--output',
        'config-run',
      ],
      project,
      toolEnv(),
    );
    assert.equal(r.status, 1, r.stderr + r.stdout);
    assert.match(
      r.stderr,
      /^Error: The controller manager did not lead within 6 s \(the Lease zoo-controller-manager has no holder\); its Deployment, its pods and what to look at next follow\.\n/m,
    );
    // No kube-controller-manager runs here: the Deployment has no conditions and no pods, and the message says so.
    assert.match(
      r.stderr,
      /\n {2}Deployment zoo-apiserver-controller: 0\/1 ready, no conditions yet \(no controller has acted on it\)\n {2}pods \(app\.kubernetes\.io\/name=zoo-apiserver,app\.kubernetes\.io\/component=controller-manager\): none\n/,
    );
    assert.match(
      r.stderr,
      /check that its pod runs, and read its log[^]*kubectl -n zoo-run logs deployment\/zoo-apiserver-controller\n\s+kubectl -n zoo-run get lease zoo-controller-manager -o yaml/,
    );
  });

  it('explains a missing kubeconfig, an unknown context and a cluster that does not answer, and applies nothing', async () => {
    const args = ['run', 'in-cluster', '--image', `${registry}/zoo:x`, '--namespace', 'zoo-bad', '--no-build', '--output', 'config-bad'];
    let r = apiboot([...args, '--kubeconfig', join(work, 'missing.kubeconfig')], project, toolEnv());
    assert.match(r.stderr, /^Error: The kubeconfig \S+missing\.kubeconfig does not exist; pass --kubeconfig/);
    r = apiboot([...args, '--kubeconfig', bed.kubeconfig, '--context', 'nowhere'], project, toolEnv());
    assert.match(r.stderr, /^Error: The context "nowhere" is not in the kubeconfig; pass --context with one of: /);
    const dead = join(work, 'dead.kubeconfig');
    const port = await freePort();
    writeFileSync(dead, readFileSync(bed.kubeconfig, 'utf8').replace(/https:\/\/127\.0\.0\.1:\d+/, `https://127.0.0.1:${port}`));
    r = apiboot([...args, '--kubeconfig', dead], project, toolEnv());
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: The cluster does not answer \(.*\); check the kubeconfig and context/);
    assert.equal(k(['get', 'ns', 'zoo-bad']).status, 1, 'nothing was applied');
  });
});

describe('the pod, broken on purpose', () => {
  /** The Deployment of `run in-cluster` as the API server holds it, with one change; run as a node would. */
  async function runChanged(change: (template: PodTemplate) => void): Promise<void> {
    const [deployment] = objectsOf('deployments', 'zoo-run');
    const template: PodTemplate = deployment.spec.template;
    change(template);
    const secrets = Object.fromEntries(objectsOf('secrets', 'zoo-run').map((o) => [o.metadata.name, o]));
    const pod = await node.run({
      template,
      podName: 'zoo-apiserver-broken',
      namespace: 'zoo-run',
      secrets,
      podDir: join(work, 'pods', 'broken'),
      serviceAccountToken: { token: k.ok(['create', 'token', 'zoo-apiserver', '-n', 'zoo-run']).trim(), caPem: bed.caPem },
      kubernetes: { host: '127.0.0.1', port: Number(new URL(bed.server).port) },
      hosts: clusterDnsHosts(objectsOf('services', 'zoo-run')),
      extraArgs: ['--bind-address=127.0.0.1'],
    });
    try {
      await pod.probesPass(60_000);
    } finally {
      await pod.stop();
    }
  }

  before(() => stopPods('zoo-run'));

  it('says so when the image holds a dynamically linked binary: it cannot even start in a scratch image', async () => {
    // The project's Dockerfile with a dynamically linked program as bin/apiserver (and bin/controller-manager).
    const context = join(work, 'dynamic-image');
    mkdirSync(join(context, 'bin'), { recursive: true });
    copyFileSync(join(project, 'Dockerfile'), join(context, 'Dockerfile'));
    copyFileSync('/usr/bin/true', join(context, 'bin/apiserver'));
    // The zoo's Dockerfile also copies its controller manager.
    copyFileSync('/usr/bin/true', join(context, 'bin/controller-manager'));
    assert.match(
      readFileSync(join(context, 'bin/apiserver'), 'latin1'),
      /\/lib64\/ld-linux|\/lib\/ld-linux/,
      'a dynamically linked binary',
    );
    const image = `${registry}/zoo:dynamic`;
    const env = { ...process.env, ...toolEnv() };
    sh('buildah', ['bud', '--isolation', 'chroot', '--build-arg', 'BASE_IMAGE=scratch', '--tag', image, context], { env });
    sh('buildah', ['push', '--tls-verify=false', image, `docker://${image}`], { env });
    await assert.rejects(
      runChanged((t) => (t.spec.containers[0]!.image = image)),
      /exited at once: the image's entrypoint cannot be executed \(exec format \/ no such file\): a dynamically linked binary[^]*--- its log ---\nexec \/apiserver: no such file or directory/,
    );
  });

  it('says so when the server writes to its read-only root filesystem', async () => {
    // Without a serving certificate the server writes a self-signed one under its working directory, /.
    await assert.rejects(
      runChanged((t) => (t.spec.containers[0]!.args = t.spec.containers[0]!.args!.filter((a) => !a.startsWith('--tls-')))),
      /exited at once: the container wrote to its read-only root filesystem \(read-only file system\)[^]*apiserver\.local\.config[^]*read-only file system/,
    );
  });
});
