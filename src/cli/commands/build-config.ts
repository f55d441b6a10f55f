import { generateConfig } from '../../generators/config/index.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { validateImage, validateObjectName } from '../../project/names.js';
import { UserError } from '../../errors.js';
import { applyTree } from '../apply.js';
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

export async function buildConfig(flags: BuildConfigFlags, ctx: GlobalOptions): Promise<ConfigSummary> {
  const { tree, project } = openProject(ctx, { needGo: false });
  validateObjectName(flags.name, '--name', 'name');
  validateObjectName(flags.namespace, '--namespace', 'namespace');
  validateImage(flags.image);
  const replicas = Number(flags.replicas);
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new UserError(`The replica count "${flags.replicas}" is not a positive whole number; pass --replicas with one, such as 2.`);
  }
  if (flags.etcdServers && !/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/.test(flags.etcdServers)) {
    throw new UserError(`The etcd servers "${flags.etcdServers}" are not URLs; pass --etcd-servers as http://HOST:PORT[,...].`);
  }
  if (project.resources.length === 0) {
    throw new UserError('The project has no resources to serve yet; add one with "apiboot create group version resource" first.');
  }
  const output = flags.output.replace(/\/+$/, '');
  const result = generateConfig(tree, output, {
    project,
    name: flags.name,
    namespace: flags.namespace,
    image: flags.image,
    replicas,
    etcdServers: flags.etcdServers,
    etcdImage: resolveKubeVersion(project.kubernetesVersion).etcdImage,
  });
  await applyTree(tree, [], ctx);
  for (const note of result.notes) process.stdout.write(`certificate ${note}\n`);
  return { output, name: flags.name, namespace: flags.namespace };
}
