import { UserError } from '../errors.js';

export interface ExecOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Text for the tool's standard input; none by default, so nothing ever waits on it. */
  input?: string;
}

/**
 * Runs a tool to completion, capturing its output. A tool that cannot be found, or that fails, becomes a UserError
 * naming the command, with the last lines of its output as detail so the cause is on screen.
 */
export async function run(file: string, args: string[], opts: ExecOptions, missingHint?: string): Promise<string> {
  const { execa } = await import('execa');
  const result = await execa(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    all: true,
    reject: false,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  if ((result as { code?: string }).code === 'ENOENT') {
    throw new UserError(missingHint ?? `The command "${file}" was not found on PATH; install it and try again.`);
  }
  if (result.failed) {
    throw new UserError(
      `"${[file, ...args].join(' ')}" failed (exit code ${result.exitCode ?? 'none'}) in ${opts.cwd}.`,
      tail(String(result.all ?? ''), 40),
    );
  }
  return String(result.stdout ?? '');
}

export function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}
