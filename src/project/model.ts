import { resolveKubeVersion, type ResolvedKubeVersion } from './kube-versions.js';
import { importAlias } from './names.js';
import { HANDLER_VERBS, type HandlerVerb, type ProjectRecord, type ResourceRecord } from './record.js';

/** What every template sees about the project. */
export interface ProjectModel {
  domain: string;
  module: string;
  projectName: string;
  year: number;
  cliVersion: string;
  kube: ResolvedKubeVersion;
  /** etcd key prefix of the server, e.g. /registry/demo.io */
  etcdPrefix: string;
  /** The license header of Go files: the project's hack/boilerplate.go.txt, which the user may edit. */
  boilerplate: string;
}

/** What resource templates and fragments see, on top of the project. */
export interface ResourceModel extends ProjectModel {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** Cat → cat: the Go package of its registry and the prefix of its types file. */
  kindLower: string;
  namespaced: boolean;
  withStatus: boolean;
  /** animal.demo.io */
  fullGroup: string;
  /** animalv1alpha1 */
  alias: string;
  /** demo.io/catdemo/pkg/apis/animal/v1alpha1 */
  apiPackage: string;
  /** demo.io/catdemo/pkg/registry/animal/cat */
  registryPackage: string;
  /** animalcat: the import alias of the registry package */
  registryAlias: string;
  /** io.demo.catdemo.pkg.apis.animal: the OpenAPI model-name prefix of the group's packages (Kubernetes style). */
  modelPackage: string;
  shortNames: string[];
  categories: string[];
  /**
   * demo.io/catdemo/pkg/apis/animal: the group's internal (hub) package, when this kind is served in several
   * versions; '' while it is served in one, as its own hub.
   */
  hubPackage: string;
  /** The Go package storage works on, and its name: the version's own, or the hub when there are several. */
  typesImport: string;
  typesPkg: string;
  /** animal.demo.io/v1alpha1, or animal.demo.io/v1alpha1 and v1beta1: where the resource is served. */
  servedIn: string;
  /** The verbs a handler-backed kind serves, each true or false (serves.watch); all false for an etcd kind. */
  serves: Record<HandlerVerb, boolean>;
  /** The verbs a handler-backed kind serves, as a comma-separated list for comments: "get, list and watch". */
  servedVerbs: string;
  /** The verbs a handler-backed kind serves, as +genclient:onlyVerbs takes them: "get,list,watch". */
  clientVerbs: string;
  /** Whether a handler-backed kind serves create, update or delete. */
  writable: boolean;
  /** CatFeed, CatLogOptions: the kinds of its arbitrary and connector subresources, registered with it. */
  subresourceKinds: string[];
}

/**
 * The year in generated headers; SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes it, so golden
 * projects do not change on New Year's Day.
 */
export function headerYear(): number {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return new Date(Number.isFinite(epoch) && epoch > 0 ? epoch * 1000 : Date.now()).getUTCFullYear();
}

export function projectModel(record: ProjectRecord, boilerplate: string, cliVersion: string): ProjectModel {
  return {
    domain: record.domain,
    module: record.module,
    projectName: record.projectName,
    year: headerYear(),
    cliVersion,
    kube: resolveKubeVersion(record.kubernetesVersion),
    etcdPrefix: `/registry/${record.domain}`,
    boilerplate,
  };
}

/**
 * The model of one kind in one version. versions are every version the kind is served in (this one included): with
 * more than one, the kind's storage and hooks work on the internal type of pkg/apis/GROUP.
 */
export function resourceModel(project: ProjectModel, r: ResourceRecord, versions: string[] = [r.version]): ResourceModel {
  const kindLower = r.kind.toLowerCase();
  const fullGroup = `${r.group}.${project.domain}`;
  const apiPackage = `${project.module}/pkg/apis/${r.group}/${r.version}`;
  const hubPackage = versions.length > 1 ? hubPackageOf(project.module, r.group) : '';
  const served = [...new Set([r.version, ...versions])].sort();
  return {
    ...project,
    group: r.group,
    version: r.version,
    kind: r.kind,
    plural: r.plural,
    kindLower,
    namespaced: r.namespaced,
    withStatus: r.subresources.some((s) => s.type === 'status'),
    fullGroup,
    alias: importAlias(r.group, r.version),
    apiPackage,
    registryPackage: `${project.module}/pkg/registry/${r.group}/${kindLower}`,
    registryAlias: `${r.group}${kindLower}`,
    modelPackage: modelPackage(project.module, r.group),
    shortNames: r.shortNames ?? [],
    categories: r.categories ?? [],
    hubPackage,
    typesImport: hubPackage || apiPackage,
    typesPkg: hubPackage ? r.group : r.version,
    servedIn: `${fullGroup}/${served.slice(0, -1).join(', ')}${served.length > 1 ? ' and ' : ''}${served.at(-1)}`,
    serves: Object.fromEntries(HANDLER_VERBS.map((v) => [v, r.verbs?.includes(v) ?? false])) as Record<HandlerVerb, boolean>,
    servedVerbs: inWords(r.verbs ?? []),
    clientVerbs: (r.verbs ?? []).join(','),
    writable: ['create', 'update', 'delete'].some((v) => r.verbs?.includes(v as HandlerVerb)),
    subresourceKinds: r.subresources.flatMap((s) => (s.kind ? [s.kind] : [])),
  };
}

/**
 * The model of a group version's shared files (doc.go, register.go) as seen from one of its kinds: doc.go asks
 * conversion-gen for conversions to the hub as soon as any kind of the group version is served in several versions,
 * whichever kind the command is about, so adding a single-version kind next to it keeps the others' conversions.
 */
export function groupVersionModel<M extends ResourceModel>(model: M, project: ProjectRecord): M {
  const multi = project.resources.some(
    (r) =>
      r.group === model.group &&
      r.version === model.version &&
      project.resources.filter((o) => o.group === r.group && o.kind === r.kind).length > 1,
  );
  return { ...model, hubPackage: multi ? hubPackageOf(model.module, model.group) : '' };
}

/** The internal (hub) package of a group: demo.io/catdemo + animal → demo.io/catdemo/pkg/apis/animal. */
export function hubPackageOf(module: string, group: string): string {
  return `${module}/pkg/apis/${group}`;
}

/** demo.io/catdemo + animal → io.demo.catdemo.pkg.apis.animal, the way Kubernetes names io.k8s.api.core.v1. */
export function modelPackage(module: string, group: string): string {
  const [host = '', ...rest] = module.split('/');
  return [...host.split('.').reverse(), ...rest, 'pkg', 'apis', group].join('.');
}

/** [get, list, watch] → "get, list and watch". */
function inWords(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}
