import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { APISERVER_NAMES, checkProjectNames, VERSION_PACKAGE_NAMES } from '../../src/project/name-clashes.js';
import type { ProjectRecord, ResourceRecord } from '../../src/project/record.js';
import { TEMPLATES_DIR } from '../../src/scaffold/templates.js';

const kind = (group: string, version: string, k: string, plural: string, subs: ResourceRecord['subresources'] = []): ResourceRecord => ({
  group,
  version,
  kind: k,
  plural,
  namespaced: true,
  subresources: subs,
  storageVersion: true,
});

const project = (resources: ResourceRecord[], foreignSubresources: ProjectRecord['foreignSubresources'] = []): ProjectRecord => ({
  layout: 'go.apiboot.dev/v1',
  cliVersion: '0.0.0',
  projectName: 'zoo',
  domain: 'demo.io',
  module: 'demo.io/zoo',
  kubernetesVersion: '1.37.2',
  resources,
  foreignSubresources,
});

const cat = kind('animal', 'v1', 'Cat', 'cats', [{ name: 'status', type: 'status' }]);

function adding(before: ProjectRecord, after: ProjectRecord, pattern: RegExp): void {
  assert.throws(
    () => checkProjectNames(before, after),
    (e: unknown) => e instanceof UserError && pattern.test(e.message) && /^[^\n]+\.$/.test(e.message),
  );
}

describe('Go names of a change against the project', () => {
  it('refuses a kind whose types another kind already declares, either way round', () => {
    const base = project([cat]);
    adding(
      base,
      project([cat, kind('animal', 'v1', 'CatSpec', 'catspecs')]),
      /The kind CatSpec and the spec type of the kind Cat would both be named CatSpec in package pkg\/apis\/animal\/v1/,
    );
    adding(base, project([cat, kind('animal', 'v1', 'CatStatus', 'catstatuses')]), /CatStatus/);
    const spec = kind('animal', 'v1', 'DogSpec', 'dogspecs');
    adding(project([spec]), project([spec, kind('animal', 'v1', 'Dog', 'dogs')]), /The spec type of the kind Dog and the kind DogSpec/);
    // In another group version the same names are another package's.
    checkProjectNames(base, project([cat, kind('animal', 'v2', 'CatSpec', 'catspecs')]));
  });

  it('refuses subresource kinds that collide with generated types or the API machinery', () => {
    const base = project([cat]);
    const withSub = (name: string, type: 'arbitrary' | 'connector', k: string) =>
      project([{ ...cat, subresources: [...cat.subresources, { name, type, kind: k }] }]);
    adding(base, withSub('spec', 'arbitrary', 'CatSpec'), /subresource cats\/spec and the spec type of the kind Cat/);
    adding(base, withSub('list', 'arbitrary', 'CatList'), /CatList/);
    const feed = project([cat, kind('animal', 'v1', 'Dog', 'dogs')]);
    checkProjectNames(
      feed,
      project([{ ...cat, subresources: [{ name: 'feed', type: 'arbitrary', kind: 'CatFeed' }] }, kind('animal', 'v1', 'Dog', 'dogs')]),
    );
    const withFeed = project([{ ...cat, subresources: [{ name: 'feed', type: 'arbitrary', kind: 'CatFeed' }] }]);
    adding(
      withFeed,
      project([...withFeed.resources, kind('animal', 'v1', 'CatFeed', 'catfeeds')]),
      /The kind CatFeed and the kind of the subresource cats\/feed/,
    );
    const withLog = project([{ ...cat, subresources: [{ name: 'log', type: 'connector', kind: 'CatLogOptions' }] }]);
    adding(withLog, project([...withLog.resources, kind('animal', 'v1', 'CatLogOptions', 'catlogoptions')]), /CatLogOptions/);
    // The reverse: a kind first, then a subresource whose kind it already is.
    const catFeed = kind('animal', 'v1', 'CatFeed', 'catfeeds');
    adding(
      project([cat, catFeed]),
      project([{ ...cat, subresources: [{ name: 'feed', type: 'arbitrary', kind: 'CatFeed' }] }, catFeed]),
      /The kind of the subresource cats\/feed and the kind CatFeed/,
    );
    const catLog = kind('animal', 'v1', 'CatLogOptions', 'catlogoptions');
    adding(
      project([cat, catLog]),
      project([{ ...cat, subresources: [{ name: 'log', type: 'connector', kind: 'CatLogOptions' }] }, catLog]),
      /CatLogOptions/,
    );
    const del = kind('animal', 'v1', 'Delete', 'deletes');
    adding(
      project([del]),
      project([{ ...del, subresources: [{ name: 'options', type: 'arbitrary', kind: 'DeleteOptions' }] }]),
      /DeleteOptions, is a kind the Kubernetes API machinery already defines/,
    );
  });

  it('refuses names register.go declares, and storage folders or import names that coincide', () => {
    adding(project([]), project([kind('animal', 'v1', 'Resource', 'resources')]), /a declaration of register\.go/);
    adding(project([]), project([kind('animal', 'v1', 'SchemeBuilder', 'schemebuilders')]), /SchemeBuilder/);
    adding(
      project([cat]),
      project([cat, kind('animal', 'v2', 'CAT', 'cats')]),
      /would both be named cat in folder pkg\/registry\/animal \(one folder holds one storage package\)/,
    );
    adding(project([cat]), project([cat, kind('anim', 'v1', 'AlCat', 'alcats')]), /named animalcat in package pkg\/apiserver/);
    adding(
      project([]),
      project([kind('meta', 'v1', 'Dog', 'dogs')]),
      /The import name of meta\/v1 and a name pkg\/apiserver already uses would both be named metav1/,
    );
    adding(project([]), project([kind('autoscaling', 'v1', 'Dog', 'dogs')]), /autoscalingv1/);
    adding(project([]), project([kind('re', 'v1', 'Sources', 'sources')]), /named resources in package pkg\/apiserver/);
    adding(project([]), project([kind('animal', 'v1', 'V1', 'v1s')]), /named animalv1 in package pkg\/apiserver/);
    adding(
      project([cat]),
      project([cat], [{ forKind: 'apps/v1/Deployment', subresource: 'cats', group: 'animal', version: 'v1', kind: 'Cat' }]),
      /the kind Cat/,
    );
  });

  it('lets a project keep a clash it already had, and accepts unusual names that build', () => {
    const clashing = project([cat, kind('animal', 'v1', 'CatSpec', 'catspecs')]);
    checkProjectNames(clashing, project([...clashing.resources, kind('animal', 'v1', 'Dog', 'dogs')]));
    checkProjectNames(
      project([]),
      project([
        kind('registry', 'v1', 'Registry', 'registries'),
        kind('runtime', 'v1beta1', 'Runtime', 'runtimes'),
        kind('apiserver', 'v1', 'Scheme', 'schemes'),
        kind('animal', 'v1', 'Options', 'options'),
      ]),
    );
  });
});

/** The package-level declarations and the import names of Go templates. */
function goNames(files: string[]): { declared: Set<string>; imported: Set<string> } {
  const declared = new Set<string>();
  const imported = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^(?:func|type|const|var) ([A-Za-z_]\w*)/gm)) declared.add(m[1]!);
    for (const block of text.matchAll(/^(?:var|const) \(\n([\s\S]*?)^\)/gm)) {
      for (const m of block[1]!.matchAll(/^\t([A-Za-z_]\w*)(?=\s)/gm)) declared.add(m[1]!);
    }
    for (const block of text.matchAll(/^import \(\n([\s\S]*?)^\)/gm)) {
      for (const m of block[1]!.matchAll(/^\t(?:(\w+) )?"([^"{}]+)"$/gm)) imported.add(m[1] ?? m[2]!.split('/').pop()!);
    }
  }
  for (const skip of ['init', '_']) declared.delete(skip);
  return { declared, imported };
}

describe('the name lists follow the templates', () => {
  it('list every exported name of register.go', () => {
    const dir = join(TEMPLATES_DIR, 'group-version/pkg/apis/{{group}}/{{version}}');
    const { declared } = goNames(readdirSync(dir).map((f) => join(dir, f)));
    const exported = [...declared].filter((n) => /^[A-Z]/.test(n));
    assert.ok(exported.includes('SchemeGroupVersion'));
    for (const name of exported) assert.ok(VERSION_PACKAGE_NAMES.includes(name), `${name} is in VERSION_PACKAGE_NAMES`);
  });

  it('list every lower-case name in scope where pkg/apiserver imports the API and storage packages', () => {
    const dir = join(TEMPLATES_DIR, 'project/pkg/apiserver');
    const files = readdirSync(dir).map((f) => join(dir, f));
    // In resources.go and scheme.go, an import name meets their other imports and the package's declarations,
    // those of its tests included (go vet and go test compile them together).
    const { declared } = goNames(files);
    const { imported } = goNames(files.filter((f) => /\/(scheme|resources)\.go\.hbs$/.test(f)));
    const inScope = [...declared, ...imported].filter((n) => /^[a-z]/.test(n));
    assert.ok(inScope.includes('metav1') && inScope.includes('resources'));
    for (const name of inScope) assert.ok(APISERVER_NAMES.includes(name), `${name} is in APISERVER_NAMES`);
  });
});
