import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { LocalRun, allProcesses } from '../helpers/run-local.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * A project without etcd, the metrics-server shape: the committed golden project meter (PodSummary, namespaced and
 * read-only; NamespaceSummary, cluster-scoped), served by `apiboot run local` with the real Go toolchain and driven
 * with a real kubectl. Its handlers have no cluster here (--standalone), so they serve the server itself.
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
    assert.deepEqual(started.filter(({ cmd }) => /etcd/.test(cmd)), [], 'no etcd process in the project');
    assert.deepEqual(allProcesses().filter(({ cmd }) => cmd.includes(meter) && /etcd/.test(cmd)), [], 'no etcd anywhere for this project');
    assert.ok(!existsSync(join(meter, 'bin/etcd')), 'no etcd was built');
    assert.doesNotMatch(run.output(), /starting etcd/);
  });

  it('lists exactly the verbs served in api-resources, and answers any other verb 405 MethodNotAllowed', () => {
    const wide = k.ok(['api-resources', '--api-group=metrics.demo.io', '--no-headers', '-o', 'wide']);
    assert.match(wide, /^podsummaries\s+metrics\.demo\.io\/v1alpha1\s+true\s+PodSummary\s+get,list,watch\s*$/m);
    assert.match(wide, /^namespacesummaries\s+metrics\.demo\.io\/v1alpha1\s+false\s+NamespaceSummary\s+get,list,watch\s*$/m);
    const create = k(['create', '-f', '-'], '{"apiVersion": "metrics.demo.io/v1alpha1", "kind": "PodSummary", "metadata": {"name": "x", "namespace": "default"}}');
    assert.notEqual(create.status, 0);
    assert.match(create.stderr, /Error from server \(MethodNotAllowed\)/);
    assert.match(k(['delete', 'podsummary', 'meter-apiserver']).stderr, /MethodNotAllowed/);
  });

  it('gets objects as a table with the type\'s columns, as YAML, and by label and field selectors', () => {
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
});
