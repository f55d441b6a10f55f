import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { freePort } from '../../src/run/ports.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { allProcesses } from '../helpers/run-local.js';

it("the README's first command scaffolds the Cat example, serves it, creates a Cat and shows it", async () => {
  const port = await freePort();
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts/demo.sh')], {
    encoding: 'utf8',
    env: { ...process.env, APIBOOT_DEMO_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30 * 60_000,
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /cat\.animal\.demo\.io\/tom created/);
  assert.match(r.stdout, /^NAME\s+DISPLAY NAME\s+REPLICAS\s+AGE\ntom\s+Tom\s+1\s+\S+/m);
  assert.match(r.stdout, /^  uid: \S+/m);
  assert.match(r.stdout, /^apiboot: stopping$/m);
  const project = /starting the server on https:\/\/127\.0\.0\.1:\d+/.test(r.stdout);
  assert.ok(project, 'run local started the server');
  // A fresh project builds the server and etcd in one go build, and says how long it took.
  assert.match(r.stdout, /^apiboot: building bin\/apiserver and bin\/etcd \(etcd from the project's Go module graph, once\)$/m);
  assert.match(r.stdout, /^apiboot: building bin\/apiserver and bin\/etcd .*: done in \d+(\.\d)? (s|min \d\d s)$/m);
  assert.deepEqual(
    allProcesses().filter((p) => /\/catdemo\/bin\/(apiserver|etcd) /.test(p.cmd)),
    [],
    'nothing left running',
  );
});
