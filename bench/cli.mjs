// CLI start-up and file generation, as medians of several runs against bare `node -e 0` run in the same script.
//   node bench/cli.mjs [runs]      (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const apiboot = fileURLToPath(new URL('../bin/apiboot.js', import.meta.url));

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function run(args, cwd = tmpdir()) {
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(fn) {
  fn(); // warm the file system cache
  return median(Array.from({ length: runs }, () => time(fn)));
}

const baseline = measure(() => run(['-e', '0']));
const help = measure(() => run([apiboot, '--help']));
const scaffold = (what) => () => {
  const dir = mkdtempSync(join(tmpdir(), 'apiboot-bench-'));
  try {
    return time(() => {
      run([apiboot, 'init', 'repo', '--domain', 'demo.io', '--skip-go'], dir);
      if (what !== 'init') {
        run(
          [apiboot, 'create', 'group', 'version', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--skip-go'],
          dir,
        );
      }
      if (what === 'sub') {
        const cat = ['--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--skip-go'];
        run([apiboot, 'create', 'subresource', ...cat, '--type', 'scale'], dir);
        run([apiboot, 'create', 'subresource', ...cat, '--subresource', 'log', '--type', 'connector'], dir);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
const medianOf = (fn) => {
  fn();
  return median(Array.from({ length: runs }, fn));
};
const init = medianOf(scaffold('init'));
const both = medianOf(scaffold('both'));
const sub = medianOf(scaffold('sub'));

const row = (name, ms, per = 1) =>
  console.log(`${name.padEnd(52)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / per / baseline).toFixed(2)}x node`);
console.log(`median of ${runs} runs; baseline node -e 0 = ${baseline.toFixed(1)} ms`);
row('apiboot --help', help);
row('init repo --skip-go', init);
row('init repo + create resource --skip-go (per command)', both, 2);
row('... + 2 x create subresource --skip-go (per command)', sub, 4);
