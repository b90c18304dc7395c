// How the Facts stage spends round trips, against real registries on 127.0.0.1 that hold every answer
// until the requests a test expects together have all arrived (or give up after a few seconds and say
// so): every package of a PR, the keys and the verify-with packuments are asked in one round, and the
// requests a packument leads to reuse its connection.
import { gatherFacts, MAX_CONCURRENCY } from '../../src/registry/index.js';
import { TestRegistry } from '../helpers/npm-registry.js';
import { added, lockEntry } from './items.js';
import { testPolicy } from './policy.js';

const OPTS = { now: new Date(), env: {}, timeoutMs: 20_000, retries: 0, backoffMs: 10 };
const started: TestRegistry[] = [];
async function start(): Promise<TestRegistry> {
  const r = await TestRegistry.start();
  started.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

function publishMany(reg: TestRegistry, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const name = `@acme/mcp-server-${i}`;
    const p = reg.publish({ name, version: '1.0.0' });
    return added(lockEntry(name, '1.0.0', { integrity: p.integrity, resolved: p.tarball }));
  });
}

test('every package of a PR and the registry keys are asked at once: one round, not one per 16 packages and another for the keys', async () => {
  const reg = await start();
  const items = publishMany(reg, 40);
  // 40 packuments and the keys: each waits until all 41 are in flight together.
  reg.hold = { until: () => reg.inFlight >= 41, timeoutMs: 4000 };
  const facts = await gatherFacts(items, testPolicy({ url: reg.url, keys: 'registry' }), OPTS);
  expect(reg.hold.releasedBy).toBe('condition');
  expect(reg.peakInFlight).toBe(41);
  expect(reg.requests).toHaveLength(41);
  expect(facts.log.filter((r) => r.check === 'signature' && r.result === 'pass')).toHaveLength(40);
});

test('past the bound, packages wait their turn: no more than MAX_CONCURRENCY packuments in flight', async () => {
  const reg = await start();
  const n = MAX_CONCURRENCY + 6;
  const items = publishMany(reg, n);
  reg.hold = { until: () => reg.inFlight >= MAX_CONCURRENCY + 1, timeoutMs: 4000 };
  const facts = await gatherFacts(items, testPolicy({ url: reg.url, keys: 'registry' }), OPTS);
  expect(reg.hold.releasedBy).toBe('condition');
  expect(reg.peakInFlight).toBe(MAX_CONCURRENCY + 1);
  expect(facts.log.filter((r) => r.check === 'signature' && r.result === 'pass')).toHaveLength(n);
});

test('with verify-with, the vouching packument is asked together with the install registry one, not after it', async () => {
  const mirror = await start();
  const vouching = await start();
  const name = '@modelcontextprotocol/server-memory';
  const real = vouching.publish({ name, version: '1.0.0' });
  mirror.publish({ name, version: '1.0.0', signature: 'none' });
  // The mirror answers only once the vouching registry has been asked, and the other way round.
  mirror.hold = { until: () => vouching.requests.length > 0, timeoutMs: 4000 };
  vouching.hold = { until: () => mirror.requests.length > 0, timeoutMs: 4000 };
  const policy = testPolicy({ url: mirror.url, verifyWith: vouching.url, keys: [vouching.policyKey()] });
  const facts = await gatherFacts([added(lockEntry(name, '1.0.0', { integrity: real.integrity }))], policy, OPTS);
  expect(mirror.hold.releasedBy).toBe('condition');
  expect(vouching.hold.releasedBy).toBe('condition');
  expect(facts.log.find((r) => r.check === 'signature')).toMatchObject({ result: 'pass', registry: vouching.url });
});

test('a package the install registry does not know is reported as before, whatever the vouching registry answered', async () => {
  const mirror = await start();
  const vouching = await start();
  vouching.faults.push({ kind: 'status', status: 500, times: 99 });
  const policy = testPolicy({ url: mirror.url, verifyWith: vouching.url, keys: 'npm' });
  const facts = await gatherFacts([added(lockEntry('@acme/mcp-nowhere', '1.0.0'))], policy, OPTS);
  expect(facts.log.map((r) => [r.check, r.result])).toEqual([['exists', 'fail']]);
  expect(facts.npm.get('@acme/mcp-nowhere')).toMatchObject({ exists: false });
});

test('the requests a packument leads to (tarballs here) reuse the connections of the first round', async () => {
  const reg = await start();
  const items = publishMany(reg, 10);
  const policy = { ...testPolicy({ url: reg.url, keys: 'registry' }), verify: { registry: true, tarballs: true, minDays: 3 } };
  const facts = await gatherFacts(items, policy, OPTS);
  expect(facts.log.filter((r) => r.check === 'tarball' && r.result === 'pass')).toHaveLength(10);
  // 10 packuments and the keys, then 10 tarballs: 21 requests over at most the 11 connections of the first round.
  expect(reg.requests).toHaveLength(21);
  expect(reg.connections).toBeLessThanOrEqual(11);
});
