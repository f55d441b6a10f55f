import { storageVersionOf } from '../../generators/versions/index.js';
import { UserError } from '../../errors.js';
import { versionsOf, type ResourceRecord } from '../../project/record.js';
import { Kubectl } from '../../toolchain/kubectl.js';
import type { GlobalOptions } from '../context.js';
import { openProject } from './project-context.js';

interface StoredObject {
  apiVersion: string;
  metadata: { name: string; namespace?: string };
}

/** The object's own URL path, in the version it was read in. */
function objectPath(item: StoredObject, plural: string): string {
  const ns = item.metadata.namespace ? `/namespaces/${encodeURIComponent(item.metadata.namespace)}` : '';
  return `/apis/${item.apiVersion}${ns}/${plural}/${encodeURIComponent(item.metadata.name)}`;
}

export interface MigrateStorageFlags {
  kubeconfig?: string;
  context?: string;
}

/**
 * `apiboot migrate storage`: what Kubernetes' storage version migration does, through the API. Every object of each
 * kind served in several versions is read and written back unchanged; the server encodes what it writes in the
 * storage version, so etcd holds no object in an older version afterwards. An object changed meanwhile fails with a
 * conflict, and running the command again picks it up.
 */
export async function migrateStorage(flags: MigrateStorageFlags, ctx: GlobalOptions): Promise<void> {
  // It writes nothing in the project: no lock to take (as for a dry run), so it works in a read-only checkout too.
  const { project } = openProject({ ...ctx, dryRun: true }, { needGo: false });
  const kinds = new Map<string, ResourceRecord[]>();
  for (const r of project.resources) kinds.set(`${r.group}/${r.kind}`, versionsOf(project, r.group, r.kind));
  const multi = [...kinds.values()].filter((records) => records.length > 1);
  const write = (s: string) => process.stdout.write(s);
  if (!multi.length) {
    write('No kind of the project is served in several versions: every object is stored in the one version of its kind.\n');
    return;
  }
  const kubectl = new Kubectl({ kubeconfig: flags.kubeconfig, context: flags.context }, ctx.cwd);
  if (ctx.dryRun) {
    for (const records of multi) write(`Dry run: would rewrite every ${records[0]?.plural} object in ${storageVersionOf(records)}.\n`);
    return;
  }
  await kubectl.check();
  let failed = 0;
  for (const records of multi) {
    const first = records[0] as ResourceRecord;
    const version = storageVersionOf(records) as string;
    const resource = `${first.plural}.${version}.${first.group}.${project.domain}`;
    const list = JSON.parse(await kubectl.run(['get', resource, ...(first.namespaced ? ['--all-namespaces'] : []), '-o', 'json'])) as {
      items?: unknown[];
    };
    const items = (list.items ?? []) as StoredObject[];
    let rewritten = 0;
    for (const item of items) {
      try {
        // A PUT of the object exactly as read, its resourceVersion included (a conflict if it changed meanwhile), as
        // Kubernetes' storage version migrator writes. Not "kubectl replace": that rewrites the
        // last-applied-configuration annotation of an object made by kubectl apply with the whole object, so the
        // next apply fails.
        await kubectl.run(['replace', '--raw', objectPath(item, first.plural), '-f', '-'], JSON.stringify(item));
        rewritten++;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        failed++;
        write(`  ${resource}: ${(e.detail ?? e.message).split('\n').pop()}\n`);
      }
    }
    write(`${resource}: ${rewritten} of ${items.length} objects rewritten in ${version}\n`);
  }
  if (failed) {
    throw new UserError(`${failed} objects were not rewritten (see above); run "apiboot migrate storage" again once they are settled.`);
  }
}
