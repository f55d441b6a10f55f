import {
  leaseAgeSeconds,
  podReady,
  podState,
  readyReplicas,
  type DeploymentView,
  type LeaseView,
  type PodStatusView,
} from '../run/workloads.js';
import { fail, pass, type CheckResult } from './check.js';

/** A Deployment has as many ready replicas as it asks for. */
export function deploymentCheck(
  namespace: string,
  name: string,
  deployment: DeploymentView | undefined,
  fixes: { missing: string; podCheck: string },
): CheckResult {
  const check = `Deployment ${namespace}/${name}`;
  if (!deployment) return fail(check, 'it does not exist', fixes.missing);
  const { ready, wanted } = readyReplicas(deployment);
  const detail = `${ready}/${wanted} replicas ready`;
  return ready >= wanted
    ? pass(check, detail)
    : fail(
        check,
        detail,
        `See why with kubectl describe deployment -n ${namespace} ${name}; the ${fixes.podCheck} check says what its pods wait for.`,
      );
}

/** Every pod a Deployment selects is Ready; for those that are not, each one's state. */
export function podsCheck(check: string, namespace: string, pods: PodStatusView[], selector: string): CheckResult {
  if (pods.length === 0) {
    return fail(
      check,
      "no pod matches the Deployment's selector",
      `See why none was created with kubectl describe replicasets -n ${namespace} -l ${selector}.`,
    );
  }
  const notReady = pods.filter((p) => !podReady(p));
  if (notReady.length === 0) return pass(check, `${pods.length} of ${pods.length} Ready`);
  const states = notReady.map((p) => `${p.metadata.name} (${podState(p)})`).join('; ');
  const first = notReady[0]!.metadata.name;
  return fail(
    check,
    `${notReady.length} of ${pods.length} not Ready: ${states}`,
    `Read its log and events: kubectl logs -n ${namespace} ${first} and kubectl describe pod -n ${namespace} ${first}.`,
  );
}

/** client-go's default, for a Lease that does not say how long it lasts. */
const DEFAULT_LEASE_SECONDS = 15;

/**
 * The controller manager's Lease has a holder that renewed it within the time the Lease lasts: past that, another
 * replica may take it, and a holder that stopped renewing has stopped leading. Judged by this machine's clock against
 * the cluster's renewTime: a clock ahead of the cluster's by more than the Lease lasts would fail a live leader.
 */
export function leaseCheck(namespace: string, name: string, lease: LeaseView | undefined, now: Date, deployment: string): CheckResult {
  const check = `Lease ${namespace}/${name}`;
  const start = `Make the controller manager run (the Deployment and pod checks above say why it does not), then read why it takes no Lease in its log: kubectl logs -n ${namespace} deployment/${deployment}.`;
  if (!lease) return fail(check, 'it does not exist: no controller manager has led here', start);
  if (!lease.holder) return fail(check, 'it has no holder: the last leader released it and no replica took it over', start);
  const lasts = lease.durationSeconds ?? DEFAULT_LEASE_SECONDS;
  const age = leaseAgeSeconds(lease, now);
  if (age === undefined || age > lasts) {
    const when = age === undefined ? 'never renewed' : `last renewed ${Math.round(age)} s ago, longer than the ${lasts} s it lasts`;
    return fail(
      check,
      `held by ${lease.holder}, but ${when}: that holder has stopped leading`,
      `Read the controller manager's log for why it stopped renewing (kubectl logs -n ${namespace} deployment/${deployment}); a refusal there names the rule its Role lacks.`,
    );
  }
  return pass(check, `held by ${lease.holder}, renewed ${Math.max(0, Math.round(age))} s ago`);
}

/** What doctor reads of the controller manager: its Deployment, the pods it selects, and its Lease. */
export interface ControllerFound {
  namespace: string;
  /** The Deployment's name and the Lease's, as build config writes them. */
  deployment: string;
  lease: string;
  /** The label selector of the Deployment's pods. */
  selector: string;
  found: { deployment?: DeploymentView; pods: PodStatusView[]; lease?: LeaseView };
  now: Date;
}

/** The controller manager of a project with controllers: its Deployment ready, each pod's state, and a live leader. */
export function controllerChecks(c: ControllerFound): CheckResult[] {
  const { namespace, found } = c;
  const checks = [
    deploymentCheck(namespace, c.deployment, found.deployment, {
      missing: 'Apply controller.yaml from apiboot build config (kubectl apply --server-side -k config/).',
      podCheck: 'controller pod',
    }),
  ];
  if (found.deployment) checks.push(podsCheck('controller pods ready', namespace, found.pods, c.selector));
  checks.push(leaseCheck(namespace, c.lease, found.lease, c.now, c.deployment));
  return checks;
}
