import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Tree } from './tree.js';

/**
 * gofmt's every Go file written in the tree, with one gofmt process for all of them. A file gofmt cannot parse
 * is a template bug, so it fails loudly with gofmt's own message.
 */
export function formatGoFiles(tree: Tree): void {
  const paths = tree.writtenPaths().filter((p) => p.endsWith('.go'));
  if (paths.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'apiboot-gofmt-'));
  try {
    for (const p of paths) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), tree.read(p) ?? '');
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
  }
}
