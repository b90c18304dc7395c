// Where a gate run's main-thread time goes, from V8 CPU profiles (node --cpu-prof) of the bundled CLI:
// used by the gate section when BENCH_PROFILE=1. A sample counts for the phase of highest priority
// (first in PHASES) among the functions on its stack; samples before the CLI's main runs are start-up
// (reading, compiling and initialising the bundle); (garbage collector) and (idle) are their own lines.
// The names are those of the bundle (esbuild keeps function names): a renamed function falls to "other".
import fs from 'node:fs';

export const PHASES = [
  ['package.json parse (npm-package-arg)', /^parsePackageJson$/],
  ['package-lock parse', /^(parsePackageLock|packagesAgainstHead)$/],
  ['coverageOf (manifest entry -> lockfile entry)', /^coverageOf$/],
  ['relatedEntries / mergeRelated', /^(relatedEntries|mergeRelated)$/],
  ['diff (diffDependencies / diffKeyed)', /^(diffDependencies|diffKeyed)$/],
  ['MCP classification (mcpReasons / sdkDependents)', /^(mcpReasons|sdkDependents)$/],
  ['own code (ownCode / cargoWorkspaceEntry)', /^(ownCode|cargoWorkspaceEntry)$/],
  ['related files', /^readRelatedFiles$/],
  ['inventory files', /^readInventoryFiles$/],
  ['facts stage (registry)', /^gatherFacts$/],
  ['checks', /^runChecks$/],
  ['verdict', /^(decide|conclude|countLevels)$/],
  ['other changed files (read, decode, other formats)', /^(readChangedFile|readSide)$/],
  ['context (git)', /^resolveContext$/],
  ['policy', /^(loadPolicy|readPolicy|withBundleCa)$/],
  ['gate, rest', /^runGate$/],
  ['cli, rest', /^main\d*$/],
];
const STARTUP = 'start-up: read, compile, initialise the bundle';
const OTHER = 'other (callbacks after an await: HTTP, spawn, output)';
const LAZY = 'loading a lazy file (dist/lazy-*.js: module code run on first use)';
const TLS = 'TLS (node:_tls_wrap, node:tls: handshakes, encryption)';

/** Milliseconds per phase, summed over the profiles; `total` is the main thread's time between profiler start and end. */
export function phaseTimes(files) {
  const totals = new Map();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(fs.readFileSync(file, 'utf8'));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const memo = new Map();
    const best = (id) => {
      if (memo.has(id)) return memo.get(id);
      const f = byId.get(id).callFrame;
      const k = f.url.endsWith('.js') ? PHASES.findIndex(([, re]) => re.test(f.functionName)) : -1;
      const up = parent.get(id);
      const r = Math.min(k === -1 ? Infinity : k, up === undefined ? Infinity : best(up));
      memo.set(id, r);
      return r;
    };
    // Outside the named phases: a lazy file's module code (its top-level function on the stack), or TLS.
    const outside = new Map();
    const kindOf = (id) => {
      if (outside.has(id)) return outside.get(id);
      const f = byId.get(id).callFrame;
      const up = parent.get(id);
      const inherited = up === undefined ? undefined : kindOf(up);
      const r = inherited === LAZY ? LAZY : /lazy-[\w-]+\.js$/.test(f.url) && f.functionName === '' ? LAZY : /^node:_?tls/.test(f.url) ? TLS : inherited;
      outside.set(id, r);
      return r;
    };
    const mainAt = PHASES.findIndex(([name]) => name === 'cli, rest');
    let started = false;
    for (let i = 0; i < p.samples.length; i++) {
      const id = p.samples[i];
      const fn = byId.get(id).callFrame.functionName;
      const k = best(id);
      if (!started && k !== Infinity && k <= mainAt) started = true;
      let phase;
      if (fn === '(garbage collector)') phase = 'garbage collector';
      else if (fn === '(idle)') phase = 'idle (waiting for the registry, git)';
      else if (!started) phase = STARTUP;
      else if (fn === '(program)') phase = '(program): native code outside JavaScript';
      else phase = k === Infinity ? (kindOf(id) ?? OTHER) : PHASES[k][0];
      const t = (p.timeDeltas[i] ?? 0) / 1000;
      totals.set(phase, (totals.get(phase) ?? 0) + t);
      total += t;
    }
  }
  return { totals, total, runs: files.length };
}

export function printPhases({ totals, total, runs }, indent = '    ') {
  console.log(`${indent}main-thread time per run ${(total / runs).toFixed(0)} ms (profiled, ${runs} runs; the profiler adds to it)`);
  for (const [phase, t] of [...totals].sort((a, b) => b[1] - a[1])) {
    if (t / total < 0.002) continue;
    console.log(`${indent}  ${(t / runs).toFixed(0).padStart(6)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${phase}`);
  }
}
