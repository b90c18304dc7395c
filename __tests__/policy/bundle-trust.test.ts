// Who is trusted to sign bundles (bundles.signers, bundles.ca, else the public roots), and what a
// real signature is worth under each policy at a given time. Pure: the clock is passed in.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readBundleSignature } from '../../src/formats/mcp/mcpb/signature';
import { fingerprintHex, judgeBundleSignature, readBundleCa } from '../../src/policy/bundle-trust';
import { parsePolicy, PolicyError } from '../../src/policy/index';
import type { BundleSignature } from '../../src/types';
import type { Policy } from '../../src/policy/types';
import { FIXTURES, lineOf } from '../formats/helpers';

const SIGNED = path.join(FIXTURES, 'mcpb', 'signed');
const text = (name: string) => readFileSync(path.join(SIGNED, name), 'utf8');
const signatureOf = (name: string): BundleSignature => readBundleSignature(new Uint8Array(readFileSync(path.join(SIGNED, name)))).signature;
const fingerprint = (pem: string) => new X509Certificate(text(pem)).fingerprint256;
const POLICY_FILE = '.github/mcp-policy.yml';
const NOW = new Date();

function bundles(yaml: string, caText?: string): Policy['bundles'] {
  const p = parsePolicy(`version: 1\nbundles:\n${yaml}`, { kind: 'file', path: POLICY_FILE });
  if (p.bundles.ca) p.bundles.ca.certs = readBundleCa(caText, POLICY_FILE, p.bundles.ca);
  return p.bundles;
}

const NONE = bundles('  require: signature\n');

describe('without signers or ca: only a publicly trusted root counts', () => {
  test('a self-signed signature (mcpb sign --self-signed) is untrusted, and says why', () => {
    const t = judgeBundleSignature(signatureOf('self-signed.mcpb'), NONE, NOW);
    expect(t).toMatchObject({ status: 'untrusted', signer: { sha256: fingerprint('self-signed-cert.pem') } });
    expect(t.detail).toMatch(/self-signed certificate proves nothing/);
  });

  test('a chain to a private root is untrusted', () => {
    const t = judgeBundleSignature(signatureOf('chain.mcpb'), NONE, NOW);
    expect(t.status).toBe('untrusted');
    expect(t.detail).toMatch(/Example Bundle Root CA.*not a publicly trusted root/);
  });

  test('absent and invalid signatures', () => {
    expect(judgeBundleSignature({ state: 'absent' }, NONE, NOW).status).toBe('absent');
    expect(judgeBundleSignature(undefined, NONE, NOW).status).toBe('absent');
    expect(judgeBundleSignature(signatureOf('tls-leaf.mcpb'), NONE, NOW)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/may not sign code/) });
  });
});

describe('bundles.signers: a pinned signer certificate', () => {
  const pinned = bundles(`  signers:\n    - name: MCPB self-signed\n      sha256: "${fingerprint('self-signed-cert.pem').toLowerCase()}"\n`);

  test('the pinned certificate is trusted (colons and case ignored), in either layout', () => {
    for (const name of ['self-signed.mcpb', 'self-signed-eocd.mcpb']) {
      expect(judgeBundleSignature(signatureOf(name), pinned, NOW)).toMatchObject({ status: 'verified', detail: expect.stringMatching(/MCPB self-signed/) });
    }
  });

  test('another signer is not, and with signers set the public roots are not consulted', () => {
    expect(judgeBundleSignature(signatureOf('chain.mcpb'), pinned, NOW)).toMatchObject({ status: 'untrusted', detail: expect.stringMatching(/pinned in bundles\.signers/) });
  });

  test('a pinned certificate used before it was valid is invalid, not trusted', () => {
    const sig = signatureOf('self-signed.mcpb');
    const before = new Date(Date.parse(sig.chain![0].notBefore) - 1000);
    expect(judgeBundleSignature(sig, pinned, before)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/not valid before/) });
  });
});

describe('bundles.ca: CA certificates in the repository', () => {
  test('a chain to the root in ca is trusted; so is a chain through an intermediate in ca', () => {
    const root = bundles('  ca: .github/mcpb-ca.pem\n', text('root-ca.pem'));
    for (const name of ['chain.mcpb', 'chain-eocd.mcpb', 'ecdsa.mcpb', 'dxt-chain.dxt']) {
      expect(judgeBundleSignature(signatureOf(name), root, NOW)).toMatchObject({ status: 'verified', detail: expect.stringMatching(/Example Bundle Root CA/) });
    }
    const inter = bundles('  ca: .github/mcpb-ca.pem\n', text('intermediate-ca.pem'));
    expect(judgeBundleSignature(signatureOf('chain.mcpb'), inter, NOW)).toMatchObject({ status: 'verified', detail: expect.stringMatching(/Example Bundle Signing CA/) });
  });

  test('an expired signer is invalid even though its chain reaches the CA', () => {
    const root = bundles('  ca: .github/mcpb-ca.pem\n', text('root-ca.pem'));
    expect(judgeBundleSignature(signatureOf('expired.mcpb'), root, NOW)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/expired on 2021-01-01/) });
  });

  test('the self-signed signer does not chain to the ca', () => {
    const root = bundles('  ca: .github/mcpb-ca.pem\n', text('root-ca.pem'));
    expect(judgeBundleSignature(signatureOf('self-signed.mcpb'), root, NOW)).toMatchObject({ status: 'untrusted', detail: expect.stringMatching(/mcpb-ca\.pem/) });
  });
});

describe('policy errors name the file, the line and the key', () => {
  const err = (fn: () => unknown): PolicyError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      return e as PolicyError;
    }
    throw new Error('expected a PolicyError');
  };

  test('a sha256 that is not 32 bytes of hex', () => {
    const yaml = 'version: 1\nbundles:\n  signers:\n    - name: Acme\n      sha256: "3F:9A"\n';
    const e = err(() => parsePolicy(yaml, { kind: 'file', path: POLICY_FILE }));
    expect(e).toMatchObject({ file: POLICY_FILE, line: lineOf(yaml, 'sha256:'), key: 'bundles.signers.0.sha256' });
  });

  test('an unknown key in a signer entry', () => {
    const yaml = 'version: 1\nbundles:\n  signers:\n    - name: Acme\n      sha265: "aa"\n';
    expect(err(() => parsePolicy(yaml, { kind: 'file', path: POLICY_FILE }))).toMatchObject({ line: lineOf(yaml, 'sha265'), key: 'bundles.signers.0.sha265' });
  });

  test('a ca path outside the repository', () => {
    const yaml = 'version: 1\nbundles:\n  ca: ../secrets/ca.pem\n';
    expect(err(() => parsePolicy(yaml, { kind: 'file', path: POLICY_FILE }))).toMatchObject({ line: 3, key: 'bundles.ca' });
  });

  test('a ca file that is missing, holds no certificate, or holds a certificate that is not a CA', () => {
    const ca = { path: '.github/mcpb-ca.pem', line: 4 };
    expect(err(() => readBundleCa(undefined, POLICY_FILE, ca))).toMatchObject({ file: POLICY_FILE, line: 4, key: 'bundles.ca', detail: expect.stringMatching(/does not exist/) });
    expect(err(() => readBundleCa('just text\n', POLICY_FILE, ca)).detail).toMatch(/holds no PEM certificate/);
    expect(err(() => readBundleCa(text('leaf.pem'), POLICY_FILE, ca)).detail).toMatch(/not a CA certificate.*bundles\.signers/);
    expect(err(() => readBundleCa('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', POLICY_FILE, ca)).detail).toMatch(/cannot be read/);
  });

  test('fingerprints compare without colons or case', () => {
    expect(fingerprintHex('3F:9A:0B')).toBe('3f9a0b');
  });
});
