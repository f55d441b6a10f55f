import { runCodegen } from '../../toolchain/codegen.js';
import type { GlobalOptions } from '../context.js';
import { runTasks } from '../tasks.js';
import { openProject } from './project-context.js';

export async function generate(ctx: GlobalOptions): Promise<void> {
  openProject(ctx);
  if (ctx.dryRun) {
    process.stdout.write('Dry run: would run hack/update-codegen.sh (deepcopy-gen, conversion-gen, openapi-gen).\n');
    return;
  }
  await runTasks([{ title: 'Generate deepcopy, conversion, OpenAPI and model-name code', run: () => runCodegen(ctx.cwd) }]);
}
