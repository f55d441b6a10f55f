import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateForeignSubresource, foreignModel } from '../../src/generators/foreign/index.js';
import { generateInit } from '../../src/generators/init/index.js';
import { generateResource } from '../../src/generators/resource/index.js';
import { generateSubresource } from '../../src/generators/subresource/index.js';
import { projectModel, resourceModel } from '../../src/project/model.js';
import { LAYOUT, loadProject, type ResourceRecord, type SubresourceRecord } from '../../src/project/record.js';
import { renderTemplate } from '../../src/scaffold/templates.js';
import { Tree } from '../../src/scaffold/tree.js';

const EVENTS = [
  'pkg/registry/events.go',
  'pkg/registry/events_test.go',
  'pkg/apiserver/events.go',
  'pkg/apiserver/events_openapi.go',
  'pkg/apiserver/events_test.go',
  'pkg/cmd/server/events.go',
];
const CONNECTOR = ['pkg/registry/connector.go', 'pkg/registry/connector_test.go'];
const ACTION = ['pkg/registry/action.go', 'pkg/registry/action_test.go'];
const SCALE = ['pkg/registry/scale.go', 'pkg/registry/scale_test.go'];
const FOREIGN = ['pkg/registry/foreign.go', 'pkg/apiserver/foreign.go'];
const HANDLER = ['pkg/registry/handler.go', 'pkg/registry/handler_test.go', 'pkg/registry/handlersource.go'];

const boilerplate = renderTemplate('project/hack/boilerplate.go.txt', { year: 2026, owner: 'The Zoo Authors' });

function initTree(): Tree {
  const tree = new Tree();
  const record = {
    layout: LAYOUT,
    cliVersion: '0.0.0',
    projectName: 'zoo',
    domain: 'demo.io',
    module: 'demo.io/zoo',
    kubernetesVersion: '1.37.2',
    resources: [],
  };
  generateInit(tree, record, { ...projectModel(record, boilerplate, '0.0.0'), owner: 'The Zoo Authors' }, { force: false });
  return tree;
}

function addResource(tree: Tree, resource: ResourceRecord): void {
  const project = loadProject(tree);
  generateResource(tree, project, resource, resourceModel(projectModel(project, boilerplate, '0.0.0'), resource), { force: false });
}

function addSubresource(tree: Tree, kind: string, sub: SubresourceRecord): void {
  const project = loadProject(tree);
  const resource = project.resources.find((r) => r.kind === kind)!;
  generateSubresource(tree, project, resource, sub, resourceModel(projectModel(project, boilerplate, '0.0.0'), resource), { force: false });
}

const has = (tree: Tree, paths: string[]) => paths.map((p) => tree.read(p) !== undefined);
const all = (paths: string[], value: boolean) => paths.map(() => value);

const cat: ResourceRecord = {
  group: 'animal',
  version: 'v1alpha1',
  kind: 'Cat',
  plural: 'cats',
  namespaced: true,
  storageVersion: true,
  subresources: [{ name: 'status', type: 'status' }],
};
const summary: ResourceRecord = {
  group: 'animal',
  version: 'v1alpha1',
  kind: 'PodSummary',
  plural: 'podsummaries',
  namespaced: true,
  storageVersion: true,
  subresources: [],
  storage: 'handler',
  verbs: ['get', 'list'],
};

describe('pkg/ files by feature', () => {
  it('init repo writes none of the feature files', () => {
    const tree = initTree();
    for (const paths of [EVENTS, SCALE, CONNECTOR, ACTION, FOREIGN, HANDLER]) assert.deepEqual(has(tree, paths), all(paths, false));
    assert.ok(tree.read('pkg/registry/strategy.go') !== undefined);
  });

  it('a server without etcd gets no Events; its first etcd kind brings them, once', () => {
    const tree = initTree();
    addResource(tree, summary);
    assert.deepEqual(has(tree, EVENTS), all(EVENTS, false));
    addResource(tree, cat);
    assert.deepEqual(has(tree, EVENTS), all(EVENTS, true));
    assert.match(tree.read('pkg/cmd/server/events.go')!, /"event-ttl"/);
    assert.match(tree.read('pkg/cmd/server/events.go')!, /^package server$/m);
    assert.doesNotMatch(tree.read('pkg/cmd/server/start.go')!, /event-ttl|EventTTL/);

    // The same command again changes nothing; an edited feature file is kept.
    const edited = `${tree.read('pkg/registry/events.go')}\n// mine\n`;
    tree.write('pkg/registry/events.go', edited);
    const before = new Map(EVENTS.map((p) => [p, tree.read(p)]));
    addResource(tree, cat);
    for (const p of EVENTS) assert.equal(tree.read(p), before.get(p), p);
  });

  it('the first kind served by its handler brings the handler store, and an etcd kind does not', () => {
    const tree = initTree();
    addResource(tree, cat);
    assert.deepEqual(has(tree, HANDLER), all(HANDLER, false));
    addResource(tree, summary);
    assert.deepEqual(has(tree, HANDLER), all(HANDLER, true));
    assert.match(tree.read('pkg/registry/handler.go')!, /func NewHandlerStore\[/);
  });

  it('the first scale subresource brings the code that serves it', () => {
    const tree = initTree();
    addResource(tree, { ...cat, subresources: [{ name: 'status', type: 'status' }] });
    tree.write(
      'pkg/apis/animal/v1alpha1/cat_types.go',
      tree
        .read('pkg/apis/animal/v1alpha1/cat_types.go')!
        .replace(/type CatSpec struct \{/, 'type CatSpec struct {\n\tReplicas *int32 `json:"replicas,omitempty"`'),
    );
    assert.deepEqual(has(tree, SCALE), all(SCALE, false));
    addSubresource(tree, 'Cat', { name: 'scale', type: 'scale' });
    assert.deepEqual(has(tree, SCALE), all(SCALE, true));
    assert.match(tree.read('pkg/registry/scale.go')!, /func \(s \*Scale\[T\]\) newREST/);
  });

  it('the first arbitrary and connector subresources bring their registry code', () => {
    const tree = initTree();
    addResource(tree, cat);
    assert.deepEqual(has(tree, [...CONNECTOR, ...ACTION]), all([...CONNECTOR, ...ACTION], false));
    addSubresource(tree, 'Cat', { name: 'feed', type: 'arbitrary', kind: 'CatFeed' });
    assert.deepEqual(has(tree, ACTION), all(ACTION, true));
    assert.deepEqual(has(tree, CONNECTOR), all(CONNECTOR, false));
    addSubresource(tree, 'Cat', { name: 'log', type: 'connector', kind: 'CatLogOptions' });
    assert.deepEqual(has(tree, CONNECTOR), all(CONNECTOR, true));
    assert.match(tree.read('pkg/registry/connector.go')!, /Copyright 2026 The Zoo Authors/);
  });

  it('the first subresource of a resource another server serves brings the foreign registry code and route', () => {
    const tree = initTree();
    const record = {
      forKind: 'apps/v1/Deployment',
      subresource: 'compositions',
      group: 'apps',
      version: 'v1alpha1',
      kind: 'DeploymentComposition',
    };
    const add = () => {
      const project = loadProject(tree);
      generateForeignSubresource(tree, project, record, foreignModel(projectModel(project, boilerplate, '0.0.0'), record), {
        force: false,
      });
    };
    add();
    assert.deepEqual(has(tree, FOREIGN), all(FOREIGN, true));
    assert.deepEqual(has(tree, EVENTS), all(EVENTS, false));
    const before = FOREIGN.map((p) => tree.read(p));
    add();
    assert.deepEqual(
      FOREIGN.map((p) => tree.read(p)),
      before,
    );
  });
});
