import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { run, tail } from '../../src/toolchain/exec.js';

describe('running tools', () => {
  it('names a missing tool in one sentence', async () => {
    await assert.rejects(
      run('no-such-tool-for-apiboot', [], { cwd: '/' }, 'no-such-tool-for-apiboot is missing; install it.'),
      (e: unknown) => e instanceof UserError && e.message === 'no-such-tool-for-apiboot is missing; install it.',
    );
  });

  it('reports a failing tool with its exit code and the end of its output', async () => {
    const failing = run('sh', ['-c', 'for i in $(seq 1 60); do echo line $i; done; exit 3'], { cwd: '/' });
    await assert.rejects(failing, (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, '"sh -c for i in $(seq 1 60); do echo line $i; done; exit 3" failed (exit code 3) in /.');
      assert.equal(e.detail?.split('\n').length, 40);
      assert.match(e.detail ?? '', /line 21\n[^]*line 60$/);
      return true;
    });
  });

  it('passes standard input when given, and none otherwise', async () => {
    assert.equal(await run('cat', [], { cwd: '/', input: 'hello' }), 'hello');
    assert.equal(await run('cat', [], { cwd: '/' }), '');
    assert.equal(tail('a\nb\nc\n\n', 2), 'b\nc');
  });
});
