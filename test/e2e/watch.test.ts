import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../src/run/ports.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { eventually, kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { LocalRun, processesRunning } from '../helpers/run-local.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * `run local --watch` as a user lives it: the Cat example served, a field added to its types file, and the new
 * field served by the restarted server without touching apiboot; a broken edit leaves the old server serving.
 */
describe('run local --watch', () => {
  const project = join(tempDir('watch'), 'catdemo');
  const types = join(project, 'pkg/apis/animal/v1alpha1/cat_types.go');
  const server = join(project, 'bin/apiserver');
  let run: LocalRun;
  let k: Kubectl;
  let original = '';

  before(async () => {
    const cp = spawnSync('cp', ['-r', join(REPO_ROOT, 'examples/catdemo'), project]);
    assert.equal(cp.status, 0, String(cp.stderr));
    original = readFileSync(types, 'utf8');
    k = kubectlFor(testbedTool('kubectl'), join(project, '.apiboot/local/kubeconfig'));
    run = new LocalRun(project, ['--watch', '--secure-port', String(await freePort())]);
    await run.start(30 * 60_000);
  });

  after(() => LocalRun.stopAll());

  const restarts = () => run.output().match(/^apiboot: restarted with the change in .+ \((generate .+, )?build .+, restart .+\)$/gm)?.length ?? 0;
  const serverPid = () => processesRunning([server])[0]?.pid;
  const toys = '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"toyful"},"spec":{"name":"Toyful","toys":["mouse"]}}';

  it('watches pkg/apis before it says the server is ready', async () => {
    const line = /^apiboot: watching pkg\/apis: a saved change regenerates, rebuilds and restarts the server$/m;
    await eventually(() => line.test(run.output()), 10_000, 'the watching line');
    // A save made as soon as the ready line shows must start a cycle: the watch is in place before it.
    assert.ok(run.output().search(line) < run.output().search(/^apiboot: ready\./m), `watching before ready:\n${run.output()}`);
    assert.ok(serverPid(), 'the server runs');
  });

  it('serves a field added to the types file after regenerating, rebuilding and restarting', async () => {
    const before = serverPid();
    assert.match(k(['create', '-f', '-'], toys).stderr, /unknown field "spec\.toys"/, 'the field is not served yet');
    writeFileSync(types, original.replace('\tReplicas *int32 `json:"replicas,omitempty"`', '\tReplicas *int32 `json:"replicas,omitempty"`\n\t// Toys are what the Cat plays with.\n\t// +optional\n\tToys []string `json:"toys,omitempty"`'));
    await eventually(() => restarts() === 1, 15 * 60_000, `the restart after the edit:\n${run.output()}`);
    assert.match(run.output(), /^apiboot: pkg\/apis\/animal\/v1alpha1\/cat_types\.go changed$/m);
    assert.notEqual(serverPid(), before, 'a new server process');
    assert.match(k.ok(['explain', 'cats.spec.toys']), /Toys are what the Cat plays with\./);
    k.ok(['create', '-f', '-'], toys);
    assert.equal(k.ok(['get', 'cat', 'toyful', '-o', 'jsonpath={.spec.toys[0]}']), 'mouse');
  });

  it('keeps the old server running and prints the error when the edit does not compile, then recovers', async () => {
    const served = readFileSync(types, 'utf8');
    const before = serverPid();
    writeFileSync(types, served.replace('Toys []string', 'Toys []strin'));
    await eventually(() => /the server keeps running the previous bin\/apiserver/.test(run.output()), 15 * 60_000, `the failed cycle:\n${run.output()}`);
    assert.match(run.output(), /^apiboot: "bash hack\/update-codegen\.sh" failed \(exit code \d+\)/m);
    assert.equal(serverPid(), before, 'the same server process');
    assert.equal(k.ok(['get', 'cat', 'toyful', '-o', 'jsonpath={.spec.toys[0]}']), 'mouse', 'and it still serves');
    writeFileSync(types, served);
    await eventually(() => restarts() === 2, 15 * 60_000, `the restart after the fix:\n${run.output()}`);
    assert.equal(k.ok(['get', 'cat', 'toyful', '-o', 'jsonpath={.spec.toys[0]}']), 'mouse');
  });

  it('rebuilds without regenerating when only a hook\'s body changed, and serves the new behaviour', async () => {
    const before = serverPid();
    writeFileSync(types, readFileSync(types, 'utf8').replace('"a name is required"', '"every cat needs a name"'));
    await eventually(() => restarts() === 3, 15 * 60_000, `the restart after the hook edit:\n${run.output()}`);
    assert.match(run.output(), /^apiboot: only function bodies changed; code generation skipped$/m);
    assert.match(run.output(), /^apiboot: restarted with the change in .+ \(build .+, restart .+\)$/m);
    assert.notEqual(serverPid(), before, 'a new server process');
    const bad = k(['create', '-f', '-'], '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"nameless"},"spec":{}}');
    assert.match(bad.stderr, /spec\.name: Required value: every cat needs a name/);
  });

  it('leaves the server alone when only a test changed, and stops cleanly', async () => {
    const test = join(project, 'pkg/apis/animal/v1alpha1/cat_types_test.go');
    const before = serverPid();
    writeFileSync(test, `${readFileSync(test, 'utf8')}\n// touched\n`);
    await eventually(() => /^apiboot: only tests changed; the server is unchanged$/m.test(run.output()), 60_000, 'the test-only change to be seen');
    assert.equal(serverPid(), before);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(processesRunning([server, join(project, 'bin/etcd')]), [], 'nothing left running');
  });
});
