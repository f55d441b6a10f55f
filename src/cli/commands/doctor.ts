import { diagnose } from '../../doctor/index.js';
import { ExitWith } from '../../errors.js';
import { validateObjectName } from '../../project/names.js';
import { Kubectl } from '../../toolchain/kubectl.js';
import type { GlobalOptions } from '../context.js';
import { openProject } from './project-context.js';

export interface DoctorFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  name?: string;
  output: 'text' | 'json';
}

/** `doctor`: one line per check, passed or failed with its fix; exit 1 when any fails. */
export async function doctor(flags: DoctorFlags, ctx: GlobalOptions): Promise<void> {
  // It writes nothing in the project: no lock to take (as for a dry run), so it works in a read-only checkout too.
  const { project } = openProject({ ...ctx, dryRun: true }, { needGo: false });
  if (flags.namespace !== undefined) validateObjectName(flags.namespace, '--namespace', 'namespace');
  if (flags.name !== undefined) validateObjectName(flags.name, '--name', 'name');
  const kubectl = new Kubectl({ kubeconfig: flags.kubeconfig, context: flags.context }, ctx.cwd);
  await kubectl.check();
  const report = await diagnose(kubectl, project, { namespace: flags.namespace, name: flags.name });
  if (flags.output === 'json') {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const c of report.checks) {
      process.stdout.write(c.passed ? `ok    ${c.name}: ${c.detail}\n` : `FAIL  ${c.name}: ${c.detail}. Fix: ${c.fix}\n`);
    }
    const failed = report.checks.filter((c) => !c.passed).length;
    process.stdout.write(
      failed === 0
        ? `All ${report.checks.length} checks passed for ${report.namespace}/${report.name}.\n`
        : `${failed} of ${report.checks.length} checks failed for ${report.namespace}/${report.name}.\n`,
    );
  }
  if (!report.passed) throw new ExitWith(1);
}
