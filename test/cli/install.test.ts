import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

/**
 * apiboot installed the ways users install it, from a fresh clone: the README's install command into a prefix of
 * its own, and the tarball `npm pack` makes. npm reads packages from its cache where it can (--prefer-offline).
 */

const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 5 * 60_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The first command of the README's "Using it" block, without its comment: what a new user types first. */
function readmeInstallCommand(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /## Using it\s+```sh\n([^\n]*)\n/.exec(readme);
  assert.ok(block?.[1], 'README.md has a "Using it" section opening with a sh block');
  return block[1].replace(/#.*$/, '').trim().split(/\s+/);
}

/** The installed binary works outside the clone: its version, and a new project's files. */
function usable(bin: string): void {
  assert.ok(existsSync(bin), `${bin} is installed`);
  assert.equal(run(bin, ['--version'], tempDir('installed')).trim(), VERSION);
  const project = join(tempDir('installed'), 'catdemo');
  mkdirSync(project);
  run(bin, ['init', 'repo', '--domain', 'x.io', '--skip-go'], project);
  for (const f of ['PROJECT', 'go.mod', 'cmd/apiserver/main.go', 'hack/update-codegen.sh']) {
    assert.ok(existsSync(join(project, f)), `init repo wrote ${f}`);
  }
}

describe('install', { timeout: 10 * 60_000 }, () => {
  const clone = join(tempDir('install'), 'apiboot');
  run('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone], REPO_ROOT);

  it("the README's install command gives a working apiboot", () => {
    const command = readmeInstallCommand();
    assert.deepEqual(command.slice(0, 3), ['npm', 'install', '-g'], `README's install line: ${command.join(' ')}`);
    const prefix = tempDir('prefix');
    run(command[0]!, [...command.slice(1), '--prefix', prefix, ...NPM_FLAGS], clone);
    usable(join(prefix, 'bin', 'apiboot'));
  });

  it('npm pack makes a tarball that installs a working apiboot, with only what the CLI runs', () => {
    const out = tempDir('pack');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out, ...NPM_FLAGS], clone)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0]!.files.map((f) => f.path);
    assert.ok(files.includes('dist/src/cli/main.js'), 'the compiled CLI is packed');
    assert.ok(
      files.some((f) => f.startsWith('templates/')),
      'the templates are packed',
    );
    const stray = files.filter((f) => !/^(bin\/|dist\/src\/.*\.js$|templates\/|package\.json$|README\.md$|LICENSE$)/.test(f));
    assert.deepEqual(stray, [], 'nothing but the CLI, its templates and the package files');
    const tarball = join(
      out,
      readdirSync(out).find((f) => f.endsWith('.tgz'))!,
    );
    const prefix = tempDir('prefix');
    run('npm', ['install', '-g', tarball, '--prefix', prefix, ...NPM_FLAGS], out);
    usable(join(prefix, 'bin', 'apiboot'));
  });
});
