import { UserError } from '../errors.js';
import { insertAtMarker, MarkerNotFoundError } from '../scaffold/markers.js';
import { renderTemplate } from '../scaffold/templates.js';
import type { Tree } from '../scaffold/tree.js';

/** Fragments (template names) that go into an existing file at one of its marker lines. */
export interface Insertion {
  file: string;
  marker: string;
  fragments: string[];
}

/** Renders each insertion's fragments and adds them at its marker; a missing file or marker is the user's to fix. */
export function applyInsertions(tree: Tree, insertions: Insertion[], model: object): void {
  for (const { file, marker, fragments } of insertions) {
    const content = tree.read(file);
    if (content === undefined) {
      throw new UserError(`The file ${file} is missing; restore it from version control or from "apiboot init repo" in an empty folder.`);
    }
    try {
      tree.write(file, insertAtMarker(content, marker, fragments.map((f) => renderTemplate(f, model))));
    } catch (e) {
      if (!(e instanceof MarkerNotFoundError)) throw e;
      throw new UserError(`The file ${file} has lost its marker line "${marker}"; put it back where new entries should go.`);
    }
  }
}
