import { UserError } from '../errors.js';
import { checkNotMetaKind, importAlias, upperFirst } from './names.js';
import type { ProjectRecord } from './record.js';

// Names the generated code would declare twice: a change's kinds, subresource kinds and group versions checked
// against the rest of the project before anything is written.

/**
 * Names every API group version package declares besides its kinds (register.go, and RegisterConversions from
 * conversion-gen): a kind or subresource kind with one of these names would be a second declaration. Kept in step
 * with templates/group-version by a unit test.
 */
export const VERSION_PACKAGE_NAMES = ['AddToScheme', 'GroupName', 'RegisterConversions', 'Resource', 'SchemeBuilder', 'SchemeGroupVersion'];

/**
 * Lower-case names in scope in pkg/apiserver/resources.go and scheme.go, which import every API package as
 * GROUPVERSION and every storage package as GROUPKIND: their other imports and package apiserver's own lower-case
 * declarations. An import alias equal to one of them does not compile. Kept in step with templates/project by a
 * unit test.
 */
export const APISERVER_NAMES = [
  'apiGroups',
  'autoscalingv1',
  'completedConfig',
  'connectSubresources',
  'generic',
  'groupVersions',
  'metav1',
  'openapi',
  'reflect',
  'registry',
  'resource',
  'resources',
  'restclient',
  'runtime',
  'schema',
  'serializer',
  'sort',
  'sortedGroupVersions',
  'storageVersions',
  'utilruntime',
  'version',
  'kindStorageVersions',
  'storageVersioner',
  'authorizer',
  'destroy',
  'longRunningCheck',
  'eventsAPIGroup',
  'eventRESTOptions',
  'eventDefinitions',
  'withoutProtobuf',
  'emptyStorage',
  'emptyOptions',
  'newTestConfig',
  'newTestServer',
  'getPath',
  'extraRoutes',
  'installAllNamespacesRoutes',
  'buildVersion',
  'serverVersion',
  'publishedStaging',
  'notInMetadata',
  'buildMetadata',
];

/** A Go name and what declares it: two different declarers of one name in one scope do not compile. */
interface Declaration {
  scope: string;
  name: string;
  /** Who declares it, as the user knows it: "the kind Cat". */
  by: string;
  /** What it is: a name declared twice by the same thing (a group version imported by two kinds) is one name. */
  what: string;
}

/** Every Go name the project's generated code declares where a user's names could collide. */
function declarations(project: ProjectRecord): Declaration[] {
  const out: Declaration[] = [];
  const apis = (g: string, v: string) => `package pkg/apis/${g}/${v}`;
  const gvs = new Set<string>();
  const typeIn = (g: string, v: string, name: string, by: string) => {
    gvs.add(`${g}/${v}`);
    out.push({ scope: apis(g, v), name, by, what: by });
  };
  const storage = (g: string, kind: string, by: string) => {
    const lower = kind.toLowerCase();
    out.push({ scope: `folder pkg/registry/${g}`, name: lower, by, what: by });
    out.push({
      scope: 'package pkg/apiserver',
      name: `${g}${lower}`,
      by: `the import name of the storage package of ${by}`,
      what: `pkg/registry/${g}/${lower}`,
    });
  };
  for (const r of project.resources) {
    const by = `the kind ${r.kind}`;
    typeIn(r.group, r.version, r.kind, by);
    for (const suffix of ['Spec', 'Status', 'List'])
      typeIn(r.group, r.version, `${r.kind}${suffix}`, `the ${suffix.toLowerCase()} type of ${by}`);
    for (const sub of r.subresources) {
      if (sub.kind) typeIn(r.group, r.version, sub.kind, `the kind of the subresource ${r.plural}/${sub.name}`);
    }
    storage(r.group, r.kind, by);
  }
  for (const f of project.foreignSubresources ?? []) {
    const by = `the kind ${f.kind} of the subresource ${f.subresource} of ${f.forKind}`;
    typeIn(f.group, f.version, f.kind, by);
    typeIn(f.group, f.version, `${f.kind}Status`, `the status type of ${by}`);
    typeIn(f.group, f.version, `${f.kind}List`, `the list type of ${by}`);
    storage(f.group, f.kind, by);
  }
  for (const gv of gvs) {
    const [g = '', v = ''] = gv.split('/');
    for (const name of VERSION_PACKAGE_NAMES)
      out.push({ scope: apis(g, v), name, by: 'a declaration of register.go', what: 'register.go' });
    out.push({ scope: 'package pkg/apiserver', name: importAlias(g, v), by: `the import name of ${g}/${v}`, what: `pkg/apis/${g}/${v}` });
  }
  for (const name of APISERVER_NAMES)
    out.push({ scope: 'package pkg/apiserver', name, by: 'a name pkg/apiserver already uses', what: 'pkg/apiserver' });
  return out;
}

/** Pairs of different declarations of one name in one scope, as "scope name" → the two declarers. */
function clashes(project: ProjectRecord): Map<string, [Declaration, Declaration]> {
  const first = new Map<string, Declaration>();
  const found = new Map<string, [Declaration, Declaration]>();
  for (const d of declarations(project)) {
    const key = `${d.scope} ${d.name}`;
    const seen = first.get(key);
    if (!seen) first.set(key, d);
    else if (seen.what !== d.what && !found.has(key)) found.set(key, [seen, d]);
  }
  return found;
}

/**
 * The one check of a change's names against the rest of the project: every command that adds a kind, a
 * subresource kind or a group version calls it with the project before and after, and it refuses, naming the rule,
 * when the generated Go would declare one name twice (kind CatSpec next to Cat, subresource spec of Cat, two kinds
 * whose storage packages or import names coincide) or register a kind the API machinery owns. Clashes the project
 * already had are not the change's doing and pass.
 */
export function checkProjectNames(before: ProjectRecord, after: ProjectRecord): void {
  const old = clashes(before);
  const existing = new Set(declarations(before).map((d) => `${d.scope} ${d.name} ${d.what}`));
  for (const [key, pair] of clashes(after)) {
    if (old.has(key)) continue;
    const [added, other] = existing.has(`${pair[0].scope} ${pair[0].name} ${pair[0].what}`) ? [pair[1], pair[0]] : pair;
    const rule = added.scope.startsWith('folder')
      ? 'one folder holds one storage package'
      : 'Go allows one declaration of a name in a scope';
    throw new UserError(
      `${upperFirst(added.by)} and ${other.by} would both be named ${added.name} in ${added.scope} (${rule}); choose another name.`,
    );
  }
  const oldKinds = new Set(registeredKinds(before).map((k) => `${k.gv} ${k.kind}`));
  for (const { gv, kind, by } of registeredKinds(after)) {
    if (!oldKinds.has(`${gv} ${kind}`)) checkNotMetaKind(kind, `${upperFirst(by)}, ${kind},`);
  }
}

/** The kinds registered in each group version's scheme, with what brings each. */
function registeredKinds(project: ProjectRecord): Array<{ gv: string; kind: string; by: string }> {
  return [
    ...project.resources.flatMap((r) => {
      const gv = `${r.group}/${r.version}`;
      return [
        { gv, kind: r.kind, by: 'the kind' },
        { gv, kind: `${r.kind}List`, by: `the list type of ${r.kind}` },
        ...r.subresources.flatMap((s) => (s.kind ? [{ gv, kind: s.kind, by: `the kind of the subresource ${r.plural}/${s.name}` }] : [])),
      ];
    }),
    ...(project.foreignSubresources ?? []).flatMap((f) => [
      { gv: `${f.group}/${f.version}`, kind: f.kind, by: 'the kind' },
      { gv: `${f.group}/${f.version}`, kind: `${f.kind}List`, by: `the list type of ${f.kind}` },
    ]),
  ];
}

/** A name kubectl resolves to a resource (a plural, a singular name or a short name), and the kind it names. */
interface KubectlName {
  name: string;
  /** The kind, the same in every version: cats.animal. */
  owner: string;
  what: string;
}

function kubectlNames(project: ProjectRecord): KubectlName[] {
  return project.resources.flatMap((r) => {
    const owner = `${r.plural}.${r.group}`;
    const resource = `${r.plural} in ${r.group}.${project.domain}`;
    return [
      { name: r.plural, owner, what: `the resource ${resource}` },
      { name: r.kind.toLowerCase(), owner, what: `the singular name of ${resource}` },
      ...(r.shortNames ?? []).map((s) => ({ name: s, owner, what: `a short name of ${resource}` })),
    ];
  });
}

/**
 * kubectl looks a short name up among every resource it discovers: a short name another kind of the project has
 * already (as a short name, its plural or its singular name) would make `kubectl get NAME` mean one of the two at
 * random, with a warning. A change that brings such a pair is refused; one the project already had is not its doing.
 */
export function checkShortNames(before: ProjectRecord, after: ProjectRecord): void {
  const known = (names: KubectlName[]) => new Set(names.map((n) => `${n.name} ${n.owner} ${n.what}`));
  const old = known(kubectlNames(before));
  const all = kubectlNames(after);
  for (const added of all.filter((n) => !old.has(`${n.name} ${n.owner} ${n.what}`) && n.what.startsWith('a short name'))) {
    const other = all.find((n) => n.name === added.name && n.owner !== added.owner);
    if (other) {
      throw new UserError(
        `The short name "${added.name}" is already ${other.what} (kubectl would not know which one "kubectl get ${added.name}" means); choose another short name.`,
      );
    }
  }
}
