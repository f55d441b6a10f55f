import { UserError } from '../errors.js';
import { groupVersions } from '../manifests/apiservice.js';
import type { ProjectRecord } from '../project/record.js';
import type { Kubectl } from '../toolchain/kubectl.js';
import { fail, pass, type CheckResult } from './check.js';

/** Whether kubectl's failure says the server has no APIServices at all: no aggregation layer is in front of it. */
export function noAggregationLayer(e: unknown): boolean {
  return e instanceof UserError && /doesn't have a resource type "apiservices"/.test(e.detail ?? '');
}

/**
 * What can be checked of a server that serves no APIServices: the project's own server running standalone (run
 * local), which kubectl reaches directly. Its readiness, and each group version of the project in its discovery.
 */
export async function standaloneChecks(kubectl: Kubectl, project: ProjectRecord): Promise<{ server: string; checks: CheckResult[] }> {
  const server =
    (await kubectl.run(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}']).catch(() => '')).trim() ||
    'the server';
  const checks: CheckResult[] = [];
  try {
    await kubectl.run(['get', '--raw', '/readyz']);
    checks.push(pass('server readiness', `${server} answers /readyz with ok`));
  } catch (e) {
    const why = e instanceof UserError ? (e.detail ?? e.message).split('\n').pop() : String(e);
    checks.push(
      fail('server readiness', `${server} is not ready (${why})`, 'Read the [apiserver] lines of apiboot run local for the cause.'),
    );
  }
  for (const { group, version } of groupVersions(project)) {
    const name = `group version ${group}/${version}`;
    try {
      await kubectl.run(['get', '--raw', `/apis/${group}/${version}`]);
      checks.push(pass(name, 'served by this server itself'));
    } catch {
      checks.push(
        fail(
          name,
          `${server} does not serve it`,
          "Check that the kubeconfig points at this project's server, and restart apiboot run local so it runs a server built from the current code.",
        ),
      );
    }
  }
  return { server, checks };
}

/** Said beside the checks: why there is nothing more to check, and where to look instead. */
export function standaloneNote(server: string): string {
  return `${server} serves no APIServices: it is not a cluster with kube-apiserver's aggregation layer but, by all signs, this project's server running standalone (apiboot run local), which kubectl reaches directly, so there is no APIService, Service, Deployment, certificate or RBAC to check. Its own log (the [apiserver] lines of run local) says what it does; to check a deployment, run doctor with the --kubeconfig or --context of the cluster after apiboot run in-cluster.`;
}
