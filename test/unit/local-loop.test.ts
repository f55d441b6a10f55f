import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elapsed, timedStep } from '../../src/run/progress.js';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editedGoFile as relevant, generatorInput, importsTypedClients } from '../../src/run/api-surface.js';
import { codegenHasParts, startCodegen } from '../../src/toolchain/codegen.js';
import { renderTemplate } from '../../src/scaffold/templates.js';
import { tempDir } from '../helpers/cli.js';
import { kubectlSkew } from '../../src/toolchain/kubectl.js';

describe('run local progress', () => {
  it("says what a step does, how long it has run with the tool's last status, and how long it took", async () => {
    const lines: string[] = [];
    const result = await timedStep(
      (l) => lines.push(l),
      'building bin/apiserver',
      async (report) => {
        report('12 packages compiled');
        await new Promise((r) => setTimeout(r, 130));
        return 42;
      },
      50,
    );
    assert.equal(result, 42);
    assert.equal(lines[0], 'apiboot: building bin/apiserver');
    assert.match(lines[1] ?? '', /^apiboot: building bin\/apiserver: 0\.\d s, 12 packages compiled$/);
    assert.match(lines.at(-1) ?? '', /^apiboot: building bin\/apiserver: done in 0\.\d s$/);
  });

  it('stops reporting when the step fails, and passes the failure on', async () => {
    const lines: string[] = [];
    await assert.rejects(
      timedStep(
        (l) => lines.push(l),
        'building',
        () => Promise.reject(new Error('broken')),
        10,
      ),
      /broken/,
    );
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(lines.length, count, 'no line after the failure');
  });

  it('writes times in seconds below a minute and in minutes above', () => {
    assert.equal(elapsed(0, 8_240), '8.2 s');
    assert.equal(elapsed(0, 125_000), '2 min 05 s');
  });
});

describe('run local --watch', () => {
  it('reacts to Go files a person edits, not to generated files or editor droppings', () => {
    assert.ok(relevant('animal/v1alpha1/cat_types.go'));
    assert.ok(relevant('animal/v1alpha1/cat_types_test.go'));
    assert.ok(!relevant('animal/v1alpha1/zz_generated.deepcopy.go'));
    assert.ok(!relevant('animal/v1alpha1/.cat_types.go.swp'));
    assert.ok(!relevant('animal/v1alpha1/cat_types.go~'));
    assert.ok(!relevant('animal/v1alpha1/4913'));
  });

  const types = [
    'package v1alpha1',
    '',
    '// Cat is a cat.',
    'type Cat struct {',
    '\tName string `json:"name"`',
    '}',
    '',
    '// Validate checks a Cat.',
    'func (o *Cat) Validate() error {',
    '\tif o.Name == "" {',
    '\t\treturn errors.New("a name is required")',
    '\t}',
    '',
    '\treturn nil',
    '}',
    '',
    'func (o *Cat) Short() string { return o.Name }',
    '',
  ].join('\n');

  it('tells an edit inside a function body, which the generators do not see, from one they do', () => {
    const seen = generatorInput(types);
    assert.ok(seen !== undefined);
    assert.doesNotMatch(seen, /a name is required/);
    assert.equal(generatorInput(types.replace('a name is required', 'name me')), seen, "a hook's body changed");
    assert.notEqual(generatorInput(types.replace('\tName string', '\tToys []string `json:"toys"`\n\tName string')), seen, 'a field added');
    assert.notEqual(
      generatorInput(types.replace('// Cat is a cat.', '// Cat is a feline.')),
      seen,
      "a type's comment, which OpenAPI publishes",
    );
    assert.notEqual(
      generatorInput(`${types}func (o *Cat) OpenAPIModelName() string {\n\treturn "x"\n}\n`),
      seen,
      'a method a generator looks for',
    );
  });

  it('gives up, so everything is regenerated, on a file not laid out as gofmt does', () => {
    assert.equal(generatorInput(types.replace('\t\treturn errors.New', 'return errors.New')), undefined);
    assert.equal(generatorInput('package x\n\nfunc f() {\n\tg()\n'), undefined, 'a body that never ends');
  });
});

describe('run local --watch: the typed clients off the path to the restart', () => {
  const project = (files: Record<string, string>) => {
    const dir = tempDir('loop');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };

  it("runs the script's parts on their own only when it has the options, as a new project's has", () => {
    const script = renderTemplate('project/hack/update-codegen.sh', {});
    assert.ok(codegenHasParts(project({ 'hack/update-codegen.sh': script })));
    const older = script.replace(/\ncase "\$\{1:-\}" in[^]*?\nesac\n/, '\n');
    assert.notEqual(older, script);
    assert.ok(!codegenHasParts(project({ 'hack/update-codegen.sh': older })), 'a script from before the options');
    assert.ok(!codegenHasParts(project({})), 'no script at all');
  });

  it('tells code that imports the typed clients, so they must come before the build, from code that does not', () => {
    const gomod = 'module demo.io/catdemo\n\ngo 1.26\n';
    const importing = 'package animal\n\nimport (\n\tversioned "demo.io/catdemo/pkg/generated/clientset/versioned"\n)\n';
    assert.ok(importsTypedClients(project({ 'go.mod': gomod, 'pkg/controller/animal/cat_controller.go': importing })));
    assert.ok(
      importsTypedClients(
        project({ 'go.mod': gomod, 'cmd/tool/main.go': importing.replace('clientset/versioned', 'listers/animal/v1alpha1') }),
      ),
    );
    assert.ok(
      !importsTypedClients(project({ 'go.mod': gomod, 'pkg/controller/animal/cat_controller_test.go': importing })),
      'a test is in neither binary',
    );
    assert.ok(
      !importsTypedClients(project({ 'go.mod': gomod, 'pkg/generated/informers/factory.go': importing })),
      'the clients import each other',
    );
    assert.ok(
      !importsTypedClients(project({ 'go.mod': gomod, 'pkg/cmd/server/start.go': importing.replace('clientset/versioned', 'openapi') })),
      'the OpenAPI definitions are no client',
    );
  });

  it('stops a background generation with everything it started: nothing is written after stop', async () => {
    const dir = project({
      'hack/update-codegen.sh': '# --no-clients) --clients-only)\n( while true; do echo x >> out; sleep 0.02; done ) &\nwait\n',
    });
    const job = startCodegen(dir, 'clients-only');
    assert.equal(job.command, 'hack/update-codegen.sh --clients-only');
    for (let i = 0; i < 100 && !statSafe(join(dir, 'out')); i++) await new Promise((r) => setTimeout(r, 20));
    await job.stop();
    const size = readFileSync(join(dir, 'out'), 'utf8').length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(readFileSync(join(dir, 'out'), 'utf8').length, size, 'the loop bash started has stopped too');
    assert.equal((await job.result).stopped, true);
  });

  it('reports a failed background generation with its exit code and output', async () => {
    const job = startCodegen(project({ 'hack/update-codegen.sh': 'echo "client-gen: broken input" >&2\nexit 3\n' }), 'clients-only');
    const result = await job.result;
    assert.deepEqual(result, { code: 3, output: 'client-gen: broken input\n', stopped: false });
  });
});

function statSafe(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

describe('kubectl version skew', () => {
  it('accepts one minor older or newer than the release, and says which way it is off', () => {
    assert.equal(kubectlSkew('v1.37.2', '1.37.2'), 'within');
    assert.equal(kubectlSkew('v1.36.0', '1.37.2'), 'within');
    assert.equal(kubectlSkew('v1.38.1', '1.37.2'), 'within');
    assert.equal(kubectlSkew('v1.35.9', '1.37.2'), 'too old');
    assert.equal(kubectlSkew('v1.32.4-dispatcher', '1.37.2'), 'too old');
    assert.equal(kubectlSkew('v1.39.0', '1.37.2'), 'too new');
    assert.equal(kubectlSkew('v2.37.0', '1.37.2'), 'unknown');
    assert.equal(kubectlSkew('dev', '1.37.2'), 'unknown');
  });
});
