import { generateConfig } from '../../generators/config/index.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { validateEtcdServers, validateImage, validateObjectName } from '../../project/names.js';
import { UserError } from '../../errors.js';
import { servedGroupVersions, type ProjectRecord } from '../../project/record.js';
import { resolve } from 'node:path';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { applyTree, displayPath } from '../apply.js';
import type { GlobalOptions } from '../context.js';
import { openProject } from './project-context.js';

export interface BuildConfigFlags {
  name: string;
  namespace: string;
  image: string;
  output: string;
  etcdServers?: string;
  replicas: string;
}

export interface ConfigSummary {
  output: string;
  name: string;
  namespace: string;
}

/**
 * Every check of the flags and the project that writing the config needs, with no side effect: `run in-cluster`
 * calls it before it builds or pushes anything. Returns the replica count.
 */
export function checkConfigFlags(flags: BuildConfigFlags, project: ProjectRecord): number {
  validateObjectName(flags.name, '--name', 'name');
  validateObjectName(flags.namespace, '--namespace', 'namespace');
  validateImage(flags.image);
  const replicas = Number(flags.replicas);
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new UserError(`The replica count "${flags.replicas}" is not a positive whole number; pass --replicas with one, such as 2.`);
  }
  if (flags.etcdServers) validateEtcdServers(flags.etcdServers);
  if (servedGroupVersions(project).length === 0) {
    throw new UserError('The project has no resources to serve yet; add one with "apiboot create group version resource" first.');
  }
  return replicas;
}

export async function buildConfig(flags: BuildConfigFlags, ctx: GlobalOptions): Promise<ConfigSummary> {
  const { project } = openProject(ctx, { needGo: false });
  const replicas = checkConfigFlags(flags, project);
  // The output folder may lie outside the project: it gets a tree of its own.
  const outputDir = resolve(ctx.cwd, flags.output);
  const tree = new Tree(diskBase(outputDir));
  const result = generateConfig(tree, {
    project,
    name: flags.name,
    namespace: flags.namespace,
    image: flags.image,
    replicas,
    etcdServers: flags.etcdServers,
    etcdImage: resolveKubeVersion(project.kubernetesVersion).etcdImage,
  });
  await applyTree(tree, [], ctx, outputDir);
  const shown = displayPath(ctx.cwd, outputDir);
  for (const note of result.notes) process.stdout.write(`certificate ${shown}/${note}\n`);
  return { output: outputDir, name: flags.name, namespace: flags.namespace };
}
