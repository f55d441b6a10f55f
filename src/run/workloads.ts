import type { Deployment, DeploymentCondition } from 'kubernetes-types/apps/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { ContainerStateTerminated, ContainerStateWaiting, Pod } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { labelSelector } from '../manifests/objects.js';
import type { Kubectl } from '../toolchain/kubectl.js';

// What the cluster says of a deployed server's workloads: Deployments, their pods and the controller manager's
// Lease, read with kubectl and summed up in words. run in-cluster waits on them; doctor judges them.

/** A condition of a Deployment, an APIService or a pod, as far as this code reads one. */
export type Condition = Pick<DeploymentCondition, 'type' | 'status' | 'reason' | 'message'>;

/** What is read of an object: its kind's fields, every one optional, since a reader must not count on any. */
export type Partially<T> =
  T extends Array<infer U>
    ? Array<Partially<U>>
    : T extends Record<string, string>
      ? T
      : T extends object
        ? { [K in keyof T]?: Partially<T[K]> }
        : T;
/** An object as the API server returns it: it always has a name. */
export type Named<T extends { metadata?: ObjectMeta }> = Partially<T> & { metadata: Partially<ObjectMeta> & { name: string } };
/** A List as kubectl get -o json prints it. */
export interface List<T> {
  items?: T[];
}

export type DeploymentView = Named<Deployment>;
export type PodStatusView = Named<Pod>;

/** What a Lease says of its leader. */
export interface LeaseView {
  holder: string;
  renewTime: string;
  /** How long the Lease lasts after a renewal before another candidate may take it. */
  durationSeconds?: number;
}

/** The Deployment `name` in `namespace`; undefined when there is none. */
export async function readDeployment(kubectl: Kubectl, namespace: string, name: string): Promise<DeploymentView | undefined> {
  // A field selector lists nothing where `get NAME` would fail: absence is an answer here, not an error.
  const out = JSON.parse(
    await kubectl.run(['get', 'deployments', '-n', namespace, '--field-selector', `metadata.name=${name}`, '-o', 'json']),
  );
  return (out as List<DeploymentView>).items?.[0];
}

/** The pods a label selector matches in `namespace`. */
export async function readPods(kubectl: Kubectl, namespace: string, selector: string): Promise<PodStatusView[]> {
  const out: List<PodStatusView> = JSON.parse(
    await kubectl.run(['get', 'pods', '-n', namespace, ...(selector ? ['-l', selector] : []), '-o', 'json']),
  );
  return out.items ?? [];
}

/** The Lease `name` in `namespace`; undefined when there is none. */
export async function readLease(kubectl: Kubectl, namespace: string, name: string): Promise<LeaseView | undefined> {
  const out = JSON.parse(await kubectl.run(['get', 'leases', '-n', namespace, '--field-selector', `metadata.name=${name}`, '-o', 'json']));
  const lease = (out as List<Partially<Lease>>).items?.[0];
  return (
    lease && {
      holder: lease.spec?.holderIdentity ?? '',
      renewTime: lease.spec?.renewTime ?? '',
      durationSeconds: lease.spec?.leaseDurationSeconds,
    }
  );
}

/** A Deployment's selector as kubectl's -l takes it. */
export const selectorOf = (deployment: DeploymentView) => labelSelector(deployment.spec?.selector?.matchLabels ?? {});

export const readyReplicas = (deployment: DeploymentView) => ({
  ready: deployment.status?.readyReplicas ?? 0,
  wanted: deployment.spec?.replicas ?? 1,
});

/** A Deployment's ready replicas and conditions, in one line. */
export function deploymentState(deployment: DeploymentView): string {
  const { ready, wanted } = readyReplicas(deployment);
  const conditions = deployment.status?.conditions ?? [];
  if (conditions.length === 0) return `${ready}/${wanted} ready, no conditions yet (no controller has acted on it)`;
  return `${ready}/${wanted} ready; ${conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`).join('; ')}`;
}

export const podReady = (pod: PodStatusView) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** A pod's phase and each container's state, as kubectl describe would sum them up. */
export function podState(pod: PodStatusView): string {
  const s = pod.status ?? {};
  const parts = [s.phase ?? 'Unknown'];
  if (s.reason) parts.push(`${s.reason}${s.message ? `: ${s.message}` : ''}`);
  const unscheduled = s.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) parts.push(`not scheduled (${unscheduled.reason ?? ''}${unscheduled.message ? `: ${unscheduled.message}` : ''})`);
  for (const c of s.containerStatuses ?? []) {
    // One state is set at a time; running's has no reason to give.
    const [state, detail]: [string, Partially<ContainerStateTerminated & ContainerStateWaiting> | undefined] = Object.entries(
      c.state ?? {},
    )[0] ?? ['unknown', undefined];
    const why = detail?.reason
      ? ` ${detail.reason}${detail.exitCode !== undefined ? ` (exit ${detail.exitCode})` : ''}${detail.message ? `: ${detail.message}` : ''}`
      : '';
    parts.push(`${c.name} ${state}${why}, ${c.ready ? 'ready' : 'not ready'}, ${c.restartCount ?? 0} restarts`);
  }
  return parts.join('; ');
}

/**
 * Whether a leader is at work: the Lease is held and was written since the wait began (taken, or renewed: a leader
 * renews every few seconds). Clock-free: a stale Lease left by a controller that has stopped is never renewed, however
 * recent its renewTime looks on this machine's clock.
 */
export function leaderAtWork(first: LeaseView | undefined, now: LeaseView | undefined): boolean {
  if (!now?.holder) return false;
  return !first || first.holder !== now.holder || first.renewTime !== now.renewTime;
}

/** One line on a Lease's state for the progress display and the timeout message. */
export function describeLease(lease: string, first: LeaseView | undefined, now: LeaseView | undefined): string {
  if (!now) return `no Lease ${lease} yet: no controller manager has started`;
  if (!now.holder) return `the Lease ${lease} has no holder`;
  if (leaderAtWork(first, now)) return `held by ${now.holder}`;
  return `the Lease ${lease} names ${now.holder}, last renewed ${now.renewTime || 'never'}, and has not been renewed since this wait began`;
}

/** Seconds since the Lease was last renewed, by this machine's clock; undefined when it never was. */
export function leaseAgeSeconds(lease: LeaseView, now: Date): number | undefined {
  const renewed = Date.parse(lease.renewTime);
  return Number.isNaN(renewed) ? undefined : (now.getTime() - renewed) / 1000;
}
