import { setStorageVersion } from '../../generators/versions/index.js';
import { projectModel } from '../../project/model.js';
import { validateGroup, validateKind, validateVersion } from '../../project/names.js';
import { applyTree } from '../apply.js';
import { valueOrAsk } from '../ask.js';
import type { GlobalOptions } from '../context.js';
import { VERSION } from '../main.js';
import { printNext } from '../next.js';
import { openProject } from './project-context.js';

export interface StorageVersionFlags {
  group?: string;
  version?: string;
  kind?: string;
}

/** `apiboot storage-version`: PROJECT and pkg/apiserver/storage_versions.go name the version a kind is stored in. */
export async function storageVersion(flags: StorageVersionFlags, ctx: GlobalOptions): Promise<void> {
  const { tree, project } = openProject(ctx, { needGo: false });
  const group = await valueOrAsk(flags.group, '--group', 'API group, without the domain (e.g. animal):', ctx, validateGroup);
  const version = await valueOrAsk(flags.version, '--version', 'Version to store the kind in (e.g. v1beta1):', ctx, validateVersion);
  const kind = await valueOrAsk(flags.kind, '--kind', 'Kind (e.g. Cat):', ctx, validateKind);
  setStorageVersion(tree, projectModel(project, tree.read('hack/boilerplate.go.txt') ?? '', VERSION), project, group, kind, version);
  await applyTree(tree, [], ctx);
  if (ctx.dryRun) return;
  // A running server keeps the storage version it started with, and what is stored stays in the old version until
  // it is written again: both steps are the user's, in this order.
  printNext([
    `restart the server so it stores ${kind} in ${version}: stop "apiboot run local" and start it again, or roll out the new image`,
    'apiboot migrate storage --kubeconfig .apiboot/local/kubeconfig   # rewrites the objects stored before (any kubeconfig of the server)',
  ]);
}
