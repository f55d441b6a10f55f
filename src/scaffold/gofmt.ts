import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { describeFsError } from './fs-errors.js';
import { processAlive, removeStateDirIfEmpty, STATE_DIR } from './state.js';
import { Tree } from './tree.js';

const SCRATCH_PREFIX = 'gofmt-';

/**
 * gofmt's every Go file written in the tree, with one gofmt process for all of them. A file gofmt cannot parse
 * is a template bug, so it fails loudly with gofmt's own message. The files go to a scratch folder in the project's
 * .apiboot/ (never the system's temporary folder), which the next command removes if this one is killed.
 */
export function formatGoFiles(tree: Tree, root?: string): void {
  const paths = tree.writtenPaths().filter((p) => p.endsWith('.go'));
  if (paths.length === 0) return;
  // A tree with no folder (tests of generators) formats in a temporary folder of its own.
  const own = root === undefined;
  root ??= mkdtempSync(join(tmpdir(), 'apiboot-gofmt-'));
  const dir = join(root, STATE_DIR, `${SCRATCH_PREFIX}${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  try {
    for (const p of paths) {
      try {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), tree.read(p) ?? '');
      } catch (e) {
        throw describeFsError(e, join(root, p));
      }
    }
    const result = spawnSync('gofmt', ['-w', '.'], { cwd: dir, encoding: 'utf8' });
    if (result.error) {
      throw new UserError('gofmt was not found on PATH; install Go 1.26 or newer and put its bin folder on PATH.');
    }
    if (result.status !== 0) {
      throw new Error(`generated Go code does not parse (a template bug):\n${result.stderr}`);
    }
    for (const p of paths) tree.write(p, readFileSync(join(dir, p), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    removeStateDirIfEmpty(root);
    if (own) rmSync(root, { recursive: true, force: true });
  }
}

/**
 * One Go source as gofmt writes it, for a generator that must compare or cut up a file before the tree is formatted
 * (one gofmt process per call: keep it off hot paths).
 */
export function formatGoSource(path: string, content: string): string {
  const scratch = new Tree();
  scratch.write(path, content);
  formatGoFiles(scratch);
  return scratch.read(path) ?? '';
}

/** Removes the scratch folders of killed commands; a live one's (a --dry-run takes no lock) stays. */
export function removeGofmtLeftovers(root: string): void {
  const state = join(root, STATE_DIR);
  if (!existsSync(state)) return;
  for (const name of readdirSync(state)) {
    const pid = Number(name.slice(SCRATCH_PREFIX.length));
    if (name.startsWith(SCRATCH_PREFIX) && !processAlive(pid)) rmSync(join(state, name), { recursive: true, force: true });
  }
}
