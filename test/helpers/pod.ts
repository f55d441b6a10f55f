import { join } from 'node:path';

/**
 * What a kubelet does with one container of a pod template, as a podman invocation: a pure function from the
 * template (a Deployment's or StatefulSet's `spec.template`, as the API server returns it) and what the node would
 * know (the image's user, the Secrets, the ServiceAccount token, the pod's name) to an argument vector and the files
 * to write before it runs. test/helpers/podman.ts runs the plan; test/unit/pod.test.ts checks the mapping.
 *
 * The pod shares the host's network (there is no CNI here): its IP is 127.0.0.1, wildcard listen addresses in its
 * arguments become 127.0.0.1 so nothing listens beyond loopback, and cluster DNS names resolve to 127.0.0.1 through
 * `hosts`. Everything else follows the manifest: a field this mapping does not know fails loudly rather than being
 * dropped.
 */

export type PodTemplate = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: PodSecurityContext;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  [field: string]: unknown;
}

export interface PodSecurityContext extends UserContext {
  fsGroup?: number;
  supplementalGroups?: number[];
}

interface UserContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  seccompProfile?: { type: string; localhostProfile?: string };
}

export interface ContainerSecurityContext extends UserContext {
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  envFrom?: Array<{
    prefix?: string;
    secretRef?: { name: string; optional?: boolean };
    configMapRef?: { name: string; optional?: boolean };
  }>;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  volumeMounts?: VolumeMount[];
  securityContext?: ContainerSecurityContext;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  [field: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: unknown;
  };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface Volume {
  name: string;
  secret?: { secretName: string; defaultMode?: number; items?: KeyToPath[]; optional?: boolean };
  configMap?: { name: string; defaultMode?: number; items?: KeyToPath[]; optional?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [type: string]: unknown;
}

export interface Probe {
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: Array<{ name: string; value: string }> };
  tcpSocket?: { port: number | string; host?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
  [type: string]: unknown;
}

/** A Secret or ConfigMap as the API returns it: Secret values base64 in `data`, ConfigMap values plain. */
export interface DataObject {
  metadata?: { name?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** podman's global flags: the "node" it runs on (vfs storage in folders of the test, runc, cgroupfs). */
export interface PodmanNode {
  root: string;
  runroot: string;
  tmpdir: string;
  /** The OCI runtime; Debian's crun refuses the VM's hybrid cgroup layout. */
  runtime?: string;
}

export interface PodRun {
  node: PodmanNode;
  template: PodTemplate;
  /** The container to run; the first one when absent. */
  container?: string;
  /** The pod's name: a StatefulSet's is NAME-0, a Deployment's has random suffixes. */
  podName: string;
  namespace: string;
  /** The image's configured user (`.Config.User`), which the kubelet's runAsNonRoot check reads. */
  imageUser: string;
  /** Open files and processes, within the calling process's hard limits: the VM lets no container raise them. */
  limits: { nofile: number; nproc: number };
  /** A host folder for this pod's files (Secret and token volumes, the log); the plan's paths lie under it. */
  podDir: string;
  /** The Secrets and ConfigMaps of the namespace, by name, as the kubelet would read them from the API server. */
  secrets?: Record<string, DataObject>;
  configMaps?: Record<string, DataObject>;
  /** The pod's ServiceAccount (its automountServiceAccountToken counts when the pod does not say). */
  serviceAccount?: { automountServiceAccountToken?: boolean };
  /** The token the kubelet would request for the ServiceAccount, and the cluster's CA for ca.crt. */
  serviceAccountToken?: { token: string; caPem: string };
  /** Where the `kubernetes` Service is: KUBERNETES_SERVICE_HOST and _PORT. */
  kubernetes?: { host: string; port: number };
  /** Host folders standing in for PersistentVolumeClaims: by claim name, or a StatefulSet's volumeClaimTemplate name. */
  claims?: Record<string, string>;
  /** Name -> address entries of /etc/hosts: the cluster DNS names the pod uses. */
  hosts?: Record<string, string>;
  /** Arguments appended after the manifest's: only what this test bed needs and a node would not. */
  extraArgs?: string[];
}

export interface PlannedFile {
  path: string;
  content: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

export interface PlannedDir {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface PodPlan {
  /** The container's name in podman. */
  name: string;
  container: Container;
  /** Full argument vector, starting with "podman". */
  argv: string[];
  /** Folders and files to create (in order) before running argv; ownership and modes as the kubelet sets them. */
  dirs: PlannedDir[];
  files: PlannedFile[];
  logFile: string;
  pidFile: string;
}

/** The kubelet's refusal to create a container: the pod would sit in CreateContainerConfigError. */
export class PodConfigError extends Error {}

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const POD_IP = '127.0.0.1';
const DEFAULT_RUNTIME = '/usr/sbin/runc';

export function planPod(run: PodRun): PodPlan {
  const spec = run.template.spec;
  if (spec.hostNetwork) throw new PodConfigError('hostNetwork pods are not played here: every pod shares the host network already');
  if (spec.initContainers?.length) throw new PodConfigError('init containers are not supported by this helper yet');
  const container = run.container ? spec.containers.find((c) => c.name === run.container) : spec.containers[0];
  if (!container) throw new PodConfigError(`the pod template has no container named ${run.container}`);
  const name = `k8s_${container.name}_${run.podName}_${run.namespace}`;
  const podDir = run.podDir;
  const logFile = join(podDir, `${container.name}.log`);
  const pidFile = join(podDir, `${container.name}.pid`);
  const sc = securityOf(spec, container);
  checkRunAsNonRoot(sc, run.imageUser, run.podName, container.name);

  const dirs: PlannedDir[] = [{ path: podDir, mode: 0o755, uid: 0, gid: 0 }];
  const files: PlannedFile[] = [];
  const mounts = volumeArgs(run, spec, container, sc.fsGroup, dirs, files);
  const env = environment(run, container);
  const expand = (s: string) => expandVars(s, env);
  const loopback = (s: string) => s.replace(/\b0\.0\.0\.0\b/g, POD_IP);

  const argv = [
    'podman',
    '--storage-driver',
    'vfs',
    '--root',
    run.node.root,
    '--runroot',
    run.node.runroot,
    '--tmpdir',
    run.node.tmpdir,
    '--runtime',
    run.node.runtime ?? DEFAULT_RUNTIME,
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
    'run',
    '--rm',
    '-d',
    '--name',
    name,
    '--pidfile',
    pidFile,
    // The log outlives the container (--rm): a container that exits at once is explained by it.
    '--log-driver',
    'k8s-file',
    '--log-opt',
    `path=${logFile}`,
    // The node's image store is filled by the test as a kubelet would pull (imagePullPolicy); never pull here.
    '--pull',
    'never',
    '--network',
    'host',
    '--hostname',
    run.podName,
    '--ulimit',
    `nofile=${run.limits.nofile}:${run.limits.nofile}`,
    '--ulimit',
    `nproc=${run.limits.nproc}:${run.limits.nproc}`,
    ...userArgs(sc, run.imageUser),
    ...securityArgs(sc),
    ...resourceArgs(container),
    ...Object.entries(run.hosts ?? {}).flatMap(([host, ip]) => ['--add-host', `${host}:${ip}`]),
    ...(container.workingDir ? ['--workdir', container.workingDir] : []),
    ...[...env.entries()].flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...mounts,
  ];
  // command replaces the image's ENTRYPOINT (and so its CMD), args replace its CMD, as in Kubernetes.
  if (container.command) argv.push('--entrypoint', JSON.stringify(container.command.map(expand).map(loopback)));
  argv.push(container.image);
  argv.push(...(container.args ?? []).map(expand).map(loopback), ...(run.extraArgs ?? []));
  return { name, container, argv, dirs, files, logFile, pidFile };
}

interface EffectiveSecurity extends ContainerSecurityContext {
  fsGroup?: number;
  supplementalGroups?: number[];
}

/** The container's security context over the pod's, field by field, as Kubernetes merges them. */
export function securityOf(spec: PodSpec, container: Container): EffectiveSecurity {
  const pod = spec.securityContext ?? {};
  const c = container.securityContext ?? {};
  return {
    ...c,
    runAsUser: c.runAsUser ?? pod.runAsUser,
    runAsGroup: c.runAsGroup ?? pod.runAsGroup,
    runAsNonRoot: c.runAsNonRoot ?? pod.runAsNonRoot,
    seccompProfile: c.seccompProfile ?? pod.seccompProfile,
    fsGroup: pod.fsGroup,
    supplementalGroups: pod.supplementalGroups,
  };
}

/** The user part of an image's USER: a number, a name, or undefined when the image names none (root). */
function imageUid(user: string): { uid?: number; name?: string } {
  const u = user.split(':')[0] ?? '';
  if (u === '') return { uid: 0 };
  return /^\d+$/.test(u) ? { uid: Number(u) } : { name: u };
}

/** The kubelet's verifyRunAsNonRoot: its messages, so a failure reads like the pod's event would. */
function checkRunAsNonRoot(sc: EffectiveSecurity, imageUser: string, pod: string, container: string): void {
  if (!sc.runAsNonRoot) return;
  const where = `(pod: "${pod}", container: ${container})`;
  if (sc.runAsUser !== undefined) {
    if (sc.runAsUser === 0) throw new PodConfigError(`container's runAsUser breaks non-root policy ${where}`);
    return;
  }
  const image = imageUid(imageUser);
  if (image.uid === 0) throw new PodConfigError(`container has runAsNonRoot and image will run as root ${where}`);
  if (image.name !== undefined) {
    throw new PodConfigError(
      `container has runAsNonRoot and image has non-numeric user (${image.name}), cannot verify user is non-root ${where}`,
    );
  }
}

function userArgs(sc: EffectiveSecurity, imageUser: string): string[] {
  const args: string[] = [];
  if (sc.runAsUser !== undefined || sc.runAsGroup !== undefined) {
    const uid = sc.runAsUser ?? imageUid(imageUser).uid ?? imageUser.split(':')[0];
    args.push('--user', sc.runAsGroup !== undefined ? `${uid}:${sc.runAsGroup}` : String(uid));
  }
  // The kubelet adds fsGroup and supplementalGroups to the process's groups.
  for (const g of [...(sc.fsGroup !== undefined ? [sc.fsGroup] : []), ...(sc.supplementalGroups ?? [])])
    args.push('--group-add', String(g));
  return args;
}

function securityArgs(sc: EffectiveSecurity): string[] {
  if (sc.privileged) throw new PodConfigError('privileged containers are not played here');
  const args: string[] = [];
  // --read-only alone would give the container writable tmpfs on /tmp, /var/tmp and /run: a node gives none.
  if (sc.readOnlyRootFilesystem) args.push('--read-only', '--read-only-tmpfs=false');
  for (const cap of sc.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  for (const cap of sc.capabilities?.add ?? []) args.push('--cap-add', cap);
  if (sc.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  // Kubelets run containers unconfined unless told RuntimeDefault; podman's default profile is the runtime's.
  const seccomp = sc.seccompProfile?.type ?? 'Unconfined';
  if (seccomp === 'Unconfined') args.push('--security-opt', 'seccomp=unconfined');
  else if (seccomp !== 'RuntimeDefault') throw new PodConfigError(`seccomp profile ${seccomp} is not supported here`);
  return args;
}

/** Limits become the container's cgroup limits, as the kubelet sets them; requests only schedule. */
function resourceArgs(container: Container): string[] {
  const args: string[] = [];
  const limits = container.resources?.limits ?? {};
  if (limits.memory) args.push('--memory', String(quantity(limits.memory)));
  if (limits.cpu) args.push('--cpus', String(quantity(limits.cpu)));
  return args;
}

/** A Kubernetes resource quantity as a number: 512Mi -> 536870912, 500m -> 0.5. */
export function quantity(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) throw new PodConfigError(`cannot read the quantity "${q}"`);
  const factor: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Number(m[1]) * factor[m[2] ?? '']!;
}

function decoded(obj: DataObject, secret: boolean): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(obj.data ?? {})) out.set(k, secret ? Buffer.from(v, 'base64') : Buffer.from(v));
  for (const [k, v] of Object.entries(obj.stringData ?? {})) out.set(k, Buffer.from(v));
  return out;
}

/**
 * The container's environment in the kubelet's order: the `kubernetes` Service's variables, then envFrom, then env
 * (each value may refer to those before it with $(NAME)).
 */
function environment(run: PodRun, container: Container): Map<string, string> {
  const env = new Map<string, string>();
  if (run.kubernetes) {
    const { host, port } = run.kubernetes;
    env.set('KUBERNETES_SERVICE_HOST', host);
    env.set('KUBERNETES_SERVICE_PORT', String(port));
    env.set('KUBERNETES_SERVICE_PORT_HTTPS', String(port));
    env.set('KUBERNETES_PORT', `tcp://${host}:${port}`);
  }
  for (const from of container.envFrom ?? []) {
    const ref = from.secretRef ?? from.configMapRef;
    if (!ref) throw new PodConfigError(`container ${container.name}: envFrom needs secretRef or configMapRef`);
    const obj = from.secretRef ? run.secrets?.[ref.name] : run.configMaps?.[ref.name];
    if (!obj) {
      if (ref.optional) continue;
      throw new PodConfigError(`${from.secretRef ? 'secret' : 'configmap'} "${ref.name}" not found`);
    }
    for (const [k, v] of decoded(obj, Boolean(from.secretRef))) env.set(`${from.prefix ?? ''}${k}`, v.toString('utf8'));
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env.set(e.name, expandVars(e.value ?? '', env));
      continue;
    }
    const value = envFrom(run, e);
    if (value !== undefined) env.set(e.name, value);
  }
  return env;
}

function envFrom(run: PodRun, e: EnvVar): string | undefined {
  const from = e.valueFrom!;
  if (from.fieldRef) {
    const fields: Record<string, string | undefined> = {
      'metadata.name': run.podName,
      'metadata.namespace': run.namespace,
      'spec.serviceAccountName': run.template.spec.serviceAccountName ?? 'default',
      'spec.nodeName': 'localhost',
      'status.podIP': POD_IP,
      'status.podIPs': POD_IP,
      'status.hostIP': POD_IP,
      'status.hostIPs': POD_IP,
    };
    const path = from.fieldRef.fieldPath;
    const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
    if (label) return run.template.metadata?.[label[1] as 'labels' | 'annotations']?.[label[2]!] ?? '';
    if (!(path in fields)) throw new PodConfigError(`env ${e.name}: fieldRef ${path} is not supported here`);
    return fields[path];
  }
  const ref = from.secretKeyRef ?? from.configMapKeyRef;
  if (ref) {
    const obj = from.secretKeyRef ? run.secrets?.[ref.name] : run.configMaps?.[ref.name];
    const value = obj ? decoded(obj, Boolean(from.secretKeyRef)).get(ref.key) : undefined;
    if (value === undefined) {
      if (ref.optional) return undefined;
      throw new PodConfigError(`env ${e.name}: key "${ref.key}" of ${from.secretKeyRef ? 'secret' : 'configmap'} "${ref.name}" not found`);
    }
    return value.toString('utf8');
  }
  throw new PodConfigError(`env ${e.name}: this kind of valueFrom is not supported here`);
}

/** Kubernetes' $(VAR) expansion in env values, command and args: $$ escapes, unknown references stay as written. */
export function expandVars(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    return env.get(name) ?? whole;
  });
}

/**
 * The mounts of the container. Secret and ConfigMap volumes, and the ServiceAccount token, are files written under
 * podDir with the volume's modes and the kubelet's ownership (root, group fsGroup, group-readable when fsGroup is
 * set), bind-mounted read-only; emptyDirs are tmpfs; claims are host folders, writable by fsGroup.
 */
function volumeArgs(
  run: PodRun,
  spec: PodSpec,
  container: Container,
  fsGroup: number | undefined,
  dirs: PlannedDir[],
  files: PlannedFile[],
): string[] {
  const args: string[] = [];
  const gid = fsGroup ?? 0;
  const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
  const prepared = new Map<string, string>();

  const writeFiles = (volume: string, data: Map<string, Buffer>, items: KeyToPath[] | undefined, defaultMode: number) => {
    const dir = join(run.podDir, 'volumes', volume);
    // A kubelet's Secret volume is a tmpfs: drwxrwxrwt, and setgid to fsGroup when there is one.
    dirs.push({ path: dir, mode: 0o1777 | (fsGroup !== undefined ? 0o2000 : 0), uid: 0, gid });
    const entries = items ?? [...data.keys()].sort().map((key) => ({ key, path: key, mode: undefined as number | undefined }));
    for (const item of entries) {
      const content = data.get(item.key);
      if (!content) throw new PodConfigError(`volume ${volume}: key "${item.key}" not found`);
      // SetVolumeOwnership on a read-only volume: group fsGroup, and the group may read.
      const mode = (item.mode ?? defaultMode) | (fsGroup !== undefined ? 0o440 : 0);
      const path = join(dir, item.path);
      for (let d = join(path, '..'); d !== dir && d.startsWith(dir); d = join(d, '..')) dirs.push({ path: d, mode: 0o755, uid: 0, gid });
      files.push({ path, content, mode, uid: 0, gid });
    }
    return dir;
  };

  const hostFolder = (name: string): string => {
    const known = prepared.get(name);
    if (known) return known;
    const v = volumes.get(name);
    let dir: string;
    if (v?.secret || v?.configMap) {
      const secret = Boolean(v.secret);
      const ref = secret ? v.secret! : v.configMap!;
      const objName = secret ? v.secret!.secretName : v.configMap!.name;
      const obj = secret ? run.secrets?.[objName] : run.configMaps?.[objName];
      if (!obj && !ref.optional) {
        throw new PodConfigError(
          `MountVolume.SetUp failed for volume "${name}" : ${secret ? 'secret' : 'configmap'} "${objName}" not found`,
        );
      }
      dir = writeFiles(name, obj ? decoded(obj, secret) : new Map(), ref.items, ref.defaultMode ?? 0o644);
    } else if (v?.persistentVolumeClaim || (!v && run.claims?.[name])) {
      const claim = v?.persistentVolumeClaim?.claimName ?? name;
      const host = run.claims?.[claim];
      if (!host) throw new PodConfigError(`volume ${name}: no host folder stands in for claim ${claim}`);
      // SetVolumeOwnership on a writable volume: group fsGroup, setgid, and the group may write.
      dirs.push(fsGroup !== undefined ? { path: host, mode: 0o2775, uid: 0, gid } : { path: host, mode: 0o755, uid: 0, gid: 0 });
      dir = host;
    } else if (name === KUBE_API_ACCESS) {
      if (!run.serviceAccountToken) throw new PodConfigError('the pod mounts a ServiceAccount token: pass serviceAccountToken');
      const { token, caPem } = run.serviceAccountToken;
      const data = new Map([
        ['token', Buffer.from(token)],
        ['ca.crt', Buffer.from(caPem)],
        ['namespace', Buffer.from(run.namespace)],
      ]);
      dir = writeFiles(name, data, undefined, 0o644);
    } else if (!v) {
      throw new PodConfigError(`container ${container.name} mounts volume ${name}, which the pod does not have`);
    } else {
      const type = Object.keys(v).find((k) => k !== 'name');
      throw new PodConfigError(`volume ${name}: ${type} volumes are not supported here`);
    }
    prepared.set(name, dir);
    return dir;
  };

  const mounts = [...(container.volumeMounts ?? [])];
  if (automountsToken(run) && !mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT)) {
    // What the ServiceAccount admission plugin adds to every pod that does not opt out.
    mounts.push({ name: KUBE_API_ACCESS, mountPath: SERVICE_ACCOUNT_MOUNT, readOnly: true });
  }
  for (const m of mounts) {
    const v = volumes.get(m.name);
    if (v?.emptyDir) {
      if (m.subPath) throw new PodConfigError(`volume ${m.name}: subPath on an emptyDir is not supported here`);
      const size = v.emptyDir.sizeLimit ? `,size=${quantity(v.emptyDir.sizeLimit)}` : '';
      // emptyDir is 0777, setgid to fsGroup when there is one.
      args.push('--tmpfs', `${m.mountPath}:rw,exec,nosuid,nodev,mode=${fsGroup !== undefined ? '2777' : '0777'}${size}`);
      continue;
    }
    const dir = hostFolder(m.name);
    // Secret, ConfigMap and projected volumes are always mounted read-only by the kubelet.
    const readOnly = m.readOnly || Boolean(v?.secret || v?.configMap || v?.persistentVolumeClaim?.readOnly) || m.name === KUBE_API_ACCESS;
    const src = m.subPath ? join(dir, m.subPath) : dir;
    args.push('--mount', `type=bind,src=${src},dst=${m.mountPath}${readOnly ? ',ro' : ''}`);
  }
  return args;
}

const KUBE_API_ACCESS = 'kube-api-access';

function automountsToken(run: PodRun): boolean {
  return run.template.spec.automountServiceAccountToken ?? run.serviceAccount?.automountServiceAccountToken ?? true;
}

export interface ProbeRequest {
  kind: 'httpGet' | 'tcpSocket';
  url: string;
  host: string;
  port: number;
  headers: Record<string, string>;
  timeoutMs: number;
}

/**
 * How the kubelet probes: the pod's IP unless the probe names a host, a named port looked up among the container's
 * ports, HTTP unless the scheme says HTTPS (then without verifying the certificate), kube-probe as the User-Agent,
 * one second unless timeoutSeconds says otherwise.
 */
export function probeRequest(container: Container, probe: Probe, kubeMinor = '1.37'): ProbeRequest {
  const target = probe.httpGet ?? probe.tcpSocket;
  if (!target) throw new PodConfigError(`container ${container.name}: only httpGet and tcpSocket probes are supported here`);
  const port =
    typeof target.port === 'number'
      ? target.port
      : /^\d+$/.test(target.port)
        ? Number(target.port)
        : container.ports?.find((p) => p.name === target.port)?.containerPort;
  if (port === undefined)
    throw new PodConfigError(`container ${container.name}: probe port "${target.port}" is not one of its named ports`);
  const host = target.host ?? POD_IP;
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (!probe.httpGet) return { kind: 'tcpSocket', url: `tcp://${host}:${port}`, host, port, headers: {}, timeoutMs };
  const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
  const path = probe.httpGet.path ?? '/';
  const headers: Record<string, string> = { 'User-Agent': `kube-probe/${kubeMinor}`, Accept: '*/*' };
  for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
  return { kind: 'httpGet', url: `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`, host, port, headers, timeoutMs };
}

/** Why a container that died at start did: the sentence to lead its logs with. */
export function diagnose(log: string): string {
  if (/exec format error|exec \S+: no such file or directory|no such file or directory: OCI runtime attempted to invoke/.test(log)) {
    return "the image's entrypoint cannot be executed (exec format / no such file): a dynamically linked binary in an image with no C library, or a binary for another platform; build it static (CGO_ENABLED=0) for the node's platform";
  }
  if (/read-only file system/.test(log)) {
    return 'the container wrote to its read-only root filesystem (read-only file system): give what it writes a volume (an emptyDir) or a flag that points into one';
  }
  if (/permission denied/i.test(log))
    return 'the container was denied a file (permission denied): check the volume modes, fsGroup and runAsUser';
  return 'see its log';
}

/** An object of the manifests, as far as cluster DNS cares. */
export interface NamedObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { serviceName?: string; replicas?: number };
}

/**
 * What cluster DNS would answer for the manifests' objects, all on this machine's loopback: every Service as
 * NAME.NAMESPACE.svc (and .svc.cluster.local), and each pod of a StatefulSet as POD.SERVICE.NAMESPACE.svc.
 */
export function clusterDnsHosts(objects: NamedObject[], address = POD_IP): Record<string, string> {
  const hosts: Record<string, string> = {};
  const add = (name: string) => {
    hosts[name] = address;
    hosts[`${name}.cluster.local`] = address;
  };
  for (const o of objects) {
    const ns = o.metadata.namespace ?? 'default';
    if (o.kind === 'Service') add(`${o.metadata.name}.${ns}.svc`);
    if (o.kind === 'StatefulSet' && o.spec?.serviceName) {
      for (let i = 0; i < (o.spec.replicas ?? 1); i++) add(`${o.metadata.name}-${i}.${o.spec.serviceName}.${ns}.svc`);
    }
  }
  return hosts;
}
