import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commitChanges } from '../../src/scaffold/commit.js';
import { emit } from '../../src/scaffold/policy.js';
import { Tree, diskBase, memoryBase } from '../../src/scaffold/tree.js';
import { UserError } from '../../src/errors.js';

describe('Tree', () => {
  it('records creates, updates and deletes against its base, and no change for equal content', () => {
    const tree = new Tree(memoryBase({ 'a.txt': 'A', 'b.txt': 'B', 'c.txt': 'C' }));
    tree.write('a.txt', 'A');
    tree.write('b.txt', 'B2');
    tree.delete('c.txt');
    tree.write('d/e.txt', 'E');
    assert.deepEqual(
      tree.changes().map((c) => `${c.kind} ${c.path}`),
      ['UPDATE b.txt', 'DELETE c.txt', 'CREATE d/e.txt'],
    );
    assert.equal(tree.read('b.txt'), 'B2');
    assert.equal(tree.read('c.txt'), undefined);
  });

  it('normalizes paths and refuses ones that leave the root', () => {
    const tree = new Tree();
    tree.write('./x//y.txt', '1');
    assert.equal(tree.read('x/y.txt'), '1');
    assert.throws(() => tree.write('../evil', 'x'), /escapes/);
  });
});

describe('file policy', () => {
  const opts = { force: false };
  it('refuses to overwrite a differing file unless forced, and keeps user files', () => {
    const tree = new Tree(memoryBase({ 'owned.go': 'mine', 'types.go': 'edited' }));
    assert.throws(
      () => emit(tree, 'owned.go', 'new', 'refuse', opts),
      (e) => e instanceof UserError && /--force/.test(e.message),
    );
    emit(tree, 'owned.go', 'new', 'refuse', { force: true });
    assert.equal(tree.read('owned.go'), 'new');
    const kept: string[] = [];
    emit(tree, 'types.go', 'template', 'keep', { force: false, onKept: (p) => kept.push(p) });
    assert.equal(tree.read('types.go'), 'edited');
    assert.deepEqual(kept, ['types.go']);
    emit(tree, 'same.go', 'x', 'refuse', opts);
    emit(tree, 'same.go', 'x', 'refuse', opts);
  });
});

describe('commitChanges', () => {
  it('writes all changes, keeps modes of updated files, and leaves no temporary files', () => {
    const root = mkdtempSync(join(tmpdir(), 'apiboot-commit-'));
    mkdirSync(join(root, 'hack'));
    writeFileSync(join(root, 'hack/run.sh'), 'old', { mode: 0o755 });
    writeFileSync(join(root, 'gone.txt'), 'x');
    const tree = new Tree(diskBase(root));
    tree.write('hack/run.sh', 'new');
    tree.write('certs/tls.key', 'secret', 0o600);
    tree.delete('gone.txt');
    commitChanges(root, tree.changes());
    assert.equal(readFileSync(join(root, 'hack/run.sh'), 'utf8'), 'new');
    assert.equal(statSync(join(root, 'hack/run.sh')).mode & 0o777, 0o755);
    assert.equal(statSync(join(root, 'certs/tls.key')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(root).sort(), ['certs', 'hack']);
    assert.deepEqual(readdirSync(join(root, 'hack')), ['run.sh']);
  });

  it('makes a key 0600 over an existing 0644 file, rewritten or kept as it is, and leaves other modes alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'apiboot-commit-'));
    writeFileSync(join(root, 'new.key'), 'old', { mode: 0o644 });
    writeFileSync(join(root, 'same.key'), 'same', { mode: 0o644 });
    writeFileSync(join(root, 'run.sh'), 'run');
    chmodSync(join(root, 'run.sh'), 0o775);
    let tree = new Tree(diskBase(root));
    tree.write('new.key', 'new', 0o600);
    tree.write('same.key', 'same', 0o600);
    tree.write('run.sh', 'run', 0o755);
    assert.deepEqual(
      tree.changes().map((c) => `${c.kind} ${c.path} ${c.mode?.toString(8)}`),
      ['UPDATE new.key 600', 'UPDATE same.key 600'],
    );
    commitChanges(root, tree.changes());
    for (const key of ['new.key', 'same.key']) assert.equal(statSync(join(root, key)).mode & 0o777, 0o600, key);
    assert.equal(statSync(join(root, 'run.sh')).mode & 0o777, 0o775);
    tree = new Tree(diskBase(root));
    tree.write('same.key', 'same', 0o600);
    assert.deepEqual(tree.changes(), [], 'a private key written again is no change');
  });
});
