import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../scaffold/templates.js';
import type { SiteModel } from './model.js';

/** The site's files, by path under the output folder. */
export interface SiteFile {
  path: string;
  content: string;
}

const DOCS = `${TEMPLATES_DIR}/docs`;

/**
 * Two Handlebars environments over the templates in templates/docs, compiled on first use: HTML escapes every
 * value (descriptions are the project's Go comments, and may hold < or &), Markdown escapes only what breaks a
 * table cell.
 */
let envs: { html: typeof Handlebars; md: typeof Handlebars } | undefined;

function environments(): { html: typeof Handlebars; md: typeof Handlebars } {
  if (envs) return envs;
  const html = Handlebars.create();
  const md = Handlebars.create();
  for (const env of [html, md]) {
    env.registerHelper('join', (values: string[] | undefined, sep: unknown) => (values ?? []).join(typeof sep === 'string' ? sep : ', '));
    env.registerHelper('indent', (depth: number) => depth * 1.5);
    env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }
  md.registerHelper('cell', (text: unknown) =>
    String(text ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ')
      .trim(),
  );
  html.registerPartial('head', read('partials/head.html'));
  envs = { html, md };
  return envs;
}

function read(name: string): string {
  return readFileSync(`${DOCS}/${name}.hbs`, 'utf8');
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();
function render(kind: 'html' | 'md', name: string, data: object): string {
  let fn = compiled.get(name);
  if (!fn) {
    fn = environments()[kind].compile(read(name), { strict: false, noEscape: kind === 'md' });
    compiled.set(name, fn);
  }
  return fn(data);
}

/** Every file of the site: an index and a page per kind, in HTML and in Markdown, and the style sheet. */
export function renderSite(site: SiteModel): SiteFile[] {
  const files: SiteFile[] = [
    { path: 'index.html', content: render('html', 'index.html', { ...site, root: '' }) },
    { path: 'index.md', content: render('md', 'index.md', site) },
    { path: 'style.css', content: read('style.css') },
  ];
  for (const page of site.kinds) {
    files.push({ path: page.html, content: render('html', 'kind.html', { ...page, title: site.title }) });
    files.push({ path: page.markdown, content: render('md', 'kind.md', { ...page, title: site.title }) });
  }
  return files;
}
