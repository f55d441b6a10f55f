// Builds dist/src, the part of apiboot that is compiled, whichever way the package is installed from its source:
// npm install -g ., npm link, npm pack (and so publish), or a git dependency. npm runs this as `prepare` and
// `prepack`. A global install of a folder runs it without installing the folder's devDependencies, so TypeScript
// may be missing: install them first, as a local install of the folder itself, not as part of the global one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(tsc)) {
  // The global install's settings (prefix, global, omit) are in the environment npm hands to lifecycle scripts.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_config_(global|location|prefix|omit|include|production)$/i.test(k)),
  );
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  run(npm[0], [...npm[1], 'install', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'], env);
}
run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
