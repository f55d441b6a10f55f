import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMIT_DIR, pendingCommit, recoverCommit } from '../../src/scaffold/commit.js';
import { lockProject, LOCK_FILE, unlockProject } from '../../src/scaffold/lock.js';

/** A commit folder as a killed commit leaves it: staged files, and the journal when it got that far. */
function killedCommit(journal: boolean): string {
  const root = mkdtempSync(join(tmpdir(), 'apiboot-recover-'));
  writeFileSync(join(root, 'a.txt'), 'old a');
  writeFileSync(join(root, 'gone.txt'), 'x');
  const dir = join(root, COMMIT_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '0'), 'new a');
  // The rename of file 1 was done before the kill: only its target is left.
  mkdirSync(join(root, 'new'));
  writeFileSync(join(root, 'new/b.txt'), 'new b');
  if (journal) {
    writeFileSync(
      join(dir, 'journal.json'),
      JSON.stringify({
        renames: [
          ['0', 'a.txt'],
          ['1', 'new/b.txt'],
        ],
        deletes: ['gone.txt'],
      }),
    );
  }
  return root;
}

describe('recoverCommit', () => {
  it('rolls a commit that passed its journal forward, repeating only what is left', () => {
    const root = killedCommit(true);
    assert.equal(pendingCommit(root), true);
    assert.equal(recoverCommit(root), 'completed');
    assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'new a');
    assert.equal(readFileSync(join(root, 'new/b.txt'), 'utf8'), 'new b');
    assert.equal(existsSync(join(root, 'gone.txt')), false);
    assert.deepEqual(readdirSync(root).sort(), ['a.txt', 'new'], 'no .apiboot left');
    assert.equal(recoverCommit(root), 'none');
  });

  it('removes the staged files of a commit killed before its journal', () => {
    const root = killedCommit(false);
    assert.equal(pendingCommit(root), false);
    assert.equal(recoverCommit(root), 'rolled back');
    assert.equal(readFileSync(join(root, 'a.txt'), 'utf8'), 'old a');
    assert.equal(existsSync(join(root, 'gone.txt')), true);
    assert.equal(existsSync(join(root, '.apiboot')), false);
  });
});

describe('lockProject', () => {
  it('writes the owner pid, is re-entrant, and leaves nothing when released', () => {
    const root = mkdtempSync(join(tmpdir(), 'apiboot-lock-'));
    lockProject(root);
    lockProject(root);
    assert.equal(readFileSync(join(root, LOCK_FILE), 'utf8'), `${process.pid}\n`);
    unlockProject(root);
    assert.deepEqual(readdirSync(root), []);
  });
});
