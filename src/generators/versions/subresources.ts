import type { ProjectModel } from '../../project/model.js';
import { checkProjectNames } from '../../project/name-clashes.js';
import { saveProject, versionsOf, type ProjectRecord, type ResourceRecord, type SubresourceRecord } from '../../project/record.js';
import { printGoFile, type GoFile } from '../../scaffold/go-source.js';
import { formatGoSource } from '../../scaffold/gofmt.js';
import { emit, emitKept, type EmitOptions } from '../../scaffold/policy.js';
import { renderSet } from '../../scaffold/templates.js';
import type { Tree } from '../../scaffold/tree.js';
import {
  addStatus,
  checkNewSubresource,
  checkScalable,
  storageInsertions,
  subresourceModel,
  typesInsertions,
} from '../subresource/index.js';
import { emitFeatureFiles } from '../init/features.js';
import { applyInsertions, emitSet } from '../writes.js';
import { splitSubresourceTypes } from './hub-split.js';
import { addRoundTripKind, kindModel, parseTypes, renameVersion, subTypesFile, typesFile } from './version-files.js';

/**
 * `create subresource` for a kind served in several versions: it works in every version. A status or scale changes
 * the internal type and each version's type at their markers; an arbitrary or connector subresource gets its kind in
 * the internal package and in each version (registered with the kind, converted by conversion-gen), and its handler
 * works on the internal types. Every version's PROJECT entry lists it.
 */
export function addSubresourceInVersions(
  tree: Tree,
  base: ProjectModel,
  project: ProjectRecord,
  resource: ResourceRecord,
  sub: SubresourceRecord,
  opts: EmitOptions,
): void {
  const records = versionsOf(project, resource.group, resource.kind);
  const asked = kindModel(base, project, resource);
  const existing = checkNewSubresource(project, records, sub, asked);
  const record: SubresourceRecord = existing ?? sub;
  const after: ProjectRecord = {
    ...project,
    resources: project.resources.map((r) =>
      existing || r.group !== resource.group || r.kind !== resource.kind ? r : { ...r, subresources: [...r.subresources, { ...record }] },
    ),
  };
  if (!existing) checkProjectNames(project, after);
  const updated = versionsOf(after, resource.group, resource.kind);
  const model = subresourceModel(kindModel(base, after, updated.find((r) => r.version === resource.version) ?? resource), record);
  const hubTypes = `pkg/apis/${model.group}/${model.kindLower}_types.go`;
  const allTypes = [hubTypes, ...updated.map((r) => typesFile(r.group, r.version, model.kindLower))];
  const where = `${model.plural} of ${model.servedIn}`;

  switch (record.type) {
    case 'status':
      if (!existing) for (const file of allTypes) addStatus(tree, model, file);
      break;
    case 'scale':
      checkScalable(tree, model, where, hubTypes);
      for (const file of allTypes) applyInsertions(tree, typesInsertions(model, file), model);
      break;
    default: {
      const rendered = renderSet(record.type, model);
      for (const f of rendered) {
        if (f.path.startsWith('pkg/registry/')) emit(tree, f.path, f.content, 'keep', opts);
      }
      const typesPath = subTypesFile(model.group, model.version, model.kindLower, record.name);
      const types = rendered.find((f) => f.path === typesPath);
      if (!types) throw new Error(`addSubresourceInVersions: the ${record.type} templates write no ${typesPath}`);
      // Cut up as gofmt lays it out.
      const split = splitSubresourceTypes(
        parseTypes(formatGoSource(typesPath, types.content), typesPath),
        model.group,
        `${model.fullGroup}/${model.version}`,
        model.fullGroup,
      );
      emitKept(tree, `pkg/apis/${model.group}/${model.kindLower}_${record.name}_types.go`, printGoFile(split.hub), opts);
      for (const r of updated) {
        const copy: GoFile = { ...split.versioned, packageName: r.version, decls: split.versioned.decls.map((d) => ({ ...d })) };
        renameVersion(copy.decls, `${model.fullGroup}/${model.version}`, `${model.fullGroup}/${r.version}`);
        emitKept(tree, subTypesFile(r.group, r.version, model.kindLower, record.name), printGoFile(copy), opts);
      }
      addRoundTripKind(tree, model);
    }
  }
  // Each version registers the kind with its subresources' kinds.
  for (const r of updated) emitSet(tree, 'version-kind', kindModel(base, after, r), () => 'overwrite', opts);
  applyInsertions(tree, storageInsertions(model), model);
  if (!existing) saveProject(tree, after);
  emitFeatureFiles(tree, after, base);
}
