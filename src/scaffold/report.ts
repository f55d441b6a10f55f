import type { Change } from './tree.js';

export interface ReportOptions {
  diff: boolean;
  write: (text: string) => void;
}

/** Prints the change list the way `--dry-run` shows it: one line per file, then unified diffs when asked. */
export async function reportChanges(changes: Change[], opts: ReportOptions): Promise<void> {
  if (changes.length === 0) {
    opts.write('No changes: the project already matches.\n');
    return;
  }
  for (const c of changes) opts.write(`${c.kind.padEnd(6)} ${c.path}\n`);
  if (!opts.diff) return;
  const { createTwoFilesPatch } = await import('diff');
  for (const c of changes) {
    opts.write(createTwoFilesPatch(`a/${c.path}`, `b/${c.path}`, c.before ?? '', c.after ?? '', '', '', { context: 3 }));
  }
}
