import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resolveKubeVersion } from '../../src/project/kube-versions.js';
import { resourceModel, type ProjectModel } from '../../src/project/model.js';
import { renderSet, renderTemplate, TEMPLATES_DIR } from '../../src/scaffold/templates.js';
import { foreignModel } from '../../src/generators/foreign/index.js';
import { subresourceModel } from '../../src/generators/subresource/index.js';
import { storageVersionsModel } from '../../src/generators/versions/index.js';

const project: ProjectModel & { owner: string } = {
  domain: 'demo.io',
  module: 'demo.io/zoo',
  projectName: 'zoo',
  year: 2026,
  cliVersion: '0.0.0',
  kube: resolveKubeVersion('1.37.2'),
  etcdPrefix: '/registry/demo.io',
  boilerplate: '/* header */\n',
  owner: 'The Zoo Authors',
};

const resource = (namespaced: boolean, withStatus: boolean, shortNames: string[] = []) =>
  resourceModel(project, {
    group: 'animal',
    version: 'v1alpha1',
    kind: 'Cat',
    plural: 'cats',
    namespaced,
    subresources: withStatus ? [{ name: 'status', type: 'status' }] : [],
    storageVersion: true,
    shortNames,
  });

const feed = subresourceModel(resource(true, true), { name: 'feed', type: 'arbitrary', kind: 'CatFeed' });
const log = subresourceModel(resource(true, true), { name: 'log', type: 'connector', kind: 'CatLogOptions' });
const compositions = foreignModel(project, {
  forKind: 'apps/v1/Deployment',
  subresource: 'compositions',
  group: 'apps',
  version: 'v1alpha1',
  kind: 'DeploymentComposition',
});
const nodeSummaries = foreignModel(project, {
  forKind: 'v1/Node',
  subresource: 'summaries',
  group: 'core',
  version: 'v1',
  kind: 'NodeSummary',
});

const catIn = (version: string, storageVersion: boolean) => ({
  group: 'animal',
  version,
  kind: 'Cat',
  plural: 'cats',
  namespaced: true,
  subresources: [{ name: 'status', type: 'status' as const }],
  storageVersion,
});
const twoVersions = resourceModel(project, catIn('v1beta1', false), ['v1alpha1', 'v1beta1']);
const twoVersionProject = {
  layout: 'go.apiboot.dev/v1',
  cliVersion: '0.0.0',
  projectName: 'zoo',
  domain: 'demo.io',
  module: 'demo.io/zoo',
  kubernetesVersion: '1.37.2',
  resources: [catIn('v1alpha1', false), catIn('v1beta1', true)],
};

describe('templates', () => {
  it('render every set with every variant, naming each file once', () => {
    for (const [set, model] of [
      ['project', project],
      ['group-version', resource(true, true)],
      ['resource', resource(true, true, ['ct', 'c'])],
      ['resource', resource(false, false)],
      ['arbitrary', feed],
      ['connector', log],
      ['foreign', compositions],
      ['foreign', nodeSummaries],
      ['hub', twoVersions],
      ['hub-kind', twoVersions],
      ['version-kind', twoVersions],
      ['version-conversion', twoVersions],
      ['controller', resource(true, true)],
      ['controller', resource(false, false)],
      ['controller-manager', resource(true, true)],
      ['storage-versions', storageVersionsModel(project, twoVersionProject)],
      ['storage-versions', storageVersionsModel(project, { ...twoVersionProject, resources: [] })],
    ] as const) {
      const files = renderSet(set, model);
      assert.ok(files.length > 0, set);
      assert.equal(new Set(files.map((f) => f.path)).size, files.length);
      // Rendering is strict: a placeholder the model lacks throws instead of printing nothing.
      for (const f of files) assert.ok(f.content.trim().length > 0, `${f.template} renders to something`);
    }
  });

  it('put scope and short names where they belong, and leave markers for subresources', () => {
    const file = (m: ReturnType<typeof resource>, suffix: string) =>
      renderSet('resource', m).find((f) => f.path.endsWith(suffix))?.content ?? '';
    const storage = file(resource(true, true, ['ct', 'c']), '/storage.go');
    assert.match(
      storage,
      /NamespaceScoped:\s+true,[^]*ShortNames:\s+\[\]string\{ "ct", "c" \},[^]*\/\/ \+apiboot:scaffold:kind\n\t+Subresources: \[\]registry\.Subresource\[\*v1alpha1\.Cat\]\{\n\t+\/\/ \+apiboot:scaffold:subresources\n/,
    );
    assert.doesNotMatch(file(resource(false, false), '/storage.go'), /ShortNames/);
    assert.match(file(resource(false, false), '/storage.go'), /NamespaceScoped:\s+false,/);
    // Without a status, the types keep its place; with one, a place for more status fields.
    assert.match(file(resource(true, false), '_types.go'), /Spec CatSpec `json:"spec,omitempty"`\n\t\/\/ \+apiboot:scaffold:status\n\}/);
    assert.doesNotMatch(file(resource(true, false), '_types.go'), /CatStatus/);
    assert.match(
      file(resource(true, true), '_types.go'),
      /Conditions \[\]metav1\.Condition[^\n]*\n\t\/\/ \+apiboot:scaffold:status-fields\n\}/,
    );
  });

  it('ask client-gen for a typed client of each kind, cluster-scoped where it is, under the plural PROJECT names', () => {
    const types = (m: ReturnType<typeof resource>) => renderSet('resource', m).find((f) => f.path.endsWith('_types.go'))?.content ?? '';
    const tags =
      /\n\/\/ \+genclient\n(\/\/ \+genclient:nonNamespaced\n)?\/\/ \+resourceName=cats\n\/\/ \+apiboot:scaffold:genclient\n\/\/ \+k8s:deepcopy-gen:interfaces=k8s\.io\/apimachinery\/pkg\/runtime\.Object\n\n\/\/ Cat is/;
    assert.equal(tags.exec(types(resource(true, true)))?.[1], undefined, 'a namespaced kind has a namespaced client');
    assert.equal(tags.exec(types(resource(false, false)))?.[1], '// +genclient:nonNamespaced\n');
    // The list type gets no client of its own.
    assert.equal(types(resource(true, true)).split('+genclient\n').length, 2);
    const scale = renderTemplate('fragments/scale-genclient.go', feed);
    assert.match(scale, /^\/\/ \+genclient:method=GetScale,verb=get,subresource=scale,result=k8s\.io\/api\/autoscaling\/v1\.Scale$/m);
    assert.match(
      scale,
      /^\/\/ \+genclient:method=UpdateScale,verb=update,subresource=scale,input=k8s\.io\/api\/autoscaling\/v1\.Scale,result=k8s\.io\/api\/autoscaling\/v1\.Scale$/m,
    );
  });

  it('ask client-gen for a typed client of a handler kind limited to the verbs it serves', () => {
    const meter = (namespaced: boolean, verbs: ('get' | 'list' | 'watch' | 'create' | 'update' | 'delete')[]) =>
      renderSet(
        'handler',
        resourceModel(project, {
          group: 'metrics',
          version: 'v1alpha1',
          kind: 'Meter',
          plural: 'meters',
          namespaced,
          subresources: [],
          storageVersion: true,
          storage: 'handler',
          verbs,
        }),
      ).find((f) => f.path.endsWith('_types.go'))?.content ?? '';
    const tags =
      /\n\/\/ \+genclient\n(\/\/ \+genclient:nonNamespaced\n)?\/\/ \+genclient:onlyVerbs=([a-z,]+)\n\/\/ \+resourceName=meters\n\/\/ \+k8s:deepcopy-gen:interfaces=k8s\.io\/apimachinery\/pkg\/runtime\.Object\n\n/;
    assert.deepEqual(tags.exec(meter(true, ['get', 'list', 'watch']))?.slice(1), [undefined, 'get,list,watch']);
    assert.deepEqual(tags.exec(meter(false, ['get', 'create', 'delete']))?.slice(1), [
      '// +genclient:nonNamespaced\n',
      'get,create,delete',
    ]);
    // The list type gets no client of its own.
    assert.equal(meter(true, ['get']).split('+genclient\n').length, 2);
  });

  it('store a kind served in several versions as its internal type, in the storage version PROJECT names', () => {
    const storage = renderSet('resource', twoVersions).find((f) => f.path.endsWith('/storage.go'))?.content ?? '';
    assert.match(storage, /registry\.Kind\[\*animal\.Cat\]/);
    assert.match(storage, /^\t"demo\.io\/zoo\/pkg\/apis\/animal"$/m);
    assert.match(storage, /serves the cats resource of animal\.demo\.io\/v1alpha1 and v1beta1\./);
    const single = renderSet('resource', resource(true, true)).find((f) => f.path.endsWith('/storage.go'))?.content ?? '';
    assert.match(single, /registry\.Kind\[\*v1alpha1\.Cat\]/);
    const versions = renderSet('storage-versions', storageVersionsModel(project, twoVersionProject))[0]?.content ?? '';
    assert.match(versions, /\{Group: "animal\.demo\.io", Kind: "Cat"\}: "v1beta1",/);
    assert.match(versions, /animalinternal "demo\.io\/zoo\/pkg\/apis\/animal"/);
    const none = renderSet('storage-versions', storageVersionsModel(project, { ...twoVersionProject, resources: [] }))[0]?.content ?? '';
    assert.doesNotMatch(none, /utilruntime|func init/);
    const doc = (m: typeof twoVersions) => renderSet('group-version', m).find((f) => f.path.endsWith('/doc.go'))?.content ?? '';
    assert.match(doc(twoVersions), /^\/\/ \+k8s:conversion-gen=demo\.io\/zoo\/pkg\/apis\/animal$/m);
    assert.match(doc(resource(true, true)), /^\/\/ \+k8s:conversion-gen=false$/m);
  });

  it('render every fragment for every kind of subresource, braces balanced', () => {
    for (const name of readdirSync(`${TEMPLATES_DIR}/fragments`)) {
      const template = `fragments/${name.replace(/\.hbs$/, '')}`;
      const model = name.startsWith('foreign') ? compositions : name.startsWith('connector') ? log : feed;
      const out = renderTemplate(template, model);
      assert.ok(out.trim().length > 0, name);
      assert.equal(out.split('{').length, out.split('}').length, `${name} has balanced braces`);
    }
  });

  it('read a foreign parent with its own client, scope and example', () => {
    const storage = (m: typeof compositions) => renderSet('foreign', m).find((f) => f.path.endsWith('/storage.go'))?.content ?? '';
    assert.match(storage(compositions), /r\.parents\.Deployments\(namespace\)\.Get/);
    assert.match(storage(compositions), /appsv1client "k8s\.io\/client-go\/kubernetes\/typed\/apps\/v1"/);
    assert.match(storage(nodeSummaries), /r\.parents\.Nodes\(\)\.Get/);
    assert.doesNotMatch(storage(nodeSummaries), /NamespaceFrom/);
    // The name * reads every parent with one list: of the namespace (all of them without one), or of the cluster.
    assert.match(storage(compositions), /name == registry\.AllParents[^]*r\.parents\.Deployments\(namespace\)\.List\(/);
    assert.match(storage(nodeSummaries), /name == registry\.AllParents[^]*r\.parents\.Nodes\(\)\.List\(/);
    const types = renderSet('foreign', compositions).find((f) => f.path.endsWith('_types.go'))?.content ?? '';
    assert.match(types, /registerKinds\(&DeploymentComposition\{\}, &DeploymentCompositionList\{\}\)/);
    const compose = renderSet('foreign', nodeSummaries).find((f) => f.path.endsWith('/compose.go'))?.content ?? '';
    assert.match(compose, /Labels: int32\(len\(parent\.Labels\)\)/);
  });

  it('mark generated scripts executable', () => {
    const script = renderSet('project', project).find((f) => f.path === 'hack/update-codegen.sh');
    assert.equal(script?.mode, 0o755);
  });
});
