// The signature block of a .mcpb bundle, verified cryptographically (not merely found).
//
// `mcpb sign` (modelcontextprotocol/mcpb, src/node/sign.ts) appends to the zip Z:
//   "MCPB_SIG_V1" ‖ uint32le(len) ‖ S ‖ "MCPB_SIG_END"     (DXT_SIG_V1 / DXT_SIG_END before the rename)
// where S is a DER CMS SignedData: detached, SHA-256, one SignerInfo with signed attributes
// (contentType, messageDigest, signingTime), the signer's certificate first in `certificates` and the
// intermediates after it. Two layouts exist: mcpb 2.1.2 and older leave Z as it was; newer `mcpb sign`
// (mcpb#204) raises the zip's end-of-central-directory comment length by the block's length after
// signing, so the signed content is Z with that field lowered back. Both are accepted, nothing else.
//
// What is decided here depends on the bytes alone: the layout, the CMS structure, the message digest,
// the signature over the signed attributes (RSA PKCS#1 v1.5 or ECDSA, with node:crypto), that the
// signer may sign code, and that the certificates it carries link into one chain. Whom to trust and
// whether each certificate is valid at the time of the run is the policy's question
// (policy/bundle-trust.ts). ASN.1 and CMS are read by asn1js/pkijs; nothing here parses DER by hand.
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import type * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import type { BundleCertificate, BundleSignature } from '../../../types.js';

/** asn1js and pkijs, loaded when a signature block is first read (a run without bundles never parses them). */
function x509(): typeof import('../../../lazy/x509.js') {
  return require('../../../lazy/x509.js') as typeof import('../../../lazy/x509.js');
}

/** The signature block markers, newest first. */
const MARKERS = [
  { header: 'MCPB_SIG_V1', footer: 'MCPB_SIG_END' },
  { header: 'DXT_SIG_V1', footer: 'DXT_SIG_END' },
] as const;

/** A CMS signature larger than this is not a bundle signature (a certificate chain is a few KiB). */
export const MAX_SIGNATURE_BYTES = 1024 * 1024;
/** Certificates one signature may carry. */
const MAX_CERTIFICATES = 10;

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  codeSigning: '1.3.6.1.5.5.7.3.3',
} as const;

/** A Map: the algorithm id comes from the signature in the bundle. */
const SIGNATURE_ALGORITHMS = new Map<string, 'rsa' | 'ec'>([
  [OID.rsaEncryption, 'rsa'],
  [OID.sha256WithRSA, 'rsa'],
  [OID.ecdsaWithSha256, 'ec'],
]);

const encoder = new TextEncoder();
const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** What the bytes of a bundle hold: the zip to read, and what its signature block says. */
export interface SignedBundle {
  /** The zip archive as it was signed (or the whole file when there is no valid block layout). */
  zip: Uint8Array;
  signature: BundleSignature;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, from: number, to: number): number {
  outer: for (let i = from; i + needle.length <= to; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function lastIndexOf(bytes: Uint8Array, needle: Uint8Array, from: number, lowest: number): number {
  outer: for (let i = Math.min(from, bytes.length - needle.length); i >= lowest; i--) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function endsWith(bytes: Uint8Array, tail: Uint8Array): boolean {
  if (bytes.length < tail.length) return false;
  const off = bytes.length - tail.length;
  for (let i = 0; i < tail.length; i++) if (bytes[off + i] !== tail[i]) return false;
  return true;
}

/** The zip's end-of-central-directory record: the last one in reach of the end whose central directory fits before it. */
function findEocd(bytes: Uint8Array, end: number): number {
  const lowest = Math.max(0, end - 22 - 0xffff);
  for (let at = end - 22; at >= lowest; at--) {
    if (bytes[at] !== 0x50 || u32(bytes, at) !== 0x06054b50) continue;
    if (u32(bytes, at + 16) + u32(bytes, at + 12) === at) return at;
  }
  return -1;
}

interface Block {
  marker: 'MCPB_SIG_V1' | 'DXT_SIG_V1';
  /** Offset of the header: the zip (as stored) is everything before it. */
  start: number;
  der: Uint8Array;
}

/**
 * The block at the very end of the file in the layout `mcpb sign` writes (zero padding allowed before
 * the footer), a string saying why a block that is there is not in that layout, or undefined when the
 * file carries no signature marker after its zip data.
 */
function findBlock(bytes: Uint8Array): Block | string | undefined {
  for (const { header, footer } of MARKERS) {
    const foot = encoder.encode(footer);
    if (!endsWith(bytes, foot)) continue;
    const footerAt = bytes.length - foot.length;
    const head = encoder.encode(header);
    const lowest = Math.max(0, footerAt - MAX_SIGNATURE_BYTES - head.length - 4);
    // The DER itself could hold the header's bytes (in a certificate's subject, say): try each
    // candidate from the end and take the first whose length lands on the footer.
    for (let at = lastIndexOf(bytes, head, footerAt - head.length - 4, lowest); at >= 0; at = lastIndexOf(bytes, head, at - 1, lowest)) {
      const length = u32(bytes, at + head.length);
      const derStart = at + head.length + 4;
      if (length === 0 || derStart + length > footerAt) continue;
      let padded = true;
      for (let i = derStart + length; i < footerAt && padded; i++) padded = bytes[i] === 0;
      if (!padded) continue;
      return { marker: header, start: at, der: bytes.subarray(derStart, derStart + length) };
    }
    return `the file ends with ${footer} but holds no ${header} block whose length ends at it (${header}, a 4-byte length, the signature, optional zero padding, ${footer})`;
  }
  // No footer at the end. A marker after the zip's own data (in or after its end record) is a block
  // in some other layout: something was appended after it, or it was cut short.
  const eocd = findEocd(bytes, bytes.length);
  const from = eocd >= 0 ? eocd + 22 : Math.max(0, bytes.length - MAX_SIGNATURE_BYTES - 0xffff);
  for (const { header, footer } of MARKERS) {
    for (const marker of [header, footer]) {
      if (indexOf(bytes, encoder.encode(marker), from, bytes.length) >= 0) {
        return `the file carries ${marker} after its zip data but does not end with a ${header} … ${footer} block: bytes were appended after the signature, or it was cut short`;
      }
    }
  }
  return undefined;
}

/**
 * The zip as it was signed, by layout: 'appended' when the zip's end record ends exactly at the block,
 * 'eocd-comment' when its comment length was raised to cover the block (and is lowered back here).
 */
function signedContent(bytes: Uint8Array, block: Block): { layout: BundleSignature['layout']; content: Uint8Array } | string {
  const stored = bytes.subarray(0, block.start);
  const eocd = findEocd(bytes, block.start);
  if (eocd < 0) return 'no zip end-of-central-directory record precedes the signature block';
  const comment = u16(bytes, eocd + 20);
  if (eocd + 22 + comment === block.start) return { layout: 'appended', content: stored };
  const blockLength = bytes.length - block.start;
  if (eocd + 22 + comment === bytes.length && comment >= blockLength) {
    const content = stored.slice();
    const original = comment - blockLength;
    content[eocd + 20] = original & 0xff;
    content[eocd + 21] = original >> 8;
    return { layout: 'eocd-comment', content };
  }
  return `the zip's end record (comment length ${comment}) ends neither at the signature block nor at the end of the file: bytes were inserted between the zip and its signature`;
}

const invalid = (reason: string, extra: Partial<BundleSignature> = {}): BundleSignature => ({ state: 'invalid', reason, ...extra });

/**
 * Reads and verifies a bundle's signature. Never throws: whatever cannot be read is an invalid
 * signature with the reason, and the zip to read is the content before the block when there is one.
 */
export function readBundleSignature(bytes: Uint8Array): SignedBundle {
  const block = findBlock(bytes);
  if (block === undefined) return { zip: bytes, signature: { state: 'absent' } };
  if (typeof block === 'string') return { zip: bytes, signature: invalid(block) };
  const content = signedContent(bytes, block);
  if (typeof content === 'string') return { zip: bytes.subarray(0, block.start), signature: invalid(content, { marker: block.marker }) };
  let signature: BundleSignature;
  try {
    signature = verifyCms(block.der, content.content);
  } catch (err) {
    signature = invalid(`the signature is not a CMS SignedData this gate can read (${err instanceof Error ? err.message : String(err)})`);
  }
  return { zip: content.content, signature: { ...signature, marker: block.marker, layout: content.layout } };
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** "CN=Acme, O=Acme Corp" from node's one-attribute-per-line form. */
export function distinguishedName(x509Name: string): string {
  return x509Name.split('\n').filter(Boolean).join(', ');
}

function describe(cert: X509Certificate, parsed: pkijs.Certificate): BundleCertificate {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    sha256: cert.fingerprint256,
    notBefore: parsed.notBefore.value.toISOString(),
    notAfter: parsed.notAfter.value.toISOString(),
    der: Buffer.from(cert.raw).toString('base64'),
  };
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

/** Whether the SignerInfo's sid names this certificate (issuer and serial, or subject key identifier). */
function identifies(sid: unknown, cert: pkijs.Certificate): boolean {
  const { pkijs } = x509();
  if (sid instanceof pkijs.IssuerAndSerialNumber) return sid.issuer.isEqual(cert.issuer) && sid.serialNumber.isEqual(cert.serialNumber);
  const ski = extension(cert, OID.subjectKeyIdentifier)?.parsedValue;
  const id = (sid as { valueBlock?: { valueHexView?: Uint8Array } })?.valueBlock?.valueHexView;
  const own = (ski as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)?.valueBlock?.valueHexView;
  return id !== undefined && own !== undefined && hex(id) === hex(own);
}

/** The chain the signature carries, signer first, each certificate issued by the next; or why it does not link. */
function linkChain(certs: X509Certificate[]): X509Certificate[] | string {
  const chain = [certs[0]];
  const rest = certs.slice(1);
  for (;;) {
    const last = chain[chain.length - 1];
    if (last.checkIssued(last) && last.verify(last.publicKey)) break; // self-signed: the chain ends here
    const i = rest.findIndex((c) => last.checkIssued(c) && last.verify(c.publicKey));
    if (i < 0) break;
    const issuer = rest.splice(i, 1)[0];
    if (!issuer.ca) return `"${distinguishedName(issuer.subject)}" issued "${distinguishedName(last.subject)}" but is not a CA certificate (basicConstraints CA:TRUE)`;
    chain.push(issuer);
  }
  if (rest.length > 0) {
    return `the certificate "${distinguishedName(rest[0].subject)}" in the signature is not part of the signer's chain: the chain does not link`;
  }
  return chain;
}

function verifyCms(der: Uint8Array, content: Uint8Array): BundleSignature {
  const { asn1js, pkijs } = x509();
  const asn = asn1js.fromBER(der);
  if (asn.offset === -1) return invalid(`the signature is not DER: ${asn.result.error}`);
  if (asn.offset !== der.length) return invalid(`the signature has ${der.length - asn.offset} bytes after its DER structure`);
  const info = new pkijs.ContentInfo({ schema: asn.result });
  if (info.contentType !== OID.signedData) return invalid(`the signature is a CMS ${info.contentType}, not SignedData`);
  const sd = new pkijs.SignedData({ schema: info.content });
  if (sd.encapContentInfo.eContentType !== OID.data) return invalid(`the signed content type is ${sd.encapContentInfo.eContentType}, not data`);
  if (sd.encapContentInfo.eContent !== undefined) return invalid('the signature embeds its content instead of signing the bundle detached');
  if (sd.signerInfos.length !== 1) return invalid(`the signature has ${sd.signerInfos.length} signers; a bundle signature has exactly one`);

  // Raw DER of each certificate as the signature carries it (fingerprints and node:crypto need the original bytes).
  const certsField = (info.content as asn1js.Sequence).valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0) as asn1js.Constructed | undefined;
  const raws = (certsField?.valueBlock.value ?? []).map((b) => new Uint8Array(b.valueBeforeDecodeView));
  const parsed = sd.certificates ?? [];
  if (raws.length === 0) return invalid('the signature carries no certificate: there is no signer to check');
  if (raws.length > MAX_CERTIFICATES) return invalid(`the signature carries ${raws.length} certificates, more than ${MAX_CERTIFICATES}`);
  if (parsed.length !== raws.length || !parsed.every((c) => c instanceof pkijs.Certificate)) return invalid('the signature carries something other than X.509 certificates');
  const pkiCerts = parsed as pkijs.Certificate[];
  const certs = raws.map((r) => new X509Certificate(r));
  const signer = describe(certs[0], pkiCerts[0]);
  const withSigner = (reason: string): BundleSignature => invalid(reason, { chain: [signer] });

  const si = sd.signerInfos[0];
  if (!identifies(si.sid, pkiCerts[0])) {
    return withSigner(pkiCerts.some((c) => identifies(si.sid, c)) ? 'the signer certificate is not the first in the signature' : 'no certificate in the signature belongs to its signer');
  }
  if (si.digestAlgorithm.algorithmId !== OID.sha256) return withSigner(`the digest algorithm is ${si.digestAlgorithm.algorithmId}, not SHA-256`);
  const keyType = SIGNATURE_ALGORITHMS.get(si.signatureAlgorithm.algorithmId);
  if (keyType === undefined) return withSigner(`the signature algorithm ${si.signatureAlgorithm.algorithmId} is not RSA PKCS#1 v1.5 or ECDSA with SHA-256`);
  if (certs[0].publicKey.asymmetricKeyType !== keyType) return withSigner(`the signature algorithm does not match the signer's ${certs[0].publicKey.asymmetricKeyType} key`);

  const attrs = si.signedAttrs;
  if (attrs === undefined || attrs.encodedValue.byteLength === 0) return withSigner('the signature has no signed attributes, so it does not cover a message digest');
  const types = attrs.attributes.map((a) => a.type);
  if (new Set(types).size !== types.length) return withSigner('a signed attribute appears twice');
  const attr = (oid: string) => attrs.attributes.find((a) => a.type === oid);
  const contentType = attr(OID.contentType)?.values;
  if (contentType?.length !== 1 || !(contentType[0] instanceof asn1js.ObjectIdentifier) || contentType[0].valueBlock.toString() !== OID.data) {
    return withSigner('the contentType signed attribute is missing or is not data');
  }
  const md = attr(OID.messageDigest)?.values;
  if (md?.length !== 1 || !(md[0] instanceof asn1js.OctetString)) return withSigner('the messageDigest signed attribute is missing');
  const time = attr(OID.signingTime)?.values[0];
  const signingTime = time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime ? time.toDate().toISOString() : undefined;

  if (hex(md[0].valueBlock.valueHexView) !== createHash('sha256').update(content).digest('hex')) {
    return withSigner('the bundle was changed after it was signed: its SHA-256 is not the signed message digest');
  }
  // The signature covers the DER of the signed attributes as a SET (the [0] IMPLICIT tag becomes 0x31).
  const signedBytes = new Uint8Array(attrs.encodedValue.slice(0));
  signedBytes[0] = 0x31;
  const sig = si.signature.valueBlock.valueHexView;
  if (!verifySignature('sha256', signedBytes, certs[0].publicKey, sig)) {
    return withSigner(`the signature does not verify with the key of "${signer.subject}": it was not made by that certificate`);
  }

  const eku = extension(pkiCerts[0], OID.extKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  if (eku !== undefined && !eku.keyPurposes.includes(OID.codeSigning)) {
    return withSigner(`the signer certificate may not sign code (its extended key usage is ${eku.keyPurposes.join(', ')}, without code signing ${OID.codeSigning})`);
  }
  const chain = linkChain(certs);
  if (typeof chain === 'string') return withSigner(chain);
  return { state: 'valid', signingTime, chain: chain.map((c) => describe(c, pkiCerts[certs.indexOf(c)])) };
}
