import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Service, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import {
  ETCD_METRICS_PORT,
  ETCD_PEER_PORT,
  ETCD_PKI_MOUNT,
  ETCD_PORT,
  labels,
  meta,
  oneReplicaPerNode,
  podDisruptionBudget,
  restrictedContainer,
  restrictedPod,
  SECRET_MODE,
  selector,
  type DeployModel,
  type Written,
} from './objects.js';

// The etcd build config deploys when the server stores some kind and no --etcd-servers names one: a StatefulSet with
// TLS for clients and peers, its headless Service, a NetworkPolicy, and the names its certificates carry.

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
  m.etcdServers ??
  etcdMemberHosts(m)
    .map((h) => `https://${h.host}:${ETCD_PORT}`)
    .join(',');

/**
 * The names etcd members are reached by, for their certificates: each member's stable name (short and with the
 * cluster domain), the headless Service, and loopback for etcdctl inside a member's pod.
 */
export function etcdCertificateNames(m: DeployModel): { dnsNames: string[]; ipAddresses: string[] } {
  const svc = `${etcdName(m)}.${m.namespace}.svc`;
  const members = etcdMemberHosts(m).flatMap((h) => [h.host, `${h.host}.cluster.local`]);
  return { dnsNames: [...members, svc, `${svc}.cluster.local`, 'localhost'], ipAddresses: ['127.0.0.1'] };
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
export function etcdNetworkPolicy(m: DeployModel): Written<NetworkPolicy> {
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

export function etcd(m: DeployModel): Array<Written<ServiceAccount | Service | StatefulSet | NetworkPolicy | PodDisruptionBudget>> {
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
