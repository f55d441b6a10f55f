import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { validateImage } from '../../project/deploy-inputs.js';
import { UserError } from '../../errors.js';
import { buildCommand, detectContainerTool, pushCommand } from '../../toolchain/container.js';
import { run } from '../../toolchain/exec.js';
import { go } from '../../toolchain/go.js';
import type { GlobalOptions } from '../context.js';
import type { Task } from '../../task.js';
import { runTasks } from '../tasks.js';
import { printNext } from '../next.js';
import { openProject } from './project-context.js';

export interface BuildContainerFlags {
  image: string;
  push?: boolean;
  platform?: string;
  tool?: string;
  baseImage?: string;
}

/** The steps of building (and pushing) the image: shared by `build container` and `run in-cluster`. */
export function containerTasks(flags: BuildContainerFlags, cwd: string): Task[] {
  validateImage(flags.image);
  const platform = flags.platform ?? `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const [os, arch] = platform.split('/');
  if (!os || !arch || !/^[a-z0-9]+$/.test(os) || !/^[a-z0-9]+$/.test(arch)) {
    throw new UserError(`The platform "${platform}" is not of the form OS/ARCH; pass --platform such as linux/amd64.`);
  }
  const tool = detectContainerTool(flags.tool);
  const build = buildCommand(tool, {
    image: flags.image,
    dockerfile: 'Dockerfile',
    context: '.',
    platform: flags.platform,
    baseImage: flags.baseImage,
  });
  // A project with controllers puts bin/controller-manager into the same image (its Dockerfile copies both).
  const withControllers = existsSync(join(cwd, 'cmd/controller-manager/main.go'));
  const binaries = withControllers ? 'bin/apiserver and bin/controller-manager' : 'bin/apiserver';
  const goBuild = withControllers
    ? ['-o', 'bin/', './cmd/apiserver', './cmd/controller-manager']
    : ['-o', 'bin/apiserver', './cmd/apiserver'];
  const tasks: Task[] = [
    {
      title: `Build a static ${binaries} for ${platform}`,
      run: async () =>
        void (await go(['build', '-trimpath', '-ldflags', '-s -w', ...goBuild], {
          cwd,
          env: { ...process.env, CGO_ENABLED: '0', GOOS: os, GOARCH: arch },
        })),
    },
    { title: `Build image ${flags.image} with ${tool}`, run: async () => void (await run(build[0]!, build.slice(1), { cwd })) },
  ];
  if (flags.push) {
    const push = pushCommand(tool, flags.image);
    tasks.push({ title: `Push ${flags.image}`, run: async () => void (await run(push[0]!, push.slice(1), { cwd })) });
  }
  return tasks;
}

export async function buildContainer(flags: BuildContainerFlags, ctx: GlobalOptions): Promise<void> {
  openProject(ctx);
  const tasks = containerTasks(flags, ctx.cwd);
  if (ctx.dryRun) {
    for (const t of tasks) process.stdout.write(`Dry run: would ${t.title.charAt(0).toLowerCase()}${t.title.slice(1)}\n`);
    return;
  }
  await runTasks(tasks);
  printNext([
    !flags.push && `apiboot build container --image ${flags.image} --push    # to a registry the cluster pulls from`,
    `apiboot run in-cluster --image ${flags.image} --namespace NAMESPACE --no-build`,
  ]);
}
