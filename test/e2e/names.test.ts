import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { apiboot, sh, tempDir } from '../helpers/cli.js';

/**
 * Unusual names apiboot accepts build: one project holds a few kinds and subresources with names chosen to sit next
 * to Go's and the generated code's own (groups and kinds named registry, runtime, apiserver, scheme; subresources
 * named after keywords and GOOS values; an owner with a comment opener), plus a sample of random names drawn from a
 * fixed seed. Every name the CLI accepts must give a project that go build and go vet pass, with real code generation.
 */

const SEED = 20261202;

/** Random groups and kinds from the seed: lowercase labels and UpperCamel names, some short, some with digits. */
function sampledKinds(): Array<{ group: string; version: string; kind: string }> {
  const arb = fc.record({
    group: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
    version: fc.constantFrom('v1', 'v1alpha1', 'v2beta1'),
    kind: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,6}$/),
  });
  return fc.sample(arb, { seed: SEED, numRuns: 12 });
}

describe('unusual names that apiboot accepts', () => {
  it('build and pass go vet in one generated project', () => {
    const dir = join(tempDir('e2e-names'), 'oddzoo');
    mkdirSync(dir);
    const run = (args: string[]) => apiboot([...args, '--skip-go'], dir);
    const must = (args: string[]) => {
      const r = run(args);
      assert.equal(r.status, 0, `apiboot ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
      return r;
    };
    must(['init', 'repo', '--domain', 'odd.example.io', '--module', 'odd.example.io/team~x/odd.zoo', '--owner', 'Zoë & Co /* since 2020']);
    const accepted: string[] = [];
    const add = (group: string, version: string, kind: string): boolean => {
      const r = run(['create', 'resource', '--group', group, '--version', version, '--kind', kind]);
      if (r.status === 0) accepted.push(`${group}/${version}/${kind}`);
      else assert.match(r.stderr, /^Error: [^\n]+\.\n$/, 'a refusal is one sentence');
      return r.status === 0;
    };
    for (const [group, version, kind] of [
      ['registry', 'v1', 'Registry'],
      ['runtime', 'v1beta1', 'Runtime'],
      ['apiserver', 'v1', 'Scheme'],
      ['registry', 'v1', 'Options'],
      ['registry', 'v1', 'Quiz'],
      ['registry', 'v1', 'V2'],
    ] as const) {
      assert.ok(add(group, version, kind), `${group}/${version}/${kind} is accepted`);
    }
    // A few of the random ones; refusals are fine (their rule is checked elsewhere), acceptances must build.
    let sampled = 0;
    for (const k of sampledKinds()) {
      if (sampled === 3) break;
      if (add(k.group, k.version, k.kind)) sampled++;
    }
    assert.equal(sampled, 3, `three random kinds were accepted: ${accepted.join(', ')}`);

    const quiz = ['--group', 'registry', '--version', 'v1', '--kind', 'Quiz'];
    must(['create', 'subresource', ...quiz, '--type', 'arbitrary', '--subresource', 'linux']);
    must(['create', 'subresource', ...quiz, '--type', 'arbitrary', '--subresource', 'type']);
    must(['create', 'subresource', ...quiz, '--type', 'connector', '--subresource', 'list']);
    must(['create', 'subresource', ...quiz, '--type', 'scale']);
    must(['create', 'subresource', '--for-kind', 'apps/v1/Deployment', '--subresource', 'func', '--version', 'v1', '--group', 'registry']);
    assert.match(readFileSync(join(dir, 'PROJECT'), 'utf8'), /kind: Quiz\n\s+plural: quizzes\n/);

    sh('go', ['mod', 'tidy', '-e'], dir);
    const g = apiboot(['generate'], dir);
    assert.equal(g.status, 0, g.stderr + g.stdout);
    sh('go', ['mod', 'tidy'], dir);
    sh('go', ['build', './...'], dir);
    sh('go', ['vet', './...'], dir);
    assert.equal(sh('gofmt', ['-l', '.'], dir), '', 'gofmt -l lists no file');
  });
});
