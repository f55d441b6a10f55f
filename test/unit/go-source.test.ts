import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importName, parseGoFile, printGoFile } from '../../src/scaffold/go-source.js';

const SOURCE = `/*
License.
*/

package v1alpha1

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func init() {
	registerKinds(&Cat{}, &CatList{})
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Cat is a cat.
type Cat struct {
	metav1.TypeMeta \`json:",inline"\`
}

// The methods below are hooks.

// Default sets defaults.
func (o *Cat) Default() {}

// Validate checks a Cat.
func (o *Cat) Validate(ctx context.Context) field.ErrorList {
	return nil
}

const (
	PhaseReady = "Ready"
)

type Phase string
`;

describe('go-source', () => {
  it("cuts a gofmt'd file into imports and declarations, tags and comments attached", () => {
    const file = parseGoFile(SOURCE);
    assert.equal(file.packageName, 'v1alpha1');
    assert.equal(file.header, '/*\nLicense.\n*/\n');
    assert.deepEqual(file.imports, [
      { path: 'context' },
      { alias: 'metav1', path: 'k8s.io/apimachinery/pkg/apis/meta/v1' },
      { path: 'k8s.io/apimachinery/pkg/util/validation/field' },
    ]);
    assert.deepEqual(
      file.decls.map((d) => [d.kind, d.name, d.receiver]),
      [
        ['func', 'init', undefined],
        ['type', 'Cat', undefined],
        ['comment', undefined, undefined],
        ['func', 'Default', 'Cat'],
        ['func', 'Validate', 'Cat'],
        ['const', undefined, undefined],
        ['type', 'Phase', undefined],
      ],
    );
    // A generator tag stays with its type across the blank line; a plain comment is on its own.
    assert.match(file.decls[1]?.text ?? '', /^\/\/ \+k8s:deepcopy-gen:interfaces=\S+\n\n\/\/ Cat is a cat\.\ntype Cat struct \{\n.*\n\}$/);
    assert.equal(file.decls[2]?.text, '// The methods below are hooks.');
  });

  it('prints a file with only the imports its declarations still use', () => {
    const file = parseGoFile(SOURCE);
    const typesOnly = printGoFile({ ...file, packageName: 'v1beta1', decls: file.decls.filter((d) => d.kind === 'type') });
    assert.match(
      typesOnly,
      /^\/\*\nLicense\.\n\*\/\n\npackage v1beta1\n\nimport \(\n\tmetav1 "k8s\.io\/apimachinery\/pkg\/apis\/meta\/v1"\n\)\n\n/,
    );
    assert.doesNotMatch(typesOnly, /context|field/);
    const all = printGoFile(file);
    assert.match(
      all,
      /import \(\n\t"context"\n\n\tmetav1 "k8s\.io\/apimachinery\/pkg\/apis\/meta\/v1"\n\t"k8s\.io\/apimachinery\/pkg\/util\/validation\/field"\n\)/,
    );
  });

  it('names imports as Go does', () => {
    assert.equal(importName({ path: 'k8s.io/apimachinery/pkg/util/validation/field' }), 'field');
    assert.equal(importName({ path: 'k8s.io/api/core/v1' }), 'v1');
    assert.equal(importName({ path: 'github.com/go-logr/logr/v2' }), 'logr');
    assert.equal(importName({ path: 'gopkg.in/yaml.v3' }), 'yaml');
    assert.equal(importName({ alias: 'metav1', path: 'k8s.io/apimachinery/pkg/apis/meta/v1' }), 'metav1');
  });

  it("refuses what is not a gofmt'd Go file", () => {
    assert.throws(() => parseGoFile('no package here'), /no package clause/);
    assert.throws(() => parseGoFile('package x\n\n  indented := 1\n'), /unexpected top-level line/);
  });
});
