import type { Task } from '../../task.js';
import { UserError } from '../../errors.js';
import type { ResourceModel } from '../../project/model.js';
import { saveProject, versionsOf, type ProjectRecord, type ResourceRecord } from '../../project/record.js';
import type { EmitOptions } from '../../scaffold/policy.js';
import type { Tree } from '../../scaffold/tree.js';
import { applyInsertions, emitSet } from '../writes.js';

const CONTROLLERS_FILE = 'pkg/controller/controllers.go';

/**
 * `create resource --controller`: a reconciler of the kind in pkg/controller/GROUP (with its test; both the user's),
 * registered in pkg/controller/controllers.go, which cmd/controller-manager runs; both are written with the first
 * controller. A kind with a status gains status.observedGeneration, which the example reconciler sets. One
 * controller per kind: it reconciles the version it was created for.
 */
export function generateController(
  tree: Tree,
  project: ProjectRecord,
  resource: ResourceRecord,
  model: ResourceModel,
  opts: EmitOptions,
): void {
  if (resource.storage === 'handler') {
    throw new UserError(
      `${resource.kind} is served by its handler (--storage handler), which computes its objects: it has no status for a controller to set, so it takes no --controller.`,
    );
  }
  const other = versionsOf(project, resource.group, resource.kind).find((r) => r.controller && r.version !== resource.version);
  if (other) {
    throw new UserError(
      `${resource.kind} already has a controller, for ${model.fullGroup}/${other.version}; a kind has one controller, which reconciles one of its versions.`,
    );
  }
  // The manager and the list of controllers are apiboot's, changed only at their markers once written.
  if (!tree.exists(CONTROLLERS_FILE)) emitSet(tree, 'controller-manager', model, () => 'keep', opts);
  emitSet(tree, 'controller', model, () => 'keep', opts);
  applyInsertions(
    tree,
    [
      {
        file: CONTROLLERS_FILE,
        marker: '// +apiboot:scaffold:imports',
        fragments: ['fragments/scheme-import.go', 'fragments/controller-import.go'],
      },
      { file: CONTROLLERS_FILE, marker: '// +apiboot:scaffold:scheme', fragments: ['fragments/controller-scheme.go'] },
      { file: CONTROLLERS_FILE, marker: '// +apiboot:scaffold:controllers', fragments: ['fragments/controller-entry.go'] },
      // A Dockerfile from before controllers has no marker: the image then holds the server only.
      { file: 'Dockerfile', marker: '# +apiboot:scaffold:binaries', fragments: ['fragments/controller-binary.dockerfile'], optional: true },
    ],
    model,
  );
  if (model.withStatus) {
    // Every version of the kind, and its internal type, keep the same status fields: conversions carry them across.
    const files = [
      ...versionsOf(project, resource.group, resource.kind).map((r) => `pkg/apis/${r.group}/${r.version}/${model.kindLower}_types.go`),
      ...(model.hubPackage ? [`pkg/apis/${resource.group}/${model.kindLower}_types.go`] : []),
    ];
    applyInsertions(
      tree,
      files.map((file) => ({ file, marker: '// +apiboot:scaffold:status-fields', fragments: ['fragments/observed-generation-field.go'] })),
      model,
    );
  }
  saveProject(tree, {
    ...project,
    resources: project.resources.map((r) =>
      r.group === resource.group && r.version === resource.version && r.kind === resource.kind ? { ...r, controller: true } : r,
    ),
  });
}

/** controller-runtime at the version built on the project's k8s.io modules, before go mod tidy would take the newest. */
export function controllerRuntimeStep(version: string, run: (args: string[]) => Promise<unknown>): Task {
  return {
    title: `Add sigs.k8s.io/controller-runtime ${version} (go get)`,
    run: async () => void (await run(['get', `sigs.k8s.io/controller-runtime@${version}`])),
  };
}
