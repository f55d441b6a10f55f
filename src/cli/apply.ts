import { isAbsolute, relative } from 'node:path';
import { commitChanges } from '../scaffold/commit.js';
import { formatGoFiles } from '../scaffold/gofmt.js';
import { reportChanges } from '../scaffold/report.js';
import type { Tree } from '../scaffold/tree.js';
import type { GlobalOptions } from './context.js';
import { runTasks, type Task } from './tasks.js';

/**
 * The second half of every generating command: gofmt the tree, show the change list, and unless --dry-run write it
 * in one step and run the follow-up tasks.
 */
export async function applyTree(tree: Tree, tasks: Task[], ctx: GlobalOptions, root = ctx.cwd): Promise<void> {
  formatGoFiles(tree);
  const changes = tree.changes();
  const write = (s: string) => process.stdout.write(s);
  await reportChanges(changes, { diff: ctx.diff, write, prefix: displayPath(ctx.cwd, root) });
  if (ctx.dryRun) {
    write('Dry run: nothing was written and no follow-up step was run.\n');
    return;
  }
  commitChanges(root, changes);
  await runTasks(tasks);
}

/** How to show a folder to the user: relative to where they are when it is inside, absolute otherwise. */
export function displayPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  return rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
}
