import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * apiboot's own package.json, found from this module up: the same file whether the CLI runs from dist/src/cli in a
 * clone, from an installed package, or from src/cli under a TypeScript loader.
 */
function packageJson(): { name?: string; version?: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'apiboot') return pkg;
    }
    if (dirname(dir) === dir) throw new Error('apiboot cannot find its own package.json');
  }
}

/** The apiboot version, recorded in PROJECT and stamped into generated headers' models. */
export const VERSION: string = packageJson().version ?? '0.0.0';
