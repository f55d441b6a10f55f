import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { APIBOOT } from './cli.js';

/** `apiboot run local` as a user runs it: a child process, stopped with SIGTERM as Ctrl-C would. */
export class LocalRun {
  /** Every run started, so a failed test cannot leave one behind to hold its port and the test process. */
  private static readonly started = new Set<LocalRun>();

  static async stopAll(): Promise<void> {
    for (const run of LocalRun.started) if (run.running()) await run.stop();
  }

  private child?: ChildProcess;
  private log = '';
  private exit?: Promise<number | null>;

  constructor(
    private readonly cwd: string,
    private readonly args: string[],
    private readonly env: Record<string, string | undefined> = {},
  ) {}

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.log;
  }

  /** Starts and waits for the ready line; fails with the log when the command exits or the time is up. */
  async start(timeoutMs: number): Promise<void> {
    this.log = '';
    const child = spawn(process.execPath, [APIBOOT, 'run', 'local', ...this.args], {
      cwd: this.cwd,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a shell's foreground job has: interrupt() signals the group as Ctrl-C does.
      detached: true,
    });
    this.child = child;
    LocalRun.started.add(this);
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout!.on('data', (d) => (this.log += String(d)));
    child.stderr!.on('data', (d) => (this.log += String(d)));
    const deadline = Date.now() + timeoutMs;
    while (!this.log.includes('apiboot: ready.')) {
      if (child.exitCode !== null) throw new Error(`run local exited with ${child.exitCode}:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`run local not ready after ${timeoutMs} ms:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Closes our end of its output pipes, as a closed terminal would: its next log line meets EPIPE. */
  dropOutput(): void {
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
  }

  /** The exit code of a run that ends by itself, within the time given. */
  async waitForExit(timeoutMs: number): Promise<number | null> {
    if (!this.exit) throw new Error('not started');
    const code = await within(this.exit, timeoutMs);
    if (code === 'timeout') throw new Error(`run local did not exit within ${timeoutMs} ms:\n${this.log}`);
    return code;
  }

  /** Ctrl-C on its terminal: SIGINT to its whole process group, then the exit code. */
  async interrupt(): Promise<number | null> {
    if (!this.child?.pid || !this.exit) throw new Error('not started');
    process.kill(-this.child.pid, 'SIGINT');
    const code = await within(this.exit, 30_000);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`run local did not stop within 30 s of Ctrl-C:\n${this.log}`);
    }
    return code;
  }

  /** SIGTERM, then the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || !this.exit) throw new Error('not started');
    this.child.kill('SIGTERM');
    const code = await within(this.exit, 30_000);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`run local did not stop within 30 s of SIGTERM:\n${this.log}`);
    }
    return code;
  }
}

/** Every process on the machine with its command line. */
export function allProcesses(): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), cmd });
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** Processes whose command line starts with one of the given executables: what `run local` leaves behind. */
export function processesRunning(executables: string[]): Array<{ pid: number; cmd: string }> {
  return allProcesses().filter(({ cmd }) => executables.some((e) => cmd === e || cmd.startsWith(`${e} `)));
}

/** The promise's value, or 'timeout'; the timer is cleared either way so it cannot keep the test process alive. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
