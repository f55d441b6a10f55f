/**
 * An error caused by the user's input or environment. The CLI prints its message as one plain sentence and exits
 * non-zero, without a stack trace; every other error is a bug and is shown in full.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * Ends a command with an exit code after it has printed everything itself, such as `doctor` when a check fails:
 * no "Error:" line follows.
 */
export class ExitWith extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitWith';
  }
}
