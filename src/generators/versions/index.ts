import { UserError } from '../../errors.js';
import { hubPackageOf, resourceModel, type ProjectModel, type ResourceModel } from '../../project/model.js';
import { isHandlerBacked, saveProject, versionsOf, type ProjectRecord, type ResourceRecord, type SubresourceRecord } from '../../project/record.js';
import { parseGoFile, printGoFile, type GoDecl, type GoFile } from '../../scaffold/go-source.js';
import { emit, type EmitOptions } from '../../scaffold/policy.js';
import { renderSet } from '../../scaffold/templates.js';
import { Tree } from '../../scaffold/tree.js';
import { formatGoFiles } from '../../scaffold/gofmt.js';
import { addStatus, checkNewSubresource, checkScalable, storageInsertions, subresourceModel, typesInsertions } from '../subresource/index.js';
import { checkProjectNames } from '../../project/names.js';
import { emitFeatureFiles } from '../init/features.js';
import { applyInsertions, emitSet, type Insertion } from '../writes.js';

// A kind served in several versions, the way Kubernetes serves its own: an internal (hub) type in pkg/apis/GROUP,
// one versioned type per version converted to it and back (conversion-gen, plus conversion.go for what it cannot
// write), defaults per version, and the server's strategy, storage and hooks on the internal type. A kind served in
// one version stays its own hub, with none of this.

/** The model of a kind in one of its versions, knowing every version it is served in. */
export function kindModel(base: ProjectModel, project: ProjectRecord, r: ResourceRecord): ResourceModel {
  return resourceModel(base, r, versionsOf(project, r.group, r.kind).map((v) => v.version));
}

/** The version etcd stores a kind in: the one PROJECT marks, else the most stable. */
export function storageVersionOf(records: ResourceRecord[]): string | undefined {
  return (records.find((r) => r.storageVersion) ?? records[0])?.version;
}

/**
 * The packages the files that import a group's internal package (by the group's name) import too: storage.go, the
 * round-trip test, conversion.go. A group of the same name would clash with one of them.
 */
const HUB_NAME_CLASHES = new Set(['registry', 'runtime', 'generic', 'ptr', 'metav1', 'fuzzer', 'roundtrip', 'metafuzzer', 'schema', 'serializer', 'utilruntime', 'rand', 'testing', 'conversion']);

const typesFile = (group: string, version: string, kindLower: string) => `pkg/apis/${group}/${version}/${kindLower}_types.go`;
/** The types file of an arbitrary or connector subresource's kind: pkg/apis/animal/v1alpha1/cat_feed_types.go. */
const subTypesFile = (group: string, version: string, kindLower: string, sub: string) => `pkg/apis/${group}/${version}/${kindLower}_${sub}_types.go`;

export interface AddVersionOptions extends EmitOptions {
  /** Make the new version the storage version. */
  storageVersion: boolean;
}

/**
 * `create resource` for a kind that exists in another version: the kind gains `added.version`. The first time, its
 * types file is split into the internal type (every hook but Default, in pkg/apis/GROUP) and the versioned type
 * (fields and Default); the new version starts as a copy of the versioned type, so fields carry over and conversions
 * are generated. PROJECT lists the new version, and the storage version stays where it was unless asked.
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
  emitVersionFiles(tree, model, printGoFile(versioned), opts);
  // The kinds of its arbitrary and connector subresources, copied the same way.
  for (const sub of record.subresources.filter((s) => s.kind)) {
    const from = subTypesFile(source.group, source.version, model.kindLower, sub.name);
    const content = tree.read(from);
    if (content === undefined) throw new UserError(`The file ${from} is missing; restore it from version control, then add the version again.`);
    const copy = parseTypes(content, from);
    copy.packageName = record.version;
    renameVersion(copy.decls, `${fullGroup}/${source.version}`, `${fullGroup}/${record.version}`);
    writeKept(tree, subTypesFile(record.group, record.version, model.kindLower, sub.name), printGoFile(copy), opts);
  }
  emitSample(tree, model, source.version, opts);
  applyInsertions(tree, REGISTRATION, model);

  saveProject(tree, updated);
  emitStorageVersions(tree, base, updated);
  expectStoredAs(tree, updated, base.domain, added.group, added.kind);
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

/** What a served version of a kind adds to the project's registration files, as a single-version kind does. */
const REGISTRATION: Insertion[] = [
  { file: 'pkg/apiserver/scheme.go', marker: '// +apiboot:scaffold:imports', fragments: ['fragments/scheme-import.go'] },
  { file: 'pkg/apiserver/scheme.go', marker: '// +apiboot:scaffold:scheme', fragments: ['fragments/scheme-group-version.go'] },
  {
    file: 'pkg/apiserver/resources.go',
    marker: '// +apiboot:scaffold:imports',
    fragments: ['fragments/scheme-import.go', 'fragments/registry-import.go'],
  },
  { file: 'pkg/apiserver/resources.go', marker: '// +apiboot:scaffold:resources', fragments: ['fragments/resource.go'] },
];

/**
 * The first time a kind gains a version: its internal type in pkg/apis/GROUP (the user's types file with every hook
 * but Default: validation, tables and field selectors work on it), its tests moved along, the versioned type kept
 * with its fields and Default only, and its storage switched to the internal type.
 */
function splitIntoHub(
  tree: Tree,
  base: ProjectModel,
  after: ProjectRecord,
  r: ResourceRecord,
  opts: EmitOptions,
): void {
  const single = resourceModel(base, r);
  const model = kindModel(base, after, r);
  const path = typesFile(r.group, r.version, model.kindLower);
  const content = tree.read(path);
  if (content === undefined) {
    throw new UserError(`The file ${path} is missing; restore it from version control, then add the version again.`);
  }
  const file = parseTypes(content, path);
  const isDefault = (d: GoDecl) => d.kind === 'func' && d.name === 'Default' && d.receiver !== undefined;

  // Typed clients are made for the versions only: the hub's type keeps none of the client tags.
  const withoutClientTags = (d: GoDecl): GoDecl => ({ ...d, text: d.text.replace(/^\/\/ \+(genclient|resourceName=|apiboot:scaffold:genclient).*\n/gm, '') });
  const hub: GoFile = { ...file, packageName: r.group, decls: file.decls.filter((d) => !isDefault(d)).map(withoutClientTags) };
  renameVersion(hub.decls, `${model.fullGroup}/${r.version}`, model.fullGroup);
  emitSet(tree, 'hub', model, () => 'keep', opts);
  writeKept(tree, `pkg/apis/${r.group}/${model.kindLower}_types.go`, printGoFile(hub), opts);

  // The hooks' tests follow the hooks: those of Default stay with the version, the others move to the hub.
  const testPath = path.replace(/_types\.go$/, '_types_test.go');
  const testContent = tree.read(testPath);
  if (testContent !== undefined) {
    const test = parseTypes(testContent, testPath);
    const ofDefault = (d: GoDecl) => /\.Default\(\)/.test(d.text);
    const hubTests = test.decls.filter((d) => !ofDefault(d));
    const versionTests = test.decls.filter(ofDefault);
    if (hubTests.length) {
      writeKept(tree, `pkg/apis/${r.group}/${model.kindLower}_types_test.go`, printGoFile({ ...test, packageName: r.group, decls: hubTests }), opts);
    }
    if (versionTests.length) tree.write(testPath, printGoFile({ ...test, decls: versionTests }));
    else tree.delete(testPath);
  }

  const versioned: GoFile = {
    ...file,
    decls: file.decls.filter((d) => d.kind === 'type' || d.kind === 'const' || d.kind === 'var' || isDefault(d)),
  };
  tree.write(path, printGoFile(versioned));
  convertGroupVersion(tree, model, opts);
  emitVersionFiles(tree, model, undefined, opts);

  // storage.go works on the internal type now: rewritten, unless the user changed it.
  const storagePath = `pkg/registry/${r.group}/${model.kindLower}/storage.go`;
  const current = tree.read(storagePath);
  if (current !== undefined && current !== renderStorage(single, r) && !opts.force) {
    throw new UserError(
      `The file ${storagePath} has changes of yours, and a kind served in several versions needs it rewritten to serve the internal type; pass --force to rewrite it, then bring your changes back.`,
    );
  }
  tree.write(storagePath, renderStorage(model, r));

  // The kinds of its arbitrary and connector subresources are split the same way, and their handlers work on the
  // internal types from now on.
  for (const sub of r.subresources.filter((s) => s.kind)) {
    const subPath = subTypesFile(r.group, r.version, model.kindLower, sub.name);
    const subContent = tree.read(subPath);
    if (subContent === undefined) {
      throw new UserError(`The file ${subPath} is missing; restore it from version control, then add the version again.`);
    }
    const split = splitSubresourceTypes(parseTypes(subContent, subPath), r.group, `${model.fullGroup}/${r.version}`, model.fullGroup);
    writeKept(tree, `pkg/apis/${r.group}/${model.kindLower}_${sub.name}_types.go`, printGoFile(split.hub), opts);
    tree.write(subPath, printGoFile(split.versioned));
    for (const handler of [`${sub.name}.go`, `${sub.name}_test.go`]) {
      const handlerPath = `pkg/registry/${r.group}/${model.kindLower}/${handler}`;
      const code = tree.read(handlerPath);
      if (code !== undefined) tree.write(handlerPath, onHubTypes(code, single, model));
    }
  }
}

/**
 * A subresource kind's types file split as the kind's is: the internal type (registered under the internal version by
 * its init function, without the query-string conversion tag, which only a version has) and the versioned type.
 */
function splitSubresourceTypes(file: GoFile, group: string, from: string, to: string): { hub: GoFile; versioned: GoFile } {
  const hub: GoFile = {
    ...file,
    packageName: group,
    decls: file.decls.map((d) => ({ ...d, text: d.text.replace(/^\/\/ \+k8s:conversion-gen:explicit-from=.*\n/gm, '') })),
  };
  renameVersion(hub.decls, from, to);
  const versioned: GoFile = { ...file, decls: file.decls.filter((d) => d.kind === 'type' || d.kind === 'const' || d.kind === 'var' || (d.kind === 'func' && d.receiver !== undefined)) };
  return { hub, versioned };
}

/**
 * A handler file of a subresource, once its kind is served in several versions: the same code on the internal types,
 * which have the same names and fields (the import of the version's package becomes the hub's).
 */
function onHubTypes(code: string, single: ResourceModel, model: ResourceModel): string {
  return code
    .split(`"${single.apiPackage}"`)
    .join(`"${model.hubPackage}"`)
    .replace(new RegExp(`\\b${single.version}\\.`, 'g'), `${model.group}.`);
}

/** A kind's storage.go as apiboot writes it: the template, and each subresource at its marker. */
function renderStorage(model: ResourceModel, r: ResourceRecord): string {
  const scratch = new Tree();
  for (const f of renderSet('resource', model)) if (f.path.includes('/registry/')) scratch.write(f.path, f.content);
  for (const sub of r.subresources) {
    const subModel = subresourceModel(model, sub);
    applyInsertions(scratch, storageInsertions(subModel), subModel);
  }
  const path = `pkg/registry/${r.group}/${model.kindLower}/storage.go`;
  return gofmt(path, scratch.read(path) ?? '');
}

/** Go source as the tree holds it once written: gofmt'd. */
function gofmt(path: string, content: string): string {
  const scratch = new Tree();
  scratch.write(path, content);
  formatGoFiles(scratch);
  return scratch.read(path) ?? '';
}

/**
 * A group version with a kind in several versions converts through the hub: its doc.go asks conversion-gen for
 * conversions to it. A doc.go as apiboot wrote it is rewritten; one the user changed gets only its tag changed.
 */
function convertGroupVersion(tree: Tree, model: ResourceModel, opts: EmitOptions): void {
  const single = { ...model, hubPackage: '' };
  for (const f of renderSet('group-version', model)) {
    const current = tree.read(f.path);
    if (current === undefined) {
      tree.write(f.path, f.content);
    } else if (f.path.endsWith('/doc.go')) {
      const asSingle = gofmt(f.path, renderSet('group-version', single).find((s) => s.path === f.path)?.content ?? '');
      tree.write(
        f.path,
        current === asSingle ? f.content : current.replace(/^\/\/ \+k8s:conversion-gen=false$/m, `// +k8s:conversion-gen=${model.hubPackage}`),
      );
    } else {
      writeKept(tree, f.path, f.content, opts);
    }
  }
}

/** A version's registration of the kind, its conversion file, its types (when given), and its round-trip test entry. */
function emitVersionFiles(tree: Tree, model: ResourceModel, types: string | undefined, opts: EmitOptions): void {
  emitSet(tree, 'version-kind', model, () => 'overwrite', opts);
  emitSet(tree, 'version-conversion', model, () => 'keep', opts);
  if (types !== undefined) writeKept(tree, typesFile(model.group, model.version, model.kindLower), types, opts);
  const test = roundTripTest(model);
  // Created once, for the first two versions; later versions join at its markers.
  if (!tree.exists(test)) emitSet(tree, 'hub-kind', model, () => 'keep', opts);
  applyInsertions(
    tree,
    [
      { file: test, marker: '// +apiboot:scaffold:imports', fragments: ['fragments/scheme-import.go'] },
      { file: test, marker: '// +apiboot:scaffold:versions', fragments: ['fragments/roundtrip-version.go'] },
    ],
    model,
  );
  for (const subresourceKind of model.subresourceKinds) addRoundTripKind(tree, { ...model, subresourceKind });
}

const roundTripTest = (model: ResourceModel) => `pkg/apis/${model.group}/${model.kindLower}_roundtrip_test.go`;

/** A subresource's kind joins the round-trip test's kinds, if its file has their marker (older ones have not). */
function addRoundTripKind(tree: Tree, model: ResourceModel & { subresourceKind: string }): void {
  const marker = '// +apiboot:scaffold:kinds';
  if ((tree.read(roundTripTest(model)) ?? '').includes(marker)) {
    applyInsertions(tree, [{ file: roundTripTest(model), marker, fragments: ['fragments/roundtrip-kind.go'] }], model);
  }
}

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
      existing || r.group !== resource.group || r.kind !== resource.kind ? r : { ...r, subresources: [...r.subresources, record] },
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
      const split = splitSubresourceTypes(parseTypes(gofmt(typesPath, types.content), typesPath), model.group, `${model.fullGroup}/${model.version}`, model.fullGroup);
      writeKept(tree, `pkg/apis/${model.group}/${model.kindLower}_${record.name}_types.go`, printGoFile(split.hub), opts);
      for (const r of updated) {
        const copy: GoFile = { ...split.versioned, packageName: r.version, decls: split.versioned.decls.map((d) => ({ ...d })) };
        renameVersion(copy.decls, `${model.fullGroup}/${model.version}`, `${model.fullGroup}/${r.version}`);
        writeKept(tree, subTypesFile(r.group, r.version, model.kindLower, record.name), printGoFile(copy), opts);
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

function writeKept(tree: Tree, path: string, content: string, opts: EmitOptions): void {
  const current = tree.read(path);
  if (current === undefined || current === content || opts.force) tree.write(path, content);
  else opts.onKept?.(path);
}

function parseTypes(content: string, path: string): GoFile {
  try {
    return parseGoFile(content);
  } catch (e) {
    throw new UserError(
      `The file ${path} is not laid out as gofmt writes Go (${e instanceof Error ? e.message : String(e)}); run gofmt -w on it, then add the version again.`,
    );
  }
}

/** Doc comments name the group version a type is served in: animal.demo.io/v1alpha1 becomes the new one's. */
function renameVersion(decls: GoDecl[], from: string, to: string): void {
  for (const d of decls) d.text = d.text.split(from).join(to);
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
export function setStorageVersion(tree: Tree, base: ProjectModel, project: ProjectRecord, group: string, kind: string, version: string): void {
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
  const resources = project.resources.map((r) => (r.group === group && r.kind === kind ? { ...r, storageVersion: r.version === version } : r));
  const updated = { ...project, resources };
  saveProject(tree, updated);
  emitStorageVersions(tree, base, updated);
  expectStoredAs(tree, updated, base.domain, group, kind);
}

/**
 * pkg/apiserver/scheme_test.go lists the version each kind is stored as (an entry per kind, added with the kind):
 * the entry follows the storage version.
 */
function expectStoredAs(tree: Tree, project: ProjectRecord, domain: string, group: string, kind: string): void {
  const path = 'pkg/apiserver/scheme_test.go';
  const content = tree.read(path);
  const version = storageVersionOf(versionsOf(project, group, kind));
  if (content === undefined || !version) return;
  const fullGroup = `${group}.${domain}`;
  const entry = new RegExp(`(\\{kind: schema\\.GroupKind\\{Group: "${fullGroup.replaceAll('.', '\\.')}", Kind: "${kind}"\\}, storedAs: ")[^"]*(")`);
  tree.write(path, content.replace(entry, `$1${fullGroup}/${version}$2`));
}
