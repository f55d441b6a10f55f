import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { apiboot, initProject, refused as refusedWithoutWriting, snapshot, tempDir } from '../helpers/cli.js';

/** The real binary on names a user may pass: what is refused is one sentence, exit 1 and not a byte written. */

const newProject = () => initProject('zoo', 'names');

const RESOURCE = ['create', 'resource', '--skip-go'];
const SUB = ['create', 'subresource', '--skip-go'];
const gvk = (group: string, version: string, kind: string) => ['--group', group, '--version', version, '--kind', kind];

describe('names that would not build', () => {
  it('refuses Go special folders, generated type names and the API machinery kinds', () => {
    const dir = newProject();
    assert.equal(apiboot([...RESOURCE, ...gvk('animal', 'v1', 'Cat')], dir).status, 0);
    refusedWithoutWriting(
      [...RESOURCE, ...gvk('internal', 'v1', 'Dog')],
      dir,
      /group "internal" would name the folder pkg\/apis\/internal, which Go lets only its parent folder import/,
    );
    refusedWithoutWriting([...RESOURCE, ...gvk('vendor', 'v1', 'Dog')], dir, /group "vendor"/);
    refusedWithoutWriting(
      [...RESOURCE, ...gvk('animal', 'v1', 'CatSpec')],
      dir,
      /The kind CatSpec and the spec type of the kind Cat would both be named CatSpec in package pkg\/apis\/animal\/v1 \(Go allows one declaration/,
    );
    refusedWithoutWriting([...RESOURCE, ...gvk('animal', 'v1', 'CatStatus')], dir, /CatStatus/);
    for (const meta of ['Status', 'ListOptions', 'WatchEvent', 'DeleteOptions', 'Table', 'Scale', 'List', 'Object']) {
      refusedWithoutWriting([...RESOURCE, ...gvk('animal', 'v1', meta)], dir, /API machinery already defines in every group version/);
    }
    refusedWithoutWriting([...RESOURCE, ...gvk('animal', 'v1', 'Resource')], dir, /a declaration of register\.go/);
    refusedWithoutWriting([...RESOURCE, ...gvk('meta', 'v1', 'Dog')], dir, /would both be named metav1 in package pkg\/apiserver/);
    refusedWithoutWriting(
      [...SUB, ...gvk('animal', 'v1', 'Cat'), '--type', 'arbitrary', '--subresource', 'spec'],
      dir,
      /subresource cats\/spec and the spec type of the kind Cat would both be named CatSpec/,
    );
    refusedWithoutWriting(
      [...SUB, ...gvk('animal', 'v1', 'Cat'), '--type', 'arbitrary', '--subresource', 'list'],
      dir,
      /kind CatList already exists/,
    );
    // A subresource kind next to it is taken in the other direction too.
    assert.equal(apiboot([...SUB, ...gvk('animal', 'v1', 'Cat'), '--type', 'arbitrary', '--subresource', 'feed'], dir).status, 0);
    refusedWithoutWriting(
      [...RESOURCE, ...gvk('animal', 'v1', 'CatFeed')],
      dir,
      /The kind CatFeed and the kind of the subresource cats\/feed/,
    );
    refusedWithoutWriting(
      [
        'create',
        'subresource',
        '--for-kind',
        'v1/Pod',
        '--subresource',
        'summaries',
        '--version',
        'v1',
        '--group',
        'animal',
        '--kind',
        'Status',
        '--skip-go',
      ],
      dir,
      /API machinery/,
    );
  });

  it('refuses an owner that would end the header comment of Go files', () => {
    const dir = tempDir('owner');
    refusedWithoutWriting(
      ['init', 'repo', '--domain', 'demo.io', '--owner', 'X */ package main /*', '--skip-go'],
      dir,
      /The owner "X \*\/ package main \/\*" cannot go into the header comment of Go files/,
    );
    refusedWithoutWriting(
      ['init', 'repo', '--domain', 'demo.io', '--owner', 'two\nlines', '--skip-go'],
      dir,
      /cannot go into the header comment/,
    );
    refusedWithoutWriting(['init', 'repo', '--domain', 'demo.io', '--owner', 'Zoë /* and */ Co', '--skip-go'], dir, /without "\*\/"/);
    const r = apiboot(['init', 'repo', '--domain', 'demo.io', '--owner', 'Tom & Jerry /* of Zoë', '--skip-go'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'hack/boilerplate.go.txt'), 'utf8'), /^Copyright 2026 Tom & Jerry \/\* of Zoë\.$/m);
  });
});

describe('plurals', () => {
  it('are printed with the singular when a resource is created, and --resource overrides them', () => {
    const dir = newProject();
    for (const [kind, plural, singular] of [
      ['Quiz', 'quizzes', 'quiz'],
      ['Mouse', 'mice', 'mouse'],
      ['Child', 'children', 'child'],
      ['Person', 'people', 'person'],
      ['Endpoints', 'endpoints', 'endpoints'],
    ]) {
      const r = apiboot([...RESOURCE, ...gvk('animal', 'v1', kind!)], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stdout,
        new RegExp(
          `^Resource ${plural} \\(singular ${singular}\\) of kind ${kind} in animal\\.demo\\.io/v1; pass --resource to choose another plural\\.$`,
          'm',
        ),
      );
      assert.match(readFileSync(join(dir, 'PROJECT'), 'utf8'), new RegExp(`kind: ${kind}\\n\\s+plural: ${plural}\\n`));
    }
    const r = apiboot([...RESOURCE, ...gvk('animal', 'v1', 'Goose'), '--resource', 'gooses'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Resource gooses \(singular goose\) of kind Goose in animal\.demo\.io\/v1\.$/m);
    assert.match(readFileSync(join(dir, 'pkg/registry/animal/goose/storage.go'), 'utf8'), /Resource\("gooses"\)/);
    // A kind that is already plural keeps its form, so it takes the plural of its singular twin.
    refusedWithoutWriting([...RESOURCE, ...gvk('animal', 'v1', 'Quizzes')], dir, /resource name "quizzes" is already used by Quiz/);
  });
});

describe('random names through the CLI (fast-check)', () => {
  it('are refused without changing a byte, or accepted', () => {
    const dir = newProject();
    assert.equal(apiboot([...RESOURCE, ...gvk('animal', 'v1', 'Cat')], dir).status, 0);
    let refusals = 0;
    const name = fc.oneof(
      fc.constantFrom('internal', 'Status', 'CatSpec', 'WatchEvent', 'spec', 'Cat', 'meta', 'v1', 'Table'),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/),
    );
    fc.assert(
      fc.property(name, name, fc.constantFrom('v1', 'v1beta1', 'V2'), name, (group, kind, version, sub) => {
        for (const args of [
          [...RESOURCE, ...gvk(group.toLowerCase() === group ? group : group.toLowerCase(), version, kind)],
          [...RESOURCE, ...gvk('animal', 'v1', kind)],
          [...SUB, ...gvk('animal', 'v1', 'Cat'), '--type', 'arbitrary', '--subresource', sub.toLowerCase()],
        ]) {
          const before = snapshot(dir);
          const r = apiboot(args, dir);
          if (r.status !== 0) {
            refusals++;
            assert.equal(r.status, 1, r.stderr);
            assert.match(r.stderr, /^Error: [^\n]+\.\n$/);
            assert.deepEqual(snapshot(dir), before, `apiboot ${args.join(' ')} was refused and wrote nothing`);
          }
        }
      }),
      { numRuns: 6, seed: 4242 },
    );
    assert.ok(refusals > 0, 'some names were refused');
  });
});
