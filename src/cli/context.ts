export interface GlobalOptions {
  cwd: string;
  dryRun: boolean;
  diff: boolean;
  force: boolean;
  yes: boolean;
  /** Prompts are allowed only on a terminal and without --yes. */
  interactive: boolean;
}
