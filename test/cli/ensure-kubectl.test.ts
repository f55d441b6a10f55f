import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

/**
 * test/testbed/ensure-kubectl.sh picks a kubectl without building one when it can. The kubectls here are scripts
 * that answer `kubectl version --client` as a real one does, so no case reaches the minutes-long build.
 */
function fakeKubectl(dir: string, gitVersion: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kubectl');
  writeFileSync(
    file,
    `#!/bin/sh
if [ "$3" = "-o" ]; then printf '{\\n  "clientVersion": {\\n    "major": "1",\\n    "gitVersion": "${gitVersion}"\\n  }\\n}\\n'; else echo "Client Version: ${gitVersion}"; fi
`,
  );
  chmodSync(file, 0o755);
  return file;
}

function ensure(pathDir: string, cache: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', [join(REPO_ROOT, 'test/testbed/ensure-kubectl.sh'), '1.37.2'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${pathDir}:${process.env.PATH}`, APIBOOT_TESTBED_CACHE: cache, ...env },
  });
  return { status: r.status, path: r.stdout.trim().split('\n').pop(), stderr: r.stderr };
}

describe('test bed kubectl', () => {
  it('uses a kubectl on PATH one minor older or newer than the release', () => {
    const root = tempDir('kubectl-skew');
    for (const version of ['v1.36.3', 'v1.37.0', 'v1.38.1']) {
      const onPath = fakeKubectl(join(root, version), version);
      const r = ensure(join(root, version), join(root, 'empty-cache'));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.path, onPath);
      assert.match(r.stderr, new RegExp(`using ${onPath} \\(${version.replace(/\./g, '\\.')}, within one minor of v1\\.37\\.2\\)`));
    }
  });

  it('passes over a kubectl on PATH that is too old, and over one asked to be ignored, for the one built for the release', () => {
    const root = tempDir('kubectl-old');
    const cache = join(root, 'cache');
    const cached = fakeKubectl(join(cache, '1.37.2/bin'), 'v1.37.2');
    fakeKubectl(join(root, 'old'), 'v1.32.4-dispatcher');
    const old = ensure(join(root, 'old'), cache);
    assert.equal(old.status, 0, old.stderr);
    assert.equal(old.path, cached);
    fakeKubectl(join(root, 'near'), 'v1.36.0');
    const forced = ensure(join(root, 'near'), cache, { APIBOOT_TESTBED_BUILD_KUBECTL: '1' });
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(forced.path, cached);
  });
});
