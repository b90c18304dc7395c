// Where registry credentials go, against real servers on loopback: the token (and a `user:password@`
// in a registry URL) only to the scheme, host, port and path prefix they were configured for, on
// redirects too; and never into a message, the evidence log or the facts.
import type { CheckContext } from '../../src/checks/check.js';
import { existsCheck } from '../../src/checks/exists.js';
import { registryCheck } from '../../src/checks/registry.js';
import { signatureCheck } from '../../src/checks/signature.js';
import { gatherFacts } from '../../src/registry/index.js';
import type { InventoryItem } from '../../src/types.js';
import type { NpmRegistryPolicy } from '../../src/policy/types.js';
import { TestRegistry } from '../helpers/npm-registry.js';
import { added, lockEntry } from './items.js';
import { testPolicy } from './policy.js';

const NAME = '@modelcontextprotocol/server-git';
const TOKEN = 'npm_s3cr3tTOKENvalue0123456789abcdefXYZ';
const NOW = new Date();
const started: TestRegistry[] = [];

async function start(opts?: Parameters<typeof TestRegistry.start>[0]): Promise<TestRegistry> {
  const r = await TestRegistry.start(opts);
  started.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

async function gather(npm: Partial<NpmRegistryPolicy> & { url: string }, items: InventoryItem[] = [added(lockEntry(NAME, '1.0.0'))]) {
  const policy = testPolicy({ tokenEnv: 'MY_TOKEN', ...npm });
  const facts = await gatherFacts(items, policy, { now: NOW, env: { MY_TOKEN: TOKEN }, timeoutMs: 2000, retries: 1, backoffMs: 10 });
  const ctx: CheckContext = { policy, facts, now: NOW };
  const findings = items.flatMap((i) => [registryCheck, existsCheck, signatureCheck].flatMap((c) => c.run!(i, ctx)));
  return { facts, findings, everything: JSON.stringify({ log: facts.log, findings, npm: [...facts.npm.values()] }) };
}

describe('the token goes only where the policy names', () => {
  it('is sent to the policy registry (the positive control for everything below)', async () => {
    const a = await start();
    a.publish({ name: NAME, version: '1.0.0' });
    const { findings, everything } = await gather({ url: a.url, keys: [a.policyKey()] });
    expect(findings).toEqual([]);
    expect(a.requests.length).toBeGreaterThan(0);
    expect(a.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(everything).not.toContain(TOKEN);
  });

  it('is not sent to another port of the same host that the registry redirects to; the redirect is followed without it', async () => {
    const a = await start();
    const b = await start();
    b.publish({ name: NAME, version: '1.0.0' });
    a.faults.push({ kind: 'redirect', to: b.url, times: 99 });
    const { facts, findings, everything } = await gather({ url: a.url, keys: [b.policyKey()] });
    expect(new URL(a.url).hostname).toBe(new URL(b.url).hostname);
    expect(a.requests.map((r) => r.authorization)).toEqual(a.requests.map(() => `Bearer ${TOKEN}`));
    expect(b.requests.map((r) => r.path)).toContain(`/${NAME}`);
    expect(b.requests.map((r) => r.headers.authorization)).toEqual(b.requests.map(() => undefined));
    expect(findings).toEqual([]);
    expect(facts.npm.get(NAME)?.versions?.['1.0.0']?.signature?.status).toBe('verified');
    expect(everything).not.toContain(TOKEN);
  });

  it('is not sent to another host the registry redirects to (301, 307 and 308 alike)', async () => {
    const a = await start();
    const b = await start({ host: '127.0.0.2' });
    b.publish({ name: NAME, version: '1.0.0' });
    for (const status of [301, 307, 308]) {
      a.faults = [{ kind: 'redirect', to: b.url, status, times: 99 }];
      b.requests.length = 0;
      const { findings } = await gather({ url: a.url, keys: [b.policyKey()] });
      expect(findings).toEqual([]);
      expect(b.requests.length).toBeGreaterThan(0);
      expect(b.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    }
  });

  it('is not sent outside the path prefix of the registry, even on the same origin', async () => {
    const a = await start();
    a.publish({ name: NAME, version: '1.0.0' });
    // The policy names a.url/npm/; a sends everything from there to its root, where the token does not belong.
    a.faults.push({ kind: 'redirect', to: a.url, dropPrefix: '/npm', match: /^\/npm\//, times: 99 });
    const { findings } = await gather({ url: `${a.url}npm/`, keys: [a.policyKey()] });
    expect(findings).toEqual([]);
    const inPrefix = a.requests.filter((r) => r.path.startsWith('/npm/'));
    const outside = a.requests.filter((r) => !r.path.startsWith('/npm/'));
    expect(inPrefix.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    expect(inPrefix.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(outside.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('sends a user:password from the registry URL as Basic auth to that registry only, and shows it nowhere', async () => {
    const a = await start();
    const b = await start();
    b.publish({ name: NAME, version: '1.0.0' });
    a.faults.push({ kind: 'redirect', to: b.url, times: 99 });
    const url = a.url.replace('http://', 'http://bot-s3cr3t-user:pa%24%24w0rd-s3cr3t@');
    const { findings, everything } = await gather({ url, tokenEnv: 'UNSET_TOKEN', keys: [b.policyKey()] });
    expect(findings).toEqual([]);
    expect(a.requests.every((r) => r.authorization === `Basic ${Buffer.from('bot-s3cr3t-user:pa$$w0rd-s3cr3t').toString('base64')}`)).toBe(true);
    expect(b.requests.length).toBeGreaterThan(0);
    expect(b.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(everything).not.toMatch(/s3cr3t/);
  });

  it('gives up on a registry that redirects in circles, with a finding that says so', async () => {
    const a = await start();
    a.faults.push({ kind: 'redirect', to: a.url, times: 999 });
    const { findings } = await gather({ url: a.url, keys: [a.policyKey()] });
    expect(findings.map((f) => f.rule)).toEqual(['registry']);
    expect(findings[0].message).toContain('more than 10 redirects');
    expect(a.requests).toHaveLength(11);
  });
});

describe('no credential in any message', () => {
  const SECRETS = /s3cr3t/;

  it.each([
    ['500', { kind: 'status', status: 500, times: 99 }],
    ['404', { kind: 'status', status: 404, times: 99 }],
    ['garbage', { kind: 'garbage', times: 99 }],
  ] as const)('a registry URL with userinfo and ?token= answering %s: findings, log and facts hold none of it', async (_what, fault) => {
    const a = await start();
    a.publish({ name: NAME, version: '1.0.0' });
    a.faults.push(fault);
    const url = `${a.url.replace('http://', 'http://bot-s3cr3t-user:pw-s3cr3t-value@')}?token=query-s3cr3t-value&access_token=other-s3cr3t-value`;
    const { findings, everything } = await gather({ url, keys: [a.policyKey()] });
    expect(findings.length).toBeGreaterThan(0);
    expect(everything).toContain(new URL(a.url).host);
    expect(everything).not.toMatch(SECRETS);
    expect(everything).not.toContain(TOKEN);
    // The query is not sent either: it is no credential npm would send, and a name appended to it would land in it.
    expect(a.requests.every((r) => !JSON.stringify(r).includes('query-s3cr3t'))).toBe(true);
  });

  it('a registry that echoes the token in a body that is not JSON: not even its first characters are quoted', async () => {
    const a = await start();
    a.publish({ name: NAME, version: '1.0.0' });
    a.faults.push({ kind: 'body', body: `${TOKEN} is not accepted here`, times: 99 });
    const { findings, everything } = await gather({ url: a.url, keys: [a.policyKey()] });
    expect(findings.map((f) => f.rule)).toEqual(['registry']);
    expect(findings[0].message).toContain("the answer is not valid JSON (Unexpected token 'p')");
    expect(everything).not.toContain(TOKEN.slice(0, 8));
  });

  it('a connection that fails: the error text names the host, not the credentials', async () => {
    const a = await start();
    const dead = a.url;
    await a.close();
    started.splice(started.indexOf(a), 1);
    const url = `${dead.replace('http://', 'http://bot-s3cr3t-user:pw-s3cr3t-value@')}?token=query-s3cr3t-value`;
    const { findings, everything } = await gather({ url, keys: 'registry' });
    expect(findings.map((f) => f.rule)).toContain('registry');
    expect(findings[0].message).toContain('ECONNREFUSED');
    expect(everything).not.toMatch(SECRETS);
  });
});
