import type { Change } from './tree.js';

export interface ReportOptions {
  diff: boolean;
  write: (text: string) => void;
  /** The tree's folder as the user sees it, when it is not the current one. */
  prefix?: string;
}

/** Prints the change list the way `--dry-run` shows it: one line per file, then unified diffs when asked. */
export async function reportChanges(changes: Change[], opts: ReportOptions): Promise<void> {
  if (changes.length === 0) {
    opts.write('No changes: the project already matches.\n');
    return;
  }
  const shown = (path: string) => (opts.prefix ? `${opts.prefix}/${path}` : path);
  for (const c of changes) opts.write(`${c.kind.padEnd(6)} ${shown(c.path)}\n`);
  if (!opts.diff) return;
  const { createTwoFilesPatch } = await import('diff');
  for (const c of changes) {
    const p = shown(c.path);
    opts.write(createTwoFilesPatch(`a/${p}`, `b/${p}`, c.before ?? '', c.after ?? '', '', '', { context: 3 }));
  }
}
