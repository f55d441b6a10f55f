import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiboot, sh, snapshot, tempDir } from '../helpers/cli.js';
import { eventually, kubectlFor, type Kubectl } from '../helpers/kubectl.js';
import { LocalRun } from '../helpers/run-local.js';
import { Processes, startEtcd } from '../helpers/processes.js';
import { testbedTool } from '../helpers/testbed.js';
import { LocalApiClient } from '../../src/docs/fetch.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/**
 * One kind in two versions, end to end: Cat in animal.demo.io/v1alpha1 gains v1beta1, where the test renames
 * spec.name to spec.displayName and writes the conversion by hand in the user-owned conversion.go. The project's own
 * go test runs the generated round-trip fuzz test; `run local` (a real etcd, read raw through its JSON gateway) and a
 * real kubectl show both versions serving the same objects, the storage version switched, and the migration.
 */

function ok(args: string[], cwd: string): string {
  const r = apiboot(args, cwd);
  assert.equal(r.status, 0, `apiboot ${args.join(' ')}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

const work = tempDir('versions');
const pets = join(work, 'pets');
const PORT = '19453';
const V1ALPHA1 = 'cats.v1alpha1.animal.demo.io';
const V1BETA1 = 'cats.v1beta1.animal.demo.io';

const CONVERSION = `package v1beta1

import (
	"k8s.io/apimachinery/pkg/conversion"

	"demo.io/pets/pkg/apis/animal"
)

// spec.name of the internal type is spec.displayName in v1beta1.

func Convert_v1beta1_CatSpec_To_animal_CatSpec(in *CatSpec, out *animal.CatSpec, s conversion.Scope) error {
	if err := autoConvert_v1beta1_CatSpec_To_animal_CatSpec(in, out, s); err != nil {
		return err
	}
	out.Name = in.DisplayName
	return nil
}

func Convert_animal_CatSpec_To_v1beta1_CatSpec(in *animal.CatSpec, out *CatSpec, s conversion.Scope) error {
	if err := autoConvert_animal_CatSpec_To_v1beta1_CatSpec(in, out, s); err != nil {
		return err
	}
	out.DisplayName = in.Name
	return nil
}

// RenamedFields tells the server so: field selectors, validation errors and column descriptions of v1beta1 say
// spec.displayName.
func (*Cat) RenamedFields() map[string]string {
	return map[string]string{"spec.name": "spec.displayName"}
}
`;

/** Every stored cat's etcd key (namespace/name) and the apiVersion of its raw value, read through etcd's JSON gateway. */
async function storedVersions(etcdUrl: string): Promise<Record<string, string>> {
  const prefix = '/registry/demo.io/animal.demo.io/cats/';
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const res = await fetch(`${etcdUrl}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: b64(prefix), range_end: b64(end) }) });
  assert.equal(res.status, 200, 'etcd answers a range read');
  const body = (await res.json()) as { kvs?: Array<{ key: string; value: string }> };
  const out: Record<string, string> = {};
  for (const kv of body.kvs ?? []) {
    const key = Buffer.from(kv.key, 'base64').toString().slice(prefix.length);
    out[key] = (JSON.parse(Buffer.from(kv.value, 'base64').toString()) as { apiVersion: string }).apiVersion;
  }
  return out;
}

describe('a kind in two versions', () => {
  let k: Kubectl;
  let run: LocalRun;
  let etcdUrl: string;
  const etcd = new Processes();

  before(async () => {
    mkdirSync(pets);
    ok(['init', 'repo', '--domain', 'demo.io', '--skip-go'], pets);
    ok(['create', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--short-names', 'ct', '--skip-go'], pets);
    ok(['create', 'subresource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--type', 'scale', '--skip-go'], pets);
    // feed (arbitrary) exists before the kind gains a version; log (connector) is added to the kind in both.
    ok(
      [
        'create',
        'subresource',
        '--group',
        'animal',
        '--version',
        'v1alpha1',
        '--kind',
        'Cat',
        '--type',
        'arbitrary',
        '--subresource',
        'feed',
        '--skip-go',
      ],
      pets,
    );
    ok(['create', 'resource', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat', '--skip-go'], pets);
    ok(
      [
        'create',
        'subresource',
        '--group',
        'animal',
        '--version',
        'v1beta1',
        '--kind',
        'Cat',
        '--type',
        'connector',
        '--subresource',
        'log',
      ],
      pets,
    );
    // The user renames a field in v1beta1 and converts it by hand.
    const types = join(pets, 'pkg/apis/animal/v1beta1/cat_types.go');
    const renamed = readFileSync(types, 'utf8').replace('\tName string `json:"name"`', '\tDisplayName string `json:"displayName"`');
    assert.notEqual(renamed, readFileSync(types, 'utf8'), 'the v1beta1 types have the field to rename');
    writeFileSync(types, renamed);
    // The new version's sample was written from v1alpha1's; the user renames the field there too.
    const sample = join(pets, 'config/samples/animal_v1beta1_cat.yaml');
    assert.match(readFileSync(sample, 'utf8'), /^apiVersion: animal\.demo\.io\/v1beta1\nkind: Cat\n(?:.*\n)*spec:\n  name: Cat Sample\n/m);
    writeFileSync(sample, readFileSync(sample, 'utf8').replace('\n  name: Cat Sample', '\n  displayName: Cat Sample'));
    writeFileSync(join(pets, 'pkg/apis/animal/v1beta1/conversion.go'), CONVERSION);
    // A kind of one version joins v1alpha1, where Cat is served in two: doc.go keeps asking for Cat's conversions,
    // with and without --force, and nothing is kept as "yours" that the user never edited.
    const docGo = join(pets, 'pkg/apis/animal/v1alpha1/doc.go');
    const doc = readFileSync(docGo, 'utf8');
    assert.match(doc, /^\/\/ \+k8s:conversion-gen=demo\.io\/pets\/pkg\/apis\/animal$/m);
    for (const force of [[], ['--force']]) {
      const dog = ok(['create', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Dog', '--skip-go', ...force], pets);
      assert.doesNotMatch(dog, /^KEEP/m, `Dog ${force.join(' ')}: nothing kept`);
      assert.doesNotMatch(dog, /doc\.go/, `Dog ${force.join(' ')}: doc.go untouched`);
      assert.equal(readFileSync(docGo, 'utf8'), doc, `Dog ${force.join(' ')}: doc.go unchanged`);
    }
    ok(['generate'], pets);
    etcdUrl = await startEtcd(etcd);
  });

  after(async () => {
    await LocalRun.stopAll();
    await etcd.stopAll();
  });

  it('passes its own go test, the generated round-trip fuzz test of every version included', () => {
    // v1alpha1, which also holds Dog (one version), still converts Cat to the hub and back.
    assert.match(
      readFileSync(join(pets, 'pkg/apis/animal/v1alpha1/zz_generated.conversion.go'), 'utf8'),
      /func Convert_v1alpha1_CatSpec_To_animal_CatSpec\(/,
    );
    const conversions = readFileSync(join(pets, 'pkg/apis/animal/v1beta1/zz_generated.conversion.go'), 'utf8');
    assert.match(
      conversions,
      /WARNING: in\.DisplayName requires manual conversion/,
      'conversion-gen left the renamed field to conversion.go',
    );
    assert.match(
      conversions,
      /AddConversionFunc\(\(\*CatSpec\)\(nil\), \(\*animal\.CatSpec\)\(nil\)/,
      'and registers the hand-written function',
    );
    sh('go', ['vet', './...'], pets);
    const out = sh('go', ['test', '-v', '-run', 'RoundTrip', './pkg/apis/animal/'], pets);
    for (const sub of [
      'internal/Cat',
      'v1alpha1/Cat',
      'v1beta1/Cat',
      'internal/CatList',
      'v1beta1/CatList',
      'v1alpha1/CatFeed',
      'v1beta1/CatFeed',
      'v1alpha1/CatLogOptions',
      'v1beta1/CatLogOptions',
    ]) {
      assert.match(out, new RegExp(`--- PASS: TestCatRoundTrip/${sub.replace('/', '\\/')} `), sub);
    }
    assert.match(sh('go', ['test', './...'], pets), /^ok\s+demo\.io\/pets\/pkg\/apis\/animal\s/m);
  });

  it('fails the round-trip test when a conversion forgets the renamed field', () => {
    const file = join(pets, 'pkg/apis/animal/v1beta1/conversion.go');
    writeFileSync(file, CONVERSION.replace('\tout.Name = in.DisplayName\n', ''));
    try {
      const r = spawnSync('go', ['test', '-run', 'RoundTrip', './pkg/apis/animal/'], { cwd: pets, encoding: 'utf8' });
      assert.notEqual(r.status, 0, `the round-trip test fails:\n${r.stdout}`);
      assert.match(r.stdout, /--- FAIL: TestCatRoundTrip\/internal\/Cat /);
    } finally {
      writeFileSync(file, CONVERSION);
    }
  });

  describe('served by run local', () => {
    before(async () => {
      k = kubectlFor(testbedTool('kubectl'), join(pets, '.apiboot/local/kubeconfig'));
      run = new LocalRun(pets, ['--secure-port', PORT, '--etcd-servers', etcdUrl]);
      await run.start(30 * 60_000);
    });

    it('prefers v1beta1 in discovery, and serves both versions', () => {
      const group = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io']));
      assert.equal(group.preferredVersion.version, 'v1beta1');
      assert.deepEqual(
        group.versions.map((v: { version: string }) => v.version),
        ['v1beta1', 'v1alpha1'],
      );
      for (const version of ['v1alpha1', 'v1beta1']) {
        const list = JSON.parse(k.ok(['get', '--raw', `/apis/animal.demo.io/${version}`]));
        const names = list.resources.map((r: { name: string }) => r.name).sort();
        const dogs = version === 'v1alpha1' ? ['dogs', 'dogs/status'] : [];
        assert.deepEqual(names, ['cats', 'cats/feed', 'cats/log', 'cats/scale', 'cats/status', ...dogs], version);
      }
    });

    it('creates through v1alpha1 with the old name, reads and updates through v1beta1 with the new, and back', () => {
      k.ok(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1alpha1',
          kind: 'Cat',
          metadata: { name: 'tom', namespace: 'default' },
          spec: { name: 'Tom' },
        }),
      );
      const beta = JSON.parse(k.ok(['get', V1BETA1, 'tom', '-o', 'json']));
      assert.equal(beta.apiVersion, 'animal.demo.io/v1beta1');
      assert.equal(beta.spec.displayName, 'Tom');
      assert.equal(beta.spec.name, undefined);
      assert.equal(beta.spec.replicas, 1, 'defaulted');
      beta.spec.displayName = 'Thomas';
      k.ok(['replace', '-f', '-'], JSON.stringify(beta));
      const alpha = JSON.parse(k.ok(['get', V1ALPHA1, 'tom', '-o', 'json']));
      assert.equal(alpha.apiVersion, 'animal.demo.io/v1alpha1');
      assert.equal(alpha.spec.name, 'Thomas');
      assert.equal(alpha.spec.displayName, undefined);
      // Validation runs on the internal type: a missing name is refused in either version, under each one's name.
      for (const [version, path] of [
        ['v1beta1', 'spec.displayName'],
        ['v1alpha1', 'spec.name'],
      ] as const) {
        const bad = k(
          ['create', '-f', '-'],
          JSON.stringify({
            apiVersion: `animal.demo.io/${version}`,
            kind: 'Cat',
            metadata: { name: 'nameless', namespace: 'default' },
            spec: {},
          }),
        );
        assert.notEqual(bad.status, 0, version);
        assert.match(bad.stderr, new RegExp(`is invalid: ${path.replace('.', '\\.')}: Required value`), version);
        assert.equal((bad.stderr.match(/Required value/g) ?? []).length, 1, `${version}: one error, under one name`);
      }
    });

    it('applies server-side through both versions, with managed fields per version', () => {
      k.ok(
        ['apply', '--server-side', '--field-manager', 'beta', '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1beta1',
          kind: 'Cat',
          metadata: { name: 'luna', namespace: 'default' },
          spec: { displayName: 'Luna', replicas: 2 },
        }),
      );
      k.ok(
        ['apply', '--server-side', '--field-manager', 'alpha', '--force-conflicts', '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1alpha1',
          kind: 'Cat',
          metadata: { name: 'luna', namespace: 'default' },
          spec: { name: 'Luna', replicas: 4 },
        }),
      );
      const luna = JSON.parse(k.ok(['get', V1BETA1, 'luna', '-o', 'json', '--show-managed-fields']));
      assert.equal(luna.spec.displayName, 'Luna');
      assert.equal(luna.spec.replicas, 4);
      const managers = Object.fromEntries(
        luna.metadata.managedFields.map((m: { manager: string; apiVersion: string }) => [m.manager, m.apiVersion]),
      );
      assert.deepEqual(managers, { alpha: 'animal.demo.io/v1alpha1', beta: 'animal.demo.io/v1beta1' });
    });

    it('explains each version with its own fields', () => {
      const alpha = k.ok(['explain', 'cats.spec', '--api-version', 'animal.demo.io/v1alpha1']);
      assert.match(alpha, /VERSION:\s+v1alpha1/);
      assert.match(alpha, /^\s+name\s+<string> -required-/m);
      assert.doesNotMatch(alpha, /displayName/);
      const beta = k.ok(['explain', 'cats.spec', '--api-version', 'animal.demo.io/v1beta1']);
      assert.match(beta, /VERSION:\s+v1beta1/);
      assert.match(beta, /^\s+displayName\s+<string> -required-/m);
    });

    it('shows a watch through v1alpha1 what a client writes through v1beta1', async () => {
      const watch = k.background(['get', V1ALPHA1, '--watch-only', '-o', 'jsonpath={.apiVersion} {.metadata.name}={.spec.name}{"\\n"}']);
      try {
        await new Promise((r) => setTimeout(r, 1500));
        k.ok(['patch', V1BETA1, 'tom', '--type', 'merge', '-p', '{"spec":{"displayName":"Tiger"}}']);
        await eventually(() => watch.output().includes('animal.demo.io/v1alpha1 tom=Tiger'), 30_000, 'the v1alpha1 watch to see tom=Tiger');
      } finally {
        watch.stop();
      }
    });

    it('serves status, scale, table columns and field selectors in every version', () => {
      k.ok(['patch', V1BETA1, 'tom', '--subresource', 'status', '--type', 'merge', '-p', '{"status":{"phase":"Sleeping","replicas":1}}']);
      assert.equal(JSON.parse(k.ok(['get', V1ALPHA1, 'tom', '-o', 'json'])).status.phase, 'Sleeping');
      k.ok(['scale', V1ALPHA1, 'tom', '--replicas', '3']);
      const scale = JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io/v1beta1/namespaces/default/cats/tom/scale']));
      assert.deepEqual([scale.kind, scale.spec.replicas, scale.status.replicas], ['Scale', 3, 1]);
      assert.equal(JSON.parse(k.ok(['get', V1BETA1, 'tom', '-o', 'json'])).spec.replicas, 3);
      // Field selectors name each version's fields, as Kubernetes' field label conversion functions make them.
      for (const [resource, path, other] of [
        [V1ALPHA1, 'spec.name', 'spec.displayName'],
        [V1BETA1, 'spec.displayName', 'spec.name'],
      ] as const) {
        assert.match(k.ok(['get', resource]), /^NAME\s+DISPLAY NAME\s+REPLICAS\s+AGE\n(?:.*\n)*tom\s+Tiger\s+3\s/m, resource);
        assert.deepEqual(
          k
            .ok(['get', resource, '--field-selector', `${path}=Luna`, '-o', 'name'])
            .trim()
            .split('\n'),
          ['cat.animal.demo.io/luna'],
          resource,
        );
        const refused = k(['get', resource, '--field-selector', `${other}=Luna`]);
        assert.notEqual(refused.status, 0, `${resource} refuses ${other}`);
        assert.match(refused.stderr, new RegExp(`field label not supported: ${other.replace('.', '\\.')}`), resource);
      }
    });

    it("serves the arbitrary and connector subresources in every version, each in its own version's kind", () => {
      const at = (version: string, sub: string) => `/apis/animal.demo.io/${version}/namespaces/default/cats/tom/${sub}`;
      k.ok(
        ['replace', '--raw', at('v1beta1', 'feed'), '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1beta1',
          kind: 'CatFeed',
          metadata: { name: 'tom', namespace: 'default' },
          note: 'fish',
        }),
      );
      for (const version of ['v1alpha1', 'v1beta1']) {
        const feed = JSON.parse(k.ok(['get', '--raw', at(version, 'feed')]));
        assert.deepEqual(
          [feed.apiVersion, feed.kind, feed.metadata.name, feed.note],
          [`animal.demo.io/${version}`, 'CatFeed', 'tom', 'fish'],
          version,
        );
        // The options are decoded from the query string in the version of the request, then converted to the hub.
        const log = k.ok(['create', '--raw', `${at(version, 'log')}?tailLines=1`, '-f', '/dev/null']);
        assert.equal(log.trim().split('\n').length, 1, `${version}: tailLines=1 reached the handler`);
        assert.match(log, /^tom /, version);
        const bad = k(['create', '--raw', `${at(version, 'log')}?tailLines=-1`, '-f', '/dev/null']);
        assert.notEqual(bad.status, 0, `${version}: a negative tailLines is refused by the handler`);
      }
    });

    it("describes printer columns with each version's field names, and creates the new version's sample", async () => {
      const data = (path: string) => Buffer.from(k.ok(['config', 'view', '--raw', '-o', `jsonpath={${path}}`]), 'base64').toString();
      const client = new LocalApiClient(`https://127.0.0.1:${PORT}`, data('.clusters[0].cluster.certificate-authority-data'), {
        certPem: data('.users[0].user.client-certificate-data'),
        keyPem: data('.users[0].user.client-key-data'),
      });
      const columnDescription = async (version: string) => {
        const table = await client.get<{ columnDefinitions: Array<{ name: string; description: string }> }>(
          `/apis/animal.demo.io/${version}/namespaces/default/cats`,
          TABLE,
        );
        return table.columnDefinitions.find((c) => c.name === 'Display Name')?.description;
      };
      assert.equal(await columnDescription('v1alpha1'), 'What the Cat is called (spec.name).');
      assert.equal(await columnDescription('v1beta1'), 'What the Cat is called (spec.displayName).');
      k.ok(['create', '-f', join(pets, 'config/samples/animal_v1beta1_cat.yaml'), '-n', 'default']);
      assert.equal(JSON.parse(k.ok(['get', V1ALPHA1, 'cat-sample', '-n', 'default', '-o', 'json'])).spec.name, 'Cat Sample');
      k.ok(['delete', V1BETA1, 'cat-sample', '-n', 'default']);
    });

    it('keeps old objects readable when the storage version changes, and the migration rewrites them', async () => {
      assert.deepEqual(await storedVersions(etcdUrl), {
        'default/luna': 'animal.demo.io/v1alpha1',
        'default/tom': 'animal.demo.io/v1alpha1',
      });
      assert.equal(await run.stop(), 0);
      const switched = ok(['storage-version', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat'], pets);
      assert.match(switched, /^UPDATE pkg\/apiserver\/storage_versions\.go$/m);
      assert.match(readFileSync(join(pets, 'PROJECT'), 'utf8'), /version: v1beta1\n\s+kind: Cat\n(?:.*\n)*?\s+storageVersion: true/);

      run = new LocalRun(pets, ['--secure-port', PORT, '--etcd-servers', etcdUrl]);
      await run.start(30 * 60_000);
      assert.equal(JSON.parse(k.ok(['get', V1ALPHA1, 'tom', '-o', 'json'])).spec.name, 'Tiger');
      assert.equal(JSON.parse(k.ok(['get', V1BETA1, 'tom', '-o', 'json'])).spec.displayName, 'Tiger');
      assert.equal(JSON.parse(k.ok(['get', V1BETA1, 'luna', '-o', 'json'])).spec.displayName, 'Luna');
      k.ok(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1alpha1',
          kind: 'Cat',
          metadata: { name: 'kitty', namespace: 'default' },
          spec: { name: 'Kitty' },
        }),
      );
      assert.deepEqual(await storedVersions(etcdUrl), {
        'default/kitty': 'animal.demo.io/v1beta1',
        'default/luna': 'animal.demo.io/v1alpha1',
        'default/tom': 'animal.demo.io/v1alpha1',
      });

      const migrated = ok(['migrate', 'storage', '--kubeconfig', '.apiboot/local/kubeconfig'], pets);
      assert.match(migrated, /^cats\.v1beta1\.animal\.demo\.io: 3 of 3 objects rewritten in v1beta1$/m);
      assert.deepEqual(await storedVersions(etcdUrl), {
        'default/kitty': 'animal.demo.io/v1beta1',
        'default/luna': 'animal.demo.io/v1beta1',
        'default/tom': 'animal.demo.io/v1beta1',
      });
      const tom = JSON.parse(k.ok(['get', V1ALPHA1, 'tom', '-o', 'json']));
      assert.deepEqual(
        [tom.spec.name, tom.spec.replicas, tom.status.phase],
        ['Tiger', 3, 'Sleeping'],
        'the migration changed nothing but the stored version',
      );
      // Again: nothing left to rewrite in another version, and it still succeeds.
      assert.match(ok(['migrate', 'storage', '--kubeconfig', '.apiboot/local/kubeconfig'], pets), /3 of 3 objects rewritten/);
    });

    it('gains a third version after the rename, copied from v1beta1 with its conversions, which builds and round-trips', async () => {
      assert.equal(await run.stop(), 0);
      const before = snapshot(pets);
      // The same commands again change nothing, for a kind in several versions too.
      for (const args of [
        ['create', 'resource', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat', '--skip-go'],
        ['create', 'resource', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Cat', '--short-names', 'ct', '--skip-go'],
        [
          'create',
          'subresource',
          '--group',
          'animal',
          '--version',
          'v1beta1',
          '--kind',
          'Cat',
          '--type',
          'connector',
          '--subresource',
          'log',
          '--skip-go',
        ],
      ]) {
        assert.match(ok(args, pets), /^No changes: the project already matches\.$/m, args.join(' '));
      }
      assert.deepEqual(snapshot(pets), before, 'nothing changed');

      const v1 = ok(['create', 'resource', '--group', 'animal', '--version', 'v1', '--kind', 'Cat'], pets);
      assert.doesNotMatch(v1, /^KEEP/m);
      const conversion = readFileSync(join(pets, 'pkg/apis/animal/v1/conversion.go'), 'utf8');
      assert.match(
        conversion,
        /^func Convert_v1_CatSpec_To_animal_CatSpec\(in \*CatSpec, out \*animal\.CatSpec, s conversion\.Scope\) error \{$/m,
      );
      assert.match(conversion, /^\tout\.DisplayName = in\.Name$/m);
      assert.match(readFileSync(join(pets, 'pkg/apis/animal/v1/cat_types.go'), 'utf8'), /\tDisplayName string `json:"displayName"`/);
      sh('go', ['vet', './pkg/...'], pets);
      const out = sh('go', ['test', '-v', '-run', 'RoundTrip', './pkg/apis/animal/'], pets);
      for (const sub of ['v1/Cat', 'v1/CatFeed', 'v1/CatLogOptions']) {
        assert.match(out, new RegExp(`--- PASS: TestCatRoundTrip/${sub.replace('/', '\\/')} `), sub);
      }

      run = new LocalRun(pets, ['--secure-port', PORT, '--etcd-servers', etcdUrl]);
      await run.start(30 * 60_000);
      const tom = JSON.parse(k.ok(['get', 'cats.v1.animal.demo.io', 'tom', '-o', 'json']));
      assert.deepEqual([tom.apiVersion, tom.spec.displayName, tom.spec.name], ['animal.demo.io/v1', 'Tiger', undefined]);
      k.ok(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'animal.demo.io/v1',
          kind: 'Cat',
          metadata: { name: 'felix', namespace: 'default' },
          spec: { displayName: 'Felix' },
        }),
      );
      assert.equal(JSON.parse(k.ok(['get', V1ALPHA1, 'felix', '-o', 'json'])).spec.name, 'Felix');
      assert.equal(JSON.parse(k.ok(['get', V1BETA1, 'felix', '-o', 'json'])).spec.displayName, 'Felix');
      // v1 is GA: discovery prefers it now.
      assert.equal(JSON.parse(k.ok(['get', '--raw', '/apis/animal.demo.io'])).preferredVersion.version, 'v1');
    });
  });
});
