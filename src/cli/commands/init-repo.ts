import { basename } from 'node:path';
import { UserError } from '../../errors.js';
import { generateInit, type InitModel } from '../../generators/init/index.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { headerYear, projectModel } from '../../project/model.js';
import { defaultModule, validateDomain, validateModule, validateOwner } from '../../project/names.js';
import { LAYOUT, loadProject, PROJECT_FILE, type ProjectRecord } from '../../project/record.js';
import { renderTemplate } from '../../scaffold/templates.js';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { goSteps } from '../../toolchain/go-steps.js';
import { requireGo } from '../../toolchain/go.js';
import { applyTree } from '../apply.js';
import { valueOrAsk } from '../ask.js';
import type { GlobalOptions } from '../context.js';
import { runTasks } from '../tasks.js';
import { claimFolder } from './project-context.js';
import { VERSION } from '../version.js';

export interface InitRepoFlags {
  domain?: string;
  module?: string;
  owner: string;
  k8sVersion?: string;
  skipGo?: boolean;
}

export async function initRepo(flags: InitRepoFlags, ctx: GlobalOptions): Promise<void> {
  claimFolder(ctx);
  const tree = new Tree(diskBase(ctx.cwd));
  const existing = tree.exists(PROJECT_FILE) ? loadProject(tree) : undefined;
  if (!existing && tree.exists('go.mod')) throw alreadyHas('go.mod');
  const domain = await valueOrAsk(flags.domain, '--domain', 'Domain of the API groups (e.g. demo.io):', ctx, validateDomain);
  const module = flags.module ?? defaultModule(domain, basename(ctx.cwd));
  validateModule(module);
  validateOwner(flags.owner);
  const kube = resolveKubeVersion(flags.k8sVersion);
  requireGo(kube.go);
  const tasks = flags.skipGo ? [] : goSteps(ctx.cwd);
  if (existing) {
    // The same command again: the project is there (its commit is all-or-nothing), so only the Go steps run again.
    if (existing.domain !== domain || existing.module !== module || existing.kubernetesVersion !== kube.kube)
      throw alreadyHas(PROJECT_FILE);
    process.stdout.write(`No changes: this folder already holds the project ${module} (domain ${domain}, Kubernetes ${kube.kube}).\n`);
    if (!ctx.dryRun) await runTasks(tasks);
    printNext(flags);
    return;
  }
  const record: ProjectRecord = {
    layout: LAYOUT,
    cliVersion: VERSION,
    projectName: module.split('/').pop() ?? module,
    domain,
    module,
    kubernetesVersion: kube.kube,
    resources: [],
  };
  const boilerplate = renderTemplate('project/hack/boilerplate.go.txt', { year: headerYear(), owner: flags.owner });
  const model: InitModel = { ...projectModel(record, boilerplate, VERSION), owner: flags.owner };
  await applyTree(tree, generateInit(tree, record, model, { force: ctx.force, goSteps: tasks }), ctx);
  if (!ctx.dryRun) printNext(flags);
}

function printNext(flags: InitRepoFlags): void {
  const tidy = flags.skipGo ? '  go mod tidy                # skipped by --skip-go\n' : '';
  process.stdout.write(`\nNext:\n${tidy}  apiboot create group version resource --group animal --version v1alpha1 --kind Cat\n`);
}

function alreadyHas(file: string): UserError {
  return new UserError(
    `This folder already has a ${file}${file === PROJECT_FILE ? ' with another domain, module or Kubernetes version' : ''}; run "apiboot init repo" in an empty folder, or use "apiboot create" to add to this project.`,
  );
}
