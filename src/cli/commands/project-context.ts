import { loadProject, type ProjectRecord } from '../../project/record.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { requireGo } from '../../toolchain/go.js';
import type { GlobalOptions } from '../context.js';

export interface LoadedProject {
  tree: Tree;
  project: ProjectRecord;
}

/** Every command after `init repo` starts here: the PROJECT record, checked, and a Go new enough for it. */
export function openProject(ctx: GlobalOptions, opts: { needGo: boolean } = { needGo: true }): LoadedProject {
  const tree = new Tree(diskBase(ctx.cwd));
  const project = loadProject(tree);
  if (opts.needGo) requireGo(resolveKubeVersion(project.kubernetesVersion).go);
  return { tree, project };
}
