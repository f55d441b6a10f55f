/** Follow-up work a generator asks for, run after the files are written (never on --dry-run). */
export interface Task {
  title: string;
  /** `progress` replaces the visible status of the task, for long waits. */
  run: (progress: (status: string) => void) => Promise<void>;
}
