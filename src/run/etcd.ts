import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '../toolchain/go.js';
import { findOnPath } from '../toolchain/path.js';

/** The oldest etcd Kubernetes recommends; an older one on PATH is passed over for the project's own build. */
export const MIN_ETCD = '3.5.11';
export const PROJECT_ETCD = 'bin/etcd';

export interface EtcdChoice {
  binary: string;
  version: string;
  source: 'PATH' | 'project';
}

export function etcdVersion(binary: string): string | undefined {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return /etcd Version:\s*(\S+)/.exec(r.stdout)?.[1];
}

/**
 * An etcd with no install step and no build: one on PATH that is new enough, else bin/etcd when it is the version
 * the project's module graph pins (k8s.io/apiserver depends on go.etcd.io/etcd/server/v3). Undefined when bin/etcd
 * must be built (run/build.ts builds it together with the server).
 */
export function findEtcd(cwd: string, wantVersion: string): EtcdChoice | undefined {
  const pathEtcd = findOnPath('etcd');
  const onPath = pathEtcd ? etcdVersion(pathEtcd) : undefined;
  if (pathEtcd && onPath && compareVersions(onPath, MIN_ETCD) >= 0) return { binary: pathEtcd, version: onPath, source: 'PATH' };
  const binary = join(cwd, PROJECT_ETCD);
  const built = existsSync(binary) ? etcdVersion(binary) : undefined;
  if (built && `v${built}` === wantVersion) return { binary, version: built, source: 'project' };
  return undefined;
}

/** bin/etcd once built. */
export function builtEtcd(cwd: string): EtcdChoice {
  const binary = join(cwd, PROJECT_ETCD);
  const version = etcdVersion(binary);
  if (!version) throw new Error(`${PROJECT_ETCD} was built but does not run`);
  return { binary, version, source: 'project' };
}

export interface LoopbackEtcd {
  /** The member name, also used in --initial-cluster. */
  name: string;
  dataDir: string;
  clientPort: number;
  peerPort: number;
}

/**
 * The flags of a single-member etcd listening on 127.0.0.1 only. The defaults name localhost:2380 as the peer URL,
 * and a single member must agree with itself about it, so the peer flags are set too.
 */
export function loopbackEtcdArgs(e: LoopbackEtcd): string[] {
  const client = `http://127.0.0.1:${e.clientPort}`;
  const peer = `http://127.0.0.1:${e.peerPort}`;
  return [
    `--name=${e.name}`,
    `--data-dir=${e.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${e.name}=${peer}`,
  ];
}
