import { stringify } from 'yaml';
import { SchemaWalker, connectOptions, kindSchemas, type FieldRow, type OpenApiDocument, type Schema } from './openapi.js';

/** One entry of /apis/GROUP/VERSION discovery (an APIResource). */
export interface DiscoveryResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

/** A column of the server's Table for a list (meta.k8s.io/v1 TableColumnDefinition). */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** What the running server said about one group version. */
export interface GroupVersionFacts {
  group: string;
  version: string;
  openapi: OpenApiDocument;
  resources: DiscoveryResource[];
  /** The Table columns of each listable resource, by plural. */
  columns: Record<string, PrinterColumn[]>;
  /** What the server did with dry-run creates of each kind's sample: defaults filled in and rules broken, by field path. */
  probes?: Record<string, KindProbe>;
}

/** Defaults the server filled in and the messages of the rules it enforced, by field path (spec.replicas). */
export interface KindProbe {
  defaults: Record<string, string>;
  rules: Record<string, string[]>;
}

export interface DocsInput {
  projectName: string;
  groupVersions: GroupVersionFacts[];
  /** Sample objects from config/samples, by "apiVersion/Kind", with the file they come from. */
  samples: Record<string, { file: string; yaml: string }>;
  /** The Go doc comments of the fields of connect options kinds, by "group/version/Kind" and JSON name. */
  optionDocs?: Record<string, Record<string, string>>;
}

export interface KindPage {
  group: string;
  version: string;
  kind: string;
  /** The first sentence of the kind's description, for the index. */
  summary: string;
  description: string;
  /** Path of the page from the site's root, e.g. animal.demo.io/v1alpha1/cat.html, and of its Markdown twin. */
  html: string;
  markdown: string;
  /** From a page to the site's root. */
  root: string;
  resource?: { plural: string; scope: 'Namespaced' | 'Cluster'; verbs: string[]; shortNames: string[]; categories: string[] };
  /** The subresources of this kind's resource, each linked to the page of the kind it serves when there is one. */
  subresources: Array<{ name: string; kind: string; verbs: string[]; link?: string; markdownLink?: string }>;
  /** Where this kind is served as a subresource of another resource, e.g. cats/feed. */
  servedAs: Array<{ path: string; verbs: string[] }>;
  columns: PrinterColumn[];
  fields: FieldRow[];
  example: string;
  exampleSource: string;
  /** The example's language when it is not YAML (a query string: text). */
  exampleFormat?: string;
}

export interface SiteModel {
  title: string;
  groups: Array<{ name: string; versions: Array<{ name: string; kinds: KindPage[] }> }>;
  kinds: KindPage[];
}

/** The content of the reference: one page per kind that a group version of the project defines, in a stable order. */
export function buildSiteModel(input: DocsInput): SiteModel {
  const pages: KindPage[] = [];
  const byGroup = new Map<string, Array<{ name: string; kinds: KindPage[] }>>();
  const sorted = [...input.groupVersions].sort((a, b) => compare(`${a.group}/${a.version}`, `${b.group}/${b.version}`));
  for (const gv of sorted) {
    const kinds = [...kindsOf(gv, input.samples), ...optionsKindsOf(gv, input.optionDocs ?? {})];
    pages.push(...kinds);
    const versions = byGroup.get(gv.group) ?? [];
    versions.push({ name: gv.version, kinds });
    byGroup.set(gv.group, versions);
  }
  // Subresource links once every page is known: a subresource's kind may live in another group version.
  for (const page of pages) {
    for (const sub of page.subresources) {
      const target =
        pages.find((p) => p.kind === sub.kind && p.group === page.group && p.version === page.version) ??
        pages.find((p) => p.kind === sub.kind && p.group === page.group);
      if (target) {
        sub.link = page.root + target.html;
        sub.markdownLink = page.root + target.markdown;
      }
    }
  }
  return {
    title: `${input.projectName} API reference`,
    groups: [...byGroup.entries()].map(([name, versions]) => ({ name, versions })),
    kinds: pages,
  };
}

function kindsOf(gv: GroupVersionFacts, samples: DocsInput['samples']): KindPage[] {
  const walker = new SchemaWalker(gv.openapi);
  const defined = kindSchemas(gv.openapi, gv.group, gv.version);
  const names = new Set(defined.map((d) => d.kind));
  const apiVersion = `${gv.group}/${gv.version}`;
  return defined
    // Lists are described by their items; DeleteOptions, WatchEvent and the like are Kubernetes' own, registered in
    // every group version, and documented by Kubernetes.
    .filter(({ kind, schema }) => !(kind.endsWith('List') && names.has(kind.slice(0, -4))) && !schema.startsWith('io.k8s.'))
    .map(({ kind, schema }) => {
      const s = walker.schema(schema) ?? {};
      const top = gv.resources.find((r) => r.kind === kind && !r.name.includes('/') && r.verbs.length > 0);
      const description = (s.description ?? '').trim();
      const sample = samples[`${apiVersion}/${kind}`];
      return {
        ...pageOf(gv, kind, description),
        ...(top
          ? {
              resource: {
                plural: top.name,
                scope: top.namespaced ? ('Namespaced' as const) : ('Cluster' as const),
                verbs: top.verbs,
                shortNames: top.shortNames ?? [],
                categories: top.categories ?? [],
              },
            }
          : {}),
        subresources: top
          ? gv.resources
              .filter((r) => r.name.startsWith(`${top.name}/`))
              .map((r) => ({ name: r.name.slice(top.name.length + 1), kind: r.kind, verbs: r.verbs }))
          : [],
        // Where another resource serves this kind (cats/feed serves CatFeed); cats/status serving Cat itself is a
        // subresource of the page's own resource, listed there.
        servedAs: gv.resources
          .filter((r) => r.name.includes('/') && r.kind === kind && !(top && r.name.startsWith(`${top.name}/`)))
          .map((r) => ({ path: r.name, verbs: r.verbs })),
        columns: top ? (gv.columns[top.name] ?? []) : [],
        fields: withServerRules(walker.rows(schema), gv.probes?.[kind]),
        example: sample?.yaml ?? skeleton(walker, s, apiVersion, kind),
        exampleSource: sample ? sample.file : 'made from the schema: every required field, with a placeholder value',
      };
    });
}

/** What every page of a kind says of itself: where it is, what it is called, and its description. */
function pageOf(gv: GroupVersionFacts, kind: string, description: string) {
  const base = `${gv.group}/${gv.version}/${kind.toLowerCase()}`;
  return {
    group: gv.group,
    version: gv.version,
    kind,
    summary: firstSentence(description),
    description,
    html: `${base}.html`,
    markdown: `${base}.md`,
    root: '../../',
  };
}

/** Adds what the server said to the rows: a default a Default hook fills in, the messages of a Validate hook. */
function withServerRules(rows: FieldRow[], probe: KindProbe | undefined): FieldRow[] {
  if (!probe) return rows;
  return rows.map((row) => {
    const rules = probe.rules[row.path] ?? [];
    const fallback = probe.defaults[row.path];
    return {
      ...row,
      ...(row.default === undefined && fallback !== undefined ? { default: fallback } : {}),
      validation: [...row.validation, ...rules.map((m) => `the server answers 422 "${m}"`)],
    };
  });
}

/**
 * A page for each options kind of a connect subresource (CatLogOptions of cats/log): its fields are the query
 * parameters the subresource takes, described by the Go comments of the kind's fields.
 */
function optionsKindsOf(gv: GroupVersionFacts, docs: Record<string, Record<string, string>>): KindPage[] {
  const options = connectOptions(gv.openapi);
  return Object.entries(options).map(([kind, params]) => {
    const fieldDocs = docs[`${gv.group}/${gv.version}/${kind}`] ?? {};
    const servedAs = gv.resources.filter((r) => r.name.includes('/') && r.kind === kind).map((r) => ({ path: r.name, verbs: r.verbs }));
    const description = `The options of ${servedAs.map((s) => s.path).join(', ') || 'a connect subresource'}, sent as query parameters of the request.`;
    const query = params.map((p) => `${p.name}=${p.type.startsWith('boolean') ? 'true' : p.type.startsWith('integer') ? '10' : 'VALUE'}`).join('&');
    return {
      ...pageOf(gv, kind, description),
      subresources: [],
      servedAs,
      columns: [],
      fields: params.map((p) => ({ path: p.name, name: p.name, depth: 0, type: p.type, required: false, description: fieldDocs[p.name] ?? '', validation: [] })),
      example: `${servedAs[0]?.path.replace('/', '/NAME/') ?? kind}?${query}\n`,
      exampleSource: 'the query string of a request',
      exampleFormat: 'text',
    };
  });
}

/** An object with apiVersion, kind, a name and every required field, when the project has no sample of the kind. */
function skeleton(walker: SchemaWalker, s: Schema, apiVersion: string, kind: string): string {
  const fill = (schema: Schema, depth: number): unknown => {
    const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
    const t = ref ? (walker.schema(ref.replace(/^#\/components\/schemas\//, '')) ?? {}) : schema;
    if (t.type === 'string') return t.format === 'date-time' ? '2006-01-02T15:04:05Z' : 'string';
    if (t.type === 'integer' || t.type === 'number') return 0;
    if (t.type === 'boolean') return false;
    if (t.type === 'array') return [];
    if (depth > 4) return {};
    const out: Record<string, unknown> = {};
    for (const name of t.required ?? []) {
      const prop = t.properties?.[name];
      if (prop) out[name] = fill(prop, depth + 1);
    }
    return out;
  };
  const body = fill(s, 0) as Record<string, unknown>;
  return stringify({ apiVersion, kind, metadata: { name: `${kind.toLowerCase()}-example` }, ...body });
}

function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s|$)/s.exec(text);
  return (m?.[1] ?? text).replace(/\s+/g, ' ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
