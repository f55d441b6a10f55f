import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { emit } from '../../src/scaffold/policy.js';
import { memoryBase, Tree } from '../../src/scaffold/tree.js';
import { blobId, editState, recordWritten, WRITTEN_RECORD } from '../../src/scaffold/written.js';

/** A tree over files on "disk", after the commands that wrote `record`'s files. */
function treeWith(files: Record<string, string>, record?: Record<string, string>): Tree {
  return new Tree(memoryBase(record ? { ...files, [WRITTEN_RECORD]: JSON.stringify({ files: record }) } : files));
}

const recorded = (tree: Tree) => (JSON.parse(tree.read(WRITTEN_RECORD) ?? '{}') as { files: Record<string, string> }).files;

describe('the record of what apiboot wrote', () => {
  it('names content by the id git gives it', () => {
    const text = 'package v1\n\n// Zoë\n';
    const git = spawnSync('git', ['hash-object', '--stdin'], { input: text, encoding: 'utf8' });
    assert.equal(blobId(text), git.stdout.trim());
  });

  it('tells a file as apiboot wrote it from an edited one, and knows nothing without a record', () => {
    const tree = treeWith({ 'a.go': 'a\n', 'b.go': 'b edited\n', 'c.go': 'c\n' }, { 'a.go': blobId('a\n'), 'b.go': blobId('b\n') });
    assert.equal(editState(tree, 'a.go'), 'as-written');
    assert.equal(editState(tree, 'b.go'), 'edited');
    assert.equal(editState(tree, 'c.go'), 'unknown');
    tree.write('a.go', 'changed by this command\n');
    assert.equal(editState(tree, 'a.go'), 'as-written', 'the state is the one the command found');
    assert.equal(editState(treeWith({ 'a.go': 'a\n' }), 'a.go'), 'unknown');
  });

  it('records new and regenerated files, keeps an edited file edited after an insertion, and drops deleted ones', () => {
    const tree = treeWith(
      { 'clean.go': 'clean\n', 'edited.go': 'edited by you\n', 'gone.go': 'x\n', 'same.go': 'same\n' },
      { 'clean.go': blobId('clean\n'), 'edited.go': blobId('edited\n'), 'gone.go': blobId('x\n') },
    );
    tree.write('new.go', 'new\n');
    tree.write('clean.go', 'clean\n+ entry\n');
    tree.write('edited.go', 'edited by you\n+ entry\n');
    tree.delete('gone.go');
    emit(tree, 'same.go', 'same\n', 'keep', { force: false });
    recordWritten(tree);
    const files = recorded(tree);
    assert.equal(files['new.go'], blobId('new\n'));
    assert.equal(files['clean.go'], blobId('clean\n+ entry\n'));
    assert.equal(files['edited.go'], blobId('edited\n'), 'still differs from the file: still edited');
    assert.equal(files['gone.go'], undefined);
    assert.equal(files['same.go'], blobId('same\n'), 'rendered again unchanged: now known');
  });

  it("lets --force or a refused-but-untouched file make the content apiboot's again", () => {
    const tree = treeWith(
      { 'storage.go': 'old template\n', 'types.go': 'yours\n' },
      { 'storage.go': blobId('old template\n'), 'types.go': blobId('template\n') },
    );
    emit(tree, 'storage.go', 'new template\n', 'refuse', { force: false });
    assert.equal(tree.read('storage.go'), 'new template\n', 'unchanged by the user: replaced, not refused');
    const kept: string[] = [];
    emit(tree, 'types.go', 'template 2\n', 'keep', { force: false, onKept: (p) => kept.push(p) });
    assert.deepEqual(kept, ['types.go']);
    assert.throws(
      () => emit(treeWith({ 's.go': 'yours\n' }, { 's.go': blobId('mine\n') }), 's.go', 'template\n', 'refuse', { force: false }),
      /already exists with other content/,
    );
    emit(tree, 'types.go', 'template 2\n', 'keep', { force: true });
    recordWritten(tree);
    assert.equal(recorded(tree)['types.go'], blobId('template 2\n'));
    assert.equal(recorded(tree)['storage.go'], blobId('new template\n'));
  });

  it('writes no record for a tree that generated nothing and had none', () => {
    const tree = treeWith({});
    tree.write('config/out.yaml', 'x: 1\n');
    recordWritten(tree);
    assert.equal(tree.read(WRITTEN_RECORD), undefined);
  });
});
