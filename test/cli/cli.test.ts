import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { APIBOOT, apiboot, initAtPrompt, initProject, read, refused, snapshot, tempDir } from '../helpers/cli.js';
import { parse } from 'yaml';

/** The real binary, no standard input, files only (--skip-go): fast checks of behaviour a user sees. */

const CREATE = ['create', 'group', 'version', 'resource', '--skip-go'];

describe('help and version', () => {
  it('shows usage with a worked example for every command', () => {
    for (const args of [
      [],
      ['init', 'repo'],
      ['create', 'group', 'version', 'resource'],
      ['create', 'resource'],
      ['generate'],
      ['build', 'executables'],
      ['build', 'container'],
      ['build', 'config'],
      ['build', 'docs'],
      ['run', 'local'],
      ['doctor'],
      ['run', 'in-cluster'],
      ['init'],
      ['create'],
      ['build'],
      ['run'],
    ]) {
      const r = apiboot([...args, '--help'], tempDir('help'));
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Usage: apiboot/m);
      assert.match(r.stdout, /Example/, `apiboot ${args.join(' ')} --help has an example`);
    }
  });

  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    assert.equal(apiboot(['--version'], tempDir('v')).stdout.trim(), pkg.version);
  });
});

describe('init repo', () => {
  it('writes the project skeleton and its PROJECT record', () => {
    const dir = initProject();
    const files = Object.keys(snapshot(dir)).sort();
    for (const f of [
      'PROJECT',
      'go.mod',
      'Makefile',
      'Dockerfile',
      '.gitignore',
      'README.md',
      'hack/boilerplate.go.txt',
      'hack/update-codegen.sh',
      'cmd/apiserver/main.go',
      'pkg/apiserver/resources.go',
      'pkg/apiserver/scheme.go',
      'pkg/cmd/server/start.go',
      'pkg/registry/strategy.go',
    ]) {
      assert.ok(files.includes(f), `${f} is generated`);
    }
    const project = readFileSync(join(dir, 'PROJECT'), 'utf8');
    assert.match(project, /^domain: demo\.io$/m);
    assert.match(project, /^module: demo\.io\/catdemo$/m);
    assert.match(project, /^kubernetesVersion: 1\.37\.2$/m);
    const gomod = readFileSync(join(dir, 'go.mod'), 'utf8');
    assert.match(gomod, /^module demo\.io\/catdemo$/m);
    assert.match(gomod, /^\tk8s\.io\/apiserver v0\.37\.2$/m);
    assert.match(gomod, /^\tk8s\.io\/code-generator v0\.37\.2$/m);
    assert.match(gomod, /^tool go\.etcd\.io\/etcd\/server\/v3$/m);
    assert.ok(files.includes('hack/codegen/main.go'), 'the generators run over one load');
    assert.match(readFileSync(join(dir, 'hack/boilerplate.go.txt'), 'utf8'), /Copyright 2026 The Authors\./);
    // `make generate` runs the script directly.
    assert.equal(statSync(join(dir, 'hack/update-codegen.sh')).mode & 0o777, 0o755);
    assert.equal(statSync(join(dir, 'Makefile')).mode & 0o777, 0o644);
    assert.match(readFileSync(join(dir, 'pkg/cmd/server/start.go'), 'utf8'), /^\/\*\nCopyright 2026/);
  });

  it('takes --module, --owner and --k8s-version', () => {
    const dir = tempDir('init-flags');
    const r = apiboot(
      [
        'init',
        'repo',
        '--domain',
        'demo.io',
        '--module',
        'example.com/team/cats',
        '--owner',
        'Team Cat',
        '--k8s-version',
        '1.37.1',
        '--skip-go',
      ],
      dir,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'go.mod'), 'utf8'), /^module example\.com\/team\/cats$/m);
    assert.match(readFileSync(join(dir, 'go.mod'), 'utf8'), /k8s\.io\/apimachinery v0\.37\.1/);
    assert.match(readFileSync(join(dir, 'hack/boilerplate.go.txt'), 'utf8'), /Copyright 2026 Team Cat\./);
  });

  it('changes nothing when run again, and refuses a folder with another PROJECT or a go.mod', () => {
    const dir = initProject();
    const before = snapshot(dir);
    const again = apiboot(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^No changes: this folder already holds the project demo\.io\/catdemo/m);
    assert.match(again.stdout, /Next:\n  go mod tidy +# skipped by --skip-go\n  apiboot create group version resource/);
    assert.deepEqual(snapshot(dir), before);
    refused(
      ['init', 'repo', '--domain', 'other.io', '--skip-go'],
      dir,
      /already has a PROJECT with another domain, module or Kubernetes version/,
    );
    const other = tempDir('gomod');
    writeFileSync(join(other, 'go.mod'), 'module x\n');
    refused(['init', 'repo', '--domain', 'demo.io', '--skip-go'], other, /already has a go\.mod/);
  });

  it('refuses bad domains, modules and versions, and a missing --domain without a terminal', () => {
    const dir = tempDir('bad-init');
    refused(['init', 'repo', '--domain', 'Demo_IO', '--skip-go'], dir, /DNS-1123 subdomain/);
    refused(['init', 'repo', '--domain', 'demo.io', '--module', 'bad module', '--skip-go'], dir, /module path/);
    refused(['init', 'repo', '--domain', 'demo.io', '--k8s-version', '1.20.0', '--skip-go'], dir, /not supported/);
    refused(['init', 'repo', '--skip-go'], dir, /--domain is required/);
  });

  it('says when Go is missing', () => {
    const dir = tempDir('nogo');
    const before = snapshot(dir);
    const r = apiboot(['init', 'repo', '--domain', 'demo.io'], dir, { PATH: '/nonexistent' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^Error: Go was not found on PATH/);
    assert.deepEqual(snapshot(dir), before);
  });

  it('says when Go is too old', () => {
    const bin = tempDir('oldgo');
    writeFileSync(join(bin, 'go'), '#!/bin/sh\necho go1.21.4\n');
    chmodSync(join(bin, 'go'), 0o755);
    const dir = tempDir('oldgo-project');
    const r = apiboot(['init', 'repo', '--domain', 'demo.io'], dir, { PATH: `${bin}:${process.env.PATH}` });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Error: Go 1.21.4 is too old for this project; install Go 1.26.0 or newer and put it first on PATH.\n');
    assert.deepEqual(snapshot(dir), {});
  });

  it('asks for a missing --domain on a terminal, and takes the answer', async () => {
    const dir = tempDir('tty');
    const terminal = await initAtPrompt(dir);
    terminal.type('Not A Domain\r');
    await terminal.waitFor('DNS-1123');
    assert.match(terminal.screen(), /DNS-1123 subdomain/, 'an invalid answer is explained and asked again');
    terminal.type('\u0015demo.io\r');
    assert.equal(await terminal.exited, 0, terminal.screen());
    assert.match(readFileSync(join(dir, 'PROJECT'), 'utf8'), /^domain: demo\.io$/m);
  });

  it('writes nothing on --dry-run, and lists what it would create', () => {
    const dir = tempDir('dry');
    const r = apiboot(['init', 'repo', '--domain', 'demo.io', '--dry-run'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^CREATE go\.mod$/m);
    assert.match(r.stdout, /^CREATE pkg\/apiserver\/resources\.go$/m);
    assert.match(r.stdout, /nothing was written/);
    assert.deepEqual(snapshot(dir), {});
  });
});

describe('create group version resource', () => {
  it('refuses outside a project, or with a malformed PROJECT', () => {
    refused([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'], tempDir('none'), /No PROJECT file here/);
    const dir = initProject();
    writeFileSync(join(dir, 'PROJECT'), 'domain: [\n');
    refused([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'], dir, /PROJECT file is not valid YAML/);
    writeFileSync(join(dir, 'PROJECT'), 'layout: go.apiboot.dev/v1\n');
    refused([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'], dir, /PROJECT file is malformed/);
  });

  it('refuses bad groups, versions, kinds and plurals', () => {
    const dir = initProject();
    const args = (g: string, v: string, k: string, extra: string[] = []) => [
      ...CREATE,
      '--group',
      g,
      '--version',
      v,
      '--kind',
      k,
      ...extra,
    ];
    refused(args('Animal', 'v1', 'Cat'), dir, /group "Animal"/);
    refused(args('my-group', 'v1', 'Cat'), dir, /group "my-group"/);
    refused(args('animal', 'v1.0', 'Cat'), dir, /version "v1\.0"/);
    refused(args('animal', 'v1', 'cat'), dir, /UpperCamelCase/);
    refused(args('animal', 'v1', 'CatList'), dir, /ends in "List"/);
    refused(args('animal', 'v1', 'Type'), dir, /Go keyword/);
    refused(args('animal', 'v1', 'Cat', ['--resource', 'Cats']), dir, /plural/);
    refused([...CREATE, '--group', 'animal', '--version', 'v1'], dir, /--kind is required/);
  });

  it('adds a kind, changes nothing the second time or with --force, and refuses other settings without --force', () => {
    const dir = initProject();
    const args = [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];
    const r = apiboot(args, dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^CREATE pkg\/apis\/animal\/v1alpha1\/cat_types\.go$/m);
    assert.match(r.stdout, /^UPDATE pkg\/apiserver\/resources\.go$/m);
    const resources = readFileSync(join(dir, 'pkg/apiserver/resources.go'), 'utf8');
    assert.match(
      resources,
      /\{groupVersion: animalv1alpha1\.SchemeGroupVersion, name: "cats", newStorage: animalcat\.NewStorage\},\n\t\/\/ \+apiboot:scaffold:resources/,
    );
    assert.match(readFileSync(join(dir, 'PROJECT'), 'utf8'), /kind: Cat\n\s+plural: cats\n\s+namespaced: true/);
    const before = snapshot(dir);
    const again = apiboot(args, dir);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /No changes/);
    assert.deepEqual(snapshot(dir), before);
    refused([...args, '--non-namespaced'], dir, /kind Cat already exists in animal\.demo\.io\/v1alpha1 with other settings; pass --force/);
    const forced = apiboot([...args, '--force'], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /No changes/);
    assert.deepEqual(snapshot(dir), before);
  });

  it('scaffolds a controller with --controller once, keeps the reconciler, and refuses contradicting flags', () => {
    const dir = initProject();
    const args = [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];
    refused([...args, '--controller', '--skip-controller'], dir, /--controller and --skip-controller contradict each other/);
    assert.equal(apiboot([...args, '--skip-controller'], dir).status, 0);
    assert.ok(!existsSync(join(dir, 'cmd/controller-manager')), 'no controller without --controller');
    // Added to the existing kind by running its create again.
    const r = apiboot([...args, '--controller'], dir);
    assert.equal(r.status, 0, r.stderr);
    for (const f of [
      'cmd/controller-manager/main.go',
      'pkg/controller/controllers.go',
      'pkg/controller/animal/cat_controller.go',
      'pkg/controller/animal/cat_controller_test.go',
    ]) {
      assert.match(r.stdout, new RegExp(`^CREATE ${f}$`, 'm'));
    }
    assert.match(readFileSync(join(dir, 'PROJECT'), 'utf8'), /kind: Cat\n(\s+\S.*\n)*?\s+controller: true\n/);
    assert.match(
      readFileSync(join(dir, 'pkg/controller/controllers.go'), 'utf8'),
      /\(&animalcontroller\.CatReconciler\{Client: mgr\.GetClient\(\), Recorder: mgr\.GetEventRecorder\("cat-controller"\)\}\)\.SetupWithManager,\n\t+\/\/ \+apiboot:scaffold:controllers/,
    );
    assert.match(
      readFileSync(join(dir, 'pkg/apis/animal/v1alpha1/cat_types.go'), 'utf8'),
      /ObservedGeneration int64 `json:"observedGeneration,omitempty"`\n\t\/\/ \+apiboot:scaffold:status-fields/,
    );
    assert.match(
      readFileSync(join(dir, 'Dockerfile'), 'utf8'),
      /^COPY bin\/controller-manager \/controller-manager\n# \+apiboot:scaffold:binaries$/m,
    );
    // The reconciler is the user's; the same command again, with or without the flag, changes nothing.
    const reconciler = join(dir, 'pkg/controller/animal/cat_controller.go');
    writeFileSync(reconciler, readFileSync(reconciler, 'utf8') + '\n// mine\n');
    const before = snapshot(dir);
    for (const again of [[...args, '--controller'], args]) {
      const r2 = apiboot(again, dir);
      assert.equal(r2.status, 0, r2.stderr);
      assert.deepEqual(snapshot(dir), before);
    }
    // A second kind joins the same manager.
    assert.equal(
      apiboot([...CREATE, '--group', 'staff', '--version', 'v1', '--kind', 'Keeper', '--non-namespaced', '--controller'], dir).status,
      0,
    );
    const controllers = readFileSync(join(dir, 'pkg/controller/controllers.go'), 'utf8');
    assert.match(controllers, /CatReconciler[^]*KeeperReconciler/);
    assert.match(controllers, /\{groupVersion: staffv1\.SchemeGroupVersion, addToScheme: staffv1\.AddToScheme\},/);
  });

  it('asks "Create a controller?" on a terminal when neither flag is given', async () => {
    const dir = initProject();
    const child = spawn(
      'script',
      ['-qec', `${process.execPath} ${APIBOOT} create resource --group animal --version v1alpha1 --kind Cat --skip-go`, '/dev/null'],
      { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let screen = '';
    child.stdout.on('data', (d) => (screen += String(d)));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const deadline = Date.now() + 20_000;
    while (!screen.includes('Create a controller?') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(screen, /Create a controller\?/);
    child.stdin.write('y\r');
    assert.equal(await exited, 0, screen);
    assert.ok(existsSync(join(dir, 'pkg/controller/animal/cat_controller.go')), 'the answer yes scaffolds the controller');
  });

  it('keeps an edited types file and overwrites it only with --force', () => {
    const dir = initProject();
    const args = [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];
    assert.equal(apiboot(args, dir).status, 0);
    const types = join(dir, 'pkg/apis/animal/v1alpha1/cat_types.go');
    const edited = readFileSync(types, 'utf8').replace('Replicas *int32', 'Replicas *int64');
    writeFileSync(types, edited);
    const r = apiboot([...args, '--force'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^UPDATE pkg\/apis\/animal\/v1alpha1\/cat_types\.go$/m);
    assert.doesNotMatch(readFileSync(types, 'utf8'), /int64/);
  });

  it('writes a sample object per kind, kubebuilder-named, and keeps an edited one even with --force', () => {
    const dir = initProject();
    const args = [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];
    const first = apiboot(args, dir);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^CREATE config\/samples\/animal_v1alpha1_cat\.yaml$/m);
    const sample = join(dir, 'config/samples/animal_v1alpha1_cat.yaml');
    assert.match(readFileSync(sample, 'utf8'), /^apiVersion: animal\.demo\.io\/v1alpha1\nkind: Cat\nmetadata:\n  name: cat-sample\n/m);
    writeFileSync(sample, readFileSync(sample, 'utf8').replace('replicas: 1', 'replicas: 7'));
    const r = apiboot([...args, '--force'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(sample, 'utf8'), /replicas: 7/);
  });

  it('serves --non-namespaced kinds cluster-scoped and can leave out the status subresource', () => {
    const dir = initProject();
    const r = apiboot(
      [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Habitat', '--non-namespaced', '--with-status-subresource=false'],
      dir,
    );
    assert.equal(r.status, 0, r.stderr);
    const storage = readFileSync(join(dir, 'pkg/registry/animal/habitat/storage.go'), 'utf8');
    assert.match(storage, /NamespaceScoped:\s+false,/);
    assert.doesNotMatch(storage, /Status:/);
    assert.doesNotMatch(readFileSync(join(dir, 'pkg/apis/animal/v1alpha1/habitat_types.go'), 'utf8'), /HabitatStatus/);
    assert.match(
      readFileSync(join(dir, 'PROJECT'), 'utf8'),
      /kind: Habitat\n\s+plural: habitats\n\s+namespaced: false\n\s+subresources: \[\]/,
    );
  });

  it('refuses a plural taken by another kind', () => {
    const dir = initProject();
    assert.equal(apiboot([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'], dir).status, 0);
    refused(
      [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Kitty', '--resource', 'cats'],
      dir,
      /"cats" is already used by Cat/,
    );
  });

  it('refuses a project whose marker line was removed, writing nothing', () => {
    const dir = initProject();
    const file = join(dir, 'pkg/apiserver/resources.go');
    writeFileSync(file, readFileSync(file, 'utf8').replace('// +apiboot:scaffold:resources', ''));
    refused(
      [...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'],
      dir,
      /lost its marker line "\/\/ \+apiboot:scaffold:resources"/,
    );
  });

  it('is reachable as "create resource" and prints diffs on --dry-run --diff', () => {
    const dir = initProject();
    const before = snapshot(dir);
    const r = apiboot(
      ['create', 'resource', '--group', 'animal', '--version', 'v1', '--kind', 'Cat', '--dry-run', '--diff', '--skip-go'],
      dir,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^UPDATE pkg\/apiserver\/scheme\.go$/m);
    assert.match(r.stdout, /^\+\t\{groupVersion: animalv1\.SchemeGroupVersion, addToScheme: animalv1\.AddToScheme\},$/m);
    assert.deepEqual(snapshot(dir), before);
  });
});

const SUB = ['create', 'subresource', '--skip-go'];

/** A project with the kind Cat (status included) in animal/v1alpha1, and Habitat without status. */
function projectWithCat(): string {
  const dir = initProject();
  assert.equal(apiboot([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'], dir).status, 0);
  const habitat = ['--group', 'animal', '--version', 'v1alpha1', '--kind', 'Habitat', '--with-status-subresource=false'];
  assert.equal(apiboot([...CREATE, ...habitat], dir).status, 0);
  return dir;
}

describe('create resource: a kind in a second version', () => {
  const cat = (version: string, ...more: string[]) => [...CREATE, '--group', 'animal', '--version', version, '--kind', 'Cat', ...more];

  it('splits the kind into an internal type and versioned types, converted by conversion-gen', () => {
    const dir = initProject();
    assert.equal(apiboot(cat('v1alpha1'), dir).status, 0);
    const original = read(dir, 'pkg/apis/animal/v1alpha1/cat_types.go');
    const r = apiboot(cat('v1beta1'), dir);
    assert.equal(r.status, 0, r.stderr);
    for (const path of [
      'pkg/apis/animal/doc.go',
      'pkg/apis/animal/register.go',
      'pkg/apis/animal/cat_types.go',
      'pkg/apis/animal/cat_types_test.go',
      'pkg/apis/animal/cat_roundtrip_test.go',
      'pkg/apis/animal/v1beta1/cat_types.go',
      'pkg/apis/animal/v1beta1/cat_register.go',
      'pkg/apis/animal/v1beta1/conversion.go',
      'pkg/apis/animal/v1alpha1/cat_register.go',
      'pkg/apis/animal/v1alpha1/conversion.go',
    ]) {
      assert.match(r.stdout, new RegExp(`^CREATE ${path.replaceAll('.', '\\.')}$`, 'm'));
    }
    // The hooks' tests follow them: Default's stays with the version, the others move to the internal type.
    assert.match(r.stdout, /^UPDATE pkg\/apis\/animal\/v1alpha1\/cat_types_test\.go$/m);
    assert.match(read(dir, 'pkg/apis/animal/cat_types_test.go'), /func TestCatValidate\(/);
    assert.doesNotMatch(read(dir, 'pkg/apis/animal/cat_types_test.go'), /Default/);
    assert.match(read(dir, 'pkg/apis/animal/v1alpha1/cat_types_test.go'), /func TestCatDefault\(/);
    assert.doesNotMatch(read(dir, 'pkg/apis/animal/v1alpha1/cat_types_test.go'), /Validate/);
    // The internal type keeps the user's fields and every hook but Default; each version keeps fields and Default.
    const hub = read(dir, 'pkg/apis/animal/cat_types.go');
    assert.match(hub, /^package animal$/m);
    assert.match(hub, /func \(o \*Cat\) Validate\(/);
    assert.match(hub, /func \(o \*Cat\) TableColumns\(/);
    assert.doesNotMatch(hub, /func \(o \*Cat\) Default\(/);
    assert.match(hub, /registerKinds\(&Cat\{\}, &CatList\{\}\)/);
    for (const version of ['v1alpha1', 'v1beta1']) {
      const types = read(dir, `pkg/apis/animal/${version}/cat_types.go`);
      assert.match(types, new RegExp(`^package ${version}$`, 'm'));
      assert.match(types, /Replicas \*int32 `json:"replicas,omitempty"`/);
      assert.match(types, /func \(o \*Cat\) Default\(\)/);
      assert.doesNotMatch(types, /Validate|registerKinds|"context"/);
      assert.match(types, /\/\/ \+k8s:deepcopy-gen:interfaces=k8s\.io\/apimachinery\/pkg\/runtime\.Object\n\n\/\/ Cat is/);
      assert.match(types, new RegExp(`resource of animal\\.demo\\.io/${version},`));
      assert.match(read(dir, `pkg/apis/animal/${version}/doc.go`), /^\/\/ \+k8s:conversion-gen=demo\.io\/catdemo\/pkg\/apis\/animal$/m);
      assert.match(
        read(dir, `pkg/apis/animal/${version}/cat_register.go`),
        /scheme\.AddKnownTypes\(SchemeGroupVersion, &Cat\{\}, &CatList\{\}\)/,
      );
    }
    assert.notEqual(read(dir, 'pkg/apis/animal/v1alpha1/cat_types.go'), original);
    const storage = read(dir, 'pkg/registry/animal/cat/storage.go');
    assert.match(storage, /registry\.Kind\[\*animal\.Cat\]/);
    assert.match(storage, /"demo\.io\/catdemo\/pkg\/apis\/animal"\n/);
    const resources = read(dir, 'pkg/apiserver/resources.go');
    assert.match(resources, /animalv1alpha1\.SchemeGroupVersion, name: "cats"/);
    assert.match(resources, /animalv1beta1\.SchemeGroupVersion, name: "cats"/);
    const roundtrip = read(dir, 'pkg/apis/animal/cat_roundtrip_test.go');
    assert.match(roundtrip, /groupVersion: animalv1alpha1\.SchemeGroupVersion[^\n]*\n\t\{groupVersion: animalv1beta1\.SchemeGroupVersion/);
    // The storage version stays where it was; PROJECT lists both versions.
    const project = read(dir, 'PROJECT');
    assert.match(project, /version: v1alpha1\n\s+kind: Cat\n(?:.*\n)*?\s+storageVersion: true/);
    assert.match(project, /version: v1beta1\n\s+kind: Cat\n(?:.*\n)*?\s+storageVersion: false/);
    assert.match(read(dir, 'pkg/apiserver/storage_versions.go'), /\{Group: "animal\.demo\.io", Kind: "Cat"\}: "v1alpha1",/);
    assert.match(read(dir, 'pkg/apiserver/storage_versions.go'), /animalinternal\.AddToScheme\(Scheme\)/);
  });

  it('adds a third version once, chooses the storage version, and refuses what it cannot do', () => {
    const dir = initProject();
    assert.equal(apiboot(cat('v1alpha1', '--short-names', 'ct'), dir).status, 0);
    assert.equal(apiboot(cat('v1beta1'), dir).status, 0);
    const r = apiboot(cat('v1', '--storage-version'), dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^UPDATE pkg\/apis\/animal\/cat_roundtrip_test\.go$/m);
    assert.doesNotMatch(r.stdout, /^UPDATE pkg\/apis\/animal\/cat_types\.go$/m, 'the internal type is made once');
    assert.match(read(dir, 'pkg/apis/animal/v1/cat_types.go'), /^package v1$/m);
    assert.match(read(dir, 'pkg/apiserver/storage_versions.go'), /Kind: "Cat"\}: "v1",/);
    assert.match(
      read(dir, 'PROJECT'),
      /version: v1\n\s+kind: Cat\n\s+plural: cats\n(?:.*\n)*?\s+storageVersion: true\n\s+shortNames:\n\s+- ct/,
    );
    assert.match(apiboot(cat('v1'), dir).stdout, /No changes/, 'the same command again changes nothing');
    refused(
      cat('v1', '--non-namespaced', '--force'),
      dir,
      /served in several versions \(v1, v1alpha1, v1beta1\) and exists in animal\.demo\.io\/v1 with other settings; its files cannot be regenerated/,
    );
    refused(cat('v2', '--non-namespaced'), dir, /Cat is namespaced in animal\.demo\.io\/v1; every version of a kind has the same scope/);
    refused(cat('v2', '--resource', 'kitties'), dir, /served as "cats" in animal\.demo\.io\/v1; every version/);
    const sub = (type: string) => [
      'create',
      'subresource',
      '--skip-go',
      '--group',
      'animal',
      '--version',
      'v1',
      '--kind',
      'Cat',
      '--subresource',
      'log',
      '--type',
      type,
    ];
    assert.equal(apiboot(sub('connector'), dir).status, 0, 'a connector on a kind in three versions');
    refused(sub('arbitrary'), dir, /The subresource cats\/log already exists with the type connector/);

    // storage-version switches it back, and is a no-op the second time.
    const back = apiboot(['storage-version', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat'], dir);
    assert.equal(back.status, 0, back.stderr);
    assert.match(back.stdout, /^UPDATE pkg\/apiserver\/storage_versions\.go$/m);
    assert.match(read(dir, 'pkg/apiserver/storage_versions.go'), /Kind: "Cat"\}: "v1beta1",/);
    assert.match(apiboot(['storage-version', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat'], dir).stdout, /No changes/);
    refused(
      ['storage-version', '--group', 'animal', '--version', 'v2', '--kind', 'Cat'],
      dir,
      /Cat is not served in animal\.demo\.io\/v2; choose one of its versions: v1, v1alpha1, v1beta1\./,
    );
    refused(['storage-version', '--group', 'animal', '--version', 'v1', '--kind', 'Dog'], dir, /no kind Dog in animal\.demo\.io/);
  });

  it('refuses a project made by an earlier apiboot until its three files are updated', () => {
    const dir = initProject();
    assert.equal(apiboot(cat('v1alpha1'), dir).status, 0);
    const strategy = join(dir, 'pkg/registry/strategy.go');
    writeFileSync(strategy, read(dir, 'pkg/registry/strategy.go').replaceAll('PrioritizedVersionsForGroup', 'OldServedVersions'));
    refused(
      cat('v1beta1'),
      dir,
      /made by an earlier apiboot, whose pkg\/registry\/strategy\.go cannot serve a kind in several versions; update it as the README says/,
    );
  });

  it('gives a kind with a connector subresource a version: its options kind in the hub and each version, its handler on the hub', () => {
    const dir = initProject();
    assert.equal(apiboot(cat('v1alpha1'), dir).status, 0);
    assert.equal(
      apiboot(
        [
          'create',
          'subresource',
          '--skip-go',
          '--group',
          'animal',
          '--version',
          'v1alpha1',
          '--kind',
          'Cat',
          '--subresource',
          'log',
          '--type',
          'connector',
        ],
        dir,
      ).status,
      0,
    );
    const r = apiboot(cat('v1beta1'), dir);
    assert.equal(r.status, 0, r.stderr);
    const hub = read(dir, 'pkg/apis/animal/cat_log_types.go');
    assert.match(hub, /^package animal$/m);
    assert.match(hub, /registerKinds\(&CatLogOptions\{\}\)/);
    assert.doesNotMatch(hub, /explicit-from/, 'only a version converts from the query string');
    for (const version of ['v1alpha1', 'v1beta1']) {
      const types = read(dir, `pkg/apis/animal/${version}/cat_log_types.go`);
      assert.match(types, new RegExp(`^package ${version}$`, 'm'));
      assert.match(types, /\+k8s:conversion-gen:explicit-from=net\/url\.Values/);
      assert.doesNotMatch(types, /registerKinds/, 'registered under its version only, by cat_register.go');
      assert.match(
        read(dir, `pkg/apis/animal/${version}/cat_register.go`),
        /AddKnownTypes\(SchemeGroupVersion, &Cat\{\}, &CatList\{\}, &CatLogOptions\{\}\)/,
      );
    }
    assert.match(
      read(dir, 'pkg/registry/animal/cat/log.go'),
      /func connectLog\(ctx context\.Context, obj \*animal\.Cat, opts \*animal\.CatLogOptions\)/,
    );
    assert.match(read(dir, 'pkg/registry/animal/cat/storage.go'), /registry\.Connector\[\*animal\.Cat, \*animal\.CatLogOptions\]/);
    assert.match(read(dir, 'pkg/apis/animal/cat_roundtrip_test.go'), /"CatList",\n\s+"CatLogOptions",\n\s+\/\/ \+apiboot:scaffold:kinds/);
    assert.equal(apiboot([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Dog'], dir).status, 0);
    const storage = join(dir, 'pkg/registry/animal/dog/storage.go');
    writeFileSync(storage, read(dir, 'pkg/registry/animal/dog/storage.go').replace('// NewStorage', '// Mine.\n// NewStorage'));
    refused(
      [...CREATE, '--group', 'animal', '--version', 'v1beta1', '--kind', 'Dog'],
      dir,
      /storage\.go has changes of yours.*pass --force/,
    );
    const forced = apiboot([...CREATE, '--group', 'animal', '--version', 'v1beta1', '--kind', 'Dog', '--force'], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(read(dir, 'pkg/registry/animal/dog/storage.go'), /registry\.Kind\[\*animal\.Dog\]/);
  });
});

describe('create subresource on a kind in several versions', () => {
  it('adds status, scale and an arbitrary subresource to the internal type and every version, once', () => {
    const dir = initProject();
    const dog = (version: string, ...more: string[]) => [...CREATE, '--group', 'animal', '--version', version, '--kind', 'Dog', ...more];
    assert.equal(apiboot(dog('v1alpha1', '--with-status-subresource=false'), dir).status, 0);
    assert.equal(apiboot(dog('v1'), dir).status, 0);
    const sub = (...args: string[]) => [
      'create',
      'subresource',
      '--skip-go',
      '--group',
      'animal',
      '--version',
      'v1',
      '--kind',
      'Dog',
      ...args,
    ];
    refused(
      sub('--type', 'scale'),
      dir,
      /scale subresource reports the status of dogs of animal\.demo\.io\/v1 and v1alpha1, which have none/,
    );
    for (const args of [
      ['--type', 'status'],
      ['--type', 'scale'],
      ['--type', 'arbitrary', '--subresource', 'walk'],
    ]) {
      const r = apiboot(sub(...args), dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(apiboot(sub(...args), dir).stdout, /No changes/, `${args.join(' ')} again changes nothing`);
    }
    for (const file of ['pkg/apis/animal/dog_types.go', 'pkg/apis/animal/v1alpha1/dog_types.go', 'pkg/apis/animal/v1/dog_types.go']) {
      const types = read(dir, file);
      assert.match(types, /Status DogStatus `json:"status,omitempty"`/, file);
      assert.match(types, /Selector string `json:"selector,omitempty"`/, file);
    }
    assert.match(read(dir, 'pkg/apis/animal/dog_walk_types.go'), /^package animal$/m);
    for (const version of ['v1alpha1', 'v1']) {
      assert.match(read(dir, `pkg/apis/animal/${version}/dog_walk_types.go`), new RegExp(`^package ${version}$`, 'm'));
      assert.match(read(dir, `pkg/apis/animal/${version}/dog_register.go`), /&Dog\{\}, &DogList\{\}, &DogWalk\{\}\)/);
    }
    const storage = read(dir, 'pkg/registry/animal/dog/storage.go');
    assert.match(storage, /Scale: &registry\.Scale\[\*animal\.Dog\]/);
    assert.match(storage, /registry\.Action\[\*animal\.Dog, \*animal\.DogWalk\]/);
    assert.match(
      read(dir, 'pkg/registry/animal/dog/walk.go'),
      /func getWalk\(ctx context\.Context, obj \*animal\.Dog\) \(\*animal\.DogWalk, error\)/,
    );
    const project = parse(read(dir, 'PROJECT')) as { resources: Array<{ version: string; subresources: Array<{ name: string }> }> };
    for (const r of project.resources)
      assert.deepEqual(
        r.subresources.map((s) => s.name),
        ['status', 'scale', 'walk'],
        r.version,
      );
  });
});

describe('create subresource', () => {
  const cat = ['--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat'];

  it('refuses a missing kind, bad names and types, and a name taken by another type', () => {
    const dir = projectWithCat();
    refused(
      [...SUB, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Lion', '--type', 'scale'],
      dir,
      /no kind Lion in animal\.demo\.io\/v1alpha1; create it first/,
    );
    refused([...SUB, ...cat, '--subresource', 'Feed', '--type', 'arbitrary'], dir, /subresource "Feed" is not a lowercase name/);
    refused([...SUB, ...cat, '--subresource', 'storage', '--type', 'arbitrary'], dir, /"storage" is taken by the kind's storage\.go/);
    refused([...SUB, ...cat, '--subresource', 'status', '--type', 'connector'], dir, /"status" is taken/);
    refused([...SUB, ...cat, '--subresource', 'size', '--type', 'scale'], dir, /scale subresource is always named "scale"/);
    refused([...SUB, ...cat, '--subresource', 'feed'], dir, /--type is required/);
    assert.equal(apiboot([...SUB, ...cat, '--subresource', 'feed', '--type', 'arbitrary'], dir).status, 0);
    refused([...SUB, ...cat, '--subresource', 'feed', '--type', 'connector'], dir, /cats\/feed already exists with the type arbitrary/);
  });

  it('adds each type once: PROJECT records it, and running it again changes nothing', () => {
    const dir = projectWithCat();
    const runs: Array<[string[], RegExp]> = [
      [['--type', 'scale'], /^UPDATE pkg\/registry\/animal\/cat\/storage\.go$/m],
      [['--subresource', 'feed', '--type', 'arbitrary'], /^CREATE pkg\/registry\/animal\/cat\/feed\.go$/m],
      [['--subresource', 'log', '--type', 'connector'], /^CREATE pkg\/apis\/animal\/v1alpha1\/cat_log_types\.go$/m],
    ];
    for (const [args, created] of runs) {
      const r = apiboot([...SUB, ...cat, ...args], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, created);
      const before = snapshot(dir);
      const again = apiboot([...SUB, ...cat, ...args], dir);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /No changes/);
      assert.deepEqual(snapshot(dir), before);
    }
    const project = readFileSync(join(dir, 'PROJECT'), 'utf8');
    assert.match(
      project,
      /- name: scale\n\s+type: scale\n\s+- name: feed\n\s+type: arbitrary\n\s+kind: CatFeed\n\s+- name: log\n\s+type: connector\n\s+kind: CatLogOptions/,
    );
    const storage = readFileSync(join(dir, 'pkg/registry/animal/cat/storage.go'), 'utf8');
    assert.match(storage, /Scale: &registry\.Scale\[\*v1alpha1\.Cat\]/);
    assert.match(storage, /registry\.Action\[\*v1alpha1\.Cat, \*v1alpha1\.CatFeed\]/);
    assert.match(storage, /registry\.Connector\[\*v1alpha1\.Cat, \*v1alpha1\.CatLogOptions\]/);
    // create resource --force renders storage.go afresh: the subresources come back.
    const forced = apiboot([...CREATE, ...cat, '--force'], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(readFileSync(join(dir, 'pkg/registry/animal/cat/storage.go'), 'utf8'), storage);
  });

  it('keeps an edited handler file, and adds a status subresource to a kind created without one', () => {
    const dir = projectWithCat();
    assert.equal(apiboot([...SUB, ...cat, '--subresource', 'feed', '--type', 'arbitrary'], dir).status, 0);
    const handler = join(dir, 'pkg/registry/animal/cat/feed.go');
    writeFileSync(handler, readFileSync(handler, 'utf8') + '\n// mine\n');
    const r = apiboot([...SUB, ...cat, '--subresource', 'feed', '--type', 'arbitrary'], dir);
    assert.match(r.stdout, /^KEEP\s+pkg\/registry\/animal\/cat\/feed\.go/m);
    assert.match(readFileSync(handler, 'utf8'), /\/\/ mine/);

    const habitat = ['--group', 'animal', '--version', 'v1alpha1', '--kind', 'Habitat'];
    const s = apiboot([...SUB, ...habitat, '--type', 'status'], dir);
    assert.equal(s.status, 0, s.stderr);
    const types = readFileSync(join(dir, 'pkg/apis/animal/v1alpha1/habitat_types.go'), 'utf8');
    assert.match(types, /\tStatus HabitatStatus `json:"status,omitempty"`\n\}/);
    assert.match(types, /^type HabitatStatus struct \{/m);
    assert.doesNotMatch(types, /\+apiboot:scaffold:status\n/);
    assert.match(
      readFileSync(join(dir, 'pkg/registry/animal/habitat/storage.go'), 'utf8'),
      /Status: &registry\.Status\[\*v1alpha1\.Habitat\]/,
    );
  });

  it('refuses scale on a kind whose spec lost its replicas, writing nothing', () => {
    const dir = projectWithCat();
    const types = join(dir, 'pkg/apis/animal/v1alpha1/cat_types.go');
    writeFileSync(types, readFileSync(types, 'utf8').replace(/\tReplicas \*int32[^\n]*\n/, ''));
    refused([...SUB, ...cat, '--type', 'scale'], dir, /CatSpec in \S+cat_types\.go has no "Replicas \*int32" field; add one/);
  });

  it('serves a subresource of a built-in kind in a group of the project, and refuses unknown kinds', () => {
    const dir = projectWithCat();
    refused(
      [...SUB, '--for-kind', 'apps/v1/Deploymnt', '--subresource', 'compositions', '--version', 'v1alpha1'],
      dir,
      /apps\/v1 has no kind "Deploymnt" that apiboot knows; pass --for-kind with one of ControllerRevision, DaemonSet, Deployment/,
    );
    refused(
      [...SUB, '--for-kind', 'example.com/v1/Widget', '--subresource', 'x', '--version', 'v1alpha1'],
      dir,
      /knows no Kubernetes group version "example\.com\/v1"/,
    );
    refused(
      [...SUB, '--for-kind', 'Deployment', '--subresource', 'x', '--version', 'v1alpha1'],
      dir,
      /not of the form GROUP\/VERSION\/KIND/,
    );
    refused(
      [...SUB, '--for-kind', 'apps/v1/Deployment', '--subresource', 'compositions', '--version', 'v1alpha1', '--type', 'scale'],
      dir,
      /read-only and has no type; drop --type/,
    );
    refused(
      [...SUB, '--for-kind', 'apps/v1/Deployment', '--subresource', 'compositions', '--version', 'v1alpha1', '--group', 'Apps'],
      dir,
      /group "Apps"/,
    );
    refused(
      [...SUB, '--for-kind', 'apps/v1/Deployment', '--subresource', 'compositions', '--version', 'v1alpha1', '--kind', 'composition'],
      dir,
      /UpperCamelCase/,
    );
    // The project's own animal group serves no deployments, so it can stand in for them there.
    const r = apiboot([...SUB, '--for-kind', 'v1/Pod', '--subresource', 'statuses', '--version', 'v1alpha1'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^CREATE pkg\/registry\/core\/podstatus\/storage\.go$/m);
    assert.match(
      readFileSync(join(dir, 'PROJECT'), 'utf8'),
      /foreignSubresources:\n\s+- forKind: v1\/Pod\n\s+subresource: statuses\n\s+group: core\n\s+version: v1alpha1\n\s+kind: PodStatus/,
    );
    assert.match(
      readFileSync(join(dir, 'pkg/apiserver/resources.go'), 'utf8'),
      /name: "pods\/statuses", newForeignStorage: corepodstatus\.NewStorage/,
    );
    const before = snapshot(dir);
    assert.match(
      apiboot([...SUB, '--for-kind', 'core/v1/Pod', '--subresource', 'statuses', '--version', 'v1alpha1'], dir).stdout,
      /No changes/,
    );
    assert.deepEqual(snapshot(dir), before);
    refused(
      [...SUB, '--for-kind', 'v1/Pod', '--subresource', 'statuses', '--version', 'v1alpha1', '--kind', 'PodState'],
      dir,
      /already served in core\.demo\.io\/v1alpha1 with the kind PodStatus/,
    );
    assert.equal(apiboot([...CREATE, '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Deployment'], dir).status, 0);
    refused(
      [...SUB, '--for-kind', 'apps/v1/Deployment', '--subresource', 'compositions', '--group', 'animal', '--version', 'v1alpha1'],
      dir,
      /serves its own deployments \(kind Deployment\)/,
    );
  });
});

describe('build config', () => {
  const CONFIG = ['build', 'config', '--name', 'zoo-apiserver', '--image', 'registry.example.com/zoo:v1'];

  it('parses numbers strictly, checks derived names and --etcd-servers, and writes nothing when it refuses', () => {
    const dir = projectWithCat();
    const ns = ['--namespace', 'zoo-system'];
    for (const bad of ['1e3', '0x10', '2.0', ' 2', '0', '-1', '101', '']) {
      refused(
        [...CONFIG, ...ns, '--replicas', bad],
        dir,
        new RegExp(`replica count "${bad.replace('.', '\\.')}" is not a whole number from 1 to 100`),
      );
    }
    refused(
      [...CONFIG, ...ns, '--etcd-replicas', '2'],
      dir,
      /etcd member count 2 is even: etcd keeps a majority of its members, so pass --etcd-replicas 1, 3, 5 or 7\./,
    );
    refused([...CONFIG, ...ns, '--etcd-replicas', '3e0'], dir, /etcd member count "3e0" is not a whole number/);
    refused([...CONFIG, ...ns, '--etcd-servers', ''], dir, /etcd servers "" are not URLs/);
    refused([...CONFIG, ...ns, '--etcd-servers', 'http://etcd:2379', '--etcd-replicas', '3'], dir, /pass only one of them/);
    const long = `a${'b'.repeat(62)}`;
    refused(
      ['build', 'config', '--name', long, ...ns, '--image', 'zoo:v1'],
      dir,
      new RegExp(`etcd Service "${long}-etcd" would have 68 characters, more than the 63`),
    );
    refused(
      ['build', 'config', '--name', 'z'.repeat(48), ...ns, '--image', 'zoo:v1'],
      dir,
      /etcd StatefulSet "z{48}-etcd" would have 53 characters, more than the 52 Kubernetes allows \(its pods carry the label controller-revision-hash/,
    );
    refused(
      ['build', 'config', '--name', '9zoo', ...ns, '--image', 'zoo:v1'],
      dir,
      /cannot name a Service, whose name starts with a letter/,
    );
    refused(
      ['run', 'in-cluster', '--image', 'zoo:v1', '--namespace', 'zoo', '--timeout', '1e3', '--no-build', '--kubeconfig', '/nonexistent'],
      dir,
      /timeout in seconds "1e3" is not a whole number/,
    );
    refused(['run', 'local', '--secure-port', '0x10', '--no-build'], dir, /port "0x10" is not a whole number from 1 to 65535/);
  });

  it('leaves the namespaces Kubernetes creates alone, and keeps its own namespace out of kubectl delete -k', () => {
    const dir = projectWithCat();
    let r = apiboot([...CONFIG, '--namespace', 'kube-system'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^namespace: kube-system is created by Kubernetes: no Namespace object is written and its labels stay as they are; Pod Security there is the cluster's choice\.$/m,
    );
    assert.ok(!Object.keys(snapshot(join(dir, 'config'))).includes('namespace.yaml'));
    assert.doesNotMatch(Object.values(snapshot(join(dir, 'config'))).join('\n'), /kind: Namespace|pod-security/);
    r = apiboot([...CONFIG, '--namespace', 'zoo-system'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^CREATE config\/namespace\.yaml$/m);
    assert.match(
      r.stdout,
      /^namespace: config\/namespace\.yaml labels zoo-system for the restricted Pod Security Standard; it is outside the kustomization, so "kubectl delete -k config" leaves the namespace\.$/m,
    );
    assert.doesNotMatch(readFileSync(join(dir, 'config/kustomization.yaml'), 'utf8'), /^- namespace\.yaml$/m);
  });

  it('keeps keys out of git wherever --output goes, and writes every key 0600, even over a 0644 one', () => {
    const dir = projectWithCat();
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: dir }).status, 0);
    let r = apiboot([...CONFIG, '--namespace', 'zoo-system', '--output', 'deploy'], dir);
    assert.equal(r.status, 0, r.stderr);
    const keys = ['ca', 'tls', 'etcd/ca', 'etcd/server', 'etcd/peer', 'etcd/client'].map((k) => `deploy/certificates/${k}.key`);
    for (const key of keys) {
      assert.equal(statSync(join(dir, key)).mode & 0o777, 0o600, key);
      assert.equal(spawnSync('git', ['check-ignore', '-q', key], { cwd: dir }).status, 0, `git ignores ${key}`);
    }
    assert.equal(spawnSync('git', ['check-ignore', '-q', 'deploy/kustomization.yaml'], { cwd: dir }).status, 1, 'manifests are for git');
    // A key made readable by others is made private again, whether its content stays or is re-issued.
    chmodSync(join(dir, keys[0]!), 0o644);
    chmodSync(join(dir, keys[1]!), 0o644);
    r = apiboot([...CONFIG, '--namespace', 'zoo-other', '--output', 'deploy'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^certificate deploy\/certificates\/tls\.crt: issued \(the names it must carry changed\)$/m);
    assert.match(r.stdout, /^UPDATE deploy\/certificates\/ca\.key$/m);
    for (const key of keys) assert.equal(statSync(join(dir, key)).mode & 0o777, 0o600, key);
    const again = apiboot([...CONFIG, '--namespace', 'zoo-other', '--output', 'deploy'], dir);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^No changes/m);
  });

  it('grants reads of Secrets only with --allow-sensitive-reads, and prints the rule it adds', () => {
    const dir = projectWithCat();
    const sub = ['--for-kind', 'v1/Secret', '--subresource', 'summaries', '--version', 'v1alpha1', '--group', 'core'];
    assert.equal(apiboot([...SUB, ...sub], dir).status, 0);
    refused(
      [...CONFIG, '--namespace', 'zoo-system'],
      dir,
      /The subresources of v1\/Secret need the server to read every such object in the cluster, credentials included; pass --allow-sensitive-reads to grant it\./,
    );
    const r = apiboot([...CONFIG, '--namespace', 'zoo-system', '--allow-sensitive-reads'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^rbac: ClusterRole zoo-apiserver may get and list secrets in the core group, in every namespace$/m);
    assert.match(readFileSync(join(dir, 'config/rbac.yaml'), 'utf8'), /- secrets\n\s+verbs:\n\s+- get/);
  });
});

describe('run local', () => {
  it('names the port in use and the flag that changes it', async () => {
    const dir = initProject();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      refused(
        ['run', 'local', '--secure-port', String(port), '--no-build'],
        dir,
        new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use; .*--secure-port`),
      );
    } finally {
      server.close();
    }
  });

  it('refuses --no-build without a built server, and bad ports', () => {
    const dir = initProject();
    refused(['run', 'local', '--no-build', '--secure-port', '19876'], dir, /bin\/apiserver does not exist/);
    refused(['run', 'local', '--secure-port', 'http'], dir, /port "http" is not a whole number from 1 to 65535/);
    refused(['run', 'local', '--etcd-servers', 'localhost:2379', '--no-build'], dir, /not URLs/);
  });
});

describe('build container', () => {
  /** A folder with a fake docker whose engine does not answer, and Go: nothing else is on PATH. */
  function pathWithDeadDocker(): string {
    const bin = tempDir('tools');
    writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n');
    chmodSync(join(bin, 'docker'), 0o755);
    const go = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
    return `${bin}:${go}/bin`;
  }

  it('says when docker has no engine', () => {
    const dir = initProject();
    refused(
      ['build', 'container', '--image', 'zoo:v1', '--tool', 'docker'],
      dir,
      /docker does not answer \(is its engine running\?\); start it, or pass --tool podman or --tool buildah\./,
      { PATH: pathWithDeadDocker() },
    );
  });

  it('names docker, podman and buildah when none works', () => {
    const dir = initProject();
    const before = snapshot(dir);
    const r = apiboot(['build', 'container', '--image', 'zoo:v1'], dir, { PATH: pathWithDeadDocker() });
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      'Error: No container tool works here: install docker (with a running engine), podman or buildah, or pass --tool.\n',
    );
    assert.deepEqual(snapshot(dir), before);
  });

  it('refuses invalid image references and object names', () => {
    const dir = initProject();
    refused(['build', 'container', '--image', 'Zoo:v1'], dir, /not a valid image reference/);
    refused(['build', 'config', '--name', 'Zoo', '--namespace', 'zoo', '--image', 'zoo:v1'], dir, /name "Zoo" is not a DNS-1123 label/);
  });

  it('checks every run in-cluster flag before it builds or asks the cluster anything', () => {
    const dir = initProject();
    const run = ['run', 'in-cluster', '--image', 'zoo:v1', '--kubeconfig', '/nonexistent/kubeconfig', '--tool', 'buildah'];
    refused([...run, '--namespace', 'Zoo_System'], dir, /namespace "Zoo_System" is not a DNS-1123 label/);
    refused([...run, '--namespace', 'zoo', '--replicas', 'two'], dir, /replica count "two"/);
    refused([...run, '--namespace', 'zoo'], dir, /no resources to serve yet/);
  });
});
