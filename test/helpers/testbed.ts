import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/**
 * A test-bed tool (kubectl, etcd, kube-apiserver) from test/testbed: built from the Go module proxy on first use,
 * cached after. A tool that cannot be had fails the test loudly; nothing is skipped.
 */
export function testbedTool(name: 'kubectl' | 'etcd' | 'kube-apiserver'): string {
  const script = join(REPO_ROOT, 'test/testbed', `ensure-${name}.sh`);
  const r = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 60 * 60_000 });
  const path = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !path.startsWith('/')) {
    throw new Error(`${script} failed (exit ${r.status}); the test needs a real ${name}`);
  }
  return path;
}
