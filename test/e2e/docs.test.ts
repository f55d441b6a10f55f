import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { parse } from 'yaml';
import { REPO_ROOT, apiboot, snapshot, tempDir } from '../helpers/cli.js';
import { kubectlFor } from '../helpers/kubectl.js';
import { LocalRun } from '../helpers/run-local.js';
import { testbedTool } from '../helpers/testbed.js';

/**
 * `build docs` on the zoo golden project: the real server built and started on loopback, its OpenAPI v3, discovery
 * and Table columns turned into a static site and Markdown, the site opened in Debian's chromium driven by
 * playwright-core, and the samples the docs show applied with a real kubectl against `run local`.
 */

const work = tempDir('docs');
const zoo = join(work, 'zoo');
const site = join(zoo, 'docs/api');
/** Screenshots for review, kept after the run (ignored by git). */
const OUTPUT = join(REPO_ROOT, 'test-output/docs');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
let etcdPath = '';

/** The JSON field names of a Go struct in a types file: what the reference must list under spec. or status. */
function jsonFields(file: string, struct: string): string[] {
  const source = readFileSync(file, 'utf8');
  const body = new RegExp(`type ${struct} struct \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  assert.ok(body, `struct ${struct} in ${file}`);
  return [...body.matchAll(/json:"([^",]+)/g)].map((m) => m[1]!);
}

function serve(root: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.md': 'text/markdown' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
    }),
  );
}

before(() => {
  cpSync(join(REPO_ROOT, 'test/golden/zoo'), zoo, { recursive: true });
  // The test bed's etcd, so the server starts without building one from the project's modules first.
  etcdPath = dirname(testbedTool('etcd'));
});

after(async () => {
  await LocalRun.stopAll();
});

describe('build docs on the zoo project', () => {
  const env = () => ({ PATH: `${etcdPath}:${process.env.PATH}` });

  it('writes an index, a page per kind in HTML and Markdown, and a style sheet, from the running server', () => {
    const r = apiboot(['build', 'docs'], zoo, env());
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /apiboot: reading OpenAPI v3, discovery and tables/);
    assert.match(r.stdout, /API reference of \d+ kinds: docs\/api\/index\.html/);
    for (const f of [
      'index.html',
      'index.md',
      'style.css',
      'animal.demo.io/v1alpha1/cat.html',
      'animal.demo.io/v1alpha1/habitat.md',
      'animal.demo.io/v1beta1/dog.html',
      'staff.demo.io/v1/keeper.md',
      'apps.demo.io/v1alpha1/deploymentcomposition.md',
    ]) {
      assert.ok(existsSync(join(site, f)), `${f} exists`);
    }
    // No network dependency: nothing is loaded from another host.
    for (const f of ['index.html', 'animal.demo.io/v1alpha1/cat.html']) {
      assert.doesNotMatch(readFileSync(join(site, f), 'utf8'), /(src|href)="(https?:)?\/\//);
    }
  });

  it('lists every kind of PROJECT and every field of its spec and status in the Markdown', () => {
    const project = parse(readFileSync(join(zoo, 'PROJECT'), 'utf8'));
    const index = readFileSync(join(site, 'index.md'), 'utf8');
    const kinds = [
      ...project.resources.map((r: any) => ({ ...r, fullGroup: `${r.group}.demo.io` })),
      ...project.foreignSubresources.map((f: any) => ({ ...f, fullGroup: `${f.group}.demo.io` })),
    ];
    // Five kinds (Sighting served by its handler), Dog in two versions, and the compositions of Deployments.
    assert.equal(kinds.length, 7);
    for (const k of kinds) {
      const md = join(site, k.fullGroup, k.version, `${k.kind.toLowerCase()}.md`);
      assert.match(
        index,
        new RegExp(`\\[${k.kind}\\]\\(${k.fullGroup}/${k.version}/${k.kind.toLowerCase()}\\.md\\)`),
        `index lists ${k.kind}`,
      );
      const text = readFileSync(md, 'utf8');
      assert.match(text, new RegExp(`^# ${k.kind}$`, 'm'));
      const types = join(zoo, 'pkg/apis', k.group, k.version, `${k.kind.toLowerCase()}_types.go`);
      const expected: string[] = [];
      // A handler kind, like a foreign subresource's, is all status, computed by the server.
      if (k.plural && k.storage !== 'handler') {
        expected.push(...jsonFields(types, `${k.kind}Spec`).map((f) => `spec.${f}`));
        if (k.subresources.some((s: any) => s.type === 'status'))
          expected.push(...jsonFields(types, `${k.kind}Status`).map((f) => `status.${f}`));
      } else {
        expected.push(...jsonFields(types, `${k.kind}Status`).map((f) => `status.${f}`));
      }
      assert.ok(expected.length >= 1, `${k.kind} has fields to look for`);
      for (const field of ['apiVersion', 'kind', 'metadata', ...expected]) {
        assert.match(text, new RegExp(`^\\| \`${field.replace(/\./g, '\\.')}\` \\|`, 'm'), `${k.kind}.md lists ${field}`);
      }
    }
    const cat = readFileSync(join(site, 'animal.demo.io/v1alpha1/cat.md'), 'utf8');
    // Description from the Go comment, required flag, nested conditions, scope, verbs, subresources, columns, sample.
    assert.match(
      cat,
      /^\| `spec\.name` \| `string` \| required \| Name is what the Cat is called\. It is required\. Validation: the server answers 422 "Required value: a name is required"\. \|$/m,
    );
    assert.match(cat, /^\| `spec\.replicas` \| `integer \(int32\)` \| optional \|/m);
    assert.match(cat, /^\| `status\.conditions\.type` \| `string` \| required \|/m);
    assert.match(cat, /list map keyed by type/);
    assert.match(
      cat,
      /^\| `cats` \| Namespaced \| create, delete, deletecollection, get, list, patch, update, watch \| ct \| animals \|$/m,
    );
    for (const sub of ['status', 'scale', 'feed', 'log']) assert.match(cat, new RegExp(`^\\| \`${sub}\` \\|`, 'm'));
    assert.match(cat, /^\| Display Name \| string \| 0 \| What the Cat is called \(spec\.name\)\. \|$/m);
    assert.match(cat, /^\| Phase \| string \| 1 \|/m);
    assert.match(cat, /From config\/samples\/animal_v1alpha1_cat\.yaml\.\n\n```yaml\n[\s\S]*name: cat-sample/);
    const habitat = readFileSync(join(site, 'animal.demo.io/v1alpha1/habitat.md'), 'utf8');
    assert.match(habitat, /^\| `habitats` \| Cluster \|/m);
    const sighting = readFileSync(join(site, 'animal.demo.io/v1alpha1/sighting.md'), 'utf8');
    assert.match(sighting, /^\| `sightings` \| Namespaced \| create, delete, get, list, watch \|/m);
    assert.match(sighting, /^\| Phase \| string \| 0 \| The pod's phase \(status\.phase\)\. \|$/m);
  });

  it("documents a connector's options kind, linked from the subresource row, and the defaults and rules that live in Go", () => {
    const cat = readFileSync(join(site, 'animal.demo.io/v1alpha1/cat.md'), 'utf8');
    assert.match(cat, /^\| `log` \| \[CatLogOptions\]\(\.\.\/\.\.\/animal\.demo\.io\/v1alpha1\/catlogoptions\.md\) \| create \|$/m);
    assert.match(
      readFileSync(join(site, 'animal.demo.io/v1alpha1/cat.html'), 'utf8'),
      /<a href="\.\.\/\.\.\/animal\.demo\.io\/v1alpha1\/catlogoptions\.html">CatLogOptions<\/a>/,
    );
    const options = readFileSync(join(site, 'animal.demo.io/v1alpha1/catlogoptions.md'), 'utf8');
    assert.match(options, /^# CatLogOptions$/m);
    assert.match(options, /Served as a subresource: `cats\/log`/);
    // The query parameters, described by the Go comments of the options kind's fields.
    assert.match(
      options,
      /^\| `follow` \| `boolean` \| optional \| Follow keeps the stream open, writing new lines as they come, until the client disconnects\. \|$/m,
    );
    assert.match(options, /^\| `tailLines` \| `integer` \| optional \| TailLines is how many of the most recent lines to write first\./m);
    assert.match(options, /^cats\/NAME\/log\?follow=true&tailLines=10$/m);
    assert.ok(existsSync(join(site, 'animal.demo.io/v1alpha1/catlogoptions.html')));
    // The Default hook sets replicas, the Validate hook requires a name: the server said so to dry-run creates.
    assert.match(cat, /^\| `spec\.replicas` \| `integer \(int32\)` \| optional \| .* Default: `1`\. \|$/m);
    assert.match(
      cat,
      /^\| `spec\.name` \| `string` \| required \| .* Validation: the server answers 422 "Required value: a name is required"\. \|$/m,
    );
    const dog = readFileSync(join(site, 'animal.demo.io/v1beta1/dog.md'), 'utf8');
    assert.match(dog, /^\| `spec\.replicas` \| [^|]+ \| optional \| .* Default: `1`\. \|$/m, 'in a kind served in several versions too');
  });

  it('changes nothing when run again', () => {
    const before = snapshot(site);
    const r = apiboot(['build', 'docs'], zoo, env());
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /No changes/);
    assert.deepEqual(snapshot(site), before);
  });

  it('refuses an output folder that is the project itself, with one sentence', () => {
    const r = apiboot(['build', 'docs', '--output', '.'], zoo, env());
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'Error: The output folder is the project itself; pass --output with a folder of its own, such as docs/api.\n');
  });
});

describe('the site in a real browser', () => {
  let browser: Browser;
  let http: { server: Server; url: string };

  before(async () => {
    const r = spawnSync('bash', [join(REPO_ROOT, 'test/testbed/ensure-chromium.sh')], { encoding: 'utf8', timeout: 30 * 60_000 });
    assert.equal(r.status, 0, `ensure-chromium.sh failed:\n${r.stderr}`);
    const executablePath = r.stdout.trim().split('\n').pop()!;
    http = await serve(site);
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
  });

  after(async () => {
    await browser?.close();
    http?.server.close();
  });

  it('shows the index, a kind page with its field rows, and links between them; screenshots for review', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const offsite: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(http.url)) offsite.push(req.url());
    });
    await page.goto(`${http.url}index.html`);
    assert.equal(await page.title(), 'zoo API reference');
    assert.equal(await page.locator('h1').textContent(), 'zoo API reference');
    assert.deepEqual(await page.locator('section.group h2').allTextContents(), ['animal.demo.io', 'apps.demo.io', 'staff.demo.io']);
    await page.screenshot({ path: join(OUTPUT, 'index.png'), fullPage: true });

    await page.locator('a', { hasText: /^Cat$/ }).click();
    await page.waitForURL(/animal\.demo\.io\/v1alpha1\/cat\.html$/);
    assert.equal(await page.locator('h1').textContent(), 'Cat');
    assert.equal(await page.title(), 'Cat (animal.demo.io/v1alpha1) · zoo API reference');
    assert.equal(await page.locator('#scope').textContent(), 'Namespaced');
    const row = page.locator('tr[id="field-spec.name"]');
    assert.equal(await row.locator('td.name').textContent(), 'name');
    assert.equal(await row.locator('td.type').textContent(), 'string');
    assert.equal(await row.locator('td.required').textContent(), 'required');
    assert.match((await row.locator('td.description').textContent()) ?? '', /Name is what the Cat is called/);
    // Nested rows are indented under their parent.
    const indent = async (id: string) =>
      page.locator(`tr[id="${id}"] td.name`).evaluate((el) => parseFloat(getComputedStyle(el).paddingLeft));
    assert.ok((await indent('field-spec.name')) > (await indent('field-spec')), 'spec.name is indented under spec');
    assert.match((await page.locator('#example pre').textContent()) ?? '', /kind: Cat\n[\s\S]*name: cat-sample/);
    assert.match((await page.locator('#columns').textContent()) ?? '', /Display Name/);
    await page.screenshot({ path: join(OUTPUT, 'cat.png'), fullPage: true });

    // The feed subresource links to its kind's page, and every page links back to the index.
    await page.locator('#subresource-feed a').click();
    await page.waitForURL(/catfeed\.html$/);
    assert.equal(await page.locator('h1').textContent(), 'CatFeed');
    await page.locator('#index-link').click();
    await page.waitForURL(/index\.html$/);
    assert.equal(await page.title(), 'zoo API reference');
    assert.deepEqual(offsite, [], 'no request leaves the site');
    assert.ok(readdirSync(OUTPUT).includes('cat.png'));
    await page.close();
  });
});

describe('the samples the docs show', () => {
  it('are accepted by the server: kubectl apply -f config/samples against run local', async () => {
    // build docs built the server only: the zoo's controller manager is not needed to check its samples.
    const run = new LocalRun(zoo, ['--secure-port', '19543', '--no-build', '--no-controller'], { PATH: `${etcdPath}:${process.env.PATH}` });
    await run.start(180_000);
    try {
      const k = kubectlFor(testbedTool('kubectl'), join(zoo, '.apiboot/local/kubeconfig'));
      const out = k.ok(['apply', '-n', 'default', '-f', join(zoo, 'config/samples')]);
      for (const kind of ['cat', 'habitat', 'dog', 'keeper']) assert.match(out, new RegExp(`^${kind}\\.\\S+/${kind}-sample created$`, 'm'));
      assert.equal(k.ok(['get', 'cat', 'cat-sample', '-n', 'default', '-o', 'jsonpath={.spec.name}']), 'Cat Sample');
    } finally {
      await run.stop();
    }
  });
});
