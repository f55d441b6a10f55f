import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCA, issueCert, type KeyPair } from '../../src/certs/index.js';
import { freePort } from '../../src/run/ports.js';
import { apiboot, REPO_ROOT, sh, tempDir } from '../helpers/cli.js';
import { KubeApiserverBed } from '../helpers/kube-apiserver.js';
import { eventually, kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { Processes, startEtcd } from '../helpers/processes.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * `doctor` on the kube-apiserver bed: the zoo project deployed with the manifests of `build config`, the test playing
 * the pod (and the kubelet: it runs the server with the Secret the Deployment mounts and a token of its
 * ServiceAccount, and reports the pod Ready), behind an ExternalName Service as TESTBED.md describes; the zoo's
 * controller manager likewise, from its own Deployment under a token of its own ServiceAccount, taking its Lease.
 * Healthy, doctor passes; then one thing at a time is broken and doctor must name it.
 */

const work = tempDir('doctor');
const project = join(work, 'zoo');
const procs = new Processes();
const bed = new KubeApiserverBed();
const NS = 'zoo-system';
const NAME = 'zoo-apiserver';
const CONTROLLER = 'zoo-apiserver-controller';
/** cmd/controller-manager's Lease (LeaderElectionID). */
const LEASE = 'zoo-controller-manager';
const APISERVICES = ['v1.animal.demo.io', 'v1.staff.demo.io', 'v1alpha1.animal.demo.io', 'v1alpha1.apps.demo.io', 'v1beta1.animal.demo.io'];
let k: Kubectl;
let kubectlDir = '';
let port = 0;
let server: ChildProcess | undefined;
let controller: ChildProcess | undefined;
let secretName = '';

interface Report {
  namespace: string;
  name: string;
  passed: boolean;
  checks: Array<{ name: string; passed: boolean; detail: string; fix?: string }>;
}

function doctor(args: string[] = []): { status: number; stdout: string; stderr: string } {
  return apiboot(['doctor', '--kubeconfig', bed.kubeconfig, ...args], project, { PATH: `${kubectlDir}:${process.env.PATH}` });
}

function doctorJson(): Report {
  const r = doctor(['-o', 'json']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(r.status, report.passed ? 0 : 1, 'the exit code follows the result');
  return report;
}

/** The failed checks of a doctor run, by name, with their line. */
function failures(report: Report): Record<string, string> {
  return Object.fromEntries(report.checks.filter((c) => !c.passed).map((c) => [c.name, `${c.detail}. Fix: ${c.fix}`]));
}

/**
 * The pod: the kubelet's part (the Secret the Deployment mounts, written to files; a token of its ServiceAccount)
 * and the container's (the server with the Deployment's arguments, on loopback).
 */
function startPod(): ChildProcess {
  const dep = JSON.parse(k.ok(['get', 'deployment', NAME, '-n', NS, '-o', 'json']));
  const spec = dep.spec.template.spec;
  const container = spec.containers[0];
  const mount = container.volumeMounts.find((m: any) => m.name === 'serving-cert').mountPath as string;
  secretName = spec.volumes.find((v: any) => v.name === 'serving-cert').secret.secretName;
  const secret = JSON.parse(k.ok(['get', 'secret', secretName, '-n', NS, '-o', 'json']));
  const certs = join(work, `mounted-${Date.now()}`);
  mkdirSync(certs);
  for (const f of ['tls.crt', 'tls.key']) writeFileSync(join(certs, f), Buffer.from(secret.data[f], 'base64'), { mode: 0o600 });
  const token = k.ok(['create', 'token', spec.serviceAccountName, '-n', NS, '--duration=1h']).trim();
  const kubeconfig = bed.kubeconfigForToken(token, `${NS}-${spec.serviceAccountName}`);
  const args = (container.args as string[]).map((a) => a.replace(mount, certs));
  return procs.start(join(project, 'bin/apiserver'), [
    ...args,
    '--bind-address=127.0.0.1',
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
  ]);
}

async function restartPod(): Promise<void> {
  if (server) await procs.stop(server);
  server = startPod();
}

/**
 * What the kubelet and the Deployment controller would report of the one pod of `deployment`: no controller runs
 * here. Ready, unless the container's state says otherwise.
 */
function reportPod(deployment: string, waiting?: { reason: string; message: string; restartCount: number }): void {
  const dep = JSON.parse(k.ok(['get', 'deployment', deployment, '-n', NS, '-o', 'json']));
  const podName = `${deployment}-0`;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName, namespace: NS, labels: dep.spec.template.metadata.labels },
    spec: dep.spec.template.spec,
  };
  k.ok(['apply', '--server-side', '-f', '-'], JSON.stringify(pod));
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const container = dep.spec.template.spec.containers[0];
  const status = waiting
    ? {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }],
        containerStatuses: [
          {
            name: container.name,
            image: container.image,
            imageID: '',
            ready: false,
            started: false,
            restartCount: waiting.restartCount,
            state: { waiting: { reason: waiting.reason, message: waiting.message } },
          },
        ],
      }
    : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }], containerStatuses: null };
  k.ok(['patch', 'pod', podName, '-n', NS, '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status })]);
  const ready = waiting ? 0 : 1;
  k.ok([
    'patch',
    'deployment',
    deployment,
    '-n',
    NS,
    '--subresource=status',
    '--type',
    'merge',
    '-p',
    JSON.stringify({
      status: {
        observedGeneration: dep.metadata.generation,
        replicas: 1,
        updatedReplicas: 1,
        readyReplicas: ready,
        availableReplicas: ready,
      },
    }),
  ]);
}

/**
 * The controller manager's pod: its Deployment's command line under a token of its own ServiceAccount, with probes
 * and metrics moved to free loopback ports (the pods share this machine's network).
 */
async function startControllerPod(): Promise<ChildProcess> {
  const spec = JSON.parse(k.ok(['get', 'deployment', CONTROLLER, '-n', NS, '-o', 'json'])).spec.template.spec;
  const token = k.ok(['create', 'token', spec.serviceAccountName, '-n', NS, '--duration=1h']).trim();
  const kubeconfig = bed.kubeconfigForToken(token, `${NS}-${spec.serviceAccountName}`);
  const metrics = await freePort();
  let probes = await freePort();
  while (probes === metrics) probes = await freePort();
  return procs.start(join(project, 'bin/controller-manager'), [
    ...(spec.containers[0].args as string[]),
    `--metrics-bind-address=127.0.0.1:${metrics}`,
    `--health-probe-bind-address=127.0.0.1:${probes}`,
    `--kubeconfig=${kubeconfig}`,
  ]);
}

const leaseHolder = (): string =>
  JSON.parse(k.ok(['get', 'leases', '-n', NS, '--field-selector', `metadata.name=${LEASE}`, '-o', 'json'])).items[0]?.spec
    ?.holderIdentity ?? '';

async function controllerLeads(): Promise<void> {
  await eventually(
    () => leaseHolder() !== '',
    90_000,
    `the controller manager to take its Lease (log: ${controller ? procs.log(controller).slice(-1500) : ''})`,
  );
}

/** Replaces the serving Secret's certificate and key, as a user re-creating it by hand would. */
function replaceSecret(pair: KeyPair): void {
  const secret = JSON.parse(k.ok(['get', 'secret', secretName, '-n', NS, '-o', 'json']));
  secret.data['tls.crt'] = Buffer.from(pair.certPem).toString('base64');
  secret.data['tls.key'] = Buffer.from(pair.keyPem).toString('base64');
  k.ok(['replace', '-f', '-'], JSON.stringify(secret));
}

function configCa(): KeyPair {
  const dir = join(project, 'config/certificates');
  return { certPem: readFileSync(join(dir, 'ca.crt'), 'utf8'), keyPem: readFileSync(join(dir, 'ca.key'), 'utf8') };
}

function available(): boolean {
  const out = JSON.parse(k.ok(['get', 'apiservices', ...APISERVICES, '-o', 'json']));
  return out.items.every((a: any) => a.status?.conditions?.some((c: any) => c.type === 'Available' && c.status === 'True'));
}

before(async () => {
  const kubectl = testbedTool('kubectl');
  kubectlDir = join(kubectl, '..');
  cpSync(join(REPO_ROOT, 'test/golden/zoo'), project, { recursive: true });
  sh('go', ['build', '-o', 'bin/', './cmd/apiserver', './cmd/controller-manager'], project);
  await bed.start();
  k = kubectlFor(kubectl, bed.kubeconfig);
  const etcd = await startEtcd(procs);
  const r = apiboot(
    ['build', 'config', '--name', NAME, '--namespace', NS, '--image', 'registry.example/zoo:doctor', '--etcd-servers', etcd],
    project,
  );
  assert.equal(r.status, 0, r.stderr);
  k.ok(['apply', '--server-side', '-f', join(project, 'config/namespace.yaml')]);
  k.ok(['apply', '--server-side', '-k', join(project, 'config')]);
  // A free port instead of the generated 8443, so this file never competes with another bed on the machine: the
  // server's argument, its container port, the Service and the APIServices all move to it together.
  port = await freePort();
  const dep = JSON.parse(k.ok(['get', 'deployment', NAME, '-n', NS, '-o', 'json']));
  const args = (dep.spec.template.spec.containers[0].args as string[]).map((a) =>
    a.replace(/^--secure-port=\d+$/, `--secure-port=${port}`),
  );
  k.ok([
    'patch',
    'deployment',
    NAME,
    '-n',
    NS,
    '--type',
    'json',
    '-p',
    JSON.stringify([
      { op: 'replace', path: '/spec/template/spec/containers/0/args', value: args },
      { op: 'replace', path: '/spec/template/spec/containers/0/ports/0/containerPort', value: port },
    ]),
  ]);
  // The bed routes the aggregator to loopback through an ExternalName Service (see TESTBED.md).
  k.ok([
    'patch',
    'service',
    NAME,
    '-n',
    NS,
    '--type',
    'merge',
    '-p',
    JSON.stringify({
      spec: {
        type: 'ExternalName',
        externalName: 'localhost',
        selector: null,
        ports: [{ name: 'https', port, targetPort: port, protocol: 'TCP' }],
      },
    }),
  ]);
  for (const a of APISERVICES) k.ok(['patch', 'apiservice', a, '--type', 'merge', '-p', JSON.stringify({ spec: { service: { port } } })]);
  server = startPod();
  reportPod(NAME);
  await eventually(available, 90_000, `APIServices Available (server log: ${server ? procs.log(server).slice(-1500) : ''})`);
  controller = await startControllerPod();
  reportPod(CONTROLLER);
  await controllerLeads();
});

after(async () => {
  await procs.stopAll();
  await bed.stop();
});

describe('doctor on the kube-apiserver bed', () => {
  it('passes every check on a healthy deployment, one line each, and exits 0', () => {
    const r = doctor();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split('\n');
    for (const a of APISERVICES) assert.match(r.stdout, new RegExp(`^ok +APIService ${a.replace(/\./g, '\\.')}: Available$`, 'm'));
    for (const check of [
      'Service port',
      'server answers',
      `Deployment ${NS}/${NAME}`,
      'pods ready',
      'serving Secret',
      'serving key',
      'certificate names',
      'certificate validity',
      'caBundle of v1alpha1.animal.demo.io',
      'RBAC system:auth-delegator',
      'RBAC extension-apiserver-authentication-reader',
      `RBAC ClusterRole ${NAME}`,
      `Deployment ${NS}/${CONTROLLER}`,
      'controller pods ready',
      `Lease ${NS}/${LEASE}`,
    ]) {
      assert.match(r.stdout, new RegExp(`^ok +${check.replace(/[./]/g, '\\$&')}: `, 'm'), `${check} passed:\n${r.stdout}`);
    }
    assert.ok(
      lines.every((l) => /^ok {4}/.test(l) || /^All \d+ checks passed/.test(l)),
      r.stdout,
    );
    const report = doctorJson();
    assert.equal(report.passed, true);
    assert.deepEqual([report.namespace, report.name], [NS, NAME], 'found from the APIServices');
  });

  it('names a wrong caBundle', () => {
    const original = JSON.parse(k.ok(['get', 'apiservice', 'v1alpha1.animal.demo.io', '-o', 'json'])).spec.caBundle;
    const other = Buffer.from(createCA('some-other-ca').certPem).toString('base64');
    k.ok(['patch', 'apiservice', 'v1alpha1.animal.demo.io', '--type', 'merge', '-p', JSON.stringify({ spec: { caBundle: other } })]);
    try {
      const failed = failures(doctorJson());
      assert.match(
        failed['caBundle of v1alpha1.animal.demo.io'] ?? '',
        /is not signed by the CA in the caBundle of v1alpha1\.animal\.demo\.io\. Fix: Apply the Secret and the APIServices from one run of apiboot build config/,
      );
      assert.equal(failed['caBundle of v1beta1.animal.demo.io'], undefined, 'the other APIServices are fine');
      assert.equal(failed['certificate names'], undefined);
    } finally {
      k.ok(['patch', 'apiservice', 'v1alpha1.animal.demo.io', '--type', 'merge', '-p', JSON.stringify({ spec: { caBundle: original } })]);
    }
  });

  it('names a deleted auth-delegator binding, and its fix restores it', () => {
    k.ok(['delete', 'clusterrolebinding', `${NAME}:system:auth-delegator`]);
    const r = doctor();
    assert.equal(r.status, 1);
    const line = r.stdout.split('\n').find((l) => l.includes('RBAC system:auth-delegator')) ?? '';
    assert.match(
      line,
      /^FAIL  RBAC system:auth-delegator: no ClusterRoleBinding binds system:auth-delegator to zoo-system\/zoo-apiserver, and system:serviceaccount:zoo-system:zoo-apiserver may not create tokenreviews\.authentication\.k8s\.io, create subjectaccessreviews\.authorization\.k8s\.io\. Fix: Bind it: kubectl create clusterrolebinding /,
    );
    assert.match(r.stdout, /^ok +RBAC extension-apiserver-authentication-reader: /m);
    // The fix, as printed, is a command that works.
    const command = /Fix: Bind it: kubectl (create clusterrolebinding \S+ --clusterrole=\S+ --serviceaccount=\S+?)\.$/.exec(line)?.[1];
    assert.ok(command, line);
    k.ok(command.split(' '));
    assert.match(doctor().stdout, /^ok +RBAC system:auth-delegator: bound/m);
  });

  it('names a stopped server', async () => {
    await procs.stop(server!);
    try {
      const failed = failures(doctorJson());
      assert.match(
        failed['server answers'] ?? '',
        new RegExp(`^nothing answers at localhost:${port} \\(ECONNREFUSED\\)\\. Fix: Start the server`),
      );
    } finally {
      server = startPod();
    }
  });

  it('names a certificate for the wrong name', async () => {
    const original = JSON.parse(k.ok(['get', 'secret', secretName, '-n', NS, '-o', 'json']));
    replaceSecret(
      issueCert(configCa(), { commonName: 'wrong.zoo-system.svc', dnsNames: ['wrong.zoo-system.svc'], usage: 'server', validityDays: 30 }),
    );
    await restartPod();
    try {
      const failed = failures(doctorJson());
      assert.match(
        failed['certificate names'] ?? '',
        /names wrong\.zoo-system\.svc but not zoo-apiserver\.zoo-system\.svc, the name the aggregator verifies\. Fix: Issue a new one with apiboot build config --name zoo-apiserver --namespace zoo-system/,
      );
      assert.match(failed['server answers'] ?? '', /presents a certificate the aggregator refuses/);
      assert.equal(failed['certificate validity'], undefined);
      assert.equal(failed['caBundle of v1alpha1.animal.demo.io'], undefined, 'it is signed by the right CA');
    } finally {
      k.ok(['replace', '-f', '-'], JSON.stringify({ ...original, metadata: { ...original.metadata, resourceVersion: undefined } }));
      await restartPod();
    }
  });

  it('names an expired certificate', async () => {
    const original = JSON.parse(k.ok(['get', 'secret', secretName, '-n', NS, '-o', 'json']));
    const names = { dnsNames: [`${NAME}.${NS}.svc`, 'localhost'] };
    replaceSecret(issueCert(configCa(), { commonName: `${NAME}.${NS}.svc`, ...names, usage: 'server', validityDays: -1 }));
    await restartPod();
    try {
      const failed = failures(doctorJson());
      assert.match(
        failed['certificate validity'] ?? '',
        /^the certificate in Secret zoo-system\/\S+ expired on \d{4}-\d\d-\d\d\. Fix: Issue a new one with apiboot build config/,
      );
      assert.equal(failed['certificate names'], undefined);
    } finally {
      k.ok(['replace', '-f', '-'], JSON.stringify({ ...original, metadata: { ...original.metadata, resourceVersion: undefined } }));
      await restartPod();
    }
  });

  it('names a wrong Service port', () => {
    k.ok([
      'patch',
      'service',
      NAME,
      '-n',
      NS,
      '--type',
      'merge',
      '-p',
      JSON.stringify({ spec: { ports: [{ name: 'https', port: port + 1, targetPort: port, protocol: 'TCP' }] } }),
    ]);
    try {
      const failed = failures(doctorJson());
      assert.equal(
        failed['Service port'],
        `the APIServices call port ${port}, but the Service zoo-system/zoo-apiserver has port ${port + 1}. Fix: Give the Service port ${port} again (apiboot build config writes it) with kubectl apply --server-side -k config/.`,
      );
    } finally {
      k.ok([
        'patch',
        'service',
        NAME,
        '-n',
        NS,
        '--type',
        'merge',
        '-p',
        JSON.stringify({ spec: { ports: [{ name: 'https', port, targetPort: port, protocol: 'TCP' }] } }),
      ]);
    }
  });

  it('names a controller manager that stopped leading, its crashing pod and its Deployment short of a replica', async () => {
    // Stopped as a pod is, the controller manager releases its Lease; the kubelet would report it crash-looping.
    await procs.stop(controller!);
    reportPod(CONTROLLER, { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container', restartCount: 3 });
    try {
      const failed = failures(doctorJson());
      assert.equal(
        failed[`Lease ${NS}/${LEASE}`],
        `it has no holder: the last leader released it and no replica took it over. Fix: Make the controller manager run (the Deployment and pod checks above say why it does not), then read why it takes no Lease in its log: kubectl logs -n ${NS} deployment/${CONTROLLER}.`,
      );
      assert.match(
        failed['controller pods ready'] ?? '',
        new RegExp(
          `^1 of 1 not Ready: ${CONTROLLER}-0 \\(Running; controller-manager waiting CrashLoopBackOff: back-off 40s restarting failed container, not ready, 3 restarts\\)\\. Fix: Read its log and events: kubectl logs -n ${NS} ${CONTROLLER}-0 `,
        ),
      );
      assert.match(
        failed[`Deployment ${NS}/${CONTROLLER}`] ?? '',
        /^0\/1 replicas ready\. Fix: See why with kubectl describe deployment -n zoo-system zoo-apiserver-controller; the controller pod check says/,
      );
      assert.deepEqual(
        Object.keys(failed).sort(),
        [`Deployment ${NS}/${CONTROLLER}`, `Lease ${NS}/${LEASE}`, 'controller pods ready'],
        'the server itself is fine',
      );
    } finally {
      controller = await startControllerPod();
      reportPod(CONTROLLER);
      await controllerLeads();
    }
    assert.match(doctor().stdout, new RegExp(`^ok +Lease ${NS}/${LEASE}: held by \\S+, renewed \\d+ s ago$`, 'm'));
  });

  it('passes again once everything is restored', async () => {
    await eventually(() => doctor().status === 0, 120_000, 'doctor to pass again');
  });

  it('explains bad flags and a missing cluster in one sentence, exit 1', async () => {
    let r = doctor(['--namespace', 'Not_A_Name']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: .*--namespace.*\n$/);
    const dead = join(work, 'dead.kubeconfig');
    writeFileSync(
      dead,
      readFileSync(bed.kubeconfig, 'utf8').replace(/https:\/\/127\.0\.0\.1:\d+/, `https://127.0.0.1:${await freePort()}`),
    );
    r = apiboot(['doctor', '--kubeconfig', dead], project, { PATH: `${kubectlDir}:${process.env.PATH}` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: The cluster does not answer \(.*\); check the kubeconfig and context/);
    assert.equal(r.stdout, '');
  });
});
