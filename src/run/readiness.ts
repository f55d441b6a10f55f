import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KeyPair } from '../certs/index.js';

export interface Probe {
  url: string;
  /** For https: the CA to trust and the client certificate to present. */
  ca?: string;
  client?: KeyPair;
}

/** One GET; resolves to the status code, or 0 when nothing answered. */
export function probe(p: Probe, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(p.url);
    const options = {
      method: 'GET',
      timeout: timeoutMs,
      ca: p.ca,
      cert: p.client?.certPem,
      key: p.client?.keyPem,
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * Polls until the endpoint answers 200. Gives up when `stillAlive` says the process behind it died, or at the
 * deadline; returns the reason for giving up, or undefined when ready.
 */
export async function waitUntilReady(p: Probe, stillAlive: () => boolean, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    if (!stillAlive()) return 'the process exited';
    last = await probe(p);
    if (last === 200) return undefined;
    await new Promise((r) => setTimeout(r, 250));
  }
  return `no 200 from ${p.url} within ${Math.round(timeoutMs / 1000)} s (last status: ${last || 'no answer'})`;
}
