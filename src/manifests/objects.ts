import type { Affinity, PodSecurityContext, SecurityContext } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { usesEtcd, type ProjectRecord } from '../project/record.js';

// What every manifest of a deployment shares: the model build config fills, the ports and mount paths both the server
// and etcd name, labels and metadata, the restricted security settings. The objects
// themselves are in server.ts, rbac.ts, etcd.ts and apiservice.ts.

/**
 * A Kubernetes object as build config writes it, typed by its kind, with the fields every written object carries;
 * rendered to YAML by the caller.
 */
export type Written<T extends { apiVersion?: string; kind?: string; metadata?: ObjectMeta }> = T &
  Required<Pick<T, 'apiVersion' | 'kind'>> & { metadata: ObjectMeta & { name: string } };

/** Any object build config writes, whatever its kind. */
export type KubeObject = Written<{ apiVersion?: string; kind?: string; metadata?: ObjectMeta }>;

export interface DeployModel {
  project: ProjectRecord;
  /** The name of the Deployment, Service, ServiceAccount and RBAC objects, e.g. catdemo-apiserver. */
  name: string;
  namespace: string;
  image: string;
  replicas: number;
  /** An existing etcd to use; when absent, an etcd StatefulSet is generated, with TLS between every party. */
  etcdServers?: string;
  /** Members of the generated etcd cluster: an odd number, so a majority survives the loss of one. */
  etcdReplicas: number;
  etcdImage: string;
  /** PEM of the CA that signed the serving certificate, for the APIServices' caBundle. */
  caPem: string;
}

export const SECURE_PORT = 8443;

/** Whether build config deploys etcd: the server stores some kind, and no --etcd-servers names an etcd of the user's. */
export const deploysEtcd = (m: Pick<DeployModel, 'project' | 'etcdServers'>): boolean => usesEtcd(m.project) && !m.etcdServers;
export const CERT_MOUNT = '/var/run/apiserver/serving-cert';
/** Where the server finds the CA, certificate and key it presents to etcd. */
export const ETCD_CLIENT_MOUNT = '/var/run/apiserver/etcd-client';
/** Where each etcd member finds its CA, server and peer certificates and keys. */
export const ETCD_PKI_MOUNT = '/etc/etcd/pki';
export const ETCD_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
/** Plain HTTP, for the kubelet's probes only (/livez, /readyz, /metrics): the client port asks every caller for a certificate. */
export const ETCD_METRICS_PORT = 2381;
const NONROOT_UID = 65532;
/** Secret volumes readable by the pod's group (fsGroup) only, not by every user of the container. */
export const SECRET_MODE = 0o440;

/**
 * The namespaces Kubernetes creates itself. build config writes no Namespace object for them and changes none of their
 * labels: what Pod Security enforces there is the cluster's choice.
 */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
export const ownsNamespace = (namespace: string) => !SYSTEM_NAMESPACES.includes(namespace);
/**
 * On SIGTERM the server keeps serving this long while /readyz fails, so the endpoints and the kube-apiserver's
 * aggregation layer stop sending it requests before it closes its listener: a rolling update drops none.
 */
export const SHUTDOWN_DELAY_SECONDS = 15;

export function labels(m: DeployModel, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': m.name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': m.project.projectName,
    'app.kubernetes.io/managed-by': 'apiboot',
  };
}

/** The labels a workload's selector matches: the server's name and the component. */
export function selector(m: Pick<DeployModel, 'name'>, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': m.name, 'app.kubernetes.io/component': component };
}

/** Labels as a selector that kubectl's -l takes. */
export const labelSelector = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

export function meta(
  m: DeployModel,
  name: string,
  component: string,
  namespace: string | null = m.namespace,
): ObjectMeta & { name: string } {
  return { name, ...(namespace ? { namespace } : {}), labels: labels(m, component) };
}

export const servingSecretName = (m: DeployModel) => `${m.name}-serving-cert`;

export function restrictedContainer(): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

export function restrictedPod(): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: NONROOT_UID,
    runAsGroup: NONROOT_UID,
    fsGroup: NONROOT_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Replicas spread over nodes, one per node, as metrics-server's high-availability overlay does. */
export function oneReplicaPerNode(m: DeployModel, component: string): Affinity {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: selector(m, component) }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
}

/**
 * Keeps at least `minAvailable` pods of a component through voluntary disruptions (node drains): one server for a
 * replicated Deployment, as metrics-server's high-availability overlay does, and a quorum for an etcd cluster.
 */
export function podDisruptionBudget(m: DeployModel, name: string, component: string, minAvailable: number): Written<PodDisruptionBudget> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(m, name, component),
    spec: { minAvailable, selector: { matchLabels: selector(m, component) } },
  };
}
