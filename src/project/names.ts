import { UserError } from '../errors.js';

/** Go's reserved words: a kind named after one would not compile as a package or identifier. */
const GO_KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go',
  'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type',
  'var',
]);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GROUP_LABEL = /^[a-z]([a-z0-9]*)$/;
const KUBE_VERSION = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const UPPER_CAMEL = /^[A-Z][A-Za-z0-9]*$/;
const MODULE_PATH = /^[a-z0-9][-a-z0-9.]*(\/[A-Za-z0-9][-A-Za-z0-9._~]*)*$/;

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
      `The module path "${module}" is not a valid Go module path; use a form such as "example.com/team/project".`,
    );
  }
}

/** Lower-case English plural, the way Kubernetes names resources (cat → cats, policy → policies, bus → buses). */
export function pluralize(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
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

/** English singular of a lowercase plural: compositions → composition, policies → policy, statuses → status. */
export function singularize(plural: string): string {
  if (/[^aeiou]ies$/.test(plural)) return `${plural.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh|us)es$/.test(plural)) return plural.slice(0, -2);
  if (/(us|ss|is)$/.test(plural)) return plural;
  if (/s$/.test(plural)) return plural.slice(0, -1);
  return plural;
}

/** feed → Feed: a lowercase name as the tail of a Go type name. */
export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
