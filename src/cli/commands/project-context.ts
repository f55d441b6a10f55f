import { UserError } from '../../errors.js';
import { loadProject, type ProjectRecord } from '../../project/record.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { crashAfterRecovery, pendingCommit, recoverCommit } from '../../scaffold/commit.js';
import { removeGofmtLeftovers } from '../../scaffold/gofmt.js';
import { lockProject } from '../../scaffold/lock.js';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { requireGo } from '../../toolchain/go.js';
import type { GlobalOptions } from '../context.js';

export interface LoadedProject {
  tree: Tree;
  project: ProjectRecord;
}

/** Every command after `init repo` starts here: the folder claimed, the PROJECT record checked, and a Go new enough for it. */
export function openProject(ctx: GlobalOptions, opts: { needGo: boolean } = { needGo: true }): LoadedProject {
  claimFolder(ctx);
  const tree = new Tree(diskBase(ctx.cwd));
  const project = loadProject(tree);
  if (opts.needGo) requireGo(resolveKubeVersion(project.kubernetesVersion).go);
  return { tree, project };
}

/**
 * Before a command reads the folder: the project lock (held until the command ends), then the change of a killed
 * command finished or undone, and its leftovers removed. A --dry-run writes nothing, so it takes no lock and only
 * refuses to preview over a change that was cut short.
 */
export function claimFolder(ctx: GlobalOptions): void {
  if (ctx.dryRun) {
    if (pendingCommit(ctx.cwd)) {
      throw new UserError(
        'An apiboot command was killed while writing this project; run any apiboot command without --dry-run to finish its change first.',
      );
    }
    return;
  }
  lockProject(ctx.cwd, (pid) => {
    if (process.stderr.isTTY) process.stderr.write(`Waiting for another apiboot command (pid ${pid}) to finish in this project...\n`);
  });
  const recovery = recoverCommit(ctx.cwd);
  removeGofmtLeftovers(ctx.cwd);
  if (recovery === 'completed') process.stdout.write('Finished the change of an apiboot command that was killed while writing it.\n');
  if (recovery === 'rolled back')
    process.stdout.write('Removed the unfinished change of an apiboot command that was killed before writing it.\n');
  crashAfterRecovery();
}
