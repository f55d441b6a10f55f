import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export interface CertRequest {
  commonName: string;
  /** Subject organizations: for client certificates these are the user's groups (e.g. system:masters). */
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  /** `peer`: both server and client, as etcd members are to each other (and an etcd server to its own gateway). */
  usage: 'server' | 'client' | 'peer';
  validityDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA outlives what it signs: a 10-year CA, 1-year leaves (apiserver-boot had them the other way round). */
export const CA_VALIDITY_DAYS = 3650;
export const LEAF_VALIDITY_DAYS = 365;
/** A certificate closer than this to its end is re-issued rather than reused. */
export const RENEW_BEFORE_DAYS = 30;

/** forge writes PEM with CRLF line ends; files and caBundles read better, and diff cleanly, with LF. */
function pem(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

function keyPair(): forge.pki.rsa.KeyPair {
  // forge delegates to Node's native RSA key generation when it can, so this takes milliseconds, not seconds.
  return forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

function newCert(publicKey: forge.pki.PublicKey, validityDays: number, now = new Date()): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive 128-bit serial: the high bit cleared so DER does not read it as negative.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  // Backdated a little so a clock slightly behind ours still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + validityDays * DAY_MS);
  return cert;
}

export function createCA(commonName: string, validityDays = CA_VALIDITY_DAYS): KeyPair {
  const keys = keyPair();
  const cert = newCert(keys.publicKey, validityDays);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: pem(forge.pki.certificateToPem(cert)), keyPem: pem(forge.pki.privateKeyToPem(keys.privateKey)) };
}

export function issueCert(ca: KeyPair, req: CertRequest): KeyPair {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = keyPair();
  const cert = newCert(keys.publicKey, req.validityDays);
  cert.setSubject([
    ...(req.organizations ?? []).map((o) => ({ name: 'organizationName', value: o })),
    { name: 'commonName', value: req.commonName },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [
    ...(req.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(req.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: req.usage !== 'client', clientAuth: req.usage !== 'server' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: pem(forge.pki.certificateToPem(cert)), keyPem: pem(forge.pki.privateKeyToPem(keys.privateKey)) };
}

export type Verdict = { reuse: true } | { reuse: false; reason: string };

/**
 * Whether an existing leaf certificate can be kept: signed by this CA, valid for long enough, and naming exactly
 * the wanted DNS names and IP addresses. The reason says why not, so the command can tell the user.
 */
export function checkLeaf(
  pair: KeyPair | undefined,
  ca: KeyPair,
  want: { dnsNames: string[]; ipAddresses: string[]; subject?: string },
  now = new Date(),
): Verdict {
  if (!pair) return { reuse: false, reason: 'none exists' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pair.certPem);
  } catch {
    return { reuse: false, reason: 'the existing one cannot be read' };
  }
  const caCert = new X509Certificate(ca.certPem);
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) {
    return { reuse: false, reason: 'the existing one was signed by another CA' };
  }
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) {
    return { reuse: false, reason: `the existing one expires on ${new Date(cert.validTo).toISOString().slice(0, 10)}` };
  }
  if (!cert.checkPrivateKey(createPrivateKey(pair.keyPem))) {
    return { reuse: false, reason: 'the existing key does not match the certificate' };
  }
  const have = subjectAltNames(cert);
  const wanted = [...want.dnsNames.map((d) => `DNS:${d}`), ...want.ipAddresses.map((i) => `IP:${i}`)].sort();
  if (have.join(',') !== wanted.join(',')) return { reuse: false, reason: 'the names it must carry changed' };
  if (want.subject !== undefined && cert.subject !== want.subject) {
    return { reuse: false, reason: 'its subject changed' };
  }
  return { reuse: true };
}

/** Whether a CA can keep signing: readable, a CA, and not expiring within the validity of what it would sign. */
export function checkCA(pair: KeyPair | undefined, now = new Date()): Verdict {
  if (!pair) return { reuse: false, reason: 'none exists' };
  try {
    const cert = new X509Certificate(pair.certPem);
    if (!cert.ca) return { reuse: false, reason: 'the existing one is not a CA' };
    if (new Date(cert.validTo).getTime() - now.getTime() < (LEAF_VALIDITY_DAYS + RENEW_BEFORE_DAYS) * DAY_MS) {
      return { reuse: false, reason: `the existing one expires on ${new Date(cert.validTo).toISOString().slice(0, 10)}` };
    }
    if (!cert.checkPrivateKey(createPrivateKey(pair.keyPem))) {
      return { reuse: false, reason: 'the existing key does not match the certificate' };
    }
    return { reuse: true };
  } catch {
    return { reuse: false, reason: 'the existing one cannot be read' };
  }
}

function subjectAltNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^IP Address:/, 'IP:'))
    .filter((s) => s !== '')
    .sort();
}
