import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** The package's templates folder: dist/src/scaffold → ../../../templates, src/scaffold → ../../templates. */
export const TEMPLATES_DIR = findTemplatesDir();

const hbs = Handlebars.create();
// Go string literals for a list of plain names: ["ct", "c"] → "ct", "c".
hbs.registerHelper('goStrings', (values: string[]) => values.map((v) => JSON.stringify(v)).join(', '));
const cache = new Map<string, HandlebarsTemplateDelegate>();

function compile(source: string): HandlebarsTemplateDelegate {
  let fn = cache.get(source);
  if (!fn) {
    // strict: a template that names a value the model lacks is a bug, and must fail rather than print nothing.
    fn = hbs.compile(source, { noEscape: true, strict: true });
    cache.set(source, fn);
  }
  return fn;
}

export function renderString(source: string, data: object): string {
  return compile(source)(data);
}

/** Renders one template file, named by its path under templates/ without the .hbs suffix. */
export function renderTemplate(name: string, data: object): string {
  return renderString(readFileSync(`${TEMPLATES_DIR}/${name}.hbs`, 'utf8'), data);
}

export interface RenderedFile {
  /** The template's name under templates/, without .hbs. */
  template: string;
  /** The output path: the template path relative to its set, rendered, `_gitignore` → `.gitignore`. */
  path: string;
  content: string;
  /** 0o755 for a template that is executable (scripts), so the file it produces is too. */
  mode?: number;
}

/**
 * Renders every template of a set (a folder under templates/). Paths may hold placeholders such as
 * `pkg/apis/{{group}}/{{version}}`, so the set reads like the project it produces.
 */
export function renderSet(set: string, data: object): RenderedFile[] {
  const out: RenderedFile[] = [];
  for (const rel of listFiles(`${TEMPLATES_DIR}/${set}`)) {
    if (!rel.endsWith('.hbs')) continue;
    const template = `${set}/${rel.slice(0, -4)}`;
    const path = renderString(rel.slice(0, -4), data)
      .split('/')
      .map((part) => (part.startsWith('_') ? `.${part.slice(1)}` : part))
      .join('/');
    const executable = (statSync(`${TEMPLATES_DIR}/${set}/${rel}`).mode & 0o111) !== 0;
    out.push({ template, path, content: renderTemplate(template, data), ...(executable ? { mode: 0o755 } : {}) });
  }
  return out;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(`${dir}/${entry.name}`, rel));
    else out.push(rel);
  }
  return out.sort();
}

function findTemplatesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const up = here.includes('/dist/') ? '../../../templates' : '../../templates';
  return fileURLToPath(new URL(up, import.meta.url));
}
