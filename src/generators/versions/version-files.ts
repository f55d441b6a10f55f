import { UserError } from '../../errors.js';
import { resourceModel, type ProjectModel, type ResourceModel } from '../../project/model.js';
import { versionsOf, type ProjectRecord, type ResourceRecord } from '../../project/record.js';
import { parseGoFile, type GoDecl, type GoFile } from '../../scaffold/go-source.js';
import { formatGoSource } from '../../scaffold/gofmt.js';
import { emitKept, type EmitOptions } from '../../scaffold/policy.js';
import { renderSet } from '../../scaffold/templates.js';
import type { Tree } from '../../scaffold/tree.js';
import { editState, markGenerated } from '../../scaffold/written.js';
import { applyInsertions, emitSet, type Insertion } from '../writes.js';

// What every job on a kind in several versions shares: the kind's model, where its files are, and the files each
// served version has (its group version's doc.go and register.go, the kind's registration, conversion.go, its place
// in the round-trip test).

/** The model of a kind in one of its versions, knowing every version it is served in. */
export function kindModel(base: ProjectModel, project: ProjectRecord, r: ResourceRecord): ResourceModel {
  return resourceModel(
    base,
    r,
    versionsOf(project, r.group, r.kind).map((v) => v.version),
  );
}

export const typesFile = (group: string, version: string, kindLower: string) => `pkg/apis/${group}/${version}/${kindLower}_types.go`;
/** The types file of an arbitrary or connector subresource's kind: pkg/apis/animal/v1alpha1/cat_feed_types.go. */
export const subTypesFile = (group: string, version: string, kindLower: string, sub: string) =>
  `pkg/apis/${group}/${version}/${kindLower}_${sub}_types.go`;
export const conversionFile = (model: ResourceModel) => `pkg/apis/${model.group}/${model.version}/conversion.go`;
const roundTripTest = (model: ResourceModel) => `pkg/apis/${model.group}/${model.kindLower}_roundtrip_test.go`;

/** What a served version of a kind adds to the project's registration files, as a single-version kind does. */
export const REGISTRATION: Insertion[] = [
  { file: 'pkg/apiserver/scheme.go', marker: '// +apiboot:scaffold:imports', fragments: ['fragments/scheme-import.go'] },
  { file: 'pkg/apiserver/scheme.go', marker: '// +apiboot:scaffold:scheme', fragments: ['fragments/scheme-group-version.go'] },
  {
    file: 'pkg/apiserver/resources.go',
    marker: '// +apiboot:scaffold:imports',
    fragments: ['fragments/scheme-import.go', 'fragments/registry-import.go'],
  },
  { file: 'pkg/apiserver/resources.go', marker: '// +apiboot:scaffold:resources', fragments: ['fragments/resource.go'] },
];

export function parseTypes(content: string, path: string): GoFile {
  try {
    return parseGoFile(content);
  } catch (e) {
    throw new UserError(
      `The file ${path} is not laid out as gofmt writes Go (${e instanceof Error ? e.message : String(e)}); run gofmt -w on it, then add the version again.`,
    );
  }
}

/** Doc comments name the group version a type is served in: animal.demo.io/v1alpha1 becomes the new one's. */
export function renameVersion(decls: GoDecl[], from: string, to: string): void {
  for (const d of decls) d.text = d.text.split(from).join(to);
}

/**
 * Whether a file is as apiboot wrote it: by the record of what apiboot last wrote, or, in a project without one,
 * by comparing it with what apiboot would write (`asApiboot`, formatted as the tree will be).
 */
export function unchangedByUser(tree: Tree, path: string, asApiboot: () => string): boolean {
  const current = tree.original(path) ?? tree.read(path);
  if (current === undefined) return true;
  const state = editState(tree, path);
  if (state !== 'unknown') return state === 'as-written';
  const expected = asApiboot();
  return current === expected || current === formatGoSource(path, expected);
}

/**
 * A group version with a kind in several versions converts through the hub: its doc.go asks conversion-gen for
 * conversions to it. A doc.go as apiboot wrote it is rewritten; one the user changed gets only its tag changed.
 */
export function convertGroupVersion(tree: Tree, model: ResourceModel, opts: EmitOptions): void {
  const single = { ...model, hubPackage: '' };
  for (const f of renderSet('group-version', model)) {
    const current = tree.read(f.path);
    if (current !== undefined && f.path.endsWith('/doc.go')) {
      const asSingle = () => renderSet('group-version', single).find((s) => s.path === f.path)?.content ?? '';
      if (current === f.content || unchangedByUser(tree, f.path, asSingle)) {
        tree.write(f.path, f.content);
        markGenerated(tree, f.path);
      } else {
        tree.write(f.path, current.replace(/^\/\/ \+k8s:conversion-gen=false$/m, `// +k8s:conversion-gen=${model.hubPackage}`));
      }
    } else {
      emitKept(tree, f.path, f.content, opts);
    }
  }
}

/**
 * A version's registration of the kind, its conversion file (the template's, or the one given: conversions carried
 * over from the version it was copied from), its types (when given), and its round-trip test entry.
 */
export function emitVersionFiles(
  tree: Tree,
  model: ResourceModel,
  types: string | undefined,
  opts: EmitOptions,
  conversion?: string,
): void {
  emitSet(tree, 'version-kind', model, () => 'overwrite', opts);
  if (conversion === undefined) emitSet(tree, 'version-conversion', model, () => 'keep', opts);
  else emitKept(tree, conversionFile(model), conversion, opts);
  if (types !== undefined) emitKept(tree, typesFile(model.group, model.version, model.kindLower), types, opts);
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

/** A subresource's kind joins the round-trip test's kinds, if its file has their marker (older ones have not). */
export function addRoundTripKind(tree: Tree, model: ResourceModel & { subresourceKind: string }): void {
  const marker = '// +apiboot:scaffold:kinds';
  if ((tree.read(roundTripTest(model)) ?? '').includes(marker)) {
    applyInsertions(tree, [{ file: roundTripTest(model), marker, fragments: ['fragments/roundtrip-kind.go'] }], model);
  }
}
