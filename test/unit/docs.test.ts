import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSiteModel, type GroupVersionFacts } from '../../src/docs/model.js';
import { SchemaWalker } from '../../src/docs/openapi.js';
import { renderSite } from '../../src/docs/render.js';

const P = 'io.demo.zoo.pkg.apis.animal.v1alpha1';
const gvk = (kind: string) => [{ group: 'animal.demo.io', version: 'v1alpha1', kind }];
const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });

const facts: GroupVersionFacts = {
  group: 'animal.demo.io',
  version: 'v1alpha1',
  openapi: {
    components: {
      schemas: {
        [`${P}.Cat`]: {
          description: 'Cat is a cat. It <purrs> & sleeps.',
          type: 'object',
          properties: {
            apiVersion: { type: 'string', description: 'APIVersion.' },
            metadata: { ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), default: {} },
            spec: { ...ref(`${P}.CatSpec`), description: 'Spec is wanted.', default: {} },
          },
          'x-kubernetes-group-version-kind': gvk('Cat'),
        },
        [`${P}.CatList`]: { type: 'object', properties: {}, 'x-kubernetes-group-version-kind': gvk('CatList') },
        [`${P}.CatSpec`]: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', description: 'Name | of the cat.\nSecond line.', maxLength: 63 },
            mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
            toys: { type: 'array', items: ref(`${P}.Toy`), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'] },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        [`${P}.Toy`]: { type: 'object', required: ['id'], properties: { id: { type: 'integer', format: 'int32', minimum: 0 } } },
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } } },
      },
    },
  },
  resources: [
    { name: 'cats', namespaced: true, kind: 'Cat', verbs: ['get', 'list'], shortNames: ['ct'] },
    { name: 'cats/status', namespaced: true, kind: 'Cat', verbs: ['get', 'patch'] },
  ],
  columns: { cats: [{ name: 'Name', type: 'string', format: 'name', description: 'the name', priority: 0 }] },
};

describe('the API reference model', () => {
  it('walks a kind into nested rows: types, required, defaults, validation, lists of objects expanded', () => {
    const rows = new SchemaWalker(facts.openapi).rows(`${P}.Cat`);
    assert.deepEqual(
      rows.map((r) => [r.path, r.depth, r.type, r.required]),
      [
        ['apiVersion', 0, 'string', false],
        ['metadata', 0, 'ObjectMeta', false],
        ['spec', 0, 'CatSpec', false],
        ['spec.name', 1, 'string', true],
        ['spec.mode', 1, 'string', false],
        ['spec.toys', 1, '[]Toy', false],
        ['spec.toys.id', 2, 'integer (int32)', true],
        ['spec.labels', 1, 'map[string]string', false],
      ],
    );
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r]));
    assert.equal(byPath['spec']!.description, 'Spec is wanted.');
    assert.equal(byPath['spec']!.default, undefined, 'the empty default of every struct says nothing');
    assert.equal(byPath['spec.mode']!.default, '"a"');
    assert.deepEqual(byPath['spec.mode']!.validation, ['one of: "a", "b"']);
    assert.deepEqual(byPath['spec.name']!.validation, ['at most 63 characters']);
    assert.deepEqual(byPath['spec.toys']!.validation, ['list map keyed by id']);
    assert.deepEqual(byPath['spec.toys.id']!.validation, ['>= 0']);
  });

  it('makes one page per kind (lists left out) with discovery, columns and a skeleton example without a sample', () => {
    const site = buildSiteModel({ projectName: 'zoo', groupVersions: [facts], samples: {} });
    assert.deepEqual(
      site.kinds.map((k) => k.kind),
      ['Cat'],
    );
    const cat = site.kinds[0]!;
    assert.equal(cat.html, 'animal.demo.io/v1alpha1/cat.html');
    assert.deepEqual(cat.resource, { plural: 'cats', scope: 'Namespaced', verbs: ['get', 'list'], shortNames: ['ct'], categories: [] });
    assert.deepEqual(cat.subresources, [
      {
        name: 'status',
        kind: 'Cat',
        verbs: ['get', 'patch'],
        link: '../../animal.demo.io/v1alpha1/cat.html',
        markdownLink: '../../animal.demo.io/v1alpha1/cat.md',
      },
    ]);
    assert.equal(cat.summary, 'Cat is a cat.');
    assert.match(cat.example, /^apiVersion: animal\.demo\.io\/v1alpha1\nkind: Cat\nmetadata:\n {2}name: cat-example\n/);
    const withSample = buildSiteModel({
      projectName: 'zoo',
      groupVersions: [facts],
      samples: { 'animal.demo.io/v1alpha1/Cat': { file: 'config/samples/x.yaml', yaml: 'kind: Cat\n' } },
    });
    assert.equal(withSample.kinds[0]!.example, 'kind: Cat\n');
    assert.equal(withSample.kinds[0]!.exampleSource, 'config/samples/x.yaml');
  });

  it('renders HTML with every value escaped and Markdown tables whose cells stay on one line', () => {
    const files = Object.fromEntries(
      renderSite(buildSiteModel({ projectName: 'zoo', groupVersions: [facts], samples: {} })).map((f) => [f.path, f.content]),
    );
    assert.deepEqual(Object.keys(files).sort(), [
      'animal.demo.io/v1alpha1/cat.html',
      'animal.demo.io/v1alpha1/cat.md',
      'index.html',
      'index.md',
      'style.css',
    ]);
    const html = files['animal.demo.io/v1alpha1/cat.html']!;
    assert.match(html, /It &lt;purrs&gt; &amp; sleeps\./);
    assert.match(html, /<tr id="field-spec\.toys\.id" class="depth-2">/);
    assert.match(html, /<link rel="stylesheet" href="\.\.\/\.\.\/style\.css">/);
    const md = files['animal.demo.io/v1alpha1/cat.md']!;
    assert.match(
      md,
      /^\| `spec\.name` \| `string` \| required \| Name \\\| of the cat\. Second line\. Validation: at most 63 characters\. \|$/m,
    );
    assert.match(md, /^\| `spec\.mode` \| `string` \| optional \|  Default: `"a"`\. Validation: one of: "a", "b"\. \|$/m);
    assert.match(files['index.md']!, /^\| \[Cat\]\(animal\.demo\.io\/v1alpha1\/cat\.md\) \| `cats` \| Namespaced \| Cat is a cat\. \|$/m);
  });
});
