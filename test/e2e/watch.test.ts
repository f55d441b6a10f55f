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
 * `run local --watch` as a user lives it: the Cat example (with its controller) served, a field added to its types
 * file, and the new field served by the restarted server and known to the restarted controller manager without
 * touching apiboot, the typed clients catching up in the background; a broken edit leaves the old processes
 * running; an edit of the reconciler restarts the controller manager alone, which then acts as edited.
 */
describe('run local --watch', () => {
  const project = join(tempDir('watch'), 'catdemo');
  const types = join(project, 'pkg/apis/animal/v1alpha1/cat_types.go');
  const reconciler = join(project, 'pkg/controller/animal/cat_controller.go');
  const server = join(project, 'bin/apiserver');
  const controllerManager = join(project, 'bin/controller-manager');
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

  const restarts = () =>
    run
      .output()
      .match(
        /^apiboot: restarted (the server|the controller manager|the server and the controller manager) with the change in .+ \((generate .+, )?build .+, restart .+\)$/gm,
      )?.length ?? 0;
  const lastRestart = () => [...run.output().matchAll(/^apiboot: restarted .+$/gm)].pop()?.[0] ?? '';
  const serverPid = () => processesRunning([server])[0]?.pid;
  const controllerPid = () => processesRunning([controllerManager])[0]?.pid;
  const readyMessage = (name: string) => () => {
    const cat = JSON.parse(k.ok(['get', 'cat', name, '-o', 'json']));
    return (cat.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready')?.message;
  };
  const toys =
    '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"toyful"},"spec":{"name":"Toyful","toys":["mouse"]}}';

  it('watches pkg/apis and pkg/controller before it says the server is ready', async () => {
    const line =
      /^apiboot: watching pkg\/apis and pkg\/controller: a saved change under pkg\/apis regenerates, rebuilds and restarts the server and the controller manager, one under pkg\/controller rebuilds and restarts the controller manager$/m;
    await eventually(() => line.test(run.output()), 10_000, 'the watching line');
    // A save made as soon as the ready line shows must start a cycle: the watch is in place before it.
    assert.ok(run.output().search(line) < run.output().search(/^apiboot: ready\./m), `watching before ready:\n${run.output()}`);
    assert.ok(serverPid(), 'the server runs');
    assert.ok(controllerPid(), 'the controller manager runs');
  });

  it('serves a field added to the types file after regenerating, rebuilding and restarting both, then regenerates the typed clients', async () => {
    const before = { server: serverPid(), controller: controllerPid() };
    const applyConfiguration = join(project, 'pkg/generated/applyconfiguration/animal/v1alpha1/catspec.go');
    assert.doesNotMatch(readFileSync(applyConfiguration, 'utf8'), /WithToys/);
    assert.match(k(['create', '-f', '-'], toys).stderr, /unknown field "spec\.toys"/, 'the field is not served yet');
    writeFileSync(
      types,
      original.replace(
        '\tReplicas *int32 `json:"replicas,omitempty"`',
        '\tReplicas *int32 `json:"replicas,omitempty"`\n\t// Toys are what the Cat plays with.\n\t// +optional\n\tToys []string `json:"toys,omitempty"`',
      ),
    );
    await eventually(() => restarts() === 1, 15 * 60_000, `the restart after the edit:\n${run.output()}`);
    assert.match(run.output(), /^apiboot: pkg\/apis\/animal\/v1alpha1\/cat_types\.go changed$/m);
    assert.match(
      lastRestart(),
      /^apiboot: restarted the server and the controller manager with the change in .+ \(generate .+, build .+, restart .+\)$/,
    );
    assert.notEqual(serverPid(), before.server, 'a new server process');
    assert.notEqual(controllerPid(), before.controller, 'a new controller manager process');
    assert.match(k.ok(['explain', 'cats.spec.toys']), /Toys are what the Cat plays with\./);
    k.ok(['create', '-f', '-'], toys);
    assert.equal(k.ok(['get', 'cat', 'toyful', '-o', 'jsonpath={.spec.toys[0]}']), 'mouse');
    // The restarted controller manager reads the new field's Cat and reconciles it.
    await eventually(() => readyMessage('toyful')() === 'The Cat has been reconciled.', 30_000, 'the Cat reconciled');
    // The typed clients are regenerated after the restart, off the path from the save to the new server.
    assert.ok(
      run.output().indexOf('regenerating the typed clients in the background') > run.output().search(/^apiboot: restarted the server and/m),
      'after the restart',
    );
    await eventually(
      () => /^apiboot: typed clients regenerated in .+$/m.test(run.output()),
      15 * 60_000,
      `the typed clients:\n${run.output()}`,
    );
    assert.match(readFileSync(applyConfiguration, 'utf8'), /func \(b \*CatSpecApplyConfiguration\) WithToys\(values \.\.\.string\)/);
  });

  it('keeps the old processes running and prints the error when the edit does not compile, then recovers', async () => {
    const served = readFileSync(types, 'utf8');
    const before = { server: serverPid(), controller: controllerPid() };
    writeFileSync(types, served.replace('Toys []string', 'Toys []strin'));
    await eventually(
      () =>
        /^apiboot: the server and the controller manager keep running the previous bin\/apiserver and bin\/controller-manager; fix the error and save again$/m.test(
          run.output(),
        ),
      15 * 60_000,
      `the failed cycle:\n${run.output()}`,
    );
    assert.match(run.output(), /^apiboot: "bash hack\/update-codegen\.sh --no-clients" failed \(exit code \d+\)/m);
    assert.equal(serverPid(), before.server, 'the same server process');
    assert.equal(controllerPid(), before.controller, 'the same controller manager process');
    assert.equal(k.ok(['get', 'cat', 'toyful', '-o', 'jsonpath={.spec.toys[0]}']), 'mouse', 'and it still serves');
    writeFileSync(types, served);
    await eventually(() => restarts() === 2, 15 * 60_000, `the restart after the fix:\n${run.output()}`);
    assert.equal(k.ok(['get', 'cat', 'toyful', '-o', 'jsonpath={.spec.toys[0]}']), 'mouse');
  });

  it("rebuilds without regenerating when only a hook's body changed, and serves the new behaviour", async () => {
    const before = serverPid();
    writeFileSync(types, readFileSync(types, 'utf8').replace('"a name is required"', '"every cat needs a name"'));
    await eventually(() => restarts() === 3, 15 * 60_000, `the restart after the hook edit:\n${run.output()}`);
    assert.match(run.output(), /^apiboot: only function bodies changed; code generation skipped$/m);
    assert.match(
      lastRestart(),
      /^apiboot: restarted the server and the controller manager with the change in .+ \(build .+, restart .+\)$/,
    );
    assert.notEqual(serverPid(), before, 'a new server process');
    const bad = k(['create', '-f', '-'], '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"nameless"},"spec":{}}');
    assert.match(bad.stderr, /spec\.name: Required value: every cat needs a name/);
  });

  it('rebuilds and restarts only the controller manager when the reconciler changed, which then acts as edited', async () => {
    const source = readFileSync(reconciler, 'utf8');
    // A reconciler that does not compile: the controller manager keeps running, and so does the server.
    const before = { server: serverPid(), controller: controllerPid() };
    writeFileSync(
      reconciler,
      source.replace('obj.Status.ObservedGeneration = obj.Generation', 'obj.Status.ObservedGeneration = obj.Generation + "x"'),
    );
    await eventually(
      () =>
        /^apiboot: the controller manager keeps running the previous bin\/controller-manager; fix the error and save again$/m.test(
          run.output(),
        ),
      15 * 60_000,
      `the failed cycle:\n${run.output()}`,
    );
    assert.deepEqual({ server: serverPid(), controller: controllerPid() }, before, 'the same processes');

    writeFileSync(reconciler, source.replace('"The Cat has been reconciled."', '"The edited controller saw this Cat."'));
    await eventually(() => restarts() === 4, 15 * 60_000, `the restart after the reconciler edit:\n${run.output()}`);
    assert.match(run.output(), /^apiboot: pkg\/controller\/animal\/cat_controller\.go changed$/m);
    assert.match(
      lastRestart(),
      /^apiboot: restarted the controller manager with the change in .+ \(build .+, restart .+\)$/,
      'no code generation',
    );
    assert.equal(serverPid(), before.server, 'the same server process');
    assert.notEqual(controllerPid(), before.controller, 'a new controller manager process');
    k.ok(
      ['create', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"edited"},"spec":{"name":"Edited"}}',
    );
    await eventually(
      () => readyMessage('edited')() === 'The edited controller saw this Cat.',
      30_000,
      `the new condition message:\n${run.output()}`,
    );
  });

  it('leaves the processes alone when only a test changed, and stops cleanly', async () => {
    const test = join(project, 'pkg/controller/animal/cat_controller_test.go');
    const before = { server: serverPid(), controller: controllerPid() };
    writeFileSync(test, `${readFileSync(test, 'utf8')}\n// touched\n`);
    await eventually(
      () => /^apiboot: only tests changed; nothing to rebuild$/m.test(run.output()),
      60_000,
      'the test-only change to be seen',
    );
    assert.deepEqual({ server: serverPid(), controller: controllerPid() }, before);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(processesRunning([server, controllerManager, join(project, 'bin/etcd')]), [], 'nothing left running');
  });
});
