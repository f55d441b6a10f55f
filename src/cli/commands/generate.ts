import { goSteps } from '../../toolchain/go-steps.js';
import type { GlobalOptions } from '../context.js';
import { printNext } from '../next.js';
import { runTasks } from '../tasks.js';
import { openProject } from './project-context.js';

/** The Go steps of every create, on their own: after editing a types file, and what --skip-go left to do. */
export async function generate(ctx: GlobalOptions): Promise<void> {
  openProject(ctx);
  if (ctx.dryRun) {
    process.stdout.write(
      'Dry run: would run go mod tidy and hack/update-codegen.sh (deepcopy-gen, conversion-gen, openapi-gen, and the client, lister, informer and apply-configuration generators).\n',
    );
    return;
  }
  await runTasks(goSteps(ctx.cwd));
  printNext(['apiboot run local                # or: go test ./... && apiboot build executables']);
}
