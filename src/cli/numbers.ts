import { UserError } from '../errors.js';

export interface WholeNumberFlag {
  /** --replicas */
  flag: string;
  /** what the number counts, for the sentence: "replica count" */
  what: string;
  min: number;
  max: number;
}

/**
 * A flag's value as a whole number written in decimal digits only. Number() would take "1e3", "0x10", " 2" or
 * "2.0", so a typo could deploy a thousand replicas; this refuses them with one sentence.
 */
export function wholeNumber(value: string, f: WholeNumberFlag): number {
  const n = /^[0-9]{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= f.min && n <= f.max)) {
    throw new UserError(
      `The ${f.what} "${value}" is not a whole number from ${f.min} to ${f.max}; pass ${f.flag} with one, written in digits.`,
    );
  }
  return n;
}
