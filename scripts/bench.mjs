// `npm run bench`: the registry stage for a PR with 50 changed MCP packages against a registry on
// 127.0.0.1 that adds 100 ms to every answer. Prints the wall time of gatherFacts and what a
// one-request-at-a-time stage would have cost.
// `npm run bench -- readers` (or BENCH=readers): the file readers on the inputs that used to cost
// quadratic time or worse, each at n, 2n and 4n, with the ratios (about 2 and 4 when linear).
// `npm run bench -- all` runs both.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const section = process.argv[2] ?? process.env.BENCH ?? 'registry';
if (!['registry', 'readers', 'all'].includes(section)) {
  console.error(`unknown bench section ${JSON.stringify(section)}: use registry (the default), readers or all`);
  process.exit(2);
}
if (section === 'readers' || section === 'all') await benchReaders();
if (section === 'registry' || section === 'all') await benchRegistry();

async function bundle(entry) {
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
  return { mod: createRequire(import.meta.url)(outfile), done: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

/**
 * Each case: a reader, an input of size n, and what a correct result looks like (so the timing is of
 * real work, not of an early error). Sizes are where the old code took seconds or did not finish.
 */
function readerCases() {
  const repeat = (s, n) => s.repeat(n);
  return [
    { name: 'requirements.txt: one line of n spaces before a comment', n: 1_000_000, file: 'requirements.txt', text: (n) => `a==1${repeat(' ', n)}# c\n`, check: (r) => r.deps.length === 1 },
    { name: 'requirements.txt: n lines naming the same package', n: 10_000, file: 'requirements.txt', text: (n) => repeat('mcp==1.0\n', n), check: (r, n) => r.deps.length === n },
    { name: 'pip.conf: a value padded with n spaces', n: 1_000_000, file: 'pip.conf', text: (n) => `[global]\nindex-url${repeat(' ', n)}=${repeat(' ', n)}https://a.example/simple\n`, check: (r) => r.settings.length === 1 },
    { name: 'yarn.lock (Berry): a line of n spaces', n: 1_000_000, file: 'yarn.lock', text: (n) => `__metadata:\n  version: 8\n\n"a@npm:1.0.0":\n  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n${repeat(' ', n)}\n`, check: (r) => r.deps.length === 1 },
    { name: '.yarnrc: a quoted value of n characters', n: 2_500_000, file: '.yarnrc', text: (n) => `registry "https://r.example/${repeat('a', n)}"\n`, check: (r) => r.settings.length === 1 },
    {
      name: '.yarnrc.yml: n anchors, each used by an alias',
      n: 4_000,
      file: '.yarnrc.yml',
      text: (n) => `unsafeHttpWhitelist:\n${Array.from({ length: n }, (_, k) => `  - &h${k} h${k}.example`).join('\n')}\nnpmScopes:\n  acme:\n${Array.from({ length: n }, (_, k) => `    k${k}: *h${k}`).join('\n')}\n`,
      check: (r, n) => r.settings.length === n,
    },
    {
      name: 'pnpm-lock.yaml: n packages (one map of n keys, checked for duplicates)',
      n: 5_000,
      file: 'pnpm-lock.yaml',
      text: (n) => `lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n\npackages:\n${Array.from({ length: n }, (_, k) => `  p${k}@1.0.0:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n`).join('\n')}`,
      check: (r, n) => r.deps.length === n,
    },
    { name: 'compose.yaml: collections nested n deep (refused past the limit)', n: 100_000, file: 'compose.yaml', text: (n) => `x: ${repeat('[', n)}${repeat(']', n)}\n`, refused: /nests collections more than/ },
    { name: 'go.mod: n requires, each replaced', n: 10_000, file: 'go.mod', text: (n) => `module m\n${Array.from({ length: n }, (_, k) => `require x.example/m${k} v1.0.0\nreplace x.example/m${k} => y.example/m${k} v1.0.0\n`).join('')}`, check: (r, n) => r.deps.length === 2 * n },
    { name: 'Dockerfile: an instruction continued over n lines', n: 50_000, file: 'Dockerfile', text: (n) => `FROM a\nRUN x \\\n${repeat('  y \\\n', n)}  z\n`, check: (r) => r.deps.length === 1 },
  ];
}

async function benchReaders() {
  const { mod, done } = await bundle(`export { formatFor } from './src/formats/index.ts';\nexport { asParsed, ParseError } from './src/formats/format.ts';`);
  const { formatFor, asParsed, ParseError } = mod;
  let failed = false;
  const time = (c, n) => {
    const text = c.text(n);
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const started = process.hrtime.bigint();
      let ok;
      try {
        const r = asParsed(formatFor(c.file).parse(text, c.file));
        ok = c.check?.({ deps: r.deps, settings: r.settings ?? [] }, n) ?? false;
      } catch (err) {
        ok = c.refused !== undefined && err instanceof ParseError && c.refused.test(err.message);
      }
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
      if (!ok) failed = true;
    }
    return best;
  };
  console.log('readers: best of 3 runs at n, 2n and 4n; linear time reads about 2x and 4x');
  for (const c of readerCases()) {
    time(c, Math.max(1, c.n >> 4)); // warm the code up
    const [a, b, d] = [c.n, 2 * c.n, 4 * c.n].map((n) => time(c, n));
    console.log(`  ${c.name}`);
    console.log(`    n=${c.n}: ${a.toFixed(1)} ms   2n: ${b.toFixed(1)} ms (x${(b / a).toFixed(2)})   4n: ${d.toFixed(1)} ms (x${(d / a).toFixed(2)})`);
  }
  done();
  if (failed) {
    console.log('  a reader did not return what the case expects: the timings above are not of the real work');
    process.exitCode = 1;
  }
}
async function benchRegistry() {
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
