import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { freePort } from '../../src/run/ports.js';
import { probe } from '../../src/run/readiness.js';
import { CERT_MOUNT, SECURE_PORT } from '../../src/manifests/objects.js';
import { APIBOOT, REPO_ROOT, apiboot, tempDir } from '../helpers/cli.js';
import { KubeApiserverBed } from '../helpers/kube-apiserver.js';
import { eventually, kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { Processes, startEtcd } from '../helpers/processes.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * `build container`, `build config` and `run in-cluster` against a real test bed: buildah and a local registry, a
 * real kube-apiserver with its aggregation layer, and a real kubectl. No node runs pods here, so the test plays the
 * pod's part and nothing else: it runs the built server on loopback with exactly the generated certificate, key and
 * arguments, a kubeconfig holding a token of the generated ServiceAccount, and points the generated Service at it.
 */

const work = tempDir('incluster');
const project = join(work, 'zoo');
const procs = new Processes();
const bed = new KubeApiserverBed({ users: [{ name: 'alice' }, { name: 'bob' }] });
let k: Kubectl;
let kubectlBinary: string;
let registry = '';
let serverEtcd = '';
let storageConf = '';
const APISERVICES = ['v1.staff.demo.io', 'v1alpha1.animal.demo.io', 'v1alpha1.apps.demo.io', 'v1beta1.animal.demo.io'];

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd, env: opts.env, timeout: 30 * 60_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** apiboot with buildah on a private vfs store, and the test bed's kubectl first on PATH. */
function toolEnv(): Record<string, string> {
  return { CONTAINERS_STORAGE_CONF: storageConf, PATH: `${join(kubectlBinary, '..')}:${process.env.PATH}` };
}

function docs(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
}

/**
 * The pod stand-in: the server binary with the container's arguments from the generated Deployment (the Secret's
 * mount path mapped to the generated certificate folder), bound to loopback, with the in-cluster credentials a pod
 * would get: a token of the generated ServiceAccount.
 */
function startPodStandIn(configDir: string, namespace: string, serviceAccount: string): ChildProcess {
  const [dep] = docs(join(configDir, 'deployment.yaml'));
  const container = dep.spec.template.spec.containers[0];
  assert.equal(dep.spec.template.spec.serviceAccountName, serviceAccount);
  const token = k.ok(['create', 'token', serviceAccount, '-n', namespace, '--duration=1h']).trim();
  const kubeconfig = bed.kubeconfigForToken(token, `${namespace}-${serviceAccount}`);
  const args = (container.args as string[]).map((a) => a.replace(CERT_MOUNT, join(configDir, 'certificates')));
  return procs.start(join(project, 'bin/apiserver'), [
    ...args,
    '--bind-address=127.0.0.1',
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
  ]);
}

/** The one manifest change: the generated Service, pointed at the stand-in on this machine. */
function pointServiceAtStandIn(name: string, namespace: string): void {
  k.ok(['patch', 'service', name, '-n', namespace, '--type', 'merge', '-p',
    JSON.stringify({ spec: { type: 'ExternalName', externalName: 'localhost', selector: null } })]);
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
  const port = await freePort();
  const pid = sh('bash', [join(REPO_ROOT, 'test/testbed/start-registry.sh'), String(port), join(work, 'registry')]).trim().split('\n').pop();
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
  serverEtcd = await startEtcd(procs);
  assert.equal(await probe({ url: `https://127.0.0.1:${SECURE_PORT}/` }), 0, `port ${SECURE_PORT} must be free for the stand-in`);
});

after(async () => {
  await procs.stopAll();
  await bed.stop();
  rmSync(join(work, 'containers'), { recursive: true, force: true });
});

describe('build container', () => {
  it('builds a static binary into an image on scratch, pushes it, and the registry lists it', async () => {
    const image = `${registry}/zoo:e2e`;
    const r = apiboot(['build', 'container', '--image', image, '--tool', 'buildah', '--base-image', 'scratch', '--push'], project, toolEnv());
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const catalog = JSON.parse(sh('curl', ['-sf', `http://${registry}/v2/_catalog`]));
    assert.deepEqual(catalog.repositories, ['zoo']);
    assert.deepEqual(JSON.parse(sh('curl', ['-sf', `http://${registry}/v2/zoo/tags/list`])).tags, ['e2e']);
    const user = sh('buildah', ['inspect', '--type', 'image', '--format', '{{.OCIv1.Config.User}}', image], { env: { ...process.env, ...toolEnv() } });
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
    const r = apiboot(['build', 'config', '--name', 'zoo-apiserver', '--namespace', 'zoo-system', '--image', `${registry}/zoo:e2e`, '--etcd-servers', serverEtcd], project);
    assert.equal(r.status, 0, r.stderr);
    const ns = k(['apply', '--server-side', '-f', join(config(), 'namespace.yaml')]);
    assert.equal(ns.status, 0, ns.stderr);
    assert.equal(JSON.parse(k.ok(['get', 'ns', 'zoo-system', '-o', 'json'])).metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    for (const dryRun of [['--dry-run=server'], []]) {
      const out = k(['apply', '--server-side', ...dryRun, '-k', config()]);
      assert.equal(out.status, 0, out.stderr);
      assert.doesNotMatch(out.stderr, /Warning|violate/i, `no warnings ${dryRun.join('')}`);
    }
  });

  it('writes an etcd StatefulSet and a server Deployment whose pods pass the restricted Pod Security Standard', () => {
    const dir = join(work, 'config-with-etcd');
    const r = apiboot(['build', 'config', '--name', 'zoo-apiserver', '--namespace', 'zoo-psa', '--image', `${registry}/zoo:e2e`, '--output', dir], project);
    assert.equal(r.status, 0, r.stderr);
    k.ok(['apply', '--server-side', '-f', join(dir, 'namespace.yaml')]);
    // The ServiceAccounts first: pods name them, and nothing else creates them without a controller-manager.
    k.ok(['apply', '--server-side', '-f', join(dir, 'rbac.yaml'), '-f', join(dir, 'etcd.yaml'), '--dry-run=server']);
    k.ok(['create', 'serviceaccount', 'zoo-apiserver', '-n', 'zoo-psa']);
    k.ok(['create', 'serviceaccount', 'zoo-apiserver-etcd', '-n', 'zoo-psa']);
    const out = k(['apply', '--server-side', '--dry-run=server', '-k', dir]);
    assert.equal(out.status, 0, out.stderr);
    assert.doesNotMatch(out.stderr, /Warning|violate/i);
    // Enforcement applies to pods: build each pod the workloads would create and ask the server to admit it.
    const workloads = [...docs(join(dir, 'deployment.yaml')), ...docs(join(dir, 'etcd.yaml'))].filter((o) => o.spec?.template);
    assert.equal(workloads.length, 2);
    for (const w of workloads) {
      const spec = { ...w.spec.template.spec };
      if (w.kind === 'StatefulSet') spec.volumes = [{ name: 'data', emptyDir: {} }];
      if (w.kind === 'Deployment') spec.volumes = spec.volumes.map((v: any) => (v.secret ? { name: v.name, emptyDir: {} } : v));
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${w.metadata.name}-check`, namespace: 'zoo-psa', labels: w.spec.template.metadata.labels }, spec };
      const res = k(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
      assert.equal(res.status, 0, `${w.kind} pod refused:\n${res.stderr}`);
      assert.doesNotMatch(res.stderr, /Warning|violate/i);
    }
  });

  it('turns every APIService Available through its caBundle with the pod stand-in', async () => {
    pointServiceAtStandIn('zoo-apiserver', 'zoo-system');
    const server = startPodStandIn(config(), 'zoo-system', 'zoo-apiserver');
    await eventually(() => Object.values(available()).every((s) => s === 'True'), 60_000, `APIServices Available (server log: ${procs.log(server).slice(-2000)})`);
    const apiservice = JSON.parse(k.ok(['get', 'apiservice', 'v1alpha1.animal.demo.io', '-o', 'json']));
    assert.equal(apiservice.spec.insecureSkipTLSVerify, undefined);
    assert.ok(apiservice.spec.caBundle);
    const versions = k.ok(['api-versions']);
    for (const gv of ['animal.demo.io/v1alpha1', 'animal.demo.io/v1beta1', 'staff.demo.io/v1']) assert.match(versions, new RegExp(`^${gv}$`, 'm'));
  });

  it('serves deployments/compositions from a real Deployment, read with the server\'s own credentials', async () => {
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
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/apps.demo.io/v1alpha1']));
    assert.deepEqual(
      discovery.resources.map((r: any) => [r.name, r.verbs]).sort(),
      [['deployments', []], ['deployments/compositions', ['get']]],
    );
    // Kubernetes still resolves "deployments" to apps/v1: the stand-in parent serves no verb.
    assert.match(k.ok(['get', 'deployments', '-n', 'default']), /^web\s/m);

    // RBAC grants the subresource in the project's group; the Deployment itself stays out of reach.
    const bob = kubectlFor(kubectlBinary, bed.kubeconfigForToken(bed.user('bob').token, 'bob'));
    assert.match(bob(['get', '--raw', `${path}/web/compositions`]).stderr, /User "bob" cannot get resource "deployments\/compositions" in API group "apps\.demo\.io"/);
    k.ok(['create', 'role', 'composition-reader', '-n', 'default', '--verb=get', '--resource=deployments.apps.demo.io/compositions']);
    k.ok(['create', 'rolebinding', 'bob-composition-reader', '-n', 'default', '--role=composition-reader', '--user=bob']);
    await eventually(() => bob(['get', '--raw', `${path}/web/compositions`]).status === 0, 45_000, 'bob to read compositions');
    assert.match(bob(['get', 'deployment', 'web', '-n', 'default']).stderr, /Forbidden/);

    // Without the generated rule on apps deployments, the server says what it lacks, and does not blame the client.
    const role = JSON.parse(k.ok(['get', 'clusterrole', 'zoo-apiserver', '-o', 'json']));
    assert.ok(role.rules.some((r: any) => r.apiGroups[0] === 'apps' && r.resources.includes('deployments') && r.verbs.includes('get')));
    role.rules = role.rules.filter((r: any) => r.apiGroups[0] !== 'apps');
    k.ok(['replace', '-f', '-'], JSON.stringify(role));
    await eventually(() => /InternalError.*ClusterRole needs get on deployments in apps/s.test(k(['get', '--raw', `${path}/web/compositions`]).stderr), 45_000, 'the missing rule to be named');
    k.ok(['apply', '--server-side', '--force-conflicts', '-k', config()]);
    await eventually(() => k(['get', '--raw', `${path}/web/compositions`]).status === 0, 45_000, 'compositions to work again');
  });

  it('creates, gets, lists, updates and deletes a Cat through the kube-apiserver', () => {
    k.ok(['create', '-n', 'default', '-f', '-'], '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"tom"},"spec":{"name":"Tom"}}');
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
    k.ok(['create', '-n', 'default', '-f', '-'], '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"felix"},"spec":{"name":"Felix"}}');
  });

  it('refuses a create with 403 to a user whose Role allows only get', () => {
    k.ok(['create', 'role', 'cat-reader', '-n', 'default', '--verb=get', '--resource=cats.animal.demo.io']);
    k.ok(['create', 'rolebinding', 'alice-cat-reader', '-n', 'default', '--role=cat-reader', '--user=alice']);
    const alice = kubectlFor(kubectlBinary, bed.kubeconfigForToken(bed.user('alice').token, 'alice'));
    assert.equal(alice.ok(['get', 'cat', 'felix', '-n', 'default', '-o', 'jsonpath={.metadata.name}']), 'felix');
    const create = alice(['create', '-v=6', '-n', 'default', '-f', '-'], '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"nope"},"spec":{"name":"Nope"}}');
    assert.notEqual(create.status, 0);
    assert.match(create.stderr, /403 Forbidden/);
    assert.match(create.stderr, /User "alice" cannot create resource "cats"/);
  });

  it('needs the generated auth-delegator binding: without it requests fail, with it they work again', async () => {
    const alice = kubectlFor(kubectlBinary, bed.kubeconfigForToken(bed.user('alice').token, 'alice'));
    k.ok(['delete', 'clusterrolebinding', 'zoo-apiserver:system:auth-delegator']);
    // The server caches allow decisions for 10 s.
    await eventually(() => /subjectaccessreviews|InternalError|Forbidden/.test(alice(['get', 'cat', 'felix', '-n', 'default']).stderr), 45_000, 'alice to be refused');
    k.ok(['apply', '--server-side', '-k', config()]);
    await eventually(() => alice(['get', 'cat', 'felix', '-n', 'default']).status === 0, 45_000, 'alice to get felix again');
  });
});

describe('run in-cluster', () => {
  it('builds, pushes, applies and returns once every APIService is Available', async () => {
    // The first stand-in holds the server port; this deployment gets a stand-in of its own.
    await procs.stopMatching(join(project, 'bin/apiserver'));
    const image = `${registry}/zoo:run`;
    const child = procs.start(process.execPath, [
      APIBOOT, 'run', 'in-cluster', '--image', image, '--namespace', 'zoo-run', '--kubeconfig', bed.kubeconfig,
      '--tool', 'buildah', '--base-image', 'scratch', '--etcd-servers', serverEtcd, '--timeout', '180', '--output', 'config-run',
    ], { cwd: project, env: { ...process.env, ...toolEnv() } });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    // Play the pod once the Service and ServiceAccount exist: that is when a Deployment's pod would start.
    await eventually(
      () => child.exitCode !== null || (k(['get', 'service', 'zoo-apiserver', '-n', 'zoo-run']).status === 0 && k(['get', 'sa', 'zoo-apiserver', '-n', 'zoo-run']).status === 0),
      20 * 60_000,
      'run in-cluster to apply the manifests',
    );
    assert.equal(child.exitCode, null, `run in-cluster ended early:\n${procs.log(child)}`);
    pointServiceAtStandIn('zoo-apiserver', 'zoo-run');
    startPodStandIn(join(project, 'config-run'), 'zoo-run', 'zoo-apiserver');
    assert.equal(await exited, 0, procs.log(child));
    const log = procs.log(child);
    assert.match(log, /Check the manifests with a server-side dry run/);
    assert.match(log, /Ready\. Try:\n\s+kubectl --kubeconfig \S+ get cats -A/);
    assert.deepEqual(Object.values(available()), ['True', 'True', 'True', 'True']);
    assert.match(JSON.parse(k.ok(['get', 'apiservice', 'v1.staff.demo.io', '-o', 'json'])).spec.service.namespace, /^zoo-run$/);
    assert.deepEqual(JSON.parse(sh('curl', ['-sf', `http://${registry}/v2/zoo/tags/list`])).tags.sort(), ['e2e', 'run']);
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

