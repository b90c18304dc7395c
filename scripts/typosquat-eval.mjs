#!/usr/bin/env node
// Measures the typosquat detector: precision on real legitimate names that are not in the corpus
// (__tests__/fixtures/typosquat/legit.txt) and recall on squats generated from the corpus.
// Usage: node scripts/typosquat-eval.mjs [--json]
// The TypeScript sources are bundled on the fly with esbuild into a temporary directory.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, '__tests__/fixtures/typosquat/evaluate.ts');
const legitPath = join(root, '__tests__/fixtures/typosquat/legit.txt');

async function loadModules() {
  const dir = mkdtempSync(join(tmpdir(), 'typosquat-eval-'));
  try {
    const outfile = join(dir, 'eval.mjs');
    const stdin = {
      contents:
        `export * from ${JSON.stringify(entry)};\n` +
        `export { WELL_KNOWN_MCP } from ${JSON.stringify(join(root, 'src/policy/corpus.ts'))};\n` +
        `export { detectTyposquat } from ${JSON.stringify(join(root, 'src/checks/typosquat-detect.ts'))};\n`,
      resolveDir: root,
      loader: 'ts',
    };
    await build({ stdin, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pct(x) {
  return `${(x * 100).toFixed(1)}%`;
}

const { evaluate, readNameList, generateTwoSlipSquats, corpusAsKnown, detectTyposquat, WELL_KNOWN_MCP } = await loadModules();
const legit = readNameList(legitPath);
const started = performance.now();
const r = evaluate(WELL_KNOWN_MCP, legit);
const ms = performance.now() - started;
// Beyond what single-edit detectors promise: reported, not required.
const twoSlips = generateTwoSlipSquats(WELL_KNOWN_MCP, legit);
const known = corpusAsKnown(WELL_KNOWN_MCP);
const twoSlipHits = twoSlips.filter((s) => detectTyposquat(s.name, s.ecosystem, known)).length;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ ...r, ms, twoSlips: { flagged: twoSlipHits, total: twoSlips.length } }, null, 2));
} else {
  console.log(`corpus: ${WELL_KNOWN_MCP.length} names; legit: ${r.legitCount}; generated squats: ${r.squatCount}`);
  console.log(`precision: ${pct(r.precision)} (${r.legitCount - r.falsePositives.length}/${r.legitCount} legit names not flagged)`);
  console.log(`recall:    ${pct(r.recall)} (${r.squatCount - r.misses.length}/${r.squatCount} squats flagged)`);
  console.log(`attribution: ${pct(r.attribution)} of flagged squats name the package they were made from`);
  console.log(`time: ${ms.toFixed(0)} ms for ${r.legitCount + r.squatCount} names`);
  console.log(`beyond scope: ${twoSlipHits}/${twoSlips.length} squats with two slips flagged (single-edit detection misses these by design)`);
  console.log('\nrecall by technique:');
  for (const [t, [hit, all]] of Object.entries(r.byTechnique).sort()) console.log(`  ${t.padEnd(28)} ${hit}/${all}`);
  console.log(`\nfalse positives (${r.falsePositives.length}):`);
  for (const { name, match } of r.falsePositives) {
    console.log(`  ${name.ecosystem} ${name.name} -> ${match.imitates} [${match.technique}]`);
  }
  console.log(`\nmisses (${r.misses.length}):`);
  for (const s of r.misses) console.log(`  ${s.ecosystem} ${s.name} (from ${s.target}, ${s.technique})`);
  console.log(`\nmisattributed (${r.misattributed.length}):`);
  for (const { squat, match } of r.misattributed) {
    console.log(`  ${squat.ecosystem} ${squat.name} (from ${squat.target}) -> ${match.imitates} [${match.technique}]`);
  }
}
