import { UserError } from '../../errors.js';
import { hubPackageOf, type ProjectModel } from '../../project/model.js';
import { isHandlerBacked, saveProject, versionsOf, type ProjectRecord, type ResourceRecord } from '../../project/record.js';
import type { Tree } from '../../scaffold/tree.js';
import { emitSet } from '../writes.js';

/** The version etcd stores a kind in: the one PROJECT marks, else the most stable. */
export function storageVersionOf(records: ResourceRecord[]): string | undefined {
  return (records.find((r) => r.storageVersion) ?? records[0])?.version;
}

/** The model of pkg/apiserver/storage_versions.go: the hubs to register and each multi-version kind's storage version. */
export function storageVersionsModel(base: ProjectModel, project: ProjectRecord): object {
  const kinds = new Map<string, ResourceRecord[]>();
  for (const r of project.resources) kinds.set(`${r.group}/${r.kind}`, [...(kinds.get(`${r.group}/${r.kind}`) ?? []), r]);
  const multi = [...kinds.values()].filter((records) => records.length > 1);
  const groups = [...new Set(multi.map((records) => records[0]?.group ?? ''))].sort();
  return {
    ...base,
    hubs: groups.map((group) => ({ alias: `${group}internal`, package: hubPackageOf(base.module, group) })),
    storageKinds: multi
      .map((records) => ({
        fullGroup: `${records[0]?.group}.${base.domain}`,
        kind: records[0]?.kind ?? '',
        version: storageVersionOf(records) ?? '',
      }))
      .sort((a, b) => a.fullGroup.localeCompare(b.fullGroup) || a.kind.localeCompare(b.kind)),
  };
}

/** pkg/apiserver/storage_versions.go is derived from PROJECT alone: rewritten whenever versions change. */
export function emitStorageVersions(tree: Tree, base: ProjectModel, project: ProjectRecord): void {
  emitSet(tree, 'storage-versions', storageVersionsModel(base, project), () => 'overwrite', { force: false });
}

/** `apiboot storage-version`: which version etcd stores a kind served in several versions in. */
export function setStorageVersion(
  tree: Tree,
  base: ProjectModel,
  project: ProjectRecord,
  group: string,
  kind: string,
  version: string,
): void {
  const records = versionsOf(project, group, kind);
  const fullGroup = `${group}.${base.domain}`;
  if (!records.length) {
    throw new UserError(`The project has no kind ${kind} in ${fullGroup}; create it with "apiboot create resource" first.`);
  }
  if (records.some(isHandlerBacked)) {
    throw new UserError(`${kind} is served by its handler (--storage handler) and not stored in etcd, so it has no storage version.`);
  }
  if (!records.some((r) => r.version === version)) {
    throw new UserError(
      `${kind} is not served in ${fullGroup}/${version}; choose one of its versions: ${records.map((r) => r.version).join(', ')}.`,
    );
  }
  const resources = project.resources.map((r) =>
    r.group === group && r.kind === kind ? { ...r, storageVersion: r.version === version } : r,
  );
  const updated = { ...project, resources };
  saveProject(tree, updated);
  emitStorageVersions(tree, base, updated);
  expectStoredAs(tree, updated, base.domain, group, kind);
}

/**
 * pkg/apiserver/scheme_test.go lists the version each kind is stored as (an entry per kind, added with the kind):
 * the entry follows the storage version.
 */
export function expectStoredAs(tree: Tree, project: ProjectRecord, domain: string, group: string, kind: string): void {
  const path = 'pkg/apiserver/scheme_test.go';
  const content = tree.read(path);
  const version = storageVersionOf(versionsOf(project, group, kind));
  if (content === undefined || !version) return;
  const fullGroup = `${group}.${domain}`;
  const entry = new RegExp(
    `(\\{kind: schema\\.GroupKind\\{Group: "${fullGroup.replaceAll('.', '\\.')}", Kind: "${kind}"\\}, storedAs: ")[^"]*(")`,
  );
  tree.write(path, content.replace(entry, `$1${fullGroup}/${version}$2`));
}
