import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { APIBOOT, apiboot, tempDir } from '../helpers/cli.js';

/**
 * A commit survives a kill at any instant: APIBOOT_TEST_CRASH_AFTER=N kills apiboot with SIGKILL after the Nth step of
 * its commit (each staged file, the journal, each rename, each delete, the journal's removal). For every N, the next
 * command first finds the project exactly as before or exactly as after, then completes.
 */

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** apiboot without a shell or a terminal, asynchronously, so that runs can overlap. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [APIBOOT, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Every folder and file under root, files with mode and a hash of their content: equal text, equal trees. */
function treeState(root: string, opts: { skipState?: boolean } = {}): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, e.name);
      const rel = relative(root, full);
      // apiboot's state (a lock, a commit folder) aside; the record of what it wrote is part of the project.
      if (opts.skipState && rel === '.apiboot') {
        const record = join(full, 'written.json');
        if (existsSync(record))
          lines.push(
            `f .apiboot/written.json ${(statSync(record).mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(record)).digest('hex')}`,
          );
        continue;
      }
      if (e.isDirectory()) {
        lines.push(`d ${rel}`);
        walk(full);
      } else {
        lines.push(
          `f ${rel} ${(statSync(full).mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`,
        );
      }
    }
  };
  walk(root);
  return lines.join('\n');
}

const CAT = ['--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];

/** The folders the three commands start from: empty, a bare project, a project with Cat. */
function prepared(): Record<'empty' | 'project' | 'withCat', string> {
  const root = tempDir('crash-base');
  const empty = join(root, 'empty');
  const project = join(root, 'project');
  const withCat = join(root, 'withCat');
  for (const d of [empty, project]) mkdirSync(d);
  assert.equal(apiboot(['init', 'repo', '--domain', 'demo.io', '--module', 'demo.io/catdemo', '--skip-go'], project).status, 0);
  cpSync(project, withCat, { recursive: true });
  assert.equal(apiboot(['create', 'resource', ...CAT, '--skip-go'], withCat).status, 0);
  return { empty, project, withCat };
}

const SCENARIOS: Array<{ name: string; from: 'empty' | 'project' | 'withCat'; args: string[] }> = [
  { name: 'init repo', from: 'empty', args: ['init', 'repo', '--domain', 'demo.io', '--module', 'demo.io/catdemo', '--skip-go'] },
  { name: 'create resource', from: 'project', args: ['create', 'resource', ...CAT, '--skip-go'] },
  {
    name: 'create subresource',
    from: 'withCat',
    args: ['create', 'subresource', ...CAT, '--subresource', 'feed', '--type', 'arbitrary', '--skip-go'],
  },
];

describe('a commit killed at any step', () => {
  const bases = prepared();
  // gofmt's scratch folder must never be the system's: every run gets a temporary folder of its own to check.
  const tmp = tempDir('crash-tmp');
  const env = { TMPDIR: tmp };
  const totals: string[] = [];

  for (const scenario of SCENARIOS) {
    it(`leaves ${scenario.name} as before or as after, and the next command completes it`, async () => {
      const base = bases[scenario.from];
      const before = treeState(base);
      const reference = tempDir('crash-ref');
      cpSync(base, reference, { recursive: true });
      const done = await run(scenario.args, reference, env);
      assert.equal(done.status, 0, done.stderr);
      const after = treeState(reference);
      assert.notEqual(after, before);
      const [beforeFiles, afterFiles] = [treeState(base, { skipState: true }), treeState(reference, { skipState: true })];

      const outcomes = { before: 0, after: 0 };
      let steps = 0;
      const tryStep = async (n: number): Promise<boolean> => {
        const dir = join(tempDir('crash'), 'catdemo');
        cpSync(base, dir, { recursive: true });
        const crashed = await run(scenario.args, dir, { ...env, APIBOOT_TEST_CRASH_AFTER: String(n) });
        if (crashed.status === 0) {
          // No step N: the command ran to its end.
          assert.equal(treeState(dir), after);
          return false;
        }
        assert.equal(crashed.signal, 'SIGKILL', `step ${n}: ${crashed.stderr}`);
        // The next command, killed right after it recovered: the project is exactly as before or as after.
        const recovered = await run(scenario.args, dir, { ...env, APIBOOT_TEST_CRASH_AFTER: '0' });
        assert.equal(recovered.signal, 'SIGKILL', `step ${n}: ${recovered.stderr}`);
        const state = treeState(dir, { skipState: true });
        assert.ok(state === beforeFiles || state === afterFiles, `step ${n}: the project is neither as before nor as after`);
        outcomes[state === beforeFiles ? 'before' : 'after'] += 1;
        // The next command completes, over the lock the killed ones left, and leaves nothing of apiboot behind.
        const next = await run(scenario.args, dir, env);
        assert.equal(next.status, 0, `step ${n}: ${next.stderr}`);
        assert.equal(treeState(dir), after, `step ${n}: the next command ends with the project as after`);
        return true;
      };
      // Four steps at a time: each one is three short processes.
      for (let n = 1; ; n += 4) {
        const crashed = await Promise.all([0, 1, 2, 3].map((i) => tryStep(n + i)));
        steps += crashed.filter(Boolean).length;
        if (crashed.includes(false)) break;
      }
      assert.ok(steps >= 5, `${scenario.name} has a step per file, the journal and each rename (found ${steps})`);
      assert.ok(outcomes.before > 0 && outcomes.after > 0, 'some kills are rolled back, the later ones completed');
      assert.deepEqual(readdirSync(tmp), [], 'no temporary folder outside the project');
      totals.push(`${scenario.name}: ${steps} steps (${outcomes.before} rolled back, ${outcomes.after} completed)`);
      process.stdout.write(`# crashed ${totals.at(-1)}\n`);
    });
  }
});

describe('the project lock', () => {
  it('lets 8 parallel create resource runs all land', async () => {
    const dir = join(tempDir('lock'), 'catdemo');
    mkdirSync(dir);
    assert.equal(apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir).status, 0);
    const kinds = ['Cat', 'Dog', 'Bird', 'Otter', 'Horse', 'Lion', 'Tiger', 'Zebra'];
    const runs = await Promise.all(
      kinds.map((kind) => run(['create', 'resource', '--group', 'animal', '--version', 'v1', '--kind', kind, '--skip-go'], dir)),
    );
    for (const r of runs) assert.equal(r.status, 0, r.stderr);
    const project = readFileSync(join(dir, 'PROJECT'), 'utf8');
    const resources = readFileSync(join(dir, 'pkg/apiserver/resources.go'), 'utf8');
    for (const kind of kinds) {
      assert.match(project, new RegExp(`kind: ${kind}\\n`));
      assert.match(resources, new RegExp(`name: "${kind.toLowerCase()}s", newStorage: animal${kind.toLowerCase()}\\.NewStorage`));
    }
    assert.equal(existsSync(join(dir, '.apiboot/lock')), false, 'the lock is released');
  });

  it('takes over the lock of a process that is gone', () => {
    const dir = join(tempDir('stale'), 'catdemo');
    mkdirSync(dir);
    assert.equal(apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir).status, 0);
    mkdirSync(join(dir, '.apiboot'), { recursive: true });
    // Pids are below 2^22 on Linux: this one runs nothing.
    writeFileSync(join(dir, '.apiboot/lock'), '4194303\n');
    const r = apiboot(['create', 'resource', ...CAT, '--skip-go'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(join(dir, '.apiboot')), ['written.json'], 'the lock is taken over and released');
  });

  it('waits for a live owner, then refuses with one sentence and writes nothing', async () => {
    const dir = join(tempDir('busy'), 'catdemo');
    mkdirSync(dir);
    assert.equal(apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir).status, 0);
    mkdirSync(join(dir, '.apiboot'), { recursive: true });
    writeFileSync(join(dir, '.apiboot/lock'), `${process.pid}\n`);
    const before = treeState(dir);
    const started = Date.now();
    const r = await run(['create', 'resource', ...CAT, '--skip-go'], dir);
    assert.equal(r.status, 1);
    assert.ok(Date.now() - started >= 25_000, 'it waited');
    assert.equal(
      r.stderr,
      `Error: Another apiboot command (pid ${process.pid}) is still changing this project; run this one again when it has finished (or delete .apiboot/lock if no apiboot is running).\n`,
    );
    assert.equal(treeState(dir), before);
  });
});
