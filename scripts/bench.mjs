// `npm run bench`: performance checks, by section (argument or BENCH env var; default `registry`):
//  - registry: the registry stage for a PR with 50 changed MCP packages against a registry on
//    127.0.0.1 that adds 100 ms to every answer. Prints the wall time of gatherFacts and what a
//    one-request-at-a-time stage would have cost.
//  - typosquat: the file-only checks (typosquat included) on a PR adding 40, then 400 packages, with
//    the typosquat index built from scratch each time. Prints both times: the cost must grow with the
//    packages added, not faster.
//  - all: both.
// `npm run bench -- typosquat` or `BENCH=typosquat npm run bench`.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const SECTION = process.argv[2] ?? process.env.BENCH ?? 'registry';
if (!['registry', 'typosquat', 'all'].includes(SECTION)) {
  console.error(`bench: unknown section ${JSON.stringify(SECTION)}; use registry, typosquat or all`);
  process.exit(2);
}

const entry = `
export { gatherFacts } from './src/registry/index.ts';
export { TestRegistry } from './__tests__/helpers/npm-registry.ts';
export { defaultPolicy, loadPolicy } from './src/policy/index.ts';
export { CHECKS } from './src/checks/index.ts';
export { typosquat } from './src/checks/typosquat.ts';
export { NPM_POPULARITY } from './src/policy/npm-popularity.ts';
export { NO_FACTS } from './src/facts.ts';
`;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-gate-bench-'));
const outfile = path.join(outdir, 'bench.cjs');
await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
});
const m = createRequire(import.meta.url)(outfile);
try {
  if (SECTION === 'registry' || SECTION === 'all') await registryBench(m);
  if (SECTION === 'typosquat' || SECTION === 'all') typosquatBench(m);
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}

async function registryBench({ gatherFacts, TestRegistry, defaultPolicy }) {
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
}
}

/**
 * A PR adding `n` npm packages: real MCP names of the popularity snapshot, typos of them and unrelated
 * names, in a fixed mix. Every check that needs no registry runs on each, as the pipeline does; the
 * policy is loaded afresh so the typosquat index is built inside the measured time.
 */
function typosquatBench({ loadPolicy, CHECKS, typosquat, NPM_POPULARITY, NO_FACTS }) {
  const real = NPM_POPULARITY.downloads.map(([name]) => name);
  const names = (n) =>
    Array.from({ length: n }, (_, i) => {
      const base = real[(i * 7) % real.length];
      if (i % 3 === 1) return base.replace(/([a-z])([a-z])/, '$2$1'); // a swapped pair
      if (i % 3 === 2) return `bench-dep-${i}`;
      return base;
    });
  const items = (list) =>
    list.map((name, i) => {
      const dep = { ecosystem: 'npm', name, version: '1.0.0', file: 'package-lock.json', line: 10 + i, kind: 'lockfile', key: `node_modules/${name}`, integrity: 'sha512-' + 'A'.repeat(86) + '==' };
      return { change: { type: 'added', after: dep }, dep, mcp: ['bench'] };
    });
  const fileChecks = CHECKS.filter((c) => c.run && !['registry', 'exists', 'registry-integrity', 'signature', 'provenance', 'publisher', 'release-age', 'deprecated'].includes(c.rule));
  const time = (list, checks) => {
    const runs = [];
    for (let r = 0; r < 7; r++) {
      const policy = loadPolicy({ kind: 'default', path: '.github/mcp-policy.yml' });
      const ctx = { policy, facts: NO_FACTS, now: new Date() };
      const started = process.hrtime.bigint();
      let findings = 0;
      for (const item of list) for (const c of checks) findings += c.run(item, ctx).length;
      runs.push({ ms: Number(process.hrtime.bigint() - started) / 1e6, findings });
    }
    runs.sort((a, b) => a.ms - b.ms);
    return runs[3];
  };
  const small = items(names(40));
  const large = items(names(400));
  for (const list of [small, large]) for (const checks of [[typosquat], fileChecks]) time(list, checks); // warm up the JIT
  const indexRuns = [];
  for (let r = 0; r < 7; r++) {
    const policy = loadPolicy({ kind: 'default', path: '.github/mcp-policy.yml' });
    const started = process.hrtime.bigint();
    typosquat.run(items(['bench-index-probe'])[0], { policy, facts: NO_FACTS, now: new Date() });
    indexRuns.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const indexMs = indexRuns.sort((a, b) => a - b)[3];
  const s = time(small, [typosquat]);
  const l = time(large, [typosquat]);
  const sa = time(small, fileChecks);
  const la = time(large, fileChecks);
  console.log('typosquat: a PR adding 40, then 400 packages (median of 7 runs, index built each run)');
  console.log(`  index of known names (once):   ${indexMs.toFixed(1)} ms`);
  console.log(`  typosquat rule, 40 packages:   ${s.ms.toFixed(1)} ms (${s.findings} findings)`);
  console.log(`  typosquat rule, 400 packages:  ${l.ms.toFixed(1)} ms (${l.findings} findings), ${(l.ms / s.ms).toFixed(1)}x for 10x the packages`);
  console.log(`  all file checks, 40 packages:  ${sa.ms.toFixed(1)} ms`);
  console.log(`  all file checks, 400 packages: ${la.ms.toFixed(1)} ms, ${(la.ms / sa.ms).toFixed(1)}x`);
  console.log(`  per package, index aside:      ${((s.ms - indexMs) / 40).toFixed(3)} ms at 40, ${((l.ms - indexMs) / 400).toFixed(3)} ms at 400`);
}
