import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { generateConfig } from '../../src/generators/config/index.js';
import { CERT_MOUNT } from '../../src/manifests/objects.js';
import { LAYOUT, type ProjectRecord } from '../../src/project/record.js';
import { Tree } from '../../src/scaffold/tree.js';
import {
  PodConfigError,
  SERVICE_ACCOUNT_MOUNT,
  clusterDnsHosts,
  diagnose,
  expandVars,
  planPod,
  probeRequest,
  quantity,
  type DataObject,
  type PodPlan,
  type PodRun,
  type PodTemplate,
} from '../helpers/pod.js';

const PROJECT: ProjectRecord = {
  layout: LAYOUT,
  cliVersion: '0.1.0',
  projectName: 'zoo',
  domain: 'demo.io',
  module: 'demo.io/zoo',
  kubernetesVersion: '1.37.2',
  resources: [
    { group: 'animal', version: 'v1alpha1', kind: 'Cat', plural: 'cats', namespaced: true, subresources: [], storageVersion: true },
  ],
};

/** The manifests `build config` writes (with its etcd StatefulSet), and the Secrets its kustomization generates. */
function generated() {
  cached ??= generate();
  return structuredClone(cached);
}
let cached: ReturnType<typeof generate> | undefined;

function generate() {
  const tree = new Tree();
  generateConfig(tree, {
    project: PROJECT,
    name: 'zoo-apiserver',
    namespace: 'zoo-system',
    image: '127.0.0.1:5000/zoo:e2e',
    replicas: 1,
    etcdReplicas: 1,
    etcdImage: 'registry.k8s.io/etcd:3.7.0-0',
  });
  const objects = tree
    .writtenPaths()
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(tree.read(f)!).map((d) => d.toJS()));
  const kustomization = parse(tree.read('kustomization.yaml')!);
  const secrets: Record<string, DataObject> = {};
  for (const g of kustomization.secretGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const entry of g.files as string[]) {
      const [key, file] = entry.split('=') as [string, string];
      data[key] = Buffer.from(tree.read(file)!).toString('base64');
    }
    secrets[g.name] = { data };
  }
  const workload = (kind: string) => objects.find((o) => o.kind === kind);
  return { objects, secrets, deployment: workload('Deployment'), statefulSet: workload('StatefulSet') };
}

const NODE = { root: '/n/storage', runroot: '/n/run', tmpdir: '/n/tmp' };

function run(template: PodTemplate, extra: Partial<PodRun> = {}): PodRun {
  return {
    node: NODE,
    template,
    podName: 'zoo-apiserver-7d9f-x2x4z',
    namespace: 'zoo-system',
    imageUser: '65532:65532',
    limits: { nofile: 20000, nproc: 32768 },
    podDir: '/p',
    ...extra,
  };
}

/** The value after each occurrence of a flag. */
function values(plan: PodPlan, flag: string): string[] {
  return plan.argv.flatMap((a, i) => (a === flag ? [plan.argv[i + 1]!] : []));
}

/** The arguments after the image: the container's args. */
function containerArgs(plan: PodPlan): string[] {
  return plan.argv.slice(plan.argv.lastIndexOf(plan.container.image) + 1);
}

describe('a generated pod template as a podman invocation', () => {
  it("runs the server Deployment's container with its security context, mounts, token, args and limits", () => {
    const { deployment, secrets } = generated();
    const template = deployment.spec.template;
    const plan = planPod(
      run(template, {
        secrets,
        serviceAccountToken: { token: 'sa-token', caPem: 'CLUSTER CA' },
        kubernetes: { host: '127.0.0.1', port: 6443 },
        extraArgs: ['--bind-address=127.0.0.1'],
      }),
    );
    const c = template.spec.containers[0];
    assert.deepEqual(plan.argv.slice(0, 20), [
      'podman',
      '--storage-driver',
      'vfs',
      '--root',
      '/n/storage',
      '--runroot',
      '/n/run',
      '--tmpdir',
      '/n/tmp',
      '--runtime',
      '/usr/sbin/runc',
      '--cgroup-manager',
      'cgroupfs',
      '--events-backend',
      'file',
      'run',
      '--rm',
      '-d',
      '--name',
      'k8s_apiserver_zoo-apiserver-7d9f-x2x4z_zoo-system',
    ]);
    for (const flags of [
      ['--network', 'host'],
      ['--pull', 'never'],
      ['--user', '65532:65532'],
      ['--group-add', '65532'],
      ['--read-only', '--read-only-tmpfs=false'],
      ['--cap-drop', 'ALL'],
      ['--security-opt', 'no-new-privileges'],
      ['--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=32768:32768'],
      ['--memory', String(512 * 1024 * 1024)],
    ]) {
      const at = plan.argv.findIndex((_, i) => flags.every((f, j) => plan.argv[i + j] === f));
      assert.ok(at > 0, `${flags.join(' ')} in ${plan.argv.join(' ')}`);
    }
    // RuntimeDefault seccomp is podman's default profile: no option turns it off.
    assert.ok(!plan.argv.includes('seccomp=unconfined'));
    // The image, then exactly the manifest's args, then what the test bed adds.
    assert.equal(plan.argv.at(-c.args.length - 2), c.image);
    assert.deepEqual(containerArgs(plan), [...c.args, '--bind-address=127.0.0.1']);
    assert.ok(!plan.argv.includes('--entrypoint'), "no command: the image's ENTRYPOINT runs");
    assert.deepEqual(
      values(plan, '--env').filter((e) => e.startsWith('KUBERNETES_SERVICE_')),
      ['KUBERNETES_SERVICE_HOST=127.0.0.1', 'KUBERNETES_SERVICE_PORT=6443', 'KUBERNETES_SERVICE_PORT_HTTPS=6443'],
    );
    assert.deepEqual(values(plan, '--tmpfs'), ['/tmp:rw,exec,nosuid,nodev,mode=2777']);
    const mounts = values(plan, '--mount');
    assert.ok(mounts.includes(`type=bind,src=/p/volumes/serving-cert,dst=${CERT_MOUNT},ro`), mounts.join('\n'));
    assert.ok(mounts.includes(`type=bind,src=/p/volumes/kube-api-access,dst=${SERVICE_ACCOUNT_MOUNT},ro`), mounts.join('\n'));
    // Secret files: the Secret's bytes, the volume's mode (0644 by default) made group-readable, group fsGroup, owner root.
    const file = (p: string) => plan.files.find((f) => f.path === p)!;
    const key = file('/p/volumes/serving-cert/tls.key');
    const volume = template.spec.volumes.find((v: { name: string }) => v.name === 'serving-cert');
    assert.equal(key.content.toString('base64'), secrets[volume.secret.secretName]!.data!['tls.key']);
    assert.deepEqual([key.mode, key.uid, key.gid], [(volume.secret.defaultMode ?? 0o644) | 0o440, 0, 65532]);
    assert.deepEqual(
      plan.files
        .filter((f) => f.path.startsWith('/p/volumes/kube-api-access/'))
        .map((f) => [f.path.split('/').pop(), f.content.toString()]),
      [
        ['ca.crt', 'CLUSTER CA'],
        ['namespace', 'zoo-system'],
        ['token', 'sa-token'],
      ],
    );
    assert.deepEqual(
      plan.dirs.find((d) => d.path === '/p/volumes/serving-cert'),
      { path: '/p/volumes/serving-cert', mode: 0o3777, uid: 0, gid: 65532 },
    );
  });

  it("runs the etcd StatefulSet's container with its command, expanded args, claim and no token", () => {
    const { statefulSet, objects, secrets } = generated();
    const template = statefulSet.spec.template;
    const c = template.spec.containers[0];
    const hosts = clusterDnsHosts(objects);
    const plan = planPod(
      run(template, { podName: 'zoo-apiserver-etcd-0', imageUser: '', secrets, claims: { data: '/claims/data' }, hosts }),
    );
    assert.deepEqual(values(plan, '--entrypoint'), [JSON.stringify(c.command)]);
    const expected = (c.args as string[]).map((a) =>
      a.replaceAll('$(POD_NAME)', 'zoo-apiserver-etcd-0').replaceAll('0.0.0.0', '127.0.0.1'),
    );
    assert.deepEqual(containerArgs(plan), expected);
    assert.ok(containerArgs(plan).includes('--name=zoo-apiserver-etcd-0'));
    assert.ok(!containerArgs(plan).some((a) => a.includes('0.0.0.0')), 'nothing listens beyond loopback');
    assert.ok(values(plan, '--env').includes('POD_NAME=zoo-apiserver-etcd-0'));
    assert.ok(!values(plan, '--env').some((e) => e.startsWith('KUBERNETES_')), 'no kubernetes Service given');
    assert.ok(values(plan, '--mount').includes('type=bind,src=/claims/data,dst=/var/lib/etcd'));
    assert.ok(!values(plan, '--mount').some((m) => m.includes(SERVICE_ACCOUNT_MOUNT)), 'automountServiceAccountToken: false');
    assert.deepEqual(
      plan.dirs.find((d) => d.path === '/claims/data'),
      { path: '/claims/data', mode: 0o2775, uid: 0, gid: 65532 },
    );
    assert.deepEqual(values(plan, '--user'), ['65532:65532'], 'runAsUser covers an image with no USER');
    assert.ok(values(plan, '--add-host').includes('zoo-apiserver-etcd-0.zoo-apiserver-etcd.zoo-system.svc:127.0.0.1'));
    assert.ok(values(plan, '--add-host').includes('zoo-apiserver-etcd.zoo-system.svc:127.0.0.1'));
    assert.equal(values(plan, '--hostname')[0], 'zoo-apiserver-etcd-0');
  });

  it('refuses a non-root pod whose image runs as root, or whose user it cannot verify, as the kubelet does', () => {
    const { deployment } = generated();
    const template = structuredClone(deployment.spec.template);
    delete template.spec.securityContext.runAsUser;
    const refused = (imageUser: string, message: RegExp) =>
      assert.throws(
        () => planPod(run(template, { imageUser })),
        (e: Error) => e instanceof PodConfigError && message.test(e.message),
      );
    refused('', /^container has runAsNonRoot and image will run as root \(pod: "zoo-apiserver-7d9f-x2x4z", container: apiserver\)$/);
    refused('0:0', /image will run as root/);
    refused('nonroot', /image has non-numeric user \(nonroot\), cannot verify user is non-root/);
    // The image's numeric user passes; with runAsUser set, the image's user does not matter, unless it is 0.
    assert.ok(
      planPod(run(template, { imageUser: '65532', secrets: generated().secrets, serviceAccountToken: { token: 't', caPem: 'c' } })),
    );
    template.spec.securityContext.runAsUser = 0;
    refused('65532', /^container's runAsUser breaks non-root policy/);
  });

  it('writes Secret items at their paths with their modes, group-readable for fsGroup, and refuses a missing Secret', () => {
    const template: PodTemplate = {
      spec: {
        securityContext: { runAsUser: 1000, fsGroup: 2000 },
        containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 's', mountPath: '/s' }] }],
        volumes: [
          {
            name: 's',
            secret: {
              secretName: 'creds',
              defaultMode: 0o400,
              items: [
                { key: 'a', path: 'x/a.pem' },
                { key: 'b', path: 'b', mode: 0o600 },
              ],
            },
          },
        ],
      },
    };
    const secrets = { creds: { data: { a: Buffer.from('A').toString('base64'), b: Buffer.from('B').toString('base64'), c: 'Qw==' } } };
    const plan = planPod(run(template, { secrets, serviceAccountToken: { token: 't', caPem: 'c' } }));
    assert.deepEqual(
      plan.files.filter((f) => f.path.startsWith('/p/volumes/s/')).map((f) => [f.path, f.content.toString(), f.mode.toString(8), f.gid]),
      [
        ['/p/volumes/s/x/a.pem', 'A', '440', 2000],
        ['/p/volumes/s/b', 'B', '640', 2000],
      ],
    );
    assert.ok(plan.dirs.some((d) => d.path === '/p/volumes/s/x'));
    assert.deepEqual(values(plan, '--group-add'), ['2000']);
    assert.deepEqual(values(plan, '--user'), ['1000']);
    // Without fsGroup the mode is the volume's alone: 0400 root-owned files a non-root user cannot read.
    delete template.spec.securityContext!.fsGroup;
    const bare = planPod(run(template, { secrets, serviceAccountToken: { token: 't', caPem: 'c' } }));
    assert.deepEqual(
      bare.files.filter((f) => f.path.startsWith('/p/volumes/s/')).map((f) => [f.mode.toString(8), f.uid, f.gid]),
      [
        ['400', 0, 0],
        ['600', 0, 0],
      ],
    );
    assert.throws(
      () => planPod(run(template, { secrets: {} })),
      /^Error: MountVolume.SetUp failed for volume "s" : secret "creds" not found$/,
    );
  });

  it('expands $(VAR) as Kubernetes does, from env, fieldRefs and Secret keys', () => {
    const env = new Map([
      ['A', 'x'],
      ['B', 'y'],
    ]);
    assert.equal(expandVars('$(A)-$(B)-$(C)-$$(A)-$$', env), 'x-y-$(C)-$(A)-$');
    const template: PodTemplate = {
      metadata: { labels: { app: 'zoo' } },
      spec: {
        automountServiceAccountToken: false,
        containers: [
          {
            name: 'c',
            image: 'i',
            command: ['/bin/x', '--ns=$(NS)'],
            args: ['$(GREETING)', '$(APP)', '$(PASS)'],
            env: [
              { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              { name: 'GREETING', value: 'hello-$(NS)' },
              { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
              { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'p' } } },
            ],
          },
        ],
      },
    };
    const plan = planPod(run(template, { imageUser: '1', secrets: { creds: { data: { p: Buffer.from('s3cret').toString('base64') } } } }));
    assert.deepEqual(values(plan, '--entrypoint'), ['["/bin/x","--ns=zoo-system"]']);
    assert.deepEqual(containerArgs(plan), ['hello-zoo-system', 'zoo', 's3cret']);
    assert.ok(values(plan, '--security-opt').includes('seccomp=unconfined'), "no seccompProfile: the kubelet's default is Unconfined");
  });

  it('probes as the kubelet does: named ports, scheme, path, timeout, kube-probe user agent', () => {
    const { deployment, statefulSet } = generated();
    const server = deployment.spec.template.spec.containers[0];
    const live = probeRequest(server, server.livenessProbe);
    assert.deepEqual(
      [live.kind, live.url, live.timeoutMs, live.headers['User-Agent']],
      ['httpGet', 'https://127.0.0.1:8443/livez', 5000, 'kube-probe/1.37'],
    );
    assert.equal(probeRequest(server, server.readinessProbe).url, 'https://127.0.0.1:8443/readyz');
    const etcd = statefulSet.spec.template.spec.containers[0];
    const port = etcd.ports.find((p: { name: string }) => p.name === etcd.readinessProbe.httpGet.port).containerPort;
    assert.match(probeRequest(etcd, etcd.readinessProbe).url, new RegExp(`^https?://127\\.0\\.0\\.1:${port}/readyz$`));
    assert.equal(probeRequest(etcd, etcd.readinessProbe).timeoutMs, 1000, 'timeoutSeconds defaults to 1');
    assert.throws(
      () => probeRequest({ name: 'c', image: 'i' }, { httpGet: { port: 'web' } }),
      /probe port "web" is not one of its named ports/,
    );
    assert.deepEqual(probeRequest({ name: 'c', image: 'i' }, { tcpSocket: { port: 80 } }).url, 'tcp://127.0.0.1:80');
  });

  it('names what broke when a container dies at start', () => {
    assert.match(diagnose('exec /apiserver: no such file or directory\n'), /\(exec format \/ no such file\): a dynamically linked binary/);
    assert.match(diagnose('standard_init_linux.go:228: exec user process caused: exec format error'), /exec format \/ no such file/);
    assert.match(
      diagnose('unable to create self-signed certificates: mkdir apiserver.local.config: read-only file system'),
      /wrote to its read-only root filesystem \(read-only file system\)/,
    );
    assert.equal(diagnose('panic: boom'), 'see its log');
  });

  it('reads quantities and refuses volumes it cannot play', () => {
    assert.deepEqual([quantity('512Mi'), quantity('1Gi'), quantity('500m'), quantity('2')], [536870912, 1073741824, 0.5, 2]);
    const template: PodTemplate = {
      spec: {
        automountServiceAccountToken: false,
        containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'h', mountPath: '/h' }] }],
        volumes: [{ name: 'h', hostPath: { path: '/' } }],
      },
    };
    assert.throws(() => planPod(run(template)), /volume h: hostPath volumes are not supported here/);
    template.spec.volumes = [];
    assert.throws(() => planPod(run(template)), /mounts volume h, which the pod does not have/);
  });
});
