import { UserError } from '../errors.js';
import { parseForKind } from '../project/builtin-kinds.js';
import { isHandlerBacked, servedGroupVersions, usesEtcd, type ProjectRecord } from '../project/record.js';
import { versionPriority } from '../project/version-order.js';

/** A Kubernetes object as plain data; rendered to YAML by the caller. */
export type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> };

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
const SECRET_MODE = 0o440;

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
/** The server's --request-timeout (its default): how long a request in flight may still take once it stops. */
const REQUEST_TIMEOUT_SECONDS = 60;

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
export const labelSelector = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

export function meta(m: DeployModel, name: string, component: string, namespace: string | null = m.namespace) {
  return { name, ...(namespace ? { namespace } : {}), labels: labels(m, component) };
}

export const servingSecretName = (m: DeployModel) => `${m.name}-serving-cert`;
export const etcdName = (m: DeployModel) => `${m.name}-etcd`;
/** The Secret of etcd's own certificates (CA, server, peer), and the one of the server's client certificate. */
export const etcdTLSSecretName = (m: DeployModel) => `${etcdName(m)}-tls`;
export const etcdClientSecretName = (m: DeployModel) => `${etcdName(m)}-client`;

/** The stable DNS name of each etcd member: the StatefulSet's pod name under its headless Service. */
export function etcdMemberHosts(m: DeployModel): Array<{ member: string; host: string }> {
  const name = etcdName(m);
  return Array.from({ length: m.etcdReplicas }, (_, i) => ({ member: `${name}-${i}`, host: `${name}-${i}.${name}.${m.namespace}.svc` }));
}

/** What the server's --etcd-servers names: the user's etcd, or every member of the generated one, over TLS. */
export const etcdURL = (m: DeployModel) =>
  m.etcdServers ?? etcdMemberHosts(m).map((h) => `https://${h.host}:${ETCD_PORT}`).join(',');

/**
 * The names etcd members are reached by, for their certificates: each member's stable name (short and with the
 * cluster domain), the headless Service, and loopback for etcdctl inside a member's pod.
 */
export function etcdCertificateNames(m: DeployModel): { dnsNames: string[]; ipAddresses: string[] } {
  const svc = `${etcdName(m)}.${m.namespace}.svc`;
  const members = etcdMemberHosts(m).flatMap((h) => [h.host, `${h.host}.cluster.local`]);
  return { dnsNames: [...members, svc, `${svc}.cluster.local`, 'localhost'], ipAddresses: ['127.0.0.1'] };
}

export function namespace(m: DeployModel): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: m.namespace,
      labels: {
        ...labels(m, 'apiserver'),
        // The server and etcd run under the restricted Pod Security Standard: enforce it, and warn and audit too,
        // since only warnings reach workloads such as Deployments.
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
      },
    },
  };
}

export function serviceAccount(m: DeployModel): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(m, m.name, 'apiserver') };
}

/**
 * What the server itself reads from the cluster in delegated mode, all through informers (list and watch): namespaces
 * for the NamespaceLifecycle admission plugin, admission webhook and policy configurations, and API priority and
 * fairness objects; and get and list on the parents of its foreign subresources (deployments/compositions reads one
 * Deployment, or lists them for the name *).
 * Nothing else: a server started with this role logs no forbidden request.
 */
export function clusterRole(m: DeployModel): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(m, m.name, 'apiserver', null),
    rules: serverRules(m.project),
  };
}

/** An RBAC rule, as a ClusterRole or Role lists it. */
export type PolicyRule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

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
  return [...new Set((project.foreignSubresources ?? [])
    .filter((f) => {
      const parent = parseForKind(f.forKind);
      return (SENSITIVE_READS[parent.group] ?? []).includes(parent.plural);
    })
    .map((f) => f.forKind))].sort();
}

/** One line per rule the ClusterRole gains for foreign subresources, for build config to print. */
export function describeParentRules(m: Pick<DeployModel, 'project' | 'name'>): string[] {
  return foreignParentRules(m.project).map((r) => {
    const group = r.apiGroups[0];
    return `ClusterRole ${m.name} may get and list ${r.resources.join(', ')} in ${group ? `API group ${group}` : 'the core group'}, in every namespace`;
  });
}

/**
 * One get and list rule per API group whose kinds the project's foreign subresources read (list for the name `*`),
 * and pods in the core group for handler-backed kinds, whose scaffolded handler computes its objects from pods.
 */
function foreignParentRules(project: ProjectRecord): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const f of project.foreignSubresources ?? []) {
    const parent = parseForKind(f.forKind);
    byGroup.set(parent.group, (byGroup.get(parent.group) ?? new Set()).add(parent.plural));
  }
  if (project.resources.some(isHandlerBacked)) byGroup.set('', (byGroup.get('') ?? new Set()).add('pods'));
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, plurals]) => ({ apiGroups: [group], resources: [...plurals].sort(), verbs: ['get', 'list'] }));
}

function subject(m: DeployModel) {
  return [{ kind: 'ServiceAccount', name: m.name, namespace: m.namespace }];
}

export function rbac(m: DeployModel): KubeObject[] {
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

export function restrictedContainer() {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

export function restrictedPod() {
  return {
    runAsNonRoot: true,
    runAsUser: NONROOT_UID,
    runAsGroup: NONROOT_UID,
    fsGroup: NONROOT_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The server's arguments in the cluster; the delegated mode reads its kubeconfig from the pod's service account.
 * With the generated etcd it verifies etcd against the etcd CA and presents a client certificate etcd requires.
 */
export function serverArgs(m: DeployModel): string[] {
  return [
    `--secure-port=${SECURE_PORT}`,
    `--tls-cert-file=${CERT_MOUNT}/tls.crt`,
    `--tls-private-key-file=${CERT_MOUNT}/tls.key`,
    // A server whose kinds are all served by handlers has no etcd flags at all.
    ...(usesEtcd(m.project) ? [`--etcd-servers=${etcdURL(m)}`] : []),
    ...(!deploysEtcd(m)
      ? []
      : [`--etcd-cafile=${ETCD_CLIENT_MOUNT}/ca.crt`, `--etcd-certfile=${ETCD_CLIENT_MOUNT}/client.crt`, `--etcd-keyfile=${ETCD_CLIENT_MOUNT}/client.key`]),
    `--shutdown-delay-duration=${SHUTDOWN_DELAY_SECONDS}s`,
    // With several replicas, HTTP/2 clients (the aggregation layer among them) are now and then asked to reconnect,
    // so their connections spread over the replicas again after a rolling update; 0.001 is kube-apiserver's advice.
    ...(m.replicas > 1 ? ['--goaway-chance=0.001'] : []),
  ];
}

/** Replicas spread over nodes, one per node, as metrics-server's high-availability overlay does. */
function oneReplicaPerNode(m: DeployModel, component: string) {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: selector(m, component) }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
}

export function deployment(m: DeployModel): KubeObject {
  const probe = (path: string, period: number) => ({
    httpGet: { path, port: 'https', scheme: 'HTTPS' },
    periodSeconds: period,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(m, m.name, 'apiserver'),
    spec: {
      replicas: m.replicas,
      selector: { matchLabels: selector(m, 'apiserver') },
      // With one replica per node, a rollout must take one down before the next can start.
      ...(m.replicas > 1 ? { strategy: { rollingUpdate: { maxUnavailable: 1 } } } : {}),
      template: {
        metadata: { labels: labels(m, 'apiserver') },
        spec: {
          serviceAccountName: m.name,
          ...(m.replicas > 1 ? { affinity: oneReplicaPerNode(m, 'apiserver') } : {}),
          securityContext: restrictedPod(),
          // The shutdown delay, then the requests in flight, then a margin: the kubelet must not kill it sooner.
          terminationGracePeriodSeconds: SHUTDOWN_DELAY_SECONDS + REQUEST_TIMEOUT_SECONDS + 5,
          containers: [
            {
              name: 'apiserver',
              image: m.image,
              imagePullPolicy: 'IfNotPresent',
              args: serverArgs(m),
              ports: [{ name: 'https', containerPort: SECURE_PORT, protocol: 'TCP' }],
              livenessProbe: { ...probe('/livez', 10), initialDelaySeconds: 10 },
              readinessProbe: probe('/readyz', 5),
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
              securityContext: restrictedContainer(),
              volumeMounts: [
                { name: 'serving-cert', mountPath: CERT_MOUNT, readOnly: true },
                ...(!deploysEtcd(m) ? [] : [{ name: 'etcd-client', mountPath: ETCD_CLIENT_MOUNT, readOnly: true }]),
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'serving-cert', secret: { secretName: servingSecretName(m), defaultMode: SECRET_MODE } },
            ...(!deploysEtcd(m) ? [] : [{ name: 'etcd-client', secret: { secretName: etcdClientSecretName(m), defaultMode: SECRET_MODE } }]),
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}

/** The Service the APIServices point at; its port is the container's, so one number names the server's port. */
export function service(m: DeployModel): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(m, m.name, 'apiserver'),
    spec: {
      selector: selector(m, 'apiserver'),
      ports: [{ name: 'https', port: SECURE_PORT, targetPort: 'https', protocol: 'TCP' }],
    },
  };
}

export function groupVersions(project: ProjectRecord): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of servedGroupVersions(project)) {
    const group = `${r.group}.${project.domain}`;
    seen.set(`${r.version}.${group}`, { group, version: r.version });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, gv]) => gv);
}

export function apiServices(m: DeployModel): KubeObject[] {
  const all = groupVersions(m.project);
  return all.map(({ group, version }) => ({
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: `${version}.${group}`, labels: labels(m, 'apiserver') },
    spec: {
      group,
      version,
      service: { name: m.name, namespace: m.namespace, port: SECURE_PORT },
      // The aggregator verifies the server's certificate against this CA; never insecureSkipTLSVerify.
      caBundle: Buffer.from(m.caPem).toString('base64'),
      groupPriorityMinimum: 1000,
      versionPriority: versionPriority(version, all.filter((gv) => gv.group === group).map((gv) => gv.version)),
    },
  }));
}

/** A name build config derives from --name and --namespace, with the most characters Kubernetes takes for it. */
interface DerivedName {
  what: string;
  name: string;
  max: number;
  why: string;
}

function derivedNames(m: Omit<DeployModel, 'caPem'>): DerivedName[] {
  const dm = m as DeployModel;
  const names: DerivedName[] = [{ what: 'Service', name: m.name, max: 63, why: 'a Service name is a DNS label' }];
  if (deploysEtcd(m)) {
    const etcd = etcdName(dm);
    names.push(
      { what: 'etcd Service', name: etcd, max: 63, why: 'a Service name is a DNS label' },
      // The StatefulSet controller labels each pod controller-revision-hash=NAME-HASH, a label value of at most 63.
      { what: 'etcd StatefulSet', name: etcd, max: 52, why: 'its pods carry the label controller-revision-hash=NAME-<10-character hash>' },
      ...etcdMemberHosts(dm).map((h) => ({ what: 'etcd member host name', name: `${h.host}.cluster.local`, max: 253, why: 'a DNS name' })),
    );
  }
  return names;
}

/**
 * Every name derived from --name and --namespace fits the limit Kubernetes puts on it; a Service name also starts
 * with a letter (DNS-1035). Checked before anything is written, so the cluster never refuses a generated manifest.
 */
export function checkDerivedNames(m: Omit<DeployModel, 'caPem'>): void {
  if (!/^[a-z]/.test(m.name)) {
    throw new UserError(`The name "${m.name}" cannot name a Service, whose name starts with a letter; pass --name starting with a letter.`);
  }
  for (const d of derivedNames(m)) {
    if (d.name.length > d.max) {
      throw new UserError(
        `The ${d.what} "${d.name}" would have ${d.name.length} characters, more than the ${d.max} Kubernetes allows (${d.why}); pass a shorter --name or --namespace.`,
      );
    }
  }
}

/**
 * Keeps at least `minAvailable` pods of a component through voluntary disruptions (node drains): one server for a
 * replicated Deployment, as metrics-server's high-availability overlay does, and a quorum for an etcd cluster.
 */
export function podDisruptionBudget(m: DeployModel, name: string, component: string, minAvailable: number): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(m, name, component),
    spec: { minAvailable, selector: { matchLabels: selector(m, component) } },
  };
}

/** The server's PodDisruptionBudget, when it has replicas to spare. */
export function serverDisruptionBudget(m: DeployModel): KubeObject[] {
  return m.replicas > 1 ? [podDisruptionBudget(m, m.name, 'apiserver', 1)] : [];
}

/** The etcd flags of a member, TLS everywhere: clients and peers must present a certificate signed by the etcd CA. */
export function etcdArgs(m: DeployModel): string[] {
  const hosts = etcdMemberHosts(m);
  const self = `$(POD_NAME).${etcdName(m)}.${m.namespace}.svc`;
  return [
    '--name=$(POD_NAME)',
    '--data-dir=/var/lib/etcd/data',
    `--listen-client-urls=https://0.0.0.0:${ETCD_PORT}`,
    `--advertise-client-urls=https://${self}:${ETCD_PORT}`,
    `--listen-peer-urls=https://0.0.0.0:${ETCD_PEER_PORT}`,
    `--initial-advertise-peer-urls=https://${self}:${ETCD_PEER_PORT}`,
    `--initial-cluster=${hosts.map((h) => `${h.member}=https://${h.host}:${ETCD_PEER_PORT}`).join(',')}`,
    '--initial-cluster-state=new',
    `--initial-cluster-token=${etcdName(m)}`,
    `--listen-metrics-urls=http://0.0.0.0:${ETCD_METRICS_PORT}`,
    '--client-cert-auth',
    `--trusted-ca-file=${ETCD_PKI_MOUNT}/ca.crt`,
    `--cert-file=${ETCD_PKI_MOUNT}/server.crt`,
    `--key-file=${ETCD_PKI_MOUNT}/server.key`,
    '--peer-client-cert-auth',
    `--peer-trusted-ca-file=${ETCD_PKI_MOUNT}/ca.crt`,
    `--peer-cert-file=${ETCD_PKI_MOUNT}/peer.crt`,
    `--peer-key-file=${ETCD_PKI_MOUNT}/peer.key`,
  ];
}

/**
 * Only the server's pods reach etcd's client port, and only etcd members its peer port; nothing else in the cluster
 * reaches etcd at all (the kubelet's probes come from the node, which network plugins let through).
 */
export function etcdNetworkPolicy(m: DeployModel): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(m, etcdName(m), 'etcd'),
    spec: {
      podSelector: { matchLabels: selector(m, 'etcd') },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: selector(m, 'apiserver') } }], ports: [{ protocol: 'TCP', port: ETCD_PORT }] },
        { from: [{ podSelector: { matchLabels: selector(m, 'etcd') } }], ports: [{ protocol: 'TCP', port: ETCD_PEER_PORT }] },
      ],
    },
  };
}

export function etcd(m: DeployModel): KubeObject[] {
  const name = etcdName(m);
  return [
    // Its own ServiceAccount, with no token mounted: etcd needs no access to the cluster's API.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(m, name, 'etcd'), automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(m, name, 'etcd'),
      spec: {
        clusterIP: 'None',
        // Members must find each other by name before they are ready: readiness needs the quorum they are forming.
        publishNotReadyAddresses: true,
        selector: selector(m, 'etcd'),
        ports: [
          { name: 'client', port: ETCD_PORT, targetPort: 'client' },
          { name: 'peer', port: ETCD_PEER_PORT, targetPort: 'peer' },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(m, name, 'etcd'),
      spec: {
        serviceName: name,
        replicas: m.etcdReplicas,
        // All members start together: one alone never becomes ready, so an ordered start would wait forever.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector(m, 'etcd') },
        template: {
          metadata: { labels: labels(m, 'etcd') },
          spec: {
            serviceAccountName: name,
            ...(m.etcdReplicas > 1 ? { affinity: oneReplicaPerNode(m, 'etcd') } : {}),
            securityContext: restrictedPod(),
            automountServiceAccountToken: false,
            containers: [
              {
                name: 'etcd',
                image: m.etcdImage,
                imagePullPolicy: 'IfNotPresent',
                command: ['etcd'],
                args: etcdArgs(m),
                env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                ports: [
                  { name: 'client', containerPort: ETCD_PORT, protocol: 'TCP' },
                  { name: 'peer', containerPort: ETCD_PEER_PORT, protocol: 'TCP' },
                  { name: 'metrics', containerPort: ETCD_METRICS_PORT, protocol: 'TCP' },
                ],
                livenessProbe: { httpGet: { path: '/livez', port: 'metrics' }, periodSeconds: 10, failureThreshold: 8 },
                readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 5 },
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
                securityContext: restrictedContainer(),
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/etcd' },
                  { name: 'pki', mountPath: ETCD_PKI_MOUNT, readOnly: true },
                ],
              },
            ],
            volumes: [{ name: 'pki', secret: { secretName: etcdTLSSecretName(m), defaultMode: SECRET_MODE } }],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    etcdNetworkPolicy(m),
    // A cluster keeps a quorum through drains; a single member has none to keep.
    ...(m.etcdReplicas > 1 ? [podDisruptionBudget(m, name, 'etcd', Math.floor(m.etcdReplicas / 2) + 1)] : []),
  ];
}
