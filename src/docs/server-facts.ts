import type { LocalApiClient } from './fetch.js';
import type { DiscoveryResource, GroupVersionFacts, PrinterColumn } from './model.js';
import type { OpenApiDocument } from './openapi.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/**
 * Everything the reference says about the project's group versions, asked of the running server: its OpenAPI v3
 * document, its discovery (scope, verbs, subresources, short names, categories) and, for each listable resource, the
 * columns of its Table, which is what kubectl get prints.
 */
export async function readServerFacts(client: LocalApiClient, groupVersions: Array<{ group: string; version: string }>): Promise<GroupVersionFacts[]> {
  const index = await client.get<{ paths: Record<string, { serverRelativeURL: string }> }>('/openapi/v3');
  const out: GroupVersionFacts[] = [];
  for (const { group, version } of groupVersions) {
    const entry = index.paths[`apis/${group}/${version}`];
    if (!entry) throw new Error(`the server publishes no OpenAPI v3 document for ${group}/${version}`);
    const openapi = await client.get<OpenApiDocument>(entry.serverRelativeURL);
    const { resources } = await client.get<{ resources: DiscoveryResource[] }>(`/apis/${group}/${version}`);
    const columns: Record<string, PrinterColumn[]> = {};
    for (const r of resources) {
      if (r.name.includes('/') || !r.verbs.includes('list')) continue;
      const table = await client.get<{ columnDefinitions?: PrinterColumn[] }>(`/apis/${group}/${version}/${r.name}`, TABLE);
      columns[r.name] = (table.columnDefinitions ?? []).map(({ name, type, format, description, priority }) => ({
        name,
        type,
        ...(format ? { format } : {}),
        description: description ?? '',
        priority: priority ?? 0,
      }));
    }
    out.push({ group, version, openapi, resources, columns });
  }
  return out;
}
