// The generated server under load, against the reference aggregated API server (after npm run build):
//   node bench/server.mjs [rounds] [--objects N] [--lists N] [--watch-events N]
// - the generated server is examples/catdemo (the Cat example, as apiboot generates it today) run --standalone;
//   the reference is k8s.io/sample-apiserver at the project's k8s.io version (bench/ensure-sample-apiserver.sh),
//   run without a cluster; both on one etcd, one at a time, in alternating order round after round;
// - the load is bench/loadclient, a client-go dynamic client: create, get, update, list and delete at 1 and 16
//   concurrent clients, then 10 watchers seeing a stream of creates;
// - prints the median over the rounds of throughput and p50/p99 latency per operation, and the server's resident
//   memory at the end of the load, as ratios generated / sample-apiserver. A benchmark, not a test: nothing here
//   passes or fails on a number.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { createCA, issueCert } from '../dist/src/certs/index.js';
import { loopbackEtcdArgs } from '../dist/src/run/etcd.js';
import { freePort } from '../dist/src/run/ports.js';
import { waitUntilReady } from '../dist/src/run/readiness.js';
import { DEFAULT_KUBE_VERSION, resolveKubeVersion } from '../dist/src/project/kube-versions.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 3);
const load = {
  objects: flag('--objects', 400),
  lists: flag('--lists', 100),
  watchEvents: flag('--watch-events', 200),
  watchers: 10,
  concurrency: [1, 16],
};
const repo = fileURLToPath(new URL('..', import.meta.url));
const kube = resolveKubeVersion(process.env.APIBOOT_K8S_VERSION ?? DEFAULT_KUBE_VERSION);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const note = (s) => process.stderr.write(`[bench] ${s}\n`);

function must(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

// Binaries: the reference from the module proxy (cached), the generated server and its etcd in one go build (they
// share most packages), and the load client, from its own module in bench/loadclient.
note(`building k8s.io/sample-apiserver ${kube.modules} (cached after the first run)`);
const sampleBinary = must('bash', [join(repo, 'bench/ensure-sample-apiserver.sh'), kube.kube], { stdio: ['ignore', 'pipe', 'inherit'] })
  .trim()
  .split('\n')
  .pop();
const work = mkdtempSync(join(tmpdir(), 'apiboot-bench-server-'));
const bin = join(work, 'bin');
mkdirSync(bin);
const goEnv = { ...process.env, GOWORK: 'off' };
note('building examples/catdemo and its etcd');
must('go', ['build', '-o', `${bin}/`, './cmd/apiserver', 'go.etcd.io/etcd/server/v3'], { cwd: join(repo, 'examples/catdemo'), env: goEnv });
renameSync(join(bin, 'server'), join(bin, 'etcd'));
note('building bench/loadclient');
must('go', ['build', '-o', join(bin, 'loadclient'), '.'], { cwd: join(repo, 'bench/loadclient'), env: goEnv });

// One CA for serving and for the client: both servers trust client certificates from it (system:masters).
const pki = join(work, 'pki');
mkdirSync(pki);
const ca = createCA('apiboot-bench-ca');
const serving = issueCert(ca, {
  commonName: 'localhost',
  dnsNames: ['localhost'],
  ipAddresses: ['127.0.0.1'],
  usage: 'server',
  validityDays: 1,
});
const admin = issueCert(ca, { commonName: 'apiboot-bench', organizations: ['system:masters'], usage: 'client', validityDays: 1 });
for (const [name, pair] of Object.entries({ ca, serving, admin })) {
  writeFileSync(join(pki, `${name}.crt`), pair.certPem);
  writeFileSync(join(pki, `${name}.key`), pair.keyPem, { mode: 0o600 });
}
const kubeconfig = (file, server, user) => {
  const b64 = (s) => Buffer.from(s).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': b64(ca.certPem) } }],
    users: [{ name: 'u', user: user ? { 'client-certificate-data': b64(admin.certPem), 'client-key-data': b64(admin.keyPem) } : {} }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
};
// sample-apiserver delegates to a cluster; this kubeconfig points at a port where nothing listens.
const nowhere = kubeconfig(join(work, 'nowhere.kubeconfig'), `https://127.0.0.1:${await freePort()}`, false);

const etcdPort = await freePort();
const etcd = spawn(
  join(bin, 'etcd'),
  [
    ...loopbackEtcdArgs({ name: 'bench', dataDir: join(work, 'etcd'), clientPort: etcdPort, peerPort: await freePort() }),
    '--log-level=warn',
  ],
  { stdio: 'ignore' },
);
const etcdServers = `http://127.0.0.1:${etcdPort}`;
if (await waitUntilReady({ url: `${etcdServers}/health` }, () => etcd.exitCode === null, 30_000)) throw new Error('etcd did not start');

const common = (port) => [
  `--etcd-servers=${etcdServers}`,
  '--bind-address=127.0.0.1',
  `--secure-port=${port}`,
  `--tls-cert-file=${pki}/serving.crt`,
  `--tls-private-key-file=${pki}/serving.key`,
  `--client-ca-file=${pki}/ca.crt`,
];
const servers = {
  generated: {
    title: 'generated (examples/catdemo)',
    binary: join(bin, 'apiserver'),
    args: (port) => ['--standalone', ...common(port)],
    resource: { group: 'animal.demo.io', version: 'v1alpha1', resource: 'cats', kind: 'Cat', spec: { name: 'Tom' } },
  },
  sample: {
    title: `k8s.io/sample-apiserver ${kube.modules}`,
    binary: sampleBinary,
    // Runs without a cluster: no lookup of the cluster's authentication ConfigMap, no admission plugin or priority
    // and fairness that waits on the cluster's informers; client certificates in system:masters are allowed
    // without asking the cluster (the delegating authorizer's default).
    args: (port) => [
      ...common(port),
      `--kubeconfig=${nowhere}`,
      `--authentication-kubeconfig=${nowhere}`,
      `--authorization-kubeconfig=${nowhere}`,
      '--authentication-skip-lookup',
      '--disable-admission-plugins=NamespaceLifecycle,MutatingAdmissionPolicy,MutatingAdmissionWebhook,ValidatingAdmissionPolicy,ValidatingAdmissionWebhook',
      '--enable-priority-and-fairness=false',
    ],
    resource: { group: 'wardle.example.com', version: 'v1alpha1', resource: 'flunders', kind: 'Flunder', spec: { reference: 'bench' } },
  },
};

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function measure(which, round) {
  const s = servers[which];
  const port = await freePort();
  const client = kubeconfig(join(work, `${which}.kubeconfig`), `https://127.0.0.1:${port}`, true);
  let log = '';
  const server = spawn(s.binary, s.args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr.on('data', (d) => (log = (log + String(d)).slice(-4000)));
  const exited = new Promise((r) => server.once('exit', r));
  const notReady = await waitUntilReady(
    { url: `https://127.0.0.1:${port}/readyz`, ca: ca.certPem, client: admin },
    () => server.exitCode === null,
    120_000,
  );
  if (notReady) throw new Error(`${s.title}: ${notReady}\n${log}`);
  const r = s.resource;
  const started = Date.now();
  const result = await new Promise((resolve, reject) => {
    const c = spawn(
      join(bin, 'loadclient'),
      [
        `--kubeconfig=${client}`,
        `--group=${r.group}`,
        `--version=${r.version}`,
        `--resource=${r.resource}`,
        `--kind=${r.kind}`,
        `--spec=${JSON.stringify(r.spec)}`,
        `--objects=${load.objects}`,
        `--lists=${load.lists}`,
        `--concurrency=${load.concurrency.join(',')}`,
        `--watchers=${load.watchers}`,
        `--watch-events=${load.watchEvents}`,
        `--prefix=r${round}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += String(d)));
    c.stderr.on('data', (d) => (err += String(d)));
    c.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`loadclient against ${s.title} exited ${code}: ${err}\n${log}`)),
    );
  });
  result.memory = rssMiB(server.pid);
  server.kill('SIGTERM');
  await exited;
  note(`round ${round + 1}/${rounds}: ${s.title} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

const results = { generated: [], sample: [] };
try {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['generated', 'sample'] : ['sample', 'generated'];
    for (const which of order) results[which].push(await measure(which, round));
  }
} finally {
  etcd.kill('SIGTERM');
  await new Promise((r) => (etcd.exitCode !== null ? r() : etcd.once('exit', r)));
  rmSync(work, { recursive: true, force: true });
}

// Medians per server, then the ratio of the medians.
const pick = (which, get) => median(results[which].map(get));
const ratio = (g, s) => (s > 0 ? (g / s).toFixed(2) : '-');
const num = (x, w = 9) => (x >= 100 ? x.toFixed(0) : x.toFixed(2)).padStart(w);
console.log(`server benchmark: ${servers.generated.title} --standalone vs ${servers.sample.title}, one etcd,`);
console.log(
  `median of ${rounds} alternating rounds; ${load.objects} objects per concurrency, ${load.lists} lists, ${load.watchers} watchers x ${load.watchEvents} creates`,
);
console.log(
  `${'operation'.padEnd(16)}${'ops/s gen'.padStart(10)}${'sample'.padStart(9)}${'ratio'.padStart(7)}  ${'p50 ms gen'.padStart(10)}${'sample'.padStart(9)}${'ratio'.padStart(7)}  ${'p99 ms gen'.padStart(10)}${'sample'.padStart(9)}${'ratio'.padStart(7)}`,
);
const row = (label, get) => {
  const g = {
    rate: pick('generated', (x) => get(x).perSecond),
    p50: pick('generated', (x) => get(x).p50ms),
    p99: pick('generated', (x) => get(x).p99ms),
  };
  const s = {
    rate: pick('sample', (x) => get(x).perSecond),
    p50: pick('sample', (x) => get(x).p50ms),
    p99: pick('sample', (x) => get(x).p99ms),
  };
  console.log(
    `${label.padEnd(16)}${num(g.rate, 10)}${num(s.rate)}${ratio(g.rate, s.rate).padStart(7)}  ${num(g.p50, 10)}${num(s.p50)}${ratio(g.p50, s.p50).padStart(7)}  ${num(g.p99, 10)}${num(s.p99)}${ratio(g.p99, s.p99).padStart(7)}`,
  );
};
for (const [i, c] of load.concurrency.entries()) {
  for (const op of ['create', 'get', 'update', 'list', 'delete']) row(`${op} x${c}`, (x) => x.phases[i].ops[op]);
}
row(`watch x${load.watchers}`, (x) => x.watch);
const mem = (key) => [pick('generated', (x) => x.memory[key]), pick('sample', (x) => x.memory[key])];
const [rssG, rssS] = mem('rss');
const [peakG, peakS] = mem('peak');
console.log(`${'RSS after load'.padEnd(16)}${num(rssG, 10)}${num(rssS)}${ratio(rssG, rssS).padStart(7)}  MiB`);
console.log(`${'peak RSS'.padEnd(16)}${num(peakG, 10)}${num(peakS)}${ratio(peakG, peakS).padStart(7)}  MiB`);
console.log('ratios are generated / sample-apiserver: above 1 is more for ops/s, slower for latency, more memory for RSS');
