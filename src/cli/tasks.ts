import type { Task } from '../task.js';

/**
 * Runs tasks one after another with a progress display: listr2's live one on a terminal, plain lines otherwise,
 * so CI logs stay readable. The first failure stops the rest and is rethrown with the tool's output.
 */
export async function runTasks(tasks: Task[]): Promise<void> {
  if (tasks.length === 0) return;
  const { Listr } = await import('listr2');
  const list = new Listr(
    tasks.map((t) => ({
      title: t.title,
      task: (_ctx: unknown, task: { title: string }) =>
        t.run((status) => {
          task.title = `${t.title}: ${status}`;
        }),
    })),
    {
      concurrent: false,
      exitOnError: true,
      renderer: process.stdout.isTTY ? 'default' : 'simple',
      fallbackRenderer: 'simple',
      rendererOptions: { collapseErrors: false },
    },
  );
  await list.run();
}
