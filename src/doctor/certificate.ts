import { X509Certificate, createPrivateKey } from 'node:crypto';
import { fail, pass, type CheckResult } from './check.js';

export interface ServingFacts {
  /** Where the certificate comes from, for messages: "Secret zoo-system/zoo-apiserver-serving-cert-abc". */
  source: string;
  certPem: string;
  keyPem?: string;
  /** The caBundle of each APIService, decoded, by APIService name. */
  caBundles: Record<string, string>;
  /** <service>.<namespace>.svc: the name the aggregator verifies. */
  serverName: string;
  /** How to get a new certificate, the end of every fix. */
  renew: string;
  now?: Date;
}

/**
 * What the aggregator checks when it calls the server, checked on the certificate itself: it is readable, matches
 * its key, carries <service>.<namespace>.svc, is within its validity, and verifies against every APIService's
 * caBundle.
 */
export function servingCertificateChecks(f: ServingFacts): CheckResult[] {
  const now = f.now ?? new Date();
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(f.certPem);
  } catch {
    return [fail('serving certificate', `${f.source} holds no readable certificate in tls.crt`, `${f.renew}.`)];
  }
  const out: CheckResult[] = [];
  if (f.keyPem !== undefined) {
    let matches: boolean;
    try {
      matches = cert.checkPrivateKey(createPrivateKey(f.keyPem));
    } catch {
      matches = false;
    }
    out.push(
      matches
        ? pass('serving key', `tls.key in ${f.source} matches the certificate`)
        : fail(
            'serving key',
            `tls.key in ${f.source} does not match tls.crt`,
            `${f.renew}: the key and the certificate must be issued together.`,
          ),
    );
  }
  const names = (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^DNS:/, ''))
    .filter(Boolean);
  out.push(
    cert.checkHost(f.serverName, { subject: 'never' })
      ? pass('certificate names', `the certificate names ${f.serverName}`)
      : fail(
          'certificate names',
          `the certificate in ${f.source} names ${names.join(', ') || 'nothing'} but not ${f.serverName}, the name the aggregator verifies`,
          `${f.renew} for the Service's name and namespace.`,
        ),
  );
  const notAfter = new Date(cert.validTo);
  const notBefore = new Date(cert.validFrom);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (notAfter.getTime() <= now.getTime()) {
    out.push(
      fail(
        'certificate validity',
        `the certificate in ${f.source} expired on ${day(notAfter)}`,
        `${f.renew}: it issues a new one when the old one expires.`,
      ),
    );
  } else if (notBefore.getTime() > now.getTime()) {
    out.push(
      fail(
        'certificate validity',
        `the certificate in ${f.source} is valid only from ${notBefore.toISOString()}`,
        'Fix the clock of the machine that issued it, then issue it again.',
      ),
    );
  } else {
    out.push(pass('certificate validity', `valid until ${day(notAfter)}`));
  }
  for (const [apiService, bundle] of Object.entries(f.caBundles).sort()) {
    const name = `caBundle of ${apiService}`;
    if (!bundle.trim()) {
      out.push(
        fail(
          name,
          `the APIService ${apiService} has no caBundle`,
          'Set spec.caBundle to the CA that signed the serving certificate, as apiboot build config writes it in apiservice.yaml, and apply it.',
        ),
      );
      continue;
    }
    out.push(
      signedBy(cert, bundle)
        ? pass(name, `the serving certificate verifies against the caBundle of ${apiService}`)
        : fail(
            name,
            `the serving certificate in ${f.source} is not signed by the CA in the caBundle of ${apiService}`,
            'Apply the Secret and the APIServices from one run of apiboot build config (kubectl apply --server-side -k config/), so both come from the same CA.',
          ),
    );
  }
  return out;
}

/** Whether any certificate of a PEM bundle issued and signed `cert`. */
function signedBy(cert: X509Certificate, bundle: string): boolean {
  for (const block of bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    try {
      const ca = new X509Certificate(block);
      if (cert.checkIssued(ca) && cert.verify(ca.publicKey)) return true;
    } catch {
      // not a certificate: try the next block
    }
  }
  return false;
}
