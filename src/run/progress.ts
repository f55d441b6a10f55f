/**
 * A long step of `run local` (a first build takes minutes) said out loud: a line when it starts, a line every
 * interval with the time so far and what the tool last reported, and a line with the time it took. Plain lines,
 * not a redrawn status: they interleave with the prefixed logs of etcd and the server, and read the same in a file.
 */
export async function timedStep<T>(
  log: (line: string) => void,
  title: string,
  work: (report: (status: string) => void) => Promise<T>,
  intervalMs = 10_000,
): Promise<T> {
  const start = Date.now();
  let status = '';
  log(`apiboot: ${title}`);
  const timer = setInterval(() => log(`apiboot: ${title}: ${elapsed(start)}${status ? `, ${status}` : ''}`), intervalMs);
  timer.unref();
  try {
    const result = await work((s) => (status = s));
    log(`apiboot: ${title}: done in ${elapsed(start)}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

/** "8.2 s" under a minute, "2 min 05 s" above. */
export function elapsed(since: number, now = Date.now()): string {
  const seconds = (now - since) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
