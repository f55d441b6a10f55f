import { UserError } from '../../errors.js';
import { resourceModel, type ProjectModel, type ResourceModel } from '../../project/model.js';
import type { ProjectRecord, ResourceRecord } from '../../project/record.js';
import { printGoFile, type GoDecl, type GoFile } from '../../scaffold/go-source.js';
import { emitKept, type EmitOptions } from '../../scaffold/policy.js';
import { renderSet } from '../../scaffold/templates.js';
import { Tree } from '../../scaffold/tree.js';
import { markGenerated } from '../../scaffold/written.js';
import { storageInsertions, subresourceModel } from '../subresource/index.js';
import { applyInsertions, emitSet } from '../writes.js';
import {
  convertGroupVersion,
  emitVersionFiles,
  kindModel,
  parseTypes,
  renameVersion,
  subTypesFile,
  typesFile,
  unchangedByUser,
} from './version-files.js';

/**
 * The first time a kind gains a version: its internal type in pkg/apis/GROUP (the user's types file with every hook
 * but Default: validation, tables and field selectors work on it), its tests moved along, the versioned type kept
 * with its fields and Default only, and its storage switched to the internal type.
 */
export function splitIntoHub(tree: Tree, base: ProjectModel, after: ProjectRecord, r: ResourceRecord, opts: EmitOptions): void {
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
  const withoutClientTags = (d: GoDecl): GoDecl => ({
    ...d,
    text: d.text.replace(/^\/\/ \+(genclient|resourceName=|apiboot:scaffold:genclient).*\n/gm, ''),
  });
  const hub: GoFile = { ...file, packageName: r.group, decls: file.decls.filter((d) => !isDefault(d)).map(withoutClientTags) };
  renameVersion(hub.decls, `${model.fullGroup}/${r.version}`, model.fullGroup);
  emitSet(tree, 'hub', model, () => 'keep', opts);
  emitKept(tree, `pkg/apis/${r.group}/${model.kindLower}_types.go`, printGoFile(hub), opts);

  // The hooks' tests follow the hooks: those of Default stay with the version, the others move to the hub.
  const testPath = path.replace(/_types\.go$/, '_types_test.go');
  const testContent = tree.read(testPath);
  if (testContent !== undefined) {
    const test = parseTypes(testContent, testPath);
    const ofDefault = (d: GoDecl) => /\.Default\(\)/.test(d.text);
    const hubTests = test.decls.filter((d) => !ofDefault(d));
    const versionTests = test.decls.filter(ofDefault);
    if (hubTests.length) {
      emitKept(
        tree,
        `pkg/apis/${r.group}/${model.kindLower}_types_test.go`,
        printGoFile({ ...test, packageName: r.group, decls: hubTests }),
        opts,
      );
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
  if (!opts.force && !unchangedByUser(tree, storagePath, () => renderStorage(single, r))) {
    throw new UserError(
      `The file ${storagePath} has changes of yours, and a kind served in several versions needs it rewritten to serve the internal type; pass --force to rewrite it, then bring your changes back.`,
    );
  }
  tree.write(storagePath, renderStorage(model, r));
  markGenerated(tree, storagePath);

  // The kinds of its arbitrary and connector subresources are split the same way, and their handlers work on the
  // internal types from now on.
  for (const sub of r.subresources.filter((s) => s.kind)) {
    const subPath = subTypesFile(r.group, r.version, model.kindLower, sub.name);
    const subContent = tree.read(subPath);
    if (subContent === undefined) {
      throw new UserError(`The file ${subPath} is missing; restore it from version control, then add the version again.`);
    }
    const split = splitSubresourceTypes(parseTypes(subContent, subPath), r.group, `${model.fullGroup}/${r.version}`, model.fullGroup);
    emitKept(tree, `pkg/apis/${r.group}/${model.kindLower}_${sub.name}_types.go`, printGoFile(split.hub), opts);
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
export function splitSubresourceTypes(file: GoFile, group: string, from: string, to: string): { hub: GoFile; versioned: GoFile } {
  const hub: GoFile = {
    ...file,
    packageName: group,
    decls: file.decls.map((d) => ({ ...d, text: d.text.replace(/^\/\/ \+k8s:conversion-gen:explicit-from=.*\n/gm, '') })),
  };
  renameVersion(hub.decls, from, to);
  const versioned: GoFile = {
    ...file,
    decls: file.decls.filter(
      (d) => d.kind === 'type' || d.kind === 'const' || d.kind === 'var' || (d.kind === 'func' && d.receiver !== undefined),
    ),
  };
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

/** A kind's storage.go as apiboot writes it, before gofmt: the template, and each subresource at its marker. */
function renderStorage(model: ResourceModel, r: ResourceRecord): string {
  const scratch = new Tree();
  for (const f of renderSet('resource', model)) if (f.path.includes('/registry/')) scratch.write(f.path, f.content);
  for (const sub of r.subresources) {
    const subModel = subresourceModel(model, sub);
    applyInsertions(scratch, storageInsertions(subModel), subModel);
  }
  return scratch.read(`pkg/registry/${r.group}/${model.kindLower}/storage.go`) ?? '';
}
