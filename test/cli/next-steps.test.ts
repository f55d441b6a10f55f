import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiboot, snapshot, tempDir } from '../helpers/cli.js';

/** Every command ends with what to run next; the same command again changes nothing and exits 0. */

const CAT = ['--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];

/** The command's hint block: the lines after "Next:". */
function next(stdout: string): string[] {
  const at = stdout.lastIndexOf('\nNext:\n');
  assert.ok(at >= 0, `a "Next:" hint ends the output:\n${stdout}`);
  return stdout
    .slice(at + 7)
    .trimEnd()
    .split('\n')
    .map((l) => l.trim());
}

describe('next steps and re-runs', () => {
  const dir = join(tempDir('next'), 'catdemo');
  mkdirSync(dir);

  const commands: Array<{ args: string[]; hint: RegExp[] }> = [
    {
      args: ['init', 'repo', '--domain', 'demo.io', '--skip-go'],
      hint: [/^go mod tidy +# skipped by --skip-go$/, /^apiboot create group version resource /],
    },
    {
      args: ['create', 'resource', ...CAT, '--skip-go'],
      hint: [
        /^edit pkg\/apis\/animal\/v1alpha1\/cat_types\.go /,
        /^apiboot generate +# --skip-go skipped go mod tidy and code generation$/,
        /^apiboot run local$/,
      ],
    },
    {
      args: ['create', 'subresource', ...CAT, '--type', 'scale', '--skip-go'],
      hint: [/^apiboot generate +# --skip-go/, /^apiboot run local$/],
    },
    {
      args: ['create', 'subresource', ...CAT, '--subresource', 'feed', '--type', 'arbitrary', '--skip-go'],
      hint: [/^write your handlers in pkg\/registry\/animal\/cat\/feed\.go$/, /^apiboot generate +# --skip-go/, /^apiboot run local$/],
    },
    {
      args: [
        'create',
        'subresource',
        '--for-kind',
        'apps/v1/Deployment',
        '--subresource',
        'compositions',
        '--version',
        'v1alpha1',
        '--skip-go',
      ],
      hint: [/^write your handlers in pkg\/registry\/apps\/deploymentcomposition\/compose\.go$/, /^apiboot generate +# --skip-go/],
    },
    {
      args: ['build', 'config', '--name', 'catdemo-apiserver', '--namespace', 'catdemo-system', '--image', 'catdemo:v1'],
      hint: [/^kubectl apply --server-side -k config /],
    },
  ];

  for (const { args, hint } of commands) {
    it(`apiboot ${args.join(' ')}`, () => {
      const first = apiboot(args, dir);
      assert.equal(first.status, 0, first.stderr);
      const lines = next(first.stdout);
      for (const h of hint)
        assert.ok(
          lines.some((l) => h.test(l)),
          `${h} in:\n${lines.join('\n')}`,
        );
      const before = snapshot(dir);
      const again = apiboot(args, dir);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /^No changes/m);
      assert.deepEqual(next(again.stdout), lines, 'the same hint');
      assert.deepEqual(snapshot(dir), before);
    });
  }
});
