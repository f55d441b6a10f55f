import pluralizeWords from 'pluralize';
import { UserError } from '../errors.js';
import type { ProjectRecord } from './record.js';

/** Go's reserved words: a kind named after one would not compile as a package or identifier. */
const GO_KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go',
  'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type',
  'var',
]);

/** Folder names the go command treats specially: a package in one would not build or could not be imported. */
const GO_SPECIAL_FOLDERS = new Map([
  ['internal', 'which Go lets only its parent folder import, so pkg/apiserver could not'],
  ['vendor', 'which Go reserves for vendored dependencies'],
  ['testdata', 'which Go ignores when it builds'],
]);

/**
 * Kinds the API machinery already gives a meaning in every group version: metav1.AddToGroupVersion registers the
 * options and watch types there (a second type of that kind panics at start-up), and clients read Status, List,
 * Table and the others as responses of their own, not as objects of a resource.
 */
const META_KINDS = new Set([
  'APIGroup', 'APIGroupList', 'APIResource', 'APIResourceList', 'APIVersions', 'CreateOptions', 'DeleteOptions',
  'ExportOptions', 'GetOptions', 'InternalEvent', 'List', 'ListMeta', 'ListOptions', 'Object', 'ObjectMeta',
  'PartialObjectMetadata', 'PartialObjectMetadataList', 'PatchOptions', 'Scale', 'Status', 'Table', 'TableOptions',
  'TypeMeta', 'UpdateOptions', 'WatchEvent',
]);

function checkNotMetaKind(kind: string, subject: string): void {
  if (META_KINDS.has(kind)) {
    throw new UserError(
      `${subject} is a kind the Kubernetes API machinery already defines in every group version (such as Status, ` +
        `ListOptions, WatchEvent or Table); choose another name.`,
    );
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GROUP_LABEL = /^[a-z]([a-z0-9]*)$/;
const KUBE_VERSION = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const UPPER_CAMEL = /^[A-Z][A-Za-z0-9]*$/;
/**
 * A module path as Go checks one: the first element a host name with a dot (a dotless one such as "net" would meet
 * the standard library's packages), no element ending in a dot.
 */
const MODULE_PATH = /^[a-z0-9][-a-z0-9]*(\.[a-z0-9][-a-z0-9]*)+(\/[A-Za-z0-9](?:[-A-Za-z0-9._~]*[-A-Za-z0-9_~])?)*$/;

export function validateDomain(domain: string): void {
  const labels = domain.split('.');
  const ok = domain.length <= 253 && labels.length >= 2 && labels.every((l) => l.length <= 63 && DNS1123_LABEL.test(l));
  if (!ok) {
    throw new UserError(
      `The domain "${domain}" is not a DNS-1123 subdomain with at least two labels; use lowercase letters, digits ` +
        `and '-', separated by dots, such as "demo.io".`,
    );
  }
}

/**
 * Groups become Go package names and the first label of the API group, so they must be a lowercase DNS label that
 * is also a valid Go identifier (no '-').
 */
export function validateGroup(group: string): void {
  if (!GROUP_LABEL.test(group) || group.length > 63 || GO_KEYWORDS.has(group)) {
    throw new UserError(
      `The group "${group}" is not a lowercase DNS label usable as a Go package name; use lowercase letters and ` +
        `digits starting with a letter, such as "animal".`,
    );
  }
  if (GO_SPECIAL_FOLDERS.has(group)) {
    throw new UserError(`The group "${group}" would name the folder pkg/apis/${group}, ${GO_SPECIAL_FOLDERS.get(group)}; choose another group.`);
  }
}

export function validateVersion(version: string): void {
  if (!KUBE_VERSION.test(version)) {
    throw new UserError(
      `The version "${version}" is not a Kubernetes API version; use the form v1, v1alpha1 or v2beta3.`,
    );
  }
}

export function validateKind(kind: string): void {
  if (!UPPER_CAMEL.test(kind)) {
    throw new UserError(`The kind "${kind}" is not UpperCamelCase; start with a capital letter, such as "Cat".`);
  }
  if (kind.length > 63) {
    throw new UserError(`The kind "${kind}" is longer than 63 characters, the limit of its singular resource name; choose a shorter one.`);
  }
  if (GO_SPECIAL_FOLDERS.has(kind.toLowerCase())) {
    throw new UserError(
      `The kind "${kind}" would name the folder of its storage package ${kind.toLowerCase()}, ${GO_SPECIAL_FOLDERS.get(kind.toLowerCase())}; choose another kind.`,
    );
  }
  checkNotMetaKind(kind, `The kind "${kind}"`);
  if (GO_KEYWORDS.has(kind.toLowerCase())) {
    throw new UserError(`The kind "${kind}" is a Go keyword in lower case and cannot name its package; choose another.`);
  }
  if (kind.endsWith('List')) {
    throw new UserError(
      `The kind "${kind}" ends in "List", which Kubernetes reserves for list types; choose a name without it.`,
    );
  }
}

export function validatePlural(plural: string): void {
  if (!DNS1123_LABEL.test(plural) || plural.length > 63 || /[-]/.test(plural)) {
    throw new UserError(
      `The resource "${plural}" is not a lowercase plural name; use lowercase letters and digits, such as "cats".`,
    );
  }
}

export function validateModule(module: string): void {
  if (!MODULE_PATH.test(module) || module.length > 255) {
    throw new UserError(
      `The module path "${module}" is not a valid Go module path; use a host name with a dot, then path elements ` +
        `of letters, digits and "-._~" that do not end in a dot, such as "example.com/team/project".`,
    );
  }
}

/**
 * Where kubebuilder's pluralizer (gobuffalo/flect) gives a correct English plural that the pluralize library does
 * not, flect wins, so a kind gets the resource name a kubebuilder user expects. pluralize's answer stays where flect's
 * is a known slip (demo → demoes, cafe → caves, giraffe → girafves, octopus → octupuses, gas → gas).
 */
const FLECT_IRREGULAR: Array<[string, string]> = [
  ['agenda', 'agendas'],
  ['apex', 'apices'],
  ['aquarium', 'aquaria'],
  ['buffalo', 'buffaloes'],
  ['bureau', 'bureaus'],
  ['cherub', 'cherubs'],
  ['corpus', 'corpora'],
  ['curriculum', 'curriculums'],
  ['dogma', 'dogmas'],
  ['dwarf', 'dwarfs'],
  ['fabliau', 'fabliaux'],
  ['fungus', 'funguses'],
  ['helix', 'helices'],
  ['larva', 'larvae'],
  ['lemma', 'lemmas'],
  ['medium', 'media'],
  ['radix', 'radices'],
  ['schema', 'schemas'],
  ['staff', 'staffs'],
  ['stigma', 'stigmas'],
  ['topaz', 'topazes'],
  ['virus', 'viruses'],
];
const FLECT_UNCOUNTABLE = ['money'];
for (const [singular, plural] of FLECT_IRREGULAR) pluralizeWords.addIrregularRule(singular, plural);
for (const word of FLECT_UNCOUNTABLE) pluralizeWords.addUncountableRule(word);
// flect's suffix rules: quiz → quizzes, fez → fezzes, waltz → waltzes, buzz → buzzes, plateau → plateaux.
pluralizeWords.addPluralRule(/z$/i, 'zes');
pluralizeWords.addPluralRule(/([ie])z$/i, '$1zzes');
pluralizeWords.addPluralRule(/eau$/i, 'eaux');

/**
 * The lower-case plural resource name of a kind, as kubebuilder derives it (Quiz → quizzes, Mouse → mice,
 * Person → people, Policy → policies, Status → statuses, Index → indices). Only the last word of the kind is
 * inflected, so ClusterPerson → clusterpeople; a kind that is already plural keeps its form (Endpoints → endpoints,
 * Cats → cats), as Kubernetes' own Endpoints does.
 */
export function pluralize(kind: string): string {
  const last = /(?:[A-Z][a-z0-9]+|[A-Z]+[0-9]*)$/.exec(kind)?.[0] ?? kind;
  return (kind.slice(0, kind.length - last.length) + pluralizeWords.plural(last.toLowerCase())).toLowerCase();
}

/** The singular resource name of a kind: its name in lower case, as kubectl and discovery show it (cat). */
export function singularName(kind: string): string {
  return kind.toLowerCase();
}

/** The Go import alias for a group version, as the Kubernetes repos write it: animalv1alpha1. */
export function importAlias(group: string, version: string): string {
  return `${group}${version}`;
}

/** The default module path for a project: DOMAIN/FOLDER, FOLDER made into a valid path element. */
export function defaultModule(domain: string, folderName: string): string {
  const element = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return element ? `${domain}/${element}` : domain;
}

/** Names of Kubernetes objects that become DNS labels (Services, namespaces): at most 63 characters. */
export function validateObjectName(value: string, flag: string, what: string): void {
  if (!DNS1123_LABEL.test(value) || value.length > 63) {
    throw new UserError(
      `The ${what} "${value}" is not a DNS-1123 label; pass ${flag} with lowercase letters, digits and '-', at most 63 characters.`,
    );
  }
}

const IMAGE_DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?`;
const IMAGE_COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const IMAGE_REFERENCE = new RegExp(
  String.raw`^(?:${IMAGE_DOMAIN}/)?${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/** An image reference as docker and Kubernetes read it: [registry[:port]/]path[:tag][@sha256:digest]. */
export function validateImage(image: string): void {
  if (!IMAGE_REFERENCE.test(image) || image.length > 255) {
    throw new UserError(
      `The image "${image}" is not a valid image reference; use the form registry.example.com/team/name:tag.`,
    );
  }
}

/** The registry host of an image reference, or undefined for Docker Hub short names. */
export function imageRegistry(image: string): string | undefined {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
}

/** A comma-separated list of etcd client URLs, as --etcd-servers takes. */
export function validateEtcdServers(servers: string): void {
  if (!/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/.test(servers)) {
    throw new UserError(`The etcd servers "${servers}" are not URLs; pass --etcd-servers as http://HOST:PORT[,...].`);
  }
}

/** A short name or category: a lowercase name kubectl accepts in place of a resource. */
export function validateNameList(value: string, what: string): void {
  if (!/^[a-z][a-z0-9]*$/.test(value) || value.length > 63) {
    throw new UserError(`The ${what} "${value}" is not a lowercase name; use lowercase letters and digits, such as "ct".`);
  }
}

/** A comma-separated flag value as a list, each checked: "ct, c" → ["ct", "c"]. */
export function parseNameList(value: string | undefined, what: string): string[] {
  if (value === undefined) return [];
  const list = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  for (const v of list) validateNameList(v, what);
  return [...new Set(list)];
}

/**
 * A subresource name: the last segment of its path (cats/NAME/feed). It also names Go files and identifiers, so it
 * is lowercase letters and digits only, as in Kubernetes' own (status, scale, log, exec, portforward).
 */
export function validateSubresource(name: string): void {
  if (!/^[a-z][a-z0-9]*$/.test(name) || name.length > 63) {
    throw new UserError(
      `The subresource "${name}" is not a lowercase name; use lowercase letters and digits, such as "feed" or "log".`,
    );
  }
}

/** Names an arbitrary or connector subresource cannot take: a file of the kind's storage package or another type's. */
const RESERVED_SUBRESOURCES = new Map([
  ['status', 'the status subresource type'],
  ['scale', 'the scale subresource type'],
  ['storage', "the kind's storage.go"],
]);

/** The name of an arbitrary or connector subresource, which also names its handler file: storage.go is taken. */
export function validateHandlerSubresource(name: string): void {
  validateSubresource(name);
  const owner = RESERVED_SUBRESOURCES.get(name);
  if (owner) throw new UserError(`The name "${name}" is taken by ${owner}; choose another --subresource name.`);
}

/** English singular of a lowercase plural: compositions → composition, policies → policy, statuses → status. */
export function singularize(plural: string): string {
  return pluralizeWords.singular(plural);
}

/** feed → Feed: a lowercase name as the tail of a Go type name. */
export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

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
  'apiGroups', 'autoscalingv1', 'completedConfig', 'connectSubresources', 'generic', 'groupVersions', 'metav1',
  'openapi', 'reflect', 'registry', 'resource', 'resources', 'restclient', 'runtime', 'schema', 'serializer', 'sort',
  'sortedGroupVersions', 'storageVersions', 'utilruntime', 'version', 'kindStorageVersions', 'storageVersioner',
  'authorizer', 'destroy', 'longRunningCheck', 'eventsAPIGroup', 'eventRESTOptions', 'eventDefinitions',
  'withoutProtobuf', 'emptyStorage', 'emptyOptions', 'newTestConfig', 'newTestServer', 'getPath',
  'buildVersion', 'serverVersion', 'publishedStaging', 'notInMetadata', 'buildMetadata',
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
    out.push({ scope: 'package pkg/apiserver', name: `${g}${lower}`, by: `the import name of the storage package of ${by}`, what: `pkg/registry/${g}/${lower}` });
  };
  for (const r of project.resources) {
    const by = `the kind ${r.kind}`;
    typeIn(r.group, r.version, r.kind, by);
    for (const suffix of ['Spec', 'Status', 'List']) typeIn(r.group, r.version, `${r.kind}${suffix}`, `the ${suffix.toLowerCase()} type of ${by}`);
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
    for (const name of VERSION_PACKAGE_NAMES) out.push({ scope: apis(g, v), name, by: 'a declaration of register.go', what: 'register.go' });
    out.push({ scope: 'package pkg/apiserver', name: importAlias(g, v), by: `the import name of ${g}/${v}`, what: `pkg/apis/${g}/${v}` });
  }
  for (const name of APISERVER_NAMES) out.push({ scope: 'package pkg/apiserver', name, by: 'a name pkg/apiserver already uses', what: 'pkg/apiserver' });
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
    const rule = added.scope.startsWith('folder') ? 'one folder holds one storage package' : 'Go allows one declaration of a name in a scope';
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

/**
 * The copyright owner goes into every Go file's header comment (hack/boilerplate.go.txt): one line of printable
 * text that cannot end the comment.
 */
export function validateOwner(owner: string): void {
  if (owner.trim() === '' || owner.length > 200 || /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(owner) || owner.includes('*/')) {
    throw new UserError(
      `The owner "${owner.replace(/[\p{Cc}]/gu, '?')}" cannot go into the header comment of Go files: use one line of ` +
        `printable text without "*/", at most 200 characters, such as "The Demo Authors".`,
    );
  }
}
