#!/usr/bin/env node
// Measures the typosquat rule on real npm names (the popularity corpus shipped in
// data/npm-popularity.json), the way the issue measured it from outside:
//  - a policy allows the `--top` (default 25) most-downloaded MCP packages;
//  - squats are generated from those with the transformations of real attacks
//    (__tests__/fixtures/typosquat/generate.ts, which shares no code with the detector), and any that
//    exists in the snapshot or sits in a scope it shows is taken is dropped;
//  - recall over the squats, false-positive rate over the snapshot's other real packages;
// then the same under the built-in default policy (no policy file). The rule is run as the gate runs
// it: policies loaded by the policy loader, names judged by the typosquat check's own entry point.
// Usage: node scripts/typosquat-eval.mjs [--top N] [--all-variants] [--json] [--verbose]
// The TypeScript sources are bundled on the fly with esbuild into a temporary directory.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
if (!Number.isInteger(top) || top < 1) {
  console.error('typosquat-eval: --top takes a positive whole number');
  process.exit(2);
}

async function loadModules() {
  const dir = mkdtempSync(join(tmpdir(), 'typosquat-eval-'));
  try {
    const outfile = join(dir, 'eval.cjs');
    const contents = `
      export * from './__tests__/fixtures/typosquat/evaluate.ts';
      export { typosquatOf, FAMOUS_DOWNLOADS } from './src/checks/typosquat.ts';
      export { loadPolicy } from './src/policy/index.ts';
      export { WELL_KNOWN_MCP } from './src/policy/corpus.ts';
      export { NPM_POPULARITY } from './src/policy/popularity.ts';
    `;
    await build({
      stdin: { contents, resolveDir: root, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'error',
      define: { 'import.meta.url': '__import_meta_url' },
      banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
    });
    return createRequire(import.meta.url)(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const m = await loadModules();
const wellKnownNpm = m.WELL_KNOWN_MCP.filter((e) => e.ecosystem === 'npm').map((e) => e.name);
const registry = m.snapshotRegistry(m.NPM_POPULARITY, wellKnownNpm);

const topScenario = m.topScenario(m.NPM_POPULARITY, top);
const allowTop = `version: 1\nallow:\n${topScenario.targets.map((n) => `  - name: "${n}"\n`).join('')}`;
const runs = [
  [topScenario, m.loadPolicy({ kind: 'file', path: '(evaluation policy)', text: allowTop })],
  [m.defaultScenario(m.NPM_POPULARITY, wellKnownNpm), m.loadPolicy({ kind: 'default', path: '.github/mcp-policy.yml' })],
];
// --all-variants: every variant of every family instead of a few per family (slower, weighted by family size).
const perFamily = args.includes('--all-variants') ? Infinity : undefined;
const results = runs.map(([scenario, policy]) => m.evaluate(scenario, (name) => m.typosquatOf(name, 'npm', policy), registry, perFamily));

const pct = (x) => `${(x * 100).toFixed(1)}%`;
if (args.includes('--json')) {
  console.log(JSON.stringify({ snapshot: { taken: m.NPM_POPULARITY.taken, names: m.NPM_POPULARITY.downloads.length, famousFrom: m.FAMOUS_DOWNLOADS }, results }, null, 2));
} else {
  const s = m.NPM_POPULARITY;
  console.log(`npm snapshot of ${s.taken}: ${s.downloads.length} names; famous (targets) from ${m.FAMOUS_DOWNLOADS.toLocaleString('en-US')} downloads a month`);
  for (const r of results) {
    console.log(`\n${r.label} (${r.targets} targets)`);
    console.log(`  recall:          ${pct(r.recall)} (${r.squats - r.misses.length}/${r.squats} generated squats flagged)`);
    console.log(`  false positives: ${pct(r.falsePositiveRate)} (${r.falsePositives.length}/${r.real} real packages flagged)`);
    console.log(`  attribution:     ${pct(r.attribution)} of flagged squats name their target (or its scope)`);
    console.log(`  known squats:    ${r.knownSquats.map((k) => `${k.name} ${k.flagged ? `flagged (${k.imitates})` : 'MISSED'}`).join(', ')}`);
    console.log(`  time:            ${r.ms.toFixed(0)} ms for ${r.judged} names`);
    console.log('  recall by family:');
    for (const [family, [hit, all]] of Object.entries(r.byFamily).sort()) console.log(`    ${family.padEnd(30)} ${String(hit).padStart(4)}/${all}`);
    console.log(`  false positives (${r.falsePositives.length}):`);
    const dl = new Map(s.downloads);
    for (const f of r.falsePositives) console.log(`    ${f.name} (${dl.get(f.name)}) -> ${f.imitates} (${dl.get(f.imitates) ?? '?'}) [${f.technique}]`);
    if (args.includes('--verbose')) {
      console.log(`  misses (${r.misses.length}):`);
      for (const x of r.misses) console.log(`    ${x.family}: ${x.name} (from ${x.target})`);
      console.log(`  misattributed (${r.misattributed.length}):`);
      for (const x of r.misattributed) console.log(`    ${x.squat.name} (from ${x.squat.target}) -> ${x.imitates}`);
    }
  }
}
