import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loopbackEtcdArgs } from '../../src/run/etcd.js';
import { freePort } from '../../src/run/ports.js';
import { probe } from '../../src/run/readiness.js';
import { testbedTool } from './testbed.js';

/** Long-running processes a test starts; `stopAll` ends every one, so none outlives the test file. */
export class Processes {
  private readonly children: ChildProcess[] = [];
  private readonly adopted: number[] = [];
  private readonly logs = new Map<ChildProcess, string>();

  /** A process started by someone else (a script that daemonizes), to be ended with the rest. */
  adopt(pid: number): void {
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`not a process id: ${pid}`);
    this.adopted.push(pid);
  }

  /** Stops the children started from this executable. */
  async stopMatching(executable: string): Promise<void> {
    for (const child of this.children) if (child.spawnfile === executable) await this.stop(child);
  }

  start(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd });
    this.logs.set(child, '');
    const append = (d: Buffer) => this.logs.set(child, (this.logs.get(child) ?? '') + String(d));
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    this.children.push(child);
    return child;
  }

  log(child: ChildProcess): string {
    return this.logs.get(child) ?? '';
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    for (const child of [...this.children].reverse()) await this.stop(child);
    for (const pid of this.adopted) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

/** An etcd of the test bed on free loopback ports with a fresh data folder; returns its client URL. */
export async function startEtcd(procs: Processes): Promise<string> {
  const binary = testbedTool('etcd');
  const [client, peer] = [await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'apiboot-etcd-'));
  const url = `http://127.0.0.1:${client}`;
  procs.start(binary, [...loopbackEtcdArgs({ name: 'test', dataDir: data, clientPort: client, peerPort: peer }), '--unsafe-no-fsync']);
  for (let i = 0; i < 100; i++) {
    if ((await probe({ url: `${url}/health` })) === 200) return url;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`etcd at ${url} did not become healthy`);
}
