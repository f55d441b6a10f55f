import type { Task } from '../cli/tasks.js';
import { runCodegen } from './codegen.js';
import { go } from './go.js';

/** What follows every change to a project's Go files: module bookkeeping, then the code generators. */
export function goSteps(cwd: string): Task[] {
  return [
    { title: 'Update go.mod and go.sum (go mod tidy)', run: async () => void (await go(['mod', 'tidy'], { cwd })) },
    { title: 'Generate deepcopy, OpenAPI and model-name code (hack/update-codegen.sh)', run: () => runCodegen(cwd) },
  ];
}
