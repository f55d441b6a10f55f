import { createHash } from 'node:crypto';
import { STATE_DIR } from './state.js';
import type { Tree } from './tree.js';

/**
 * What apiboot last wrote to each file it generates, committed with the project: the git blob id of the content
 * (what `git hash-object` prints). Whether the user changed a file is then a question of content, never a guess:
 * a file whose content has the recorded id is as apiboot left it. The id is git's so that a later upgrade can take
 * the merge base of a three-way merge from the project's own history (`git cat-file blob ID`).
 *
 * The record is a file of the tree like any other, written into the same commit as the files it describes.
 */
export const WRITTEN_RECORD = `${STATE_DIR}/written.json`;

interface WrittenRecord {
  about: string;
  files: { [path: string]: string };
}

const ABOUT =
  'What apiboot last wrote to each file it generates (git blob ids): a file with another content has been edited. Commit it with the project.';

/** `git hash-object` of a text: sha1 over "blob <bytes>\0" and the bytes. */
export function blobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * How a file that exists before the command stands against the record: as apiboot last wrote it, edited since, or
 * unknown (no record, or none for this file: a project made by an earlier apiboot, or a file apiboot never wrote).
 */
export type EditState = 'as-written' | 'edited' | 'unknown';

/** The state of a file as the command found it (the tree's own writes so far do not count). */
export function editState(tree: Tree, path: string): EditState {
  const id = readRecord(tree)?.files[path];
  const content = tree.original(path);
  if (id === undefined || content === undefined) return 'unknown';
  return blobId(content) === id ? 'as-written' : 'edited';
}

/** Paths each tree wrote whole from a template (or as a copy apiboot made): apiboot's content, whatever was there. */
const generated = new WeakMap<Tree, Set<string>>();

export function markGenerated(tree: Tree, path: string): void {
  const paths = generated.get(tree) ?? new Set<string>();
  paths.add(path);
  generated.set(tree, paths);
}

/**
 * Brings the record up to date with the tree's changes, as the last write of a command (after gofmt, so ids are of
 * what lands on disk). A file written whole is apiboot's; a file changed in part (an entry at a marker, a tag) stays
 * as the user had it: recorded anew if it was as apiboot wrote it, else left with its old id, still edited. A tree
 * with nothing generated and no record (build config's output folder) gets none.
 */
export function recordWritten(tree: Tree): void {
  const marked = generated.get(tree) ?? new Set<string>();
  const before = readRecord(tree);
  if (!before && marked.size === 0) return;
  const files = { ...(before?.files ?? {}) };
  for (const c of tree.changes()) {
    if (c.path === WRITTEN_RECORD) continue;
    if (c.kind === 'DELETE') {
      delete files[c.path];
      continue;
    }
    const after = blobId(c.after ?? '');
    const asApibootLeftIt =
      c.before === undefined || marked.has(c.path) || (files[c.path] !== undefined && blobId(c.before) === files[c.path]);
    if (asApibootLeftIt) files[c.path] = after;
  }
  // A file rendered again with the content it has: apiboot's, even where the record did not know it yet.
  for (const path of marked) {
    const content = tree.read(path);
    if (content !== undefined && files[path] === undefined && content === tree.original(path)) files[path] = blobId(content);
  }
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const record: WrittenRecord = { about: ABOUT, files: sorted };
  tree.write(WRITTEN_RECORD, `${JSON.stringify(record, null, 2)}\n`);
}

const records = new WeakMap<Tree, WrittenRecord | undefined>();

function readRecord(tree: Tree): WrittenRecord | undefined {
  if (!records.has(tree)) records.set(tree, parseRecord(tree));
  return records.get(tree);
}

function parseRecord(tree: Tree): WrittenRecord | undefined {
  const text = tree.original(WRITTEN_RECORD);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<WrittenRecord>;
    if (typeof parsed.files !== 'object' || parsed.files === null) return undefined;
    return { about: ABOUT, files: Object.fromEntries(Object.entries(parsed.files).filter(([, id]) => typeof id === 'string')) };
  } catch {
    // A record that does not parse (a merge conflict in it) tells nothing: every file is unknown, as without one.
    return undefined;
  }
}
