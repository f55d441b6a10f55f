import type { Task } from '../../cli/tasks.js';
import { LAYOUT, saveProject, type ProjectRecord } from '../../project/record.js';
import type { ProjectModel } from '../../project/model.js';
import { emit } from '../../scaffold/policy.js';
import { renderSet } from '../../scaffold/templates.js';
import type { Tree } from '../../scaffold/tree.js';

export interface InitOptions {
  force: boolean;
  /** The Go follow-up steps; absent with --skip-go. */
  tidy?: () => Promise<void>;
}

/** `init repo`: the whole skeleton of a project with no resource yet, and its PROJECT record. */
export function generateInit(tree: Tree, model: ProjectModel, opts: InitOptions): Task[] {
  for (const file of renderSet('project', model)) emit(tree, file.path, file.content, 'refuse', opts);
  const record: ProjectRecord = {
    layout: LAYOUT,
    cliVersion: model.cliVersion,
    projectName: model.projectName,
    domain: model.domain,
    module: model.module,
    kubernetesVersion: model.kube.kube,
    resources: [],
  };
  saveProject(tree, record);
  return opts.tidy ? [{ title: 'Download Go modules (go mod tidy)', run: opts.tidy }] : [];
}
