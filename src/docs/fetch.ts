import { request } from 'node:https';
import type { KeyPair } from '../certs/index.js';

/** Reads JSON from the local server, verifying it against the local CA and presenting the admin certificate. */
export class LocalApiClient {
  constructor(
    private readonly base: string,
    private readonly ca: string,
    private readonly client: KeyPair,
  ) {}

  /** A write, answered with its status and JSON body whatever the status: a 422 is an answer here, not a failure. */
  send(method: 'POST', path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.base);
      const data = JSON.stringify(body);
      const req = request(
        url,
        {
          method,
          ca: this.ca,
          cert: this.client.certPem,
          key: this.client.keyPem,
          timeout: 30_000,
          headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
            } catch {
              reject(new Error(`${method} ${url.pathname} did not answer JSON`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.on('error', reject);
      req.end(data);
    });
  }

  get<T>(path: string, accept = 'application/json'): Promise<T> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.base);
      const req = request(
        url,
        { method: 'GET', ca: this.ca, cert: this.client.certPem, key: this.client.keyPem, timeout: 30_000, headers: { Accept: accept } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              reject(new Error(`GET ${url.pathname} answered ${res.statusCode}: ${body.slice(0, 300)}`));
              return;
            }
            try {
              resolve(JSON.parse(body) as T);
            } catch {
              reject(new Error(`GET ${url.pathname} did not answer JSON`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname} timed out`)));
      req.on('error', reject);
      req.end();
    });
  }
}
