import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UserError } from '../../errors.js';
import { LocalApiClient } from '../../docs/fetch.js';
import { buildSiteModel, type DocsInput } from '../../docs/model.js';
import { renderSite } from '../../docs/render.js';
import { readServerFacts } from '../../docs/server-facts.js';
import { fieldComments } from '../../docs/go-doc.js';
import { connectOptions } from '../../docs/openapi.js';
import { groupVersions } from '../../manifests/apiservice.js';
import { ensureLocalPki } from '../../run/local-pki.js';
import { SERVER_BINARY, buildLocalBinaries } from '../../run/build.js';
import { builtEtcd, findEtcd } from '../../run/etcd.js';
import { startLocalEtcd, startStandaloneServer } from '../../run/local-server.js';
import { freePort } from '../../run/ports.js';
import { Supervisor } from '../../run/supervisor.js';
import { commitChanges } from '../../scaffold/commit.js';
import { shownPath } from '../../scaffold/fs-errors.js';
import { Tree, diskBase } from '../../scaffold/tree.js';
import { resolveKubeVersion } from '../../project/kube-versions.js';
import { usesEtcd } from '../../project/record.js';
import { applyTree, displayPath } from '../apply.js';
import type { GlobalOptions } from '../context.js';
import { openProject } from './project-context.js';

export interface BuildDocsFlags {
  output: string;
}

export const SAMPLES_DIR = 'config/samples';

/**
 * `build docs`: builds the server, starts it for a moment on loopback (standalone, with an etcd of its own in a
 * temporary folder, as `run local` does), reads what it serves, and writes the reference as HTML and Markdown.
 */
export async function buildDocs(flags: BuildDocsFlags, ctx: GlobalOptions): Promise<void> {
  const { tree, project } = openProject(ctx);
  const served = groupVersions(project);
  if (served.length === 0) {
    throw new UserError('The project has no resources to document yet; add one with "apiboot create group version resource" first.');
  }
  const outputDir = resolve(ctx.cwd, flags.output);
  if (outputDir === resolve(ctx.cwd)) {
    throw new UserError('The output folder is the project itself; pass --output with a folder of its own, such as docs/api.');
  }
  checkOutputFolder(outputDir);
  if (ctx.dryRun) {
    process.stdout.write(
      `Dry run: would build ${SERVER_BINARY}, start it on 127.0.0.1, and write the API reference to ${displayPath(ctx.cwd, outputDir)}.\n`,
    );
    return;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);

  // The server always, and etcd from the project's module graph when none on PATH is new enough, in one go build.
  // A project whose kinds are all served by handlers needs no etcd.
  const withEtcd = usesEtcd(project);
  let etcd = withEtcd ? findEtcd(ctx.cwd, resolveKubeVersion(project.kubernetesVersion).etcd) : undefined;
  await buildLocalBinaries(ctx.cwd, { server: true, etcd: withEtcd && !etcd }, log);
  if (withEtcd) etcd ??= builtEtcd(ctx.cwd);
  const pki = ensureLocalPki(tree, project.projectName);
  commitChanges(ctx.cwd, tree.changes());

  const samples = readSamples(ctx.cwd);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'apiboot-docs-etcd-'));
  // The processes' own logs are kept for a failure message, not printed.
  const supervisor = new Supervisor((line) => {
    if (line.startsWith('apiboot:')) log(line);
  });
  let facts: DocsInput['groupVersions'];
  try {
    const etcdServers = etcd ? await startLocalEtcd(supervisor, { cwd: ctx.cwd, etcd, dataDir, log }) : undefined;
    await startStandaloneServer(supervisor, { cwd: ctx.cwd, port, etcdServers, pki, log });
    log('apiboot: reading OpenAPI v3, discovery and tables');
    facts = await readServerFacts(
      new LocalApiClient(`https://127.0.0.1:${port}`, pki.ca.certPem, pki.admin),
      served,
      sampleObjects(samples),
    );
  } finally {
    await supervisor.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const site = buildSiteModel({
    projectName: project.projectName,
    groupVersions: facts,
    samples,
    optionDocs: optionDocs(ctx.cwd, project.domain, facts),
  });
  const out = new Tree(diskBase(outputDir));
  for (const file of renderSite(site)) out.write(file.path, file.content);
  await applyTree(out, [], ctx, outputDir);
  log(`API reference of ${site.kinds.length} kinds: ${displayPath(ctx.cwd, join(outputDir, 'index.html'))} (and index.md)`);
}

/** Before the build, not after it: a site is a folder of pages, so a file at --output (or above it) is refused at once. */
function checkOutputFolder(outputDir: string): void {
  let dir = outputDir;
  while (!existsSync(dir)) dir = dirname(dir);
  if (statSync(dir).isDirectory()) return;
  throw new UserError(
    dir === outputDir
      ? `--output ${shownPath(outputDir)} is a file; the API reference is a folder of pages, so pass a folder, such as docs/api.`
      : `--output ${shownPath(outputDir)} lies under the file ${shownPath(dir)}; pass a folder, such as docs/api.`,
  );
}

/** The first object of each sample, to create with dryRun: what the server defaults and refuses. */
function sampleObjects(samples: DocsInput['samples']): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, { yaml }] of Object.entries(samples)) {
    const [kind] = key.split('/').slice(-1);
    const doc = parseAllDocuments(yaml)
      .map((d) => d.toJS() as Record<string, unknown> | null)
      .find((o) => o?.kind === kind);
    if (doc) out[key] = doc;
  }
  return out;
}

/** The Go comments of each connect options kind's fields, from its package under pkg/apis. */
function optionDocs(cwd: string, domain: string, facts: DocsInput['groupVersions']): DocsInput['optionDocs'] {
  const out: NonNullable<DocsInput['optionDocs']> = {};
  for (const gv of facts) {
    const group = gv.group.endsWith(`.${domain}`) ? gv.group.slice(0, -domain.length - 1) : gv.group;
    for (const kind of Object.keys(connectOptions(gv.openapi))) {
      out[`${gv.group}/${gv.version}/${kind}`] = fieldComments(cwd, `pkg/apis/${group}/${gv.version}`, kind);
    }
  }
  return out;
}

/** The sample objects `create resource` wrote (and the user may have edited), by apiVersion and kind. */
function readSamples(cwd: string): DocsInput['samples'] {
  const dir = join(cwd, SAMPLES_DIR);
  const samples: DocsInput['samples'] = {};
  if (!existsSync(dir)) return samples;
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const yaml = readFileSync(join(dir, name), 'utf8');
    for (const doc of parseAllDocuments(yaml)) {
      const o = doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
      if (o && typeof o.apiVersion === 'string' && typeof o.kind === 'string') {
        samples[`${o.apiVersion}/${o.kind}`] ??= { file: `${SAMPLES_DIR}/${name}`, yaml };
      }
    }
  }
  return samples;
}
