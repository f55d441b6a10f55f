import type { Task } from '../../task.js';
import { UserError } from '../../errors.js';
import { parseForKind, type BuiltinKind } from '../../project/builtin-kinds.js';
import { groupVersionModel, resourceModel, type ProjectModel, type ResourceModel } from '../../project/model.js';
import { checkProjectNames } from '../../project/name-clashes.js';
import { saveProject, type ForeignSubresourceRecord, type ProjectRecord } from '../../project/record.js';
import type { FilePolicy } from '../../scaffold/policy.js';
import type { Tree } from '../../scaffold/tree.js';
import { applyInsertions, emitSet, type Insertion } from '../writes.js';
import { emitFeatureFiles } from '../init/features.js';
import { REGISTRATION, resourceEntry } from '../resource/index.js';
import { findKindAnywhere, type SubresourceOptions } from '../subresource/index.js';

/** What the templates of a foreign subresource see: the response kind as a kind of the project, and its parent. */
export interface ForeignModel extends ResourceModel {
  subresource: string;
  parent: BuiltinKind;
}

export function foreignModel(base: ProjectModel, f: ForeignSubresourceRecord): ForeignModel {
  const parent = parseForKind(f.forKind);
  const asKind = resourceModel(base, {
    group: f.group,
    version: f.version,
    kind: f.kind,
    plural: parent.plural,
    namespaced: parent.namespaced,
    subresources: [],
    storageVersion: false,
  });
  return { ...asKind, subresource: f.subresource, parent };
}

const INSERTIONS: Insertion[] = [...REGISTRATION, resourceEntry('fragments/foreign-resource.go')];

const SETS: Array<{ set: string; policy: (path: string) => FilePolicy }> = [
  { set: 'group-version', policy: () => 'keep' },
  // The response type, the compose function and its test are the user's; storage.go is apiboot's.
  { set: 'foreign', policy: (path) => (path.endsWith('/storage.go') ? 'refuse' : 'keep') },
];

/**
 * `create subresource --for-kind`: a subresource of a kind another API server serves (deployments/compositions for
 * apps/v1 Deployments), served in a group version of the project, reading its parent from the cluster.
 */
export function generateForeignSubresource(
  tree: Tree,
  project: ProjectRecord,
  record: ForeignSubresourceRecord,
  model: ForeignModel,
  opts: SubresourceOptions,
): Task[] {
  const { parent } = model;
  const path = `${parent.plural}/${record.subresource}`;
  const all = project.foreignSubresources ?? [];
  const same = all.find(
    (f) => f.group === record.group && f.version === record.version && f.forKind === record.forKind && f.subresource === record.subresource,
  );
  if (same && same.kind !== record.kind) {
    throw new UserError(
      `${path} is already served in ${model.fullGroup}/${record.version} with the kind ${same.kind}; pass --kind ${same.kind} or choose another --subresource name.`,
    );
  }
  if (!same) {
    const owner = project.resources.find((r) => r.group === record.group && r.version === record.version && r.plural === parent.plural);
    if (owner) {
      throw new UserError(
        `${model.fullGroup}/${record.version} serves its own ${parent.plural} (kind ${owner.kind}), so it cannot stand in for ${parent.display} ${parent.plural}; pass --group with another group.`,
      );
    }
    const clash = findKindAnywhere(project, record.group, record.version, record.kind);
    const packageClash = project.resources.find((r) => r.group === record.group && r.kind.toLowerCase() === model.kindLower);
    if (clash || packageClash) {
      throw new UserError(
        `The kind ${record.kind} is already taken in ${model.fullGroup} (${clash ?? `the resource ${packageClash?.plural}`}); pass --kind with another name.`,
      );
    }
  }

  const after = { ...project, foreignSubresources: [...all, record] };
  if (!same) checkProjectNames(project, after);

  for (const { set, policy } of SETS) emitSet(tree, set, set === 'group-version' ? groupVersionModel(model, after) : model, policy, opts);
  applyInsertions(tree, INSERTIONS, model);
  if (!same) saveProject(tree, after);
  emitFeatureFiles(tree, same ? project : after, model);
  return opts.goSteps ?? [];
}
