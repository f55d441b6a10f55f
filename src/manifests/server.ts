import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Namespace, Service } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { UserError } from '../errors.js';
import { etcdClientSecretName, etcdMemberHosts, etcdName, etcdURL } from './etcd.js';
import {
  CERT_MOUNT,
  deploysEtcd,
  ETCD_CLIENT_MOUNT,
  labels,
  meta,
  oneReplicaPerNode,
  podDisruptionBudget,
  restrictedContainer,
  restrictedPod,
  SECRET_MODE,
  SECURE_PORT,
  selector,
  servingSecretName,
  SHUTDOWN_DELAY_SECONDS,
  type DeployModel,
  type Written,
} from './objects.js';
import { usesEtcd } from '../project/record.js';

// The server's own objects: its namespace, Deployment, Service and PodDisruptionBudget, and the names build config
// derives from --name and --namespace.

/** The server's --request-timeout (its default): how long a request in flight may still take once it stops. */
const REQUEST_TIMEOUT_SECONDS = 60;

export function namespace(m: DeployModel): Written<Namespace> {
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
      : [
          `--etcd-cafile=${ETCD_CLIENT_MOUNT}/ca.crt`,
          `--etcd-certfile=${ETCD_CLIENT_MOUNT}/client.crt`,
          `--etcd-keyfile=${ETCD_CLIENT_MOUNT}/client.key`,
        ]),
    `--shutdown-delay-duration=${SHUTDOWN_DELAY_SECONDS}s`,
    // With several replicas, HTTP/2 clients (the aggregation layer among them) are now and then asked to reconnect,
    // so their connections spread over the replicas again after a rolling update; 0.001 is kube-apiserver's advice.
    ...(m.replicas > 1 ? ['--goaway-chance=0.001'] : []),
  ];
}

export function deployment(m: DeployModel): Written<Deployment> {
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
            ...(!deploysEtcd(m)
              ? []
              : [{ name: 'etcd-client', secret: { secretName: etcdClientSecretName(m), defaultMode: SECRET_MODE } }]),
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}

/** The Service the APIServices point at; its port is the container's, so one number names the server's port. */
export function service(m: DeployModel): Written<Service> {
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

/** The server's PodDisruptionBudget, when it has replicas to spare. */
export function serverDisruptionBudget(m: DeployModel): Array<Written<PodDisruptionBudget>> {
  return m.replicas > 1 ? [podDisruptionBudget(m, m.name, 'apiserver', 1)] : [];
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
