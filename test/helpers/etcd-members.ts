import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ETCD_METRICS_PORT, ETCD_PEER_PORT, ETCD_PKI_MOUNT, ETCD_PORT } from '../../src/manifests/objects.js';
import { freePort } from '../../src/run/ports.js';
import { probe } from '../../src/run/readiness.js';
import type { Processes } from './processes.js';
import { testbedTool } from './testbed.js';

export interface EtcdMembers {
  /** The client URL of each member on loopback, in the order of the StatefulSet's pods. */
  clientURLs: string[];
  processes: ChildProcess[];
  /**
   * An argument with the members' cluster addresses (https://NAME-i.NAME.NS.svc:2379) replaced by their loopback
   * ones: what the server's --etcd-servers becomes on this machine.
   */
  toLoopback(arg: string): string;
}

/**
 * Plays the pods of the generated etcd StatefulSet: the test bed's etcd binary with the container's arguments exactly
 * as etcd.yaml has them, each pod's $(POD_NAME) expanded, the Secret's mount path mapped to the generated
 * certificate folder, the data volume to a fresh folder, and every address moved to a free port on 127.0.0.1 (no
 * pod network here; the member certificates carry 127.0.0.1 for etcdctl inside a pod).
 */
export async function startEtcdMembers(procs: Processes, configDir: string): Promise<EtcdMembers> {
  const sts = parseAllDocuments(readFileSync(join(configDir, 'etcd.yaml'), 'utf8'))
    .map((d) => d.toJS())
    .find((o) => o.kind === 'StatefulSet');
  if (!sts) throw new Error(`${configDir}/etcd.yaml has no StatefulSet`);
  const name: string = sts.metadata.name;
  const namespace: string = sts.metadata.namespace;
  const container = sts.spec.template.spec.containers[0];
  if (container.command?.[0] !== 'etcd') throw new Error(`the etcd container runs ${container.command}, not etcd`);
  const dataMount: string = container.volumeMounts.find((v: { name: string }) => v.name === 'data').mountPath;
  const pods = Array.from({ length: sts.spec.replicas as number }, (_, i) => `${name}-${i}`);
  const ports = await Promise.all(pods.map(async () => ({ client: await freePort(), peer: await freePort(), metrics: await freePort() })));
  const map = (arg: string): string => {
    let out = arg;
    pods.forEach((pod, i) => {
      const host = `${pod}.${name}.${namespace}.svc`;
      out = out
        .replaceAll(`https://${host}:${ETCD_PORT}`, `https://127.0.0.1:${ports[i]!.client}`)
        .replaceAll(`https://${host}:${ETCD_PEER_PORT}`, `https://127.0.0.1:${ports[i]!.peer}`);
    });
    return out;
  };
  const binary = testbedTool('etcd');
  const processes = pods.map((pod, i) => {
    const data = mkdtempSync(join(tmpdir(), 'apiboot-etcd-member-'));
    const args = (container.args as string[]).map((a) =>
      map(a.replaceAll('$(POD_NAME)', pod))
        .replace(`0.0.0.0:${ETCD_PORT}`, `127.0.0.1:${ports[i]!.client}`)
        .replace(`0.0.0.0:${ETCD_PEER_PORT}`, `127.0.0.1:${ports[i]!.peer}`)
        .replace(`0.0.0.0:${ETCD_METRICS_PORT}`, `127.0.0.1:${ports[i]!.metrics}`)
        .replace(ETCD_PKI_MOUNT, join(configDir, 'certificates/etcd'))
        .replace(dataMount, data),
    );
    if (args.some((a) => /0\.0\.0\.0|\.svc[:,]|\$\(/.test(a)))
      throw new Error(`an etcd argument was not mapped to this machine: ${args.join(' ')}`);
    // Throwaway data: skipping fsync keeps three members from crawling on a busy machine.
    return procs.start(binary, [...args, '--unsafe-no-fsync']);
  });
  // Ready as the kubelet sees it: the readiness probe's path on the plain metrics listener.
  const readyPath: string = container.readinessProbe.httpGet.path;
  for (let t = 0; ; t++) {
    const ready = await Promise.all(ports.map(async (p) => (await probe({ url: `http://127.0.0.1:${p.metrics}${readyPath}` })) === 200));
    if (ready.every(Boolean)) break;
    const dead = processes.find((p) => p.exitCode !== null);
    if (dead || t > 600)
      throw new Error(`etcd members did not become ready:\n${processes.map((p) => procs.log(p).slice(-1500)).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { clientURLs: ports.map((p) => `https://127.0.0.1:${p.client}`), processes, toLoopback: map };
}

export interface TLSClient {
  ca: string;
  cert?: string;
  key?: string;
}

/** An HTTPS request to etcd's JSON gateway; resolves to the status and body, or rejects with the TLS error. */
export function etcdRequest(
  url: string,
  path: string,
  body: object | undefined,
  tls: TLSClient,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: body ? 'POST' : 'GET', timeout: 5000, ...tls }, (res) => {
      let text = '';
      res.on('data', (d) => (text += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
