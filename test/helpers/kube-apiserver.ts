import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCA, issueCert, type KeyPair } from '../../src/certs/index.js';
import { loopbackEtcdArgs } from '../../src/run/etcd.js';
import { freePort } from '../../src/run/ports.js';
import { testbedTool } from './testbed.js';

/** A user of the static token file: authenticated by `token`, a member of `groups`. */
export interface BedUser {
  name: string;
  token: string;
  groups: string[];
}

export interface KubeApiserverBedOptions {
  /** Extra static-token users besides `admin` (which is in system:masters). The token file is read once at start. */
  users?: Array<{ name: string; groups?: string[]; token?: string }>;
  /** Extra kube-apiserver flags, appended last so they win over the defaults. */
  extraArgs?: string[];
  /** Time allowed for etcd and then kube-apiserver to become ready. */
  readyTimeoutMs?: number;
}

/**
 * A real kube-apiserver with its own etcd, on 127.0.0.1 only, set up for API aggregation: front-proxy CA and
 * client certificate, request-header flags, RBAC, service-account tokens (TokenRequest works; there is no
 * controller-manager, so namespaces are never finalized and nothing is garbage-collected).
 *
 *   const bed = new KubeApiserverBed({ users: [{ name: 'alice' }] });
 *   await bed.start();
 *   ... kubectl --kubeconfig bed.kubeconfig ...; bed.kubeconfigForToken(bed.user('alice').token, 'alice')
 *   await bed.stop();
 */
export class KubeApiserverBed {
  /**
   * Temporary folder holding certificates, kubeconfigs, the etcd data and the logs; made by start(), removed by
   * stop(). When start() fails it is kept (the error carries the log tail; the rest is there to read).
   */
  dir = '';
  /** https://127.0.0.1:PORT */
  server = '';
  /** Admin kubeconfig (static token in system:masters), verifying the server against `caPem`. */
  kubeconfig = '';
  /** The CA that signed the kube-apiserver serving certificate. */
  caPem = '';
  /** The front-proxy CA: what an aggregated server must trust for X-Remote-User requests. */
  frontProxyCaPem = '';
  etcdUrl = '';
  readonly users: BedUser[];

  private readonly opts: KubeApiserverBedOptions;
  private clientCa?: KeyPair;
  private etcd?: ChildProcess;
  private apiserver?: ChildProcess;
  private readonly killOnExit = () => {
    // Last resort if the test process dies without stop(): never leave a server behind.
    this.apiserver?.kill('SIGKILL');
    this.etcd?.kill('SIGKILL');
  };

  constructor(opts: KubeApiserverBedOptions = {}) {
    this.opts = opts;
    const token = () => randomBytes(16).toString('hex');
    this.users = [
      { name: 'admin', token: token(), groups: ['system:masters'] },
      ...(opts.users ?? []).map((u) => ({ name: u.name, token: u.token ?? token(), groups: u.groups ?? [] })),
    ];
  }

  /** A static-token user by name (`admin` is always there). */
  user(name: string): BedUser {
    const u = this.users.find((x) => x.name === name);
    if (!u) throw new Error(`no static token user ${name}`);
    return u;
  }

  /** Log files, for failure messages. */
  logs(): { etcd: string; apiserver: string } {
    const read = (f: string) => {
      try {
        return readFileSync(join(this.dir, f), 'utf8');
      } catch {
        return '';
      }
    };
    return { etcd: read('etcd.log'), apiserver: read('kube-apiserver.log') };
  }

  async start(): Promise<void> {
    const timeout = this.opts.readyTimeoutMs ?? 60_000;
    const etcdBin = testbedTool('etcd');
    const apiserverBin = testbedTool('kube-apiserver');
    this.dir = mkdtempSync(join(tmpdir(), 'apiboot-kas-'));
    process.once('exit', this.killOnExit);
    try {
      await this.startEtcd(etcdBin, timeout);
      await this.startApiserver(apiserverBin, timeout);
    } catch (e) {
      await this.stop(false);
      throw e;
    }
  }

  private async startEtcd(bin: string, timeoutMs: number): Promise<void> {
    const [client, peer] = [await freePort(), await freePort()];
    this.etcdUrl = `http://127.0.0.1:${client}`;
    this.etcd = this.spawnLogged(bin, 'etcd.log', [
      ...loopbackEtcdArgs({ name: 'bed', dataDir: join(this.dir, 'etcd-data'), clientPort: client, peerPort: peer }),
      // Throwaway data: skipping fsync makes every write (and so the whole bed) much faster.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await waitFor(
      async () => (await httpGet(`${this.etcdUrl}/health`)).includes('"health":"true"'),
      timeoutMs,
      'etcd /health',
      () => this.exitedError(this.etcd, 'etcd'),
    );
  }

  private async startApiserver(bin: string, timeoutMs: number): Promise<void> {
    const file = (name: string, content: string) => {
      const path = join(this.dir, name);
      writeFileSync(path, content, { mode: 0o600 });
      return path;
    };
    // Serving certificate: kubectl and the tests reach the server as 127.0.0.1 (or localhost).
    const ca = createCA('kube-apiserver-bed-ca');
    this.caPem = ca.certPem;
    const serving = issueCert(ca, {
      commonName: 'kube-apiserver',
      dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
      ipAddresses: ['127.0.0.1'],
      usage: 'server',
      validityDays: 2,
    });
    // Front proxy: the aggregator calls aggregated servers with this client certificate and puts the user in
    // X-Remote-* headers; aggregated servers learn the CA and the allowed name from the
    // kube-system/extension-apiserver-authentication configmap that kube-apiserver publishes from these flags.
    const frontProxyCa = createCA('front-proxy-ca');
    this.frontProxyCaPem = frontProxyCa.certPem;
    const proxyClient: KeyPair = issueCert(frontProxyCa, {
      commonName: 'front-proxy-client',
      usage: 'client',
      validityDays: 2,
    });
    // Client certificates (--client-ca-file). Tokens would do for the tests, but kube-apiserver publishes this CA
    // as client-ca-file in extension-apiserver-authentication, and without it every aggregated server logs
    // 'missing content for CA bundle "client-ca::...::client-ca-file"' over and over. A real cluster has one.
    this.clientCa = createCA('kube-apiserver-bed-client-ca');
    // Service-account tokens (kubectl create token): one RSA key, private half signs, public half verifies.
    const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const port = await freePort();
    this.server = `https://127.0.0.1:${port}`;
    // token,user,uid[,"group1,group2"]: an empty fourth column would make a group named "".
    const tokens =
      this.users.map((u) => [u.token, u.name, u.name, ...(u.groups.length > 0 ? [`"${u.groups.join(',')}"`] : [])].join(',')).join('\n') +
      '\n';
    const args = [
      `--etcd-servers=${this.etcdUrl}`,
      '--bind-address=127.0.0.1',
      // Otherwise it picks the address of the default-route interface and names it as the cluster's endpoint.
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${file('apiserver.crt', serving.certPem)}`,
      `--tls-private-key-file=${file('apiserver.key', serving.keyPem)}`,
      // Endpoints refuse loopback addresses, and nothing here routes to the `kubernetes` service anyway.
      '--endpoint-reconciler-type=none',
      // Only an allocation range for Service cluster IPs; no traffic ever goes there.
      '--service-cluster-ip-range=10.96.0.0/16',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${file('sa.pub', sa.publicKey.export({ type: 'spki', format: 'pem' }).toString())}`,
      `--service-account-signing-key-file=${file('sa.key', sa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())}`,
      `--token-auth-file=${file('tokens.csv', tokens)}`,
      `--client-ca-file=${file('client-ca.crt', this.clientCa.certPem)}`,
      '--authorization-mode=RBAC',
      `--requestheader-client-ca-file=${file('front-proxy-ca.crt', frontProxyCa.certPem)}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${file('front-proxy-client.crt', proxyClient.certPem)}`,
      `--proxy-client-key-file=${file('front-proxy-client.key', proxyClient.keyPem)}`,
      // Never write outside our folder (the default cert dir is /var/run/kubernetes).
      `--cert-dir=${join(this.dir, 'cert-dir')}`,
      '--profiling=false',
      ...(this.opts.extraArgs ?? []),
    ];
    this.apiserver = this.spawnLogged(bin, 'kube-apiserver.log', args);
    this.kubeconfig = this.kubeconfigForToken(this.user('admin').token, 'admin', 'admin.kubeconfig');
    const admin = this.user('admin').token;
    await waitFor(
      async () => (await httpGet(`${this.server}/readyz`, { ca: this.caPem, token: admin })) === 'ok',
      timeoutMs,
      'kube-apiserver /readyz',
      () => this.exitedError(this.apiserver, 'kube-apiserver'),
    );
  }

  /** A kubeconfig for a bearer token (a static user's, or a service account's from `kubectl create token`). */
  kubeconfigForToken(token: string, user: string, fileName = `${user.replace(/[^\w.-]/g, '_')}.kubeconfig`): string {
    return this.writeKubeconfig(fileName, user, { token });
  }

  /** A kubeconfig for a client certificate of `user` in `groups`, signed by the bed's client CA. */
  kubeconfigForClientCert(user: string, groups: string[] = [], fileName = `${user.replace(/[^\w.-]/g, '_')}-cert.kubeconfig`): string {
    if (!this.clientCa) throw new Error('start() first: the client CA does not exist yet');
    const pair = issueCert(this.clientCa, { commonName: user, organizations: groups, usage: 'client', validityDays: 2 });
    return this.writeKubeconfig(fileName, user, {
      'client-certificate-data': Buffer.from(pair.certPem).toString('base64'),
      'client-key-data': Buffer.from(pair.keyPem).toString('base64'),
    });
  }

  private writeKubeconfig(fileName: string, user: string, credentials: Record<string, string>): string {
    if (!this.server) throw new Error('start() first: the server URL is not known yet');
    // JSON is YAML, so kubectl and client-go read it as is. The server is verified against its CA: never insecure.
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'bed', cluster: { server: this.server, 'certificate-authority-data': Buffer.from(this.caPem).toString('base64') } },
      ],
      users: [{ name: user, user: credentials }],
      contexts: [{ name: user, context: { cluster: 'bed', user } }],
      'current-context': user,
    };
    const path = join(this.dir, fileName);
    writeFileSync(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    return path;
  }

  /**
   * Stops kube-apiserver, then etcd (SIGTERM, SIGKILL after 10 s), waits for both to exit, removes the folder.
   * If the test process exits without calling it, an exit hook SIGKILLs both (a process killed by a signal runs
   * no hooks: call stop() in a finally/after).
   */
  async stop(removeDir = true): Promise<void> {
    await stopProcess(this.apiserver);
    await stopProcess(this.etcd);
    this.apiserver = this.etcd = undefined;
    process.removeListener('exit', this.killOnExit);
    if (removeDir && this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private spawnLogged(bin: string, logName: string, args: string[]): ChildProcess {
    // The child writes its log straight to a file: nothing to drain, and the log survives the child.
    const fd = openSync(join(this.dir, logName), 'a');
    try {
      const child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
      // A failed spawn also shows as an exit, which waitFor reports; without a listener 'error' would crash us.
      child.on('error', () => {});
      return child;
    } finally {
      closeSync(fd);
    }
  }

  private exitedError(child: ChildProcess | undefined, what: string): Error | undefined {
    if (child && child.exitCode === null && child.signalCode === null) return undefined;
    const log = what === 'etcd' ? this.logs().etcd : this.logs().apiserver;
    return new Error(`${what} exited (${child?.exitCode ?? child?.signalCode}):\n${log.split('\n').slice(-40).join('\n')}`);
  }
}

/** GET a URL (http or https with a CA and bearer token); the body, or '' on any error. */
function httpGet(url: string, auth?: { ca: string; token: string }): Promise<string> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const done = (s: string) => resolve(s);
    const opts = { timeout: 2000, ...(auth ? { ca: auth.ca, headers: { Authorization: `Bearer ${auth.token}` } } : {}) };
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, opts, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => done(res.statusCode === 200 ? body : ''));
      res.on('error', () => done(''));
    });
    req.on('error', () => done(''));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, dead: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const err = dead();
    if (err) throw err;
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
