import { isAbsolute, relative } from 'node:path';
import { UserError } from '../errors.js';

/** A path as the user sees it: relative to where they are when it is inside, absolute otherwise. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** What to tell the user about a failed file system call, by its error code: the path, and what to do about it. */
const ADVICE: Record<string, (path: string) => string> = {
  EISDIR: (p) => `${p} is a folder where apiboot expects a file; move it away, then run the command again`,
  ENOTDIR: (p) => `${p} lies under a file where apiboot expects a folder; move that file away, then run the command again`,
  EEXIST: (p) => `${p} is a file where apiboot needs a folder; move it away, then run the command again`,
  EACCES: (p) => `apiboot may not write ${p} (permission denied); make it writable (chmod u+w), then run the command again`,
  EPERM: (p) => `apiboot may not change ${p} (operation not permitted); check its owner and attributes, then run the command again`,
  EROFS: (p) => `${p} is on a read-only file system; run apiboot where it can write`,
  ENOSPC: (p) => `The disk is full while writing ${p}; free some space, then run the command again`,
  EDQUOT: (p) => `The disk quota is used up while writing ${p}; free some space, then run the command again`,
  EMFILE: (p) => `Too many files are open while opening ${p}; raise the limit (ulimit -n), then run the command again`,
};

/**
 * Turns a Node file system error into one sentence naming the path (`path` when the failed call was on a temporary
 * file standing in for it). Anything else is returned as it is.
 */
export function describeFsError(e: unknown, path?: string): Error {
  if (!isFsError(e)) return e instanceof Error ? e : new Error(String(e));
  const shown = shownPath(path ?? e.path ?? '.');
  const advice = ADVICE[e.code];
  return new UserError(
    advice
      ? `${advice(shown)}.`
      : `${e.syscall ?? 'A file operation'} on ${shown} failed (${e.code}); fix that, then run the command again.`,
  );
}

export function isFsError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return (
    e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!)
  );
}
