import fs from 'node:fs';
import path from 'node:path';
import { keysFromTufKeysJson, npmKeyId, shippedNpmKeys } from '../../src/registry/keys.js';
import { verifyRegistrySignatures } from '../../src/registry/signature.js';

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/registry/npm-registry-signatures.json'), 'utf8')) as {
  keys: { keyId: string; publicKey: { rawBytes: string } }[];
  signatures: { name: string; version: string; integrity: string; keyid: string; sig: string }[];
};

// Publish times inside each key's validity (the old key expired 2025-01-29).
const publishedFor = (keyid: string) => (keyid.startsWith('SHA256:jl3b') ? '2023-06-01T00:00:00.000Z' : '2026-01-10T00:00:00.000Z');

describe('registry signatures against the keys that ship with the gate', () => {
  const keys = shippedNpmKeys();

  it('ships the public registry keys, with the old key expiring 2025-01-29', () => {
    const old = keys.find((k) => k.keyid === 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA' && k.usage === 'signatures');
    const current = keys.find((k) => k.keyid === 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U' && k.usage === 'signatures');
    expect(old?.expires).toBe('2025-01-29T00:00:00.000Z');
    expect(current?.expires).toBeNull();
    // The vectors' key list is the same TUF keys.json format; the shipped one must hold the same keys.
    expect(keysFromTufKeysJson(JSON.stringify(vectors)).map((k) => [k.keyid, k.key, k.usage])).toEqual(keys.map((k) => [k.keyid, k.key, k.usage]));
  });

  it('computes npm keyids as the OpenSSH SHA-256 fingerprint', () => {
    for (const k of vectors.keys) expect(npmKeyId(k.publicKey.rawBytes)).toBe(k.keyId);
  });

  it.each(vectors.signatures.map((s) => [`${s.name}@${s.version}`, s]))('verifies the real signature of %s', (_id, s) => {
    const result = verifyRegistrySignatures({ ...s, publishedAt: publishedFor(s.keyid), signatures: [{ keyid: s.keyid, sig: s.sig }] }, keys);
    expect(result).toEqual({ status: 'verified', keyids: [s.keyid] });
  });

  it('rejects any changed byte of name, version, integrity or signature', () => {
    const s = vectors.signatures[8];
    const base = { name: s.name, version: s.version, integrity: s.integrity, publishedAt: publishedFor(s.keyid), signatures: [{ keyid: s.keyid, sig: s.sig }] };
    const sigBytes = Buffer.from(s.sig, 'base64');
    sigBytes[sigBytes.length - 3] ^= 1;
    const variants = [
      { ...base, name: s.name + 'x' },
      { ...base, version: '2.1.99' },
      { ...base, integrity: s.integrity.replace(/^sha512-8/, 'sha512-9') },
      { ...base, signatures: [{ keyid: s.keyid, sig: sigBytes.toString('base64') }] },
    ];
    for (const v of variants) {
      const r = verifyRegistrySignatures(v, keys);
      expect(r).toMatchObject({ status: 'invalid', code: 'EINTEGRITYSIGNATURE' });
      expect(r.status === 'invalid' && r.message).toContain(`${v.name}@${v.version}`);
    }
  });

  it('rejects a signature by a key that expired before the version was published', () => {
    const s = vectors.signatures[0];
    const r = verifyRegistrySignatures(
      { ...s, publishedAt: '2025-02-01T00:00:00.000Z', signatures: [{ keyid: s.keyid, sig: s.sig }] },
      keys,
    );
    expect(r).toMatchObject({ status: 'invalid', code: 'EEXPIREDSIGNATUREKEY', keyid: s.keyid });
    expect(r.status === 'invalid' && r.message).toMatch(/kms-demo@1\.0\.0 .* expired 2025-01-29/);
  });

  it('rejects a keyid no trusted key has, and a missing signature when keys exist', () => {
    const s = vectors.signatures[0];
    expect(verifyRegistrySignatures({ ...s, signatures: [{ keyid: 'SHA256:nobody', sig: s.sig }] }, keys)).toMatchObject({
      status: 'invalid',
      code: 'EMISSINGSIGNATUREKEY',
      keyid: 'SHA256:nobody',
    });
    expect(verifyRegistrySignatures({ ...s, signatures: [] }, keys)).toMatchObject({ status: 'invalid', code: 'ESIGNATUREMISSING' });
    expect(verifyRegistrySignatures({ ...s, signatures: [] }, [])).toMatchObject({ status: 'unsigned' });
  });

  it('does not use attestation-only keys for registry signatures', () => {
    const s = vectors.signatures[9];
    const attestationOnly = keys.filter((k) => k.usage === 'attestations');
    expect(verifyRegistrySignatures({ ...s, signatures: [{ keyid: s.keyid, sig: s.sig }] }, attestationOnly)).toMatchObject({ code: 'EMISSINGSIGNATUREKEY' });
  });
});
