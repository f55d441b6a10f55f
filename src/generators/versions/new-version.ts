import { UserError } from '../../errors.js';
import type { ProjectModel, ResourceModel } from '../../project/model.js';
import { saveProject, versionsOf, type ProjectRecord, type ResourceRecord } from '../../project/record.js';
import { printGoFile, type GoFile } from '../../scaffold/go-source.js';
import { emit, emitKept, type EmitOptions } from '../../scaffold/policy.js';
import type { Tree } from '../../scaffold/tree.js';
import { applyInsertions, emitSet } from '../writes.js';
import { splitIntoHub } from './hub-split.js';
import { emitStorageVersions, expectStoredAs, storageVersionOf } from './storage-version.js';
import {
  conversionFile,
  convertGroupVersion,
  emitVersionFiles,
  kindModel,
  parseTypes,
  REGISTRATION,
  renameVersion,
  subTypesFile,
  typesFile,
} from './version-files.js';

// A kind served in several versions, the way Kubernetes serves its own: an internal (hub) type in pkg/apis/GROUP,
// one versioned type per version converted to it and back (conversion-gen, plus conversion.go for what it cannot
// write), defaults per version, and the server's strategy, storage and hooks on the internal type. A kind served in
// one version stays its own hub, with none of this.

/**
 * The packages the files that import a group's internal package (by the group's name) import too: storage.go, the
 * round-trip test, conversion.go. A group of the same name would clash with one of them.
 */
const HUB_NAME_CLASHES = new Set([
  'registry',
  'runtime',
  'generic',
  'ptr',
  'metav1',
  'fuzzer',
  'roundtrip',
  'metafuzzer',
  'schema',
  'serializer',
  'utilruntime',
  'rand',
  'testing',
  'conversion',
]);

export interface AddVersionOptions extends EmitOptions {
  /** Make the new version the storage version. */
  storageVersion: boolean;
}

/**
 * `create resource` for a kind that exists in another version: the kind gains `added.version`. The first time, its
 * types file is split into the internal type (every hook but Default, in pkg/apis/GROUP) and the versioned type
 * (fields and Default); the new version starts as a copy of the version etcd stores (its types, the conversions
 * written for them by hand, its sample), so fields carry over and conversions build. PROJECT lists the new version,
 * and the storage version stays where it was unless asked.
 */
export function addVersion(tree: Tree, base: ProjectModel, project: ProjectRecord, added: ResourceRecord, opts: AddVersionOptions): void {
  const existing = versionsOf(project, added.group, added.kind);
  const first = existing[0];
  if (!first) throw new Error(`addVersion: ${added.kind} is not in PROJECT`);
  const fullGroup = `${added.group}.${base.domain}`;
  if (added.plural !== first.plural) {
    throw new UserError(
      `${added.kind} is served as "${first.plural}" in ${fullGroup}/${first.version}; every version of a kind has the same resource name, so drop --resource or pass --resource ${first.plural}.`,
    );
  }
  if (added.namespaced !== first.namespaced) {
    throw new UserError(
      `${added.kind} is ${first.namespaced ? 'namespaced' : 'cluster-scoped'} in ${fullGroup}/${first.version}; every version of a kind has the same scope, so ${first.namespaced ? 'drop' : 'pass'} --non-namespaced.`,
    );
  }
  checkSameNames(added, first, fullGroup);
  if (HUB_NAME_CLASHES.has(added.group)) {
    throw new UserError(
      `The group name "${added.group}" would clash with a package that the code of a kind in several versions imports (pkg/apis/${added.group} is imported as ${added.group}); a kind of this group cannot gain a version.`,
    );
  }

  checkLayout(tree);

  // The new version serves the same resource: same name, scope, subresources, short names and categories.
  const record: ResourceRecord = {
    ...added,
    subresources: first.subresources.map((sub) => ({ ...sub })),
    storageVersion: opts.storageVersion,
    ...(first.shortNames ? { shortNames: [...first.shortNames] } : {}),
    ...(first.categories ? { categories: [...first.categories] } : {}),
  };
  const resources = [
    ...project.resources.map((r) =>
      opts.storageVersion && r.group === added.group && r.kind === added.kind ? { ...r, storageVersion: false } : r,
    ),
    record,
  ];
  const updated: ProjectRecord = { ...project, resources };
  const model = kindModel(base, updated, record);

  if (existing.length === 1) splitIntoHub(tree, base, updated, first, opts);

  // The new version: its group version's files (converted to the hub if they exist already), its types, seeded from
  // the version etcd stores, its registration and conversion files.
  const source = existing.find((r) => r.version === storageVersionOf(existing)) ?? first;
  const sourceFile = typesFile(source.group, source.version, model.kindLower);
  const seed = tree.read(sourceFile);
  if (seed === undefined) {
    throw new UserError(`The file ${sourceFile} is missing; restore it from version control, then add the version again.`);
  }
  const versioned = parseTypes(seed, sourceFile);
  versioned.packageName = record.version;
  renameVersion(versioned.decls, `${fullGroup}/${source.version}`, `${fullGroup}/${record.version}`);
  convertGroupVersion(tree, model, opts);
  emitVersionFiles(tree, model, printGoFile(versioned), opts, carriedConversions(tree, kindModel(base, updated, source), model));
  // The kinds of its arbitrary and connector subresources, copied the same way.
  for (const sub of record.subresources.filter((s) => s.kind)) {
    const from = subTypesFile(source.group, source.version, model.kindLower, sub.name);
    const content = tree.read(from);
    if (content === undefined)
      throw new UserError(`The file ${from} is missing; restore it from version control, then add the version again.`);
    const copy = parseTypes(content, from);
    copy.packageName = record.version;
    renameVersion(copy.decls, `${fullGroup}/${source.version}`, `${fullGroup}/${record.version}`);
    emitKept(tree, subTypesFile(record.group, record.version, model.kindLower, sub.name), printGoFile(copy), opts);
  }
  emitSample(tree, model, source.version, opts);
  applyInsertions(tree, REGISTRATION, model);

  saveProject(tree, updated);
  emitStorageVersions(tree, base, updated);
  expectStoredAs(tree, updated, base.domain, added.group, added.kind);
}

/**
 * `create resource` again for a version a kind is served in already: nothing of the user's is regenerated; what is
 * derived from PROJECT alone (the version's registration, the storage versions) is written again, which changes
 * nothing in an intact project.
 */
export function refreshVersion(tree: Tree, base: ProjectModel, project: ProjectRecord, r: ResourceRecord): void {
  const model = kindModel(base, project, r);
  emitSet(tree, 'version-kind', model, () => 'overwrite', { force: false });
  applyInsertions(tree, REGISTRATION, model);
  emitStorageVersions(tree, base, project);
}

/**
 * Short names and categories name the resource, not one of its versions (as a CRD's spec.names does): a new version
 * of a kind takes the kind's, and --short-names or --categories that say otherwise are refused rather than ignored.
 * Changing them is an edit of the kind (storage.go and PROJECT), not something a version adds.
 */
export function checkSameNames(asked: ResourceRecord, kind: ResourceRecord, fullGroup: string): void {
  const lists = [
    ['short names', '--short-names', asked.shortNames, kind.shortNames],
    ['categories', '--categories', asked.categories, kind.categories],
  ] as const;
  for (const [what, flag, given, has] of lists) {
    if (given === undefined || sameList(given, has ?? [])) continue;
    const current = has?.length ? `the ${what} ${has.join(', ')}` : `no ${what}`;
    throw new UserError(
      `${asked.kind} has ${current} in ${fullGroup}/${kind.version}, and every version of a kind has the same ${what}; ${has?.length ? `drop ${flag} or pass ${flag} ${has.join(',')}` : `drop ${flag}`}.`,
    );
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/**
 * The conversion.go of a version copied from another: the other's declarations (conversions written by hand for a
 * field renamed there, a RenamedFields method) under the new version's names, since the new version has the same
 * fields. Undefined when the other's conversion.go declares nothing: the template is then the right start.
 */
function carriedConversions(tree: Tree, from: ResourceModel, to: ResourceModel): string | undefined {
  const path = conversionFile(from);
  const content = tree.read(path);
  if (content === undefined) return undefined;
  const file = parseTypes(content, path);
  if (file.decls.every((d) => d.kind === 'comment')) return undefined;
  const copy: GoFile = { ...file, packageName: to.version, decls: file.decls.map((d) => ({ ...d, text: inVersion(d.text, from, to) })) };
  return printGoFile(copy);
}

/**
 * Go code of one version's package as the same code of another's: conversion functions are named after their
 * package (Convert_v1beta1_CatSpec_To_animal_CatSpec), comments name the version in words.
 */
function inVersion(text: string, from: ResourceModel, to: ResourceModel): string {
  const word = new RegExp(`\\b${from.version}\\b`, 'g');
  return text
    .split('\n')
    .map((line) =>
      /^\s*\/\//.test(line)
        ? line.replace(word, to.version)
        : line
            .split(`${from.fullGroup}/${from.version}`)
            .join(`${to.fullGroup}/${to.version}`)
            .replace(new RegExp(`\\b(autoConvert|Convert)_${from.version}_`, 'g'), `$1_${to.version}_`)
            .replace(new RegExp(`_To_${from.version}_`, 'g'), `_To_${to.version}_`),
    )
    .join('\n');
}

/**
 * Projects made before kinds could have several versions store each kind in the first version scheme.go lists and
 * serve a kind only in the versions of its own Go type: three files need the newer code first (README, "Projects
 * made by an earlier apiboot").
 */
function checkLayout(tree: Tree): void {
  const needs: Array<[string, string]> = [
    ['pkg/cmd/server/start.go', 'apiserver.StorageCodec()'],
    ['pkg/apiserver/scheme.go', 'CompareKubeAwareVersionStrings'],
    ['pkg/registry/strategy.go', 'PrioritizedVersionsForGroup'],
  ];
  const old = needs.filter(([file, text]) => !(tree.read(file) ?? '').includes(text)).map(([file]) => file);
  if (old.length) {
    throw new UserError(
      `This project was made by an earlier apiboot, whose ${old.join(', ')} cannot serve a kind in several versions; update ${old.length > 1 ? 'them' : 'it'} as the README says under "Projects made by an earlier apiboot", then run this command again.`,
    );
  }
}

/**
 * The new version's sample object (config/samples/GROUP_VERSION_KIND.yaml): the sample of the version its types were
 * copied from, in the new apiVersion, so it has the same fields; the template's when that one is gone. Yours, as
 * every sample: written once, kept even by --force.
 */
function emitSample(tree: Tree, model: ResourceModel, from: string, opts: EmitOptions): void {
  const path = (version: string) => `config/samples/${model.group}_${version}_${model.kindLower}.yaml`;
  const seed = tree.read(path(from));
  const kept = { ...opts, force: false };
  if (seed === undefined) return emitSet(tree, 'sample', model, () => 'keep', kept);
  const inVersion = (text: string) =>
    text.split(`${model.fullGroup}/${from}`).join(`${model.fullGroup}/${model.version}`).split(path(from)).join(path(model.version));
  emit(tree, path(model.version), inVersion(seed), 'keep', kept);
}
