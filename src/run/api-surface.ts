import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What the code generators can see of a Go file under pkg/apis: all of it but the bodies of top-level functions.
 * deepcopy-gen, conversion-gen and openapi-gen read types, their comments and tags, and which methods a type has
 * (a hand-written DeepCopyInto or OpenAPIModelName changes their output), never what a method does. So an edit
 * inside a function body, such as a Validate or Default hook, needs a rebuild but no code generation.
 *
 * Relies on gofmt's layout: a body is the lines after a `func ... {` line up to a line that is exactly `}`, and
 * every line of it is empty or indented. Anything else (a raw string at column 0, a file not gofmt'd) gives
 * undefined, and the caller regenerates as it would without this.
 */
export function generatorInput(source: string): string | undefined {
  const kept: string[] = [];
  let inBody = false;
  for (const line of source.split('\n')) {
    if (inBody) {
      if (line === '}') inBody = false;
      else if (line !== '' && !line.startsWith('\t')) return undefined;
      continue;
    }
    kept.push(line);
    if (line.startsWith('func ') && line.endsWith('{')) inBody = true;
  }
  return inBody ? undefined : kept.join('\n');
}

/** generatorInput of every Go file under `dir` that generators read (not tests, not their own output), by path. */
export function generatorInputs(cwd: string, dir: string): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (readByGenerators(entry.name)) found.set(relative(cwd, path), generatorInput(readFileSync(path, 'utf8')));
    }
  };
  walk(join(cwd, dir));
  return found;
}

/** A Go file a person edits: not what the generators write, not an editor's hidden file. Tests included. */
export function editedGoFile(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? '';
  return base.endsWith('.go') && !base.startsWith('zz_generated.') && !base.startsWith('.');
}

function readByGenerators(name: string): boolean {
  return editedGoFile(name) && !name.endsWith('_test.go');
}

/** The packages of pkg/generated that hack/update-codegen.sh --clients-only writes. */
export const TYPED_CLIENT_DIRS = ['clientset', 'listers', 'informers', 'applyconfiguration'].map((d) => `pkg/generated/${d}`);

/**
 * Whether the project's own code (cmd/ and pkg/ but pkg/generated, tests left out) imports a typed client package:
 * then the binaries are built from the typed clients too, and they must be regenerated before the build. The
 * scaffolded code imports none; a controller the user writes may.
 */
export function importsTypedClients(cwd: string): boolean {
  const module = /^module\s+(\S+)/m.exec(readText(join(cwd, 'go.mod')) ?? '')?.[1];
  if (!module) return true; // unknown: regenerate everything before building, as without this check
  const quoted = TYPED_CLIENT_DIRS.map((d) => `"${module}/${d}`);
  const skip = new Set(['pkg/generated', 'vendor', 'testdata']);
  const search = (rel: string): boolean => {
    let entries;
    try {
      entries = readdirSync(join(cwd, rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skip.has(path) && !skip.has(entry.name) && !entry.name.startsWith('.') && search(path)) return true;
      } else if (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) {
        const source = readText(join(cwd, path)) ?? '';
        if (quoted.some((q) => source.includes(q))) return true;
      }
    }
    return false;
  };
  return search('cmd') || search('pkg');
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
