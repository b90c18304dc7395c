// Whom the policy trusts to sign .mcpb bundles, and what a bundle's signature is worth under it.
//
// The format (formats/mcp/mcpb/signature.ts) has already checked what the bytes alone can show: the
// digest, the signature over the signed attributes, code signing, a chain that links. Here the
// signature meets the policy and the clock:
//   - every certificate of the chain must be valid now (signingTime is the signer's own claim: no
//     timestamp authority vouches for it, so it cannot extend a certificate's life);
//   - the signer is trusted when its certificate is pinned in `bundles.signers`, or when its chain
//     reaches a CA of `bundles.ca`; with neither configured, only a chain to a publicly trusted root
//     (node's bundled Mozilla store) counts. A self-signed certificate proves nothing by itself.
import { X509Certificate } from 'node:crypto';
import type { BundleCertificate, BundleSignature } from '../types.js';
import type { Policy } from './types.js';
import { PolicyError } from './yaml.js';

/** What a bundle's signature is worth under the policy: the evidence the report keeps. */
export interface BundleTrust {
  status: 'verified' | 'untrusted' | 'invalid' | 'absent';
  /** verified: what it is trusted by; untrusted/invalid: why not; absent: that there is no block. */
  detail: string;
  /** The signer's certificate, when the signature names one. */
  signer?: BundleCertificate;
}

/** `3F:9A:…` or `3f9a…` as the policy keeps it: lower-case hex without colons. */
export function fingerprintHex(sha256: string): string {
  return sha256.replace(/:/g, '').toLowerCase();
}

function evidence(cert: X509Certificate): BundleCertificate {
  return {
    subject: cert.subject.split('\n').filter(Boolean).join(', '),
    issuer: cert.issuer.split('\n').filter(Boolean).join(', '),
    sha256: cert.fingerprint256,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    der: Buffer.from(cert.raw).toString('base64'),
  };
}

/**
 * The CA certificates of a PEM file named by `bundles.ca`. Throws PolicyError (the policy file, the
 * line of `bundles.ca`) when the file holds no certificate, an unreadable one, or one that is not a CA.
 */
export function readBundleCa(text: string | undefined, policyFile: string, ca: { path: string; line: number }): BundleCertificate[] {
  const fail = (detail: string): never => {
    throw new PolicyError(detail, policyFile, ca.line, 'bundles.ca');
  };
  if (text === undefined) return fail(`${ca.path} does not exist in the commit the policy is read from: add the PEM file of CA certificates, or remove bundles.ca`);
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) return fail(`${ca.path} holds no PEM certificate (-----BEGIN CERTIFICATE-----): put the CA certificates that may issue bundle signers in it`);
  return blocks.map((m, i) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
    } catch (err) {
      return fail(`certificate ${i + 1} in ${ca.path} cannot be read (${(err as Error).message})`);
    }
    if (!cert.ca) {
      const subject = evidence(cert).subject;
      return fail(`certificate ${i + 1} in ${ca.path} ("${subject}") is not a CA certificate (basicConstraints CA:TRUE); to trust one signer, list its SHA-256 under bundles.signers instead`);
    }
    return evidence(cert);
  });
}

let publicRoots: X509Certificate[] | undefined;
function roots(): X509Certificate[] {
  // node:tls is loaded here, for a bundle's signature, not at start-up.
  publicRoots ??= (require('node:tls') as typeof import('node:tls')).rootCertificates.map((pem) => new X509Certificate(pem));
  return publicRoots;
}

const day = (iso: string) => iso.slice(0, 10);

/** Why a certificate is not valid at `now`, or undefined when it is. */
function outOfDate(c: BundleCertificate, now: Date): string | undefined {
  if (now.getTime() < Date.parse(c.notBefore)) return `the certificate "${c.subject}" is not valid before ${day(c.notBefore)}`;
  if (now.getTime() > Date.parse(c.notAfter)) return `the certificate "${c.subject}" expired on ${day(c.notAfter)}`;
  return undefined;
}

/** Whether `anchor` is `cert` itself or issued it (and may issue certificates). */
function anchoredBy(cert: X509Certificate, anchor: X509Certificate): boolean {
  if (cert.fingerprint256 === anchor.fingerprint256) return true;
  return anchor.ca && cert.checkIssued(anchor) && cert.verify(anchor.publicKey);
}

/** The signature of a bundle judged under the policy at `now`. Pure: the clock and the policy are passed in. */
export function judgeBundleSignature(sig: BundleSignature | undefined, bundles: Policy['bundles'], now: Date): BundleTrust {
  if (sig === undefined || sig.state === 'absent') return { status: 'absent', detail: 'no signature block' };
  const chain = sig.chain ?? [];
  const signer = chain[0];
  if (sig.state === 'invalid' || signer === undefined) return { status: 'invalid', detail: sig.reason ?? 'the signature does not verify', signer };
  for (const c of chain) {
    const why = outOfDate(c, now);
    if (why !== undefined) return { status: 'invalid', detail: why, signer };
  }
  const pinned = bundles.signers.find((s) => s.sha256 === fingerprintHex(signer.sha256));
  if (pinned !== undefined) return { status: 'verified', detail: `the signer is "${pinned.name}" in bundles.signers`, signer };

  const anchors = bundles.ca
    ? bundles.ca.certs.map((c) => ({ cert: new X509Certificate(Buffer.from(c.der, 'base64')), info: c, where: bundles.ca!.path }))
    : bundles.signers.length > 0
      ? []
      : roots().map((cert) => ({ cert, info: undefined, where: 'the publicly trusted roots' }));
  const certs = chain.map((c) => new X509Certificate(Buffer.from(c.der, 'base64')));
  for (const cert of certs) {
    for (const anchor of anchors) {
      if (!anchoredBy(cert, anchor.cert)) continue;
      const info = anchor.info ?? evidence(anchor.cert);
      const why = outOfDate(info, now);
      if (why !== undefined) return { status: 'invalid', detail: why, signer };
      return { status: 'verified', detail: `the signer chains to "${info.subject}" (${anchor.where})`, signer };
    }
  }

  const last = certs[certs.length - 1];
  const selfSigned = certs.length === 1 && last.checkIssued(last);
  const trusted = bundles.ca ? `a CA in ${bundles.ca.path}` : bundles.signers.length > 0 ? 'a signer pinned in bundles.signers' : 'a publicly trusted root';
  const why = selfSigned
    ? `the certificate is self-signed, and a self-signed certificate proves nothing by itself (anyone can make one); it is not ${trusted}`
    : `its chain ends at "${chain[chain.length - 1].issuer}", which is not ${trusted}`;
  return { status: 'untrusted', detail: why, signer };
}
