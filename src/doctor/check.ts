/** One line of the doctor's report: what was checked, whether it passed, and for a failure the fix in one sentence. */
export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
  fix?: string;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, passed: true, detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, passed: false, detail, fix });
