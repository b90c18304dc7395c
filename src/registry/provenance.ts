// Sigstore attestations from the registry's /-/npm/v1/attestations/<name>@<version>, verified
// OFFLINE against the trusted root that ships in @sigstore/tuf's seeds (never fetching TUF at run
// time). Order and error codes follow pacote (lib/registry.js): keyid -> key expiry -> subject name
// -> subject digest -> Sigstore verification (Fulcio chain, CT, transparency-log entry, signature).
// The Sigstore libraries are loaded on first use: a run with no attestation to verify does not
// initialise them.
import type { SerializedBundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { Signer, TrustMaterial } from '@sigstore/verify';
import ssri from 'ssri';
import type { ProvenanceFacts, ProvenanceSource } from '../types.js';
import { keysFor, publicKeyFromSpki, seedTarget, type TrustedKey } from './keys.js';
import { normaliseRepository } from '../ecosystems/npm-registry.js';

export const SLSA_PROVENANCE_PREFIX = 'https://slsa.dev/provenance/';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface AttestedVersion {
  name: string;
  version: string;
  /** dist.integrity (sha512) as the registry serves it. */
  integrity: string;
}

interface Attestation {
  predicateType: string;
  bundle: SerializedBundle;
}

type SigstoreLibraries = typeof import('../lazy/sigstore.js');

let sigstoreLibraries: SigstoreLibraries | undefined;

/** @sigstore/bundle, protobuf-specs and verify, loaded once, when first needed. */
function sigstore(): SigstoreLibraries {
  sigstoreLibraries ??= require('../lazy/sigstore.js') as SigstoreLibraries;
  return sigstoreLibraries;
}

let shippedRoot: TrustedRoot | undefined;

/** The Sigstore trusted root that ships with the gate. */
export function shippedTrustedRoot(): TrustedRoot {
  shippedRoot ??= sigstore().specs.TrustedRoot.fromJSON(JSON.parse(seedTarget('trusted_root.json')));
  return shippedRoot;
}

/** A failure with pacote's code; thrown inside this module only, returned as data. */
class AttestationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(code: string, message: string): never {
  throw new AttestationError(code, message);
}

/** The package URL npm puts in the statement subject: pkg:npm/%40scope/name@1.0.0. */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

function readAttestations(body: unknown, id: string): Attestation[] {
  const list = (body as { attestations?: unknown })?.attestations;
  if (!Array.isArray(list) || list.length === 0) {
    fail('EATTESTATIONVERIFY', `${id}: the attestations endpoint answered without an "attestations" list`);
  }
  return list.map((a, i) => {
    const { predicateType, bundle } = (a ?? {}) as Record<string, unknown>;
    const envelope = (bundle as { dsseEnvelope?: { payload?: unknown; signatures?: unknown } } | undefined)?.dsseEnvelope;
    if (typeof predicateType !== 'string' || !envelope || typeof envelope.payload !== 'string' || !Array.isArray(envelope.signatures)) {
      fail('EATTESTATIONVERIFY', `${id}: attestation ${i} is not a Sigstore bundle with a DSSE envelope`);
    }
    return { predicateType, bundle: bundle as SerializedBundle };
  });
}

interface Statement {
  subject?: { name?: unknown; digest?: { sha512?: unknown } }[];
  predicate?: unknown;
}

function statementOf(a: Attestation, id: string): Statement {
  const env = a.bundle.dsseEnvelope!;
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    fail('EATTESTATIONVERIFY', `${id} failed to verify attestation ${a.predicateType}: unsupported payload type ${JSON.stringify(env.payloadType)}`);
  }
  try {
    return JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Statement;
  } catch {
    fail('EATTESTATIONVERIFY', `${id} failed to verify attestation ${a.predicateType}: the payload is not JSON`);
  }
}

/** Publish attestations carry the registry's keyid; keyless (Fulcio) ones carry none. */
function keyidOf(a: Attestation): string {
  return a.bundle.dsseEnvelope?.signatures[0]?.keyid ?? '';
}

function checkKey(a: Attestation, keys: readonly TrustedKey[], id: string): TrustedKey | undefined {
  const keyid = keyidOf(a);
  const usesPublicKey = !!a.bundle.verificationMaterial?.publicKey;
  if (!keyid) {
    // A bundle signed by a bare key must say which key; only certificate bundles may omit it.
    if (usesPublicKey) fail('EMISSINGSIGNATUREKEY', `${id} has a ${a.predicateType} attestation signed by a public key but without a keyid`);
    return undefined;
  }
  const key = keys.find((k) => k.keyid === keyid);
  if (!key) fail('EMISSINGSIGNATUREKEY', `${id} has attestations with keyid: ${keyid} but no corresponding public key can be found`);
  const integrated = Number(a.bundle.verificationMaterial?.tlogEntries?.[0]?.integratedTime ?? NaN) * 1000;
  if (key.expires && !(integrated < Date.parse(key.expires))) {
    fail('EEXPIREDSIGNATUREKEY', `${id} has attestations with keyid: ${keyid} but the corresponding public key has expired ${key.expires}`);
  }
  return key;
}

function checkSubject(st: Statement, v: AttestedVersion, id: string): void {
  const subject = st.subject?.[0];
  const purl = npmPurl(v.name, v.version);
  if (subject?.name !== purl) {
    fail('EATTESTATIONSUBJECT', `${id} package name and version (PURL): ${purl} doesn't match what was signed: ${String(subject?.name)}`);
  }
  let hex: string;
  try {
    hex = ssri.parse(v.integrity, { single: true }).hexDigest();
  } catch {
    fail('EATTESTATIONSUBJECT', `${id} has no sha512 integrity to compare with the attestation subject`);
  }
  if (subject?.digest?.sha512 !== hex) {
    fail('EATTESTATIONSUBJECT', `${id} package integrity (hex digest): ${hex} doesn't match what was signed: ${String(subject?.digest?.sha512)}`);
  }
}

function trustFor(root: TrustedRoot, key: TrustedKey | undefined): TrustMaterial {
  return sigstore().verify.toTrustMaterial(root, (hint) => {
    if (!key) throw new Error(`no trusted key for hint ${hint}`);
    return { publicKey: publicKeyFromSpki(key.key), validFor: () => true };
  });
}

function sigstoreVerify(a: Attestation, root: TrustedRoot, key: TrustedKey | undefined, id: string): Signer {
  try {
    const { bundle, verify } = sigstore();
    const verifier = new verify.Verifier(trustFor(root, key), { tlogThreshold: 1, ctlogThreshold: 1 });
    return verifier.verify(verify.toSignedEntity(bundle.bundleFromJSON(a.bundle)));
  } catch (e) {
    const code = (e as { code?: string }).code;
    fail('EATTESTATIONVERIFY', `${id} failed to verify attestation ${a.predicateType}: ${code ? code + ': ' : ''}${(e as Error).message}`);
  }
}

const OID_FULCIO = '1.3.6.1.4.1.57264.1.';

function oidValue(signer: Signer, suffix: number): string | undefined {
  const hit = signer.identity?.oids?.find((o) => o.oid?.id.join('.') === OID_FULCIO + suffix);
  if (!hit) return undefined;
  const raw = Buffer.from(hit.value);
  // Fulcio's newer extensions (1.8+) are DER UTF8String; the legacy ones (1.1-1.6) are raw bytes.
  if (suffix >= 8 && raw[0] === 0x0c) return raw.subarray(raw[1] < 0x80 ? 2 : 2 + (raw[1] & 0x7f)).toString('utf8');
  return raw.toString('utf8');
}

/** Repository and workflow from the signing certificate: what the signature vouches for. */
export function sourceFromSigner(signer: Signer, predicateType: string): ProvenanceSource {
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const github = san?.match(/^https:\/\/([^/]+)\/([^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+)@(.+)$/);
  const gitlab = san?.match(/^https:\/\/([^/]+)\/(.+?)\/\/(.+)@(.+)$/);
  const parts = github ?? gitlab;
  const fromOid = oidValue(signer, 12) ?? (parts && oidValue(signer, 5) ? `https://${parts[1]}/${oidValue(signer, 5)}` : undefined);
  const repository = normaliseRepository(fromOid ?? (parts ? `${parts[1]}/${parts[2]}` : undefined));
  return {
    repository,
    workflow: parts ? `${parts[3]}@${parts[4]}` : undefined,
    identity: san,
    issuer,
    commit: oidValue(signer, 13) ?? oidValue(signer, 3),
    predicateType,
  };
}

/**
 * Verify every attestation the registry serves for a version. Keys are the registry's attestation
 * keys (for publish attestations); provenance is keyless and checked against the shipped root.
 */
export function verifyAttestations(
  body: unknown,
  v: AttestedVersion,
  allKeys: readonly TrustedKey[],
  root: TrustedRoot = shippedTrustedRoot(),
): ProvenanceFacts {
  const id = `${v.name}@${v.version}`;
  try {
    const attestations = readAttestations(body, id);
    const keys = keysFor(allKeys, 'attestations');
    const keyed = attestations.filter((a) => keyidOf(a));
    if (keyed.length > 0 && !keyed.some((a) => keys.some((k) => k.keyid === keyidOf(a)))) {
      fail('EMISSINGSIGNATUREKEY', `${id} has attestations but no corresponding public key(s) can be found`);
    }
    let provenance: ProvenanceSource | undefined;
    let publishAttestation = false;
    for (const a of attestations) {
      const key = checkKey(a, keys, id);
      const statement = statementOf(a, id);
      checkSubject(statement, v, id);
      const signer = sigstoreVerify(a, root, key, id);
      if (a.predicateType.startsWith(SLSA_PROVENANCE_PREFIX)) {
        if (!signer.identity?.subjectAlternativeName) {
          fail('EATTESTATIONVERIFY', `${id} has a provenance attestation that is not signed by a build identity certificate`);
        }
        provenance = sourceFromSigner(signer, a.predicateType);
      } else if (key) {
        publishAttestation = true;
      }
    }
    return { status: 'verified', provenance, publishAttestation, predicateTypes: attestations.map((a) => a.predicateType) };
  } catch (e) {
    if (e instanceof AttestationError) return { status: 'invalid', code: e.code, message: e.message };
    return { status: 'invalid', code: 'EATTESTATIONVERIFY', message: `${id} failed to verify attestations: ${(e as Error).message}` };
  }
}
