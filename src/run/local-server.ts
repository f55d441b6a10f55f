import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { SERVER_BINARY } from './build.js';
import { loopbackEtcdArgs, type EtcdChoice } from './etcd.js';
import { PKI_DIR, type LocalPki } from './local-pki.js';
import { freePort } from './ports.js';
import { waitUntilReady } from './readiness.js';
import type { Supervisor } from './supervisor.js';

const READY_TIMEOUT_MS = 120_000;

// The two processes of a local server, started under a supervisor that streams their logs and stops them:
// `run local` and `build docs` share them.

/** Starts etcd on free loopback ports with its data in `dataDir` (relative to cwd, or absolute); returns its URL. */
export async function startLocalEtcd(
  supervisor: Supervisor,
  o: { cwd: string; etcd: EtcdChoice; dataDir: string; log: (line: string) => void },
): Promise<string> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  mkdirSync(resolve(o.cwd, o.dataDir), { recursive: true, mode: 0o700 });
  const etcdServers = `http://127.0.0.1:${clientPort}`;
  o.log(
    `apiboot: starting etcd ${o.etcd.version} (${o.etcd.source === 'PATH' ? `from PATH: ${o.etcd.binary}` : 'bin/etcd'}) on ${etcdServers}, data in ${o.dataDir}`,
  );
  supervisor.start({
    name: 'etcd',
    command: o.etcd.binary,
    cwd: o.cwd,
    args: [...loopbackEtcdArgs({ name: 'local', dataDir: o.dataDir, clientPort, peerPort }), '--log-level=warn'],
  });
  const notReady = await waitUntilReady({ url: `${etcdServers}/health` }, () => !supervisor.hasExited('etcd'), 30_000);
  if (notReady) throw died('etcd', notReady, supervisor.lastLines('etcd'));
  return etcdServers;
}

/**
 * Starts bin/apiserver in standalone mode on 127.0.0.1 with the local certificates and waits until it is ready.
 * Without etcdServers (a project whose kinds are all served by handlers) it gets no etcd flag: it has none.
 */
export async function startStandaloneServer(
  supervisor: Supervisor,
  o: { cwd: string; port: number; etcdServers?: string; pki: LocalPki; log: (line: string) => void },
): Promise<void> {
  o.log(`apiboot: starting the server on https://127.0.0.1:${o.port}`);
  supervisor.start({
    name: 'apiserver',
    command: join(o.cwd, SERVER_BINARY),
    cwd: o.cwd,
    args: [
      '--standalone',
      ...(o.etcdServers ? [`--etcd-servers=${o.etcdServers}`] : []),
      '--bind-address=127.0.0.1',
      `--secure-port=${o.port}`,
      `--tls-cert-file=${PKI_DIR}/apiserver.crt`,
      `--tls-private-key-file=${PKI_DIR}/apiserver.key`,
      `--client-ca-file=${PKI_DIR}/ca.crt`,
    ],
  });
  const notReady = await waitUntilReady(
    { url: `https://127.0.0.1:${o.port}/readyz`, ca: o.pki.ca.certPem, client: o.pki.admin },
    () => !supervisor.hasExited('apiserver'),
    READY_TIMEOUT_MS,
  );
  if (notReady) throw died('apiserver', notReady, supervisor.lastLines('apiserver'));
}

export function died(name: string, why: string, lastLines: string[]): UserError {
  return new UserError(`${name} stopped: ${why}; its last log lines follow.`, lastLines.join('\n'));
}
