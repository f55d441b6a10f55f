import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { describeFsError } from './fs-errors.js';
import { processAlive, removeStateDirIfEmpty, STATE_DIR } from './state.js';

export const LOCK_FILE = `${STATE_DIR}/lock`;
/** How long a command waits for another one in the same project before it gives up. */
const WAIT_MS = 30_000;
const POLL_MS = 100;

const held = new Set<string>();

/**
 * Takes the project's lock: a file created exclusively, holding the owner's pid. Two commands that write one
 * project never interleave: the second waits up to 30 s, then refuses. A lock whose process is gone (killed) is
 * taken over. The lock is released at exit, or earlier by `unlockProject`.
 */
export function lockProject(root: string, onWait?: (pid: number) => void): void {
  const path = join(root, LOCK_FILE);
  if (held.has(path)) return;
  const deadline = Date.now() + WAIT_MS;
  let waited = false;
  let vanished = 0;
  for (;;) {
    try {
      // Again on every try: the owner that releases the lock removes the folder when it is empty. Not recursive:
      // node's recursive mkdir reports a read-only file system as ENOENT, which would read as that race forever.
      makeStateDir(root);
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The folder was removed between the two calls by an owner releasing the lock: try again, a few times.
      if (code === 'ENOENT' && ++vanished < 100) continue;
      // A folder apiboot may not write in (read-only mount, no permission) is said at once, never waited on.
      if (code !== 'EEXIST') throw describeFsError(e, path);
    }
    const owner = readOwner(path);
    if (owner === 'stale') {
      // Read again just before removing: another waiter may have taken the stale lock over meanwhile.
      if (readOwner(path) === 'stale') unlinkSync(path);
      continue;
    }
    if (owner === 'gone') continue;
    if (Date.now() > deadline) {
      throw new UserError(
        `Another apiboot command (pid ${owner}) is still changing this project; run this one again when it has finished (or delete ${LOCK_FILE} if no apiboot is running).`,
      );
    }
    if (!waited) onWait?.(owner);
    waited = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
  }
  if (held.size === 0) process.once('exit', releaseAll);
  held.add(path);
}

function makeStateDir(root: string): void {
  try {
    mkdirSync(join(root, STATE_DIR));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Releases the lock before the command ends, for commands that go on running (run local, run in-cluster). */
export function unlockProject(root: string): void {
  const path = join(root, LOCK_FILE);
  if (!held.delete(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // Already removed by hand: nothing to release.
  }
  removeStateDirIfEmpty(root);
}

function releaseAll(): void {
  for (const path of held) unlockProject(join(path, '..', '..'));
}

/** The live owner's pid; 'stale' when its process is gone (or it never wrote its pid); 'gone' when just released. */
function readOwner(path: string): number | 'stale' | 'gone' {
  let text: string;
  let age: number;
  try {
    text = readFileSync(path, 'utf8');
    age = Date.now() - statSync(path).mtimeMs;
  } catch {
    return 'gone';
  }
  const pid = Number(text.trim());
  // A lock still without a pid is being written right now, unless it is old: its writer died in between.
  if (!Number.isInteger(pid) || pid <= 0) return age > 5_000 ? 'stale' : 0;
  return processAlive(pid) ? pid : 'stale';
}
