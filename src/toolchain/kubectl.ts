import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { run, tail } from './exec.js';
import { findOnPath } from './path.js';

export interface ClusterTarget {
  kubeconfig?: string;
  context?: string;
}

const NO_KUBECTL = 'kubectl was not found on PATH; install kubectl 1.35 or newer and put it on PATH.';

/** Where a kubectl's version stands against a Kubernetes release: kubectl supports one minor older or newer. */
export type KubectlSkew = 'within' | 'too old' | 'too new' | 'unknown';

/** Compares a kubectl client version ("v1.36.4", "v1.32.4-dispatcher") with a Kubernetes release ("1.37.2"). */
export function kubectlSkew(clientVersion: string, kubeVersion: string): KubectlSkew {
  const client = /^v?(\d+)\.(\d+)\./.exec(clientVersion);
  const kube = /^v?(\d+)\.(\d+)\./.exec(kubeVersion);
  if (!client || !kube || client[1] !== kube[1]) return 'unknown';
  const diff = Number(client[2]) - Number(kube[2]);
  return diff < -1 ? 'too old' : diff > 1 ? 'too new' : 'within';
}

export interface PathKubectl {
  binary: string;
  /** The client's gitVersion, such as v1.37.2; undefined when it does not say. */
  version?: string;
  skew: KubectlSkew;
}

/** The kubectl on PATH, if any, and how its version stands against the project's Kubernetes release. */
export function kubectlOnPath(kubeVersion: string): PathKubectl | undefined {
  const binary = findOnPath('kubectl');
  if (!binary) return undefined;
  const r = spawnSync(binary, ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 10_000 });
  let version: string | undefined;
  try {
    version = (JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    version = undefined;
  }
  return { binary, version, skew: version ? kubectlSkew(version, kubeVersion) : 'unknown' };
}

export class Kubectl {
  private readonly base: string[];

  constructor(
    private readonly target: ClusterTarget,
    private readonly cwd: string,
  ) {
    this.base = [
      ...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []),
      ...(target.context ? ['--context', target.context] : []),
    ];
  }

  run(args: string[], input?: string): Promise<string> {
    return run('kubectl', [...this.base, ...args], { cwd: this.cwd, input }, NO_KUBECTL);
  }

  /** Fails with one sentence when there is no kubeconfig, the context does not exist, or the cluster is silent. */
  async check(): Promise<void> {
    const file = this.target.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube/config');
    if (!existsSync(file)) {
      throw new UserError(`The kubeconfig ${file} does not exist; pass --kubeconfig with the file of your cluster.`);
    }
    if (this.target.context) {
      const contexts = (await this.run(['config', 'get-contexts', '-o', 'name'])).split('\n').map((s) => s.trim());
      if (!contexts.includes(this.target.context)) {
        throw new UserError(
          `The context "${this.target.context}" is not in the kubeconfig; pass --context with one of: ${contexts.filter(Boolean).join(', ')}.`,
        );
      }
    }
    try {
      await this.run(['get', '--raw', '/readyz', '--request-timeout=15s']);
    } catch (e) {
      const detail = e instanceof UserError ? (e.detail ?? '') : String(e);
      throw new UserError(
        `The cluster does not answer (${tail(detail, 1)
          .replace(/^error: /i, '')
          .replace(/\.$/, '')}); check the kubeconfig and context, and that the cluster is running.`,
      );
    }
  }
}
