import { createServer } from 'node:net';
import { UserError } from '../errors.js';

/** Fails with a sentence naming the port and the flag that changes it when something already listens there. */
export async function assertPortFree(port: number, flag: string): Promise<void> {
  const free = await canListen(port);
  if (!free) {
    throw new UserError(`Port ${port} on 127.0.0.1 is already in use; stop what listens there or pass ${flag} with another port.`);
  }
}

/** A port the kernel picks, free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether a listener could bind `port` on 127.0.0.1 now. */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
