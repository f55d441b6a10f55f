import { chmodSync, mkdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Change } from './tree.js';

/**
 * Writes the changes in one step: every new content first goes to a temporary file beside its target, and only when
 * all of them are written are they renamed into place. A failure while writing removes the temporary files and
 * leaves the project as it was.
 */
export function commitChanges(root: string, changes: Change[]): void {
  const suffix = `.apiboot-${process.pid}.tmp`;
  const staged: Array<{ tmp: string; target: string }> = [];
  try {
    for (const c of changes) {
      if (c.kind === 'DELETE') continue;
      const target = join(root, c.path);
      mkdirSync(dirname(target), { recursive: true });
      const tmp = target + suffix;
      // A key file is written 0600 whatever mode it had; any other update keeps the file's mode (an executable script
      // stays executable).
      const mode = c.mode ?? (c.kind === 'UPDATE' ? statSync(target).mode & 0o7777 : 0o644);
      writeFileSync(tmp, c.after ?? '', { mode });
      chmodSync(tmp, mode);
      staged.push({ tmp, target });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.target);
  for (const c of changes) if (c.kind === 'DELETE') unlinkSync(join(root, c.path));
}
