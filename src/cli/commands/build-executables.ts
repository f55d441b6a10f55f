import { spawnSync } from 'node:child_process';
import { UserError } from '../../errors.js';
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
  checkPlatform(flags);
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

/**
 * Refuses a --goos or --goarch Go does not build for, before the build, with the ones it does: `go tool dist list`
 * is the machine's Go's own table of first-class and other ports.
 */
function checkPlatform(flags: BuildFlags): void {
  if (flags.goos === undefined && flags.goarch === undefined) return;
  const listed = spawnSync('go', ['tool', 'dist', 'list'], { encoding: 'utf8', timeout: 30_000 });
  const env = spawnSync('go', ['env', 'GOOS', 'GOARCH'], { encoding: 'utf8', timeout: 30_000 });
  // Without a working go the build itself says what is wrong.
  if (listed.status !== 0 || env.status !== 0) return;
  const pairs = listed.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const [hostOs, hostArch] = env.stdout.trim().split('\n');
  const oses = [...new Set(pairs.map((p) => p.split('/')[0]))].sort();
  const arches = [...new Set(pairs.map((p) => p.split('/')[1]))].sort();
  const goos = flags.goos ?? hostOs;
  const goarch = flags.goarch ?? hostArch;
  if (!oses.includes(goos ?? '')) {
    throw new UserError(`--goos ${JSON.stringify(flags.goos)} is not an operating system Go builds for; pass one of ${oses.join(', ')}.`);
  }
  if (!arches.includes(goarch ?? '')) {
    throw new UserError(`--goarch ${JSON.stringify(flags.goarch)} is not an architecture Go builds for; pass one of ${arches.join(', ')}.`);
  }
  if (!pairs.includes(`${goos}/${goarch}`)) {
    const forOs = pairs.filter((p) => p.startsWith(`${goos}/`)).map((p) => p.split('/')[1]);
    throw new UserError(`Go does not build for ${goos}/${goarch}; for ${goos} pass --goarch with one of ${forOs.join(', ')}.`);
  }
}
