import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { run, tail } from './exec.js';

export interface ClusterTarget {
  kubeconfig?: string;
  context?: string;
}

const NO_KUBECTL = 'kubectl was not found on PATH; install kubectl 1.35 or newer and put it on PATH.';

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
        `The cluster does not answer (${tail(detail, 1).replace(/^error: /i, '').replace(/\.$/, '')}); check the kubeconfig and context, and that the cluster is running.`,
      );
    }
  }
}
