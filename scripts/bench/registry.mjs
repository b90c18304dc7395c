// Section `registry` (the default): the registry stage for a PR with 50 changed MCP packages against a
// registry on 127.0.0.1 that adds 100 ms to every answer. Prints the wall time of gatherFacts and what a
// one-request-at-a-time stage would have cost.
export async function run(bundle) {
  const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 50);
  const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
  const entry = `
  export { gatherFacts } from './src/registry/index.ts';
  export { TestRegistry } from './__tests__/helpers/npm-registry.ts';
  export { defaultPolicy } from './src/policy/index.ts';
  `;
  const { mod, done } = await bundle(entry);
  const { gatherFacts, TestRegistry, defaultPolicy } = mod;

  const reg = await TestRegistry.start();
  try {
    const items = [];
    for (let i = 0; i < PACKAGES; i++) {
      const name = `@mcp-bench/server-${String(i).padStart(2, '0')}`;
      const p = reg.publish({ name, version: '1.0.0' });
      const dep = { ecosystem: 'npm', name, version: '1.0.0', integrity: p.integrity, resolved: p.tarball, file: 'package-lock.json', line: 10 + i, kind: 'lockfile', key: `node_modules/${name}` };
      items.push({ change: { type: 'added', after: dep }, dep, mcp: ['bench'] });
    }
    const policy = {
      ...defaultPolicy('(bench)'),
      registries: { npm: { url: reg.url, keys: 'registry', scopes: {}, tokenEnv: 'BENCH_TOKEN' } },
      verify: { registry: true, tarballs: false, minDays: 3 },
    };
    reg.latencyMs = LATENCY_MS;
    const started = process.hrtime.bigint();
    const facts = await gatherFacts(items, policy, { now: new Date(), env: {} });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;

    const verified = [...facts.npm.values()].filter((f) => f.versions?.['1.0.0']?.signature?.status === 'verified').length;
    const failed = facts.log.filter((r) => r.result === 'fail' || r.result === 'error');
    const requests = reg.requests.length;
    console.log(`registry stage: ${PACKAGES} changed packages, ${LATENCY_MS} ms latency per request`);
    console.log(`  requests served:     ${requests}`);
    console.log(`  signatures verified: ${verified}/${PACKAGES}`);
    console.log(`  failed log records:  ${failed.length}`);
    console.log(`  wall time:           ${wallMs.toFixed(0)} ms`);
    console.log(`  one at a time:       ~${requests * LATENCY_MS} ms (${requests} x ${LATENCY_MS} ms); target: well under ${PACKAGES * LATENCY_MS} ms`);
    if (verified !== PACKAGES || failed.length) process.exitCode = 1;
  } finally {
    await reg.close();
    done();
  }
}
