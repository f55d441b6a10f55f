import { rmdirSync } from 'node:fs';
import { join } from 'node:path';

/** apiboot's own folder in a project (git-ignored): the lock, a commit in progress, gofmt's scratch, `run local`. */
export const STATE_DIR = '.apiboot';

/** A command that found no .apiboot folder leaves none behind: a refused command changes nothing. */
export function removeStateDirIfEmpty(root: string): void {
  try {
    rmdirSync(join(root, STATE_DIR));
  } catch {
    // Not empty (run local's state, another command's lock) or already gone: both are fine.
  }
}

/** Whether a process still runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
