import type { Task } from '../../task.js';
import { saveProject, type ProjectRecord } from '../../project/record.js';
import type { ProjectModel } from '../../project/model.js';
import { renderSet } from '../../scaffold/templates.js';
import type { Tree } from '../../scaffold/tree.js';
import { emit } from '../../scaffold/policy.js';
import { emitStorageVersions } from '../versions/index.js';
import { FEATURE_FILES } from './features.js';

export interface InitOptions {
  force: boolean;
  /** The Go follow-up steps (go mod tidy, code generation); absent with --skip-go. */
  goSteps?: Task[];
}

/** The project model plus what only `init repo` knows: the copyright owner in hack/boilerplate.go.txt. */
export interface InitModel extends ProjectModel {
  owner: string;
}

/** `init repo`: the whole skeleton of a project with no resource yet, and its PROJECT record. */
export function generateInit(tree: Tree, record: ProjectRecord, model: InitModel, opts: InitOptions): Task[] {
  for (const file of renderSet('project', model)) {
    if (!FEATURE_FILES.has(file.path)) emit(tree, file.path, file.content, 'refuse', opts, file.mode);
  }
  saveProject(tree, record);
  emitStorageVersions(tree, model, record);
  return opts.goSteps ?? [];
}
