import { Command, Option, type CommandUnknownOpts, type OptionValues } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';
import type { GlobalOptions } from './context.js';
import { wholeNumber, type WholeNumberFlag } from './numbers.js';
import { VERSION } from './version.js';

/**
 * The command tree. Each action imports its implementation on demand, so `apiboot --help` loads commander and
 * nothing else.
 */
export function buildProgram(): CommandUnknownOpts {
  const program = withGlobalFlags(
    new Command('apiboot')
      .description('Scaffold, build, run and deploy Kubernetes aggregated API servers written in Go.')
      .version(VERSION, '-v, --version', 'print the apiboot version'),
  )
    // commander's own errors go through the one error path of `main`, said as apiboot says its own.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    // Program options only before the subcommand: `create resource --version v1` is the API version, not ours.
    .enablePositionalOptions()
    .addHelpText(
      'after',
      `
Example: a new aggregated API server for cats, running on this machine
  mkdir catdemo && cd catdemo
  apiboot init repo --domain demo.io
  apiboot create group version resource --group animal --version v1alpha1 --kind Cat
  apiboot run local`,
    );

  const init = program
    .command('init')
    .description('create things that start a project')
    .addHelpText('after', '\nExample:\n  mkdir catdemo && cd catdemo && apiboot init repo --domain demo.io');
  withGlobalFlags(init.command('repo'))
    .description('create a new Go module for an aggregated API server in the current folder')
    .option('--domain <domain>', 'the domain of every API group of the project, e.g. demo.io')
    .option('--module <path>', 'the Go module path (default: DOMAIN/FOLDER)')
    .option('--owner <name>', 'the copyright owner named in file headers', 'The Authors')
    .option('--k8s-version <x.y.z>', 'the Kubernetes release whose k8s.io libraries the project uses')
    .option('--skip-go', 'write the files only; do not run go mod tidy')
    .addHelpText(
      'after',
      `
Example:
  mkdir catdemo && cd catdemo
  apiboot init repo --domain demo.io --owner "The Demo Authors"`,
    )
    .action(async (opts, cmd) => (await import('./commands/init-repo.js')).initRepo(opts, globals(cmd)));

  const resourceOptions = (cmd: Command<[]>) =>
    withGlobalFlags(cmd)
      .option('--group <group>', 'the API group name without the domain, e.g. animal')
      .option('--version <version>', 'the API version, e.g. v1alpha1')
      .option('--kind <Kind>', 'the kind in UpperCamelCase, e.g. Cat')
      .option('--resource <plural>', 'the lower-case plural resource name (default: derived from the kind)')
      .option('--non-namespaced', 'serve the resource cluster-scoped instead of namespaced')
      .option('--short-names <names>', 'comma-separated abbreviations kubectl accepts, e.g. ct', commaList('--short-names', 'ct,kitty'))
      .option(
        '--categories <names>',
        'comma-separated categories the resource belongs to, e.g. animals,all',
        commaList('--categories', 'animals,all'),
      )
      .addOption(
        new Option('--with-status-subresource [bool]', 'serve a status subresource')
          .choices(['true', 'false'] as const)
          .argParser(oneOf('--with-status-subresource', ['true', 'false'] as const))
          .default('true' as const),
      )
      .option('--storage-version', 'for a kind that exists in another version: store it in this version from now on')
      .addOption(
        new Option(
          '--storage <storage>',
          'where objects live: etcd, or functions in a handler file you own (pkg/registry/GROUP/KIND/handler.go)',
        )
          .choices(['etcd', 'handler'] as const)
          .argParser(oneOf('--storage', ['etcd', 'handler'] as const))
          .default('etcd' as const),
      )
      .option(
        '--verbs <verbs>',
        'with --storage handler: the verbs served, of get,list,watch,create,update,delete (default: get,list)',
        commaList('--verbs', 'get,list'),
      )
      .addOption(new Option('--controller', 'scaffold a controller of the kind, run by cmd/controller-manager').conflicts('skipController'))
      .option('--skip-controller', 'no controller, and no question about one on a terminal')
      .option('--skip-go', 'write the files only; do not run code generation or go mod tidy')
      .addHelpText(
        'after',
        `
Example:
  apiboot create group version resource --group animal --version v1alpha1 --kind Cat --short-names ct --categories animals
  apiboot create resource --group animal --version v1alpha1 --kind Habitat --non-namespaced
  apiboot create resource --group animal --version v1beta1 --kind Cat    # Cat in a second version
  apiboot create resource --group animal --version v1alpha1 --kind PodSummary --storage handler   # computed from pods`,
      )
      .action(async (opts, c) => (await import('./commands/create-resource.js')).createResource(opts, globals(c)));

  const create = program
    .command('create')
    .description('add API groups, versions and resources')
    .addHelpText('after', '\nExample:\n  apiboot create group version resource --group animal --version v1alpha1 --kind Cat');
  resourceOptions(
    create
      .command('group')
      .description('(followed by "version resource")')
      .command('version')
      .description('(followed by "resource")')
      .command('resource')
      .description('add a resource (kind) to an API group and version, creating them as needed'),
  );
  resourceOptions(create.command('resource').description('same as "create group version resource"'));
  withGlobalFlags(create.command('subresource'))
    .description('add a subresource to a kind of the project, or (with --for-kind) to a kind another server owns')
    .option('--group <group>', 'the API group of the kind, without the domain (with --for-kind: where to serve it)')
    .option('--version <version>', 'the API version of the kind (with --for-kind: where to serve it)')
    .option('--kind <Kind>', 'the kind to add to (with --for-kind: the kind it returns, default PARENT + SUBRESOURCE)')
    .option(
      '--subresource <name>',
      'the subresource name, the last segment of its path, e.g. feed (default: the type, for status and scale)',
    )
    .addOption(
      new Option('--type <type>', 'what the subresource does').choices(SUBRESOURCE_TYPES).argParser(oneOf('--type', SUBRESOURCE_TYPES)),
    )
    .option('--for-kind <group/version/Kind>', 'a kind another API server serves, e.g. apps/v1/Deployment or v1/Pod')
    .option('--skip-go', 'write the files only; do not run code generation or go mod tidy')
    .addHelpText(
      'after',
      `
Types:
  status     the status subresource, for a kind created with --with-status-subresource=false
  scale      autoscaling/v1 Scale over spec.replicas: kubectl scale, HorizontalPodAutoscalers
  arbitrary  GET and PUT/PATCH of a kind of its own, with handlers you write (cats/NAME/feed)
  connector  a stream answering GET and POST, with options from the query string (cats/NAME/log)

Example:
  apiboot create subresource --group animal --version v1alpha1 --kind Cat --type scale
  apiboot create subresource --group animal --version v1alpha1 --kind Cat --subresource feed --type arbitrary
  apiboot create subresource --group animal --version v1alpha1 --kind Cat --subresource log --type connector
  apiboot create subresource --for-kind apps/v1/Deployment --subresource compositions --group apps --version v1alpha1`,
    )
    .action(async (opts, c) => (await import('./commands/create-subresource.js')).createSubresource(opts, globals(c)));

  withGlobalFlags(program.command('storage-version'))
    .description('choose the version etcd stores a kind served in several versions in')
    .option('--group <group>', 'the API group name without the domain, e.g. animal')
    .option('--version <version>', 'the version to store the kind in, e.g. v1beta1')
    .option('--kind <Kind>', 'the kind, e.g. Cat')
    .addHelpText(
      'after',
      `
Objects stored before stay readable; "apiboot migrate storage" rewrites them in the new version.
Example:
  apiboot storage-version --group animal --version v1beta1 --kind Cat`,
    )
    .action(async (opts, c) => (await import('./commands/storage-version.js')).storageVersion(opts, globals(c)));

  const migrate = program.command('migrate').description('change what a running server has stored');
  withGlobalFlags(migrate.command('storage'))
    .description("rewrite every stored object of the project's kinds in its storage version, through the API")
    .option('--kubeconfig <file>', 'the kubeconfig of the server (for run local: .apiboot/local/kubeconfig)')
    .option('--context <name>', 'the kubeconfig context to use')
    .addHelpText(
      'after',
      `
Each object is read in its storage version and written back unchanged (a no-op update that keeps its annotations,
managed fields and status): the server stores it in the storage version. Run it after "apiboot storage-version" once the new server runs.
Example:
  apiboot migrate storage --kubeconfig .apiboot/local/kubeconfig`,
    )
    .action(async (opts, c) => (await import('./commands/migrate-storage.js')).migrateStorage(opts, globals(c)));

  withGlobalFlags(program.command('generate'))
    .description('run the code generators (deepcopy, conversions, OpenAPI, OpenAPI model names) after editing a types file')
    .addHelpText('after', '\nExample:\n  apiboot generate')
    .action(async (_opts, cmd) => (await import('./commands/generate.js')).generate(globals(cmd)));

  const build = program
    .command('build')
    .description('build binaries, images and deployment config')
    .addHelpText(
      'after',
      '\nExample:\n  apiboot build executables\n  apiboot build container --image registry.example.com/catdemo:v0.1.0 --push',
    );
  withGlobalFlags(build.command('executables'))
    .description('build a static bin/apiserver (CGO_ENABLED=0)')
    .option('--goos <os>', 'the target operating system (default: this one)')
    .option('--goarch <arch>', 'the target architecture (default: this one)')
    .option('--output <path>', 'where to write the binary', 'bin/apiserver')
    .addHelpText('after', '\nExample:\n  apiboot build executables --goos linux --goarch arm64 --output bin/apiserver-arm64')
    .action(async (opts, cmd) => (await import('./commands/build-executables.js')).buildExecutables(opts, globals(cmd)));

  withGlobalFlags(build.command('config'))
    .description('write certificates and the manifests of an in-cluster deployment (kustomize) under config/')
    .requiredOption('--name <name>', 'the name of the Deployment, Service and RBAC objects')
    .requiredOption('--namespace <namespace>', 'the namespace to deploy to')
    .requiredOption('--image <image>', 'the server image, e.g. registry.example.com/catdemo:v0.1.0')
    .option('--output <dir>', 'where to write', 'config')
    .option('--etcd-servers <urls>', 'use an existing etcd instead of deploying one')
    .addOption(
      number(
        '--replicas <n>',
        'the number of server replicas; 2 or more adds a PodDisruptionBudget and one replica per node',
        REPLICAS,
      ).default(1),
    )
    .addOption(
      number('--etcd-replicas <n>', 'the members of the etcd deployed with TLS: 1, 3, 5 or 7 (default: 1)', ETCD_REPLICAS).conflicts(
        'etcdServers',
      ),
    )
    .option('--allow-sensitive-reads', 'let the server read Secrets or ServiceAccounts cluster-wide, for subresources of those kinds')
    .addHelpText(
      'after',
      '\nExample:\n  apiboot build config --name catdemo-apiserver --namespace catdemo-system --image registry.example.com/catdemo:v0.1.0\n  kubectl apply --server-side -f config/namespace.yaml    # outside the kustomization: kubectl delete -k keeps it\n  kubectl apply --server-side -k config/',
    )
    .action(async (opts, cmd) => (await import('./commands/build-config.js')).buildConfigCommand(opts, globals(cmd)));

  withGlobalFlags(build.command('container'))
    .description('build the static server binary and a container image with docker, podman or buildah')
    .requiredOption('--image <image>', 'the image to build, e.g. registry.example.com/catdemo:v0.1.0')
    .option('--push', 'push the image after building it')
    .option('--platform <os/arch>', "the platform to build for (default: linux and this machine's architecture)")
    .option('--tool <tool>', 'docker, podman or buildah (default: the first that works here)')
    .option('--base-image <image>', "the image to put the binary on (default: the Dockerfile's, distroless static nonroot)")
    .addHelpText('after', '\nExample:\n  apiboot build container --image registry.example.com/catdemo:v0.1.0 --push')
    .action(async (opts, cmd) => (await import('./commands/build-container.js')).buildContainer(opts, globals(cmd)));

  withGlobalFlags(build.command('docs'))
    .description('build the server, read the OpenAPI v3 and discovery it serves, and write an API reference (HTML and Markdown)')
    .option('--output <dir>', 'where to write the site', 'docs/api')
    .addHelpText('after', '\nExample:\n  apiboot build docs\n  open docs/api/index.html    # or read docs/api/index.md')
    .action(async (opts, cmd) => (await import('./commands/build-docs.js')).buildDocs(opts, globals(cmd)));

  const runCmd = program
    .command('run')
    .description('run the server on this machine or in a cluster')
    .addHelpText(
      'after',
      '\nExample:\n  apiboot run local\n  apiboot run in-cluster --image registry.example.com/catdemo:v0.1.0 --namespace catdemo-system',
    );
  withGlobalFlags(runCmd.command('local'))
    .description('build the server and run it with etcd on 127.0.0.1, with a kubeconfig for kubectl')
    .option('--etcd-servers <urls>', 'use this etcd instead of starting one')
    .addOption(
      number('--secure-port <port>', 'the port the server listens on', { flag: '--secure-port', what: 'port', min: 1, max: 65535 }).default(
        9443,
      ),
    )
    .option('--no-build', 'run bin/apiserver as it is, without building it first')
    .option('--data-dir <dir>', 'the etcd data folder (default: .apiboot/local/etcd)')
    .option(
      '--watch',
      'regenerate, rebuild and restart the server (and the controller manager) when a file under pkg/apis changes; rebuild and restart the controller manager when one under pkg/controller does',
    )
    .option('--no-controller', 'leave out the controller manager of a project with controllers')
    .addHelpText(
      'after',
      `
Example:
  apiboot run local
  kubectl --kubeconfig .apiboot/local/kubeconfig get cats    # in another terminal`,
    )
    .action(async (opts, cmd) => (await import('./commands/run-local.js')).runLocal(opts, globals(cmd)));

  withGlobalFlags(runCmd.command('in-cluster'))
    .description('build and push the image, write certificates and manifests, apply them, and wait until Available')
    .requiredOption('--image <image>', 'the image to build, push and deploy')
    .requiredOption('--namespace <namespace>', 'the namespace to deploy to')
    .option('--name <name>', 'the name of the Deployment, Service and RBAC objects (default: PROJECT-apiserver)')
    .option('--context <context>', 'the kubeconfig context to use')
    .option('--kubeconfig <file>', 'the kubeconfig to use')
    .option('--no-build', 'deploy the image as it is, without building it')
    .option('--no-push', 'build the image but do not push it (for clusters that share the local image store)')
    .option('--tool <tool>', 'docker, podman or buildah (default: the first that works here)')
    .option('--platform <os/arch>', 'the platform to build for')
    .option('--base-image <image>', 'the image to put the binary on')
    .option('--etcd-servers <urls>', 'use an existing etcd instead of deploying one')
    .addOption(
      number(
        '--replicas <n>',
        'the number of server replicas; 2 or more adds a PodDisruptionBudget and one replica per node',
        REPLICAS,
      ).default(1),
    )
    .addOption(
      number('--etcd-replicas <n>', 'the members of the etcd deployed with TLS: 1, 3, 5 or 7 (default: 1)', ETCD_REPLICAS).conflicts(
        'etcdServers',
      ),
    )
    .option('--allow-sensitive-reads', 'let the server read Secrets or ServiceAccounts cluster-wide, for subresources of those kinds')
    .option('--output <dir>', 'where to write certificates and manifests', 'config')
    .addOption(
      number(
        '--timeout <seconds>',
        'how long to wait for the APIServices to become Available, and then for the controller manager to lead',
        {
          flag: '--timeout',
          what: 'timeout in seconds',
          min: 1,
          max: 86_400,
        },
      ).default(300),
    )
    .addHelpText('after', '\nExample:\n  apiboot run in-cluster --image registry.example.com/catdemo:v0.1.0 --namespace catdemo-system')
    .action(async (opts, cmd) => (await import('./commands/run-in-cluster.js')).runInCluster(opts, globals(cmd)));

  withGlobalFlags(program.command('doctor'))
    .description("check why the project's APIServices are or are not Available, one line per check with the fix")
    .option('--kubeconfig <file>', 'the kubeconfig to use')
    .option('--context <context>', 'the kubeconfig context to use')
    .option('--namespace <namespace>', "the server's namespace (default: the one its APIServices name)")
    .option('--name <name>', "the server's Deployment, Service and ServiceAccount (default: the one its APIServices name)")
    .addOption(
      new Option('-o, --output <format>', 'text, or json for scripts')
        .choices(['text', 'json'] as const)
        .argParser(oneOf('--output', ['text', 'json'] as const))
        .default('text' as const),
    )
    .addHelpText(
      'after',
      "\nExit code 0 when every check passes, 1 otherwise.\n\nExample:\n  apiboot doctor --namespace catdemo-system\n  apiboot doctor -o json | jq '.checks[] | select(.passed == false)'",
    )
    .action(async (opts, cmd) => (await import('./commands/doctor.js')).doctor(opts, globals(cmd)));

  return program;
}

/**
 * The global flags, declared here once: on the program, and again on every command that acts, so they work after
 * the subcommand too (program options come before it: `create resource --version v1` is the API version).
 */
function withGlobalFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--dry-run', 'print the files that would change, write nothing and run no follow-up step')
    .option('--diff', 'with --dry-run, also print a unified diff of each change')
    .option('--force', 'overwrite files that would otherwise be kept or refused')
    .option('-y, --yes', 'accept every default without asking (the default when not on a terminal)');
}

const SUBRESOURCE_TYPES = ['status', 'scale', 'arbitrary', 'connector'] as const;
const REPLICAS: WholeNumberFlag = { flag: '--replicas', what: 'replica count', min: 1, max: 100 };
const ETCD_REPLICAS: WholeNumberFlag = { flag: '--etcd-replicas', what: 'etcd member count', min: 1, max: 7 };

/** A flag whose value is a whole number in a range, refused in apiboot's words while commander parses it. */
function number<Usage extends string>(flags: Usage, description: string, range: WholeNumberFlag) {
  return new Option(flags, description).argParser((value) => wholeNumber(value, range));
}

/**
 * The parser of a flag with a fixed set of values (commander's choices, which its help lists): a value outside it is
 * refused in apiboot's words, naming the flag and every allowed value.
 */
function oneOf<T extends string>(flag: string, values: readonly T[]) {
  return (value: string): T => {
    const found = values.find((v) => v === value);
    if (found === undefined) throw new UserError(`The value "${value}" of ${flag} is not allowed; pass one of ${values.join(', ')}.`);
    return found;
  };
}

/** A comma-separated list with no empty item: "get,,list" or "," is a typing error, not a shorter list. */
function commaList(flag: string, example: string): (value: string) => string {
  return (value) => {
    if (value.split(',').some((item) => item.trim() === '')) {
      throw new UserError(`${flag} "${value}" has an empty item; pass names separated by single commas, such as ${flag} ${example}.`);
    }
    return value;
  };
}

function globals(cmd: CommandUnknownOpts): GlobalOptions {
  const all = cmd.optsWithGlobals();
  // --diff shows what a dry run would change; alone, the command would write, which is not what was asked.
  if (all.diff && !all.dryRun) {
    throw new UserError(
      '--diff shows the changes a dry run would make; pass --dry-run with it (--dry-run --diff), then run without both to write.',
    );
  }
  return {
    cwd: process.cwd(),
    dryRun: Boolean(all.dryRun),
    diff: Boolean(all.diff),
    force: Boolean(all.force),
    yes: Boolean(all.yes),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !all.yes,
  };
}

/**
 * Runs the CLI and returns the exit code. Every failure ends here as one sentence on stderr (see failure.ts).
 * A reader that closes stdout early (`| head`) is no failure: the work goes on and its outcome decides the code.
 */
export async function main(argv: string[]): Promise<number> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') process.exitCode = 1;
    });
  }
  // Ctrl-D at a prompt closes its input and the prompt never answers: node would end with code 0 mid-command.
  let settled = false;
  process.once('exit', () => {
    if (settled) return;
    process.stderr.write('Error: aborted; nothing was written.\n');
    process.exitCode = 130;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const { describeFailure } = await import('./failure.js');
    const failure = describeFailure(e, program, argv);
    if (failure.message) process.stderr.write(`Error: ${failure.message}\n`);
    if (failure.detail) process.stderr.write(failure.detail.replace(/\n?$/, '\n'));
    return failure.exitCode;
  } finally {
    settled = true;
  }
}
