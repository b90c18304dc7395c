// Issue 10 acceptance: a bundle signature is verified, not just found. Real bundles signed by the real
// mcpb CLI (fixtures/formats/mcpb/signed), added by a pull request to a real git repository, judged by
// the bundled CLI under a policy read from the base commit.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';
import { checkPr, filePr, type FilePr } from './servers';

const SIGNED = path.join(__dirname, '..', 'fixtures', 'formats', 'mcpb', 'signed');
const file = (name: string): Buffer => readFileSync(path.join(SIGNED, name));
const fingerprint = (pem: string): string => new X509Certificate(file(pem)).fingerprint256;
const BUNDLE = 'bundles/clock-tools.mcpb';

/** The bundle's own name is allowed, so only the bundle rule decides. */
function policy(bundles: string): string {
  return `version: 1
allow:
  - name: clock-tools
    ecosystem: mcpb
bundles:
${bundles}`;
}

const PINNED_SELF_SIGNED = policy(`  require: signature
  signers:
    - name: Clock tools (self-signed)
      sha256: "${fingerprint('self-signed-cert.pem')}"
`);
const CA_POLICY = policy(`  require: signature
  ca: .github/mcpb-ca.pem
`);
const WITH_CA = { '.github/mcpb-ca.pem': file('root-ca.pem').toString('utf8') };

function bundleFindings(res: Awaited<ReturnType<typeof checkPr>>) {
  return res.findings.filter((f) => f.rule === 'bundle');
}

async function judge(bytes: Buffer, policyText: string | undefined, base: Record<string, string> = {}) {
  return checkPr(filePr({ [BUNDLE]: bytes }, base, policyText));
}

function tamper(bytes: Buffer, at: number): Buffer {
  const out = Buffer.from(bytes);
  out[at] ^= 0x01;
  return out;
}

describe('a signature that does not verify is an error whatever bundles.require says', () => {
  const unsigned = file('unsigned.mcpb');
  const forged = Buffer.concat([unsigned, Buffer.from('MCPB_SIG_V1'), Buffer.from([1, 0, 0, 0]), Buffer.from('X'), Buffer.from('MCPB_SIG_END')]);

  test.each([
    ['the built-in default policy', undefined],
    ['require: signature-or-sha256', policy('  require: signature-or-sha256\n')],
    ['require: none', policy('  require: none\n')],
    ['require: sha256 with the forged file pinned', `version: 1\nallow:\n  - name: clock-tools\n    ecosystem: mcpb\n    integrity:\n      "1.0.0": "sha256:${require('node:crypto').createHash('sha256').update(forged).digest('hex')}"\nbundles:\n  require: sha256\n`],
  ])('the 28-byte forged block under %s', async (_name, policyText) => {
    const res = await judge(forged, policyText);
    expect(res.code).toBe(1);
    const [f] = bundleFindings(res);
    expect(f).toMatchObject({ level: 'error', file: BUNDLE, line: 1, message: expect.stringMatching(/signature that does not verify/) });
    expect(res.report.bundles).toEqual([expect.objectContaining({ file: BUNDLE, signature: expect.objectContaining({ status: 'invalid' }) })]);
  });

  test('a byte of the zip changed after signing', async () => {
    // Byte 40 is in the first local header's name: the archive is also hostile now; both are reported.
    const res = await judge(tamper(file('chain.mcpb'), 40), CA_POLICY, WITH_CA);
    expect(res.code).toBe(1);
    expect(bundleFindings(res)).toContainEqual(expect.objectContaining({ file: BUNDLE, message: expect.stringMatching(/changed after it was signed/) }));
  });

  test('a truncated signature', async () => {
    const chain = file('chain.mcpb');
    const header = chain.lastIndexOf(Buffer.from('MCPB_SIG_V1'));
    const der = chain.subarray(header + 15, chain.length - 'MCPB_SIG_END'.length);
    const cut = der.subarray(0, der.length - 300);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(cut.length);
    const truncated = Buffer.concat([chain.subarray(0, header), Buffer.from('MCPB_SIG_V1'), len, cut, Buffer.from('MCPB_SIG_END')]);
    const res = await judge(truncated, CA_POLICY, WITH_CA);
    expect(res.code).toBe(1);
    expect(bundleFindings(res)).toEqual([expect.objectContaining({ file: BUNDLE, message: expect.stringMatching(/does not verify/) })]);
  });

  test('an expired signer, even though it chains to the policy\'s CA', async () => {
    const res = await judge(file('expired.mcpb'), CA_POLICY, WITH_CA);
    expect(res.code).toBe(1);
    expect(bundleFindings(res)).toEqual([expect.objectContaining({ file: BUNDLE, message: expect.stringMatching(/expired on 2021-01-01/) })]);
  });
});

describe('who is trusted comes from the base commit\'s policy', () => {
  test('a signer the policy does not list fails require: signature, named with its fingerprint and how to add it', async () => {
    const res = await judge(file('chain.mcpb'), PINNED_SELF_SIGNED);
    expect(res.code).toBe(1);
    const [f] = bundleFindings(res);
    expect(f.file).toBe(BUNDLE);
    expect(f.message).toContain('"CN=Example Corp Bundles, O=Example Corp"');
    expect(f.message).toContain(fingerprint('leaf.pem'));
    expect(f.message).toMatch(/bundles\.signers/);
    expect(res.report.bundles[0].signature).toMatchObject({ status: 'untrusted', signer: 'CN=Example Corp Bundles, O=Example Corp', fingerprint: fingerprint('leaf.pem') });
  });

  test('a self-signed bundle under the default policy: untrusted, so neither signed nor pinned', async () => {
    const res = await judge(file('self-signed.mcpb'), undefined);
    expect(res.code).toBe(1);
    expect(bundleFindings(res)[0].message).toMatch(/self-signed certificate proves nothing/);
  });

  test.each([
    ['the pinned self-signed signer (mcpb 2.1.2 layout)', 'self-signed.mcpb', PINNED_SELF_SIGNED, {}],
    ['the pinned self-signed signer (newer EOCD layout)', 'self-signed-eocd.mcpb', PINNED_SELF_SIGNED, {}],
    ['a chain to the policy\'s ca (mcpb 2.1.2 layout)', 'chain.mcpb', CA_POLICY, WITH_CA],
    ['a chain to the policy\'s ca (newer EOCD layout)', 'chain-eocd.mcpb', CA_POLICY, WITH_CA],
    ['an ECDSA signer chaining to the policy\'s ca', 'ecdsa.mcpb', CA_POLICY, WITH_CA],
  ])('%s passes, and the report keeps the evidence', async (_name, bundle, policyText, base) => {
    const res = await judge(file(bundle), policyText, base);
    expect(bundleFindings(res)).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.bundles).toEqual([
      expect.objectContaining({ file: BUNDLE, name: 'clock-tools', version: '1.0.0', change: 'added', sha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), signature: expect.objectContaining({ status: 'verified', fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) }) }),
    ]);
  });

  test('a CA the pull request adds itself is not trusted: the policy and its ca are read from base', async () => {
    const pr = filePr({ [BUNDLE]: file('chain.mcpb'), ...WITH_CA }, {}, CA_POLICY);
    const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--format', 'json', '--offline'], { cwd: pr.repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`.github/mcp-policy.yml:${lineOf(CA_POLICY, 'ca:')}: bundles.ca: .github/mcpb-ca.pem does not exist`);
  });
});

describe('evidence in the text and markdown reports', () => {
  async function render(pr: FilePr, format: string): Promise<string> {
    const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--format', format, '--offline'], { cwd: pr.repo.dir });
    return res.stdout;
  }

  test('status, signer subject and certificate fingerprint per bundle', async () => {
    const pr = filePr({ [BUNDLE]: file('chain.mcpb') }, WITH_CA, CA_POLICY);
    for (const format of ['text', 'markdown']) {
      const out = await render(pr, format);
      expect(out).toContain(BUNDLE);
      expect(out).toMatch(/verified/);
      expect(out).toContain('CN=Example Corp Bundles, O=Example Corp');
      expect(out).toContain(fingerprint('leaf.pem'));
    }
  });
});
