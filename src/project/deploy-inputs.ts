import { UserError } from '../errors.js';
import { DNS1123_LABEL } from './names.js';

// What `build config`, `build container`, `run local` and `doctor` are told about where and how the server runs: object
// names, image references, etcd URLs.

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
    throw new UserError(`The image "${image}" is not a valid image reference; use the form registry.example.com/team/name:tag.`);
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
