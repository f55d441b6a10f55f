import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { editedGoFile, generatorInputs } from './api-surface.js';
import { runCodegen } from '../toolchain/codegen.js';
import { SERVER_BINARY, buildLocalBinaries } from './build.js';
import { elapsed } from './progress.js';

export const WATCHED_DIR = 'pkg/apis';
const DEBOUNCE_MS = 300;

export interface EditLoop {
  cwd: string;
  log: (line: string) => void;
  /** Stops the running server and starts the one just built; resolves once it is ready. */
  restart: () => Promise<void>;
}

/**
 * `run local --watch`: a change to a Go file under pkg/apis regenerates the code (hack/update-codegen.sh),
 * rebuilds bin/apiserver and restarts the server. Changes are debounced (an editor's save is several events), and
 * changes made while a cycle runs start one more cycle after it. A failed generate or build leaves the running
 * server as it was and prints the tool's output; the next save tries again. Code generation is skipped when what
 * the generators read is unchanged since they last ran (an edit inside a hook's body; see api-surface.ts).
 */
export function watchApis(loop: EditLoop): { close: () => void } {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  // What the generators last saw, to tell an edit they would not notice (a hook's body) from one they would. Empty
  // at first: the generated code may be older than the sources, so the first change always regenerates.
  let seen = new Map<string, string | undefined>();
  const cycle = async () => {
    const files = [...changed].sort();
    changed.clear();
    const now = generatorInputs(loop.cwd, WATCHED_DIR);
    const generate = now.size !== seen.size || [...now].some(([file, input]) => input === undefined || seen.get(file) !== input);
    const outcome = await rebuild(loop, files, generate, () => !closed);
    // A failed generation may have written some files and not others: regenerate next time, whatever changes.
    seen = outcome === 'generate failed' ? new Map() : outcome === 'done' ? now : seen;
    if (changed.size > 0 && !closed) await cycle();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return; // the running cycle picks the new changes up when it ends
      running = cycle()
        .catch((e: unknown) => loop.log(`apiboot: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (running = undefined));
    }, DEBOUNCE_MS);
  };

  // One plain (inotify) watch per folder rather than a recursive one: Node 20 sets a recursive watch up
  // asynchronously on Linux and misses a save made right after it returns. New folders are watched as they appear.
  const watchers = new Map<string, FSWatcher>();
  const watchDir = (dir: string) => {
    if (watchers.has(dir)) return;
    try {
      watchers.set(
        dir,
        watch(dir, (_event, name) => {
          if (!name) return;
          const path = join(dir, String(name));
          if (isDir(path)) {
            try {
              watchAll(path);
            } catch {
              // gone again before it could be watched
            }
            return;
          }
          if (!editedGoFile(String(name))) return;
          changed.add(relative(loop.cwd, path));
          schedule();
        }),
      );
    } catch (e) {
      throw new UserError(`Cannot watch ${relative(loop.cwd, dir) || WATCHED_DIR} (${(e as Error).message}); run without --watch.`);
    }
  };
  const watchAll = (dir: string) => {
    watchDir(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) watchAll(join(dir, entry.name));
  };
  watchAll(join(loop.cwd, WATCHED_DIR));
  loop.log(`apiboot: watching ${WATCHED_DIR}: a saved change regenerates, rebuilds and restarts the server`);
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
    },
  };
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Regenerates (when `generate`), rebuilds and restarts; says which step failed, if one did. */
async function rebuild(loop: EditLoop, files: string[], generate: boolean, watching: () => boolean): Promise<'done' | 'generate failed' | 'build failed'> {
  const { cwd, log } = loop;
  const start = Date.now();
  log(`apiboot: ${files.length === 1 ? files[0] : `${files.length} files`} changed`);
  // Tests are not part of the server: nothing to regenerate or restart.
  if (files.every((f) => f.endsWith('_test.go'))) {
    log('apiboot: only tests changed; the server is unchanged');
    return 'done';
  }
  const times: string[] = [];
  let step: 'generate failed' | 'build failed' = 'generate failed';
  try {
    let t = Date.now();
    if (generate) {
      await runCodegen(cwd);
      times.push(`generate ${elapsed(t)}`);
    } else {
      log('apiboot: only function bodies changed; code generation skipped');
    }
    step = 'build failed';
    t = Date.now();
    await buildLocalBinaries(cwd, { server: true, etcd: false }, log);
    times.push(`build ${elapsed(t)}`);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    log(`apiboot: ${e.message}`);
    if (e.detail) log(e.detail);
    log(`apiboot: the server keeps running the previous ${SERVER_BINARY}; fix the error and save again`);
    return step;
  }
  // Stopped (Ctrl-C) while building: run local is stopping everything, so start nothing.
  if (!watching()) return 'done';
  const t = Date.now();
  // A new server that does not come up ends run local as any server death does, with its last log lines.
  await loop.restart();
  times.push(`restart ${elapsed(t)}`);
  log(`apiboot: restarted with the change in ${elapsed(start)} (${times.join(', ')})`);
  return 'done';
}
