/** What a poll ended with: the last value read, and whether it was done. */
export interface PollResult<T> {
  value: T;
  done: boolean;
}

/**
 * Reads until `done` says so or the deadline passes: each value read is reported through `progress` (as `describe`
 * words it) before it is judged, so the last line shown is always the state the poll ended on. Gives up without
 * throwing: each caller words its own timeout, from the value returned. The deadline is checked after a read, so even
 * a zero timeout reads once.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  describe: (value: T) => string,
  timeoutMs: number,
  progress: (line: string) => void,
  intervalMs = 2000,
): Promise<PollResult<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    progress(describe(value));
    if (done(value)) return { value, done: true };
    if (Date.now() >= deadline) return { value, done: false };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
