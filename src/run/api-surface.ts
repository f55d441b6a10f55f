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
