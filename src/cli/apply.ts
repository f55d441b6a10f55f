import { isAbsolute, relative } from 'node:path';
import { commitChanges, recoverCommit } from '../scaffold/commit.js';
import { formatGoFiles } from '../scaffold/gofmt.js';
import { otherContent } from '../scaffold/policy.js';
import { reportChanges } from '../scaffold/report.js';
import { recordWritten, WRITTEN_RECORD } from '../scaffold/written.js';
import type { Tree } from '../scaffold/tree.js';
import type { GlobalOptions } from './context.js';
import type { Task } from '../task.js';
import { runTasks } from './tasks.js';

/**
 * The second half of every generating command: gofmt the tree; on --dry-run show the change list and stop;
 * otherwise write it in one step, show what was written, and run the follow-up tasks. The list comes after the
 * write, so a write that fails never prints a list that looks like success.
 */
export async function applyTree(tree: Tree, tasks: Task[], ctx: GlobalOptions, root = ctx.cwd): Promise<void> {
  // A folder outside the project (build config --output) keeps its own commit folder, on its own file system.
  const home = isOutside(ctx.cwd, root) ? root : ctx.cwd;
  formatGoFiles(tree, home);
  recordWritten(tree);
  const [edited] = tree.unexpectedChanges();
  if (edited !== undefined) throw otherContent(edited);
  const changes = tree.changes();
  // The record of what apiboot wrote is its own bookkeeping, committed with the rest but not worth a line.
  const shown = changes.filter((c) => c.path !== WRITTEN_RECORD);
  const write = (s: string) => process.stdout.write(s);
  const report = () => reportChanges(shown, { diff: ctx.diff, write, prefix: displayPath(ctx.cwd, root) });
  if (ctx.dryRun) {
    await report();
    write('Dry run: nothing was written and no follow-up step was run.\n');
    return;
  }
  if (home !== ctx.cwd) recoverCommit(home);
  commitChanges(root, changes, home);
  await report();
  await runTasks(tasks);
}

/** How to show a folder to the user: relative to where they are when it is inside, absolute otherwise. */
export function displayPath(cwd: string, dir: string): string {
  return isOutside(cwd, dir) ? dir : relative(cwd, dir);
}

function isOutside(cwd: string, dir: string): boolean {
  const rel = relative(cwd, dir);
  return rel.startsWith('..') || isAbsolute(rel);
}
