import { go } from '../../toolchain/go.js';
import type { GlobalOptions } from '../context.js';
import { printNext } from '../next.js';
import { runTasks } from '../tasks.js';
import { openProject } from './project-context.js';

export interface BuildFlags {
  goos?: string;
  goarch?: string;
  output: string;
}

/** A static server binary: CGO off so it runs on scratch or distroless images. */
export async function buildExecutables(flags: BuildFlags, ctx: GlobalOptions): Promise<void> {
  openProject(ctx);
  const args = ['build', '-trimpath', '-ldflags', '-s -w', '-o', flags.output, './cmd/apiserver'];
  if (ctx.dryRun) {
    process.stdout.write(`Dry run: would run CGO_ENABLED=0 go ${args.join(' ')}\n`);
    return;
  }
  const env = {
    ...process.env,
    CGO_ENABLED: '0',
    ...(flags.goos ? { GOOS: flags.goos } : {}),
    ...(flags.goarch ? { GOARCH: flags.goarch } : {}),
  };
  await runTasks([{ title: `Build ${flags.output}`, run: async () => void (await go(args, { cwd: ctx.cwd, env })) }]);
  printNext(['apiboot run local --no-build      # or: apiboot build container --image IMAGE']);
}
