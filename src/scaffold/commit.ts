import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { describeFsError, shownPath } from './fs-errors.js';
import { removeStateDirIfEmpty, STATE_DIR } from './state.js';
import type { Change } from './tree.js';

/**
 * A commit survives the process being killed at any instant (docs/commit.md):
 *   1. every new content is written to a numbered file in .apiboot/commit/ (nothing in the project has changed yet);
 *   2. a journal naming the renames and deletes is written there, and renamed into place: the commit point;
 *   3. the renames and deletes are done; 4. the journal is deleted, then the folder.
 * `recoverCommit`, which every command that writes calls first under the project lock, rolls a commit forward when it
 * finds a journal (its renames and deletes are safe to repeat) and otherwise just removes the folder: the project is
 * then as before or as after, never in between.
 */
export const COMMIT_DIR = `${STATE_DIR}/commit`;
const JOURNAL = 'journal.json';

interface Journal {
  /** [staged file in COMMIT_DIR, target], targets relative to the folder holding COMMIT_DIR. */
  renames: Array<[string, string]>;
  deletes: string[];
}

/**
 * Writes the changes of a tree rooted at `root`. `home` holds the commit folder: the project, or `root` itself when
 * it lies outside the project (renames stay within one file system).
 */
export function commitChanges(root: string, changes: Change[], home = root): void {
  if (changes.length === 0) return;
  checkTargets(root, changes);
  const dir = join(home, COMMIT_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const journal: Journal = { renames: [], deletes: [] };
  try {
    for (const c of changes) {
      const target = join(root, c.path);
      if (c.kind === 'DELETE') {
        journal.deletes.push(relative(home, target));
        continue;
      }
      const staged = String(journal.renames.length);
      // A key file is written 0600 whatever mode it had; any other update keeps the file's mode (an executable script
      // stays executable).
      const mode = c.mode ?? (c.kind === 'UPDATE' ? statSync(target).mode & 0o7777 : 0o644);
      try {
        writeFileSync(join(dir, staged), c.after ?? '', { mode });
        chmodSync(join(dir, staged), mode);
      } catch (e) {
        throw describeFsError(e, target);
      }
      journal.renames.push([staged, relative(home, target)]);
      crashPoint();
    }
    writeFileSync(join(dir, `${JOURNAL}.tmp`), JSON.stringify(journal));
    renameSync(join(dir, `${JOURNAL}.tmp`), join(dir, JOURNAL));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  crashPoint();
  try {
    replay(home, journal, crashPoint);
  } catch (e) {
    throw new UserError(
      `${describeFsError(e).message.replace(/\.$/, '')}; the rest of the change is kept in ${shownPath(dir)} and the next apiboot command in ${shownPath(home)} completes it.`,
    );
  }
  unlinkSync(join(dir, JOURNAL));
  crashPoint();
  rmSync(dir, { recursive: true, force: true });
  removeStateDirIfEmpty(home);
}

export type Recovery = 'none' | 'completed' | 'rolled back';

/** Finishes or undoes a commit a killed apiboot left in `home`. Call it holding the project lock. */
export function recoverCommit(home: string): Recovery {
  const dir = join(home, COMMIT_DIR);
  if (!existsSync(dir)) return 'none';
  const journal = join(dir, JOURNAL);
  const outcome = existsSync(journal) ? 'completed' : 'rolled back';
  if (outcome === 'completed') replay(home, JSON.parse(readFileSync(journal, 'utf8')) as Journal, () => undefined);
  rmSync(dir, { recursive: true, force: true });
  removeStateDirIfEmpty(home);
  return outcome;
}

/** Whether a killed commit waits in `home` (a --dry-run, which takes no lock and writes nothing, refuses then). */
export function pendingCommit(home: string): boolean {
  return existsSync(join(home, COMMIT_DIR, JOURNAL));
}

/** Every step is safe to repeat: a file already renamed has no staged file left, a deleted one is gone. */
function replay(home: string, journal: Journal, step: () => void): void {
  const dir = join(home, COMMIT_DIR);
  for (const [staged, target] of journal.renames) {
    if (!existsSync(join(dir, staged))) continue;
    mkdirSync(dirname(join(home, target)), { recursive: true });
    renameSync(join(dir, staged), join(home, target));
    step();
  }
  for (const target of journal.deletes) {
    rmSync(join(home, target), { force: true });
    step();
  }
}

/**
 * Refuses before anything is written when a target cannot be: a file where a folder is needed, a folder where a
 * file is, a folder apiboot may not write in. A change list is then never half applied for these reasons.
 */
function checkTargets(root: string, changes: Change[]): void {
  const checked = new Set<string>();
  for (const c of changes) {
    const target = join(root, c.path);
    if (existsSync(target) && statSync(target).isDirectory()) {
      throw new UserError(`${shownPath(target)} is a folder where apiboot writes a file; move it away, then run the command again.`);
    }
    let dir = dirname(target);
    while (!existsSync(dir)) dir = dirname(dir);
    if (checked.has(dir)) continue;
    checked.add(dir);
    if (!statSync(dir).isDirectory()) {
      throw new UserError(
        `${shownPath(dir)} is a file where apiboot needs a folder (for ${c.path}); move it away, then run the command again.`,
      );
    }
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
    } catch {
      throw new UserError(
        `apiboot may not write in ${shownPath(dir)} (permission denied); make it writable (chmod u+w ${shownPath(dir)}), then run the command again.`,
      );
    }
  }
}

let steps = 0;

/**
 * The test hook that proves the design: APIBOOT_TEST_CRASH_AFTER=N kills the process (SIGKILL, as a crash would)
 * after the Nth step of a commit; N=0 kills it right after `crashAfterRecovery`.
 */
function crashPoint(): void {
  steps += 1;
  if (process.env.APIBOOT_TEST_CRASH_AFTER === String(steps)) process.kill(process.pid, 'SIGKILL');
}

export function crashAfterRecovery(): void {
  if (process.env.APIBOOT_TEST_CRASH_AFTER === '0') process.kill(process.pid, 'SIGKILL');
}
