/**
 * Kubernetes' order of API versions, as `version.CompareKubeAwareVersionStrings` of k8s.io/apimachinery defines it:
 * discovery, the scheme's version priorities and the aggregator all rank a group's versions by it, so the APIService
 * priorities apiboot writes must rank them the same way, or kubectl's default version of a group is another one than
 * the server prefers.
 *
 * Stability comes first, then the numbers: v1alpha1 < v2alpha1 < v1beta1 < v1beta2 < v1 < v2. A string that is not
 * a Kubernetes version ranks below every version, and two such strings rank in reverse byte order.
 */

// Stability ranks: alpha < beta < GA.
const ALPHA = 0;
const BETA = 1;
const GA = 2;

interface KubeVersion {
  stability: number;
  major: bigint;
  minor: bigint;
}

/** The largest value Go's strconv.Atoi returns on 64-bit platforms: a bigger number makes the version unparsable. */
const MAX_INT = 2n ** 63n - 1n;

// Go's \d is ASCII only, as JavaScript's is without the u flag.
const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function parse(v: string): KubeVersion | undefined {
  const m = KUBE_VERSION.exec(v);
  if (!m) return undefined;
  const major = BigInt(m[1]!);
  const stability = m[2] === 'alpha' ? ALPHA : m[2] === 'beta' ? BETA : GA;
  const minor = m[3] === undefined ? 0n : BigInt(m[3]);
  if (major > MAX_INT || minor > MAX_INT) return undefined;
  return { stability, major, minor };
}

const sign = (n: bigint): number => (n > 0n ? 1 : n < 0n ? -1 : 0);

/** Go's strings.Compare: byte order of the UTF-8 encodings, which JavaScript's UTF-16 order is not. */
function compareBytes(a: string, b: string): number {
  return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/**
 * Negative when a ranks below b, positive when above, zero when they rank the same (equal strings, or the same
 * version written with leading zeros). Only the sign is meaningful, as in Go.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const [va, vb] = [parse(a), parse(b)];
  if (!va && !vb) return compareBytes(b, a);
  if (!va) return -1;
  if (!vb) return 1;
  if (va.stability !== vb.stability) return va.stability - vb.stability;
  if (va.major !== vb.major) return sign(va.major - vb.major);
  return sign(va.minor - vb.minor);
}

/**
 * The APIService versionPriority of a version among its group's: the higher it ranks, the higher its priority, so
 * that the aggregator's preferred version is the one the server's own discovery prefers. Priorities start at 15, in
 * steps of 5; versions that rank the same get the same priority.
 */
export function versionPriority(version: string, groupVersions: string[]): number {
  const below = new Set(groupVersions.filter((v) => compareKubeAwareVersions(v, version) < 0));
  return 15 + 5 * below.size;
}
