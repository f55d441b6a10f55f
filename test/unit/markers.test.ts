import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkerNotFoundError, insertAtMarker } from '../../src/scaffold/markers.js';

const FILE = ['package x', '', 'var all = []string{', '\t"a",', '\t// +apiboot:scaffold:items', '}', ''].join('\n');

describe('insertAtMarker', () => {
  it('puts a fragment above the marker with the marker indentation', () => {
    const out = insertAtMarker(FILE, '// +apiboot:scaffold:items', ['"b",']);
    assert.equal(out, ['package x', '', 'var all = []string{', '\t"a",', '\t"b",', '\t// +apiboot:scaffold:items', '}', ''].join('\n'));
  });

  it('is idempotent: a fragment already present is dropped', () => {
    const once = insertAtMarker(FILE, '// +apiboot:scaffold:items', ['"b",']);
    assert.equal(insertAtMarker(once, '// +apiboot:scaffold:items', ['"b",']), once);
    assert.equal(insertAtMarker(FILE, '// +apiboot:scaffold:items', ['"a",']), FILE);
  });

  it('matches fragments regardless of the white space gofmt realigns', () => {
    const aligned = FILE.replace('\t"a",', '\tx:     "a",');
    assert.equal(insertAtMarker(aligned, '// +apiboot:scaffold:items', ['x: "a",']), aligned);
  });

  it('keeps multi-line fragments together, strips their common indent and adds the same fragment once', () => {
    const frag = '\n    {\n      name: "c",\n    },\n';
    const out = insertAtMarker(FILE, '// +apiboot:scaffold:items', [frag, frag]);
    assert.match(out, /\t"a",\n\t\{\n\t  name: "c",\n\t\},\n\t\/\/ \+apiboot:scaffold:items/);
    assert.equal(out.split('name: "c"').length, 2);
  });

  it('refuses a file without the marker', () => {
    assert.throws(() => insertAtMarker('package x\n', '// +apiboot:scaffold:items', ['"b",']), MarkerNotFoundError);
  });
});
