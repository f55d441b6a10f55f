import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const APIBOOT = join(REPO_ROOT, 'bin/apiboot.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the real apiboot binary, with no standard input, the way CI and scripts do. */
export function apiboot(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [APIBOOT, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', ...env },
    timeout: 20 * 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `apiboot-${name}-`));
}

/** A file of a project as text. */
export const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');

/**
 * Runs a command to its end and returns its standard output; a non-zero exit throws with both outputs. `opts` is the
 * folder to run in, or that and an environment (replacing this process's) and a timeout.
 */
export function sh(cmd: string, args: string[], opts: string | { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): string {
  const { cwd, env, timeoutMs = 30 * 60_000 } = typeof opts === 'string' ? { cwd: opts } : opts;
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})${cwd ? ` in ${cwd}` : ''}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** `apiboot init repo --domain demo.io --skip-go` in a new folder `name` of a temporary directory. */
export function initProject(name = 'catdemo', scratch = 'cli'): string {
  const dir = join(tempDir(scratch), name);
  mkdirSync(dir);
  const r = apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir);
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

/** One plain sentence on stderr, exit 1, and the folder exactly as it was. */
export function refused(args: string[], dir: string, pattern: RegExp, env: Record<string, string> = {}): void {
  const before = snapshot(dir);
  const r = apiboot(args, dir, env);
  assert.equal(r.status, 1, `apiboot ${args.join(' ')} should fail:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /^Error: [^\n]+\.\n$/, `one sentence on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
  assert.deepEqual(snapshot(dir), before, 'nothing was written');
}

/** Every file under `root` with its content, for before/after comparisons: "nothing was written". */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out[relative(root, full)] = `${statSync(full).mode.toString(8)}:${readFileSync(full, 'utf8')}`;
    }
  };
  walk(root);
  return out;
}

/**
 * `apiboot init repo --skip-go` on a real terminal (script(1)), stopped at its first prompt: standard input is what the
 * user types, `screen()` what the terminal shows so far.
 */
export async function initAtPrompt(dir: string): Promise<{
  screen: () => string;
  type: (keys: string) => void;
  waitFor: (text: string) => Promise<void>;
  exited: Promise<number | null>;
}> {
  const child = spawn('script', ['-qec', `${process.execPath} ${APIBOOT} init repo --skip-go`, '/dev/null'], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (d) => (screen += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const deadline = Date.now() + 20_000;
  const waitFor = async (text: string) => {
    while (!screen.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  await waitFor('Domain of the API groups');
  assert.match(screen, /Domain of the API groups/);
  return { screen: () => screen, type: (keys) => child.stdin.write(keys), waitFor, exited };
}
