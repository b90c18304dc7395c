// Registry signing keys: the public npm registry's keys that ship with the gate (the Sigstore TUF
// target `registry.npmjs.org/keys.json`, embedded in @sigstore/tuf's seeds), keys a policy lists,
// or keys a registry serves at /-/npm/v1/keys. Pure: no fetching here.
import crypto from 'node:crypto';
import seeds from '@sigstore/tuf/seeds.json';
import type { RegistryKey } from '../policy/types.js';

/** A key the gate trusts, with what it may be used for. */
export interface TrustedKey extends RegistryKey {
  /** 'signatures' (dist.signatures), 'attestations' (publish attestations), or both. */
  usage: 'signatures' | 'attestations' | 'any';
}

const TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
const NPM_KEYS_TARGET = 'registry.npmjs.org%2Fkeys.json';

/** A target file embedded in @sigstore/tuf's seeds (base64 in the JSON), as text. */
export function seedTarget(target: string): string {
  const mirror = (seeds as Record<string, { targets?: Record<string, string> }>)[TUF_MIRROR];
  const b64 = mirror?.targets?.[target];
  if (!b64) throw new Error(`@sigstore/tuf seeds.json has no target ${target} for ${TUF_MIRROR}`);
  return Buffer.from(b64, 'base64').toString('utf8');
}

interface TufKeysFile {
  keys: {
    keyId: string;
    keyUsage: string;
    publicKey: { rawBytes: string; keyDetails?: string; validFor?: { start?: string; end?: string } };
  }[];
}

/** The keys.json format of the Sigstore TUF repository (`{keys: [{keyId, keyUsage, publicKey}]}`). */
export function keysFromTufKeysJson(text: string): TrustedKey[] {
  const parsed = JSON.parse(text) as TufKeysFile;
  if (!parsed || !Array.isArray(parsed.keys)) throw new Error('keys.json has no "keys" array');
  return parsed.keys.map((k) => ({
    keyid: k.keyId,
    key: k.publicKey.rawBytes,
    expires: k.publicKey.validFor?.end ?? null,
    usage: k.keyUsage === 'npm:signatures' ? 'signatures' : k.keyUsage === 'npm:attestations' ? 'attestations' : 'any',
  }));
}

let shipped: TrustedKey[] | undefined;

/** The public npm registry's keys as they ship with the gate (no network). */
export function shippedNpmKeys(): TrustedKey[] {
  shipped ??= keysFromTufKeysJson(seedTarget(NPM_KEYS_TARGET));
  return shipped;
}

/**
 * The body of a registry's /-/npm/v1/keys (`{keys: [{keyid, key, expires, keytype, scheme}]}`).
 * Throws with what is wrong, so the caller can report the registry as answering garbage.
 */
export function keysFromRegistryResponse(body: unknown): TrustedKey[] {
  const keys = (body as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error('the keys endpoint answered without a "keys" array');
  return keys.map((k, i) => {
    const { keyid, key, expires } = (k ?? {}) as Record<string, unknown>;
    if (typeof keyid !== 'string' || typeof key !== 'string') {
      throw new Error(`key ${i} of the keys endpoint has no string "keyid" and "key"`);
    }
    return { keyid, key, expires: typeof expires === 'string' ? expires : null, usage: 'any' as const };
  });
}

/** Keys a policy lists (apply to signatures and attestations, like npm's keys endpoint). */
export function keysFromPolicy(keys: readonly RegistryKey[]): TrustedKey[] {
  return keys.map((k) => ({ ...k, usage: 'any' as const }));
}

/** The keys fit for one purpose. */
export function keysFor(keys: readonly TrustedKey[], usage: 'signatures' | 'attestations'): TrustedKey[] {
  return keys.filter((k) => k.usage === usage || k.usage === 'any');
}

/** A base64 SubjectPublicKeyInfo (DER) as a Node key object; throws when it is not one. */
export function publicKeyFromSpki(base64: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
}

function sshString(data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/**
 * The keyid npm gives an ECDSA P-256 key: `SHA256:` + unpadded base64 of the SHA-256 of the key in
 * OpenSSH wire format (the OpenSSH fingerprint), not of the SPKI DER.
 */
export function npmKeyId(spkiBase64: string): string {
  const jwk = publicKeyFromSpki(spkiBase64).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('not an ECDSA P-256 key');
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  const wire = Buffer.concat([
    sshString(Buffer.from('ecdsa-sha2-nistp256')),
    sshString(Buffer.from('nistp256')),
    sshString(point),
  ]);
  return 'SHA256:' + crypto.createHash('sha256').update(wire).digest('base64').replace(/=+$/, '');
}
