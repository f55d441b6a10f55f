import { stringify } from 'yaml';
import { ensureCertificates } from '../certs/files.js';
import { LEAF_VALIDITY_DAYS, type KeyPair } from '../certs/index.js';
import type { Tree } from '../scaffold/tree.js';

/** Where `run local` keeps its state, inside the project and covered by the generated .gitignore. */
export const LOCAL_DIR = '.apiboot/local';
export const PKI_DIR = `${LOCAL_DIR}/pki`;
export const KUBECONFIG = `${LOCAL_DIR}/kubeconfig`;

export interface LocalPki {
  ca: KeyPair;
  serving: KeyPair;
  admin: KeyPair;
  notes: string[];
}

/**
 * A local CA, a serving certificate for localhost and 127.0.0.1, and a client certificate in system:masters, which
 * is the only group the server's standalone mode lets in. Valid ones are reused, so a kubeconfig handed out earlier
 * keeps working across restarts.
 */
export function ensureLocalPki(tree: Tree, projectName: string): LocalPki {
  const set = ensureCertificates(tree, PKI_DIR, `${projectName}-local-ca`, [
    {
      file: 'apiserver',
      request: {
        commonName: 'localhost',
        dnsNames: ['localhost'],
        ipAddresses: ['127.0.0.1'],
        usage: 'server',
        validityDays: LEAF_VALIDITY_DAYS,
      },
    },
    {
      file: 'admin',
      request: { commonName: 'apiboot-local-admin', organizations: ['system:masters'], usage: 'client', validityDays: LEAF_VALIDITY_DAYS },
      subject: 'O=system:masters\nCN=apiboot-local-admin',
    },
  ]);
  return { ca: set.ca, serving: set.leaves.apiserver!, admin: set.leaves.admin!, notes: set.notes.filter((n) => !n.endsWith('reused')) };
}
/** A kubeconfig that trusts the local CA (never insecure-skip-tls-verify) and presents the admin certificate. */
export function writeKubeconfig(tree: Tree, projectName: string, port: number, pki: LocalPki): void {
  const name = `${projectName}-local`;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': b64(pki.ca.certPem) } }],
    users: [
      {
        name: `${name}-admin`,
        user: { 'client-certificate-data': b64(pki.admin.certPem), 'client-key-data': b64(pki.admin.keyPem) },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
  tree.write(KUBECONFIG, stringify(config), 0o600);
}
