import { run } from './exec.js';

/**
 * Runs the project's own code generation script. The generated project owns the generator invocations (so `make
 * generate` works without apiboot); apiboot only calls it.
 */
export async function runCodegen(cwd: string): Promise<void> {
  await run('bash', ['hack/update-codegen.sh'], { cwd }, 'bash was not found on PATH; it is needed to run hack/update-codegen.sh.');
}
