import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/cli.js';
import { compareKubeAwareVersions, versionPriority } from '../../src/project/version-order.js';

const sign = (n: number) => Math.sign(n) || 0;

/** The versions of a group, highest priority first. */
const byPriority = (versions: string[]) => [...versions].sort((a, b) => versionPriority(b, versions) - versionPriority(a, versions));

describe('Kubernetes version order', () => {
  it('ranks stability before numbers, as CompareKubeAwareVersionStrings does', () => {
    const ascending = ['v1alpha1', 'v2alpha1', 'v1beta1', 'v1beta2', 'v10beta1', 'v1', 'v2', 'v10'];
    assert.deepEqual([...ascending].reverse().sort(compareKubeAwareVersions), ascending);
    // Not Kubernetes versions: below every version, in reverse byte order among themselves.
    assert.equal(sign(compareKubeAwareVersions('foo', 'v1alpha1')), -1);
    assert.equal(sign(compareKubeAwareVersions('v1gamma1', 'v1alpha1')), -1);
    assert.equal(sign(compareKubeAwareVersions('a', 'b')), 1);
    // Same numbers written differently rank the same.
    assert.equal(compareKubeAwareVersions('v01', 'v1'), 0);
    // A number beyond Go's int makes the version unparsable.
    assert.equal(sign(compareKubeAwareVersions('v9223372036854775808', 'v1alpha1')), -1);
    assert.equal(sign(compareKubeAwareVersions('v9223372036854775807', 'v9223372036854775806')), 1);
  });

  it('gives APIService priorities v2 > v1 > v1beta1 > v2alpha1, and v1 the highest without v2', () => {
    const group = ['v1', 'v1beta1', 'v2alpha1', 'v2'];
    assert.deepEqual(byPriority(group), ['v2', 'v1', 'v1beta1', 'v2alpha1']);
    const withoutV2 = ['v1', 'v1beta1', 'v2alpha1'];
    assert.deepEqual(
      withoutV2.map((v) => versionPriority(v, withoutV2)),
      [25, 20, 15],
    );
    assert.equal(versionPriority('v1', ['v1']), 15);
  });
});

/**
 * Versions for the property test: Kubernetes versions of every stability with small, large and zero-padded numbers,
 * and strings that only look like one.
 */
function versions(): string[] {
  let seed = 22;
  const random = (n: number) => {
    // xorshift32: deterministic, and exact in 32-bit integer arithmetic.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const numbers = ['0', '1', '2', '3', '9', '10', '01', '00', '11', '9223372036854775807', '9223372036854775808', '99999999999999999999'];
  const stabilities = ['', 'alpha', 'beta', 'gamma', 'Beta', 'rc'];
  const odd = [
    '',
    'v',
    'V1',
    'v1.0',
    'v1beta',
    'valpha1',
    'v1 ',
    ' v1',
    'foo',
    'a',
    'b',
    'v-1',
    'v\u0661',
    '\u00e4',
    '\uffff',
    '\u{1f600}',
    'v1\n',
  ];
  const out = new Set<string>(odd);
  while (out.size < 160) {
    const stability = stabilities[random(stabilities.length)]!;
    out.add(`v${numbers[random(numbers.length)]}${stability}${stability ? numbers[random(numbers.length)] : ''}`);
  }
  return [...out];
}

interface GoAnswer {
  signs: number[][];
  groups: string[][];
}

/** Asks k8s.io/apimachinery's CompareKubeAwareVersionStrings, at the version generated projects pin. */
function askGo(question: { versions: string[]; groups: string[][] }, dir: string): GoAnswer {
  for (const f of ['go.mod', 'go.sum']) copyFileSync(join(REPO_ROOT, 'test/golden/zoo', f), join(dir, f));
  copyFileSync(join(REPO_ROOT, 'test/unit/fixtures/version-order/main.go'), join(dir, 'main.go'));
  const r = spawnSync('go', ['run', '-mod=mod', '.'], {
    cwd: dir,
    input: JSON.stringify(question),
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  assert.equal(r.status, 0, `go run failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as GoAnswer;
}

describe('Kubernetes version order against Go', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apiboot-version-order-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compares every pair as CompareKubeAwareVersionStrings, and APIService priorities prefer what discovery prefers', () => {
    const all = versions();
    const valid = all.filter((v) => /^v[1-9][0-9]{0,3}((alpha|beta)[1-9][0-9]{0,3})?$/.test(v));
    const groups = [['v1', 'v1beta1', 'v2alpha1', 'v2'], ['v1', 'v1beta1', 'v2alpha1'], ['v1alpha1', 'v1beta1'], all, valid];
    for (let i = 0; i < 40; i++) groups.push(valid.filter((_, j) => (j * 7 + i) % 5 === 0));
    const go = askGo({ versions: all, groups }, dir);

    let mismatches = 0;
    all.forEach((a, i) =>
      all.forEach((b, j) => {
        const ts = sign(compareKubeAwareVersions(a, b));
        if (ts !== go.signs[i]![j]) {
          mismatches++;
          assert.fail(`compare(${JSON.stringify(a)}, ${JSON.stringify(b)}) is ${ts}, Go says ${go.signs[i]![j]}`);
        }
      }),
    );
    assert.equal(mismatches, 0);
    assert.equal(go.signs.length, all.length);

    groups.forEach((group, g) => {
      const goOrder = go.groups[g]!;
      assert.deepEqual(
        [...group].sort((a, b) => compareKubeAwareVersions(b, a)),
        goOrder,
        `sorted group ${g}`,
      );
      if (g === 3) return; // not a group apiboot accepts: its unparsable strings share priorities
      // The aggregator prefers the highest priority; the server's discovery the first of its scheme's order.
      const priorities = goOrder.map((v) => versionPriority(v, group));
      for (let k = 1; k < priorities.length; k++) {
        assert.ok(
          priorities[k - 1]! > priorities[k]!,
          `group ${g}: ${goOrder[k - 1]} (${priorities[k - 1]}) must outrank ${goOrder[k]} (${priorities[k]})`,
        );
      }
    });
    assert.deepEqual(go.groups[0], ['v2', 'v1', 'v1beta1', 'v2alpha1']);
    assert.deepEqual(go.groups[1], ['v1', 'v1beta1', 'v2alpha1']);
  });
});
