import { UserError } from '../errors.js';
import type { Tree } from './tree.js';
import { editState, markGenerated } from './written.js';

/**
 * What to do when a file a generator writes already exists with other content:
 * - `refuse`: stop with an error unless --force (the default: apiboot owns the file, but the user may have edited it);
 * - `keep`: leave the user's file alone unless --force (files meant to be edited, such as types and hooks);
 * - `overwrite`: always replace (files fully derived from others, such as PROJECT).
 *
 * Whether the user edited a file is read from the record of what apiboot last wrote (written.ts): a `refuse` file
 * still as apiboot wrote it is apiboot's to replace, and a `keep` file still as apiboot wrote it is kept without
 * saying it has changes of the user's (its difference from the template is apiboot's own later work, at markers).
 * A file the record does not know is treated as edited, as before there was a record.
 */
export type FilePolicy = 'refuse' | 'keep' | 'overwrite';

export interface EmitOptions {
  force: boolean;
  /** Called for files kept by policy because they have the user's changes, so the command can tell the user. */
  onKept?: (path: string) => void;
}

export function emit(tree: Tree, path: string, content: string, policy: FilePolicy, opts: EmitOptions, mode?: number): void {
  const existing = tree.read(path);
  const untouched = existing !== undefined && editState(tree, path) === 'as-written';
  if (existing === undefined || existing === content || policy === 'overwrite' || opts.force || (policy === 'refuse' && untouched)) {
    tree.write(path, content, mode);
    markGenerated(tree, path);
    return;
  }
  if (policy === 'keep') {
    if (!untouched) opts.onKept?.(path);
    return;
  }
  throw otherContent(path);
}

/** Writes a file apiboot made whole (a copy of a user's file into a new version, say) under the `keep` policy. */
export function emitKept(tree: Tree, path: string, content: string, opts: EmitOptions): void {
  emit(tree, path, content, 'keep', opts);
}

export function otherContent(path: string): UserError {
  return new UserError(`The file ${path} already exists with other content; move it away or pass --force to overwrite it.`);
}
