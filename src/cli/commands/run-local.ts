import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { validateEtcdServers } from '../../project/deploy-inputs.js';
import { usesEtcd } from '../../project/record.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { commitChanges } from '../../scaffold/commit.js';
import { CONTROLLER_BINARY, SERVER_BINARY, buildLocalBinaries } from '../../run/build.js';
import { builtEtcd, findEtcd } from '../../run/etcd.js';
import { KUBECONFIG, LOCAL_DIR, ensureLocalPki, writeKubeconfig } from '../../run/local-pki.js';
import { died, startLocalEtcd, startStandaloneServer } from '../../run/local-server.js';
import { assertPortFree } from '../../run/ports.js';
import { checkDataDir, claimRun, refuseSecondRun } from '../../run/run-lock.js';
import { unlockProject } from '../../scaffold/lock.js';
import { Supervisor } from '../../run/supervisor.js';
import { startControllerManager } from '../../run/controller-manager.js';
import { hasControllers } from '../../project/record.js';
import { watchProject, type Restarted } from '../../run/watch.js';
import { kubectlOnPath } from '../../toolchain/kubectl.js';
import type { GlobalOptions } from '../context.js';
import { openProject } from './project-context.js';

export interface RunLocalFlags {
  etcdServers?: string;
  /** A port, parsed and range-checked with the flag. */
  securePort: number;
  /** commander's --no-build sets this to false. */
  build: boolean;
  dataDir?: string;
  /** Regenerate, rebuild and restart on a change under pkg/apis (or pkg/controller: the controller manager). */
  watch?: boolean;
  /** commander's --no-controller sets this to false: the controller manager is left out. */
  controller: boolean;
}

export async function runLocal(flags: RunLocalFlags, ctx: GlobalOptions): Promise<void> {
  // Before the project lock, which a first run local holds while it builds: a second one is refused at once.
  refuseSecondRun(ctx.cwd);
  const { tree, project } = openProject(ctx);
  const port = flags.securePort;
  if (flags.etcdServers) validateEtcdServers(flags.etcdServers);
  // A project whose kinds are all served by handlers stores nothing: no etcd to start, and none to name.
  const withEtcd = usesEtcd(project);
  if (flags.etcdServers && !withEtcd) {
    throw new UserError('Every kind of this project is served by its handler, so the server uses no etcd; leave out --etcd-servers.');
  }
  const ownEtcd = withEtcd && !flags.etcdServers;
  const dataDir = flags.dataDir ?? join(LOCAL_DIR, 'etcd');
  if (ownEtcd) checkDataDir(ctx.cwd, dataDir);
  if (ctx.dryRun) {
    process.stdout.write(`Dry run: would build bin/apiserver, start ${withEtcd ? 'etcd and ' : ''}the server on 127.0.0.1.\n`);
    return;
  }
  await assertPortFree(port, '--secure-port');
  // Held until exit, before anything is written: a second run local would rewrite the kubeconfig of this one.
  claimRun(ctx.cwd, ownEtcd ? dataDir : undefined);
  // When the terminal or the parent goes away, writing logs fails with EPIPE; that must not crash apiboot before it
  // has stopped etcd and the server.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const log = (line: string) => process.stdout.write(`${line}\n`);

  if (!flags.build && !existsSync(join(ctx.cwd, SERVER_BINARY))) {
    throw new UserError(`${SERVER_BINARY} does not exist; run without --no-build, or run "apiboot build executables" first.`);
  }
  const kube = resolveKubeVersion(project.kubernetesVersion);
  // Whatever is missing (the server, an etcd) is built by one go build.
  let etcd = ownEtcd ? findEtcd(ctx.cwd, kube.etcd) : undefined;
  // The controller manager runs as a third process when the project has controllers, unless --no-controller.
  const controllers = flags.controller !== false && hasControllers(project);
  if (controllers && !flags.build && !existsSync(join(ctx.cwd, CONTROLLER_BINARY))) {
    throw new UserError(`${CONTROLLER_BINARY} does not exist; run without --no-build, or with --no-controller.`);
  }
  await buildLocalBinaries(ctx.cwd, { server: flags.build, etcd: ownEtcd && !etcd, controllerManager: controllers && flags.build }, log);
  if (ownEtcd) etcd ??= builtEtcd(ctx.cwd);

  const pki = ensureLocalPki(tree, project.projectName);
  writeKubeconfig(tree, project.projectName, port, pki);
  commitChanges(ctx.cwd, tree.changes());
  // From here on only .apiboot/local changes: other commands may change the project while the server runs.
  unlockProject(ctx.cwd);
  for (const note of pki.notes) log(`apiboot: certificate ${note}`);

  // Its processes in groups of their own: Ctrl-C reaches apiboot alone, which stops them in order (below).
  const supervisor = new Supervisor(log, { ownGroups: true });
  const stopped = new Promise<{ name: string; code: number | null; lastLines: string[] } | 'signal'>((resolve) => {
    supervisor.onUnexpectedExit((name, code, lastLines) => resolve({ name, code, lastLines }));
    // on, not once: a second Ctrl-C while stopping must not end apiboot before the processes it stops (in groups of
    // their own, nothing else would stop them).
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => resolve('signal'));
  });

  try {
    let etcdServers = flags.etcdServers;
    if (etcd) etcdServers = await startLocalEtcd(supervisor, { cwd: ctx.cwd, etcd, dataDir, log });

    const startServer = () => startStandaloneServer(supervisor, { cwd: ctx.cwd, port, etcdServers, pki, log });
    const startController = () => startControllerManager(supervisor, { cwd: ctx.cwd, kubeconfig: KUBECONFIG, log });
    await startServer();
    if (controllers) await startController();

    // Watching before the ready line: a save made as soon as it is printed must not be missed.
    // Both stop at once (the controller manager then does not retry against a server that is gone); the server
    // starts first, so the controller manager finds it ready.
    const restart = async (which: Restarted) => {
      await Promise.all([which.server && supervisor.stop('apiserver'), which.controllerManager && supervisor.stop('controller-manager')]);
      if (which.server) await startServer();
      if (which.controllerManager) await startController();
    };
    const watcher = flags.watch ? watchProject({ cwd: ctx.cwd, log, controllerManager: controllers, restart }) : undefined;
    const example = project.resources[0]?.plural ?? 'api-resources';
    const verb = project.resources[0] ? 'get ' : '';
    log(`apiboot: ready. In another terminal:\n  kubectl --kubeconfig ${KUBECONFIG} ${verb}${example}\napiboot: press Ctrl-C to stop.`);
    const kubectl = kubectlOnPath(kube.kube);
    if (kubectl?.skew === 'too old' || kubectl?.skew === 'too new') {
      log(
        `apiboot: note: the kubectl on PATH (${kubectl.binary}) is ${kubectl.version}, ${kubectl.skew} for this ${kube.kube} server; use a kubectl within one minor version of it, such as ${kubectlDownload(kube.kube)} (other ways to install it: https://kubernetes.io/docs/tasks/tools/).`,
      );
    }

    const outcome = await stopped;
    await watcher?.close();
    if (outcome !== 'signal') {
      throw died(outcome.name, `it exited with code ${outcome.code ?? 'none'}`, outcome.lastLines);
    }
    log('apiboot: stopping');
  } finally {
    await supervisor.stopAll();
  }
}

/** Where the Kubernetes project publishes the kubectl of a release for this machine. */
function kubectlDownload(kubeVersion: string): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return `https://dl.k8s.io/release/v${kubeVersion.replace(/^v/, '')}/bin/${os}/${arch}/kubectl${os === 'windows' ? '.exe' : ''}`;
}
