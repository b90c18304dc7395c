// A registry that misbehaves: errors become `registry` findings, never a pass, never a hang.
import type { CheckContext } from '../../src/checks/check.js';
import { existsCheck } from '../../src/checks/exists.js';
import { registryCheck } from '../../src/checks/registry.js';
import { signatureCheck } from '../../src/checks/signature.js';
import { gatherFacts } from '../../src/registry/index.js';
import type { InventoryItem } from '../../src/types.js';
import { TestRegistry } from '../helpers/npm-registry.js';
import { added, lockEntry } from './items.js';
import { testPolicy } from './policy.js';

const NAME = '@modelcontextprotocol/server-git';
const NOW = new Date();
let reg: TestRegistry;
let other: TestRegistry | undefined;

beforeEach(async () => {
  reg = await TestRegistry.start();
});
afterEach(async () => {
  await reg.close();
  await other?.close();
  other = undefined;
});

async function gather(items: InventoryItem[], opts: { timeoutMs?: number; retries?: number; env?: NodeJS.ProcessEnv } = {}, policy = testPolicy({ url: reg.url, keys: [reg.policyKey()] })) {
  const started = Date.now();
  const facts = await gatherFacts(items, policy, { now: NOW, env: opts.env ?? {}, timeoutMs: opts.timeoutMs ?? 1000, retries: opts.retries ?? 2, backoffMs: 10 });
  const ctx: CheckContext = { policy, facts, now: NOW };
  const findings = items.flatMap((i) => [registryCheck, existsCheck, signatureCheck].flatMap((c) => c.run!(i, ctx)));
  return { facts, findings, ms: Date.now() - started };
}

const packumentPath = new RegExp(`^/${NAME}$`);

describe('registry trouble', () => {
  it('retries 500s and 429s, then succeeds', async () => {
    reg.publish({ name: NAME, version: '1.0.0' });
    reg.faults.push({ kind: 'status', status: 500, times: 1, match: packumentPath }, { kind: 'status', status: 429, times: 1, match: packumentPath, retryAfter: '0' });
    const { findings } = await gather([added(lockEntry(NAME, '1.0.0'))]);
    expect(findings).toEqual([]);
    expect(reg.requests.filter((r) => r.path === '/' + NAME)).toHaveLength(3);
  });

  it('reports a registry that keeps answering 500 after retries, naming package, version and status', async () => {
    reg.publish({ name: NAME, version: '1.0.0' });
    reg.faults.push({ kind: 'status', status: 503, times: 99, match: packumentPath });
    const { findings, facts } = await gather([added(lockEntry(NAME, '1.0.0'))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'registry', name: NAME, version: '1.0.0' });
    expect(findings[0].message).toMatch(new RegExp(`${NAME}@1\\.0\\.0: .* could not be read, so nothing about it is verified: GET .* failed after 3 attempts: HTTP 503`));
    expect(facts.log).toEqual([expect.objectContaining({ check: 'registry', result: 'error' })]);
  });

  it('gives up on a registry that hangs, within the timeout, with a finding', async () => {
    reg.publish({ name: NAME, version: '1.0.0' });
    reg.faults.push({ kind: 'hang', match: packumentPath });
    const { findings, ms } = await gather([added(lockEntry(NAME, '1.0.0'))], { timeoutMs: 300, retries: 1 });
    expect(findings.map((f) => f.rule)).toEqual(['registry']);
    expect(findings[0].message).toContain('no complete answer within 300 ms');
    expect(ms).toBeLessThan(3000);
  });

  it.each([
    ['truncated JSON', 'truncate'],
    ['HTML instead of JSON', 'garbage'],
    ['connection resets', 'reset'],
  ] as const)('reports %s after retries, and recovers when it stops', async (_what, kind) => {
    reg.publish({ name: NAME, version: '1.0.0' });
    reg.faults.push({ kind, match: packumentPath });
    const failing = await gather([added(lockEntry(NAME, '1.0.0'))], { retries: 1 });
    expect(failing.findings.map((f) => f.rule)).toEqual(['registry']);
    expect(failing.findings[0].message).toMatch(/failed after 2 attempts/);

    reg.faults = [{ kind, match: packumentPath, times: 1 }];
    const recovered = await gather([added(lockEntry(NAME, '1.0.0'))], { retries: 1 });
    expect(recovered.findings).toEqual([]);
  });

  it.each([
    ['the packument of another package', '{"name":"other-pkg","versions":{}}', `asked for ${NAME}, the registry answered with the packument of other-pkg`],
    ['an error object', '{"error":"internal"}', `the packument for ${NAME} has no "versions" object`],
    ['a JSON array', '[1,2,3]', `the packument for ${NAME} is not a JSON object`],
  ])('reports JSON that is not a packument: %s', async (_what, body, message) => {
    reg.publish({ name: NAME, version: '1.0.0' });
    reg.faults.push({ kind: 'body', body, match: packumentPath });
    const { findings } = await gather([added(lockEntry(NAME, '1.0.0'))]);
    expect(findings.map((f) => f.rule)).toEqual(['registry']);
    expect(findings[0].message).toContain(message);
  });

  it('reports keys that cannot be fetched as a registry error and an unverified signature', async () => {
    reg.publish({ name: NAME, version: '1.0.0' });
    reg.faults.push({ kind: 'status', status: 500, times: 99, match: /^\/-\/npm\/v1\/keys$/ });
    const { findings } = await gather([added(lockEntry(NAME, '1.0.0'))], { retries: 1 }, testPolicy({ url: reg.url, keys: 'registry' }));
    expect(findings.map((f) => f.rule)).toEqual(['registry', 'signature']);
    expect(findings[1].message).toMatch(new RegExp(`${NAME}@1\\.0\\.0: cannot check the registry signature of http://127\\.0\\.0\\.1:\\d+/: keys from .*/-/npm/v1/keys: GET .* HTTP 500`));
  });

  it('sends the token only to the policy registry host, never to a scope registry, and never prints it', async () => {
    other = await TestRegistry.start();
    reg.publish({ name: NAME, version: '1.0.0' });
    other.publish({ name: '@acme/mcp-server', version: '2.0.0' });
    const policy = testPolicy({ url: reg.url, keys: 'registry', scopes: { '@acme': other.url }, tokenEnv: 'MY_TOKEN' });
    const secret = 'npm_s3cr3tTOKENvalue';
    const items = [added(lockEntry(NAME, '1.0.0')), added(lockEntry('@acme/mcp-server', '2.0.0'))];
    other.faults.push({ kind: 'status', status: 500, times: 99, match: /mcp-server/ });
    const { facts, findings } = await gather(items, { env: { MY_TOKEN: secret }, retries: 0 }, policy);
    expect(reg.requests.length).toBeGreaterThan(0);
    expect(reg.requests.every((r) => r.authorization === `Bearer ${secret}`)).toBe(true);
    expect(other.requests.length).toBeGreaterThan(0);
    expect(other.requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(findings.map((f) => [f.rule, f.name])).toEqual([['registry', '@acme/mcp-server']]);
    expect(JSON.stringify({ log: facts.log, findings, npm: [...facts.npm.values()] })).not.toContain(secret);
  });

  it('asks the full packument, not the abbreviated one (publish time and publisher live only there)', async () => {
    reg.publish({ name: NAME, version: '1.0.0', npmUser: 'carol' });
    const { facts } = await gather([added(lockEntry(NAME, '1.0.0'))]);
    expect(facts.npm.get(NAME)?.versions?.['1.0.0']).toMatchObject({ publisher: 'carol', publishedAt: expect.any(String) });
    expect(reg.requests.find((r) => r.path === '/' + NAME)?.accept).not.toContain('install-v1');
  });
});
