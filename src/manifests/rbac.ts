import type { ClusterRole, ClusterRoleBinding, PolicyRule as RBACPolicyRule, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import { parseForKind } from '../project/builtin-kinds.js';
import { isHandlerBacked, type ProjectRecord } from '../project/record.js';
import { meta, type DeployModel, type Written } from './objects.js';

// The server's identity and rights: its ServiceAccount, the ClusterRole of what it reads, and the bindings that
// let it delegate authentication and authorization to the kube-apiserver.

export function serviceAccount(m: DeployModel): Written<ServiceAccount> {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(m, m.name, 'apiserver') };
}

/**
 * What the server itself reads from the cluster in delegated mode, all through informers (list and watch): namespaces
 * for the NamespaceLifecycle admission plugin, admission webhook and policy configurations, and API priority and
 * fairness objects; and get and list on the parents of its foreign subresources (deployments/compositions reads one
 * Deployment, or lists them for the name *).
 * Nothing else: a server started with this role logs no forbidden request.
 */
export function clusterRole(m: DeployModel): Written<ClusterRole> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(m, m.name, 'apiserver', null),
    rules: serverRules(m.project),
  };
}

/** An RBAC rule, as a ClusterRole or Role lists it. */
export type PolicyRule = Required<Pick<RBACPolicyRule, 'apiGroups' | 'resources' | 'verbs'>> & Pick<RBACPolicyRule, 'resourceNames'>;

/** The rules of the server's ClusterRole; `doctor` checks each with a SubjectAccessReview. */
export function serverRules(project: ProjectRecord): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] },
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: [
        'mutatingwebhookconfigurations',
        'validatingwebhookconfigurations',
        'validatingadmissionpolicies',
        'validatingadmissionpolicybindings',
        'mutatingadmissionpolicies',
        'mutatingadmissionpolicybindings',
      ],
      verbs: ['list', 'watch'],
    },
    {
      apiGroups: ['flowcontrol.apiserver.k8s.io'],
      resources: ['prioritylevelconfigurations', 'flowschemas'],
      verbs: ['list', 'watch'],
    },
    ...foreignParentRules(project),
  ];
}

/**
 * Kinds whose objects hold credentials or lead to them: a server that may get every Secret (or ServiceAccount, which
 * names its token Secrets) of the cluster is worth stealing, so build config grants it only when asked in so many words.
 */
const SENSITIVE_READS: Record<string, string[]> = { '': ['secrets', 'serviceaccounts'] };

/** The parents of foreign subresources whose reads are sensitive, as `GROUP/VERSION/KIND` (`v1/Secret`). */
export function sensitiveParentReads(project: ProjectRecord): string[] {
  return [
    ...new Set(
      (project.foreignSubresources ?? [])
        .filter((f) => {
          const parent = parseForKind(f.forKind);
          return (SENSITIVE_READS[parent.group] ?? []).includes(parent.plural);
        })
        .map((f) => f.forKind),
    ),
  ].sort();
}

/** One line per rule the ClusterRole gains for foreign subresources, for build config to print. */
export function describeParentRules(m: Pick<DeployModel, 'project' | 'name'>): string[] {
  return foreignParentRules(m.project).map((r) => {
    const group = r.apiGroups[0];
    const verbs = r.verbs.length > 2 ? `${r.verbs.slice(0, -1).join(', ')} and ${r.verbs.at(-1)}` : r.verbs.join(' and ');
    return `ClusterRole ${m.name} may ${verbs} ${r.resources.join(', ')} in ${group ? `API group ${group}` : 'the core group'}, in every namespace`;
  });
}

/**
 * One get and list rule per API group whose kinds the project's foreign subresources read (list for the name `*`),
 * and get, list and watch on pods in the core group for handler-backed kinds, whose scaffolded handler computes its
 * objects from pods it reads through an informer.
 */
function foreignParentRules(project: ProjectRecord): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const f of project.foreignSubresources ?? []) {
    const parent = parseForKind(f.forKind);
    byGroup.set(parent.group, (byGroup.get(parent.group) ?? new Set()).add(parent.plural));
  }
  const handlerBacked = project.resources.some(isHandlerBacked);
  if (handlerBacked) byGroup.set('', (byGroup.get('') ?? new Set()).add('pods'));
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, plurals]) => ({
      apiGroups: [group],
      resources: [...plurals].sort(),
      verbs: handlerBacked && group === '' ? ['get', 'list', 'watch'] : ['get', 'list'],
    }));
}

function subject(m: DeployModel): Subject[] {
  return [{ kind: 'ServiceAccount', name: m.name, namespace: m.namespace }];
}

export function rbac(m: DeployModel): Array<Written<ServiceAccount | ClusterRole | ClusterRoleBinding | RoleBinding>> {
  return [
    serviceAccount(m),
    clusterRole(m),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(m, m.name, 'apiserver', null),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: m.name },
      subjects: subject(m),
    },
    {
      // Lets the server ask the kube-apiserver to authenticate (TokenReview) and authorize (SubjectAccessReview).
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(m, `${m.name}:system:auth-delegator`, 'apiserver', null),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: subject(m),
    },
    {
      // Lets the server read the client CA and request-header settings the aggregation layer publishes.
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(m, `${m.name}:extension-apiserver-authentication-reader`, 'apiserver', 'kube-system'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: subject(m),
    },
  ];
}
