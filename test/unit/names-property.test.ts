import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { generateInit } from '../../src/generators/init/index.js';
import { generateResource } from '../../src/generators/resource/index.js';
import { generateSubresource, subresourceKind } from '../../src/generators/subresource/index.js';
import { projectModel, resourceModel } from '../../src/project/model.js';
import {
  validateGroup,
  validateHandlerSubresource,
  validateKind,
  validateOwner,
  validatePlural,
  validateVersion,
} from '../../src/project/names.js';
import { pluralize } from '../../src/project/pluralize.js';
import { findResource, LAYOUT, loadProject, type ProjectRecord, type ResourceRecord } from '../../src/project/record.js';
import { formatGoFiles } from '../../src/scaffold/gofmt.js';
import { renderTemplate } from '../../src/scaffold/templates.js';
import { Tree } from '../../src/scaffold/tree.js';

/**
 * Random names, biased toward the ones that bite (Go's special folders, keywords, generated type names, the API
 * machinery's kinds, import names of pkg/apiserver), go through the same checks and generators as the commands.
 * An accepted name renders Go that gofmt parses; a refused one leaves the in-memory tree byte for byte as it was.
 */
const group = fc.oneof(
  fc.constantFrom(
    'animal',
    'internal',
    'vendor',
    'testdata',
    'meta',
    'autoscaling',
    'registry',
    'apiserver',
    'runtime',
    're',
    'anim',
    'func',
    'type',
    'a',
  ),
  fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/),
);
const version = fc.oneof(fc.constantFrom('v1', 'v1alpha1', 'v2beta1'), fc.stringMatching(/^v[0-9]{1,2}((alpha|beta)[0-9])?$/));
const kind = fc.oneof(
  fc.constantFrom(
    'Cat',
    'CatSpec',
    'CatStatus',
    'CatList',
    'CatFeed',
    'CatLogOptions',
    'Status',
    'ListOptions',
    'WatchEvent',
    'DeleteOptions',
    'Table',
    'Scale',
    'List',
    'Object',
    'Resource',
    'SchemeBuilder',
    'GroupName',
    'Internal',
    'Registry',
    'Runtime',
    'Sources',
    'AlCat',
    'V1',
    'Quiz',
    'Mouse',
    'Cats',
    'Endpoints',
    'Func',
    'Type',
    'Delete',
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/),
);
const subresource = fc.oneof(
  fc.constantFrom('spec', 'list', 'status', 'scale', 'storage', 'feed', 'log', 'options', 'type', 'func', 'linux', 'internal', 'test'),
  fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
);
const owner = fc.oneof(
  fc.constantFrom('The Authors', 'X */ package main /*', 'Tom & Jerry', 'a\nb'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

const plan = fc.record({
  owner,
  kinds: fc.array(fc.record({ group, version, kind }), { minLength: 1, maxLength: 3 }),
  subresources: fc.array(
    fc.record({ of: fc.nat(), type: fc.constantFrom('arbitrary' as const, 'connector' as const), name: subresource }),
    { maxLength: 2 },
  ),
});

function contents(tree: Tree): Record<string, string | undefined> {
  return Object.fromEntries(tree.writtenPaths().map((p) => [p, tree.read(p)]));
}

/** Runs a step; a refusal must be a UserError and change nothing in the tree. Returns whether it was accepted. */
function step(tree: Tree, run: () => void): boolean {
  const before = contents(tree);
  try {
    run();
    return true;
  } catch (e) {
    assert.ok(e instanceof UserError, `a refusal is a UserError, not ${String(e)}`);
    assert.deepEqual(contents(tree), before, 'a refusal changes nothing');
    return false;
  }
}

describe('random names (fast-check)', () => {
  it('are refused without a change, or accepted and render Go that gofmt parses', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(plan, (p) => {
        const tree = new Tree();
        const record: ProjectRecord = {
          layout: LAYOUT,
          cliVersion: '0.0.0',
          projectName: 'zoo',
          domain: 'demo.io',
          module: 'demo.io/zoo',
          kubernetesVersion: '1.37.2',
          resources: [],
        };
        const ownerOk = step(tree, () => validateOwner(p.owner));
        const theOwner = ownerOk ? p.owner : 'The Authors';
        const boilerplate = renderTemplate('project/hack/boilerplate.go.txt', { year: 2026, owner: theOwner });
        generateInit(tree, record, { ...projectModel(record, boilerplate, '0.0.0'), owner: theOwner }, { force: false });
        const base = () => projectModel(loadProject(tree), boilerplate, '0.0.0');
        const made: ResourceRecord[] = [];
        for (const k of p.kinds) {
          const ok = step(tree, () => {
            validateGroup(k.group);
            validateVersion(k.version);
            validateKind(k.kind);
            const plural = pluralize(k.kind);
            validatePlural(plural);
            const resource: ResourceRecord = {
              ...k,
              plural,
              namespaced: true,
              subresources: [{ name: 'status', type: 'status' }],
              storageVersion: true,
            };
            generateResource(tree, loadProject(tree), resource, resourceModel(base(), resource), { force: false });
            made.push(resource);
          });
          ok ? accepted++ : refused++;
        }
        for (const s of p.subresources) {
          if (made.length === 0) break;
          const ok = step(tree, () => {
            validateHandlerSubresource(s.name);
            const project = loadProject(tree);
            const target = made[s.of % made.length]!;
            const resource = findResource(project, target.group, target.version, target.kind)!;
            const sub = { name: s.name, type: s.type, kind: subresourceKind(resource.kind, s) };
            generateSubresource(tree, project, resource, sub, resourceModel(base(), resource), { force: false });
          });
          ok ? accepted++ : refused++;
        }
        // gofmt parses every file, or throws (a template bug).
        formatGoFiles(tree);
      }),
      { numRuns: 40, seed: 20260101 },
    );
    assert.ok(accepted > 0 && refused > 0, `both outcomes were tried: ${accepted} accepted, ${refused} refused`);
  });
});
