import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APIBOOT, REPO_ROOT, tempDir } from '../helpers/cli.js';
import { kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { LocalRun, allProcesses } from '../helpers/run-local.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * A project without etcd, the metrics-server shape: the committed golden project meter (PodSummary, namespaced and
 * read-only; NamespaceSummary, cluster-scoped), served by `apiboot run local` with the real Go toolchain and driven
 * with a real kubectl. Its handlers have no cluster here (--standalone), so they serve the server itself. The test adds
 * Tally, a handler kind that serves every verb, with the real CLI before the run, for what clients that write and
 * watch need.
 */

const meter = join(tempDir('e2e-handler'), 'meter');
const PORT = '19453';

/** The processes whose working folder is dir: what run local started there. */
function processesIn(dir: string): Array<{ pid: number; cmd: string }> {
  return allProcesses().filter(({ pid }) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === dir;
    } catch {
      return false;
    }
  });
}

describe('run local of a project whose kinds are all handler-backed', () => {
  let k: Kubectl;
  let run: LocalRun;

  before(async () => {
    const copied = spawnSync('cp', ['-a', join(REPO_ROOT, 'test/golden/meter'), meter]);
    assert.equal(copied.status, 0, String(copied.stderr));
    const tally = spawnSync(
      process.execPath,
      [
        APIBOOT,
        'create',
        'resource',
        '--group',
        'metrics',
        '--version',
        'v1alpha1',
        '--kind',
        'Tally',
        '--storage',
        'handler',
        '--verbs',
        'get,list,watch,create,update,delete',
      ],
      { cwd: meter, encoding: 'utf8' },
    );
    assert.equal(tally.status, 0, tally.stderr + tally.stdout);
    k = kubectlFor(testbedTool('kubectl'), join(meter, '.apiboot/local/kubeconfig'));
    run = new LocalRun(meter, ['--secure-port', PORT]);
    await run.start(20 * 60_000);
  });

  after(() => LocalRun.stopAll());

  it('starts no etcd: the server runs alone, without any etcd flag', () => {
    const started = processesIn(meter);
    const server = started.filter(({ cmd }) => cmd.startsWith(`${join(meter, 'bin/apiserver')} `));
    assert.equal(server.length, 1, `the server runs: ${JSON.stringify(started)}`);
    assert.doesNotMatch(server[0]!.cmd, /etcd/, 'no etcd flag');
    assert.deepEqual(
      started.filter(({ cmd }) => /etcd/.test(cmd)),
      [],
      'no etcd process in the project',
    );
    assert.deepEqual(
      allProcesses().filter(({ cmd }) => cmd.includes(meter) && /etcd/.test(cmd)),
      [],
      'no etcd anywhere for this project',
    );
    assert.ok(!existsSync(join(meter, 'bin/etcd')), 'no etcd was built');
    assert.doesNotMatch(run.output(), /starting etcd/);
  });

  it('lists exactly the verbs served in api-resources, and answers any other verb 405 MethodNotAllowed', () => {
    const wide = k.ok(['api-resources', '--api-group=metrics.demo.io', '--no-headers', '-o', 'wide']);
    assert.match(wide, /^podsummaries\s+metrics\.demo\.io\/v1alpha1\s+true\s+PodSummary\s+get,list\s*$/m);
    assert.match(wide, /^namespacesummaries\s+metrics\.demo\.io\/v1alpha1\s+false\s+NamespaceSummary\s+get,list\s*$/m);
    assert.match(wide, /^tallies\s+metrics\.demo\.io\/v1alpha1\s+true\s+Tally\s+create,delete,get,list,patch,update,watch\s*$/m);
    const create = k(
      ['create', '-f', '-'],
      '{"apiVersion": "metrics.demo.io/v1alpha1", "kind": "PodSummary", "metadata": {"name": "x", "namespace": "default"}}',
    );
    assert.notEqual(create.status, 0);
    assert.match(create.stderr, /Error from server \(MethodNotAllowed\)/);
    assert.match(k(['delete', 'podsummary', 'meter-apiserver']).stderr, /MethodNotAllowed/);
  });

  it("gets objects as a table with the type's columns, as YAML, and by label and field selectors", () => {
    const table = k.ok(['get', 'podsummaries']);
    assert.match(table, /^NAME\s+PHASE\s+READY\s+RESTARTS\s+AGE\n/);
    assert.match(table, /^meter-apiserver\s+Running\s+1\/1\s+0\s+\d+s\n$/m);
    assert.match(k.ok(['get', 'podsummaries', '-o', 'wide']), /^NAME\s+PHASE\s+READY\s+RESTARTS\s+NODE\s+AGE\n/);
    const yaml = k.ok(['get', 'podsummary', 'meter-apiserver', '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: metrics\.demo\.io\/v1alpha1\nkind: PodSummary\n/);
    assert.match(yaml, /^status:\n\s+node: localhost\n\s+phase: Running\n\s+ready: 1\/1\n/m);
    const names = (args: string[]) => k.ok(['get', 'podsummaries', '-o', 'name', ...args]);
    assert.equal(names(['-l', 'app.kubernetes.io/component=apiserver']), 'podsummary.metrics.demo.io/meter-apiserver\n');
    assert.equal(names(['-l', 'app.kubernetes.io/component=etcd']), '');
    assert.equal(names(['--field-selector', 'status.phase=Running']), 'podsummary.metrics.demo.io/meter-apiserver\n');
    assert.equal(names(['--field-selector', 'status.phase=Pending']), '');
    assert.match(k(['get', 'podsummaries', '--field-selector', 'spec.name=x']).stderr, /field label not supported: spec\.name/);
    assert.match(k(['get', 'podsummary', 'missing']).stderr, /NotFound.*podsummaries\.metrics\.demo\.io "missing" not found/);
    assert.match(k.ok(['get', 'namespacesummaries']), /^NAME\s+PODS\s+RUNNING\s+RESTARTS\s+AGE\ndefault\s+1\s+1\s+0\s/);
  });

  it('explains the kinds from the published OpenAPI', () => {
    const explained = k.ok(['explain', 'podsummaries.status']);
    assert.match(explained, /KIND:\s+PodSummary/);
    assert.match(explained, /ready\s+<string>\n\s+Ready is the number of ready containers over all containers/);
    assert.match(k.ok(['explain', 'namespacesummaries.status.running']), /Running is the number of pods in the Running phase/);
  });

  const tally = (name: string, labels: Record<string, string> = {}) =>
    JSON.stringify({ apiVersion: 'metrics.demo.io/v1alpha1', kind: 'Tally', metadata: { name, namespace: 'default', labels } });

  it("syncs the generated typed informer of a handler kind within a second, with client-go's WatchListClient on and off", (t) => {
    const dir = join(meter, 'hack/informer-sync');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(REPO_ROOT, 'test/e2e/fixtures/informer-sync/main.go'), join(dir, 'main.go'));
    const built = spawnSync('go', ['build', '-o', join(meter, 'bin/informer-sync'), './hack/informer-sync'], {
      cwd: meter,
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, built.stderr);
    for (const watchList of ['true', 'false']) {
      const r = spawnSync(join(meter, 'bin/informer-sync'), [join(meter, '.apiboot/local/kubeconfig')], {
        encoding: 'utf8',
        env: { ...process.env, KUBE_FEATURE_WatchListClient: watchList },
        timeout: 30_000,
      });
      assert.equal(r.status, 0, `WatchListClient=${watchList}: ${r.stderr}`);
      const ms = Number(/^synced (\d+) ms, \d+ tallies$/m.exec(r.stdout)?.[1]);
      t.diagnostic(`WatchListClient=${watchList}: synced in ${ms} ms`);
      assert.ok(ms < 1000, `WatchListClient=${watchList}: synced in ${ms} ms, want under a second: ${r.stdout}`);
    }
  });

  it("sends a watch from a list's resourceVersion what was created between them", () => {
    const list = JSON.parse(k.ok(['get', '--raw', '/apis/metrics.demo.io/v1alpha1/namespaces/default/tallies']));
    const rv = list.metadata.resourceVersion as string;
    assert.match(rv, /^\d+$/);
    k.ok(['create', '-f', '-'], tally('between'));
    const events = k.ok([
      'get',
      '--raw',
      `/apis/metrics.demo.io/v1alpha1/namespaces/default/tallies?watch=1&resourceVersion=${rv}&timeoutSeconds=2`,
    ]);
    const added = events
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((e) => e.type === 'ADDED')
      .map((e) => e.object.metadata.name);
    assert.deepEqual(added, ['between']);
    // A version from before the window, or from another run of the server, is answered 410 Gone: clients list again.
    assert.match(
      k(['get', '--raw', '/apis/metrics.demo.io/v1alpha1/namespaces/default/tallies?watch=1&resourceVersion=1&timeoutSeconds=2']).stderr,
      /Expired|Gone|too old/,
    );
    k.ok(['delete', 'tally', 'between', '-n', 'default']);
  });

  it('leaves objects unchanged on kubectl create and delete --dry-run=server', () => {
    k.ok(['create', '--dry-run=server', '-f', '-'], tally('dry'));
    assert.match(k(['get', 'tally', 'dry', '-n', 'default']).stderr, /NotFound/);
    k.ok(['create', '-f', '-'], tally('kept'));
    const before = k.ok(['get', 'tally', 'kept', '-n', 'default', '-o', 'json']);
    assert.match(
      k.ok(['delete', 'tally', 'kept', '-n', 'default', '--dry-run=server']),
      /"kept" deleted from default namespace \(server dry run\)/,
    );
    assert.equal(k.ok(['get', 'tally', 'kept', '-n', 'default', '-o', 'json']), before);
    k.ok(['delete', 'tally', 'kept', '-n', 'default']);
    assert.match(k(['get', 'tally', 'kept', '-n', 'default']).stderr, /NotFound/);
  });

  it('applies a changed object twice in a row, and answers a stale resourceVersion 409 Conflict', () => {
    k.ok(['apply', '-f', '-'], tally('applied', { round: '0' }));
    const first = JSON.parse(k.ok(['get', 'tally', 'applied', '-n', 'default', '-o', 'json']));
    for (const round of ['1', '2']) {
      k.ok(['apply', '-f', '-'], tally('applied', { round }));
      assert.equal(k.ok(['get', 'tally', 'applied', '-n', 'default', '-o', 'jsonpath={.metadata.labels.round}']), round);
    }
    first.metadata.labels.round = 'stale';
    const stale = k(['replace', '-f', '-'], JSON.stringify(first));
    assert.notEqual(stale.status, 0);
    assert.match(stale.stderr, /Conflict.*the object has been modified/s);
    k.ok(['delete', 'tally', 'applied', '-n', 'default']);
  });
});
