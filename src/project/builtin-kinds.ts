import { UserError } from '../errors.js';

/**
 * Kinds of k8s.io/api that `create subresource --for-kind` can add a subresource to. The table gives their scope,
 * which the Go types do not carry, and keeps a typo from producing a project that does not compile.
 */
const BUILTIN: Record<string, { dir: string; versions: Record<string, { namespaced: string[]; cluster: string[] }> }> = {
  '': {
    dir: 'core',
    versions: {
      v1: {
        namespaced: [
          'ConfigMap',
          'Endpoints',
          'Event',
          'LimitRange',
          'PersistentVolumeClaim',
          'Pod',
          'PodTemplate',
          'ReplicationController',
          'ResourceQuota',
          'Secret',
          'Service',
          'ServiceAccount',
        ],
        cluster: ['Namespace', 'Node', 'PersistentVolume'],
      },
    },
  },
  apps: {
    dir: 'apps',
    versions: { v1: { namespaced: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], cluster: [] } },
  },
  batch: { dir: 'batch', versions: { v1: { namespaced: ['CronJob', 'Job'], cluster: [] } } },
  autoscaling: {
    dir: 'autoscaling',
    versions: {
      v1: { namespaced: ['HorizontalPodAutoscaler'], cluster: [] },
      v2: { namespaced: ['HorizontalPodAutoscaler'], cluster: [] },
    },
  },
  policy: { dir: 'policy', versions: { v1: { namespaced: ['PodDisruptionBudget'], cluster: [] } } },
  'networking.k8s.io': { dir: 'networking', versions: { v1: { namespaced: ['Ingress', 'NetworkPolicy'], cluster: ['IngressClass'] } } },
  'rbac.authorization.k8s.io': {
    dir: 'rbac',
    versions: { v1: { namespaced: ['Role', 'RoleBinding'], cluster: ['ClusterRole', 'ClusterRoleBinding'] } },
  },
  'storage.k8s.io': {
    dir: 'storage',
    versions: { v1: { namespaced: ['CSIStorageCapacity'], cluster: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'] } },
  },
  'coordination.k8s.io': { dir: 'coordination', versions: { v1: { namespaced: ['Lease'], cluster: [] } } },
  'discovery.k8s.io': { dir: 'discovery', versions: { v1: { namespaced: ['EndpointSlice'], cluster: [] } } },
  'scheduling.k8s.io': { dir: 'scheduling', versions: { v1: { namespaced: [], cluster: ['PriorityClass'] } } },
  'node.k8s.io': { dir: 'node', versions: { v1: { namespaced: [], cluster: ['RuntimeClass'] } } },
  'certificates.k8s.io': { dir: 'certificates', versions: { v1: { namespaced: [], cluster: ['CertificateSigningRequest'] } } },
  'admissionregistration.k8s.io': {
    dir: 'admissionregistration',
    versions: {
      v1: {
        namespaced: [],
        cluster: [
          'MutatingWebhookConfiguration',
          'ValidatingAdmissionPolicy',
          'ValidatingAdmissionPolicyBinding',
          'ValidatingWebhookConfiguration',
        ],
      },
    },
  },
};

/** Kinds whose spec.replicas the example subresource reports. */
const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

/** A kind another API server serves, as the templates of a foreign subresource see it. */
export interface BuiltinKind {
  /** apps; "" for the core group */
  group: string;
  version: string;
  kind: string;
  /** deployments */
  plural: string;
  /** deployment */
  singular: string;
  namespaced: boolean;
  /** apps/v1, or v1 for the core group: the apiVersion of its objects */
  display: string;
  /** apps, or "the core group": where RBAC rules name it */
  groupDisplay: string;
  /** deployments.apps, or pods: how the cluster's error messages name it */
  resourceDisplay: string;
  /** k8s.io/api/apps/v1 */
  apiPackage: string;
  /** appsv1 */
  apiAlias: string;
  /** kubernetes/typed/apps/v1, under k8s.io/client-go */
  clientDir: string;
  /** k8s.io/client-go/kubernetes/typed/apps/v1 */
  clientPackage: string;
  /** appsv1client */
  clientAlias: string;
  /** AppsV1: the typed client, and its fake */
  clientType: string;
  /** Deployments: the client's getter, and the prefix of its Getter interface */
  getter: string;
  /** whether the example can report spec.replicas */
  replicas: boolean;
  /** apps, or core for the core group: the default group of the subresource in the project's domain */
  defaultGroup: string;
}

/** Parses GROUP/VERSION/KIND, or VERSION/KIND (core/v1/Pod and v1/Pod are the same). */
export function parseForKind(value: string): BuiltinKind {
  const parts = value.split('/');
  const [rawGroup, version, kind] = parts.length === 2 ? ['', parts[0], parts[1]] : parts;
  if (parts.length < 2 || parts.length > 3 || !version || !kind) {
    throw new UserError(`The kind "${value}" is not of the form GROUP/VERSION/KIND; pass --for-kind such as apps/v1/Deployment or v1/Pod.`);
  }
  const group = rawGroup === 'core' ? '' : (rawGroup ?? '');
  const entry = BUILTIN[group];
  const scopes = entry?.versions[version];
  if (!entry || !scopes) {
    const known = Object.entries(BUILTIN).flatMap(([g, e]) => Object.keys(e.versions).map((v) => (g ? `${g}/${v}` : v)));
    throw new UserError(
      `apiboot knows no Kubernetes group version "${group ? `${group}/` : ''}${version}"; pass --for-kind with one of ${known.join(', ')}.`,
    );
  }
  const namespaced = scopes.namespaced.includes(kind);
  if (!namespaced && !scopes.cluster.includes(kind)) {
    throw new UserError(
      `${group ? `${group}/` : ''}${version} has no kind "${kind}" that apiboot knows; pass --for-kind with one of ${[...scopes.namespaced, ...scopes.cluster].sort().join(', ')}.`,
    );
  }
  const getter = goPlural(kind);
  const plural = getter.toLowerCase();
  const capital = entry.dir.charAt(0).toUpperCase() + entry.dir.slice(1);
  const versionTitle = version.charAt(0).toUpperCase() + version.slice(1);
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    display: group ? `${group}/${version}` : version,
    groupDisplay: group || 'the core group',
    resourceDisplay: group ? `${plural}.${group}` : plural,
    apiPackage: `k8s.io/api/${entry.dir}/${version}`,
    apiAlias: `${entry.dir}${version}`,
    clientDir: `kubernetes/typed/${entry.dir}/${version}`,
    clientPackage: `k8s.io/client-go/kubernetes/typed/${entry.dir}/${version}`,
    clientAlias: `${entry.dir}${version}client`,
    clientType: `${capital}${versionTitle}`,
    getter,
    replicas: SCALABLE.has(`${group}/${kind}`),
    defaultGroup: group ? (group.split('.')[0] ?? group) : 'core',
  };
}

/** The plural client-go gives a kind's getter: Deployments, NetworkPolicies, Ingresses, Endpoints. */
function goPlural(kind: string): string {
  if (kind === 'Endpoints') return kind;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return /(s|x|z|ch|sh)$/.test(kind) ? `${kind}es` : `${kind}s`;
}
