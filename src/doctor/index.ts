import { connect } from 'node:tls';
import type { Container, ContainerPort, Secret, Service, ServicePort, Volume } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ClusterRole, ClusterRoleBinding, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { UserError } from '../errors.js';
import { hasControllers } from '../project/record.js';
import { controllerName, controllerSelector, leaseName } from '../manifests/controller.js';
import { groupVersions, type APIService } from '../manifests/apiservice.js';
import { CERT_MOUNT } from '../manifests/objects.js';
import { serverRules } from '../manifests/rbac.js';
import type { ProjectRecord } from '../project/record.js';
import { readDeployment, readLease, readPods, selectorOf, type DeploymentView, type List, type Partially } from '../run/workloads.js';
import type { Kubectl } from '../toolchain/kubectl.js';
import { servingCertificateChecks } from './certificate.js';
import { noAggregationLayer, standaloneChecks, standaloneNote } from './standalone.js';
import { fail, pass, type CheckResult } from './check.js';
import { controllerChecks, deploymentCheck, podsCheck } from './workloads.js';

export interface DoctorTarget {
  /** Where the server runs; by default what the project's APIServices name. */
  namespace?: string;
  name?: string;
}

export interface DoctorReport {
  namespace: string;
  name: string;
  passed: boolean;
  checks: CheckResult[];
  /** 'standalone' when kubectl reaches the project's server directly (run local): no aggregation layer to check. */
  mode?: 'cluster' | 'standalone';
  /** What the checks cannot say by themselves, such as why there are no APIServices. */
  note?: string;
  /** The server kubectl reached, in standalone mode. */
  server?: string;
}

/** kubectl get ... -o json, read as what it was asked for; undefined when the object does not exist. */
async function getJson<T>(kubectl: Kubectl, args: string[]): Promise<T | undefined> {
  try {
    return JSON.parse(await kubectl.run(['get', ...args, '-o', 'json'])) as T;
  } catch (e) {
    if (e instanceof UserError && /NotFound|not found/.test(e.detail ?? '')) return undefined;
    throw e;
  }
}

/**
 * Reads the cluster and checks, in the order a request travels, everything an aggregated API server needs to be
 * Available: its APIServices, the Service and what is behind it, the Deployment and its pods, the serving certificate
 * against each caBundle, and the RBAC the server needs, asked as its ServiceAccount; then, for a project with
 * controllers, the controller manager: its Deployment, its pods and its Lease.
 */
export async function diagnose(kubectl: Kubectl, project: ProjectRecord, target: DoctorTarget): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  const wanted = groupVersions(project).map(({ group, version }) => `${version}.${group}`);
  let all: Array<Partially<APIService>>;
  try {
    all = (await getJson<List<Partially<APIService>>>(kubectl, ['apiservices']))?.items ?? [];
  } catch (e) {
    if (!noAggregationLayer(e)) throw e;
    const { server, checks: standalone } = await standaloneChecks(kubectl, project);
    return {
      mode: 'standalone',
      server,
      namespace: '',
      name: '',
      passed: standalone.every((c) => c.passed),
      checks: standalone,
      note: standaloneNote(server),
    };
  }
  const apiServices = wanted.map((n) => ({ name: n, obj: all.find((a) => a.metadata?.name === n) }));

  const ref = apiServices.find((a) => a.obj?.spec?.service)?.obj?.spec?.service;
  const namespace = target.namespace ?? ref?.namespace;
  const name = target.name ?? ref?.name ?? `${project.projectName}-apiserver`;
  if (!namespace) {
    throw new UserError(
      `None of the project's APIServices (${wanted.join(', ')}) exists in this cluster, so where the server runs is unknown; deploy it with apiboot run in-cluster, or pass --namespace.`,
    );
  }
  const fixLog = `Read the server's log (kubectl logs -n ${namespace} deployment/${name}) for the cause.`;
  const port = ref?.port ?? 443;

  for (const { name: apiService, obj } of apiServices) {
    const check = `APIService ${apiService}`;
    if (!obj) {
      checks.push(
        fail(
          check,
          'it does not exist',
          'Apply the manifests of apiboot build config (kubectl apply --server-side -k config/), or run apiboot run in-cluster.',
        ),
      );
      continue;
    }
    const svc = obj.spec?.service;
    if (!svc) {
      checks.push(
        fail(
          check,
          'it names no Service, so kube-apiserver serves it itself',
          "Apply apiservice.yaml from apiboot build config, which points it at the server's Service.",
        ),
      );
      continue;
    }
    if (svc.namespace !== namespace || svc.name !== name) {
      checks.push(
        fail(
          check,
          `it sends requests to Service ${svc.namespace}/${svc.name}, not ${namespace}/${name}`,
          `Apply config/ built with --name ${name} --namespace ${namespace}, or pass doctor the --name and --namespace it names.`,
        ),
      );
      continue;
    }
    const available = (obj.status?.conditions ?? []).find((c) => c.type === 'Available');
    if (available?.status === 'True') checks.push(pass(check, 'Available'));
    else {
      const why = available
        ? `${available.reason ?? 'not Available'}: ${available.message ?? ''}`.replace(/:\s*$/, '')
        : 'no Available condition yet';
      checks.push(fail(check, `not Available (${why})`, availabilityFix(available?.reason, available?.message ?? '', fixLog)));
    }
  }

  const deployment = await getJson<DeploymentView>(kubectl, ['deployment', name, '-n', namespace]);
  const podSpec = deployment?.spec?.template?.spec;
  const container: Partially<Container> | undefined =
    podSpec?.containers?.find((c) => (c.ports ?? []).length > 0) ?? podSpec?.containers?.[0];
  const containerPort: Partially<ContainerPort> | undefined =
    (container?.ports ?? []).find((p) => p.name === 'https') ?? container?.ports?.[0];

  // The Service, and what the aggregator reaches through it.
  const service = await getJson<Partially<Service>>(kubectl, ['service', name, '-n', namespace]);
  const serverName = `${name}.${namespace}.svc`;
  const caBundles = Object.fromEntries(
    apiServices
      .filter((a) => a.obj?.spec?.service)
      .map((a) => [a.name, Buffer.from(a.obj?.spec?.caBundle ?? '', 'base64').toString('utf8')]),
  );
  if (!service) {
    checks.push(
      fail(
        `Service ${namespace}/${name}`,
        'it does not exist',
        `Apply service.yaml from apiboot build config (kubectl apply --server-side -k config/).`,
      ),
    );
  } else {
    const ports: Array<Partially<ServicePort>> = service.spec?.ports ?? [];
    const svcPort = ports.find((p) => p.port === port);
    const external = service.spec?.type === 'ExternalName';
    if (!svcPort) {
      checks.push(
        fail(
          'Service port',
          `the APIServices call port ${port}, but the Service ${namespace}/${name} has port ${ports.map((p) => p.port).join(', ') || 'none'}`,
          `Give the Service port ${port} again (apiboot build config writes it) with kubectl apply --server-side -k config/.`,
        ),
      );
    } else if (external) {
      // The aggregator dials the external name at the Service's port itself: that port is the server's own.
      const listens = containerPort?.containerPort;
      checks.push(
        listens === undefined || listens === svcPort.port
          ? pass('Service port', `ExternalName ${service.spec?.externalName}:${svcPort.port}`)
          : fail(
              'Service port',
              `the ExternalName Service sends the aggregator to port ${svcPort.port}, but the server listens on ${listens}`,
              `Set the Service's and the APIServices' port to ${listens}.`,
            ),
      );
    } else {
      const tp = svcPort.targetPort ?? svcPort.port;
      const match = (container?.ports ?? []).some((p) => (typeof tp === 'string' ? p.name === tp : p.containerPort === tp));
      checks.push(
        !container || match
          ? pass('Service port', `port ${svcPort.port} → target ${tp}`)
          : fail(
              'Service port',
              `the Service's port ${svcPort.port} targets ${tp}, which no port of the server's container is`,
              `Point the Service's targetPort at the container's port "https" (${containerPort?.containerPort ?? 'its port'}), as apiboot build config writes it.`,
            ),
      );
    }
    if (external) checks.push(await reachable(service.spec?.externalName ?? '', port, serverName, Object.values(caBundles)[0] ?? ''));
    else checks.push(await endpoints(kubectl, namespace, name));
  }

  // The Deployment and its pods.
  checks.push(
    deploymentCheck(namespace, name, deployment, {
      missing: 'Apply deployment.yaml from apiboot build config (kubectl apply --server-side -k config/).',
      podCheck: 'pod',
    }),
  );
  if (deployment) {
    const selector = selectorOf(deployment);
    checks.push(podsCheck('pods ready', namespace, await readPods(kubectl, namespace, selector), selector));
  }

  // The serving certificate the pods mount, against every caBundle.
  const volume: Partially<Volume> | undefined =
    (podSpec?.volumes ?? []).find(
      (v) => v.secret && (container?.volumeMounts ?? []).some((m) => m.name === v.name && m.mountPath === CERT_MOUNT),
    ) ?? (podSpec?.volumes ?? []).find((v) => v.secret);
  const renew = `Issue a new one with apiboot build config --name ${name} --namespace ${namespace} and apply config/`;
  if (volume) {
    const secretName = volume.secret?.secretName ?? '';
    const secret = await getJson<Partially<Secret>>(kubectl, ['secret', secretName, '-n', namespace]);
    if (!secret?.data?.['tls.crt']) {
      checks.push(
        fail(
          'serving Secret',
          `the Secret ${namespace}/${secretName} the Deployment mounts ${secret ? 'has no tls.crt' : 'does not exist'}`,
          `${renew}.`,
        ),
      );
    } else {
      const data = secret.data;
      const decode = (k: string) => (data[k] ? Buffer.from(data[k], 'base64').toString('utf8') : undefined);
      checks.push(pass('serving Secret', `${namespace}/${secretName}`));
      checks.push(
        ...servingCertificateChecks({
          source: `Secret ${namespace}/${secretName}`,
          certPem: decode('tls.crt') ?? '',
          keyPem: decode('tls.key'),
          caBundles,
          serverName,
          renew,
        }),
      );
    }
  } else if (deployment) {
    checks.push(
      fail(
        'serving Secret',
        'the Deployment mounts no Secret with the serving certificate',
        'Apply deployment.yaml from apiboot build config, which mounts it.',
      ),
    );
  }

  const serviceAccount = podSpec?.serviceAccountName ?? name;
  checks.push(...(await rbacChecks(kubectl, project, namespace, name, serviceAccount)));

  // The controller manager beside the server, for a project with controllers: it does not serve the APIServices, but
  // a kind whose status never changes looks just as broken to its users.
  if (hasControllers(project)) {
    const controller = controllerName({ name });
    const lease = leaseName({ project });
    const found = await readDeployment(kubectl, namespace, controller);
    const selector = found ? selectorOf(found) : controllerSelector({ name });
    checks.push(
      ...controllerChecks({
        namespace,
        deployment: controller,
        lease,
        selector,
        found: {
          deployment: found,
          pods: found ? await readPods(kubectl, namespace, selector) : [],
          lease: await readLease(kubectl, namespace, lease),
        },
        now: new Date(),
      }),
    );
  }
  return { mode: 'cluster', namespace, name, passed: checks.every((c) => c.passed), checks };
}

/** The fix for an APIService that is not Available, from what its condition says. */
function availabilityFix(reason: string | undefined, message: string, fixLog: string): string {
  if (reason === 'ServiceNotFound') return 'Create the Service the APIService names (kubectl apply --server-side -k config/).';
  if (reason === 'MissingEndpoints' || reason === 'EndpointsNotFound')
    return "Make the server's pods Ready: the Deployment and pod checks below say why they are not.";
  if (/x509|certificate/i.test(message))
    return 'Make the serving certificate verify against the caBundle: the certificate checks below name what is wrong.';
  if (/connection refused|no route|i\/o timeout|dial tcp|no such host|EOF/i.test(message)) {
    return 'Start the server and make it listen on the port the Service names: the Service and pod checks below say where it fails.';
  }
  if (/\b(401|403)\b|forbidden|unauthorized/i.test(message))
    return 'Give the server the RBAC bindings it needs: the RBAC checks below name the missing one.';
  return fixLog;
}

/** For an ExternalName Service: connect as the aggregator does, verifying the certificate for <service>.<ns>.svc. */
function reachable(host: string, port: number, serverName: string, caBundle: string): Promise<CheckResult> {
  const name = 'server answers';
  return new Promise((resolve) => {
    const socket = connect({ host, port, servername: serverName, ca: caBundle || undefined, rejectUnauthorized: false, timeout: 5000 });
    const done = (r: CheckResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.once('secureConnect', () => {
      const error = socket.authorizationError ? String(socket.authorizationError) : undefined;
      if (!error) return done(pass(name, `${host}:${port} presents a certificate for ${serverName} that the caBundle verifies`));
      done(
        fail(
          name,
          `${host}:${port} presents a certificate the aggregator refuses (${error})`,
          'Serve the certificate of the serving Secret: the certificate checks below name what is wrong with it, then restart the server.',
        ),
      );
    });
    socket.once('timeout', () =>
      done(
        fail(name, `nothing answers at ${host}:${port} within 5 s`, 'Start the server and make it listen on the port the Service names.'),
      ),
    );
    socket.once('error', (err: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) => {
      // Trying IPv6 and IPv4 in turn ends in an AggregateError whose parts carry the code.
      const e = { code: err.code ?? err.errors?.find((x) => x.code)?.code, message: err.message };
      if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
        return done(pass(name, `not checked: ${host} does not resolve from this machine, only from the cluster`));
      }
      done(
        fail(
          name,
          `nothing answers at ${host}:${port} (${e.code ?? e.message})`,
          'Start the server and make it listen on the port the Service names.',
        ),
      );
    });
  });
}

async function endpoints(kubectl: Kubectl, namespace: string, name: string): Promise<CheckResult> {
  const slices =
    (
      await getJson<List<Partially<EndpointSlice>>>(kubectl, [
        'endpointslices',
        '-n',
        namespace,
        '-l',
        `kubernetes.io/service-name=${name}`,
      ])
    )?.items ?? [];
  const ready = slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length;
  return ready > 0
    ? pass('Service endpoints', `${ready} ready`)
    : fail(
        'Service endpoints',
        `the Service ${namespace}/${name} has no ready endpoint`,
        "Make the server's pods Ready and check that the Service's selector matches their labels.",
      );
}

/** kubectl auth can-i as the ServiceAccount (a SubjectAccessReview through impersonation). */
async function canI(kubectl: Kubectl, user: string, verb: string, resource: string, namespace?: string): Promise<boolean> {
  try {
    const out = await kubectl.run(['auth', 'can-i', verb, resource, `--as=${user}`, ...(namespace ? ['-n', namespace] : [])]);
    return out.trim() === 'yes';
  } catch (e) {
    if (e instanceof UserError && /^no\b/m.test(e.detail ?? '')) return false;
    throw e;
  }
}

interface Grant {
  verb: string;
  resource: string;
  namespace?: string;
}

async function rbacChecks(kubectl: Kubectl, project: ProjectRecord, namespace: string, name: string, sa: string): Promise<CheckResult[]> {
  const user = `system:serviceaccount:${namespace}:${sa}`;
  const isOurs = (b: Partially<ClusterRoleBinding | RoleBinding>) =>
    (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === namespace);
  const clusterBindings = ((await getJson<List<Partially<ClusterRoleBinding>>>(kubectl, ['clusterrolebindings']))?.items ?? []).filter(
    isOurs,
  );
  const systemBindings = (
    (await getJson<List<Partially<RoleBinding>>>(kubectl, ['rolebindings', '-n', 'kube-system']))?.items ?? []
  ).filter(isOurs);
  const role = await getJson<Partially<ClusterRole>>(kubectl, ['clusterrole', name]);

  const cases: Array<{ check: string; bound: boolean; boundDetail: string; grants: Grant[]; fix: string }> = [
    {
      check: 'RBAC system:auth-delegator',
      bound: clusterBindings.some((b) => b.roleRef?.kind === 'ClusterRole' && b.roleRef?.name === 'system:auth-delegator'),
      boundDetail: `no ClusterRoleBinding binds system:auth-delegator to ${namespace}/${sa}`,
      grants: [
        { verb: 'create', resource: 'tokenreviews.authentication.k8s.io' },
        { verb: 'create', resource: 'subjectaccessreviews.authorization.k8s.io' },
      ],
      fix: `Bind it: kubectl create clusterrolebinding ${name}:system:auth-delegator --clusterrole=system:auth-delegator --serviceaccount=${namespace}:${sa}.`,
    },
    {
      check: 'RBAC extension-apiserver-authentication-reader',
      bound: systemBindings.some((b) => b.roleRef?.kind === 'Role' && b.roleRef?.name === 'extension-apiserver-authentication-reader'),
      boundDetail: `no RoleBinding in kube-system binds extension-apiserver-authentication-reader to ${namespace}/${sa}`,
      grants: ['get', 'list', 'watch'].map((verb) => ({
        verb,
        resource: 'configmaps/extension-apiserver-authentication',
        namespace: 'kube-system',
      })),
      fix: `Bind it: kubectl create rolebinding ${name}:extension-apiserver-authentication-reader -n kube-system --role=extension-apiserver-authentication-reader --serviceaccount=${namespace}:${sa}.`,
    },
    {
      check: `RBAC ClusterRole ${name}`,
      bound: Boolean(role) && clusterBindings.some((b) => b.roleRef?.kind === 'ClusterRole' && b.roleRef?.name === name),
      boundDetail: role
        ? `no ClusterRoleBinding binds the ClusterRole ${name} to ${namespace}/${sa}`
        : `the ClusterRole ${name} does not exist`,
      grants: serverRules(project).flatMap((r) =>
        r.resources.flatMap((res) => r.verbs.map((verb) => ({ verb, resource: r.apiGroups[0] ? `${res}.${r.apiGroups[0]}` : res }))),
      ),
      fix: `Apply rbac.yaml from apiboot build config (kubectl apply --server-side -k config/): it holds the ClusterRole ${name} and its binding.`,
    },
  ];
  const out: CheckResult[] = [];
  for (const c of cases) {
    const answers = await Promise.all(
      c.grants.map(async (g) => ({ g, allowed: await canI(kubectl, user, g.verb, g.resource, g.namespace) })),
    );
    const denied = answers.filter((a) => !a.allowed).map(({ g }) => `${g.verb} ${g.resource}${g.namespace ? ` in ${g.namespace}` : ''}`);
    if (denied.length > 0) {
      out.push(fail(c.check, `${c.bound ? 'bound, but' : `${c.boundDetail}, and`} ${user} may not ${denied.join(', ')}`, c.fix));
    } else if (!c.bound) {
      out.push(pass(c.check, `allowed through another binding (${c.boundDetail})`));
    } else {
      out.push(pass(c.check, `bound; ${c.grants.length} SubjectAccessReviews as ${user} allowed`));
    }
  }
  return out;
}
