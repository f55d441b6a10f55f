import type { Task } from '../../task.js';
import { UserError } from '../../errors.js';
import { groupVersionModel, type ResourceModel } from '../../project/model.js';
import { checkProjectNames, checkShortNames } from '../../project/name-clashes.js';
import { findResource, isHandlerBacked, saveProject, versionsOf, type ProjectRecord, type ResourceRecord } from '../../project/record.js';
import type { FilePolicy } from '../../scaffold/policy.js';
import { applyInsertions, emitSet, type Insertion } from '../writes.js';
import { emitFeatureFiles } from '../init/features.js';
import { storageInsertions, subresourceModel, typesInsertions } from '../subresource/index.js';
import type { Tree } from '../../scaffold/tree.js';
import { editState } from '../../scaffold/written.js';
import { addVersion, checkSameNames, refreshVersion } from '../versions/index.js';

export interface ResourceOptions {
  force: boolean;
  onKept?: (path: string) => void;
  /** Code generation and go mod tidy; absent with --skip-go. */
  goSteps?: Task[];
  /** --storage-version: when the kind exists in another version, store it in this one from now on. */
  storageVersion?: boolean;
}

/**
 * Marker lines the project templates emit, with what every storage package adds there: its group version in the
 * scheme, and the imports of its API and registry packages in resources.go. The resources.go entry itself differs
 * between a kind and a foreign subresource.
 */
export const REGISTRATION: Insertion[] = [
  {
    file: 'pkg/apiserver/scheme.go',
    marker: '// +apiboot:scaffold:imports',
    fragments: ['fragments/scheme-import.go'],
  },
  {
    file: 'pkg/apiserver/scheme.go',
    marker: '// +apiboot:scaffold:scheme',
    fragments: ['fragments/scheme-group-version.go'],
  },
  {
    file: 'pkg/apiserver/resources.go',
    marker: '// +apiboot:scaffold:imports',
    fragments: ['fragments/scheme-import.go', 'fragments/registry-import.go'],
  },
];

/** The line in resources.go that lists a storage package, from its fragment. */
export const resourceEntry = (fragment: string): Insertion => ({
  file: 'pkg/apiserver/resources.go',
  marker: '// +apiboot:scaffold:resources',
  fragments: [fragment],
});

const INSERTIONS: Insertion[] = [
  ...REGISTRATION,
  resourceEntry('fragments/resource.go'),
  // The version the kind is stored as, which the generated TestStorageCodec checks.
  { file: 'pkg/apiserver/scheme_test.go', marker: '// +apiboot:scaffold:storage-versions', fragments: ['fragments/storage-version.go'] },
];

/**
 * A handler-backed kind is listed with its own constructor, which gets the server's client for the cluster instead of
 * etcd options; it stores nothing, so it has no storage version to check.
 */
const HANDLER_INSERTIONS: Insertion[] = [...REGISTRATION, resourceEntry('fragments/handler-resource.go')];

/**
 * What to do when a file of the resource set exists with other content: types and their test are the user's to edit;
 * storage is apiboot's but may have been changed too.
 */
const resourcePolicy = (path: string): FilePolicy => (path.includes('/apis/') ? 'keep' : 'refuse');

/**
 * `create group version resource`: the types, storage and registration of one kind, and its PROJECT entry.
 * Everything lands in the tree; the Go steps come back as tasks.
 */
export function generateResource(
  tree: Tree,
  project: ProjectRecord,
  resource: ResourceRecord,
  model: ResourceModel,
  opts: ResourceOptions,
): Task[] {
  const existing = findResource(project, resource.group, resource.version, resource.kind);
  // --force regenerates the kind's files from the flags, keeping the subresources added since it was created.
  if (existing) {
    const added = existing.subresources.filter((sub) => sub.type !== 'status');
    resource = { ...resource, subresources: [...resource.subresources.filter((sub) => sub.type === 'status'), ...added] };
  }
  const versions = versionsOf(project, resource.group, resource.kind);
  if (existing && versions.length > 1) {
    // The same command again changes nothing and runs the Go steps again (the way back after a killed run); its
    // files cannot be regenerated, since its types are split between the hub and each version.
    checkSameNames(resource, existing, model.fullGroup);
    const asked = {
      ...resource,
      storageVersion: opts.storageVersion ? true : existing.storageVersion,
      // Like the command that added the version, the same command again takes the kind's names when it gives none.
      shortNames: resource.shortNames ?? existing.shortNames,
      categories: resource.categories ?? existing.categories,
    };
    if (canonical(existing) !== canonical(asked)) {
      throw new UserError(
        opts.storageVersion && !existing.storageVersion && canonical(existing) === canonical({ ...asked, storageVersion: false })
          ? `${resource.kind} exists in ${model.fullGroup}/${resource.version} already; to store it in this version, run "apiboot storage-version --group ${resource.group} --version ${resource.version} --kind ${resource.kind}".`
          : `The kind ${resource.kind} is served in several versions (${versions.map((v) => v.version).join(', ')}) and exists in ${model.fullGroup}/${resource.version} with other settings; its files cannot be regenerated (its types are split between pkg/apis/${resource.group} and each version), so run the command with the settings it has.`,
      );
    }
    refreshVersion(tree, model, project, existing);
    return opts.goSteps ?? [];
  }
  // The same command again changes nothing; other settings for an existing kind need --force.
  if (existing && !opts.force && canonical(existing) !== canonical(resource)) {
    throw new UserError(
      `The kind ${resource.kind} already exists in ${model.fullGroup}/${resource.version} with other settings; pass --force to regenerate its files with these.`,
    );
  }
  if (!existing && versions.length && (isHandlerBacked(resource) || versions.some(isHandlerBacked))) {
    throw new UserError(
      `The kind ${resource.kind} exists in ${model.fullGroup}/${versions.map((v) => v.version).join(', ')}, and a kind served by a handler (--storage handler) is served in one version only; choose another --kind.`,
    );
  }
  if (!existing && versions.length) {
    addVersion(tree, model, project, resource, { ...opts, storageVersion: opts.storageVersion ?? false });
    return opts.goSteps ?? [];
  }
  const samePlural = project.resources.find(
    (r) => r.group === resource.group && r.version === resource.version && r.plural === resource.plural && r.kind !== resource.kind,
  );
  if (samePlural) {
    throw new UserError(
      `The resource name "${resource.plural}" is already used by ${samePlural.kind} in ${model.fullGroup}/${resource.version}; pass --resource with another plural.`,
    );
  }

  const others = project.resources.filter((r) => r !== existing);
  const updated = { ...project, resources: [...others, resource] };
  checkProjectNames(project, updated);
  checkShortNames(project, updated);

  // On the same command again, storage.go is rendered bare and gets its subresources back below: only then, and once
  // gofmt'd, can it be compared with the file on disk, which must not have changed.
  // A file the record of what apiboot wrote knows unchanged needs no such check.
  const rerunPolicy =
    (policy: (path: string) => FilePolicy) =>
    (path: string): FilePolicy => {
      if (!existing || opts.force || policy(path) !== 'refuse' || editState(tree, path) === 'as-written') return policy(path);
      tree.expectUnchanged(path);
      return 'overwrite';
    };
  if (isHandlerBacked(resource)) {
    // The types and the handler are the user's; storage.go, which serves the verbs chosen, is apiboot's. No sample:
    // objects come from the handler, not from kubectl apply.
    emitSet(tree, 'group-version', groupVersionModel(model, updated), () => 'keep', opts);
    emitSet(
      tree,
      'handler',
      model,
      rerunPolicy((path) => (path.endsWith('/storage.go') ? 'refuse' : 'keep')),
      opts,
    );
    applyInsertions(tree, HANDLER_INSERTIONS, model);
    saveProject(tree, updated);
    emitFeatureFiles(tree, updated, model);
    return opts.goSteps ?? [];
  }
  // doc.go and register.go are shared by every kind of the group version, and say whether any of them is served in
  // several versions.
  emitSet(tree, 'group-version', groupVersionModel(model, updated), () => 'keep', opts);
  emitSet(tree, 'resource', model, rerunPolicy(resourcePolicy), opts);
  // The sample object (config/samples/GROUP_VERSION_KIND.yaml, as kubebuilder names it) is the user's example, shown
  // by build docs: written once, kept even by --force, which regenerates code.
  emitSet(tree, 'sample', model, () => 'keep', { ...opts, force: false });

  applyInsertions(tree, INSERTIONS, model);
  // The kind's storage.go was rendered bare, and so was its types file if --force rewrote it: the subresources come
  // back at their markers.
  for (const sub of resource.subresources) {
    const subModel = subresourceModel(model, sub);
    applyInsertions(tree, [...storageInsertions(subModel), ...(opts.force ? typesInsertions(subModel) : [])], subModel);
  }

  saveProject(tree, updated);
  emitFeatureFiles(tree, updated, model);
  return opts.goSteps ?? [];
}

/** A resource record as comparable text: keys and subresources in a fixed order. */
function canonical(r: ResourceRecord): string {
  const subresources = [...r.subresources].sort((a, b) => a.name.localeCompare(b.name));
  const { group, version, kind, plural, namespaced, storageVersion, shortNames = [], categories = [], storage = 'etcd', verbs = [] } = r;
  return JSON.stringify({ group, version, kind, plural, namespaced, storageVersion, shortNames, categories, subresources, storage, verbs });
}
