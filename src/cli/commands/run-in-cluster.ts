import { UserError } from '../../errors.js';
import { hasControllers } from '../../project/record.js';
import { controllerName, controllerSelector, leaseName } from '../../manifests/controller.js';
import { groupVersions } from '../../manifests/apiservice.js';
import { unlockProject } from '../../scaffold/lock.js';
import { Kubectl } from '../../toolchain/kubectl.js';
import type { GlobalOptions } from '../context.js';
import type { Task } from '../../task.js';
import { pollUntil } from '../../run/poll.js';
import {
  deploymentState,
  describeLease,
  leaderAtWork,
  podState,
  readDeployment,
  readLease,
  readPods,
  type Condition,
  type LeaseView,
} from '../../run/workloads.js';
import { runTasks } from '../tasks.js';
import { buildConfig, checkConfigFlags } from './build-config.js';
import { containerTasks } from './build-container.js';
import { openProject } from './project-context.js';

export interface RunInClusterFlags {
  image: string;
  name?: string;
  namespace: string;
  context?: string;
  kubeconfig?: string;
  /** commander's --no-build and --no-push set these to false. */
  build: boolean;
  push: boolean;
  tool?: string;
  platform?: string;
  baseImage?: string;
  etcdServers?: string;
  /** Whole numbers, parsed and range-checked with the flags. */
  replicas: number;
  etcdReplicas?: number;
  allowSensitiveReads?: boolean;
  output: string;
  timeout: number;
}

export async function runInCluster(flags: RunInClusterFlags, ctx: GlobalOptions): Promise<void> {
  const { project } = openProject(ctx, { needGo: flags.build });
  const name = flags.name ?? `${project.projectName}-apiserver`;
  const timeoutSeconds = flags.timeout;
  // Every flag is checked before anything is built, pushed or asked of the cluster.
  checkConfigFlags({ ...flags, name }, project);
  const kubectl = new Kubectl({ kubeconfig: flags.kubeconfig, context: flags.context }, ctx.cwd);
  const build = flags.build ? containerTasks(flags, ctx.cwd) : [];
  if (ctx.dryRun) {
    await buildConfig({ ...flags, name }, ctx);
    return;
  }
  await kubectl.check();
  await runTasks(build);
  const config = await buildConfig({ ...flags, name }, ctx);
  // The rest only talks to the cluster: other commands may change the project meanwhile.
  unlockProject(ctx.cwd);
  const apiServiceNames = groupVersions(project).map(({ group, version }) => `${version}.${group}`);

  // apiboot generated these objects and owns their fields: it takes them over from earlier manual applies.
  const apply = ['apply', '--server-side', '--field-manager=apiboot', '--force-conflicts'];
  const tasks: Task[] = [
    // A server-side dry run of a namespaced object fails while its namespace does not exist, so the namespace,
    // and only it, is applied first; it is not part of the kustomization (kubectl delete -k must leave it), and the
    // namespaces Kubernetes creates are left as they are.
    ...(config.namespaceFile
      ? [
          {
            title: `Ensure namespace ${flags.namespace}`,
            run: async () => void (await kubectl.run([...apply, '-f', config.namespaceFile!])),
          },
        ]
      : []),
    {
      // A rejected manifest stops everything here, before anything else is applied.
      title: 'Check the manifests with a server-side dry run',
      run: async () => void (await kubectl.run([...apply, '--dry-run=server', '-k', config.output])),
    },
    {
      title: `Apply ${config.output}/ to namespace ${flags.namespace}`,
      run: async () => void (await kubectl.run([...apply, '-k', config.output])),
    },
    {
      title: `Wait until ${apiServiceNames.join(', ')} ${apiServiceNames.length === 1 ? 'is' : 'are'} Available`,
      run: (progress) => waitAvailable(kubectl, apiServiceNames, timeoutSeconds * 1000, progress, flags.namespace, name),
    },
    // A Deployment's rollout says its pods are Ready; a controller manager does its work only while it holds the
    // Lease, so that is what is waited for: a live leader, seen renewing it.
    ...(hasControllers(project)
      ? [
          {
            title: `Wait until the controller manager leads (Lease ${flags.namespace}/${leaseName({ project })})`,
            run: (progress: (s: string) => void) =>
              waitLeading(
                kubectl,
                { namespace: flags.namespace, lease: leaseName({ project }), deployment: controllerName({ name }), name },
                timeoutSeconds * 1000,
                progress,
              ),
          },
        ]
      : []),
  ];
  await runTasks(tasks);
  const first = project.resources[0];
  const k = [
    'kubectl',
    ...(flags.kubeconfig ? ['--kubeconfig', flags.kubeconfig] : []),
    ...(flags.context ? ['--context', flags.context] : []),
  ].join(' ');
  process.stdout.write(`\nReady. Try:\n  ${k} get ${first ? first.plural : 'apiservices'}${first?.namespaced ? ' -A' : ''}\n`);
}

async function waitAvailable(
  kubectl: Kubectl,
  names: string[],
  timeoutMs: number,
  progress: (s: string) => void,
  namespace: string,
  name: string,
): Promise<void> {
  const ready = (conditions: Map<string, Condition | undefined>) => names.filter((n) => conditions.get(n)?.status === 'True');
  const { value: last, done } = await pollUntil(
    async () => {
      const out = JSON.parse(await kubectl.run(['get', 'apiservices', ...names, '-o', 'json']));
      return new Map(
        (out.items as Array<{ metadata: { name: string }; status?: { conditions?: Condition[] } }>).map((a) => [
          a.metadata.name,
          a.status?.conditions?.find((c) => c.type === 'Available'),
        ]),
      );
    },
    (conditions) => ready(conditions).length === names.length,
    (conditions) => {
      const count = `${ready(conditions).length}/${names.length} Available`;
      const waiting = names.find((n) => conditions.get(n)?.status !== 'True');
      return waiting === undefined ? count : `${count}; ${waiting}: ${conditions.get(waiting)?.reason ?? 'no status yet'}`;
    },
    timeoutMs,
    progress,
  );
  if (done) return;
  const details = names
    .filter((n) => last.get(n)?.status !== 'True')
    .map((n) => `  ${n}: ${last.get(n)?.reason ?? 'no condition'}: ${last.get(n)?.message ?? ''}`)
    .join('\n');
  throw new UserError(
    `Not every APIService became Available within ${Math.round(timeoutMs / 1000)} s; their conditions and what to look at next follow.`,
    `${details}\nLook at:\n  kubectl -n ${namespace} get pods\n  kubectl -n ${namespace} logs deployment/${name}\n  kubectl get apiservice ${names[0]} -o yaml`,
  );
}

async function waitLeading(
  kubectl: Kubectl,
  target: { namespace: string; lease: string; deployment: string; name: string },
  timeoutMs: number,
  progress: (s: string) => void,
): Promise<void> {
  const { namespace, lease, deployment } = target;
  // The Lease as the wait found it: a leader at work is one that writes it after that.
  let first: LeaseView | undefined;
  let started = false;
  const { value: now, done } = await pollUntil(
    async () => {
      const view = await readLease(kubectl, namespace, lease);
      if (!started) [first, started] = [view, true];
      return view;
    },
    (now) => leaderAtWork(first, now),
    (now) => describeLease(lease, first, now),
    timeoutMs,
    progress,
  );
  if (done) return;
  throw new UserError(
    `The controller manager did not lead within ${Math.round(timeoutMs / 1000)} s (${describeLease(lease, first, now)}); its Deployment, its pods and what to look at next follow.`,
    `${await controllerState(kubectl, namespace, deployment, target.name)}\nA running controller manager takes the Lease within seconds: check that its pod runs, and read its log, where a refusal names the rule its ClusterRole or Role lacks.\nLook at:\n  kubectl -n ${namespace} get pods -l app.kubernetes.io/component=controller-manager\n  kubectl -n ${namespace} logs deployment/${deployment}\n  kubectl -n ${namespace} get lease ${lease} -o yaml`,
  );
}

/** The controller manager's Deployment conditions and its pods' states, as lines. */
async function controllerState(kubectl: Kubectl, namespace: string, deployment: string, name: string): Promise<string> {
  const lines: string[] = [];
  const dep = await readDeployment(kubectl, namespace, deployment);
  lines.push(`  Deployment ${deployment}: ${dep ? deploymentState(dep) : 'not found'}`);
  const selector = controllerSelector({ name });
  const pods = await readPods(kubectl, namespace, selector);
  if (pods.length === 0) lines.push(`  pods (${selector}): none`);
  for (const pod of pods) lines.push(`  pod ${pod.metadata.name}: ${podState(pod)}`);
  return lines.join('\n');
}
