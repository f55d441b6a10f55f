import type { LocalApiClient } from './fetch.js';
import type { DiscoveryResource, GroupVersionFacts, KindProbe, PrinterColumn } from './model.js';
import type { OpenApiDocument } from './openapi.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/**
 * Everything the reference says about the project's group versions, asked of the running server: its OpenAPI v3
 * document, its discovery (scope, verbs, subresources, short names, categories) and, for each listable resource, the
 * columns of its Table, which is what kubectl get prints.
 */
export async function readServerFacts(
  client: LocalApiClient,
  groupVersions: Array<{ group: string; version: string }>,
  samples: Record<string, Record<string, unknown>> = {},
): Promise<GroupVersionFacts[]> {
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
    const probes: Record<string, KindProbe> = {};
    for (const r of resources) {
      const sample = samples[`${group}/${version}/${r.kind}`];
      if (r.name.includes('/') || !r.verbs.includes('create') || !sample) continue;
      probes[r.kind] = await probeKind(client, `/apis/${group}/${version}${r.namespaced ? '/namespaces/default' : ''}/${r.name}`, sample);
    }
    out.push({ group, version, openapi, resources, columns, probes });
  }
  return out;
}

type Obj = Record<string, unknown>;

/**
 * Defaults and validation that live in Go (a Default hook, a Validate hook) are in no schema: the server is asked.
 * The kind's sample is created with dryRun (nothing is stored) once whole and once without each of its spec
 * fields: a field that comes back filled in has a default; a create refused with 422 names the rules broken.
 */
async function probeKind(client: LocalApiClient, path: string, sample: Obj): Promise<KindProbe> {
  const found = { defaults: {} as Record<string, string>, rules: {} as Record<string, string[]> };
  const base: Obj = { ...sample, metadata: { name: 'apiboot-docs-probe' } };
  const spec = (sample.spec && typeof sample.spec === 'object' ? sample.spec : {}) as Obj;
  const variants: Array<Obj> = [base, { ...base, spec: {} }];
  for (const field of Object.keys(spec)) {
    const { [field]: _left, ...rest } = spec;
    variants.push({ ...base, spec: rest });
  }
  for (const body of variants) {
    const answer = await client.send('POST', `${path}?dryRun=All`, body).catch(() => undefined);
    if (!answer) continue;
    if (answer.status === 201 || answer.status === 200) {
      const given = (body.spec ?? {}) as Obj;
      const got = ((answer.body as Obj).spec ?? {}) as Obj;
      for (const [field, value] of Object.entries(got)) {
        if (!(field in given) && value !== null && value !== undefined) found.defaults[`spec.${field}`] ??= JSON.stringify(value);
      }
    } else if (answer.status === 422) {
      const causes = (((answer.body as Obj).details as Obj | undefined)?.causes ?? []) as Array<{ field?: string; message?: string }>;
      for (const c of causes) {
        if (!c.field || !c.message) continue;
        const list = (found.rules[c.field] ??= []);
        if (!list.includes(c.message)) list.push(c.message);
      }
    }
  }
  return found;
}
