import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Kubectl {
  (args: string[], input?: string): { status: number; stdout: string; stderr: string };
  /** Like the call, but fails the test with kubectl's stderr when kubectl fails. */
  ok(args: string[], input?: string): string;
  /** Starts a long-running kubectl (a watch); returns its collected output and a stop function. */
  background(args: string[]): { output: () => string; stop: () => void };
}

/** One discovery cache per test process: kubectl caches discovery per host and port, which tests reuse. */
const cacheDir = mkdtempSync(join(tmpdir(), 'apiboot-kubectl-cache-'));

export function kubectlFor(binary: string, kubeconfig: string): Kubectl {
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir];
  const call = ((args: string[], input?: string) => {
    const r = spawnSync(binary, [...base, ...args], { encoding: 'utf8', input, timeout: 120_000 });
    return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }) as Kubectl;
  call.ok = (args, input) => {
    const r = call(args, input);
    if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  call.background = (args) => {
    const child = spawn(binary, [...base, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    return { output: () => out, stop: () => void child.kill('SIGTERM') };
  };
  return call;
}

/** Polls `check` until it returns true or the time is up. */
export async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
