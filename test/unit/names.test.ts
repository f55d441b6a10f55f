import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pluralizeLibrary from 'pluralize';
import { UserError } from '../../src/errors.js';
import {
  defaultModule,
  singularName,
  validateDomain,
  validateGroup,
  validateKind,
  validateModule,
  validateOwner,
  validatePlural,
  validateVersion,
} from '../../src/project/names.js';
import { pluralize } from '../../src/project/pluralize.js';

function rejects(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof UserError && pattern.test(e.message));
}

describe('pluralization', () => {
  // First in the file, before anything inflects: importing the module must not have changed the library.
  it("leaves the pluralize library as it is until the first inflection, then adds flect's rules", () => {
    assert.equal(pluralizeLibrary.plural('plateau'), 'plateaus', 'importing changed nothing');
    assert.equal(pluralize('Plateau'), 'plateaux');
  });
});

describe('naming rules', () => {
  it('accepts DNS-1123 subdomains and refuses the rest', () => {
    for (const ok of ['demo.io', 'k8s.example.com', 'a-b.c0']) validateDomain(ok);
    for (const bad of ['demo', 'Demo.io', 'demo..io', '-demo.io', 'demo.io-', 'demo_io.com', '', 'a.' + 'b'.repeat(64)]) {
      rejects(() => validateDomain(bad), /DNS-1123 subdomain/);
    }
  });

  it('requires groups to be lowercase labels that are Go package names', () => {
    for (const ok of ['animal', 'apps2', 'x']) validateGroup(ok);
    for (const bad of ['Animal', 'my-group', '2animal', 'animal.io', '', 'func', 'type']) {
      rejects(() => validateGroup(bad), /lowercase DNS label/);
    }
  });

  it('requires Kubernetes API versions', () => {
    for (const ok of ['v1', 'v1alpha1', 'v2beta3', 'v10']) validateVersion(ok);
    for (const bad of ['1', 'v0', 'V1', 'v1alpha', 'v1gamma1', 'v1alpha0', 'v1.0', 'v01']) {
      rejects(() => validateVersion(bad), /not a Kubernetes API version/);
    }
  });

  it('requires UpperCamelCase kinds that are not Go keywords and do not end in List', () => {
    for (const ok of ['Cat', 'FooBar', 'V1Thing']) validateKind(ok);
    rejects(() => validateKind('cat'), /UpperCamelCase/);
    rejects(() => validateKind('Cat-Dog'), /UpperCamelCase/);
    rejects(() => validateKind('Func'), /Go keyword/);
    rejects(() => validateKind('CatList'), /ends in "List"/);
  });

  it('checks plurals and module paths', () => {
    validatePlural('cats');
    rejects(() => validatePlural('Cats'), /plural/);
    rejects(() => validatePlural('cat-s'), /plural/);
    for (const ok of ['demo.io/catdemo', 'github.com/org/repo/v2', 'example.com']) validateModule(ok);
    for (const bad of ['demo.io/', '/demo', 'demo io/x', 'Demo.io/x', '']) rejects(() => validateModule(bad), /module path/);
    // Go's own rules: a dotless first element meets the standard library ("net"), a trailing dot is malformed.
    for (const bad of ['net', 'net/x', 'catdemo', 'demo.io/x.', 'demo.io/x./y', 'demo./x'])
      rejects(() => validateModule(bad), /host name with a dot/);
    for (const ok of ['odd.example.io/team~x/odd.zoo', 'example.com/a_b/C-d']) validateModule(ok);
  });

  it('pluralizes kinds as kubebuilder does (flect), taking the last word of the kind', () => {
    // The plurals gobuffalo/flect v1.0.3 gives for the lower-cased kind, as kubebuilder asks it.
    const table: Array<[string, string]> = [
      ['Cat', 'cats'],
      ['Habitat', 'habitats'],
      ['Dog', 'dogs'],
      ['Keeper', 'keepers'],
      ['Quiz', 'quizzes'],
      ['Mouse', 'mice'],
      ['Child', 'children'],
      ['Endpoints', 'endpoints'],
      ['Cats', 'cats'],
      ['Person', 'people'],
      ['Policy', 'policies'],
      ['Status', 'statuses'],
      ['Index', 'indices'],
      ['Gateway', 'gateways'],
      ['Bus', 'buses'],
      ['Box', 'boxes'],
      ['Match', 'matches'],
      ['Wish', 'wishes'],
      ['Class', 'classes'],
      ['Address', 'addresses'],
      ['Ingress', 'ingresses'],
      ['Key', 'keys'],
      ['Day', 'days'],
      ['Matrix', 'matrices'],
      ['Vertex', 'vertices'],
      ['Apex', 'apices'],
      ['Analysis', 'analyses'],
      ['Axis', 'axes'],
      ['Criterion', 'criteria'],
      ['Datum', 'data'],
      ['Medium', 'media'],
      ['Schema', 'schemas'],
      ['Alias', 'aliases'],
      ['Leaf', 'leaves'],
      ['Wolf', 'wolves'],
      ['Knife', 'knives'],
      ['Dwarf', 'dwarfs'],
      ['Archive', 'archives'],
      ['Hero', 'heroes'],
      ['Potato', 'potatoes'],
      ['Photo', 'photos'],
      ['Radio', 'radios'],
      ['Zoo', 'zoos'],
      ['Sheep', 'sheep'],
      ['Fish', 'fish'],
      ['Series', 'series'],
      ['Species', 'species'],
      ['Money', 'money'],
      ['News', 'news'],
      ['Information', 'information'],
      ['Man', 'men'],
      ['Woman', 'women'],
      ['Human', 'humans'],
      ['Foot', 'feet'],
      ['Tooth', 'teeth'],
      ['Goose', 'geese'],
      ['Ox', 'oxen'],
      ['Virus', 'viruses'],
      ['Cactus', 'cacti'],
      ['Radius', 'radii'],
      ['Corpus', 'corpora'],
      ['Genus', 'genera'],
      ['Larva', 'larvae'],
      ['Fez', 'fezzes'],
      ['Waltz', 'waltzes'],
      ['Buzz', 'buzzes'],
      ['Topaz', 'topazes'],
      ['Plateau', 'plateaux'],
      ['Bureau', 'bureaus'],
      ['Agenda', 'agendas'],
      ['Movie', 'movies'],
      ['Cookie', 'cookies'],
      ['Shoe', 'shoes'],
      ['House', 'houses'],
      ['Cause', 'causes'],
      ['Base', 'bases'],
      ['Crisis', 'crises'],
      ['Thesis', 'theses'],
      ['NetworkPolicy', 'networkpolicies'],
      ['APIService', 'apiservices'],
      ['CSIDriver', 'csidrivers'],
      ['HTTPRoute', 'httproutes'],
      ['IPAddress', 'ipaddresses'],
      ['ClusterPerson', 'clusterpeople'],
      ['SearchIndex', 'searchindices'],
      ['XMLQuiz', 'xmlquizzes'],
      ['DataStatus', 'datastatuses'],
      ['ABC', 'abcs'],
      ['Cat2', 'cat2s'],
      ['V1', 'v1s'],
      ['PodIDs', 'podids'],
      ['ReplicaSet', 'replicasets'],
      ['Lease', 'leases'],
    ];
    for (const [kind, plural] of table) assert.equal(pluralize(kind), plural, kind);
  });

  it('keeps the correct English plural where flect slips', () => {
    // flect's answers, for the record: videoes, demoes, repoes, caves, girafves, octupuses, gas, atlas.
    const table: Array<[string, string]> = [
      ['Video', 'videos'],
      ['Demo', 'demos'],
      ['Repo', 'repos'],
      ['Cafe', 'cafes'],
      ['Giraffe', 'giraffes'],
      ['Octopus', 'octopuses'],
      ['Gas', 'gases'],
      ['Atlas', 'atlases'],
    ];
    for (const [kind, plural] of table) assert.equal(pluralize(kind), plural, kind);
  });

  it('gives the singular resource name of a kind', () => {
    assert.equal(singularName('Cat'), 'cat');
    assert.equal(singularName('NetworkPolicy'), 'networkpolicy');
    assert.equal(singularName('Endpoints'), 'endpoints');
  });

  it('refuses groups and kinds that name a folder Go treats specially, and kinds the API machinery owns', () => {
    for (const bad of ['internal', 'vendor', 'testdata']) rejects(() => validateGroup(bad), /folder pkg\/apis\/\w+, which Go/);
    for (const bad of ['Internal', 'Vendor', 'Testdata']) rejects(() => validateKind(bad), /folder of its storage package/);
    for (const bad of [
      'Status',
      'ListOptions',
      'WatchEvent',
      'DeleteOptions',
      'Table',
      'Scale',
      'List',
      'Object',
      'GetOptions',
      'PartialObjectMetadata',
    ]) {
      rejects(() => validateKind(bad), /API machinery already defines/);
    }
    rejects(() => validateKind(`A${'b'.repeat(63)}`), /longer than 63/);
    for (const ok of ['Registry', 'Runtime', 'Apiserver', 'Scheme', 'Internals', 'StatusReport', 'Options']) validateKind(ok);
    for (const ok of ['registry', 'apiserver', 'runtime', 'metav']) validateGroup(ok);
  });

  it('takes one line of printable owner text that cannot end a Go comment', () => {
    for (const ok of ['The Authors', 'Tom & Jerry <tj@example.com>', 'Zoë /* nested opener', 'a/b*c']) validateOwner(ok);
    for (const bad of ['X */ package main /*', 'line\nbreak', 'tab\there', '', '   ', 'nul\u0000', 'bom\ufeff', 'x'.repeat(201)]) {
      rejects(() => validateOwner(bad), /header comment of Go files/);
    }
  });

  it('derives a module path from the domain and folder', () => {
    assert.equal(defaultModule('demo.io', 'catdemo'), 'demo.io/catdemo');
    assert.equal(defaultModule('demo.io', 'My Project!'), 'demo.io/my-project');
  });
});
