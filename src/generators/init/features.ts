import { isHandlerBacked, usesEtcd, type ProjectRecord } from '../../project/record.js';
import type { ProjectModel } from '../../project/model.js';
import { renderTemplate } from '../../scaffold/templates.js';
import type { Tree } from '../../scaffold/tree.js';

/**
 * Files of the project template set that a project has only once it uses what they serve, so that a project compiles
 * and tests only the code it uses. `init repo` writes none of them; the command that first brings the feature in
 * writes them (emitFeatureFiles).
 */
const FEATURES: Array<{ files: string[]; used: (project: ProjectRecord) => boolean }> = [
  // The Events of --standalone mode live in etcd: a server without etcd has none, and no --event-ttl.
  {
    files: [
      'pkg/registry/events.go',
      'pkg/registry/events_test.go',
      'pkg/apiserver/events.go',
      'pkg/apiserver/events_openapi.go',
      'pkg/apiserver/events_test.go',
      'pkg/cmd/server/events.go',
    ],
    used: usesEtcd,
  },
  // The store of kinds served by their handlers, with its source of resourceVersions and events.
  {
    files: ['pkg/registry/handler.go', 'pkg/registry/handler_test.go', 'pkg/registry/handlersource.go'],
    used: (p) => p.resources.some(isHandlerBacked),
  },
  { files: ['pkg/registry/scale.go', 'pkg/registry/scale_test.go'], used: (p) => hasSubresource(p, 'scale') },
  { files: ['pkg/registry/connector.go', 'pkg/registry/connector_test.go'], used: (p) => hasSubresource(p, 'connector') },
  { files: ['pkg/registry/action.go', 'pkg/registry/action_test.go'], used: (p) => hasSubresource(p, 'arbitrary') },
  { files: ['pkg/registry/foreign.go', 'pkg/apiserver/foreign.go'], used: (p) => (p.foreignSubresources?.length ?? 0) > 0 },
];

export const FEATURE_FILES = new Set(FEATURES.flatMap((f) => f.files));

function hasSubresource(project: ProjectRecord, type: string): boolean {
  return project.resources.some((r) => r.subresources.some((s) => s.type === type));
}

/**
 * Writes the files of each feature the project uses (as PROJECT records it after a command) and does not have yet.
 * A feature some of whose files exist already came in before, from this command run earlier or from an apiboot
 * that gave every project all of them: it is left as it is, edits included.
 */
export function emitFeatureFiles(tree: Tree, project: ProjectRecord, model: ProjectModel): void {
  const wanted = FEATURES.filter((f) => f.used(project) && f.files.every((path) => tree.read(path) === undefined));
  if (!wanted.length) return;
  // Their template paths are their paths: no names to render, no dot files.
  for (const path of wanted.flatMap((f) => f.files)) tree.write(path, renderTemplate(`project/${path}`, model));
}
