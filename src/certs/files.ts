import type { Tree } from '../scaffold/tree.js';
import { CA_VALIDITY_DAYS, checkCA, checkLeaf, createCA, issueCert, type CertRequest, type KeyPair } from './index.js';

export interface LeafSpec {
  /** File stem in the folder: <file>.crt and <file>.key */
  file: string;
  request: CertRequest;
  /** The subject the certificate must have, as node's X509Certificate prints it, when it matters (client certs). */
  subject?: string;
}

export interface CertificateSet {
  ca: KeyPair;
  leaves: Record<string, KeyPair>;
  /** One line per certificate: "reused", or "issued (why)". */
  notes: string[];
}

function readPair(tree: Tree, dir: string, stem: string): KeyPair | undefined {
  const certPem = tree.read(`${dir}/${stem}.crt`);
  const keyPem = tree.read(`${dir}/${stem}.key`);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

function writePair(tree: Tree, dir: string, stem: string, pair: KeyPair): void {
  tree.write(`${dir}/${stem}.crt`, pair.certPem, 0o644);
  // Private keys are readable by their owner only.
  tree.write(`${dir}/${stem}.key`, pair.keyPem, 0o600);
}

/**
 * A CA and the leaf certificates it signs, kept in a folder of the tree. Valid certificates are reused, so clients
 * that trust the CA keep working; a certificate is re-issued when it is missing, expires soon, names other hosts,
 * or its CA changed, and the notes say which happened.
 */
export function ensureCertificates(tree: Tree, dir: string, caName: string, leaves: LeafSpec[]): CertificateSet {
  const notes: string[] = [];
  let ca = readPair(tree, dir, 'ca');
  const caVerdict = checkCA(ca);
  const newCA = !ca || !caVerdict.reuse;
  if (newCA) {
    ca = createCA(caName, CA_VALIDITY_DAYS);
    writePair(tree, dir, 'ca', ca);
    notes.push(`${dir}/ca.crt: issued (${caVerdict.reuse ? 'new' : caVerdict.reason})`);
  } else {
    // Written again, unchanged: a key file someone made readable to others is made private again.
    writePair(tree, dir, 'ca', ca!);
    notes.push(`${dir}/ca.crt: reused`);
  }
  const out: Record<string, KeyPair> = {};
  for (const leaf of leaves) {
    const existing = readPair(tree, dir, leaf.file);
    const verdict = newCA
      ? { reuse: false as const, reason: existing ? 'its CA is new' : 'none exists' }
      : checkLeaf(existing, ca!, {
          dnsNames: leaf.request.dnsNames ?? [],
          ipAddresses: leaf.request.ipAddresses ?? [],
          subject: leaf.subject,
        });
    if (existing && verdict.reuse) {
      writePair(tree, dir, leaf.file, existing);
      out[leaf.file] = existing;
      notes.push(`${dir}/${leaf.file}.crt: reused`);
      continue;
    }
    const pair = issueCert(ca!, leaf.request);
    writePair(tree, dir, leaf.file, pair);
    out[leaf.file] = pair;
    notes.push(`${dir}/${leaf.file}.crt: issued (${verdict.reuse ? 'new' : verdict.reason})`);
  }
  return { ca: ca!, leaves: out, notes };
}
