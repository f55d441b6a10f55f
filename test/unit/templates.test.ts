import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resolveKubeVersion } from '../../src/project/kube-versions.js';
import { resourceModel, type ProjectModel } from '../../src/project/model.js';
import { renderSet, renderTemplate, TEMPLATES_DIR } from '../../src/scaffold/templates.js';

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

describe('templates', () => {
  it('render every set with every variant, naming each file once', () => {
    for (const [set, model] of [
      ['project', project],
      ['group-version', resource(true, true)],
      ['resource', resource(true, true, ['ct', 'c'])],
      ['resource', resource(false, false)],
    ] as const) {
      const files = renderSet(set, model);
      assert.ok(files.length > 0, set);
      assert.equal(new Set(files.map((f) => f.path)).size, files.length);
      // Rendering is strict: a placeholder the model lacks throws instead of printing nothing.
      for (const f of files) assert.ok(f.content.trim().length > 0, `${f.template} renders to something`);
    }
  });

  it('put scope, status and short names where they belong', () => {
    const storage = (m: ReturnType<typeof resource>) =>
      renderSet('resource', m).find((f) => f.path.endsWith('/storage.go'))?.content ?? '';
    assert.match(storage(resource(true, true, ['ct', 'c'])), /NamespaceScoped:\s+true,[^]*ShortNames:\s+\[\]string\{ "ct", "c" \},[^]*Status: &registry\.Status/);
    assert.doesNotMatch(storage(resource(false, false)), /ShortNames|Status:/);
    assert.match(storage(resource(false, false)), /NamespaceScoped:\s+false,/);
  });

  it('render every fragment as one line of Go', () => {
    for (const name of readdirSync(`${TEMPLATES_DIR}/fragments`)) {
      const out = renderTemplate(`fragments/${name.replace(/\.hbs$/, '')}`, resource(true, true));
      assert.equal(out.trim().split('\n').length, 1, name);
    }
  });

  it('mark generated scripts executable', () => {
    const script = renderSet('project', project).find((f) => f.path === 'hack/update-codegen.sh');
    assert.equal(script?.mode, 0o755);
  });
});
