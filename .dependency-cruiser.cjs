/**
 * The layer rule of apiboot: lower layers never import higher ones, and nothing imports in a circle.
 * Highest first; a module may import its own layer and any below it.
 */
const LAYERS = [
  // The program: commander's tree and the one error path.
  { name: 'cli', path: '^src/cli/(main|failure)\\.ts$' },
  // The commands, and what they share: global options, prompts, applying a tree, tasks, next steps.
  { name: 'commands', path: '^src/cli/(?!(main|failure)\\.ts$)' },
  { name: 'generators, run, docs, doctor', path: '^src/(generators|run|docs|doctor)/' },
  { name: 'manifests, toolchain, certs', path: '^src/(manifests|toolchain|certs)/' },
  { name: 'project', path: '^src/project/' },
  { name: 'scaffold', path: '^src/scaffold/' },
];

const upward = LAYERS.slice(1).map((layer, i) => ({
  name: `no-upward-import-from-${layer.name.replace(/\W+/g, '-')}`,
  comment: `${layer.name} must not import ${LAYERS.slice(0, i + 1)
    .map((l) => l.name)
    .join(' or ')}: lower layers never import higher ones`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(0, i + 1).map((l) => l.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'leaf-modules-import-nothing',
      comment: 'src/errors.ts and src/task.ts are leaves every layer may use: they import no other module of src',
      severity: 'error',
      from: { path: '^src/(errors|task)\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      comment: 'an import cycle ties modules into one: break it by moving what both need below both',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unlisted-layer',
      comment: 'every module of src belongs to a layer of the rule (or is a leaf)',
      severity: 'error',
      from: { path: '^src/', pathNot: [...LAYERS.map((l) => l.path), '^src/(errors|task)\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
