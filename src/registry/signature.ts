// Registry signatures (dist.signatures), verified the way pacote does (lib/registry.js): every
// signature must be made by a trusted key with that keyid, that key must not have expired before
// the version was published, and the ECDSA signature must verify over `${name}@${version}:${integrity}`.
import crypto from 'node:crypto';
import type { SignatureFacts } from '../types.js';
import { keysFor, publicKeyFromSpki, type TrustedKey } from './keys.js';

export interface RegistrySignature {
  keyid: string;
  sig: string;
}

export interface SignedVersion {
  name: string;
  version: string;
  /** dist.integrity as the registry serves it. */
  integrity?: string;
  /** time[version]; pacote assumes a publish before key rotation began when it is missing. */
  publishedAt?: string;
  signatures?: readonly RegistrySignature[];
}

// pacote's MISSING_TIME_CUTOFF: versions without a publish time are old ones, before keys expired.
const MISSING_TIME_CUTOFF = '2015-01-01T00:00:00.000Z';

/** Whether `sig` (base64 DER) is a valid ECDSA/SHA-256 signature of `message` by the key. */
export function verifyEcdsa(message: string, sig: string, spkiBase64: string): boolean {
  try {
    return crypto.verify('sha256', Buffer.from(message), publicKeyFromSpki(spkiBase64), Buffer.from(sig, 'base64'));
  } catch {
    // A key that is not a key, or a signature that is not DER, simply does not verify.
    return false;
  }
}

/**
 * Judge a version's registry signatures against trusted keys.
 * `keys` empty means the registry publishes no keys: an unsigned version is then 'unsigned', not a failure.
 */
export function verifyRegistrySignatures(v: SignedVersion, allKeys: readonly TrustedKey[]): SignatureFacts {
  const id = `${v.name}@${v.version}`;
  const keys = keysFor(allKeys, 'signatures');
  const signatures = v.signatures ?? [];
  if (signatures.length === 0) {
    if (keys.length === 0) return { status: 'unsigned', reason: 'the registry publishes no signing keys and no signature' };
    return {
      status: 'invalid',
      code: 'ESIGNATUREMISSING',
      message: `${id} has no registry signature, but the registry publishes signing keys (${keys.map((k) => k.keyid).join(', ')})`,
    };
  }
  if (!v.integrity) {
    return { status: 'invalid', code: 'EINTEGRITYSIGNATURE', message: `${id} has registry signatures but no dist.integrity to check them against` };
  }
  const message = `${id}:${v.integrity}`;
  const publishedAt = Date.parse(v.publishedAt ?? MISSING_TIME_CUTOFF);
  const verified: string[] = [];
  for (const s of signatures) {
    const candidates = keys.filter((k) => k.keyid === s.keyid);
    if (candidates.length === 0) {
      return {
        status: 'invalid',
        code: 'EMISSINGSIGNATUREKEY',
        keyid: s.keyid,
        message: `${id} has a registry signature with keyid: ${s.keyid} but no corresponding public key can be found`,
      };
    }
    const current = candidates.filter((k) => !k.expires || publishedAt < Date.parse(k.expires));
    if (current.length === 0) {
      const expires = candidates.map((k) => k.expires).join(', ');
      return {
        status: 'invalid',
        code: 'EEXPIREDSIGNATUREKEY',
        keyid: s.keyid,
        message: `${id} has a registry signature with keyid: ${s.keyid} but the corresponding public key has expired ${expires} (published ${v.publishedAt ?? 'at an unknown time'})`,
      };
    }
    if (!current.some((k) => verifyEcdsa(message, s.sig, k.key))) {
      return {
        status: 'invalid',
        code: 'EINTEGRITYSIGNATURE',
        keyid: s.keyid,
        message: `${id} has an invalid registry signature with keyid: ${s.keyid} over integrity ${v.integrity}`,
      };
    }
    verified.push(s.keyid);
  }
  return { status: 'verified', keyids: verified };
}
