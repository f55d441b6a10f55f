/** What --skip-go left undone, said after every command that takes it. */
export const SKIPPED_GO = 'apiboot generate                # --skip-go skipped go mod tidy and code generation';

/** The next-step hint every command ends with: what to run (or edit) next. */
export function printNext(steps: Array<string | false | undefined>): void {
  const lines = steps.filter((s): s is string => Boolean(s));
  process.stdout.write(`\nNext:\n${lines.map((l) => `  ${l}\n`).join('')}`);
}
