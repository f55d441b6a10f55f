import { controllerRuntimeStep, generateController } from '../../generators/controller/index.js';
import { generateResource } from '../../generators/resource/index.js';
import { loadProject } from '../../project/record.js';
import { go } from '../../toolchain/go.js';
import { projectModel, resourceModel } from '../../project/model.js';
import { parseNameList, singularName, validateGroup, validateKind, validatePlural, validateVersion } from '../../project/names.js';
import { pluralize } from '../../project/pluralize.js';
import { DEFAULT_HANDLER_VERBS, parseHandlerVerbs, versionsOf, type ResourceRecord } from '../../project/record.js';
import { UserError } from '../../errors.js';
import { goSteps } from '../../toolchain/go-steps.js';
import { applyTree } from '../apply.js';
import { confirmOrDefault, valueOrAsk } from '../ask.js';
import type { GlobalOptions } from '../context.js';
import { VERSION } from '../version.js';
import { printNext, SKIPPED_GO } from '../next.js';
import { openProject } from './project-context.js';

export interface CreateResourceFlags {
  group?: string;
  version?: string;
  kind?: string;
  resource?: string;
  nonNamespaced?: boolean;
  withStatusSubresource: string | boolean;
  shortNames?: string;
  categories?: string;
  skipGo?: boolean;
  storageVersion?: boolean;
  storage?: string;
  verbs?: string;
  controller?: boolean;
  skipController?: boolean;
}

export async function createResource(flags: CreateResourceFlags, ctx: GlobalOptions): Promise<void> {
  const { tree, project } = openProject(ctx);
  const group = await valueOrAsk(flags.group, '--group', 'API group, without the domain (e.g. animal):', ctx, validateGroup);
  const version = await valueOrAsk(flags.version, '--version', 'API version (e.g. v1alpha1):', ctx, validateVersion);
  const kind = await valueOrAsk(flags.kind, '--kind', 'Kind, in UpperCamelCase (e.g. Cat):', ctx, validateKind);
  const plural = flags.resource ?? pluralize(kind);
  validatePlural(plural);
  const withStatus = flags.withStatusSubresource === true || flags.withStatusSubresource === 'true';
  const shortNames = parseNameList(flags.shortNames, 'short name');
  const categories = parseNameList(flags.categories, 'category');
  const handler = flags.storage === 'handler';
  if (flags.verbs !== undefined && !handler) {
    throw new UserError(
      '--verbs chooses the verbs of a handler-backed kind; pass --storage handler with it (an etcd kind serves every verb).',
    );
  }
  const verbs = handler ? (flags.verbs === undefined ? [...DEFAULT_HANDLER_VERBS] : parseHandlerVerbs(flags.verbs)) : undefined;

  const resource: ResourceRecord = {
    group,
    version,
    kind,
    plural,
    namespaced: !flags.nonNamespaced,
    // A handler computes the whole object, status included: there is no status to update on its own.
    subresources: withStatus && !handler ? [{ name: 'status', type: 'status' }] : [],
    storageVersion: true,
    ...(shortNames.length ? { shortNames } : {}),
    ...(categories.length ? { categories } : {}),
    ...(handler ? { storage: 'handler' as const, verbs } : {}),
  };
  const base = projectModel(project, tree.read('hack/boilerplate.go.txt') ?? '', VERSION);
  const cwd = ctx.cwd;
  const onKept = (path: string) => process.stdout.write(`KEEP   ${path} (exists with your changes; --force overwrites it)\n`);
  const hadController = project.resources.some((r) => r.group === group && r.version === version && r.kind === kind && r.controller);
  // Asked on a terminal only, and only when neither flag answers it; a kind that has a controller keeps it.
  const controller =
    hadController ||
    flags.controller === true ||
    (!handler && !flags.skipController && !flags.controller && (await confirmOrDefault('Create a controller?', false, ctx)));
  const tasks = generateResource(tree, project, resource, resourceModel(base, resource), {
    force: ctx.force,
    onKept,
    goSteps: flags.skipGo ? undefined : goSteps(cwd),
    storageVersion: flags.storageVersion === true,
  });
  if (controller) {
    const after = loadProject(tree);
    const record = after.resources.find((r) => r.group === group && r.version === version && r.kind === kind) ?? resource;
    const versions = versionsOf(after, group, kind).map((r) => r.version);
    generateController(tree, after, record, resourceModel(base, record, versions), { force: ctx.force, onKept });
    if (!flags.skipGo) tasks.unshift(controllerRuntimeStep(base.kube.controllerRuntime, (args) => go(args, { cwd })));
  }
  // The names kubectl takes are derived, so show them before anything else: `--resource` sets another plural.
  process.stdout.write(
    `Resource ${plural} (singular ${singularName(kind)}) of kind ${kind} in ${group}.${project.domain}/${version}` +
      `${flags.resource === undefined ? '; pass --resource to choose another plural' : ''}.\n`,
  );
  await applyTree(tree, tasks, ctx);
  if (ctx.dryRun) return;
  printNext([
    handler
      ? `edit pkg/registry/${group}/${kind.toLowerCase()}/handler.go (where ${plural} come from) and pkg/apis/${group}/${version}/${kind.toLowerCase()}_types.go`
      : `edit pkg/apis/${group}/${version}/${kind.toLowerCase()}_types.go (the Spec and Status fields, the Validate and Default hooks)`,
    flags.skipGo ? SKIPPED_GO : 'apiboot generate                # after each edit of a types file',
    ...(controller ? [`edit pkg/controller/${group}/${kind.toLowerCase()}_controller.go (what the controller does)`] : []),
    'apiboot run local',
  ]);
}
