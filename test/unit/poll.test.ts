import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pollUntil } from '../../src/run/poll.js';

/** A read that returns the given values in turn, counting its calls. */
function reads<T>(values: T[]) {
  let calls = 0;
  return { read: async () => values[Math.min(calls++, values.length - 1)]!, calls: () => calls };
}

describe('pollUntil', () => {
  it('reads until done, reporting every value before judging it, and returns the value it stopped on', async () => {
    const r = reads([1, 2, 3, 4]);
    const lines: string[] = [];
    const result = await pollUntil(
      r.read,
      (n) => n >= 3,
      (n) => `at ${n}`,
      60_000,
      (l) => lines.push(l),
      1,
    );
    assert.deepEqual(result, { value: 3, done: true });
    assert.deepEqual(lines, ['at 1', 'at 2', 'at 3']);
    assert.equal(r.calls(), 3, 'no read after done');
  });

  it('gives up after the deadline without throwing, with the last value read and reported', async () => {
    const r = reads(['waiting']);
    const lines: string[] = [];
    const started = Date.now();
    const result = await pollUntil(
      r.read,
      () => false,
      (s) => s,
      50,
      (l) => lines.push(l),
      10,
    );
    assert.deepEqual(result, { value: 'waiting', done: false });
    assert.ok(Date.now() - started >= 50, 'it waited for the deadline');
    assert.ok(r.calls() >= 2, `it read again while time remained (${r.calls()} reads)`);
    assert.equal(lines.length, r.calls(), 'one progress line a read');
  });

  it('reads once with a zero timeout, and is done at once when the first read is', async () => {
    const never = reads([0]);
    assert.deepEqual(
      await pollUntil(
        never.read,
        () => false,
        String,
        0,
        () => {},
        1_000_000,
      ),
      { value: 0, done: false },
    );
    assert.equal(never.calls(), 1);
    const now = reads([7]);
    assert.deepEqual(
      await pollUntil(
        now.read,
        (n) => n === 7,
        String,
        0,
        () => {},
        1_000_000,
      ),
      { value: 7, done: true },
    );
  });

  it('waits the interval between reads', async () => {
    const r = reads([1, 2]);
    const started = Date.now();
    await pollUntil(
      r.read,
      (n) => n === 2,
      String,
      60_000,
      () => {},
      120,
    );
    assert.ok(Date.now() - started >= 110, `${Date.now() - started} ms for two reads 120 ms apart`);
  });
});
