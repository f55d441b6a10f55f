import { spawnSync } from 'node:child_process';
import { UserError } from '../errors.js';
import { run, type ExecOptions } from './exec.js';

const NO_GO = 'Go was not found on PATH; install Go 1.26 or newer and put its bin folder on PATH.';

/** Fails with a plain sentence unless a Go toolchain at least `min` (e.g. "1.26.0") is on PATH. */
export function requireGo(min: string): string {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new UserError(NO_GO);
  const have = result.stdout.trim().replace(/^go/, '');
  if (compareVersions(have, min) < 0) {
    throw new UserError(`Go ${have} is too old for this project; install Go ${min} or newer and put it first on PATH.`);
  }
  return have;
}

export function go(args: string[], opts: ExecOptions): Promise<string> {
  return run('go', args, opts, NO_GO);
}

/** Compares dotted versions such as 1.26.8 and 1.26 (missing parts are 0; pre-release suffixes are ignored). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) =>
    v
      .split(/[^0-9.]/)[0]!
      .split('.')
      .map((n) => Number(n) || 0);
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
