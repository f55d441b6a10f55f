import { diagnose, type DoctorReport } from '../../doctor/index.js';
import { ExitWith, UserError } from '../../errors.js';
import { validateObjectName } from '../../project/deploy-inputs.js';
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
  let report: DoctorReport;
  try {
    report = await diagnoseProject(flags, ctx);
  } catch (e) {
    // A script reading -o json gets JSON whatever happened; the sentence still goes to stderr.
    if (flags.output === 'json' && e instanceof UserError) {
      process.stdout.write(
        `${JSON.stringify({ passed: false, error: e.message, ...(e.detail ? { detail: e.detail } : {}), checks: [] }, null, 2)}\n`,
      );
    }
    throw e;
  }
  if (flags.output === 'json') {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const c of report.checks) {
      process.stdout.write(c.passed ? `ok    ${c.name}: ${c.detail}\n` : `FAIL  ${c.name}: ${c.detail}. Fix: ${c.fix}\n`);
    }
    const failed = report.checks.filter((c) => !c.passed).length;
    const target = report.mode === 'standalone' ? `the standalone server at ${report.server}` : `${report.namespace}/${report.name}`;
    process.stdout.write(
      failed === 0
        ? `All ${report.checks.length} checks passed for ${target}.\n`
        : `${failed} of ${report.checks.length} checks failed for ${target}.\n`,
    );
    if (report.note) process.stdout.write(`Note: ${report.note}\n`);
  }
  if (!report.passed) throw new ExitWith(1);
}

async function diagnoseProject(flags: DoctorFlags, ctx: GlobalOptions): Promise<DoctorReport> {
  // It writes nothing in the project: no lock to take (as for a dry run), so it works in a read-only checkout too.
  const { project } = openProject({ ...ctx, dryRun: true }, { needGo: false });
  if (flags.namespace !== undefined) validateObjectName(flags.namespace, '--namespace', 'namespace');
  if (flags.name !== undefined) validateObjectName(flags.name, '--name', 'name');
  const kubectl = new Kubectl({ kubeconfig: flags.kubeconfig, context: flags.context }, ctx.cwd);
  await kubectl.check();
  return diagnose(kubectl, project, { namespace: flags.namespace, name: flags.name });
}
