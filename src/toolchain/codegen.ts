import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { run } from './exec.js';

export const CODEGEN_SCRIPT = 'hack/update-codegen.sh';

/**
 * What of hack/update-codegen.sh to run: everything; only what cmd/ is built from (deepcopy, conversions, OpenAPI
 * and model names); or only the typed clients of pkg/generated, which neither binary imports.
 */
export type CodegenPart = 'all' | 'no-clients' | 'clients-only';

const MISSING_BASH = `bash was not found on PATH; it is needed to run ${CODEGEN_SCRIPT}.`;

function scriptArgs(part: CodegenPart): string[] {
  return [CODEGEN_SCRIPT, ...(part === 'all' ? [] : [`--${part}`])];
}

/**
 * Runs the project's own code generation script. The generated project owns the generator invocations (so `make
 * generate` works without apiboot); apiboot only calls it.
 */
export async function runCodegen(cwd: string, part: CodegenPart = 'all'): Promise<void> {
  await run('bash', scriptArgs(part), { cwd }, MISSING_BASH);
}

/**
 * Whether the project's script runs its parts on their own. The script of a project initialised before it could
 * knows no option: it ignores them and runs everything.
 */
export function codegenHasParts(cwd: string): boolean {
  try {
    const script = readFileSync(join(cwd, CODEGEN_SCRIPT), 'utf8');
    return script.includes('--no-clients)') && script.includes('--clients-only)');
  } catch {
    return false;
  }
}

export interface CodegenJob {
  /** The command, as the user would type it. */
  command: string;
  /** Settles when the script has ended: its exit code (null when stopped by a signal) and output. */
  result: Promise<{ code: number | null; output: string; stopped: boolean }>;
  /** Stops the script and every generator it started; resolves once none of them runs any more. */
  stop: () => Promise<void>;
}

const STOP_GRACE_MS = 5_000;

/**
 * Gives a background job only the CPU the server and the user leave idle. Set right after spawn, before the script
 * has started anything, so that every process it starts inherits it. A detached child leads a session of its own,
 * which Linux schedules as a group of its own (autogroup) whose weight nice does not change: the group's nice
 * value is lowered too, where the kernel has one.
 */
function lowestPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, 19);
  } catch {
    // not permitted here: it runs at the default priority
  }
  try {
    writeFileSync(`/proc/${pid}/autogroup`, '19');
  } catch {
    // no autogroup scheduling on this system
  }
}

/**
 * Runs a part of the script in the background, in a process group of its own, so that stopping it also stops the
 * `go tool` it is running and the generator under that: nothing it started writes a file after stop() resolves.
 */
export function startCodegen(cwd: string, part: CodegenPart): CodegenJob {
  const args = scriptArgs(part);
  const child = spawn('bash', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  lowestPriority(child.pid);
  let output = '';
  let stopped = false;
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output = (output + String(d)).slice(-64_000)));
  const result = new Promise<{ code: number | null; output: string; stopped: boolean }>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      resolve({ code: null, output: err.code === 'ENOENT' ? MISSING_BASH : err.message, stopped }),
    );
    child.once('close', (code) => resolve({ code, output, stopped }));
  });
  const group = child.pid;
  const alive = () => {
    if (group === undefined) return false;
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      if (group !== undefined) process.kill(-group, name);
    } catch {
      // already gone
    }
  };
  return {
    command: args.join(' '),
    result,
    stop: async () => {
      stopped = true;
      signal('SIGTERM');
      await result;
      // bash has exited; a generator it started may take a moment longer.
      const deadline = Date.now() + STOP_GRACE_MS;
      while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (alive()) signal('SIGKILL');
    },
  };
}
