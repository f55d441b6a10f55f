import type { Task } from '../task.js';
import { runCodegen } from './codegen.js';
import { go } from './go.js';

/**
 * What follows every change to a project's Go files. The server imports pkg/generated/openapi, which only the
 * generators create, and the generators need go.sum: so a tolerant tidy first (it records every module it can),
 * then the generators, then a strict tidy.
 */
export function goSteps(cwd: string): Task[] {
  return [
    { title: 'Resolve Go modules (go mod tidy -e)', run: async () => void (await go(['mod', 'tidy', '-e'], { cwd })) },
    {
      title: 'Generate deepcopy, conversion, OpenAPI, model-name and typed client code (hack/update-codegen.sh)',
      run: () => runCodegen(cwd),
    },
    { title: 'Tidy go.mod and go.sum (go mod tidy)', run: async () => void (await go(['mod', 'tidy'], { cwd })) },
  ];
}
