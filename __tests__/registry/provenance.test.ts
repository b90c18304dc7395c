import fs from 'node:fs';
import path from 'node:path';
import { shippedNpmKeys } from '../../src/registry/keys.js';
import { npmPurl, sourceFromSigner, verifyAttestations } from '../../src/registry/provenance.js';
import { normaliseRepository } from '../../src/ecosystems/npm-registry.js';

const dir = path.join(__dirname, '../fixtures/registry/npm-attestations');
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown;
// sigstore@0.4.0 as the registry serves it.
const SIGSTORE_040 = {
  name: 'sigstore',
  version: '0.4.0',
  integrity: 'sha512-KCwMX6k20mQyFkNYG2XT3lwK9u1P36wS9YURFd85zCXPrwrSLZCEh7/vMBFNYcJXRiBtGDS+T4/RZZF493zABA==',
};

describe('Sigstore attestations, verified offline against the shipped trusted root', () => {
  it('verifies the real bundles and reports the source repository and workflow', () => {
    const r = verifyAttestations(load('valid-attestations.json'), SIGSTORE_040, shippedNpmKeys());
    expect(r).toMatchObject({
      status: 'verified',
      publishAttestation: true,
      provenance: {
        repository: 'github.com/sigstore/sigstore-js',
        workflow: '.github/workflows/publish.yml@refs/tags/v0.4.0',
        identity: 'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v0.4.0',
        issuer: 'https://token.actions.githubusercontent.com',
        commit: '8a2ee2fd20dda58ffa4a8d808a65cb1e04711c03',
        predicateType: 'https://slsa.dev/provenance/v0.2',
      },
    });
  });

  it.each([
    ['invalid-attestations.json', 'EATTESTATIONVERIFY', /sigstore@0\.4\.0 failed to verify attestation https:\/\/github.com\/npm\/attestation.*TLOG_BODY_ERROR/],
    ['unsupported-attestations.json', 'EATTESTATIONVERIFY', /unsupported payload type "tlog-entry-mismatch"/],
    ['malformed-subject-attestations.json', 'EATTESTATIONSUBJECT', /integrity \(hex digest\): 282c0c5f.* doesn't match what was signed: undefined/],
    ['mismatched-subject-name-attestations.json', 'EATTESTATIONSUBJECT', /PURL\): pkg:npm\/sigstore@0\.4\.0 doesn't match what was signed: pkg:npm\/sigstore@1\.4\.0/],
    ['mismatched-subject-digest-attestations.json', 'EATTESTATIONSUBJECT', /doesn't match what was signed: 123c0c5f/],
    ['mismatched-keyid-attestations.json', 'EMISSINGSIGNATUREKEY', /keyid: JXkT\/aBM9baLZ7dpjJLQhJrj3Ru5s\/OSXoZzZsPUyhg but no corresponding public key/],
    ['no-keyid-attestations.json', 'EATTESTATIONVERIFY', /slsa\.dev\/provenance\/v0\.2: TLOG_BODY_ERROR/],
  ])('rejects %s with %s', (file, code, message) => {
    const r = verifyAttestations(load(file), SIGSTORE_040, shippedNpmKeys());
    expect(r).toMatchObject({ status: 'invalid', code });
    expect(r.status === 'invalid' && r.message).toMatch(message);
  });

  it('rejects the real bundles for another version or another tarball', () => {
    expect(verifyAttestations(load('valid-attestations.json'), { ...SIGSTORE_040, version: '0.4.1' }, shippedNpmKeys())).toMatchObject({ code: 'EATTESTATIONSUBJECT' });
    const other = { ...SIGSTORE_040, integrity: 'sha512-' + Buffer.alloc(64, 1).toString('base64') };
    expect(verifyAttestations(load('valid-attestations.json'), other, shippedNpmKeys())).toMatchObject({ code: 'EATTESTATIONSUBJECT' });
  });

  it('rejects a publish attestation whose key expired before it was logged, or that no trusted key signed', () => {
    const expired = shippedNpmKeys().map((k) => ({ ...k, expires: '2023-01-01T00:00:00.000Z' }));
    const r = verifyAttestations(load('valid-attestations.json'), SIGSTORE_040, expired);
    expect(r).toMatchObject({ status: 'invalid', code: 'EEXPIREDSIGNATUREKEY' });
    expect(verifyAttestations(load('valid-attestations.json'), SIGSTORE_040, [])).toMatchObject({ code: 'EMISSINGSIGNATUREKEY' });
  });

  it('rejects answers that are not attestations', () => {
    for (const body of [null, {}, { attestations: [] }, { attestations: [{ predicateType: 'x' }] }, 'garbage']) {
      expect(verifyAttestations(body, SIGSTORE_040, shippedNpmKeys())).toMatchObject({ status: 'invalid', code: 'EATTESTATIONVERIFY' });
    }
  });

  it('names packages and repositories the way npm and policies do', () => {
    expect(npmPurl('@modelcontextprotocol/server-x', '1.2.3')).toBe('pkg:npm/%40modelcontextprotocol/server-x@1.2.3');
    expect(normaliseRepository('git+https://github.com/ModelContextProtocol/Servers.git')).toBe('github.com/modelcontextprotocol/servers');
    expect(normaliseRepository('github.com/modelcontextprotocol/servers/')).toBe('github.com/modelcontextprotocol/servers');
  });
});

describe('source of a build, from the signing certificate', () => {
  const utf8Der = (text: string) => Buffer.concat([Buffer.from([0x0c, text.length]), Buffer.from(text)]);
  const oid = (n: number, value: Buffer) => ({ oid: { id: [1, 3, 6, 1, 4, 1, 57264, 1, n] }, value });
  const key = {} as never;

  it('prefers the Source Repository URI extension of newer Fulcio certificates', () => {
    const signer = {
      key,
      identity: {
        subjectAlternativeName: 'https://github.com/modelcontextprotocol/servers/.github/workflows/release.yml@refs/heads/main',
        extensions: { issuer: 'https://token.actions.githubusercontent.com' },
        oids: [oid(12, utf8Der('https://github.com/ModelContextProtocol/servers')), oid(13, utf8Der('abc123'))],
      },
    };
    expect(sourceFromSigner(signer, 'https://slsa.dev/provenance/v1')).toMatchObject({
      repository: 'github.com/modelcontextprotocol/servers',
      workflow: '.github/workflows/release.yml@refs/heads/main',
      commit: 'abc123',
    });
  });

  it('reads GitLab identities', () => {
    const signer = { key, identity: { subjectAlternativeName: 'https://gitlab.com/acme/tools/mcp-server//.gitlab-ci.yml@refs/tags/v1', extensions: { issuer: 'https://gitlab.com' }, oids: [] } };
    expect(sourceFromSigner(signer, 'https://slsa.dev/provenance/v1')).toMatchObject({ repository: 'gitlab.com/acme/tools/mcp-server', workflow: '.gitlab-ci.yml@refs/tags/v1' });
  });
});
