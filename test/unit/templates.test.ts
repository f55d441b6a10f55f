import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resolveKubeVersion } from '../../src/project/kube-versions.js';
import { resourceModel, type ProjectModel } from '../../src/project/model.js';
import { renderSet, renderTemplate, TEMPLATES_DIR } from '../../src/scaffold/templates.js';
import { foreignModel } from '../../src/generators/foreign/index.js';
import { subresourceModel } from '../../src/generators/subresource/index.js';

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
const compositions = foreignModel(project, { forKind: 'apps/v1/Deployment', subresource: 'compositions', group: 'apps', version: 'v1alpha1', kind: 'DeploymentComposition' });
const nodeSummaries = foreignModel(project, { forKind: 'v1/Node', subresource: 'summaries', group: 'core', version: 'v1', kind: 'NodeSummary' });

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
    assert.match(storage, /NamespaceScoped:\s+true,[^]*ShortNames:\s+\[\]string\{ "ct", "c" \},[^]*\/\/ \+apiboot:scaffold:kind\n\t+Subresources: \[\]registry\.Subresource\[\*v1alpha1\.Cat\]\{\n\t+\/\/ \+apiboot:scaffold:subresources\n/);
    assert.doesNotMatch(file(resource(false, false), '/storage.go'), /ShortNames/);
    assert.match(file(resource(false, false), '/storage.go'), /NamespaceScoped:\s+false,/);
    // Without a status, the types keep its place; with one, a place for more status fields.
    assert.match(file(resource(true, false), '_types.go'), /Spec CatSpec `json:"spec,omitempty"`\n\t\/\/ \+apiboot:scaffold:status\n\}/);
    assert.doesNotMatch(file(resource(true, false), '_types.go'), /CatStatus/);
    assert.match(file(resource(true, true), '_types.go'), /Conditions \[\]metav1\.Condition[^\n]*\n\t\/\/ \+apiboot:scaffold:status-fields\n\}/);
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
    const compose = renderSet('foreign', nodeSummaries).find((f) => f.path.endsWith('/compose.go'))?.content ?? '';
    assert.match(compose, /Labels: int32\(len\(parent\.Labels\)\)/);
  });

  it('mark generated scripts executable', () => {
    const script = renderSet('project', project).find((f) => f.path === 'hack/update-codegen.sh');
    assert.equal(script?.mode, 0o755);
  });
});
