import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, read, sh, tempDir } from '../helpers/cli.js';

/**
 * The golden projects, fast tier: scripts/golden.sh's calls of the real binary with --skip-go render every file
 * apiboot writes through its tree, in seconds, and each must be byte for byte the committed one. What only Go writes
 * (go.sum, the generated code, the API rule list) is left to the full tier, test/e2e/golden.test.ts; go.mod, which
 * go mod tidy completes, must keep every line apiboot wrote.
 */

const GOLDEN = [
  ['zoo', 'test/golden/zoo'],
  ['meter', 'test/golden/meter'],
  ['catdemo', 'examples/catdemo'],
] as const;

/** Written by go mod tidy and the code generators, not by apiboot's templates. */
const GO_WRITES = ['go.sum', 'go.mod', 'zz_generated.*', 'generated', 'api-rule-violations.list'];

/** The lines of a go.mod's require blocks and single requires, as "module version". */
function requires(gomod: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of gomod.split('\n')) {
    if (/^require \($/.test(line)) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    else if (inBlock) out.push(line.trim().replace(/\s*\/\/ indirect$/, ''));
    else if (line.startsWith('require '))
      out.push(
        line
          .slice(8)
          .trim()
          .replace(/\s*\/\/ indirect$/, ''),
      );
  }
  return out.filter(Boolean);
}

describe('golden projects without Go', () => {
  const out = tempDir('golden-fast');
  sh('bash', [join(REPO_ROOT, 'scripts/golden.sh'), '--skip-go', out], REPO_ROOT);

  for (const [name, committed] of GOLDEN) {
    it(`${committed}: every file apiboot renders is the committed one`, () => {
      const excludes = GO_WRITES.flatMap((p) => ['-x', p]);
      const r = spawnSync('diff', ['-r', '-u', ...excludes, join(REPO_ROOT, committed), join(out, name)], { encoding: 'utf8' });
      assert.equal(
        r.status,
        0,
        `${committed} differs from scripts/golden.sh --skip-go (run scripts/golden.sh --update and review):\n${r.stdout.slice(0, 4000)}`,
      );
      // Something was compared: the PROJECT record and the server's main package at least.
      assert.equal(read(join(out, name), 'PROJECT'), read(REPO_ROOT, join(committed, 'PROJECT')));
      assert.equal(read(join(out, name), 'cmd/apiserver/main.go'), read(REPO_ROOT, join(committed, 'cmd/apiserver/main.go')));
    });

    it(`${committed}: go.mod keeps every line apiboot wrote once go mod tidy has run`, () => {
      const rendered = read(join(out, name), 'go.mod');
      const tidied = read(REPO_ROOT, join(committed, 'go.mod'));
      const outside = (gomod: string) =>
        gomod
          .replace(/^require \([\s\S]*?^\)\n/gm, '')
          .replace(/^require .*\n/gm, '')
          .replace(/\n{2,}/g, '\n');
      assert.equal(outside(rendered), outside(tidied), 'module, go and tool directives and comments');
      const kept = new Set(requires(tidied));
      for (const r of requires(rendered)) assert.ok(kept.has(r), `${committed}/go.mod still requires ${r}`);
    });
  }
});
