import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  /** Prefix of every log line, e.g. "etcd". */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  lastLines: string[];
  exited: Promise<number | null>;
  /** Stopped on purpose (a restart), so its exit is no death. */
  stopped: boolean;
  /** Asked to stop: what it logs from then on is held back, and shown only if it does not end cleanly. */
  stopping: boolean;
  held: string[];
}

const KEEP_LINES = 30;
const STOP_GRACE_MS = 10_000;

/**
 * Runs a few long-lived processes side by side: streams their logs with a prefix each, notices when one dies, and
 * stops them all (SIGTERM, then SIGKILL after a grace period) in reverse start order.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;
  private deathHandler?: (name: string, code: number | null, lastLines: string[]) => void;

  /**
   * `ownGroups`: each process in a process group of its own, so that Ctrl-C on the terminal signals apiboot alone,
   * which stops them in order (the server before its etcd) instead of every process at once. Only for a caller that
   * stops them on SIGINT, SIGTERM and SIGHUP itself (run local): otherwise they would outlive it.
   */
  constructor(
    private readonly write: (line: string) => void,
    private readonly opts: { ownGroups?: boolean } = {},
  ) {}

  /** Called once, for the first process that exits while the supervisor is not stopping. */
  onUnexpectedExit(handler: (name: string, code: number | null, lastLines: string[]) => void): void {
    this.deathHandler = handler;
  }

  start(spec: ProcessSpec): ChildProcess {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.opts.ownGroups === true,
    });
    const entry: Running = {
      spec,
      child,
      lastLines: [],
      stopped: false,
      stopping: false,
      held: [],
      exited: new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.once('error', (err) => {
          entry.lastLines.push(String(err.message));
          resolve(null);
        });
      }),
    };
    const prefix = `[${spec.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        entry.lastLines.push(line);
        if (entry.lastLines.length > KEEP_LINES) entry.lastLines.shift();
        // etcd logs errors with Go stack traces when it closes its listeners on SIGTERM: noise on a clean stop.
        if (entry.stopping) entry.held.push(prefix + line);
        else this.write(prefix + line);
      });
    }
    void entry.exited.then((code) => {
      if (!this.stopping && !entry.stopped && this.deathHandler) {
        const handler = this.deathHandler;
        this.deathHandler = undefined;
        handler(spec.name, code, entry.lastLines);
      }
    });
    this.running.push(entry);
    return child;
  }

  /** Stops one process (the server, to restart it) and forgets it; its exit is not reported as a death. */
  async stop(name: string): Promise<void> {
    const entry = this.find(name);
    if (!entry) return;
    entry.stopped = true;
    await this.terminate(entry);
    this.running.splice(this.running.indexOf(entry), 1);
  }

  /** Whether the named process has exited; used while waiting for readiness. */
  hasExited(name: string): boolean {
    const entry = this.find(name);
    return entry !== undefined && (entry.child.exitCode !== null || entry.child.signalCode !== null);
  }

  lastLines(name: string): string[] {
    return this.find(name)?.lastLines ?? [];
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const entry of [...this.running].reverse()) await this.terminate(entry);
  }

  /** The newest process of that name: a restarted one replaces the one before. */
  private find(name: string): Running | undefined {
    return [...this.running].reverse().find((r) => r.spec.name === name);
  }

  private async terminate(entry: Running): Promise<void> {
    const { child } = entry;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    entry.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    const code = await entry.exited;
    clearTimeout(timer);
    // Give the last lines still in the pipes a moment to arrive before deciding about them.
    await new Promise((resolve) => setImmediate(resolve));
    const clean = code === 0 || child.signalCode === 'SIGTERM';
    if (!clean) for (const line of entry.held) this.write(line);
    entry.held = [];
  }
}
