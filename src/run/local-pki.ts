import { stringify } from 'yaml';
import { checkCA, checkLeaf, createCA, issueCert, CA_VALIDITY_DAYS, LEAF_VALIDITY_DAYS, type KeyPair } from '../certs/index.js';
import type { Tree } from '../scaffold/tree.js';

/** Where `run local` keeps its state, inside the project and covered by the generated .gitignore. */
export const LOCAL_DIR = '.apiboot/local';
export const PKI_DIR = `${LOCAL_DIR}/pki`;
export const KUBECONFIG = `${LOCAL_DIR}/kubeconfig`;

export interface LocalPki {
  ca: KeyPair;
  serving: KeyPair;
  admin: KeyPair;
  /** What happened to each certificate, for the log: "reused", or "issued (reason)". */
  notes: string[];
}

const SERVING_NAMES = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };
const ADMIN_SUBJECT = 'O=system:masters\nCN=apiboot-local-admin';

function readPair(tree: Tree, name: string): KeyPair | undefined {
  const certPem = tree.read(`${PKI_DIR}/${name}.crt`);
  const keyPem = tree.read(`${PKI_DIR}/${name}.key`);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

function writePair(tree: Tree, name: string, pair: KeyPair): void {
  tree.write(`${PKI_DIR}/${name}.crt`, pair.certPem, 0o644);
  tree.write(`${PKI_DIR}/${name}.key`, pair.keyPem, 0o600);
}

/**
 * A local CA, a serving certificate for localhost and 127.0.0.1, and a client certificate in system:masters, which
 * is the only group the server's standalone mode lets in. Valid ones are reused, so a kubeconfig handed out earlier
 * keeps working across restarts.
 */
export function ensureLocalPki(tree: Tree, projectName: string): LocalPki {
  const notes: string[] = [];
  let ca = readPair(tree, 'ca');
  const caVerdict = checkCA(ca);
  let caChanged = false;
  if (!ca || !caVerdict.reuse) {
    ca = createCA(`${projectName}-local-ca`, CA_VALIDITY_DAYS);
    writePair(tree, 'ca', ca);
    caChanged = true;
    notes.push(`CA: issued (${caVerdict.reuse ? 'new' : caVerdict.reason})`);
  }
  const leaf = (name: string, make: () => KeyPair, want: Parameters<typeof checkLeaf>[2]): KeyPair => {
    const existing = readPair(tree, name);
    const verdict = caChanged ? { reuse: false as const, reason: 'the CA is new' } : checkLeaf(existing, ca!, want);
    if (existing && verdict.reuse) return existing;
    const pair = make();
    writePair(tree, name, pair);
    notes.push(`${name}: issued (${verdict.reuse ? 'new' : verdict.reason})`);
    return pair;
  };
  const serving = leaf(
    'apiserver',
    () => issueCert(ca!, { commonName: 'localhost', usage: 'server', validityDays: LEAF_VALIDITY_DAYS, ...SERVING_NAMES }),
    SERVING_NAMES,
  );
  const admin = leaf(
    'admin',
    () =>
      issueCert(ca!, {
        commonName: 'apiboot-local-admin',
        organizations: ['system:masters'],
        usage: 'client',
        validityDays: LEAF_VALIDITY_DAYS,
      }),
    { dnsNames: [], ipAddresses: [], subject: ADMIN_SUBJECT },
  );
  return { ca, serving, admin, notes };
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
