import { UserError } from '../errors.js';
import { insertAtMarker, MarkerNotFoundError } from '../scaffold/markers.js';
import { emit, type EmitOptions, type FilePolicy } from '../scaffold/policy.js';
import { renderSet, renderTemplate } from '../scaffold/templates.js';
import type { Tree } from '../scaffold/tree.js';

// The two ways a generator writes: whole files from a template set, each under its file policy, and fragments
// inserted into existing files at their markers.

/** Renders every template of a set and writes each file under the policy for its path. */
export function emitSet(tree: Tree, set: string, model: object, policy: (path: string) => FilePolicy, opts: EmitOptions): void {
  for (const file of renderSet(set, model)) emit(tree, file.path, file.content, policy(file.path), opts, file.mode);
}

/** Fragments (template names) that go into an existing file at one of its marker lines. */
export interface Insertion {
  file: string;
  marker: string;
  fragments: string[];
  /** A marker that projects made by an earlier apiboot lack: without it, the insertion is left out. */
  optional?: boolean;
}

/** Renders each insertion's fragments and adds them at its marker; a missing file or marker is the user's to fix. */
export function applyInsertions(tree: Tree, insertions: Insertion[], model: object): void {
  for (const { file, marker, fragments, optional } of insertions) {
    const content = tree.read(file);
    if (content === undefined) {
      throw new UserError(`The file ${file} is missing; restore it from version control or from "apiboot init repo" in an empty folder.`);
    }
    try {
      tree.write(
        file,
        insertAtMarker(
          content,
          marker,
          fragments.map((f) => renderTemplate(f, model)),
        ),
      );
    } catch (e) {
      if (!(e instanceof MarkerNotFoundError)) throw e;
      if (optional) continue;
      throw new UserError(`The file ${file} has lost its marker line "${marker}"; put it back where new entries should go.`);
    }
  }
}
