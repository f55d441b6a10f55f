import { UserError } from '../errors.js';

// The rules for the names a user gives apiboot that become API names and Go identifiers: a domain, a group (a Go
// package), a version, a kind (a Go type and the folder of its storage package), a plural, a subresource, short
// names and categories, the module path, the owner in every Go file's header.

/** Go's reserved words: a kind named after one would not compile as a package or identifier. */
const GO_KEYWORDS = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
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
  'APIGroup',
  'APIGroupList',
  'APIResource',
  'APIResourceList',
  'APIVersions',
  'CreateOptions',
  'DeleteOptions',
  'ExportOptions',
  'GetOptions',
  'InternalEvent',
  'List',
  'ListMeta',
  'ListOptions',
  'Object',
  'ObjectMeta',
  'PartialObjectMetadata',
  'PartialObjectMetadataList',
  'PatchOptions',
  'Scale',
  'Status',
  'Table',
  'TableOptions',
  'TypeMeta',
  'UpdateOptions',
  'WatchEvent',
]);

export function checkNotMetaKind(kind: string, subject: string): void {
  if (META_KINDS.has(kind)) {
    throw new UserError(
      `${subject} is a kind the Kubernetes API machinery already defines in every group version (such as Status, ` +
        `ListOptions, WatchEvent or Table); choose another name.`,
    );
  }
}

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
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
    throw new UserError(
      `The group "${group}" would name the folder pkg/apis/${group}, ${GO_SPECIAL_FOLDERS.get(group)}; choose another group.`,
    );
  }
}

export function validateVersion(version: string): void {
  if (!KUBE_VERSION.test(version)) {
    throw new UserError(`The version "${version}" is not a Kubernetes API version; use the form v1, v1alpha1 or v2beta3.`);
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
    throw new UserError(`The kind "${kind}" ends in "List", which Kubernetes reserves for list types; choose a name without it.`);
  }
}

export function validatePlural(plural: string): void {
  if (!DNS1123_LABEL.test(plural) || plural.length > 63 || /[-]/.test(plural)) {
    throw new UserError(`The resource "${plural}" is not a lowercase plural name; use lowercase letters and digits, such as "cats".`);
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
  const element = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return element ? `${domain}/${element}` : domain;
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
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const v of list) validateNameList(v, what);
  return [...new Set(list)];
}

/**
 * A subresource name: the last segment of its path (cats/NAME/feed). It also names Go files and identifiers, so it
 * is lowercase letters and digits only, as in Kubernetes' own (status, scale, log, exec, portforward).
 */
export function validateSubresource(name: string): void {
  if (!/^[a-z][a-z0-9]*$/.test(name) || name.length > 63) {
    throw new UserError(`The subresource "${name}" is not a lowercase name; use lowercase letters and digits, such as "feed" or "log".`);
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

/** feed → Feed: a lowercase name as the tail of a Go type name. */
export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
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
