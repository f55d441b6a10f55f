import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APIBOOT, apiboot, initAtPrompt, snapshot, tempDir, type CliResult } from '../helpers/cli.js';

/** One error path for the whole CLI: one sentence, exit 1 (130 when the user aborts), nothing written. */

const ONE_SENTENCE = /^Error: [^\n]+\.\n$/;
const CAT = ['create', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--skip-go'];

/** Every folder under root: a refused command leaves no empty one behind. */
function folders(root: string): string[] {
  return spawnSync('find', ['.', '-type', 'd'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').sort();
}

function project(): string {
  const dir = join(tempDir('errors'), 'catdemo');
  mkdirSync(dir);
  assert.equal(apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir).status, 0);
  return dir;
}

/** The failure as a user sees it: one sentence, exit 1, no change list that looks like success, nothing changed. */
function failsCleanly(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 1, `should fail:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, ONE_SENTENCE, `one sentence on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stdout, /^(CREATE|UPDATE|DELETE) /m, 'no change list');
}

describe("commander's errors", () => {
  const cases: Array<[string[], string]> = [
    [
      ['init', 'repo', '--domian', 'demo.io'],
      'The option --domian is not one of "apiboot init repo" (did you mean --domain?); see "apiboot init repo --help".',
    ],
    [['init', 'repo', '--domain'], 'The flag --domain needs a value; pass it, for example --domain=demo.io.'],
    [
      ['build', 'config', '--namespace', 'zoo', '--image', 'zoo:v1'],
      'The flag --name is required; pass it, for example --name=catdemo-apiserver.',
    ],
    [
      ['create', 'subresource', '--type', 'stream'],
      'The value "stream" of --type is not allowed; pass one of status, scale, arbitrary, connector.',
    ],
    [['frobnicate'], '"frobnicate" is not a command of "apiboot"; see "apiboot --help".'],
    [['create', 'resorce'], '"resorce" is not a command of "apiboot create" (did you mean resource?); see "apiboot create --help".'],
    [['init', 'repo', 'demo.io'], '"apiboot init repo" takes no arguments, only flags; see "apiboot init repo --help".'],
  ];
  for (const [args, sentence] of cases) {
    it(`apiboot ${args.join(' ')}`, () => {
      const dir = tempDir('commander');
      const r = apiboot(args, dir);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `Error: ${sentence}\n`);
      assert.deepEqual(readdirSync(dir), []);
    });
  }
});

describe('prompts', () => {
  /** Types keys into apiboot on a real terminal once its prompt shows, and returns the screen and code. */
  async function atPrompt(keys: string, dir: string): Promise<{ code: number | null; screen: string }> {
    const terminal = await initAtPrompt(dir);
    terminal.type(keys);
    const code = await terminal.exited;
    return { code, screen: terminal.screen() };
  }

  for (const [name, keys] of [
    ['Ctrl-C', '\u0003'],
    ['Ctrl-D', '\u0004'],
  ] as const) {
    it(`${name} at a prompt exits 130 with "aborted" and writes nothing`, async () => {
      const dir = tempDir('abort');
      const { code, screen } = await atPrompt(keys, dir);
      assert.equal(code, 130, screen);
      assert.match(screen, /Error: aborted; nothing was written\./);
      assert.doesNotMatch(screen, /ExitPromptError|\n\s+at /, 'no stack trace');
      assert.deepEqual(readdirSync(dir), [], 'nothing written, not even the lock');
    });
  }
});

describe('a closed standard output', () => {
  /** Runs apiboot with a stdout whose reader has gone before the first byte, as `| head` does once it has its lines. */
  function withClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [APIBOOT, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('is no error for --dry-run --diff', async () => {
    const dir = project();
    const before = snapshot(dir);
    const r = await withClosedStdout([...CAT, '--dry-run', '--diff'], dir);
    assert.deepEqual(r, { code: 0, stderr: '' });
    assert.deepEqual(snapshot(dir), before);
  });

  it('is no error once the files are written', async () => {
    const dir = project();
    const r = await withClosedStdout(CAT, dir);
    assert.deepEqual(r, { code: 0, stderr: '' });
    assert.match(readFileSync(join(dir, 'PROJECT'), 'utf8'), /kind: Cat/);
  });
});

describe('file system errors name the path and what to do', () => {
  it('a folder where PROJECT should be (EISDIR)', () => {
    const dir = tempDir('eisdir');
    mkdirSync(join(dir, 'PROJECT'));
    const r = apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir);
    failsCleanly(r, /^Error: PROJECT is a folder where apiboot expects a file; move it away, then run the command again\.$/m);
    assert.deepEqual(readdirSync(dir), ['PROJECT']);
  });

  it('a file where a folder should be (EEXIST)', () => {
    const dir = tempDir('eexist');
    writeFileSync(join(dir, 'pkg'), 'not a folder\n');
    failsCleanly(
      apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir),
      /^Error: pkg is a file where apiboot needs a folder \(for pkg\/\S+\); move it away/m,
    );
    assert.deepEqual(readdirSync(dir), ['pkg']);

    const proj = project();
    writeFileSync(join(proj, 'pkg/apis'), 'not a folder\n');
    const before = snapshot(proj);
    const dirs = folders(proj);
    failsCleanly(apiboot(CAT, proj), /^Error: pkg\/apis is a file where apiboot needs a folder/m);
    assert.deepEqual(snapshot(proj), before);
    assert.deepEqual(folders(proj), dirs);
    assert.deepEqual(readdirSync(join(proj, '.apiboot')), ['written.json'], 'no lock or commit folder left');
  });

  it('a read-only folder (EACCES)', () => {
    const dir = project();
    chmodSync(join(dir, 'pkg/apiserver'), 0o555);
    const before = snapshot(dir);
    const dirs = folders(dir);
    // root may write anywhere: as root the command runs without the capabilities that override file modes. (Not as
    // another user: the checkout, under a private folder, may be unreadable to them.)
    const prefix =
      process.getuid?.() === 0
        ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--']
        : [];
    const cmd = [...prefix, process.execPath, APIBOOT, ...CAT];
    const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: dir, encoding: 'utf8' });
    assert.equal(r.error, undefined, 'setpriv runs');
    failsCleanly(
      { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr },
      /^Error: apiboot may not write in pkg\/apiserver \(permission denied\); make it writable \(chmod u\+w pkg\/apiserver\), then run the command again\.$/m,
    );
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(folders(dir), dirs, 'no folder of the new group is left behind');
  });

  it('a full disk (ENOSPC)', () => {
    const dir = project();
    const out = tempDir('enospc');
    // A small tmpfs in a mount namespace of its own, filled up to the last two pages: room for the lock, not the files.
    const script = `set -e
mkdir "$OUT/mnt" && mount -t tmpfs -o size=4m tmpfs "$OUT/mnt" && cp -a "$SRC/." "$OUT/mnt/"
dd if=/dev/zero of="$OUT/mnt/filler" bs=4k 2>/dev/null || true
truncate -s -8K "$OUT/mnt/filler"
cd "$OUT/mnt"
list() { find . -type d | sort; find . -type f -exec sha256sum {} + | sort; }
list > "$OUT/before"
set +e
"$NODE" "$APIBOOT" ${CAT.join(' ')} > "$OUT/stdout" 2> "$OUT/stderr"
echo $? > "$OUT/status"
list > "$OUT/after"`;
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, OUT: out, SRC: dir, NODE: process.execPath, APIBOOT },
    });
    assert.equal(r.status, 0, `unshare and mount work here: ${r.stderr}`);
    const read = (f: string) => readFileSync(join(out, f), 'utf8');
    failsCleanly(
      { status: Number(read('status')), stdout: read('stdout'), stderr: read('stderr') },
      /^Error: The disk is full while writing \S+; free some space, then run the command again\.$/m,
    );
    assert.equal(read('after'), read('before'), 'nothing changed, nothing left behind');
  });
});

describe('a read-only folder', () => {
  /**
   * Runs each command in a read-only bind mount of `src` (in a mount namespace of its own, so nothing is left mounted),
   * with a deadline: before, the lock's mkdir failed with EROFS in a loop and the command spun forever.
   */
  function inReadOnlyMount(src: string, commands: string[][]): Array<CliResult & { ms: number; args: string[] }> {
    const out = tempDir('rofs-out');
    const runs = commands
      .map(
        (args, i) =>
          `s=$(date +%s%N); timeout 10 "$NODE" "$APIBOOT" ${args.map((a) => `'${a}'`).join(' ')} > "$OUT/${i}.out" 2> "$OUT/${i}.err" </dev/null; echo $? > "$OUT/${i}.status"; echo $(( ($(date +%s%N) - s) / 1000000 )) > "$OUT/${i}.ms"`,
      )
      .join('\n');
    const script = `set -e\nmkdir "$OUT/mnt" && mount --bind -o ro "$SRC" "$OUT/mnt" && cd "$OUT/mnt"\nset +e\n${runs}`;
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, OUT: out, SRC: src, NODE: process.execPath, APIBOOT },
    });
    assert.equal(r.status, 0, `unshare and a read-only bind mount work here: ${r.stderr}`);
    const read = (f: string) => readFileSync(join(out, f), 'utf8');
    return commands.map((args, i) => ({
      args,
      status: Number(read(`${i}.status`)),
      stdout: read(`${i}.out`),
      stderr: read(`${i}.err`),
      ms: Number(read(`${i}.ms`)),
    }));
  }

  it('every command answers one sentence and exit 1 at once, and writes nothing', () => {
    const empty = tempDir('rofs-empty');
    const proj = project();
    const before = snapshot(proj);
    const results = [
      ...inReadOnlyMount(empty, [['init', 'repo', '--domain', 'demo.io', '--skip-go']]),
      ...inReadOnlyMount(proj, [
        ['init', 'repo', '--domain', 'demo.io', '--skip-go'],
        CAT,
        ['create', 'subresource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--type', 'scale', '--skip-go'],
        ['storage-version', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'],
        ['generate'],
        ['build', 'config', '--name', 'cat', '--namespace', 'zoo', '--image', 'cat:v1'],
        ['build', 'executables'],
        ['build', 'docs'],
        ['build', 'container', '--image', 'cat:v1'],
        ['run', 'local'],
        ['run', 'in-cluster', '--image', 'cat:v1', '--namespace', 'zoo'],
      ]),
    ];
    for (const r of results) {
      assert.notEqual(r.status, 124, `apiboot ${r.args.join(' ')} answers within 10 s`);
      failsCleanly(r, /^Error: \.apiboot\/lock is on a read-only file system; run apiboot where it can write\.$/m);
      // Well under a second on an idle machine (node's start-up included); the bound leaves room for a machine busy
      // with other work. Before, the command never ended (the 10 s timeout above).
      assert.ok(r.ms < 5000, `apiboot ${r.args.join(' ')} took ${r.ms} ms`);
    }
    assert.deepEqual(readdirSync(empty), []);
    assert.deepEqual(snapshot(proj), before);
  });

  it('a folder apiboot may not write in (EACCES) is said at once too', () => {
    const dir = project();
    const before = snapshot(dir);
    // The project and its .apiboot (which holds the committed record of what apiboot wrote).
    const unwritable = [dir, join(dir, '.apiboot')].filter((d) => existsSync(d));
    for (const d of unwritable) chmodSync(d, 0o555);
    try {
      const prefix =
        process.getuid?.() === 0
          ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--']
          : [];
      const cmd = [...prefix, 'timeout', '10', process.execPath, APIBOOT, 'generate'];
      const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: dir, encoding: 'utf8' });
      failsCleanly(
        { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr },
        /^Error: apiboot may not write \.apiboot\/lock \(permission denied\); make it writable/m,
      );
    } finally {
      for (const d of unwritable) chmodSync(d, 0o755);
    }
    assert.deepEqual(snapshot(dir), before);
  });
});

describe('input refused before any work', () => {
  /** Refused at once: one sentence, exit 1, within seconds (before, some of these built for half a minute first). */
  function refusedAtOnce(args: string[], cwd: string, pattern: RegExp): void {
    const before = snapshot(cwd);
    const started = Date.now();
    const r = apiboot(args, cwd);
    const ms = Date.now() - started;
    failsCleanly(r, pattern);
    assert.ok(ms < 5000, `apiboot ${args.join(' ')} took ${ms} ms`);
    assert.deepEqual(snapshot(cwd), before, `apiboot ${args.join(' ')} wrote nothing`);
  }

  it('build docs --output naming a file, before building the server', () => {
    const dir = project();
    assert.equal(apiboot([...CAT, '--skip-controller'], dir).status, 0);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    refusedAtOnce(
      ['build', 'docs', '--output', 'notes.txt'],
      dir,
      /^Error: --output notes\.txt is a file; the API reference is a folder of pages, so pass a folder, such as docs\/api\.$/m,
    );
    refusedAtOnce(
      ['build', 'docs', '--output', 'notes.txt/api'],
      dir,
      /^Error: --output notes\.txt\/api lies under the file notes\.txt; pass a folder, such as docs\/api\.$/m,
    );
  });

  it('build executables for a platform Go does not build for, by apiboot itself', () => {
    const dir = project();
    refusedAtOnce(
      ['build', 'executables', '--goos', 'plan10'],
      dir,
      /^Error: --goos "plan10" is not an operating system Go builds for; pass one of [a-z0-9, ]*\blinux\b[a-z0-9, ]*\.$/m,
    );
    refusedAtOnce(
      ['build', 'executables', '--goarch', 'z80'],
      dir,
      /^Error: --goarch "z80" is not an architecture Go builds for; pass one of [a-z0-9, ]*\bamd64\b[a-z0-9, ]*\.$/m,
    );
    refusedAtOnce(
      ['build', 'executables', '--goos', 'js', '--goarch', 'amd64'],
      dir,
      /^Error: Go does not build for js\/amd64; for js pass --goarch with one of wasm\.$/m,
    );
  });

  it('--diff without --dry-run, which would write', () => {
    const dir = project();
    refusedAtOnce(
      [...CAT, '--diff'],
      dir,
      /^Error: --diff shows the changes a dry run would make; pass --dry-run with it \(--dry-run --diff\), then run without both to write\.$/m,
    );
    const r = apiboot([...CAT, '--skip-controller', '--dry-run', '--diff'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\+\+\+ /m, 'with --dry-run it shows diffs');
  });

  it('a comma-separated list with an empty item', () => {
    const dir = project();
    refusedAtOnce(
      [...CAT, '--storage', 'handler', '--verbs', 'get,,list'],
      dir,
      /^Error: --verbs "get,,list" has an empty item; pass names separated by single commas, such as --verbs get,list\.$/m,
    );
    refusedAtOnce(
      [...CAT, '--short-names', ','],
      dir,
      /^Error: --short-names "," has an empty item; pass names separated by single commas, such as --short-names ct,kitty\.$/m,
    );
    refusedAtOnce([...CAT, '--categories', 'animals,'], dir, /^Error: --categories "animals," has an empty item/m);
  });
});

describe('doctor -o json', () => {
  it('prints JSON on stdout when it fails, and the sentence on stderr', () => {
    const dir = project();
    const r = apiboot(['doctor', '--kubeconfig', 'missing-kubeconfig', '-o', 'json'], dir);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^Error: The kubeconfig \S*missing-kubeconfig does not exist; pass --kubeconfig with the file of your cluster\.\n$/,
    );
    const report = JSON.parse(r.stdout) as { passed: boolean; error: string; checks: unknown[] };
    assert.equal(report.passed, false);
    assert.match(report.error, /missing-kubeconfig does not exist/);
    assert.deepEqual(report.checks, []);
  });
});

describe('input that would break a generated file', () => {
  it('refuses an --owner that ends the header comment', () => {
    const dir = tempDir('owner');
    failsCleanly(
      apiboot(['init', 'repo', '--domain', 'demo.io', '--owner', 'X */ package main /*', '--skip-go'], dir),
      /owner "X \*\/ package main \/\*" cannot go into the header comment of Go files/,
    );
    assert.deepEqual(readdirSync(dir), []);
  });
});
