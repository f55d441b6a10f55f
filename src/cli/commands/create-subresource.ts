import { UserError } from '../../errors.js';
import { foreignModel, generateForeignSubresource } from '../../generators/foreign/index.js';
import { generateSubresource, subresourceKind, type SubresourceOptions } from '../../generators/subresource/index.js';
import { addSubresourceInVersions } from '../../generators/versions/index.js';
import { parseForKind } from '../../project/builtin-kinds.js';
import { projectModel, resourceModel, type ProjectModel } from '../../project/model.js';
import {
  upperFirst,
  validateGroup,
  validateHandlerSubresource,
  validateKind,
  validateSubresource,
  validateVersion,
} from '../../project/names.js';
import { singularize } from '../../project/pluralize.js';
import {
  findResource,
  SUBRESOURCE_TYPES,
  versionsOf,
  type ForeignSubresourceRecord,
  type ProjectRecord,
  type SubresourceType,
} from '../../project/record.js';
import type { Tree } from '../../scaffold/tree.js';
import { goSteps } from '../../toolchain/go-steps.js';
import { applyTree } from '../apply.js';
import { valueOrAsk } from '../ask.js';
import type { GlobalOptions } from '../context.js';
import { VERSION } from '../version.js';
import { printNext, SKIPPED_GO } from '../next.js';
import { openProject } from './project-context.js';

export interface CreateSubresourceFlags {
  group?: string;
  version?: string;
  kind?: string;
  subresource?: string;
  type?: string;
  forKind?: string;
  skipGo?: boolean;
}

export async function createSubresource(flags: CreateSubresourceFlags, ctx: GlobalOptions): Promise<void> {
  const { tree, project } = openProject(ctx);
  const base = projectModel(project, tree.read('hack/boilerplate.go.txt') ?? '', VERSION);
  const opts: SubresourceOptions = {
    force: ctx.force,
    onKept: (path) => process.stdout.write(`KEEP   ${path} (exists with your changes; --force overwrites it)\n`),
    goSteps: flags.skipGo ? undefined : goSteps(ctx.cwd),
  };
  const tasks = flags.forKind
    ? await foreign(flags, flags.forKind, tree, project, base, opts, ctx)
    : await ofOwnKind(flags, tree, project, base, opts, ctx);
  // The files the user writes next: a handler file, or compose.go for a foreign kind's subresource, in the kind's own
  // folder (pkg/registry/GROUP/KIND/); the library files a feature brings to pkg/registry are apiboot's.
  const own = tree
    .writtenPaths()
    .find((p) => /^pkg\/registry\/[^/]+\/[^/]+\/[^/]+\.go$/.test(p) && !p.endsWith('_test.go') && !p.endsWith('/storage.go'));
  await applyTree(tree, tasks, ctx);
  if (ctx.dryRun) return;
  printNext([own && `write your handlers in ${own}`, flags.skipGo ? SKIPPED_GO : undefined, 'apiboot run local']);
}

async function ofOwnKind(
  flags: CreateSubresourceFlags,
  tree: Tree,
  project: ProjectRecord,
  base: ProjectModel,
  opts: SubresourceOptions,
  ctx: GlobalOptions,
) {
  const group = await valueOrAsk(flags.group, '--group', 'API group of the kind, without the domain (e.g. animal):', ctx, validateGroup);
  const version = await valueOrAsk(flags.version, '--version', 'API version of the kind (e.g. v1alpha1):', ctx, validateVersion);
  const kind = await valueOrAsk(flags.kind, '--kind', 'Kind to add the subresource to (e.g. Cat):', ctx, validateKind);
  const type = (await valueOrAsk(flags.type, '--type', `Type (${SUBRESOURCE_TYPES.join(', ')}):`, ctx, validateType)) as SubresourceType;

  const resource = findResource(project, group, version, kind);
  if (!resource) {
    throw new UserError(
      `The project has no kind ${kind} in ${group}.${project.domain}/${version}; create it first with "apiboot create resource --group ${group} --version ${version} --kind ${kind}".`,
    );
  }
  let name: string;
  if (type === 'status' || type === 'scale') {
    name = flags.subresource ?? type;
    if (name !== type)
      throw new UserError(`A ${type} subresource is always named "${type}"; drop --subresource or pass --subresource ${type}.`);
  } else {
    name = await valueOrAsk(
      flags.subresource,
      '--subresource',
      'Subresource name, the last segment of its path (e.g. feed):',
      ctx,
      validateHandlerSubresource,
    );
  }
  const sub = { name, type, ...(type === 'arbitrary' || type === 'connector' ? { kind: subresourceKind(kind, { name, type }) } : {}) };
  // A kind served in several versions gets the subresource in every one of them.
  if (versionsOf(project, group, kind).length > 1) {
    addSubresourceInVersions(tree, base, project, resource, sub, opts);
    return opts.goSteps ?? [];
  }
  return generateSubresource(tree, project, resource, sub, resourceModel(base, resource), opts);
}

async function foreign(
  flags: CreateSubresourceFlags,
  forKind: string,
  tree: Tree,
  project: ProjectRecord,
  base: ProjectModel,
  opts: SubresourceOptions,
  ctx: GlobalOptions,
) {
  const parent = parseForKind(forKind);
  if (flags.type !== undefined) {
    throw new UserError(`A subresource of ${parent.display} ${parent.kind} is read-only and has no type; drop --type.`);
  }
  const name = await valueOrAsk(
    flags.subresource,
    '--subresource',
    'Subresource name, the last segment of its path (e.g. compositions):',
    ctx,
    validateSubresource,
  );
  const group = flags.group ?? parent.defaultGroup;
  validateGroup(group);
  const version = await valueOrAsk(flags.version, '--version', 'API version to serve it in (e.g. v1alpha1):', ctx, validateVersion);
  const kind = flags.kind ?? `${parent.kind}${upperFirst(singularize(name))}`;
  validateKind(kind);
  const record: ForeignSubresourceRecord = { forKind: `${parent.display}/${parent.kind}`, subresource: name, group, version, kind };
  return generateForeignSubresource(tree, project, record, foreignModel(base, record), opts);
}

function validateType(type: string): void {
  if (!SUBRESOURCE_TYPES.includes(type as SubresourceType)) {
    throw new UserError(`The type "${type}" is not a subresource type; pass --type with one of ${SUBRESOURCE_TYPES.join(', ')}.`);
  }
}
