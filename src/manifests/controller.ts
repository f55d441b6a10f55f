import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { labelSelector, labels, meta, selector, restrictedContainer, restrictedPod, type DeployModel, type Written } from './objects.js';
import type { PolicyRule } from './rbac.js';

// The controller manager in the cluster: its own ServiceAccount and least-privilege RBAC, and a Deployment of the
// server's image that runs /controller-manager. Written by build config for a project with controllers.

const COMPONENT = 'controller-manager';
export const CONTROLLER_METRICS_PORT = 8080;
export const CONTROLLER_PROBE_PORT = 8081;

/** controller-manager's name in the cluster: the Deployment, ServiceAccount and RBAC objects. */
export const controllerName = (m: Pick<DeployModel, 'name'>) => `${m.name}-controller`;
/** The labels that select the controller manager's pods, and the same as kubectl's -l takes them. */
export const controllerLabels = (m: Pick<DeployModel, 'name'>) => selector(m, COMPONENT);
export const controllerSelector = (m: Pick<DeployModel, 'name'>) => labelSelector(controllerLabels(m));
/** The Lease the replicas elect a leader with, in the namespace they run in (cmd/controller-manager's LeaderElectionID). */
export const leaseName = (m: Pick<DeployModel, 'project'>) => `${m.project.projectName}-controller-manager`;

/**
 * Cluster-wide, for objects in any namespace: its kinds read and watched (a controller changes only their status),
 * their status written, and Events about them recorded (events.k8s.io/v1, which the reconcilers' recorders use).
 */
export function controllerClusterRules(m: Pick<DeployModel, 'project'>): PolicyRule[] {
  // Each API group of the project's controlled kinds: their plurals, and those with a status.
  const byGroup = new Map<string, { plurals: Set<string>; statuses: Set<string> }>();
  for (const r of m.project.resources.filter((r) => r.controller)) {
    const group = `${r.group}.${m.project.domain}`;
    const g = byGroup.get(group) ?? { plurals: new Set(), statuses: new Set() };
    g.plurals.add(r.plural);
    if (r.subresources.some((s) => s.type === 'status')) g.statuses.add(`${r.plural}/status`);
    byGroup.set(group, g);
  }
  const rules: PolicyRule[] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const { plurals, statuses } = byGroup.get(group)!;
    rules.push({ apiGroups: [group], resources: [...plurals].sort(), verbs: ['get', 'list', 'watch'] });
    if (statuses.size) rules.push({ apiGroups: [group], resources: [...statuses].sort(), verbs: ['get', 'update', 'patch'] });
  }
  rules.push({ apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] });
  return rules;
}

/**
 * In its own namespace only: the one Lease of leader election (created once, then read and renewed by name; RBAC
 * cannot name an object on create), and the Events leader election records about it ("became leader"), which
 * controller-runtime still writes through the core API.
 */
export function leaderElectionRules(m: Pick<DeployModel, 'project'>): PolicyRule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [leaseName(m)], verbs: ['get', 'update'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

export function controllerObjects(
  m: DeployModel,
): Array<Written<ServiceAccount | ClusterRole | ClusterRoleBinding | Role | RoleBinding | Deployment>> {
  const name = controllerName(m);
  const subjects: Subject[] = [{ kind: 'ServiceAccount', name, namespace: m.namespace }];
  const probe = (path: string, period: number) => ({
    httpGet: { path, port: 'probes' },
    periodSeconds: period,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(m, name, COMPONENT) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(m, name, COMPONENT, null),
      rules: controllerClusterRules(m),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(m, name, COMPONENT, null),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(m, `${name}:leader-election`, COMPONENT),
      rules: leaderElectionRules(m),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(m, `${name}:leader-election`, COMPONENT),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}:leader-election` },
      subjects,
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(m, name, COMPONENT),
      spec: {
        replicas: 1,
        selector: { matchLabels: controllerLabels(m) },
        template: {
          metadata: { labels: labels(m, COMPONENT) },
          spec: {
            serviceAccountName: name,
            securityContext: restrictedPod(),
            terminationGracePeriodSeconds: 40,
            containers: [
              {
                name: COMPONENT,
                image: m.image,
                imagePullPolicy: 'IfNotPresent',
                command: ['/controller-manager'],
                args: [
                  '--leader-elect',
                  `--leader-election-namespace=${m.namespace}`,
                  `--metrics-bind-address=:${CONTROLLER_METRICS_PORT}`,
                  `--health-probe-bind-address=:${CONTROLLER_PROBE_PORT}`,
                ],
                ports: [
                  { name: 'metrics', containerPort: CONTROLLER_METRICS_PORT, protocol: 'TCP' },
                  { name: 'probes', containerPort: CONTROLLER_PROBE_PORT, protocol: 'TCP' },
                ],
                livenessProbe: { ...probe('/healthz', 10), initialDelaySeconds: 10 },
                readinessProbe: probe('/readyz', 5),
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
                securityContext: restrictedContainer(),
              },
            ],
          },
        },
      },
    },
  ];
}
