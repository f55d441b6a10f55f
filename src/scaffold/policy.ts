import { UserError } from '../errors.js';
import type { Tree } from './tree.js';

/**
 * What to do when a file a generator writes already exists with other content:
 * - `refuse`: stop with an error unless --force (the default: apiboot owns the file, but the user may have edited it);
 * - `keep`: leave the user's file alone unless --force (files meant to be edited, such as types and hooks);
 * - `overwrite`: always replace (files fully derived from others, such as PROJECT).
 */
export type FilePolicy = 'refuse' | 'keep' | 'overwrite';

export interface EmitOptions {
  force: boolean;
  /** Called for files kept by policy, so the command can tell the user. */
  onKept?: (path: string) => void;
}

export function emit(tree: Tree, path: string, content: string, policy: FilePolicy, opts: EmitOptions, mode?: number): void {
  const existing = tree.read(path);
  if (existing === undefined || existing === content || policy === 'overwrite' || opts.force) {
    tree.write(path, content, mode);
    return;
  }
  if (policy === 'keep') {
    opts.onKept?.(path);
    return;
  }
  throw otherContent(path);
}

export function otherContent(path: string): UserError {
  return new UserError(`The file ${path} already exists with other content; move it away or pass --force to overwrite it.`);
}
