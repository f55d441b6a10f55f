import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiboot, snapshot, tempDir } from '../helpers/cli.js';

/**
 * The life of a kind served in several versions, through the real binary: what a kind of one version next to it, a
 * command run again, and a project's record of what apiboot wrote do to it.
 */

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

function ok(args: string[], dir: string): string {
  const r = apiboot(args, dir);
  assert.equal(r.status, 0, `apiboot ${args.join(' ')}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function refused(args: string[], dir: string, pattern: RegExp): void {
  const before = snapshot(dir);
  const r = apiboot(args, dir);
  assert.equal(r.status, 1, `apiboot ${args.join(' ')} should fail:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /^Error: [^\n]+\.\n$/, `one sentence, got ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderr, pattern);
  assert.deepEqual(snapshot(dir), before, 'nothing was written');
}

const resource = (version: string, kind: string, ...more: string[]) => [
  'create',
  'resource',
  '--skip-go',
  '--group',
  'animal',
  '--version',
  version,
  '--kind',
  kind,
  ...more,
];
const subresource = (version: string, kind: string, ...more: string[]) => [
  'create',
  'subresource',
  '--skip-go',
  '--group',
  'animal',
  '--version',
  version,
  '--kind',
  kind,
  ...more,
];

/** Cat in v1alpha1 (short name ct, scale and feed) and v1beta1, where the connector log is added to both. */
function projectWithCatInTwoVersions(): string {
  const dir = join(tempDir('versions-cli'), 'pets');
  mkdirSync(dir);
  ok(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir);
  ok(resource('v1alpha1', 'Cat', '--short-names', 'ct'), dir);
  ok(subresource('v1alpha1', 'Cat', '--type', 'scale'), dir);
  ok(subresource('v1alpha1', 'Cat', '--type', 'arbitrary', '--subresource', 'feed'), dir);
  ok(resource('v1beta1', 'Cat'), dir);
  ok(subresource('v1beta1', 'Cat', '--type', 'connector', '--subresource', 'log'), dir);
  return dir;
}

describe('a kind of one version next to a kind in several versions', () => {
  it('leaves the group version converting through the hub, with and without --force, for an etcd kind, a handler kind and a foreign subresource', () => {
    const dir = projectWithCatInTwoVersions();
    const doc = read(dir, 'pkg/apis/animal/v1alpha1/doc.go');
    assert.match(doc, /^\/\/ \+k8s:conversion-gen=demo\.io\/pets\/pkg\/apis\/animal$/m);
    for (const args of [
      resource('v1alpha1', 'Dog'),
      resource('v1alpha1', 'Dog', '--force'),
      resource('v1alpha1', 'Sighting', '--storage', 'handler'),
      resource('v1alpha1', 'Sighting', '--storage', 'handler', '--force', '--dry-run', '--diff'),
      resource('v1alpha1', 'Sighting', '--storage', 'handler', '--force'),
      [
        'create',
        'subresource',
        '--skip-go',
        '--for-kind',
        'apps/v1/Deployment',
        '--subresource',
        'compositions',
        '--group',
        'animal',
        '--version',
        'v1alpha1',
      ],
    ]) {
      const out = ok(args, dir);
      assert.doesNotMatch(out, /doc\.go/, `${args.join(' ')}: doc.go is neither kept nor changed`);
      assert.doesNotMatch(out, /^KEEP/m, `${args.join(' ')}: no file of the user's is kept`);
      assert.equal(read(dir, 'pkg/apis/animal/v1alpha1/doc.go'), doc, args.join(' '));
    }
  });
});

describe('a command run again on a kind in several versions', () => {
  it('exits 0 and changes nothing, for every create command', () => {
    const dir = projectWithCatInTwoVersions();
    ok(['create', 'resource', '--skip-go', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat', '--controller'], dir);
    const before = snapshot(dir);
    for (const args of [
      resource('v1beta1', 'Cat'),
      resource('v1alpha1', 'Cat'),
      resource('v1alpha1', 'Cat', '--short-names', 'ct'),
      resource('v1beta1', 'Cat', '--controller'),
      resource('v1beta1', 'Cat', '--force'),
      subresource('v1beta1', 'Cat', '--type', 'scale'),
      subresource('v1alpha1', 'Cat', '--type', 'status'),
      subresource('v1beta1', 'Cat', '--type', 'arbitrary', '--subresource', 'feed'),
      subresource('v1alpha1', 'Cat', '--type', 'connector', '--subresource', 'log'),
    ]) {
      const out = ok(args, dir);
      assert.match(out, /^No changes: the project already matches\.$/m, args.join(' '));
      assert.doesNotMatch(out, /^KEEP/m, args.join(' '));
      assert.deepEqual(snapshot(dir), before, `${args.join(' ')} changed nothing`);
    }
    refused(
      resource('v1beta1', 'Cat', '--non-namespaced'),
      dir,
      /Cat is served in several versions \(v1alpha1, v1beta1\) and exists in animal\.demo\.io\/v1beta1 with other settings/,
    );
    refused(
      resource('v1beta1', 'Cat', '--storage-version'),
      dir,
      /run "apiboot storage-version --group animal --version v1beta1 --kind Cat"/,
    );
  });
});

describe('short names', () => {
  it('refuses a short name another kind has, and short names or categories a new version would change', () => {
    const dir = projectWithCatInTwoVersions();
    refused(
      resource('v1alpha1', 'Dog', '--short-names', 'ct'),
      dir,
      /^Error: The short name "ct" is already a short name of cats in animal\.demo\.io \(kubectl would not know which one "kubectl get ct" means\); choose another short name\.\n$/,
    );
    refused(
      ['create', 'resource', '--skip-go', '--group', 'zoo', '--version', 'v1', '--kind', 'Keeper', '--short-names', 'dg,cats'],
      dir,
      /The short name "cats" is already the resource cats in animal\.demo\.io/,
    );
    refused(
      resource('v1', 'Cat', '--short-names', 'kt'),
      dir,
      /^Error: Cat has the short names ct in animal\.demo\.io\/v1alpha1, and every version of a kind has the same short names; drop --short-names or pass --short-names ct\.\n$/,
    );
    refused(resource('v1beta1', 'Cat', '--short-names', 'ct,kt'), dir, /every version of a kind has the same short names/);
    refused(
      resource('v1', 'Cat', '--categories', 'pets'),
      dir,
      /^Error: Cat has no categories in animal\.demo\.io\/v1alpha1, and every version of a kind has the same categories; drop --categories\.\n$/,
    );
    // The kind's own short names, given again or not at all, are its own.
    ok(resource('v1', 'Cat', '--short-names', 'ct'), dir);
    ok(resource('v1alpha1', 'Dog', '--short-names', 'dg'), dir);
    assert.match(read(dir, 'PROJECT'), /version: v1\n\s+kind: Cat\n(?:.*\n)*?\s+shortNames:\n\s+- ct\n/);
  });
});

describe('the record of what apiboot wrote', () => {
  const gitBlob = (dir: string, path: string) => spawnSync('git', ['hash-object', join(dir, path)], { encoding: 'utf8' }).stdout.trim();
  const recorded = (dir: string) => (JSON.parse(read(dir, '.apiboot/written.json')) as { files: Record<string, string> }).files;

  it('holds the git blob id of every file apiboot wrote, in the commit that wrote it, and is kept out of .gitignore', () => {
    const dir = projectWithCatInTwoVersions();
    const files = recorded(dir);
    for (const path of [
      'PROJECT',
      'go.mod',
      'pkg/apis/animal/v1alpha1/doc.go',
      'pkg/apis/animal/v1beta1/conversion.go',
      'pkg/registry/animal/cat/storage.go',
    ]) {
      assert.equal(files[path], gitBlob(dir, path), path);
    }
    assert.equal(files['.apiboot/written.json'], undefined);
    assert.match(read(dir, '.gitignore'), /^\/\.apiboot\/\*\n!\/\.apiboot\/written\.json$/m);
  });

  it('says "exists with your changes" only of files the user changed', () => {
    const dir = join(tempDir('written'), 'zoo');
    mkdirSync(dir);
    ok(['init', 'repo', '--domain', 'demo.io', '--skip-go'], dir);
    ok(resource('v1alpha1', 'Cat'), dir);
    // scale changes the types file at its markers, so the template alone no longer gives that file.
    ok(subresource('v1alpha1', 'Cat', '--type', 'scale'), dir);
    ok(
      ['create', 'resource', '--skip-go', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Sighting', '--storage', 'handler'],
      dir,
    );
    for (const args of [
      resource('v1alpha1', 'Cat'),
      ['create', 'resource', '--skip-go', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Sighting', '--storage', 'handler'],
    ]) {
      const again = ok(args, dir);
      assert.doesNotMatch(again, /^KEEP/m, args.join(' '));
      assert.match(again, /^No changes/m, args.join(' '));
    }
    appendFileSync(join(dir, 'pkg/apis/animal/v1alpha1/cat_types.go'), '\n// Mine.\n');
    appendFileSync(join(dir, 'pkg/registry/animal/sighting/handler.go'), '\n// Mine.\n');
    assert.match(
      ok(resource('v1alpha1', 'Cat'), dir),
      /^KEEP\s+pkg\/apis\/animal\/v1alpha1\/cat_types\.go \(exists with your changes; --force overwrites it\)$/m,
    );
    assert.match(
      ok(
        ['create', 'resource', '--skip-go', '--group', 'animal', '--version', 'v1alpha1', '--kind', 'Sighting', '--storage', 'handler'],
        dir,
      ),
      /^KEEP\s+pkg\/registry\/animal\/sighting\/handler\.go /m,
    );
    // An edit stays an edit after apiboot adds to the file at a marker.
    ok(resource('v1alpha1', 'Bird'), dir);
    appendFileSync(join(dir, 'pkg/apis/animal/v1alpha1/bird_types.go'), '\n// Mine.\n');
    ok(subresource('v1alpha1', 'Bird', '--type', 'scale'), dir);
    assert.match(read(dir, 'pkg/apis/animal/v1alpha1/bird_types.go'), /\/\/ Mine\./);
    assert.match(ok(resource('v1alpha1', 'Bird'), dir), /^KEEP\s+pkg\/apis\/animal\/v1alpha1\/bird_types\.go /m);

    // A project made before the record: as before, a types file that differs from the template is reported as kept.
    const old = join(tempDir('written-old'), 'zoo');
    mkdirSync(old);
    ok(['init', 'repo', '--domain', 'demo.io', '--skip-go'], old);
    ok(resource('v1alpha1', 'Cat'), old);
    ok(subresource('v1alpha1', 'Cat', '--type', 'scale'), old);
    rmSync(join(old, '.apiboot'), { recursive: true });
    assert.match(ok(resource('v1alpha1', 'Cat'), old), /^KEEP\s+pkg\/apis\/animal\/v1alpha1\/cat_types\.go /m);
  });

  it('writes PROJECT without YAML anchors when a kind in several versions gains a connector', () => {
    const dir = projectWithCatInTwoVersions();
    const project = read(dir, 'PROJECT');
    assert.doesNotMatch(project, /[&*]a\d/);
    assert.equal((project.match(/- name: log\n\s+type: connector\n\s+kind: CatLogOptions\n/g) ?? []).length, 2, project);
  });
});

describe('storage-version', () => {
  it('says what comes next: restart the server, then migrate what it stored', () => {
    const dir = projectWithCatInTwoVersions();
    const out = ok(['storage-version', '--group', 'animal', '--version', 'v1beta1', '--kind', 'Cat'], dir);
    assert.match(out, /^Next:\n {2}restart the server so it stores Cat in v1beta1: [^\n]+\n {2}apiboot migrate storage /m);
  });
});
