import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiboot, REPO_ROOT, sh, tempDir } from '../helpers/cli.js';
import { eventually, kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { LocalRun, processesRunning } from '../helpers/run-local.js';
import { Processes, startEtcd } from '../helpers/processes.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * The product end to end: copies of the committed golden projects (test/e2e/golden.test.ts checks they are what
 * apiboot generates), regenerated and built with the real Go toolchain, and the zoo project (two groups, four kinds)
 * served by `apiboot run local` (a real etcd built from the project's own module graph) and driven with a real kubectl.
 */

const work = tempDir('e2e');
const zoo = join(work, 'zoo');
const PORT = '19443';
sh('cp', ['-a', join(REPO_ROOT, 'test/golden/zoo'), zoo], REPO_ROOT);
sh('cp', ['-a', join(REPO_ROOT, 'examples/catdemo'), join(work, 'catdemo')], REPO_ROOT);

describe('generate and build executables', () => {
  const catdemo = join(work, 'catdemo');
  const types = join(catdemo, 'pkg/apis/animal/v1alpha1/cat_types.go');

  it('regenerates deepcopy and OpenAPI code after a types file is edited', () => {
    const original = readFileSync(types, 'utf8');
    writeFileSync(
      types,
      original.replace(
        '\tReplicas *int32 `json:"replicas,omitempty"`',
        '\tReplicas *int32 `json:"replicas,omitempty"`\n\t// Toys are what the Cat plays with.\n\t// +optional\n\tToys []string `json:"toys,omitempty"`',
      ),
    );
    const r = apiboot(['generate'], catdemo);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(readFileSync(join(catdemo, 'pkg/apis/animal/v1alpha1/zz_generated.deepcopy.go'), 'utf8'), /in\.Toys, &out\.Toys/);
    assert.match(
      readFileSync(join(catdemo, 'pkg/generated/openapi/zz_generated.openapi.go'), 'utf8'),
      /Toys are what the Cat plays with\./,
    );
    sh('go', ['build', './...'], catdemo);
  });

  it("shows the failing tool's own output when code generation fails", () => {
    const good = readFileSync(types, 'utf8');
    writeFileSync(types, good.replace('Toys []string', 'Toys []strin'));
    try {
      const r = apiboot(['generate'], catdemo);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^Error: "bash hack\/update-codegen\.sh" failed \(exit code \d+\)/m);
      assert.match(
        r.stderr,
        /deepcopy-gen: demo\.io\/catdemo\/pkg\/apis\/animal\/v1alpha1\n.*unsupported type/,
        "the generator's own output is shown",
      );
    } finally {
      writeFileSync(types, good);
    }
    assert.equal(apiboot(['generate'], catdemo).status, 0, 'generation works again once the file is fixed');
  });

  it('builds a static server binary for the platform asked for', () => {
    const r = apiboot(['build', 'executables', '--goos', 'linux', '--goarch', 'amd64', '--output', 'bin/apiserver-linux-amd64'], catdemo);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const info = sh('file', [join(catdemo, 'bin/apiserver-linux-amd64')], catdemo);
    assert.match(info, /ELF 64-bit LSB executable, x86-64/);
    assert.match(info, /statically linked/);
  });
});

describe('run local with a real etcd and kubectl', () => {
  let k: Kubectl;
  let run: LocalRun;
  const executables = [join(zoo, 'bin/apiserver'), join(zoo, 'bin/etcd')];

  before(async () => {
    const kubectl = testbedTool('kubectl');
    k = kubectlFor(kubectl, join(zoo, '.apiboot/local/kubeconfig'));
    run = new LocalRun(zoo, ['--secure-port', PORT]);
    // The first start builds bin/apiserver and bin/etcd.
    await run.start(30 * 60_000);
  });

  after(() => LocalRun.stopAll());

  it('starts etcd and the server as child processes on loopback', () => {
    const procs = processesRunning(executables);
    assert.equal(procs.length, 2, `expected etcd and apiserver, found: ${JSON.stringify(procs)}`);
    assert.match(run.output(), /kubectl --kubeconfig \.apiboot\/local\/kubeconfig get dogs/);
  });

  it('runs the controller manager as a third process, which marks a Cat Ready at its generation, and again after an update, recording an Event each time that kubectl get events lists', async () => {
    assert.equal(processesRunning([join(zoo, 'bin/controller-manager')]).length, 1, 'the controller manager runs');
    assert.match(run.output(), /^\[controller-manager\] .*starting the manager/m, 'its log lines carry its prefix');
    k.ok(
      ['create', '-n', 'default', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"reconciled"},"spec":{"name":"Rec"}}',
    );
    const readyAt = (generation: number) => () => {
      const cat = JSON.parse(k.ok(['get', 'cat', 'reconciled', '-n', 'default', '-o', 'json']));
      const ready = (cat.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
      return (
        cat.metadata.generation === generation &&
        cat.status?.observedGeneration === generation &&
        ready?.status === 'True' &&
        ready?.observedGeneration === generation
      );
    };
    // The controller's Event for each generation, which the standalone server keeps in place of kube-apiserver.
    const eventsAbout = () =>
      k
        .ok([
          'get',
          'events',
          '-n',
          'default',
          '--field-selector',
          'regarding.name=reconciled',
          '-o',
          'jsonpath={range .items[*]}{.regarding.kind} {.reason} {.note}{"\\n"}{end}',
        ])
        .trim()
        .split('\n')
        .filter(Boolean)
        .sort();
    await eventually(readyAt(1), 10_000, 'the Cat to be Ready at generation 1');
    await eventually(() => eventsAbout().length === 1, 10_000, 'the controller to record an Event');
    assert.deepEqual(eventsAbout(), ['Cat Reconciled Reconciled generation 1']);
    k.ok(['patch', 'cat', 'reconciled', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"replicas":4}}']);
    await eventually(readyAt(2), 10_000, 'the Cat to be Ready at generation 2 after a spec update');
    await eventually(() => eventsAbout().length === 2, 10_000, 'the controller to record an Event for generation 2');
    assert.deepEqual(eventsAbout(), ['Cat Reconciled Reconciled generation 1', 'Cat Reconciled Reconciled generation 2']);
    // kubectl get events shows them as it does from kube-apiserver: when, type, reason, the object as kind/name, the note.
    const table = k.ok(['get', 'events', '-n', 'default']);
    assert.match(table, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    assert.match(table, /^\S+\s+Normal\s+Reconciled\s+cat\/reconciled\s+Reconciled generation 2$/m);
    // An Event without what events.k8s.io/v1 requires is refused, as kube-apiserver refuses it.
    const invalid = k(
      ['create', '-n', 'default', '-f', '-'],
      '{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"bad"},"eventTime":"2026-01-01T00:00:00.000000Z","type":"Fine"}',
    );
    assert.notEqual(invalid.status, 0);
    assert.match(invalid.stderr, /reportingController: Required value/);
    assert.match(invalid.stderr, /type: Unsupported value: "Fine"/);
    k.ok(['delete', 'cat', 'reconciled', '-n', 'default']);
  });

  it("serves the generated typed clientset, informers, listers and apply configurations, and a handler kind's typed client", () => {
    mkdirSync(join(zoo, 'hack/typed-client'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'test/e2e/fixtures/typed-client/main.go'), join(zoo, 'hack/typed-client/main.go'));
    try {
      const out = sh('go', ['run', './hack/typed-client', join(zoo, '.apiboot/local/kubeconfig')], zoo);
      assert.equal(
        out,
        [
          'sighting zoo-apiserver Running',
          'created mochi replicas 1',
          'listed 1',
          'lister Mochi',
          'watched replicas 3',
          'status Typed',
          'applied replicas 5',
          'deleted',
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(join(zoo, 'hack/typed-client'), { recursive: true, force: true });
    }
  });

  it('lists every kind with the right scope in api-resources', () => {
    const list = (namespaced: boolean) =>
      k
        .ok(['api-resources', `--namespaced=${namespaced}`, '-o', 'name'])
        .trim()
        .split('\n');
    const namespaced = list(true);
    const cluster = list(false);
    for (const r of ['cats.animal.demo.io', 'dogs.animal.demo.io', 'keepers.staff.demo.io']) {
      assert.ok(namespaced.includes(r) && !cluster.includes(r), `${r} is namespaced`);
    }
    assert.ok(
      cluster.includes('habitats.animal.demo.io') && !namespaced.includes('habitats.animal.demo.io'),
      'habitats are cluster-scoped',
    );
    const wide = k.ok(['api-resources', '--api-group=animal.demo.io', '--no-headers']);
    assert.match(wide, /^cats\s+ct\s+animal\.demo\.io\/v1alpha1\s+true\s+Cat$/m);
    // Dog is served in v1beta1 and v1: kubectl lists it in the group's preferred version, the most stable one.
    assert.match(wide, /^dogs\s+animal\.demo\.io\/v1\s+true\s+Dog$/m);
    assert.match(wide, /^habitats\s+animal\.demo\.io\/v1alpha1\s+false\s+Habitat$/m);
  });

  it('creates, gets, lists and deletes an object of each kind', () => {
    for (const [apiVersion, kind, plural, namespaced] of [
      ['animal.demo.io/v1alpha1', 'Cat', 'cats', true],
      ['animal.demo.io/v1alpha1', 'Habitat', 'habitats', false],
      ['animal.demo.io/v1beta1', 'Dog', 'dogs', true],
      ['staff.demo.io/v1', 'Keeper', 'keepers', true],
    ] as const) {
      const meta = namespaced ? '{"name": "crud", "namespace": "default"}' : '{"name": "crud"}';
      k.ok(['create', '-f', '-'], `{"apiVersion": "${apiVersion}", "kind": "${kind}", "metadata": ${meta}, "spec": {"name": "x"}}`);
      const got = JSON.parse(k.ok(['get', plural, 'crud', '-o', 'json']));
      assert.equal(got.kind, kind);
      assert.equal(got.metadata.namespace, namespaced ? 'default' : undefined, `${plural} scope`);
      assert.equal(got.spec.replicas, 1, `${kind} defaulted by its Default hook`);
      assert.match(k.ok(['get', plural]), /^crud\s/m);
      k.ok(['delete', plural, 'crud']);
      assert.notEqual(k(['get', plural, 'crud']).status, 0, `${plural}/crud is gone`);
    }
  });

  it('applies a Cat from a YAML file and shows it as a table, as YAML, and across namespaces', () => {
    const file = join(work, 'tom.yaml');
    writeFileSync(
      file,
      'apiVersion: animal.demo.io/v1alpha1\nkind: Cat\nmetadata:\n  name: tom\n  namespace: default\nspec:\n  name: Tom\n',
    );
    assert.match(k.ok(['apply', '-f', file]), /cat\.animal\.demo\.io\/tom created/);
    k.ok(
      ['create', '-n', 'other', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"felix"},"spec":{"name":"Felix"}}',
    );
    const table = k.ok(['get', 'cats']);
    assert.match(table, /^NAME\s+DISPLAY NAME\s+REPLICAS\s+AGE/);
    assert.match(table, /^tom\s+Tom\s+1\s/m);
    const yaml = k.ok(['get', 'cat', 'tom', '-o', 'yaml']);
    for (const field of ['uid', 'resourceVersion', 'creationTimestamp']) assert.match(yaml, new RegExp(`^  ${field}: \\S+`, 'm'));
    const all = k.ok(['get', 'cats', '-A']);
    assert.match(all, /^NAMESPACE\s+NAME/);
    assert.match(all, /^default\s+tom\s/m);
    assert.match(all, /^other\s+felix\s/m);
  });

  it("rejects an invalid Cat with 422 and the hook's message, and stores nothing", () => {
    const r = k(
      ['create', '-v=6', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"bad","namespace":"default"},"spec":{}}',
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /422 Unprocessable Entity/);
    assert.match(r.stderr, /spec\.name: Required value: a name is required/);
    assert.match(k(['get', 'cat', 'bad']).stderr, /NotFound|not found/);
  });

  it('refuses names that are not DNS subdomains, as for custom resources', () => {
    for (const name of ['Tom Cat', 'UPPER:case', 'x'.repeat(5000)]) {
      const r = k(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1alpha1',
          kind: 'Cat',
          metadata: { name, namespace: 'default' },
          spec: { name: 'Bad' },
        }),
      );
      assert.notEqual(r.status, 0, `the name ${name.slice(0, 20)} was accepted`);
      assert.match(r.stderr, /metadata\.name: Invalid value: .*(RFC 1123 subdomain|must be no more than 253 characters)/s);
    }
    assert.doesNotMatch(k.ok(['get', 'cats', '-A', '-o', 'name']), /Tom Cat|UPPER|xxxx/);
  });

  it('refuses an invalid status, so that kubectl scale keeps working', () => {
    k.ok(
      ['apply', '--server-side', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"tabby","namespace":"default"},"spec":{"name":"Tabby","replicas":1}}',
    );
    const r = k([
      'patch',
      'cat',
      'tabby',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"replicas":-5,"selector":"!!!not a selector","conditions":[{"type":"","status":"Maybe"}]}}',
    ]);
    assert.notEqual(r.status, 0, 'the invalid status was accepted');
    for (const field of ['status.replicas', 'status.selector', 'status.conditions\\[0\\].type', 'status.conditions\\[0\\].status']) {
      assert.match(r.stderr, new RegExp(field), r.stderr);
    }
    const ok =
      '{"status":{"replicas":1,"selector":"app=tabby","conditions":[{"type":"Ready","status":"True","reason":"Fed","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}';
    k.ok(['patch', 'cat', 'tabby', '--subresource=status', '--type=merge', '-p', ok]);
    assert.match(k.ok(['scale', 'cat/tabby', '--replicas=2']), /scaled/);
  });

  it('creates and updates with server-side apply, keeping managedFields, and merges patches', () => {
    const doc = (replicas: number) =>
      `apiVersion: animal.demo.io/v1alpha1\nkind: Cat\nmetadata:\n  name: whiskers\n  namespace: default\nspec:\n  name: Whiskers\n  replicas: ${replicas}\n`;
    assert.match(k.ok(['apply', '--server-side', '-f', '-'], doc(2)), /serverside-applied/);
    assert.match(k.ok(['apply', '--server-side', '-f', '-'], doc(4)), /serverside-applied/);
    const obj = JSON.parse(k.ok(['get', 'cat', 'whiskers', '-o', 'json', '--show-managed-fields']));
    assert.equal(obj.spec.replicas, 4);
    const apply = obj.metadata.managedFields?.find((m: { operation: string }) => m.operation === 'Apply');
    assert.ok(apply, `an Apply entry in managedFields: ${JSON.stringify(obj.metadata.managedFields)}`);
    assert.equal(apply.manager, 'kubectl');
    assert.ok(apply.fieldsV1?.['f:spec']?.['f:replicas'], 'the applier owns spec.replicas');
    k.ok(['patch', 'cat', 'whiskers', '--type', 'merge', '-p', '{"spec":{"name":"Whisky"}}']);
    assert.equal(k.ok(['get', 'cat', 'whiskers', '-o', 'jsonpath={.spec.name}']), 'Whisky');
  });

  it('keeps spec on status updates and status on main updates', () => {
    k.ok([
      'patch',
      'cat',
      'tom',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      '{"status":{"phase":"Sleeping"},"spec":{"name":"Changed"}}',
    ]);
    let cat = JSON.parse(k.ok(['get', 'cat', 'tom', '-o', 'json']));
    assert.equal(cat.status.phase, 'Sleeping');
    assert.equal(cat.spec.name, 'Tom', 'a status update does not change spec');
    k.ok(['patch', 'cat', 'tom', '--type', 'merge', '-p', '{"status":{"phase":"Awake"},"spec":{"replicas":2}}']);
    cat = JSON.parse(k.ok(['get', 'cat', 'tom', '-o', 'json']));
    assert.equal(cat.spec.replicas, 2);
    assert.equal(cat.status.phase, 'Sleeping', 'a main update does not change status');
  });

  it('shows a watcher the change another client makes', async () => {
    const watch = k.background(['get', 'cats', '--watch-only', '-o', 'jsonpath={.metadata.name}={.spec.replicas}{"\\n"}']);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      k.ok(['patch', 'cat', 'tom', '--type', 'merge', '-p', '{"spec":{"replicas":7}}']);
      await eventually(() => watch.output().includes('tom=7'), 30_000, 'the watch to see tom=7');
    } finally {
      watch.stop();
    }
  });

  it('prints the declared columns, and answers to short names and categories', () => {
    k.ok(
      ['create', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"luna","namespace":"default","labels":{"color":"grey"}},"spec":{"name":"Luna","replicas":3}}',
    );
    k.ok(
      ['create', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1beta1","kind":"Dog","metadata":{"name":"rex","namespace":"default"},"spec":{"name":"Rex"}}',
    );
    const table = k.ok(['get', 'cats']);
    assert.match(table, /^NAME\s+DISPLAY NAME\s+REPLICAS\s+AGE\n/);
    assert.match(table, /^luna\s+Luna\s+3\s+\S+$/m);
    assert.match(k.ok(['get', 'cats', '-o', 'wide']), /^NAME\s+DISPLAY NAME\s+REPLICAS\s+PHASE\s+AGE\n/);
    assert.match(k.ok(['get', 'ct', 'luna']), /^luna\s+Luna\s+3\s/m);
    const animals = k.ok(['get', 'animals']);
    assert.match(animals, /^cat\.animal\.demo\.io\/luna\s/m);
    assert.match(animals, /^dog\.animal\.demo\.io\/rex\s/m);
    assert.doesNotMatch(animals, /habitat|keeper/);
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io/v1alpha1']));
    const cats = discovery.resources.find((r: { name: string }) => r.name === 'cats');
    assert.deepEqual([cats.shortNames, cats.categories], [['ct'], ['animals']]);
  });

  it('selects by fields the type marks, by metadata and by labels, in lists and watches', async () => {
    assert.deepEqual(k.ok(['get', 'cats', '--field-selector', 'spec.name=Luna', '-o', 'name']).trim().split('\n'), [
      'cat.animal.demo.io/luna',
    ]);
    assert.deepEqual(k.ok(['get', 'cats', '-A', '--field-selector', 'metadata.namespace=other', '-o', 'name']).trim().split('\n'), [
      'cat.animal.demo.io/felix',
    ]);
    assert.deepEqual(k.ok(['get', 'cats', '-l', 'color=grey', '-o', 'name']).trim().split('\n'), ['cat.animal.demo.io/luna']);
    const bad = k(['get', 'cats', '--field-selector', 'spec.color=grey']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /field label not supported: spec\.color/);
    const watch = k.background([
      'get',
      'cats',
      '--watch-only',
      '--field-selector',
      'spec.name=Luna',
      '-o',
      'jsonpath={.metadata.name}={.spec.replicas}{"\\n"}',
    ]);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      k.ok(['patch', 'cat', 'tom', '--type', 'merge', '-p', '{"spec":{"replicas":8}}']);
      k.ok(['patch', 'cat', 'luna', '--type', 'merge', '-p', '{"spec":{"replicas":5}}']);
      await eventually(() => watch.output().includes('luna=5'), 30_000, 'the watch to see luna=5');
      assert.doesNotMatch(watch.output(), /tom=/, 'the field selector keeps other cats out of the watch');
    } finally {
      watch.stop();
    }
  });

  it('explains the schema from the published OpenAPI', () => {
    const out = k.ok(['explain', 'cat.spec']);
    assert.match(out, /KIND:\s+Cat/);
    assert.match(out, /GROUP:\s+animal\.demo\.io/);
    assert.match(out, /VERSION:\s+v1alpha1/);
    assert.match(out, /Name is what the Cat is called/);
    assert.match(out, /name\s+<string> -required-/);
    assert.match(out, /replicas\s+<integer>/);
  });

  const catPath = '/apis/animal.demo.io/v1alpha1/namespaces/default/cats';

  it('scales a Cat with kubectl scale through autoscaling/v1 Scale, with OpenAPI and server-side apply ownership', async () => {
    k.ok(
      ['apply', '--server-side', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"kit","namespace":"default"},"spec":{"name":"Kit","replicas":1}}',
    );
    assert.match(k.ok(['scale', 'cat/kit', '--replicas=3']), /cat\.animal\.demo\.io\/kit scaled/);
    assert.equal(k.ok(['get', 'cat', 'kit', '-o', 'jsonpath={.spec.replicas}']), '3');
    // The controller writes kit's status once it sees the new generation: wait for it, so the resourceVersion read
    // below stays current for the replace.
    await eventually(
      () => k.ok(['get', 'cat', 'kit', '-o', 'jsonpath={.metadata.generation}={.status.observedGeneration}']) === '2=2',
      15_000,
      'the controller to observe kit at generation 2',
    );
    const scale = JSON.parse(k.ok(['get', '--raw', `${catPath}/kit/scale`]));
    assert.deepEqual([scale.apiVersion, scale.kind, scale.metadata.name, scale.spec.replicas], ['autoscaling/v1', 'Scale', 'kit', 3]);
    const table = k.ok(['get', 'cat', 'kit', '--subresource=scale']);
    assert.match(table, /^NAME\s+DESIRED\s+AVAILABLE\s+AGE\n/);
    assert.match(table, /^kit\s+3\s+0\s/m);
    assert.match(k(['scale', 'cat/kit', '--replicas=5', '--current-replicas=2']).stderr, /Expected replicas to be 2, was 3/);
    scale.spec.replicas = -1;
    const negative = k(['replace', '--raw', `${catPath}/kit/scale`, '-f', '-'], JSON.stringify(scale));
    assert.notEqual(negative.status, 0);
    assert.match(negative.stderr, /spec\.replicas: Invalid value: -1/);
    // kubectl scale now owns spec.replicas, as it does for a Deployment: applying another count conflicts.
    const apply = k(
      ['apply', '--server-side', '-f', '-'],
      '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Cat","metadata":{"name":"kit","namespace":"default"},"spec":{"name":"Kit","replicas":1}}',
    );
    assert.notEqual(apply.status, 0);
    assert.match(apply.stderr, /conflict with "kubectl" with subresource "scale".*\.spec\.replicas/s);
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io/v1alpha1']));
    const entry = discovery.resources.find((r: { name: string }) => r.name === 'cats/scale');
    assert.deepEqual(
      [entry.group, entry.version, entry.kind, [...entry.verbs].sort()],
      ['autoscaling', 'v1', 'Scale', ['get', 'patch', 'update']],
    );
    const openapi = JSON.parse(k.ok(['get', '--raw', '/openapi/v3/apis/animal.demo.io/v1alpha1']));
    assert.ok(openapi.components.schemas['io.k8s.api.autoscaling.v1.Scale'], 'the OpenAPI describes autoscaling/v1 Scale');
    assert.ok(openapi.paths[`${catPath.replace('default', '{namespace}')}/{name}/scale`], 'and the scale path');
  });

  it('serves an arbitrary subresource with its own kind: GET, replace and patch through the generated handlers', () => {
    const feed = JSON.parse(k.ok(['get', '--raw', `${catPath}/kit/feed`]));
    assert.deepEqual([feed.kind, feed.apiVersion, feed.metadata.name], ['CatFeed', 'animal.demo.io/v1alpha1', 'kit']);
    feed.note = 'tuna at noon';
    const replaced = JSON.parse(k.ok(['replace', '--raw', `${catPath}/kit/feed`, '-f', '-'], JSON.stringify(feed)));
    assert.equal(replaced.note, 'tuna at noon');
    assert.equal(JSON.parse(k.ok(['get', '--raw', `${catPath}/kit/feed`])).note, 'tuna at noon', 'the handler stored it in the Cat');
    assert.match(
      k.ok(['patch', 'cat', 'kit', '--subresource=feed', '--type', 'merge', '-p', '{"note":"salmon"}']),
      /catfeed\.animal\.demo\.io\/kit patched/,
    );
    assert.equal(JSON.parse(k.ok(['get', '--raw', `${catPath}/kit/feed`])).note, 'salmon');
    const invalid = k(
      ['replace', '--raw', `${catPath}/kit/feed`, '-f', '-'],
      JSON.stringify({ ...feed, metadata: { name: 'kit' }, note: '' }),
    );
    assert.notEqual(invalid.status, 0);
    assert.match(invalid.stderr, /CatFeed "kit" is invalid: note: Required value/);
    assert.match(k(['get', '--raw', `${catPath}/nobody/feed`]).stderr, /NotFound|not found/);
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io/v1alpha1']));
    const entry = discovery.resources.find((r: { name: string }) => r.name === 'cats/feed');
    assert.deepEqual([entry.kind, [...entry.verbs].sort()], ['CatFeed', ['get', 'patch', 'update']]);
  });

  it('streams a connect subresource with options from the query string, for POST only: it may have side effects', async () => {
    const post = (query: string) => ['create', '--raw', `${catPath}/kit/log${query}`, '-f', '/dev/null'];
    const log = k.ok(post('?tailLines=2'));
    assert.equal(log.trim().split('\n').length, 2, log);
    assert.match(log, /kit/);
    // GET, which authorization sees as get, is not served: read access must not reach side effects.
    const get = k(['get', '--raw', `${catPath}/kit/log?tailLines=2`]);
    assert.notEqual(get.status, 0);
    assert.match(get.stderr, /MethodNotAllowed|405|not allowed/i);
    const bad = k(post('?tailLines=x'));
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /BadRequest|invalid syntax/);
    assert.match(k(post('').map((a) => a.replace('/kit/', '/nobody/'))).stderr, /NotFound|not found/);
    const follow = k.background(post('?tailLines=1&follow=true'));
    try {
      await eventually(() => follow.output().trim().split('\n').length >= 3, 20_000, 'the followed log to keep streaming');
    } finally {
      follow.stop();
    }
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io/v1alpha1']));
    const entry = discovery.resources.find((r: { name: string }) => r.name === 'cats/log');
    assert.deepEqual([entry.kind, [...entry.verbs].sort()], ['CatLogOptions', ['create']]);
  });

  it('serves the status subresource added to a kind created without one', () => {
    k.ok(
      ['create', '-f', '-'],
      '{"apiVersion":"staff.demo.io/v1","kind":"Keeper","metadata":{"name":"ann","namespace":"default"},"spec":{"name":"Ann"}}',
    );
    k.ok([
      'patch',
      'keeper',
      'ann',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      '{"status":{"phase":"OnDuty"},"spec":{"name":"Changed"}}',
    ]);
    const keeper = JSON.parse(k.ok(['get', 'keeper', 'ann', '-o', 'json']));
    assert.deepEqual([keeper.status.phase, keeper.spec.name], ['OnDuty', 'Ann']);
    keeper.status.phase = 'OffDuty';
    keeper.spec.name = 'Changed';
    assert.match(k.ok(['replace', '--subresource=status', '-f', '-'], JSON.stringify(keeper)), /keeper\.staff\.demo\.io\/ann replaced/);
    const replaced = JSON.parse(k.ok(['get', 'keeper', 'ann', '-o', 'json']));
    assert.deepEqual([replaced.status.phase, replaced.spec.name], ['OffDuty', 'Ann']);
  });

  it('lists a subresource of apps/v1 Deployments in discovery, and answers 503 without a cluster', () => {
    const discovery = JSON.parse(k.ok(['get', '--raw', '/apis/apps.demo.io/v1alpha1']));
    const entry = discovery.resources.find((r: { name: string }) => r.name === 'deployments/compositions');
    assert.deepEqual([entry.kind, entry.verbs], ['DeploymentComposition', ['get']]);
    const r = k(['get', '--raw', '/apis/apps.demo.io/v1alpha1/namespaces/default/deployments/web/compositions']);
    assert.match(r.stderr, /ServiceUnavailable|reads Deployment objects from a cluster/);
  });

  it('serves a handler kind next to the etcd kinds of its group, with exactly the verbs chosen', () => {
    const wide = k.ok(['api-resources', '--api-group=animal.demo.io', '--no-headers', '-o', 'wide']);
    assert.match(wide, /^sightings\s+animal\.demo\.io\/v1alpha1\s+true\s+Sighting\s+create,delete,get,list,watch\s*$/m);
    assert.match(
      wide,
      /^cats\s+ct\s+animal\.demo\.io\/v1alpha1\s+true\s+Cat\s+create,delete,deletecollection,get,list,patch,update,watch/m,
    );
    // Without a cluster, the example handler serves the server itself; what is created is kept in memory.
    assert.match(k.ok(['get', 'sightings']), /^zoo-apiserver\s+Running\s+1\/1\s+0\s/m);
    k.ok(
      ['create', '-f', '-'],
      '{"apiVersion": "animal.demo.io/v1alpha1", "kind": "Sighting", "metadata": {"name": "owl", "namespace": "default", "labels": {"seen": "yes"}}, "status": {"phase": "Flying"}}',
    );
    assert.match(k.ok(['get', 'sightings', '-l', 'seen=yes', '-o', 'name']), /^sighting\.animal\.demo\.io\/owl\n$/);
    assert.equal(JSON.parse(k.ok(['get', 'sighting', 'owl', '-o', 'json'])).status.phase, 'Flying');
    const patch = k(['patch', 'sighting', 'owl', '--type', 'merge', '-p', '{"status": {"phase": "Gone"}}']);
    assert.match(patch.stderr, /MethodNotAllowed/, 'no update, so no patch');
    k.ok(['delete', 'sighting', 'owl']);
    assert.match(k(['get', 'sighting', 'owl']).stderr, /NotFound/);
    // The etcd kinds of the group are untouched by it.
    assert.match(k.ok(['get', 'cats', '-o', 'name']), /^(cat\.animal\.demo\.io\/\S+\n)*$/);
  });

  it('migrate storage changes nothing a client sees: the annotation and managed fields stay, and kubectl apply works after it, twice', () => {
    const biscuit = (replicas: number) =>
      `apiVersion: animal.demo.io/v1\nkind: Dog\nmetadata:\n  name: biscuit\n  namespace: default\nspec:\n  name: Biscuit\n  replicas: ${replicas}\n`;
    assert.match(k.ok(['apply', '-f', '-'], biscuit(1)), /created/);
    const read = () =>
      JSON.parse(k.ok(['get', 'dogs.v1.animal.demo.io', 'biscuit', '-n', 'default', '-o', 'json', '--show-managed-fields']));
    const before = read();
    assert.ok(before.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], 'client-side apply keeps its annotation');
    const migrated = apiboot(['migrate', 'storage', '--kubeconfig', '.apiboot/local/kubeconfig'], zoo);
    assert.equal(migrated.status, 0, migrated.stderr);
    assert.match(migrated.stdout, /^dogs\.\w+\.animal\.demo\.io: (\d+) of \1 objects rewritten in \w+$/m);
    const after = read();
    assert.deepEqual(after.metadata.annotations, before.metadata.annotations, 'the last-applied-configuration is what kubectl apply wrote');
    assert.deepEqual(after.metadata.managedFields, before.metadata.managedFields);
    assert.deepEqual([after.spec, after.status, after.metadata.generation], [before.spec, before.status, before.metadata.generation]);
    assert.match(k.ok(['apply', '-f', '-'], biscuit(1)), /unchanged/);
    assert.match(k.ok(['apply', '-f', '-'], biscuit(2)), /configured/);
    assert.equal(read().spec.replicas, 2);
    k.ok(['delete', 'dogs.v1.animal.demo.io', 'biscuit', '-n', 'default']);
  });

  it('answers kubectl version with the Kubernetes release it is built on and its own version', () => {
    const kube = /kubernetesVersion: (\S+)/.exec(readFileSync(join(zoo, 'PROJECT'), 'utf8'))?.[1];
    const r = k(['version', '-o', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const server = JSON.parse(r.stdout).serverVersion;
    assert.match(server.gitVersion, new RegExp(`^v${kube?.replaceAll('.', '\\.')}\\+zoo\\.v\\d+\\.\\d+\\.\\d+`));
    assert.equal(`${server.major}.${server.minor}`, kube?.split('.').slice(0, 2).join('.'));
    assert.equal(`${server.emulationMajor}.${server.emulationMinor}`, kube?.split('.').slice(0, 2).join('.'), 'the release it emulates');
    const text = k(['version']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Server Version: v1\.\d+\.\d+\+zoo\./m);
    assert.doesNotMatch(text.stderr, /WARNING|error/i);
  });

  it('refuses a second run local in the same project at once, and leaves the first as it was', () => {
    const kubeconfig = readFileSync(join(zoo, '.apiboot/local/kubeconfig'), 'utf8');
    const started = Date.now();
    const second = apiboot(['run', 'local', '--secure-port', String(Number(PORT) + 1)], zoo);
    assert.equal(second.status, 1, second.stdout);
    assert.match(
      second.stderr,
      /^Error: apiboot run local is already running in this project \(pid \d+\); use it \(kubectl --kubeconfig \.apiboot\/local\/kubeconfig\), or stop it with Ctrl-C before starting another\.\n$/,
    );
    assert.ok(Date.now() - started < 5000, 'at once');
    assert.equal(readFileSync(join(zoo, '.apiboot/local/kubeconfig'), 'utf8'), kubeconfig, 'the kubeconfig still names the first');
    assert.match(k.ok(['get', 'dogs', '-A']), /NAME|^$/);
    // Another project given this one's etcd data folder is refused too, before anything is built or written.
    const other = join(work, 'catdemo');
    const shared = apiboot(
      ['run', 'local', '--secure-port', String(Number(PORT) + 1), '--data-dir', join(zoo, '.apiboot/local/etcd')],
      other,
    );
    assert.equal(shared.status, 1, shared.stdout);
    assert.match(
      shared.stderr,
      /^Error: The etcd data folder \S+ is in use by another apiboot run local \(pid \d+\); stop that one first, or pass another --data-dir\.\n$/,
    );
    assert.ok(!existsSync(join(other, '.apiboot/local/kubeconfig')), 'no kubeconfig written for it');
    assert.ok(!existsSync(join(other, 'bin/apiserver')), 'nothing built for it');
  });

  it('doctor says what it found at the standalone server run local serves, rather than failing on APIServices', () => {
    const r = apiboot(['doctor', '--kubeconfig', '.apiboot/local/kubeconfig'], zoo);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^ok    server readiness: https://127\\.0\\.0\\.1:${PORT} answers /readyz with ok$`, 'm'));
    for (const gv of ['animal.demo.io/v1alpha1', 'animal.demo.io/v1beta1', 'animal.demo.io/v1', 'staff.demo.io/v1']) {
      assert.match(r.stdout, new RegExp(`^ok    group version ${gv.replaceAll('.', '\\.')}: served by this server itself$`, 'm'));
    }
    assert.match(
      r.stdout,
      /^Note: https:\/\/127\.0\.0\.1:\d+ serves no APIServices: it is not a cluster with kube-apiserver's aggregation layer but, by all signs, this project's server running standalone \(apiboot run local\)/m,
    );
    const json = JSON.parse(apiboot(['doctor', '--kubeconfig', '.apiboot/local/kubeconfig', '-o', 'json'], zoo).stdout);
    assert.equal(json.mode, 'standalone');
    assert.equal(json.passed, true);
  });

  it('says where a newer kubectl comes from when the one on PATH is too old', () => {
    const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    const version = found
      ? /"gitVersion":\s*"v1\.(\d+)\./.exec(spawnSync(found, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).stdout)?.[1]
      : undefined;
    const kubeMinor = Number(/kubernetesVersion: 1\.(\d+)\./.exec(readFileSync(join(zoo, 'PROJECT'), 'utf8'))?.[1]);
    if (version !== undefined && Number(version) < kubeMinor - 1) {
      assert.match(
        run.output(),
        /^apiboot: note: the kubectl on PATH \(\S+\) is v1\.\d+\S*, too old for this 1\.\d+\.\d+ server; use a kubectl within one minor version of it, such as https:\/\/dl\.k8s\.io\/release\/v1\.\d+\.\d+\/bin\/linux\/(amd64|arm64)\/kubectl \(other ways to install it: https:\/\/kubernetes\.io\/docs\/tasks\/tools\/\)\.$/m,
      );
    } else {
      assert.doesNotMatch(run.output(), /note: the kubectl on PATH/, 'no note for a kubectl within the skew, or none');
    }
  });

  it('keeps objects across a stop and start, and leaves no process behind', async () => {
    assert.equal(await run.stop(), 0, `run local exits 0 on SIGTERM:\n${run.output()}`);
    assert.deepEqual(
      processesRunning([...executables, join(zoo, 'bin/controller-manager')]),
      [],
      'no etcd, apiserver or controller manager left after stop',
    );
    run = new LocalRun(zoo, ['--secure-port', PORT, '--no-build', '--no-controller']);
    await run.start(120_000);
    assert.equal(k.ok(['get', 'cat', 'tom', '-o', 'jsonpath={.spec.name}']), 'Tom');
    assert.deepEqual(processesRunning([join(zoo, 'bin/controller-manager')]), [], '--no-controller leaves the controller manager out');
    // Ctrl-C on the terminal: every process of the group gets SIGINT; apiboot stops them in order, and quietly.
    assert.equal(await run.interrupt(), 0, run.output());
    assert.doesNotMatch(run.output(), /stacktrace|"level":"error"/, 'no etcd error lines or Go stack traces on a clean stop');
    assert.match(run.output(), /^apiboot: stopping$/m);
    assert.deepEqual(processesRunning(executables), []);
    // A --data-dir etcd cannot use is refused before anything is written: the kubeconfig keeps its port.
    const kubeconfig = readFileSync(join(zoo, '.apiboot/local/kubeconfig'), 'utf8');
    const refused = apiboot(['run', 'local', '--secure-port', String(Number(PORT) + 2), '--no-build', '--data-dir', 'PROJECT'], zoo);
    assert.equal(refused.status, 1, refused.stdout);
    assert.equal(
      refused.stderr,
      'Error: --data-dir PROJECT is a file; etcd keeps its data in a folder, so pass a folder (created when missing).\n',
    );
    assert.equal(readFileSync(join(zoo, '.apiboot/local/kubeconfig'), 'utf8'), kubeconfig);
  });

  it("stops etcd and exits non-zero with the server's last log lines when the server dies", async () => {
    run = new LocalRun(zoo, ['--secure-port', PORT, '--no-build']);
    await run.start(120_000);
    const [server] = processesRunning([join(zoo, 'bin/apiserver')]);
    assert.ok(server, 'the server runs');
    process.kill(server.pid, 'SIGKILL');
    const code = await run.waitForExit(30_000);
    assert.equal(code, 1);
    assert.match(run.output(), /Error: apiserver stopped: it exited with code none; its last log lines follow\./);
    assert.deepEqual(processesRunning(executables), [], 'etcd was stopped too');
  });

  it('still stops etcd and the server when its terminal is gone', async () => {
    run = new LocalRun(zoo, ['--secure-port', PORT, '--no-build']);
    await run.start(120_000);
    assert.equal(processesRunning(executables).length, 2);
    run.dropOutput();
    // Stopping logs "apiboot: stopping" and the processes' last lines: writes into the closed pipe.
    const code = await run.stop();
    assert.equal(code, 0);
    assert.deepEqual(processesRunning(executables), [], 'no etcd or server left behind');
  });

  it('uses an etcd on PATH when it is new enough', async () => {
    const etcd = testbedTool('etcd');
    run = new LocalRun(zoo, ['--secure-port', PORT, '--no-build'], { PATH: `${dirname(etcd)}:${process.env.PATH}` });
    await run.start(120_000);
    try {
      assert.match(run.output(), new RegExp(`starting etcd 3\\.\\d+\\.\\d+ \\(from PATH: ${etcd}\\)`));
      // Other etcd processes may run from the same cached binary: this run's one is started with --name=local.
      const ours = processesRunning([etcd]).filter((p) => p.cmd.includes('--name=local'));
      assert.equal(ours.length, 1, 'run local started the etcd from PATH');
      assert.equal(await run.stop(), 0);
      assert.deepEqual(processesRunning(executables), []);
      assert.ok(!existsSync(`/proc/${ours[0]!.pid}`), 'the etcd from PATH was stopped');
    } finally {
      if (run.running()) await run.stop();
    }
  });

  it('uses the etcd given with --etcd-servers and starts none', async () => {
    const etcd = new Processes();
    const etcdServers = await startEtcd(etcd);
    try {
      run = new LocalRun(zoo, ['--secure-port', PORT, '--no-build', '--etcd-servers', etcdServers]);
      await run.start(120_000);
      assert.doesNotMatch(run.output(), /starting etcd/);
      assert.equal(processesRunning([join(zoo, 'bin/etcd')]).length, 0);
      k.ok(
        ['create', '-f', '-'],
        '{"apiVersion":"animal.demo.io/v1alpha1","kind":"Habitat","metadata":{"name":"savanna"},"spec":{"name":"Savanna"}}',
      );
      assert.match(k.ok(['get', 'habitats']), /^savanna\s/m);
      assert.equal(await run.stop(), 0);
    } finally {
      if (run.running()) await run.stop();
      await etcd.stopAll();
    }
  });
});
