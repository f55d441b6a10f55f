import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import {
  defaultModule,
  pluralize,
  validateDomain,
  validateGroup,
  validateKind,
  validateModule,
  validatePlural,
  validateVersion,
} from '../../src/project/names.js';

function rejects(fn: () => void, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof UserError && pattern.test(e.message));
}

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
  });

  it('pluralizes kinds like Kubernetes names resources', () => {
    assert.equal(pluralize('Cat'), 'cats');
    assert.equal(pluralize('Policy'), 'policies');
    assert.equal(pluralize('Gateway'), 'gateways');
    assert.equal(pluralize('Bus'), 'buses');
    assert.equal(pluralize('Box'), 'boxes');
    assert.equal(pluralize('Match'), 'matches');
  });

  it('derives a module path from the domain and folder', () => {
    assert.equal(defaultModule('demo.io', 'catdemo'), 'demo.io/catdemo');
    assert.equal(defaultModule('demo.io', 'My Project!'), 'demo.io/my-project');
  });
});
