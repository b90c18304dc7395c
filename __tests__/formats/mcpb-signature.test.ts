// Bundle signatures verified against the bundle's bytes, on real bundles signed by the real tools
// (fixtures/formats/mcpb/signed/make.sh: @anthropic-ai/mcpb 2.1.2, @anthropic-ai/dxt 0.2.6, openssl),
// and on those bundles changed the ways an attacker (or a broken pipeline) would change them.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { readBundleSignature } from '../../src/formats/mcp/mcpb/signature.js';
import { mcpb } from '../../src/formats/mcp/mcpb/index.js';
import type { BundleSignature } from '../../src/types.js';
import { concat, FIXTURES } from './helpers.js';

const SIGNED = path.join(FIXTURES, 'mcpb', 'signed');
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(SIGNED, name)));
const fingerprint = (pem: string): string => new X509Certificate(readFileSync(path.join(SIGNED, pem))).fingerprint256;
const sig = (bytes: Uint8Array): BundleSignature => readBundleSignature(bytes).signature;

/** Where the DER signature of a bundle in the appended layout starts, and how long it is. */
function derOf(bytes: Uint8Array, header = 'MCPB_SIG_V1'): { at: number; length: number; headerAt: number } {
  const headerAt = Buffer.from(bytes).lastIndexOf(Buffer.from(header));
  expect(headerAt).toBeGreaterThan(0);
  const length = Buffer.from(bytes).readUInt32LE(headerAt + header.length);
  return { at: headerAt + header.length + 4, length, headerAt };
}

describe('real signed bundles', () => {
  test('unsigned.mcpb (mcpb pack) has no signature', () => {
    expect(sig(bytesOf('unsigned.mcpb'))).toEqual({ state: 'absent' });
  });

  test('self-signed.mcpb (mcpb sign --self-signed, RSA 4096): valid, the signer is the certificate mcpb made', () => {
    const s = sig(bytesOf('self-signed.mcpb'));
    expect(s).toMatchObject({ state: 'valid', marker: 'MCPB_SIG_V1', layout: 'appended' });
    expect(s.chain).toHaveLength(1);
    expect(s.chain![0]).toMatchObject({
      subject: 'CN=MCPB Self-Signed Certificate, O=MCPB Extensions, C=US',
      sha256: fingerprint('self-signed-cert.pem'),
    });
    expect(Date.parse(s.signingTime!)).toBeGreaterThanOrEqual(Date.parse(s.chain![0].notBefore));
  });

  test('chain.mcpb (mcpb sign -c leaf -k key -i intermediate): valid, signer then intermediate', () => {
    const s = sig(bytesOf('chain.mcpb'));
    expect(s).toMatchObject({ state: 'valid', layout: 'appended' });
    expect(s.chain!.map((c) => c.sha256)).toEqual([fingerprint('leaf.pem'), fingerprint('intermediate-ca.pem')]);
    expect(s.chain![1].issuer).toBe('CN=Example Bundle Root CA, O=Example Corp');
  });

  test('ecdsa.mcpb (openssl cms, P-256 key): ECDSA signatures verify too', () => {
    const s = sig(bytesOf('ecdsa.mcpb'));
    expect(s).toMatchObject({ state: 'valid', layout: 'appended' });
    expect(new X509Certificate(Buffer.from(s.chain![0].der, 'base64')).publicKey.asymmetricKeyType).toBe('ec');
  });

  test('dxt-chain.dxt (dxt sign, before the rename): DXT_SIG_V1 markers', () => {
    expect(sig(bytesOf('dxt-chain.dxt'))).toMatchObject({ state: 'valid', marker: 'DXT_SIG_V1', layout: 'appended' });
  });

  test.each(['chain-eocd.mcpb', 'self-signed-eocd.mcpb'])('%s (the newer layout: the zip comment counts the block) is valid, and its zip is read', (name) => {
    const bytes = bytesOf(name);
    // The end record of the file as stored claims a comment that runs to the end of the file.
    const eocd = Buffer.from(bytes).lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), derOf(bytes).headerAt);
    expect(eocd + 22 + Buffer.from(bytes).readUInt16LE(eocd + 20)).toBe(bytes.length);
    expect(sig(bytes)).toMatchObject({ state: 'valid', layout: 'eocd-comment' });
    const parsed = mcpb.parseBytes!(bytes, `bundles/${name}`);
    expect(parsed.issues).toEqual([]);
    expect(parsed.deps[0]).toMatchObject({ name: 'clock-tools', version: '1.0.0' });
    expect(parsed.servers).toEqual([expect.objectContaining({ name: 'clock-tools', command: 'node' })]);
  });

  test('expired.mcpb: the signature itself verifies (the clock is the policy check\'s business)', () => {
    const s = sig(bytesOf('expired.mcpb'));
    expect(s.state).toBe('valid');
    expect(s.chain![0].notAfter).toBe('2021-01-01T00:00:00.000Z');
  });

  test('tls-leaf.mcpb: a certificate for TLS servers only may not sign code', () => {
    expect(sig(bytesOf('tls-leaf.mcpb'))).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/may not sign code/) });
  });
});

describe('changed after signing, forged, truncated', () => {
  const chain = bytesOf('chain.mcpb');
  const unsigned = bytesOf('unsigned.mcpb');

  test('the 28 bytes anyone can append (MCPB_SIG_V1, length 1, "X", MCPB_SIG_END) are an invalid signature', () => {
    const forged = concat(unsigned, strToU8('MCPB_SIG_V1'), new Uint8Array([1, 0, 0, 0]), strToU8('X'), strToU8('MCPB_SIG_END'));
    expect(forged.length - unsigned.length).toBe(28);
    expect(sig(forged)).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/not DER|not a CMS/) });
  });

  test('one byte of the zip changed after signing', () => {
    const changed = chain.slice();
    changed[40] ^= 0x01; // inside the first entry's data
    expect(sig(changed)).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/changed after it was signed/) });
  });

  test('a real signature moved onto another bundle', () => {
    const { headerAt } = derOf(chain);
    const other = zipSync({ 'manifest.json': strToU8('{}') });
    expect(sig(concat(other, chain.subarray(headerAt)))).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/changed after it was signed/) });
  });

  test('the signature value altered (the last byte of the DER is the signature\'s)', () => {
    const { at, length } = derOf(chain);
    const altered = chain.slice();
    altered[at + length - 1] ^= 0x01;
    expect(sig(altered)).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/does not verify with the key/) });
  });

  test('a truncated signature (the DER cut short, length and footer consistent)', () => {
    const { at, length, headerAt } = derOf(chain);
    const cut = length - 200;
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, cut, true);
    const truncated = concat(chain.subarray(0, headerAt), strToU8('MCPB_SIG_V1'), len, chain.subarray(at, at + cut), strToU8('MCPB_SIG_END'));
    expect(sig(truncated).state).toBe('invalid');
  });

  test('a file cut inside its signature block', () => {
    expect(sig(chain.subarray(0, chain.length - 100))).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/does not end with/) });
  });

  test('bytes after the footer', () => {
    expect(sig(concat(chain, strToU8('\n')))).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/appended after the signature/) });
  });

  test('zero padding before the footer is allowed; anything else between the signature and the footer is not', () => {
    const { at, length } = derOf(chain);
    const footer = strToU8('MCPB_SIG_END');
    expect(sig(concat(chain.subarray(0, at + length), new Uint8Array(16), footer)).state).toBe('valid');
    expect(sig(concat(chain.subarray(0, at + length), new Uint8Array(16).fill(0x20), footer)).state).toBe('invalid');
  });

  test('bytes inserted between the zip and its signature block', () => {
    const { headerAt } = derOf(chain);
    const inserted = concat(chain.subarray(0, headerAt), strToU8('PK junk'), chain.subarray(headerAt));
    expect(sig(inserted)).toMatchObject({ state: 'invalid', reason: expect.stringMatching(/inserted between/) });
  });

  test('the newer layout with a comment length that does not match the block', () => {
    const eocdBytes = bytesOf('chain-eocd.mcpb').slice();
    const eocd = Buffer.from(eocdBytes).lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), derOf(eocdBytes).headerAt);
    new DataView(eocdBytes.buffer).setUint16(eocd + 20, new DataView(eocdBytes.buffer).getUint16(eocd + 20, true) - 1, true);
    expect(sig(eocdBytes).state).toBe('invalid');
  });

  test('the marker text inside an unsigned bundle\'s own files is not a signature', () => {
    const z = zipSync({ 'manifest.json': strToU8('{}'), 'sign.js': strToU8('const SIGNATURE_HEADER = "MCPB_SIG_V1"; const F = "MCPB_SIG_END";') }, { level: 0 });
    expect(sig(z)).toEqual({ state: 'absent' });
  });

  test('the zip before an invalid block is still read (its findings still count)', () => {
    const changed = chain.slice();
    changed[40] ^= 0x01;
    const parsed = mcpb.parseBytes!(changed, 'x.mcpb');
    expect(parsed.deps[0].signature!.state).toBe('invalid');
    expect(parsed.issues!.some((i) => i.rule === 'bundle')).toBe(true); // the CRC no longer matches
  });
});
