import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiboot, initProject as initIn, read, refused, snapshot } from '../helpers/cli.js';

/** create resource --storage handler, and a project without etcd: the real binary, files only (--skip-go). */

const CREATE = ['create', 'resource', '--skip-go', '--group', 'metrics', '--version', 'v1alpha1'];
const POD_SUMMARY = [...CREATE, '--kind', 'PodSummary', '--storage', 'handler'];
const initProject = () => initIn('meter', 'cli-handler');

describe('create resource --storage handler', () => {
  it('writes a read-only storage over a handler file, records it in PROJECT, and changes nothing when run again', () => {
    const dir = initProject();
    const r = apiboot(POD_SUMMARY, dir);
    assert.equal(r.status, 0, r.stderr);
    for (const file of ['handler.go', 'handler_test.go', 'storage.go']) {
      assert.match(r.stdout, new RegExp(`^CREATE pkg/registry/metrics/podsummary/${file.replace('.', '\\.')}$`, 'm'));
    }
    assert.match(r.stdout, /edit pkg\/registry\/metrics\/podsummary\/handler\.go/);
    assert.ok(!existsSync(join(dir, 'config/samples')), 'no sample: objects come from the handler');
    assert.match(
      read(dir, 'PROJECT'),
      /kind: PodSummary\n\s+plural: podsummaries\n\s+namespaced: true\n\s+subresources: \[\]\n\s+storageVersion: true\n\s+storage: handler\n\s+verbs:\n\s+- get\n\s+- list\n(?!\s+- watch)/,
      'get and list by default, as metrics-server',
    );
    assert.match(
      read(dir, 'pkg/apiserver/resources.go'),
      /\{groupVersion: metricsv1alpha1\.SchemeGroupVersion, name: "podsummaries", newHandlerStorage: metricspodsummary\.NewStorage\},/,
    );
    const storage = read(dir, 'pkg/registry/metrics/podsummary/storage.go');
    for (const verb of ['Get', 'List']) assert.match(storage, new RegExp(`^func \\(r \\*REST\\) ${verb}\\(`, 'm'));
    for (const verb of ['Watch', 'Create', 'Update', 'Delete'])
      assert.doesNotMatch(storage, new RegExp(`^func \\(r \\*REST\\) ${verb}\\(`, 'm'));
    assert.match(storage, /REST serves podsummaries: get and list\./);
    // The example reads pods through one shared informer of the server's own rate-limited client, and names the
    // rules its ClusterRole would lack.
    const handler = read(dir, 'pkg/registry/metrics/podsummary/handler.go');
    assert.match(handler, /informers\.NewSharedInformerFactoryWithOptions\(client, 0, /);
    assert.match(handler, /config\.QPS, config\.Burst = clusterQPS, clusterBurst/);
    assert.doesNotMatch(handler, /\.Pods\(namespace\)\.List\(ctx/, 'no list of pods per read');
    assert.match(handler, /its ClusterRole needs the rules %s on pods in the core group/);

    const before = snapshot(dir);
    const again = apiboot(POD_SUMMARY, dir);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /No changes/);
    assert.deepEqual(snapshot(dir), before);
  });

  it('keeps an edited handler file, overwrites it with --force, and serves the verbs of --verbs', () => {
    const dir = initProject();
    assert.equal(apiboot(POD_SUMMARY, dir).status, 0);
    const handlerFile = 'pkg/registry/metrics/podsummary/handler.go';
    writeFileSync(join(dir, handlerFile), `${read(dir, handlerFile)}\n// mine\n`);
    const kept = apiboot(POD_SUMMARY, dir);
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(read(dir, handlerFile), /\/\/ mine/);

    refused(
      [...POD_SUMMARY, '--verbs', 'get,list,create'],
      dir,
      /kind PodSummary already exists in metrics\.demo\.io\/v1alpha1 with other settings; pass --force/,
    );
    const forced = apiboot([...POD_SUMMARY, '--verbs', 'delete,get,list,create', '--force'], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.doesNotMatch(read(dir, handlerFile), /\/\/ mine/, '--force overwrites the handler');
    const storage = read(dir, 'pkg/registry/metrics/podsummary/storage.go');
    for (const verb of ['Get', 'List', 'Create', 'Delete']) assert.match(storage, new RegExp(`^func \\(r \\*REST\\) ${verb}\\(`, 'm'));
    for (const verb of ['Watch', 'Update']) assert.doesNotMatch(storage, new RegExp(`^func \\(r \\*REST\\) ${verb}\\(`, 'm'));
    assert.match(read(dir, 'PROJECT'), /verbs:\n\s+- get\n\s+- list\n\s+- create\n\s+- delete\n/, 'verbs in a fixed order');
    assert.match(read(dir, handlerFile), /^func \(h \*handler\) create\(/m);
  });

  it('refuses bad --storage and --verbs, a controller, subresources of a handler kind, and a second version', () => {
    const dir = initProject();
    refused([...CREATE, '--kind', 'PodSummary', '--storage', 'memory'], dir, /--storage/);
    refused(
      [...CREATE, '--kind', 'PodSummary', '--verbs', 'get,list'],
      dir,
      /--verbs chooses the verbs of a handler-backed kind; pass --storage handler with it/,
    );
    refused(
      [...POD_SUMMARY, '--verbs', 'get,patch'],
      dir,
      /The verb "patch" cannot be served by a handler; pass --verbs with some of get, list, watch, create, update, delete\./,
    );
    refused([...POD_SUMMARY, '--verbs', 'list'], dir, /always serves get .* add get to --verbs/);
    refused([...POD_SUMMARY, '--verbs', 'get,watch'], dir, /--verbs with watch needs list too/);
    refused(
      [...POD_SUMMARY, '--controller'],
      dir,
      /PodSummary is served by its handler \(--storage handler\), which computes its objects: it has no status for a controller to set, so it takes no --controller\./,
    );

    assert.equal(apiboot(POD_SUMMARY, dir).status, 0);
    // Nor once it exists.
    refused([...POD_SUMMARY, '--controller'], dir, /it takes no --controller/);
    refused(
      ['create', 'subresource', '--skip-go', '--group', 'metrics', '--version', 'v1alpha1', '--kind', 'PodSummary', '--type', 'scale'],
      dir,
      /PodSummary is served by its handler \(--storage handler\), which serves no subresources; compute what you need in pkg\/registry\/metrics\/podsummary\/handler\.go/,
    );
    refused(
      ['create', 'resource', '--skip-go', '--group', 'metrics', '--version', 'v1beta1', '--kind', 'PodSummary'],
      dir,
      /kind PodSummary exists in metrics\.demo\.io\/v1alpha1, and a kind served by a handler \(--storage handler\) is served in one version only/,
    );
    refused(
      ['storage-version', '--group', 'metrics', '--version', 'v1alpha1', '--kind', 'PodSummary'],
      dir,
      /^Error: PodSummary is served by its handler \(--storage handler\) and not stored in etcd, so it has no storage version\.\n$/,
    );
    // And the other way: an etcd kind does not gain a handler-backed version.
    assert.equal(apiboot([...CREATE, '--kind', 'Gauge'], dir).status, 0);
    refused(
      ['create', 'resource', '--skip-go', '--group', 'metrics', '--version', 'v1beta1', '--kind', 'Gauge', '--storage', 'handler'],
      dir,
      /served in one version only/,
    );
  });
});

describe('a project whose kinds are all handler-backed', () => {
  const CONFIG = [
    'build',
    'config',
    '--name',
    'meter-apiserver',
    '--namespace',
    'meter-system',
    '--image',
    'registry.example.com/meter:v1',
  ];

  it('gets no etcd in build config, and its ClusterRole reads pods; an etcd kind brings etcd back', () => {
    const dir = initProject();
    assert.equal(apiboot(POD_SUMMARY, dir).status, 0);
    const r = apiboot(CONFIG, dir);
    assert.equal(r.status, 0, r.stderr);
    const config = snapshot(join(dir, 'config'));
    assert.deepEqual(
      Object.keys(config).filter((f) => /etcd/.test(f)),
      [],
      'no etcd manifest or certificate',
    );
    // Without the base64 of certificates and caBundles, where "etcd" can turn up by chance in any case.
    const all = Object.values(config)
      .join('\n')
      .replace(/[A-Za-z0-9+/=]{40,}/g, '');
    assert.doesNotMatch(all, /etcd/i, 'no etcd object, flag, volume or Secret');
    assert.match(
      read(dir, 'config/rbac.yaml'),
      /- apiGroups:\n\s+- ""\n\s+resources:\n\s+- pods\n\s+verbs:\n\s+- get\n\s+- list\n\s+- watch\n/,
    );
    assert.match(r.stdout, /^rbac: ClusterRole meter-apiserver may get, list and watch pods in the core group, in every namespace$/m);

    refused(
      [...CONFIG, '--etcd-servers', 'https://etcd:2379'],
      dir,
      /Every kind of this project is served by its handler, so the server uses no etcd; leave out --etcd-servers\./,
    );
    refused([...CONFIG, '--etcd-replicas', '3'], dir, /leave out --etcd-replicas\./);
    refused(['run', 'local', '--etcd-servers', 'http://127.0.0.1:2379', '--no-build'], dir, /uses no etcd; leave out --etcd-servers\./);
    const dry = apiboot(['run', 'local', '--dry-run'], dir);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^Dry run: would build bin\/apiserver, start the server on 127\.0\.0\.1\.$/m);

    assert.equal(apiboot([...CREATE, '--kind', 'Gauge'], dir).status, 0);
    const withEtcd = apiboot(CONFIG, dir);
    assert.equal(withEtcd.status, 0, withEtcd.stderr);
    assert.ok(existsSync(join(dir, 'config/etcd.yaml')), 'etcd is back with a kind stored in it');
    assert.match(read(dir, 'config/deployment.yaml'), /--etcd-servers=https:\/\/meter-apiserver-etcd-0/);
  });
});
