import type { Task } from '../../task.js';
import { UserError } from '../../errors.js';
import type { ResourceModel } from '../../project/model.js';
import { checkProjectNames } from '../../project/name-clashes.js';
import { upperFirst } from '../../project/names.js';
import {
  isHandlerBacked,
  saveProject,
  type ProjectRecord,
  type ResourceRecord,
  type SubresourceRecord,
  type SubresourceType,
} from '../../project/record.js';
import { renderTemplate } from '../../scaffold/templates.js';
import type { Tree } from '../../scaffold/tree.js';
import { applyInsertions, emitSet, type Insertion } from '../writes.js';
import { emitFeatureFiles } from '../init/features.js';

export interface SubresourceOptions {
  force: boolean;
  onKept?: (path: string) => void;
  /** Code generation and go mod tidy; absent with --skip-go. */
  goSteps?: Task[];
}

/** What subresource templates see, on top of their kind. */
export interface SubresourceModel extends ResourceModel {
  /** feed: the last segment of the path, and the name of its handler file. */
  subresource: string;
  /** Feed: the tail of the Go names of its handlers (getFeed) and types. */
  subresourceTitle: string;
  subresourceType: SubresourceType;
  /** CatFeed, CatLogOptions: the kind an arbitrary subresource takes and returns, or a connector's options. */
  subresourceKind: string;
}

/** The kind a new subresource's types get: Cat + feed → CatFeed; a connector's are options (CatLogOptions). */
export function subresourceKind(kind: string, sub: Pick<SubresourceRecord, 'name' | 'type'>): string {
  return `${kind}${upperFirst(sub.name)}${sub.type === 'connector' ? 'Options' : ''}`;
}

export function subresourceModel(model: ResourceModel, sub: SubresourceRecord): SubresourceModel {
  return {
    ...model,
    subresource: sub.name,
    subresourceTitle: upperFirst(sub.name),
    subresourceType: sub.type,
    subresourceKind: sub.kind ?? subresourceKind(model.kind, sub),
  };
}

const typesFile = (m: ResourceModel) => `pkg/apis/${m.group}/${m.version}/${m.kindLower}_types.go`;
const storageFile = (m: ResourceModel) => `pkg/registry/${m.group}/${m.kindLower}/storage.go`;

/** What a subresource adds to its kind's storage.go, which `create resource --force` also re-applies. */
export function storageInsertions(m: SubresourceModel): Insertion[] {
  const at = (marker: string, fragment: string): Insertion[] => [
    { file: storageFile(m), marker: `// +apiboot:scaffold:${marker}`, fragments: [`fragments/${fragment}`] },
  ];
  switch (m.subresourceType) {
    case 'status':
      return [...at('imports', 'status-import.go'), ...at('kind', 'status-kind.go')];
    case 'scale':
      return [...at('imports', 'scale-import.go'), ...at('kind', 'scale-kind.go')];
    default:
      return at('subresources', `${m.subresourceType}-entry.go`);
  }
}

/**
 * What a subresource adds to its kind's types file, besides the status itself: the scale's status fields, and its
 * GetScale/UpdateScale methods on the typed client (a types file from before typed clients, and an internal type,
 * have no genclient marker, and no client to add them to).
 */
export function typesInsertions(m: SubresourceModel, file = typesFile(m)): Insertion[] {
  return m.subresourceType === 'scale'
    ? [
        { file, marker: '// +apiboot:scaffold:status-fields', fragments: ['fragments/scale-status-fields.go'] },
        { file, marker: '// +apiboot:scaffold:genclient', fragments: ['fragments/scale-genclient.go'], optional: true },
      ]
    : [];
}

/**
 * `create subresource`: a subresource of one of the project's kinds. status and scale change the kind's types (at
 * their markers) and storage; arbitrary and connector subresources add a types file and a handler file the user
 * owns, and an entry in storage.go. The PROJECT record lists it, so running the command again changes nothing.
 */
export function generateSubresource(
  tree: Tree,
  project: ProjectRecord,
  resource: ResourceRecord,
  sub: SubresourceRecord,
  base: ResourceModel,
  opts: SubresourceOptions,
): Task[] {
  const where = `${base.plural} of ${base.fullGroup}/${base.version}`;
  if (isHandlerBacked(resource)) {
    throw new UserError(
      `${resource.kind} is served by its handler (--storage handler), which serves no subresources; compute what you need in pkg/registry/${resource.group}/${base.kindLower}/handler.go, or use a kind stored in etcd.`,
    );
  }
  if (base.hubPackage)
    throw new Error(`generateSubresource: ${resource.kind} is served in several versions (see addSubresourceInVersions)`);
  const existing = checkNewSubresource(project, [resource], sub, base);
  const record: SubresourceRecord = existing ?? sub;
  const model = subresourceModel(base, record);
  const updated: ResourceRecord = { ...resource, subresources: [...resource.subresources, record] };
  const after = { ...project, resources: project.resources.map((r) => (r === resource ? updated : r)) };
  if (!existing) checkProjectNames(project, after);

  switch (sub.type) {
    case 'status':
      if (!existing) addStatus(tree, model);
      break;
    case 'scale':
      checkScalable(tree, model, where);
      applyInsertions(tree, typesInsertions(model), model);
      break;
    default:
      // Every file is the user's: the types to shape, the handlers to fill in, their test.
      emitSet(tree, sub.type, model, () => 'keep', opts);
  }
  applyInsertions(tree, storageInsertions(model), model);

  if (!existing) saveProject(tree, after);
  emitFeatureFiles(tree, existing ? project : after, base);
  return opts.goSteps ?? [];
}

/**
 * The subresource of the same name the kind has already (a re-run), after checking that the new one's name and kind
 * are free in every version the kind is served in.
 */
export function checkNewSubresource(
  project: ProjectRecord,
  versions: ResourceRecord[],
  sub: SubresourceRecord,
  base: ResourceModel,
): SubresourceRecord | undefined {
  const existing = versions[0]?.subresources.find((s) => s.name === sub.name);
  if (existing && existing.type !== sub.type) {
    throw new UserError(
      `The subresource ${base.plural}/${sub.name} already exists with the type ${existing.type}; choose another --subresource name.`,
    );
  }
  for (const r of versions) {
    const clash = findKindAnywhere(project, r.group, r.version, sub.kind ?? '');
    if (!existing && clash) {
      throw new UserError(
        `The kind ${sub.kind} already exists in ${base.fullGroup}/${r.version} (${clash}); choose another --subresource name.`,
      );
    }
  }
  return existing;
}

/** A Status field in the kind (at the marker the types template leaves for it) and a Status type at the end. */
export function addStatus(tree: Tree, model: SubresourceModel, file = typesFile(model)): void {
  const marker = '// +apiboot:scaffold:status';
  applyInsertions(tree, [{ file, marker, fragments: ['fragments/status-field.go'] }], model);
  // The marker only held the field's place.
  const content = (tree.read(file) ?? '')
    .split('\n')
    .filter((line) => line.trim() !== marker)
    .join('\n');
  const withType = new RegExp(`^type ${model.kind}Status struct`, 'm').test(content)
    ? content
    : content.replace(/\s*$/, '\n') + renderTemplate('fragments/status-type.go', model);
  tree.write(file, withType);
}

/**
 * The scale subresource sets spec.replicas and reports status.replicas and status.selector: the kind needs a status,
 * and its spec the replicas field the template wrote.
 */
export function checkScalable(tree: Tree, model: SubresourceModel, where: string, file = typesFile(model)): void {
  if (!model.withStatus) {
    throw new UserError(
      `The scale subresource reports the status of ${where}, which have none; add it first with "apiboot create subresource --group ${model.group} --version ${model.version} --kind ${model.kind} --type status".`,
    );
  }
  const content = tree.read(file);
  if (content === undefined) {
    throw new UserError(`The file ${file} is missing; restore it from version control before adding a subresource to ${where}.`);
  }
  if (!/^\s*Replicas\s+\*int32\s/m.test(content)) {
    throw new UserError(
      `The scale subresource sets spec.replicas, and ${model.kind}Spec in ${file} has no "Replicas *int32" field; add one, then run this command again.`,
    );
  }
}

/** Where a kind name is already taken in a group version: by a resource's kind or by one of its subresources. */
export function findKindAnywhere(project: ProjectRecord, group: string, version: string, kind: string): string | undefined {
  if (!kind) return undefined;
  for (const r of project.resources) {
    if (r.group !== group || r.version !== version) continue;
    if (r.kind === kind || `${r.kind}List` === kind) return `the resource ${r.plural}`;
    const sub = r.subresources.find((s) => s.kind === kind);
    if (sub) return `the subresource ${r.plural}/${sub.name}`;
  }
  const foreign = project.foreignSubresources?.find((f) => f.group === group && f.version === version && f.kind === kind);
  return foreign ? `the subresource ${foreign.subresource} of ${foreign.forKind}` : undefined;
}
