import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { shownPath } from '../scaffold/fs-errors.js';
import { processAlive } from '../scaffold/state.js';
import { KUBECONFIG, LOCAL_DIR } from './local-pki.js';

/** Held by a `run local` from before it writes anything until it exits: one per project. */
export const RUN_LOCK = `${LOCAL_DIR}/run.pid`;

/**
 * The lock of an etcd data folder, beside it rather than in it (etcd warns about any file of its data folder it
 * does not know): two `run local`s of different projects given the same --data-dir would otherwise start two etcds
 * on one folder, and the second waits on etcd's own file lock until it times out.
 */
export function dataDirLock(cwd: string, dataDir: string): string {
  return `${resolve(cwd, dataDir)}.apiboot-lock`;
}

/** Refuses at once, before anything is built or written, when another `run local` runs in this project. */
export function refuseSecondRun(cwd: string): void {
  const owner = liveOwner(resolve(cwd, RUN_LOCK));
  if (owner !== undefined) throw secondRun(owner);
}

function secondRun(pid: number): UserError {
  return new UserError(
    `apiboot run local is already running in this project (pid ${pid}); use it (kubectl --kubeconfig ${KUBECONFIG}), or stop it with Ctrl-C before starting another.`,
  );
}

/** Refuses a --data-dir etcd cannot use as its folder: a file, or a path under a file. */
export function checkDataDir(cwd: string, dataDir: string): void {
  let path = resolve(cwd, dataDir);
  const shown = shownPath(path);
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new UserError(`--data-dir ${shown} is a file; etcd keeps its data in a folder, so pass a folder (created when missing).`);
  }
  while (!existsSync(path)) path = dirname(path);
  if (!statSync(path).isDirectory()) {
    throw new UserError(`--data-dir ${shown} lies under the file ${shownPath(path)}; pass a folder etcd can create.`);
  }
}

/**
 * Takes the run lock of the project and, when etcd is started, the lock of its data folder; both are released when
 * the process exits. A lock whose process is gone (killed) is taken over.
 */
export function claimRun(cwd: string, dataDir: string | undefined): void {
  take(resolve(cwd, RUN_LOCK), secondRun);
  if (dataDir === undefined) return;
  take(
    dataDirLock(cwd, dataDir),
    (pid) =>
      new UserError(
        `The etcd data folder ${shownPath(resolve(cwd, dataDir))} is in use by another apiboot run local (pid ${pid}); stop that one first, or pass another --data-dir.`,
      ),
  );
}

const held: string[] = [];

function take(file: string, refusal: (pid: number) => UserError): void {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw e;
    }
    const owner = liveOwner(file);
    if (owner !== undefined) throw refusal(owner);
    // Left by a run that was killed: taken over.
    try {
      unlinkSync(file);
    } catch {
      // Taken over by another run meanwhile: the next attempt says so.
    }
  }
  if (held.length === 0) process.once('exit', releaseRun);
  held.push(file);
}

/** Removes the locks this process holds (also at exit). */
export function releaseRun(): void {
  for (const file of held.splice(0)) {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // Already gone.
    }
    // A refused run leaves no empty .apiboot/local behind (a data folder's parent is the user's: kept as it is).
    if (file.endsWith(RUN_LOCK)) {
      for (const dir of [dirname(file), dirname(dirname(file))]) {
        try {
          rmdirSync(dir);
        } catch {
          break;
        }
      }
    }
  }
}

function liveOwner(file: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid) ? pid : undefined;
}
