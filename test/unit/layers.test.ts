import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

/**
 * The layer rule is checked by dependency-cruiser with the repository's own configuration (npm run layers). Here it
 * runs over a scratch copy of src/ with one deliberate breach at a time, so a rule that stopped catching it fails.
 */

const DEPCRUISE = join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function scratchCopy(): string {
  const dir = tempDir('layers');
  cpSync(join(REPO_ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
    cpSync(join(REPO_ROOT, f), join(dir, f));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function layers(dir: string): { status: number; output: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: r.status ?? -1, output: r.stdout + r.stderr };
}

describe('layer rule', () => {
  const dir = scratchCopy();

  it('passes on src as it is', () => {
    const r = layers(dir);
    assert.equal(r.status, 0, r.output);
  });

  it('fails on an upward import: scaffold importing the CLI', () => {
    appendFileSync(join(dir, 'src/scaffold/tree.ts'), "\nexport { main as upward } from '../cli/main.js';\n");
    const r = layers(dir);
    assert.notEqual(r.status, 0, r.output);
    assert.match(r.output, /no-upward-import-from-scaffold: src\/scaffold\/tree\.ts → src\/cli\/main\.ts/);
  });

  it('fails on an import cycle within a layer', () => {
    const fresh = scratchCopy();
    writeFileSync(
      join(fresh, 'src/scaffold/ping.ts'),
      "import { pong } from './pong.js';\nexport const ping = (): number => pong() + 1;\n",
    );
    writeFileSync(
      join(fresh, 'src/scaffold/pong.ts'),
      "import { ping } from './ping.js';\nexport const pong = (): number => ping() - 1;\n",
    );
    const r = layers(fresh);
    assert.notEqual(r.status, 0, r.output);
    assert.match(r.output, /no-circular: src\/scaffold\/p[io]ng\.ts/);
  });

  it('fails when a leaf module imports another module of src', () => {
    const fresh = scratchCopy();
    appendFileSync(join(fresh, 'src/errors.ts'), "\nexport type { Task as LeafBreach } from './task.js';\n");
    const r = layers(fresh);
    assert.notEqual(r.status, 0, r.output);
    assert.match(r.output, /leaf-modules-import-nothing: src\/errors\.ts → src\/task\.ts/);
  });
});
