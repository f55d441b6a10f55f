// Requests a handler kind makes to kube-apiserver, before and after (after npm run build):
//   node bench/handler-reads.mjs [gets] [watchers] [seconds] [--baseline REF]
// - starts the test bed's kube-apiserver and etcd, with pods in namespace default (they stay Pending: no kubelet);
// - builds bench/handler-reads/main.go in two copies of the meter golden project: the baseline at REF (git, default
//   67e881f, the last commit whose handler store listed pods on every read) and the working tree's; each serves PodSummaries through the kind's storage over a counted client;
// - prints requests to kube-apiserver per `kubectl get` (the first one, then each after it) and per watcher per
//   minute, for each, and the ratio of the new to the baseline (lower is better; 0 when the new makes none).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeApiserverBed } from '../dist/test/helpers/kube-apiserver.js';
import { testbedTool } from '../dist/test/helpers/testbed.js';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baseline = baselineAt >= 0 ? args.splice(baselineAt, 2)[1] : '67e881f';
const [gets, watchers, seconds] = [Number(args[0] ?? 20), Number(args[1] ?? 3), Number(args[2] ?? 30)];
const repo = fileURLToPath(new URL('..', import.meta.url));

function must(cmd, argv, opts) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A meter project at ref (or the working tree's), with the benchmark program built into it. */
function project(ref, work) {
  const dir = join(work, ref ?? 'worktree');
  mkdirSync(dir, { recursive: true });
  if (ref) {
    must('bash', ['-c', `git -C "${repo}" archive "${ref}" test/golden/meter | tar -x -C "${dir}"`]);
  } else {
    mkdirSync(join(dir, 'test/golden'), { recursive: true });
    must('cp', ['-a', join(repo, 'test/golden/meter'), join(dir, 'test/golden/meter')]);
  }
  const meter = join(dir, 'test/golden/meter');
  mkdirSync(join(meter, 'hack/handler-reads'), { recursive: true });
  copyFileSync(join(repo, 'bench/handler-reads/main.go'), join(meter, 'hack/handler-reads/main.go'));
  must('go', ['build', '-o', join(meter, 'bin/handler-reads'), './hack/handler-reads'], { cwd: meter });
  return join(meter, 'bin/handler-reads');
}

const work = mkdtempSync(join(tmpdir(), 'apiboot-bench-handler-'));
const bed = new KubeApiserverBed();
try {
  const before = project(baseline, work);
  const after = project(undefined, work);
  await bed.start();
  const kubectl = (argv, input) => must(testbedTool('kubectl'), ['--kubeconfig', bed.kubeconfig, ...argv], { input });
  kubectl(['create', 'serviceaccount', 'default', '-n', 'default']);
  for (let i = 0; i < 20; i++) kubectl(['run', `pod-${i}`, '-n', 'default', '--image=registry.k8s.io/pause:3.10']);

  const measure = (bin) => JSON.parse(must(bin, [bed.kubeconfig, String(gets), String(watchers), String(seconds)]));
  const old = measure(before);
  const now = measure(after);
  const ratio = (a, b) => (b === 0 ? (a === 0 ? '1.00' : 'n/a') : (a / b).toFixed(2));
  console.log(`handler kind reads (20 pods, ${gets} gets, ${watchers} watchers for ${seconds} s); baseline ${baseline}`);
  console.log('requests to kube-apiserver        baseline      new   new/baseline');
  for (const [label, key] of [
    ['first kubectl get', 'first'],
    ['per kubectl get after it', 'perGet'],
    ['per watcher per minute', 'perWatcherMinute'],
  ]) {
    console.log(
      `${label.padEnd(32)} ${old[key].toFixed(2).padStart(9)} ${now[key].toFixed(2).padStart(8)} ${ratio(now[key], old[key]).padStart(14)}`,
    );
  }
} finally {
  await bed.stop();
  rmSync(work, { recursive: true, force: true });
}
