import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { compareVersions, go } from '../toolchain/go.js';

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
 * An etcd with no install step: one on PATH that is new enough, else the one the project's module graph already
 * pins (k8s.io/apiserver depends on go.etcd.io/etcd/server/v3), built once into bin/etcd.
 */
export async function resolveEtcd(cwd: string, wantVersion: string, onBuild: () => void): Promise<EtcdChoice> {
  const pathEtcd = findOnPath('etcd');
  const onPath = pathEtcd ? etcdVersion(pathEtcd) : undefined;
  if (pathEtcd && onPath && compareVersions(onPath, MIN_ETCD) >= 0) return { binary: pathEtcd, version: onPath, source: 'PATH' };
  const binary = join(cwd, PROJECT_ETCD);
  const built = existsSync(binary) ? etcdVersion(binary) : undefined;
  if (built && `v${built}` === wantVersion) return { binary, version: built, source: 'project' };
  onBuild();
  await go(['build', '-trimpath', '-o', PROJECT_ETCD, 'go.etcd.io/etcd/server/v3'], { cwd });
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

/** The absolute path of an executable on PATH, so logs and process lists name the file that runs. */
function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
