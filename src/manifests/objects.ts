import { parseForKind } from '../project/builtin-kinds.js';
import { servedGroupVersions, type ProjectRecord } from '../project/record.js';

/** A Kubernetes object as plain data; rendered to YAML by the caller. */
export type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Record<string, unknown> };

export interface DeployModel {
  project: ProjectRecord;
  /** The name of the Deployment, Service, ServiceAccount and RBAC objects, e.g. catdemo-apiserver. */
  name: string;
  namespace: string;
  image: string;
  replicas: number;
  /** An existing etcd to use; when absent, an etcd StatefulSet is generated. */
  etcdServers?: string;
  etcdImage: string;
  /** PEM of the CA that signed the serving certificate, for the APIServices' caBundle. */
  caPem: string;
}

export const SECURE_PORT = 8443;
export const CERT_MOUNT = '/var/run/apiserver/serving-cert';
const ETCD_PORT = 2379;
const NONROOT_UID = 65532;

export function labels(m: DeployModel, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': m.name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': m.project.projectName,
    'app.kubernetes.io/managed-by': 'apiboot',
  };
}

function selector(m: DeployModel, component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': m.name, 'app.kubernetes.io/component': component };
}

function meta(m: DeployModel, name: string, component: string, namespace: string | null = m.namespace) {
  return { name, ...(namespace ? { namespace } : {}), labels: labels(m, component) };
}

export const servingSecretName = (m: DeployModel) => `${m.name}-serving-cert`;
export const etcdName = (m: DeployModel) => `${m.name}-etcd`;
export const etcdURL = (m: DeployModel) =>
  m.etcdServers ?? `http://${etcdName(m)}.${m.namespace}.svc:${ETCD_PORT}`;

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
 * fairness objects; and get on the parents of its foreign subresources (deployments/compositions reads Deployments).
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

/** The rules of the server's ClusterRole; `doctor` checks each with a SubjectAccessReview. */
export function serverRules(project: ProjectRecord): Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> {
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

/** One get rule per API group whose kinds the project's foreign subresources read. */
function foreignParentRules(project: ProjectRecord): Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> {
  const byGroup = new Map<string, Set<string>>();
  for (const f of project.foreignSubresources ?? []) {
    const parent = parseForKind(f.forKind);
    byGroup.set(parent.group, (byGroup.get(parent.group) ?? new Set()).add(parent.plural));
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, plurals]) => ({ apiGroups: [group], resources: [...plurals].sort(), verbs: ['get'] }));
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

function restrictedContainer() {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

function restrictedPod() {
  return {
    runAsNonRoot: true,
    runAsUser: NONROOT_UID,
    runAsGroup: NONROOT_UID,
    fsGroup: NONROOT_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The server's arguments in the cluster; the delegated mode reads its kubeconfig from the pod's service account. */
export function serverArgs(m: DeployModel): string[] {
  return [
    `--secure-port=${SECURE_PORT}`,
    `--tls-cert-file=${CERT_MOUNT}/tls.crt`,
    `--tls-private-key-file=${CERT_MOUNT}/tls.key`,
    `--etcd-servers=${etcdURL(m)}`,
  ];
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
      template: {
        metadata: { labels: labels(m, 'apiserver') },
        spec: {
          serviceAccountName: m.name,
          securityContext: restrictedPod(),
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
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'serving-cert', secret: { secretName: servingSecretName(m) } },
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

export function etcd(m: DeployModel): KubeObject[] {
  const name = etcdName(m);
  const peer = `http://$(POD_NAME).${name}.${m.namespace}.svc:2380`;
  return [
    // Its own ServiceAccount, with no token mounted: etcd needs no access to the cluster's API.
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(m, name, 'etcd'), automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(m, name, 'etcd'),
      spec: {
        clusterIP: 'None',
        selector: selector(m, 'etcd'),
        ports: [
          { name: 'client', port: ETCD_PORT, targetPort: 'client' },
          { name: 'peer', port: 2380, targetPort: 'peer' },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(m, name, 'etcd'),
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: selector(m, 'etcd') },
        template: {
          metadata: { labels: labels(m, 'etcd') },
          spec: {
            serviceAccountName: name,
            securityContext: restrictedPod(),
            automountServiceAccountToken: false,
            containers: [
              {
                name: 'etcd',
                image: m.etcdImage,
                imagePullPolicy: 'IfNotPresent',
                command: ['etcd'],
                args: [
                  '--name=$(POD_NAME)',
                  '--data-dir=/var/lib/etcd/data',
                  `--listen-client-urls=http://0.0.0.0:${ETCD_PORT}`,
                  `--advertise-client-urls=http://${name}.${m.namespace}.svc:${ETCD_PORT}`,
                  '--listen-peer-urls=http://0.0.0.0:2380',
                  `--initial-advertise-peer-urls=${peer}`,
                  `--initial-cluster=$(POD_NAME)=${peer}`,
                ],
                env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                ports: [
                  { name: 'client', containerPort: ETCD_PORT, protocol: 'TCP' },
                  { name: 'peer', containerPort: 2380, protocol: 'TCP' },
                ],
                livenessProbe: { httpGet: { path: '/livez', port: 'client' }, periodSeconds: 10 },
                readinessProbe: { httpGet: { path: '/readyz', port: 'client' }, periodSeconds: 5 },
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
                securityContext: restrictedContainer(),
                volumeMounts: [{ name: 'data', mountPath: '/var/lib/etcd' }],
              },
            ],
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
  ];
}

/**
 * The APIService versionPriority of a version among its group's: the newer and more stable, the higher (v1 over
 * v1beta1 over v1alpha1), so clients prefer it. Priorities start at 15, in steps of 5.
 */
export function versionPriority(version: string, groupVersionsOf: string[]): number {
  const rank = [...new Set(groupVersionsOf)].sort(compareKubeVersions).indexOf(version);
  return 15 + 5 * Math.max(rank, 0);
}

/** Kubernetes' version order, ascending: v1alpha1 < v1alpha2 < v1beta1 < v1 < v2alpha1 < v2. */
export function compareKubeVersions(a: string, b: string): number {
  const key = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [Number(m[1]), stability, Number(m[3] ?? 0)];
  };
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return 0;
}
