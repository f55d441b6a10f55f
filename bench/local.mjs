// The local development loop, measured (after npm run build):
//   node bench/local.mjs [runs] [--cold]
// - init repo → create resource → run local → first successful `kubectl get cats`, warm Go caches, against a
//   baseline of relinking the same server binary (the unavoidable Go cost of any change);
// - the edit loop under `run local --watch`: from saving a field added to the types file to the first successful
//   `kubectl get` of the new field against the restarted server, against the same relink, with where the time goes
//   (generate, build, restart, as run local reports them) and the typed clients regenerated after it; a hook's body;
//   the same in a project with a controller, and its reconciler's body (the controller manager alone);
// - `run local --no-build` start to ready, against the bare server binary's own start to ready on the same etcd;
// - the idle server's and etcd's resident memory;
// - with --cold, the first measurement once more with empty Go build and module caches (reported, not compared).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopbackEtcdArgs } from '../dist/src/run/etcd.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const cold = args.includes('--cold');
const repo = fileURLToPath(new URL('..', import.meta.url));
const apiboot = join(repo, 'bin/apiboot.js');
const kubectl = spawnSync('bash', [join(repo, 'test/testbed/ensure-kubectl.sh')], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
})
  .stdout.trim()
  .split('\n')
  .pop();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e9;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function must(cmd, argv, opts) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Starts `run local`, resolves when it prints its ready line. */
function runLocal(dir, port, extra = [], env = process.env) {
  const child = spawn(process.execPath, [apiboot, 'run', 'local', '--secure-port', String(port), ...extra], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      log += String(d);
      if (log.includes('apiboot: ready.')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`run local exited ${code}:\n${log}`)));
  });
  const stop = () =>
    new Promise((r) => {
      child.once('exit', r);
      child.kill('SIGTERM');
    });
  return { child, ready, stop, log: () => log };
}

async function initToFirstGet(env, port) {
  const dir = join(mkdtempSync(join(tmpdir(), 'apiboot-bench-')), 'catdemo');
  must('mkdir', [dir]);
  const start = now();
  must(process.execPath, [apiboot, 'init', 'repo', '--domain', 'demo.io'], { cwd: dir, env });
  must(
    process.execPath,
    [apiboot, 'create', 'group', 'version', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'],
    { cwd: dir, env },
  );
  const run = runLocal(dir, port, [], env);
  await run.ready;
  must(kubectl, ['--kubeconfig', join(dir, '.apiboot/local/kubeconfig'), 'get', 'cats'], { cwd: dir });
  const seconds = now() - start;
  await run.stop();
  return { dir, seconds };
}

function relink(dir) {
  const start = now();
  must('go', ['build', '-ldflags', `-X main.benchmarkStamp=${Math.random()}`, '-o', join(dir, 'bin/relinked'), './cmd/apiserver'], {
    cwd: dir,
  });
  return now() - start;
}

function rssMB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function pidOf(path) {
  const r = spawnSync('pgrep', ['-f', `^${path} `], { encoding: 'utf8' });
  return Number(r.stdout.trim().split('\n')[0]);
}

const port = 19500;
const flows = [];
const dirs = [];
for (let i = 0; i < runs; i++) {
  const { dir, seconds } = await initToFirstGet(process.env, port);
  flows.push(seconds);
  dirs.push(dir);
}
const dir = dirs[0];
const links = Array.from({ length: runs }, () => relink(dir));

// The edit loop under run local --watch: a new field in the types file each time, until kubectl reads it back; then
// a hook's body (no code generation), and in a project with a controller the reconciler's body (the controller
// manager alone rebuilt and restarted). Each save waits for the restart line it causes, then for kubectl; phases
// come from that restart line.
// run local's durations: "8.2 s" under a minute, "2 min 05 s" above.
const TIME = '\\d+(?:\\.\\d+)? s|\\d+ min \\d+ s';
const secondsOf = (text) => {
  const m = /^(?:(\d+) min )?(\d+(?:\.\d+)?) s$/.exec(text ?? '');
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
};
async function editLoop(dir, { controller }) {
  const out = { edits: [], hookEdits: [], reconcilerEdits: [], clients: NaN, phases: { generate: [], build: [], restart: [] } };
  const types = join(dir, 'pkg/apis/animal/v1alpha1/cat_types.go');
  const reconciler = join(dir, 'pkg/controller/animal/cat_controller.go');
  const original = readFileSync(types, 'utf8');
  const originalReconciler = controller ? readFileSync(reconciler, 'utf8') : '';
  const run = runLocal(dir, port, ['--watch', '--no-build']);
  await run.ready;
  const kubeconfig = join(dir, '.apiboot/local/kubeconfig');
  const cycle = async (file, content, n, probe) => {
    const start = now();
    writeFileSync(file, content);
    const restarted = () => (run.log().match(/restarted .*with the change in/g) ?? []).length >= n;
    while (!restarted()) {
      if (/running the previous/.test(run.log())) throw new Error(`the edit loop failed:\n${run.log()}`);
      await sleep(50);
    }
    if (probe) must(kubectl, ['--kubeconfig', kubeconfig, ...probe]);
    const seconds = now() - start;
    const last = [...run.log().matchAll(new RegExp(`\\((?:generate (${TIME}), )?build (${TIME}), restart (${TIME})\\)`, 'g'))].pop();
    return { seconds, generate: last?.[1] ? secondsOf(last[1]) : 0, build: secondsOf(last?.[2]), restart: secondsOf(last?.[3]) };
  };
  let n = 0;
  let withField = original;
  for (let i = 0; i < runs; i++) {
    withField = original.replace(
      '\tReplicas *int32 `json:"replicas,omitempty"`',
      `\tReplicas *int32 \`json:"replicas,omitempty"\`\n\t// +optional\n\tBench${i} string \`json:"bench${i},omitempty"\``,
    );
    const r = await cycle(types, withField, ++n, ['get', 'cats', '-o', `jsonpath={.items[*].spec.bench${i}}`]);
    out.edits.push(r.seconds);
    for (const k of Object.keys(out.phases)) out.phases[k].push(r[k]);
  }
  // The typed clients, regenerated in the background after the last restart (a save stops them, so only the last
  // cycle's run is seen to its end).
  for (;;) {
    const m = new RegExp(`typed clients regenerated in (${TIME})`).exec(run.log());
    if (m) {
      out.clients = secondsOf(m[1]);
      break;
    }
    // Not in the background at all: the script has no --no-clients, or the project's code imports the clients.
    if (/regenerating the typed clients failed|keeps? running the previous|^apiboot: note: .*typed clients/m.test(run.log())) break;
    await sleep(100);
  }
  // A hook's body: rebuilt and restarted without code generation.
  for (let i = 0; i < runs; i++) {
    const r = await cycle(types, withField.replace('"a name is required"', `"a name is required (${i})"`), ++n, ['get', 'cats']);
    out.hookEdits.push(r.seconds);
  }
  // The reconciler's body: the controller manager alone, to its readiness (the restart line comes after it).
  for (let i = 0; controller && i < runs; i++) {
    const r = await cycle(
      reconciler,
      originalReconciler.replace('"The Cat has been reconciled."', `"The Cat has been reconciled (${i})."`),
      ++n,
    );
    out.reconcilerEdits.push(r.seconds);
  }
  await run.stop();
  writeFileSync(types, original);
  if (controller) writeFileSync(reconciler, originalReconciler);
  must('go', ['build', '-o', 'bin/', './cmd/...'], { cwd: dir });
  return out;
}
const loop = await editLoop(dir, { controller: false });

// The same in a project whose Cat has a controller: a types change rebuilds both binaries and restarts both.
let controllerLoop;
{
  const cdir = join(mkdtempSync(join(tmpdir(), 'apiboot-bench-')), 'catdemo');
  must('mkdir', [cdir]);
  must(process.execPath, [apiboot, 'init', 'repo', '--domain', 'demo.io'], { cwd: cdir });
  must(
    process.execPath,
    [apiboot, 'create', 'group', 'version', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--controller'],
    { cwd: cdir },
  );
  const first = runLocal(cdir, port); // builds both binaries, and bin/etcd if there is no etcd on PATH
  await first.ready;
  await first.stop();
  controllerLoop = await editLoop(cdir, { controller: true });
  dirs.push(cdir);
}

// run local --no-build, already built, start to ready.
const starts = [];
let serverRss = NaN;
let etcdRss = NaN;
for (let i = 0; i < runs + 2; i++) {
  const t = now();
  const run = runLocal(dir, port, ['--no-build']);
  await run.ready;
  starts.push(now() - t);
  if (i === 0) {
    await sleep(10_000);
    serverRss = rssMB(pidOf(join(dir, 'bin/apiserver')));
    etcdRss = rssMB(pidOf(join(dir, 'bin/etcd')));
  }
  await run.stop();
}
// Baseline: the bare server on the same kind of etcd, started by hand, to /readyz.
const bare = [];
{
  const etcdPort = 19510;
  const etcd = spawn(
    join(dir, 'bin/etcd'),
    loopbackEtcdArgs({ name: 'bench', dataDir: mkdtempSync(join(tmpdir(), 'bench-etcd-')), clientPort: etcdPort, peerPort: 19511 }),
    { stdio: 'ignore' },
  );
  await sleep(2000);
  const pki = join(dir, '.apiboot/local/pki');
  for (let i = 0; i < runs + 2; i++) {
    const t = now();
    const server = spawn(
      join(dir, 'bin/apiserver'),
      [
        '--standalone',
        `--etcd-servers=http://127.0.0.1:${etcdPort}`,
        `--secure-port=${port}`,
        `--tls-cert-file=${pki}/apiserver.crt`,
        `--tls-private-key-file=${pki}/apiserver.key`,
        `--client-ca-file=${pki}/ca.crt`,
      ],
      { stdio: 'ignore' },
    );
    for (;;) {
      const r = spawnSync(
        'curl',
        ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', `${pki}/ca.crt`, `https://127.0.0.1:${port}/readyz`],
        { encoding: 'utf8' },
      );
      if (r.stdout === '200') break;
      await sleep(50);
    }
    bare.push(now() - t);
    await new Promise((r) => {
      server.once('exit', r);
      server.kill('SIGTERM');
    });
  }
  etcd.kill('SIGTERM');
}

const line = (name, value, unit, ratio) =>
  console.log(`${name.padEnd(58)} ${value.toFixed(2).padStart(8)} ${unit}${ratio ? `  ${ratio}` : ''}`);
console.log(`medians of ${runs} runs (start to ready: ${runs + 2}); Go caches warm`);
line(
  'init repo → first kubectl get cats',
  median(flows),
  's',
  `${(median(flows) / median(links)).toFixed(1)}x a relink of the server (${median(links).toFixed(2)} s)`,
);
const loopLines = (l, suffix) => {
  line(
    `edit loop${suffix}: save a types file → kubectl get the new field`,
    median(l.edits),
    's',
    `${(median(l.edits) / median(links)).toFixed(1)}x a relink (generate ${median(l.phases.generate)} s, build ${median(l.phases.build)} s, restart ${median(l.phases.restart)} s)`,
  );
  line(`  then the typed clients, in the background`, l.clients, 's', '(report only)');
  line(
    `edit loop${suffix}, a hook's body only (no code generation)`,
    median(l.hookEdits),
    's',
    `${(median(l.hookEdits) / median(links)).toFixed(1)}x a relink`,
  );
  if (l.reconcilerEdits.length)
    line(
      `edit loop${suffix}, the reconciler's body (controller manager only)`,
      median(l.reconcilerEdits),
      's',
      `${(median(l.reconcilerEdits) / median(links)).toFixed(1)}x a relink`,
    );
};
loopLines(loop, '');
loopLines(controllerLoop, ' with a controller');
line(
  'run local --no-build: start to ready',
  median(starts),
  's',
  `${(median(starts) / median(bare)).toFixed(2)}x the bare server on a running etcd (${median(bare).toFixed(2)} s)`,
);
line('idle server RSS (10 s after ready)', serverRss, 'MiB');
line('idle etcd RSS (10 s after ready)', etcdRss, 'MiB');

if (cold) {
  const caches = mkdtempSync(join(tmpdir(), 'apiboot-cold-'));
  const env = { ...process.env, GOCACHE: join(caches, 'build'), GOMODCACHE: join(caches, 'mod') };
  const { seconds } = await initToFirstGet(env, port);
  line('init repo → first kubectl get cats, cold Go caches', seconds, 's', '(report only)');
  spawnSync('chmod', ['-R', 'u+w', caches]);
  rmSync(caches, { recursive: true, force: true });
}
for (const d of dirs) rmSync(join(d, '..'), { recursive: true, force: true });
