import { basename } from 'node:path';
import { UserError } from '../../errors.js';
import { generateInit, type InitModel } from '../../generators/init/index.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { headerYear, projectModel } from '../../project/model.js';
import { defaultModule, validateDomain, validateModule, validateOwner } from '../../project/names.js';
import { LAYOUT, PROJECT_FILE, type ProjectRecord } from '../../project/record.js';
import { renderTemplate } from '../../scaffold/templates.js';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { goSteps } from '../../toolchain/go-steps.js';
import { requireGo } from '../../toolchain/go.js';
import { applyTree } from '../apply.js';
import { valueOrAsk } from '../ask.js';
import type { GlobalOptions } from '../context.js';
import { VERSION } from '../main.js';

export interface InitRepoFlags {
  domain?: string;
  module?: string;
  owner: string;
  k8sVersion?: string;
  skipGo?: boolean;
}

export async function initRepo(flags: InitRepoFlags, ctx: GlobalOptions): Promise<void> {
  const tree = new Tree(diskBase(ctx.cwd));
  for (const existing of [PROJECT_FILE, 'go.mod']) {
    if (tree.exists(existing)) {
      throw new UserError(
        `This folder already has a ${existing}; run "apiboot init repo" in an empty folder, or use "apiboot create" to add to this project.`,
      );
    }
  }
  const domain = await valueOrAsk(flags.domain, '--domain', 'Domain of the API groups (e.g. demo.io):', ctx, validateDomain);
  const module = flags.module ?? defaultModule(domain, basename(ctx.cwd));
  validateModule(module);
  validateOwner(flags.owner);
  const kube = resolveKubeVersion(flags.k8sVersion);
  requireGo(kube.go);
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
  const tasks = generateInit(tree, record, model, {
    force: ctx.force,
    goSteps: flags.skipGo ? undefined : goSteps(ctx.cwd),
  });
  await applyTree(tree, tasks, ctx);
  if (!ctx.dryRun) {
    process.stdout.write(
      `\nNext: add a resource, for example\n  apiboot create group version resource --group animal --version v1alpha1 --kind Cat\n`,
    );
  }
}
