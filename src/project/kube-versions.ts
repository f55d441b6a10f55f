import { UserError } from '../errors.js';

/**
 * The Kubernetes releases a generated project is known to compile and serve against. Each entry records what the
 * generated go.mod needs beyond the k8s.io/* staging modules, which share the version v0.MINOR.PATCH.
 */
export interface KubeRelease {
  /** The oldest Go that the k8s.io/* modules of this minor accept (their go.mod's `go` line). */
  go: string;
  /** k8s.io/kube-openapi at the version k8s.io/apimachinery requires, for openapi-gen. */
  kubeOpenAPI: string;
  /** go.etcd.io/etcd/server/v3 at the version k8s.io/apiserver requires, for the embedded etcd of `run local`. */
  etcd: string;
  /** The etcd image the in-cluster manifests pin. */
  etcdImage: string;
  /** sigs.k8s.io/controller-runtime built on this minor's k8s.io modules, for `create resource --controller`. */
  controllerRuntime: string;
}

const RELEASES: Record<string, KubeRelease> = {
  '1.37': {
    go: '1.26.0',
    kubeOpenAPI: 'v0.0.0-20260721132016-d427ff9ee9ad',
    etcd: 'v3.7.0',
    etcdImage: 'registry.k8s.io/etcd:3.7.0-0',
    controllerRuntime: 'v0.25.2',
  },
};

/** The default: the newest patch release of the newest minor in the table. */
export const DEFAULT_KUBE_VERSION = '1.37.2';

export interface ResolvedKubeVersion extends KubeRelease {
  /** 1.37.2 */
  kube: string;
  /** v0.37.2: the version of every k8s.io staging module. */
  modules: string;
}

export function resolveKubeVersion(version: string = DEFAULT_KUBE_VERSION): ResolvedKubeVersion {
  const match = /^v?1\.(\d+)\.(\d+)$/.exec(version);
  const release = match ? RELEASES[`1.${match[1]}`] : undefined;
  if (!match || !release) {
    throw new UserError(
      `The Kubernetes version "${version}" is not supported; use one of the ${Object.keys(RELEASES)
        .map((m) => `${m}.x`)
        .join(', ')} releases, such as ${DEFAULT_KUBE_VERSION}.`,
    );
  }
  return { ...release, kube: `1.${match[1]}.${match[2]}`, modules: `v0.${match[1]}.${match[2]}` };
}
