import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { servedGroupVersions, type ProjectRecord } from '../project/record.js';
import { versionPriority } from '../project/version-order.js';
import { labels, SECURE_PORT, type DeployModel, type Written } from './objects.js';

// The APIServices that register the server's group-versions with the aggregation layer.

/**
 * An APIService of apiregistration.k8s.io/v1, the kube-aggregator's own kind (the core API's types do not have it),
 * with the fields build config writes and doctor reads.
 */
export interface APIService {
  apiVersion?: 'apiregistration.k8s.io/v1';
  kind?: 'APIService';
  metadata?: ObjectMeta;
  spec?: {
    group?: string;
    version?: string;
    service?: { name?: string; namespace?: string; port?: number };
    caBundle?: string;
    groupPriorityMinimum: number;
    versionPriority: number;
    insecureSkipTLSVerify?: boolean;
  };
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }> };
}

export function groupVersions(project: ProjectRecord): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of servedGroupVersions(project)) {
    const group = `${r.group}.${project.domain}`;
    seen.set(`${r.version}.${group}`, { group, version: r.version });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, gv]) => gv);
}

export function apiServices(m: DeployModel): Array<Written<APIService>> {
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
      versionPriority: versionPriority(
        version,
        all.filter((gv) => gv.group === group).map((gv) => gv.version),
      ),
    },
  }));
}
