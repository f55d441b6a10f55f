import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { canListen } from '../../src/run/ports.js';
import { isLoopbackRegistry } from '../../src/toolchain/container.js';
import { diagnose, planPod, probeRequest, type PodPlan, type PodRun, type Probe, type ProbeRequest } from './pod.js';
import { REPO_ROOT } from './cli.js';

/**
 * A "node" for the in-cluster tests: podman with runc on vfs storage of its own (never /var/lib/containers), running
 * pod templates as planned by test/helpers/pod.ts, and probing them as the kubelet would.
 *
 *   const node = new Node(dir);
 *   node.pull(image);                                   // as a kubelet pulls, from the test's loopback registry
 *   const pod = await node.run({ template, podName, namespace, podDir, ... });
 *   await pod.probesPass();                             // readiness, then liveness, with the manifest's timing
 *   await node.stopAll();
 */
export class Node {
  readonly root: string;
  readonly runroot: string;
  readonly tmpdir: string;
  readonly runtime = '/usr/sbin/runc';
  private readonly pods: RunningPod[] = [];
  private readonly killOnExit = () => {
    // Last resort if the test process ends without stopAll(): containers are not our children.
    for (const pod of this.pods) pod.kill();
  };

  constructor(dir: string) {
    this.root = join(dir, 'storage');
    this.runroot = join(dir, 'run');
    this.tmpdir = join(dir, 'tmp');
    mkdirSync(this.tmpdir, { recursive: true });
    process.once('exit', this.killOnExit);
  }

  /** podman with this node's storage and runtime; stdout, or an Error with podman's stderr. */
  podman(args: string[]): string {
    const global = [
      '--storage-driver',
      'vfs',
      '--root',
      this.root,
      '--runroot',
      this.runroot,
      '--tmpdir',
      this.tmpdir,
      '--runtime',
      this.runtime,
      '--cgroup-manager',
      'cgroupfs',
      '--events-backend',
      'file',
    ];
    const r = spawnSync('podman', [...global, ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
    if (r.error) throw new Error(`podman could not be started (${r.error.message}); test/testbed/ensure-podman.sh installs it`);
    if (r.status !== 0) throw new Error(`podman ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  }

  /** The kubelet's image pull for a policy: Always pulls, IfNotPresent pulls when missing, Never only checks. */
  pull(image: string, policy = 'IfNotPresent'): void {
    const present = () => spawnOk(this, ['image', 'exists', image]);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present())) {
      if (!present()) throw new Error(`image ${image} is not on the node and imagePullPolicy is Never`);
      return;
    }
    // Only the test bed's loopback registry: nothing here may be fetched from the network.
    if (!isLoopbackRegistry(image))
      throw new Error(`image ${image} is not on the node and not in a loopback registry: load it first (node.tag)`);
    this.podman(['pull', '--quiet', '--tls-verify=false', image]);
  }

  /** Another name for an image on the node, as if a node had it preloaded (for images that cannot be pulled here). */
  tag(image: string, as: string): void {
    this.podman(['tag', image, as]);
  }

  imageUser(image: string): string {
    return this.podman(['image', 'inspect', '--format', '{{.Config.User}}', image]).trim();
  }

  /**
   * Runs a container of a pod template: pulls per its imagePullPolicy, plans, writes its files with the kubelet's
   * ownership, starts it, and fails with its log when it exits within `settleMs`.
   */
  async run(run: Omit<PodRun, 'node' | 'imageUser' | 'limits'>, settleMs = 3000): Promise<RunningPod> {
    const container = run.container ? run.template.spec.containers.find((c) => c.name === run.container) : run.template.spec.containers[0];
    if (!container) throw new Error(`no container ${run.container ?? ''} in the pod template`);
    this.pull(container.image, container.imagePullPolicy ?? (container.image.endsWith(':latest') ? 'Always' : 'IfNotPresent'));
    const plan = planPod({ ...run, node: this, imageUser: this.imageUser(container.image), limits: hardLimits() });
    // The pod shares the host's network: each port it declares must be free here, or it would fail to bind.
    for (const p of container.ports ?? []) {
      if (!(await canListen(p.containerPort)))
        throw new Error(`port ${p.containerPort} on 127.0.0.1 is in use: ${plan.name} shares this machine's network and needs it`);
    }
    materialize(plan);
    const r = spawnSync(plan.argv[0]!, plan.argv.slice(1), { encoding: 'utf8', timeout: 5 * 60_000 });
    const pod = new RunningPod(this, plan, run.podName);
    if (r.status !== 0) {
      throw new Error(`${plan.name} did not start: ${diagnose(r.stderr + pod.log())}\n${r.stderr}${pod.log()}`);
    }
    this.pods.push(pod);
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline) {
      pod.checkAlive();
      await sleep(200);
    }
    pod.checkAlive();
    return pod;
  }

  async stopAll(): Promise<void> {
    for (const pod of [...this.pods].reverse()) await pod.stop();
    process.removeListener('exit', this.killOnExit);
  }
}

function spawnOk(node: Node, args: string[]): boolean {
  try {
    node.podman(args);
    return true;
  } catch {
    return false;
  }
}

/**
 * Open files and processes a container may have: the calling process's hard limits (the VM refuses a container
 * more), and for processes no more than the kernel's pid_max, to which podman lowers its own limit.
 */
export function hardLimits(): { nofile: number; nproc: number } {
  const r = spawnSync('sh', ['-c', 'ulimit -Hn; ulimit -Hu'], { encoding: 'utf8' });
  const [nofile, nproc] = r.stdout
    .trim()
    .split('\n')
    .map((s) => (s === 'unlimited' ? Infinity : Number(s)));
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim());
  const cap = (n: number | undefined, max: number) => Math.min(Number.isFinite(n) ? n! : max, max);
  return { nofile: cap(nofile, 1048576), nproc: cap(nproc, pidMax) };
}

/** Writes the plan's folders and files with their modes and owners (chmod after chown: chown clears setgid). */
function materialize(plan: PodPlan): void {
  for (const d of plan.dirs) {
    mkdirSync(d.path, { recursive: true });
    chownSync(d.path, d.uid, d.gid);
    chmodSync(d.path, d.mode);
  }
  for (const f of plan.files) {
    writeFileSync(f.path, f.content);
    chownSync(f.path, f.uid, f.gid);
    chmodSync(f.path, f.mode);
  }
  rmSync(plan.logFile, { force: true });
  rmSync(plan.pidFile, { force: true });
}

export interface ProbeResult {
  ok: boolean;
  /** What the kubelet would put in the event: the status code, or the error. */
  detail: string;
}

export class RunningPod {
  readonly startedAt = Date.now();
  private knownPid?: number;

  constructor(
    private readonly node: Node,
    readonly plan: PodPlan,
    readonly podName: string,
  ) {}

  get name(): string {
    return this.plan.name;
  }

  /** The container's output so far (podman's k8s-file log, without its timestamps and stream tags). */
  log(): string {
    if (!existsSync(this.plan.logFile)) return '';
    return readFileSync(this.plan.logFile, 'utf8')
      .split('\n')
      .map((l) => l.replace(/^\S+ (stdout|stderr) [FP] /, ''))
      .join('\n');
  }

  /** The container's main process on this machine (from podman's --pidfile), or 0 before it has one. */
  pid(): number {
    this.knownPid ??= existsSync(this.plan.pidFile) ? Number(readFileSync(this.plan.pidFile, 'utf8').trim()) : undefined;
    return this.knownPid ?? 0;
  }

  alive(): boolean {
    if (!this.pid()) return false;
    try {
      process.kill(this.pid(), 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Throws, with the reason and the log, when the container is gone. */
  checkAlive(): void {
    if (this.alive()) return;
    const log = this.log();
    const when = Date.now() - this.startedAt < 10_000 ? 'exited at once' : 'exited';
    throw new Error(`container ${this.name} ${when}: ${diagnose(log)}\n--- its log ---\n${log.split('\n').slice(-40).join('\n')}`);
  }

  /** One probe of the container's liveness, readiness or startup probe, as the kubelet makes it. */
  async probe(kind: 'liveness' | 'readiness' | 'startup'): Promise<ProbeResult> {
    const probe = this.plan.container[`${kind}Probe`];
    if (!probe) throw new Error(`container ${this.name} has no ${kind} probe`);
    return runProbe(probeRequest(this.plan.container, probe));
  }

  /**
   * The kubelet's probing until the pod would be Ready: each probe first after its initialDelaySeconds, then every
   * periodSeconds; startup until it passes, then readiness until successThreshold passes in a row and liveness at
   * least once. Fails when liveness fails failureThreshold times in a row (the kubelet would restart the container),
   * when startup or readiness has not passed in time, or when the container exits.
   */
  async probesPass(timeoutMs = 120_000): Promise<void> {
    const c = this.plan.container;
    const deadline = Date.now() + timeoutMs;
    const state = (p: Probe | undefined, kind: 'startup' | 'liveness' | 'readiness') =>
      p && { kind, probe: p, next: this.startedAt + (p.initialDelaySeconds ?? 0) * 1000, ok: 0, failed: 0, passed: false, last: '' };
    const startup = state(c.startupProbe, 'startup');
    const others = [state(c.livenessProbe, 'liveness'), state(c.readinessProbe, 'readiness')].filter((s) => s !== undefined);
    for (;;) {
      this.checkAlive();
      const active = startup && !startup.passed ? [startup] : others;
      for (const s of active) {
        if (s.passed || Date.now() < s.next) continue;
        const r = await runProbe(probeRequest(c, s.probe));
        s.next = Date.now() + (s.probe.periodSeconds ?? 10) * 1000;
        s.last = r.detail;
        if (r.ok) {
          s.failed = 0;
          s.ok += 1;
          s.passed = s.kind !== 'readiness' || s.ok >= (s.probe.successThreshold ?? 1);
        } else {
          s.ok = 0;
          s.failed += 1;
          if (s.kind !== 'readiness' && s.failed >= (s.probe.failureThreshold ?? 3)) {
            throw new Error(
              `container ${this.name}: ${s.kind} probe failed ${s.failed} times in a row (${r.detail}); the kubelet would restart it\n--- its log ---\n${this.log().slice(-3000)}`,
            );
          }
        }
      }
      if ((!startup || startup.passed) && others.every((s) => s.passed)) return;
      if (Date.now() > deadline) {
        const pending = [startup, ...others].filter((s) => s && !s.passed).map((s) => `${s!.kind} (last: ${s!.last || 'not run yet'})`);
        throw new Error(
          `container ${this.name}: probes did not pass within ${timeoutMs / 1000} s: ${pending.join(', ')}\n--- its log ---\n${this.log().slice(-3000)}`,
        );
      }
      await sleep(250);
    }
  }

  /** SIGTERM, then SIGKILL after 10 s, as a pod's deletion with a short grace period; --rm removes the container. */
  async stop(): Promise<void> {
    if (!this.alive()) return;
    try {
      this.node.podman(['stop', '--time', '10', this.name]);
    } catch {
      this.kill();
    }
    for (let i = 0; i < 50 && this.alive(); i++) await sleep(100);
  }

  kill(): void {
    if (!this.alive()) return;
    try {
      process.kill(this.pid(), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** One probe: HTTP(S) GET (a certificate is never verified, as the kubelet does not) or a TCP connect. */
export function runProbe(req: ProbeRequest): Promise<ProbeResult> {
  return new Promise((resolve) => {
    if (req.kind === 'tcpSocket') {
      const socket = connect({ host: req.host, port: req.port, timeout: req.timeoutMs });
      socket.once('connect', () => (socket.destroy(), resolve({ ok: true, detail: 'connected' })));
      socket.once('timeout', () => (socket.destroy(), resolve({ ok: false, detail: 'timeout' })));
      socket.once('error', (e) => resolve({ ok: false, detail: e.message }));
      return;
    }
    const url = new URL(req.url);
    const options = { method: 'GET', headers: req.headers, timeout: req.timeoutMs, rejectUnauthorized: false };
    const call = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const r = call(url, options, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      res.on('end', () => resolve({ ok: code >= 200 && code < 400, detail: `HTTP ${code} from ${req.url}` }));
    });
    r.on('timeout', () => r.destroy(new Error(`timeout after ${req.timeoutMs} ms`)));
    r.on('error', (e) => resolve({ ok: false, detail: `${req.url}: ${e.message}` }));
    r.end();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** test/testbed/ensure-podman.sh: podman and runc, installed with apt-get when missing. */
export function ensurePodman(): void {
  const r = spawnSync('bash', [join(REPO_ROOT, 'test/testbed/ensure-podman.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 30 * 60_000,
  });
  if (r.status !== 0) throw new Error('test/testbed/ensure-podman.sh failed; the in-cluster tests need podman and runc');
}
