/**
 * The parts of an OpenAPI v3 document (as kube-apiserver libraries serve it at /openapi/v3/apis/GROUP/VERSION) that
 * the API reference reads, and the walk that turns a kind's schema into the rows of a nested field table.
 */

export interface Schema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  uniqueItems?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  'x-kubernetes-int-or-string'?: boolean;
}

export interface OpenApiParameter {
  name: string;
  in: string;
  description?: string;
  schema?: Schema;
}

export interface OpenApiOperation {
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
}

export interface OpenApiDocument {
  components?: { schemas?: Record<string, Schema> };
  paths?: Record<string, Record<string, OpenApiOperation | OpenApiParameter[] | undefined> & { parameters?: OpenApiParameter[] }>;
}

/**
 * The options kinds of connect subresources (CatLogOptions of cats/log) and their query parameters. The published
 * document has no schema of an options kind, only the parameters of the paths that take it.
 */
export function connectOptions(doc: OpenApiDocument): Record<string, Array<{ name: string; type: string }>> {
  const out: Record<string, Array<{ name: string; type: string }>> = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters' || Array.isArray(op) || op?.['x-kubernetes-action'] !== 'connect') continue;
      const kind = op['x-kubernetes-group-version-kind']?.kind;
      if (!kind) continue;
      const known = (out[kind] ??= []);
      for (const p of item.parameters ?? []) {
        if (p.in !== 'query' || known.some((k) => k.name === p.name)) continue;
        const format = p.schema?.format;
        known.push({ name: p.name, type: `${p.schema?.type ?? 'string'}${format ? ` (${format})` : ''}` });
      }
    }
  }
  for (const params of Object.values(out)) params.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

export interface FieldRow {
  /** spec.replicas: the path kubectl explain and field selectors use; also the row's anchor. */
  path: string;
  name: string;
  /** 0 for top-level fields. */
  depth: number;
  type: string;
  required: boolean;
  description: string;
  /** JSON of the default the schema declares, when it declares one that says something. */
  default?: string;
  /** Constraints the schema declares: enum values, bounds, patterns, list and map semantics. */
  validation: string[];
}

/** Standard object metadata is documented by Kubernetes itself: named, linked to nothing, never expanded. */
const NOT_EXPANDED = new Set([
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
]);
const MAX_DEPTH = 6;

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

/** The kinds a document defines in one group version, by schema name. */
export function kindSchemas(doc: OpenApiDocument, group: string, version: string): Array<{ kind: string; schema: string }> {
  const out: Array<{ kind: string; schema: string }> = [];
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) {
    for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) {
      if (gvk.group === group && gvk.version === version) out.push({ kind: gvk.kind, schema: name });
    }
  }
  return out.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

export class SchemaWalker {
  constructor(private readonly doc: OpenApiDocument) {}

  schema(name: string): Schema | undefined {
    return this.doc.components?.schemas?.[name];
  }

  /** A property's own schema with its single allOf/$ref wrapper (how openapi-gen attaches a description) resolved. */
  private target(s: Schema): { schema: Schema; name?: string } {
    const ref = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0]?.$ref : undefined);
    if (!ref) return { schema: s };
    const name = refName(ref);
    return { schema: this.schema(name) ?? {}, name };
  }

  /** A short, readable type: string, integer (int32), []Condition, map[string]string, Time (date-time). */
  typeOf(s: Schema): string {
    const { schema, name } = this.target(s);
    const short = name?.split('.').pop();
    const primitive = schema.type ? `${schema.type}${schema.format ? ` (${schema.format})` : ''}` : undefined;
    if (schema['x-kubernetes-int-or-string']) return short ? `${short} (int or string)` : 'int or string';
    if (schema.type === 'array' && schema.items) return `[]${this.typeOf(schema.items)}`;
    if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
      return `map[string]${this.typeOf(schema.additionalProperties)}`;
    }
    if (short) return schema.properties || !primitive ? short : `${short} (${primitive})`;
    return primitive ?? 'object';
  }

  /** Every field of the named schema, depth first in declaration order, nested objects and lists of objects expanded. */
  rows(schemaName: string): FieldRow[] {
    const out: FieldRow[] = [];
    const root = this.schema(schemaName);
    if (root) this.walk(root, '', 0, new Set([schemaName]), out);
    return out;
  }

  private walk(s: Schema, prefix: string, depth: number, seen: Set<string>, out: FieldRow[]): void {
    const required = new Set(s.required ?? []);
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      const { schema, name: ref } = this.target(prop);
      out.push({
        path,
        name,
        depth,
        type: this.typeOf(prop),
        required: required.has(name),
        description: (prop.description ?? schema.description ?? '').trim(),
        ...defaultOf(prop),
        validation: validationOf(prop, schema),
      });
      // Lists and maps of objects are expanded under the field's own path, as kubectl explain does.
      let inner = schema;
      let innerRef = ref;
      const element = schema.type === 'array' ? schema.items : typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      if (element) ({ schema: inner, name: innerRef } = this.target(element));
      if (!inner.properties || depth + 1 >= MAX_DEPTH) continue;
      if (innerRef && (NOT_EXPANDED.has(innerRef) || seen.has(innerRef))) continue;
      this.walk(inner, path, depth + 1, innerRef ? new Set([...seen, innerRef]) : seen, out);
    }
  }
}

/**
 * openapi-gen gives every struct field `default: {}` and every required string `default: ""`: the zero values say
 * nothing, only a default that sets something is worth showing.
 */
function defaultOf(s: Schema): { default?: string } {
  const d = s.default;
  if (d === undefined || d === '' || d === 0 || d === false || d === null) return {};
  if (typeof d === 'object' && Object.keys(d).length === 0) return {};
  return { default: JSON.stringify(d) };
}

function validationOf(prop: Schema, schema: Schema): string[] {
  const s = { ...schema, ...prop };
  const out: string[] = [];
  if (s.enum) out.push(`one of: ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (s.minimum !== undefined) out.push(`${s.exclusiveMinimum ? '>' : '>='} ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`${s.exclusiveMaximum ? '<' : '<='} ${s.maximum}`);
  if (s.minLength !== undefined) out.push(`at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.pattern !== undefined) out.push(`matches ${s.pattern}`);
  if (s.minItems !== undefined) out.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.uniqueItems) out.push('unique items');
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'map') out.push(`list map keyed by ${(s['x-kubernetes-list-map-keys'] ?? []).join(', ')}`);
  else if (listType) out.push(`list type: ${listType}`);
  if (s['x-kubernetes-map-type']) out.push(`map type: ${s['x-kubernetes-map-type']}`);
  return out;
}
