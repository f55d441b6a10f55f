import { join } from 'node:path';
import { CONTROLLER_BINARY } from './build.js';
import { died } from './local-server.js';
import { freePort } from './ports.js';
import { waitUntilReady } from './readiness.js';
import type { Supervisor } from './supervisor.js';

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts bin/controller-manager against the local server, with the kubeconfig kubectl uses, and waits until its
 * readiness probe answers. Probes and metrics listen on free loopback ports; one process, so no leader election.
 */
export async function startControllerManager(
  supervisor: Supervisor,
  o: { cwd: string; kubeconfig: string; log: (line: string) => void },
): Promise<void> {
  const [metricsPort, probePort] = [await freePort(), await freePort()];
  o.log(`apiboot: starting the controller manager (metrics on http://127.0.0.1:${metricsPort}/metrics)`);
  supervisor.start({
    name: 'controller-manager',
    command: join(o.cwd, CONTROLLER_BINARY),
    cwd: o.cwd,
    args: [
      `--kubeconfig=${o.kubeconfig}`,
      `--metrics-bind-address=127.0.0.1:${metricsPort}`,
      `--health-probe-bind-address=127.0.0.1:${probePort}`,
      '--leader-elect=false',
    ],
  });
  const notReady = await waitUntilReady(
    { url: `http://127.0.0.1:${probePort}/readyz` },
    () => !supervisor.hasExited('controller-manager'),
    READY_TIMEOUT_MS,
  );
  if (notReady) throw died('controller-manager', notReady, supervisor.lastLines('controller-manager'));
}
