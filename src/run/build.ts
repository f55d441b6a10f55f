import { spawn } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';
import { tail } from '../toolchain/exec.js';
import { PROJECT_ETCD } from './etcd.js';
import { LOCAL_DIR } from './local-pki.js';
import { timedStep } from './progress.js';

export const SERVER_BINARY = 'bin/apiserver';
export const CONTROLLER_BINARY = 'bin/controller-manager';

export interface LocalTargets {
  server: boolean;
  etcd: boolean;
  /** bin/controller-manager, for a project with controllers. */
  controllerManager?: boolean;
}

/**
 * Builds what `run local` is missing in one `go build`: bin/apiserver and, when no etcd can be had otherwise,
 * bin/etcd from the project's own module graph. One build, not two side by side: the two share most of their
 * packages, and one go command compiles each package once. No -trimpath, so the build cache is the one the
 * user's own `go build` and `go test` fill; -ldflags=-w leaves out the DWARF debug information, which is about a
 * quarter of the link time of every rebuild (stack traces keep their symbols). Says what it is doing while it runs
 * (packages compiled, modules downloaded) and how long it took.
 */
export async function buildLocalBinaries(cwd: string, targets: LocalTargets, log: (line: string) => void): Promise<void> {
  const wanted: Array<{ pkg: string; built: string; dest: string }> = [];
  if (targets.server) wanted.push({ pkg: './cmd/apiserver', built: 'apiserver', dest: SERVER_BINARY });
  if (targets.controllerManager) wanted.push({ pkg: './cmd/controller-manager', built: 'controller-manager', dest: CONTROLLER_BINARY });
  // go build names a binary after the last path element that is not a major version: server.
  if (targets.etcd) wanted.push({ pkg: 'go.etcd.io/etcd/server/v3', built: 'server', dest: PROJECT_ETCD });
  if (wanted.length === 0) return;
  // Built into a folder of apiboot's own, then renamed into bin/: nothing else in bin/ is overwritten, and a
  // running server keeps its binary until it is restarted.
  const out = join(LOCAL_DIR, 'build');
  mkdirSync(join(cwd, out), { recursive: true });
  mkdirSync(join(cwd, 'bin'), { recursive: true });
  const title = `building ${wanted.map((w) => w.dest).join(' and ')}${targets.etcd ? " (etcd from the project's Go module graph, once)" : ''}`;
  await timedStep(log, title, (report) =>
    goBuild(cwd, ['build', '-v', '-ldflags=-w', '-o', `${out}/`, ...wanted.map((w) => w.pkg)], report),
  );
  for (const w of wanted) renameSync(join(cwd, out, w.built), join(cwd, w.dest));
}

/**
 * `go build -v` with its output read as it comes: -v names each package as it is compiled, and a cold module
 * cache prints a line per module downloaded, which is what the progress line reports.
 */
export function goBuild(cwd: string, args: string[], report: (status: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let compiled = 0;
    let downloaded = 0;
    const onLine = (line: string) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (line.startsWith('go: downloading ')) downloaded++;
      else if (/^[\w.-]+(\/[\w.~-]+)*$/.test(line)) compiled++;
      report(`${compiled} packages compiled${downloaded ? `, ${downloaded} modules downloaded` : ''}`);
    };
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', onLine);
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT' ? new UserError('Go was not found on PATH; install Go 1.26 or newer and put its bin folder on PATH.') : err,
      ),
    );
    child.once('close', (code) => {
      if (code === 0) return resolve();
      // -v names every package compiled; the error is what is left once those lines are gone.
      const errors = lines.filter((l) => !/^[\w.-]+(\/[\w.~-]+)*$/.test(l) && !l.startsWith('go: downloading '));
      reject(new UserError(`"go ${args.join(' ')}" failed (exit code ${code ?? 'none'}) in ${cwd}.`, tail(errors.join('\n'), 40)));
    });
  });
}
