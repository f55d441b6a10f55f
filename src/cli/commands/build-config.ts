import { generateConfig, NAMESPACE_FILE } from '../../generators/config/index.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { validateEtcdServers, validateImage, validateObjectName } from '../../project/deploy-inputs.js';
import { UserError } from '../../errors.js';
import type { DeployModel } from '../../manifests/objects.js';
import { sensitiveParentReads } from '../../manifests/rbac.js';
import { checkDerivedNames } from '../../manifests/server.js';
import { servedGroupVersions, usesEtcd, type ProjectRecord } from '../../project/record.js';
import { resolve } from 'node:path';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { applyTree, displayPath } from '../apply.js';
import type { GlobalOptions } from '../context.js';
import { printNext } from '../next.js';
import { openProject } from './project-context.js';

export interface BuildConfigFlags {
  name: string;
  namespace: string;
  image: string;
  output: string;
  etcdServers?: string;
  /** Whole numbers, parsed and range-checked with the flags. */
  replicas: number;
  etcdReplicas?: number;
  allowSensitiveReads?: boolean;
}

export interface ConfigSummary {
  output: string;
  name: string;
  namespace: string;
  /** The Namespace manifest to apply before the kustomization, when the namespace is the project's own. */
  namespaceFile?: string;
}

/** etcd keeps a quorum of a majority: an even member count adds a failure point and no tolerance. */
const ETCD_MEMBER_COUNTS = [1, 3, 5, 7];

/**
 * Every check of the flags and the project that writing the config needs, with no side effect: `run in-cluster`
 * calls it before it builds or pushes anything. Returns the model of the manifests, without the CA.
 */
export function checkConfigFlags(flags: BuildConfigFlags, project: ProjectRecord): Omit<DeployModel, 'caPem'> {
  validateObjectName(flags.name, '--name', 'name');
  validateObjectName(flags.namespace, '--namespace', 'namespace');
  validateImage(flags.image);
  const replicas = flags.replicas;
  if (flags.etcdServers !== undefined) {
    validateEtcdServers(flags.etcdServers);
    if (flags.etcdReplicas !== undefined) {
      throw new UserError(
        '--etcd-replicas sizes the etcd that build config deploys, and --etcd-servers names one of yours; pass only one of them.',
      );
    }
  }
  const etcdReplicas = flags.etcdReplicas ?? 1;
  if (!ETCD_MEMBER_COUNTS.includes(etcdReplicas)) {
    throw new UserError(
      `The etcd member count ${etcdReplicas} is even: etcd keeps a majority of its members, so pass --etcd-replicas 1, 3, 5 or 7.`,
    );
  }
  if (!usesEtcd(project) && (flags.etcdServers !== undefined || flags.etcdReplicas !== undefined)) {
    const flag = flags.etcdServers !== undefined ? '--etcd-servers' : '--etcd-replicas';
    throw new UserError(`Every kind of this project is served by its handler, so the server uses no etcd; leave out ${flag}.`);
  }
  if (servedGroupVersions(project).length === 0) {
    throw new UserError('The project has no resources to serve yet; add one with "apiboot create group version resource" first.');
  }
  const sensitive = sensitiveParentReads(project);
  if (sensitive.length > 0 && !flags.allowSensitiveReads) {
    throw new UserError(
      `The subresources of ${sensitive.join(', ')} need the server to read every such object in the cluster, credentials included; pass --allow-sensitive-reads to grant it.`,
    );
  }
  const model = {
    project,
    name: flags.name,
    namespace: flags.namespace,
    image: flags.image,
    replicas,
    etcdServers: flags.etcdServers,
    etcdReplicas,
    etcdImage: resolveKubeVersion(project.kubernetesVersion).etcdImage,
  };
  checkDerivedNames(model);
  return model;
}

export async function buildConfig(flags: BuildConfigFlags, ctx: GlobalOptions): Promise<ConfigSummary> {
  const { project } = openProject(ctx, { needGo: false });
  const model = checkConfigFlags(flags, project);
  // The output folder may lie outside the project: it gets a tree of its own.
  const outputDir = resolve(ctx.cwd, flags.output);
  const tree = new Tree(diskBase(outputDir));
  const result = generateConfig(tree, model);
  await applyTree(tree, [], ctx, outputDir);
  const shown = displayPath(ctx.cwd, outputDir);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const note of result.notes) say(`certificate ${shown}/${note}`);
  for (const rule of result.parentRules) say(`rbac: ${rule}`);
  if (result.namespaceFile) {
    say(
      `namespace: ${shown}/${NAMESPACE_FILE} labels ${flags.namespace} for the restricted Pod Security Standard; it is outside the kustomization, so "kubectl delete -k ${shown}" leaves the namespace.`,
    );
  } else {
    say(
      `namespace: ${flags.namespace} is created by Kubernetes: no Namespace object is written and its labels stay as they are; Pod Security there is the cluster's choice.`,
    );
  }
  return {
    output: outputDir,
    name: flags.name,
    namespace: flags.namespace,
    ...(result.namespaceFile ? { namespaceFile: resolve(outputDir, NAMESPACE_FILE) } : {}),
  };
}

/** `build config` itself: the config, then how to deploy it. */
export async function buildConfigCommand(flags: BuildConfigFlags, ctx: GlobalOptions): Promise<void> {
  const { output, namespaceFile } = await buildConfig(flags, ctx);
  if (ctx.dryRun) return;
  printNext([
    namespaceFile && `kubectl apply --server-side -f ${displayPath(ctx.cwd, namespaceFile)}`,
    `kubectl apply --server-side -k ${displayPath(ctx.cwd, output) || '.'}    # or: apiboot run in-cluster, which also waits until it is Available`,
  ]);
}
