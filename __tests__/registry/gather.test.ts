// The Facts stage against a real registry on 127.0.0.1, judged by the registry checks.
import fs from 'node:fs';
import path from 'node:path';
import type { Check, CheckContext, Draft } from '../../src/checks/check.js';
import { deprecatedCheck } from '../../src/checks/deprecated.js';
import { existsCheck } from '../../src/checks/exists.js';
import { provenanceCheck } from '../../src/checks/provenance.js';
import { publisherCheck } from '../../src/checks/publisher.js';
import { registryCheck } from '../../src/checks/registry.js';
import { registryIntegrityCheck } from '../../src/checks/integrity.js';
import { releaseAgeCheck } from '../../src/checks/release-age.js';
import { signatureCheck } from '../../src/checks/signature.js';
import type { Facts } from '../../src/types.js';
import { gatherFacts } from '../../src/registry/index.js';
import type { InventoryItem } from '../../src/types.js';
import type { Policy } from '../../src/policy/types.js';
import { TestRegistry } from '../helpers/npm-registry.js';
import { added, changed, lockEntry } from './items.js';
import { allow, testPolicy } from './policy.js';

const CHECKS: Check[] = [registryCheck, existsCheck, registryIntegrityCheck, signatureCheck, provenanceCheck, publisherCheck, releaseAgeCheck, deprecatedCheck];
const NOW = new Date();
const OPTS = { now: NOW, env: {}, timeoutMs: 2000, retries: 1, backoffMs: 10 };

let reg: TestRegistry;
beforeEach(async () => {
  reg = await TestRegistry.start();
});
afterEach(async () => {
  await reg.close();
});

function policyFor(more: Partial<Policy> = {}): Policy {
  return testPolicy({ url: reg.url, keys: [reg.policyKey()] }, more);
}

function judge(items: InventoryItem[], facts: Facts, policy: Policy): Draft[] {
  const ctx: CheckContext = { policy, facts, now: NOW };
  return items.flatMap((item) => CHECKS.flatMap((c) => c.run?.(item, ctx) ?? []));
}

async function run(items: InventoryItem[], policy = policyFor()) {
  const facts = await gatherFacts(items, policy, OPTS);
  return { facts, findings: judge(items, facts, policy) };
}

/** A lockfile entry that says exactly what the registry says. */
function honest(name: string, version: string, p: { integrity: string; tarball: string }) {
  return lockEntry(name, version, { integrity: p.integrity, resolved: p.tarball });
}

const NAME = '@modelcontextprotocol/server-filesystem';

describe('gatherFacts + registry checks', () => {
  it('passes a valid signed package and logs what was checked against which key', async () => {
    const p = reg.publish({ name: NAME, version: '1.0.0' });
    const { facts, findings } = await run([added(honest(NAME, '1.0.0', p))]);
    expect(findings).toEqual([]);
    expect(facts.npm.get(NAME)?.versions?.['1.0.0']).toMatchObject({ exists: true, integrity: p.integrity, publisher: 'alice', signature: { status: 'verified', keyids: [reg.key.keyid] } });
    expect(facts.log.map((r) => [r.check, r.result])).toEqual([
      ['exists', 'pass'],
      ['integrity', 'pass'],
      ['resolved', 'pass'],
      ['signature', 'pass'],
      ['provenance', 'skipped'],
    ]);
    expect(facts.log.find((r) => r.check === 'signature')?.detail).toContain(reg.key.keyid);
  });

  it.each([
    ['forged', /server-filesystem@1\.0\.0 has an invalid registry signature with keyid: SHA256:.*EINTEGRITYSIGNATURE/],
    ['unknown-key', /server-filesystem@1\.0\.0 has a registry signature with keyid: SHA256:.* but no corresponding public key can be found \(registry http:\/\/127\.0\.0\.1:\d+\/; keys: the keys listed in the policy \(registries\.npm\.keys\)\) \[EMISSINGSIGNATUREKEY\]/],
    ['none', /server-filesystem@1\.0\.0: http:\/\/127\.0\.0\.1:\d+\/ served no registry signature \(dist\.signatures\) for this version, but it was compared against the keys listed in the policy \(registries\.npm\.keys\) \(keyids SHA256:.*registries\.npm\.verify-with: https:\/\/registry\.npmjs\.org\/.*\[ESIGNATUREMISSING\]/],
  ] as const)('fails a %s signature, naming package and version', async (mode, message) => {
    const p = reg.publish({ name: NAME, version: '1.0.0', signature: mode });
    const { findings, facts } = await run([added(honest(NAME, '1.0.0', p))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'signature', name: NAME, version: '1.0.0', file: 'package-lock.json', line: 42 });
    expect(findings[0].message).toMatch(message);
    expect(facts.log.find((r) => r.check === 'signature')?.result).toBe('fail');
  });

  it('fetches the keys from the registry when the policy says keys: registry, and trusts the shipped npm keys for keys: npm', async () => {
    const p = reg.publish({ name: NAME, version: '1.0.0' });
    const items = [added(honest(NAME, '1.0.0', p))];
    expect((await run(items, testPolicy({ url: reg.url, keys: 'registry' }))).findings).toEqual([]);
    expect(reg.requests.some((r) => r.path === '/-/npm/v1/keys')).toBe(true);
    // Signed by our test key, which is not the public registry's: with the shipped keys it must fail.
    const shipped = await run(items, testPolicy({ url: reg.url, keys: 'npm' }));
    expect(shipped.findings.map((f) => f.rule)).toEqual(['signature']);
    expect(shipped.findings[0].message).toContain('EMISSINGSIGNATUREKEY');
  });

  it('rejects a signature by a policy key that expired before the version was published', async () => {
    const p = reg.publish({ name: NAME, version: '1.0.0', publishedAt: '2025-03-01T00:00:00.000Z' });
    const policy = testPolicy({ url: reg.url, keys: [reg.policyKey('2025-01-29T00:00:00.000Z')] });
    const { findings } = await run([added(honest(NAME, '1.0.0', p))], policy);
    expect(findings.map((f) => f.rule)).toEqual(['signature']);
    expect(findings[0].message).toBe(
      `${NAME}@1.0.0 has a registry signature with keyid: ${reg.key.keyid} but the corresponding public key has expired 2025-01-29T00:00:00.000Z (published 2025-03-01T00:00:00.000Z) (registry ${reg.url}; keys: the keys listed in the policy (registries.npm.keys)) [EEXPIREDSIGNATUREKEY]`,
    );
  });

  it('treats a registry that publishes no keys and no signatures as unsigned, not as failed', async () => {
    reg.servesKeys = false;
    const p = reg.publish({ name: NAME, version: '1.0.0', signature: 'none' });
    const { findings, facts } = await run([added(honest(NAME, '1.0.0', p))], testPolicy({ url: reg.url, keys: 'registry' }));
    expect(findings).toEqual([]);
    expect(facts.log.find((r) => r.check === 'signature')).toMatchObject({ result: 'skipped' });
  });

  it('fails a lockfile integrity that differs from the registry, saying what differed', async () => {
    const p = reg.publish({ name: NAME, version: '1.0.0' });
    const forged = 'sha512-' + Buffer.alloc(64, 7).toString('base64');
    const { findings } = await run([added(lockEntry(NAME, '1.0.0', { integrity: forged, resolved: p.tarball }))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'integrity', name: NAME, version: '1.0.0' });
    expect(findings[0].message).toContain(`${NAME}@1.0.0: lockfile integrity ${forged} differs from the registry's ${p.integrity}`);
  });

  it('fails a resolved URL that points at another package (lockfile injection)', async () => {
    const p = reg.publish({ name: NAME, version: '1.0.0' });
    const evil = reg.publish({ name: 'evil-pkg', version: '6.6.6' });
    const { findings } = await run([added(lockEntry(NAME, '1.0.0', { integrity: p.integrity, resolved: evil.tarball }))]);
    expect(findings).toHaveLength(1);
    expect(findings[0].rule).toBe('integrity');
    expect(findings[0].message).toContain(`resolved ${evil.tarball} is the tarball of evil-pkg@6.6.6, not ${NAME}@1.0.0`);
  });

  it('with verify-tarballs, downloads the tarball and fails when it does not match the registry integrity', async () => {
    const good = reg.publish({ name: 'mcp-good', version: '1.0.0' });
    const lying = 'sha512-' + Buffer.alloc(64, 3).toString('base64');
    reg.publish({ name: 'mcp-bad', version: '1.0.0', integrity: lying });
    const policy = policyFor({ verify: { registry: true, tarballs: true, minDays: 3 } });
    const items = [added(honest('mcp-good', '1.0.0', good)), added(lockEntry('mcp-bad', '1.0.0', { integrity: lying }))];
    const { findings, facts } = await run(items, policy);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'integrity', name: 'mcp-bad' });
    expect(findings[0].message).toMatch(/mcp-bad@1\.0\.0: the registry tarball does not check out: tarball \(\d+ bytes\) has sha512-.*, the registry says sha512-AwMD/);
    expect(facts.log.filter((r) => r.check === 'tarball').map((r) => [r.name, r.result])).toEqual([
      ['mcp-bad', 'fail'],
      ['mcp-good', 'pass'],
    ]);
  });

  it('fails a package the registry does not know, and a version it does not know', async () => {
    reg.publish({ name: NAME, version: '1.0.0' });
    const { findings } = await run([added(lockEntry('@modelcontextprotocol/server-imaginary', '0.1.0')), added(lockEntry(NAME, '9.9.9'))]);
    expect(findings.map((f) => [f.rule, f.name, f.version])).toEqual([
      ['exists', '@modelcontextprotocol/server-imaginary', '0.1.0'],
      ['exists', NAME, '9.9.9'],
    ]);
    expect(findings[0].message).toContain('does not know the package @modelcontextprotocol/server-imaginary');
    expect(findings[1].message).toContain(`has no version 9.9.9 of ${NAME}`);
  });

  it('reports a version younger than min-days, and a deprecated one with its message', async () => {
    const young = reg.publish({ name: 'mcp-young', version: '2.0.0', publishedAt: new Date(NOW.getTime() - 5 * 3600_000).toISOString() });
    const old = reg.publish({ name: 'mcp-old', version: '1.0.0', deprecated: 'use mcp-new instead' });
    const { findings } = await run([added(honest('mcp-young', '2.0.0', young)), added(honest('mcp-old', '1.0.0', old))]);
    expect(findings.map((f) => [f.rule, f.name])).toEqual([
      ['release-age', 'mcp-young'],
      ['deprecated', 'mcp-old'],
    ]);
    expect(findings[0].message).toMatch(/mcp-young@2\.0\.0 was published 5 hours ago .* less than the policy's min-days of 3/);
    expect(findings[1].message).toBe('mcp-old@1.0.0 is deprecated on the registry: use mcp-new instead');
  });

  it('fails a publisher the allow entry does not list, and reports a change of publisher', async () => {
    const v1 = reg.publish({ name: NAME, version: '1.0.0', npmUser: 'alice' });
    const v2 = reg.publish({ name: NAME, version: '1.1.0', npmUser: 'mallory' });
    const policy = policyFor({ allow: [allow(NAME, { publishers: ['alice', 'bob'] })] });
    const { findings } = await run([changed(honest(NAME, '1.0.0', v1), honest(NAME, '1.1.0', v2))], policy);
    expect(findings.map((f) => f.rule)).toEqual(['publisher', 'publisher']);
    expect(findings[0].message).toBe(`${NAME}@1.1.0 was published by mallory, but the policy (allow, line 7) allows only alice, bob`);
    expect(findings[1].message).toBe(`${NAME}@1.1.0: the publisher changed from alice (${NAME}@1.0.0) to mallory`);
  });

  it('matches allow entries by glob, as the policy room does', async () => {
    const p = reg.publish({ name: NAME, version: '1.0.0', npmUser: 'mallory' });
    const policy = policyFor({ allow: [allow('@modelcontextprotocol/*', { publishers: ['alice'] })] });
    const { findings } = await run([added(honest(NAME, '1.0.0', p))], policy);
    expect(findings.map((f) => [f.rule, f.message])).toEqual([['publisher', `${NAME}@1.0.0 was published by mallory, but the policy (allow, line 7) allows only alice`]]);
  });

  it('serves the real sigstore@0.4.0 attestations: provenance verified and required repository checked', async () => {
    const att = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/registry/npm-attestations/valid-attestations.json'), 'utf8'));
    const integrity = 'sha512-KCwMX6k20mQyFkNYG2XT3lwK9u1P36wS9YURFd85zCXPrwrSLZCEh7/vMBFNYcJXRiBtGDS+T4/RZZF493zABA==';
    reg.publish({ name: 'sigstore', version: '0.4.0', integrity, attestations: att });
    const item = added(lockEntry('sigstore', '0.4.0', { integrity }));
    // Registry keys from the policy must include the public npm attestation key for the publish attestation.
    const keys = [reg.policyKey(), { keyid: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA', key: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KSaKoTNEYL7JlCQiVnkhBktUgg==', expires: '2025-01-29T00:00:00.000Z' }];
    const good = testPolicy({ url: reg.url, keys }, { allow: [allow('sigstore', { provenance: true, repository: 'github.com/sigstore/sigstore-js' })] });
    const ok = await run([item], good);
    expect(ok.findings).toEqual([]);
    expect(ok.facts.log.find((r) => r.check === 'provenance')).toMatchObject({ result: 'pass' });
    expect(ok.facts.log.find((r) => r.check === 'provenance')?.detail).toContain('built from github.com/sigstore/sigstore-js by .github/workflows/publish.yml@refs/tags/v0.4.0');

    const wrongRepo = testPolicy({ url: reg.url, keys }, { allow: [allow('sigstore', { repository: 'github.com/modelcontextprotocol/servers' })] });
    const bad = await run([item], wrongRepo);
    expect(bad.findings.map((f) => f.rule)).toEqual(['provenance']);
    expect(bad.findings[0].message).toContain('sigstore@0.4.0 was built from github.com/sigstore/sigstore-js (.github/workflows/publish.yml@refs/tags/v0.4.0), but the policy\'s allow entry for sigstore (line 7) requires github.com/modelcontextprotocol/servers');
  });

  it('fails tampered attestations served by the registry', async () => {
    const att = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/registry/npm-attestations/mismatched-subject-name-attestations.json'), 'utf8'));
    const integrity = 'sha512-KCwMX6k20mQyFkNYG2XT3lwK9u1P36wS9YURFd85zCXPrwrSLZCEh7/vMBFNYcJXRiBtGDS+T4/RZZF493zABA==';
    reg.publish({ name: 'sigstore', version: '0.4.0', integrity, attestations: att });
    const { findings } = await run([added(lockEntry('sigstore', '0.4.0', { integrity }))], testPolicy({ url: reg.url, keys: 'npm' }));
    const prov = findings.filter((f) => f.rule === 'provenance');
    expect(prov).toHaveLength(1);
    expect(prov[0].message).toMatch(/sigstore@0\.4\.0 package name and version .* pkg:npm\/sigstore@1\.4\.0 \[EATTESTATIONSUBJECT\]/);
  });

  it('reports a version that lost the provenance its predecessor had, and a required provenance that is missing', async () => {
    const v1 = reg.publish({ name: NAME, version: '1.0.0', attestations: { attestations: [] } });
    const v2 = reg.publish({ name: NAME, version: '1.1.0' });
    const policy = policyFor({ allow: [allow(NAME, { provenance: true })] });
    const { findings } = await run([changed(honest(NAME, '1.0.0', v1), honest(NAME, '1.1.0', v2))], policy);
    expect(findings.map((f) => f.rule)).toEqual(['provenance']);
    expect(findings[0].message).toBe(`${NAME}@1.1.0 has no provenance, but the version it replaces (1.0.0) had it`);

    const other = reg.publish({ name: 'mcp-plain', version: '1.0.0' });
    const required = await run([added(honest('mcp-plain', '1.0.0', other))], policyFor({ allow: [allow('mcp-plain', { provenance: true })] }));
    expect(required.findings.map((f) => f.message)).toEqual(["mcp-plain@1.0.0 has no verified build provenance, which the policy's allow entry for mcp-plain (line 7) requires"]);
  });

  it('fetches each packument once, even when several entries name the package', async () => {
    const p1 = reg.publish({ name: NAME, version: '1.0.0' });
    const p2 = reg.publish({ name: NAME, version: '1.1.0' });
    const items = [added(honest(NAME, '1.0.0', p1)), added({ ...honest(NAME, '1.1.0', p2), key: 'node_modules/x/node_modules/' + NAME })];
    const { findings } = await run(items);
    expect(findings).toEqual([]);
    expect(reg.requests.filter((r) => r.path === '/' + NAME)).toHaveLength(1);
  });

  it('offline: asks nothing, records every check as skipped, and judges nothing', async () => {
    const items = [added(lockEntry(NAME, '1.0.0'))];
    const policy = policyFor();
    const facts = await gatherFacts(items, policy, { ...OPTS, offline: true });
    expect(reg.requests).toEqual([]);
    expect(facts.log.map((r) => [r.check, r.result])).toEqual([
      ['exists', 'skipped'],
      ['integrity', 'skipped'],
      ['signature', 'skipped'],
      ['provenance', 'skipped'],
    ]);
    expect(judge(items, facts, policy)).toEqual([]);
  });

  it('looks only at npm entries that were added or changed at an exact version', async () => {
    const dep = lockEntry(NAME, '1.0.0');
    const range = { ...lockEntry(NAME, ''), version: undefined, spec: '^1.0.0', specType: 'range', kind: 'manifest' as const };
    const items: InventoryItem[] = [
      { change: { type: 'unchanged', before: dep, after: dep }, dep, mcp: [] },
      { change: { type: 'removed', before: dep }, dep, mcp: [] },
      added({ ...dep, ecosystem: 'pypi' }),
      added(range),
    ];
    const facts = await gatherFacts(items, policyFor(), OPTS);
    expect(reg.requests).toEqual([]);
    expect(facts.log).toEqual([expect.objectContaining({ check: 'registry', result: 'skipped', name: NAME })]);
  });
});
