import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { editedGoFile, generatorInputs, importsTypedClients } from './api-surface.js';
import { CODEGEN_SCRIPT, codegenHasParts, runCodegen, startCodegen, type CodegenJob } from '../toolchain/codegen.js';
import { tail } from '../toolchain/exec.js';
import { CONTROLLER_BINARY, SERVER_BINARY, buildLocalBinaries } from './build.js';
import { elapsed } from './progress.js';

export const WATCHED_DIR = 'pkg/apis';
export const CONTROLLER_DIR = 'pkg/controller';
const DEBOUNCE_MS = 300;

/** The processes a change restarts. */
export interface Restarted {
  server: boolean;
  controllerManager: boolean;
}

export interface EditLoop {
  cwd: string;
  log: (line: string) => void;
  /** Whether a controller manager runs beside the server: then pkg/controller is watched too. */
  controllerManager: boolean;
  /**
   * Stops the processes named and starts them from their new binaries, the server before the controller manager;
   * resolves once they are ready.
   */
  restart: (which: Restarted) => Promise<void>;
}

/**
 * `run local --watch`: a change to a Go file under pkg/apis regenerates the code the binaries are built from
 * (hack/update-codegen.sh --no-clients), rebuilds bin/apiserver (and bin/controller-manager, in the same go build)
 * and restarts the server, then the controller manager; a change under pkg/controller rebuilds and restarts the
 * controller manager only. The typed clients of pkg/generated, which neither binary imports, are regenerated after
 * the restart, in the background; a new change stops that and it runs again after the change's restart, so two
 * generators never write at once. When the project's own code imports the typed clients, or its script has no
 * --no-clients (a project initialised before it had), everything is regenerated before the build instead.
 *
 * Changes are debounced (an editor's save is several events), and changes made while a cycle runs start one more
 * cycle after it. A failed generate or build leaves the running processes as they were and prints the tool's
 * output; the next save tries again. Code generation is skipped when what the generators read is unchanged since
 * they last ran (an edit inside a hook's body; see api-surface.ts).
 */
export function watchProject(loop: EditLoop): { close: () => Promise<void> } {
  const { cwd, log } = loop;
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  // What the generators last saw, to tell an edit they would not notice (a hook's body) from one they would. Empty
  // at first: the generated code may be older than the sources, so the first change always regenerates.
  let seen = new Map<string, string | undefined>();

  // The typed clients: out of date since the API code was regenerated without them; due to be regenerated in the
  // background once no cycle runs (not again after a failure, until the next regeneration).
  let clientsStale = false;
  let clientsDue = false;
  let clientsJob: CodegenJob | undefined;
  const regenerateClients = () => {
    clientsDue = false;
    const start = Date.now();
    const job = startCodegen(cwd, 'clients-only');
    clientsJob = job;
    log(`apiboot: regenerating the typed clients in the background (${job.command})`);
    void job.result.then(({ code, output, stopped }) => {
      if (clientsJob === job) clientsJob = undefined;
      if (stopped) {
        clientsDue = true;
        if (!closed) log('apiboot: stopped regenerating the typed clients for the new change; they are regenerated after it');
      } else if (code === 0) {
        clientsStale = false;
        log(`apiboot: typed clients regenerated in ${elapsed(start)}`);
      } else {
        log(
          `apiboot: regenerating the typed clients failed ("${job.command}" exit code ${code ?? 'none'}); the server runs on, and the next change under ${WATCHED_DIR} tries again`,
        );
        const detail = tail(output, 40);
        if (detail) log(detail);
      }
    });
  };
  const stopClients = async () => {
    const job = clientsJob;
    if (job) await job.stop();
  };

  const notes = new Set<string>();
  const noteOnce = (note: string) => {
    if (notes.has(note)) return;
    notes.add(note);
    log(`apiboot: note: ${note}`);
  };
  /** Whether the typed clients can wait until after the restart; says once why not when they cannot. */
  const clientsAfterRestart = (): boolean => {
    if (!codegenHasParts(cwd)) {
      noteOnce(
        `${CODEGEN_SCRIPT} has no --no-clients option (a script from before it), so every change under ${WATCHED_DIR} waits for the typed clients to be regenerated too; the script of a newly initialised project has it`,
      );
      return false;
    }
    if (importsTypedClients(cwd)) {
      noteOnce("the project's code imports the typed clients of pkg/generated, so they are regenerated before each build");
      return false;
    }
    return true;
  };

  const cycle = async (): Promise<void> => {
    // A typed-client generation still running gives way to the new change, and runs again after it.
    await stopClients();
    const files = [...changed].sort();
    changed.clear();
    const apis = files.some((f) => under(f, WATCHED_DIR));
    const restarted: Restarted = { server: apis, controllerManager: loop.controllerManager };
    let generate: 'no' | 'no-clients' | 'all' = 'no';
    const now = apis ? generatorInputs(cwd, WATCHED_DIR) : seen;
    if (apis && (now.size !== seen.size || [...now].some(([file, input]) => input === undefined || seen.get(file) !== input))) {
      generate = clientsAfterRestart() ? 'no-clients' : 'all';
    }
    const outcome = await rebuild(loop, files, restarted, generate, () => !closed);
    // A failed generation may have written some files and not others: regenerate next time, whatever changes.
    seen = outcome === 'generate failed' ? new Map() : outcome === 'done' ? now : seen;
    // The API code regenerated without the typed clients leaves them behind (a failed build changes nothing there).
    if (outcome !== 'generate failed' && generate !== 'no') {
      clientsStale = generate === 'no-clients';
      clientsDue = clientsStale;
    }
    if (closed) return;
    if (changed.size > 0) return cycle();
    if (clientsDue) regenerateClients();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return; // the running cycle picks the new changes up when it ends
      running = cycle()
        .catch((e: unknown) => log(`apiboot: ${e instanceof Error ? e.message : String(e)}`))
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
          changed.add(relative(cwd, path));
          schedule();
        }),
      );
    } catch (e) {
      throw new UserError(`Cannot watch ${relative(cwd, dir)} (${(e as Error).message}); run without --watch.`);
    }
  };
  const watchAll = (dir: string) => {
    watchDir(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) watchAll(join(dir, entry.name));
  };
  watchAll(join(cwd, WATCHED_DIR));
  if (loop.controllerManager) {
    watchAll(join(cwd, CONTROLLER_DIR));
    log(
      `apiboot: watching ${WATCHED_DIR} and ${CONTROLLER_DIR}: a saved change under ${WATCHED_DIR} regenerates, rebuilds and restarts the server and the controller manager, one under ${CONTROLLER_DIR} rebuilds and restarts the controller manager`,
    );
  } else {
    log(`apiboot: watching ${WATCHED_DIR}: a saved change regenerates, rebuilds and restarts the server`);
  }
  return {
    close: async () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      await stopClients();
      if (clientsStale)
        log(
          `apiboot: the typed clients of pkg/generated are older than ${WATCHED_DIR}; run ${CODEGEN_SCRIPT} --clients-only (or make generate)`,
        );
    },
  };
}

function under(file: string, dir: string): boolean {
  return file.startsWith(`${dir}/`);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** "the server", "the controller manager", or both. */
export function describeRestarted(which: Restarted): { names: string; binaries: string; plural: boolean } {
  const names = [which.server && 'the server', which.controllerManager && 'the controller manager'].filter(Boolean);
  const binaries = [which.server && SERVER_BINARY, which.controllerManager && CONTROLLER_BINARY].filter(Boolean);
  return { names: names.join(' and '), binaries: binaries.join(' and '), plural: names.length > 1 };
}

/** Regenerates (unless `generate` is 'no'), rebuilds and restarts; says which step failed, if one did. */
async function rebuild(
  loop: EditLoop,
  files: string[],
  which: Restarted,
  generate: 'no' | 'no-clients' | 'all',
  watching: () => boolean,
): Promise<'done' | 'generate failed' | 'build failed'> {
  const { cwd, log } = loop;
  const start = Date.now();
  log(`apiboot: ${files.length === 1 ? files[0] : `${files.length} files`} changed`);
  // Tests are in neither binary: nothing to regenerate or restart.
  if (files.every((f) => f.endsWith('_test.go'))) {
    log('apiboot: only tests changed; nothing to rebuild');
    return 'done';
  }
  const what = describeRestarted(which);
  const times: string[] = [];
  let step: 'generate failed' | 'build failed' = 'generate failed';
  try {
    let t = Date.now();
    if (generate !== 'no') {
      await runCodegen(cwd, generate);
      times.push(`generate ${elapsed(t)}`);
    } else if (which.server) {
      log('apiboot: only function bodies changed; code generation skipped');
    }
    step = 'build failed';
    t = Date.now();
    await buildLocalBinaries(cwd, { server: which.server, etcd: false, controllerManager: which.controllerManager }, log);
    times.push(`build ${elapsed(t)}`);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    log(`apiboot: ${e.message}`);
    if (e.detail) log(e.detail);
    log(`apiboot: ${what.names} ${what.plural ? 'keep' : 'keeps'} running the previous ${what.binaries}; fix the error and save again`);
    return step;
  }
  // Stopped (Ctrl-C) while building: run local is stopping everything, so start nothing.
  if (!watching()) return 'done';
  const t = Date.now();
  // A new process that does not come up ends run local as any death does, with its last log lines.
  await loop.restart(which);
  times.push(`restart ${elapsed(t)}`);
  log(`apiboot: restarted ${what.names} with the change in ${elapsed(start)} (${times.join(', ')})`);
  return 'done';
}
