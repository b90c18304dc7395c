// Section `typosquat`: the typosquat rule, and every file-only check, on a PR adding 40, then 400
// packages (the same mix of real MCP names, typos of them and unrelated names), with the index of known
// names built once per run and timed on its own. The cost must grow with the packages, not faster.
/**
 * A PR adding `n` npm packages: real MCP names of the popularity snapshot, typos of them and unrelated
 * names, in a fixed mix. Every check that needs no registry runs on each, as the pipeline does; the
 * policy is loaded afresh so the typosquat index is built inside the measured time.
 */
export async function run(bundle) {
  const { mod, done } = await bundle(`
export { loadPolicy } from './src/policy/index.ts';
export { CHECKS } from './src/checks/index.ts';
export { typosquat } from './src/checks/typosquat.ts';
export { NPM_POPULARITY } from './src/policy/popularity.ts';
export { NO_FACTS } from './src/facts.ts';
`);
  try {
    judgeAll(mod);
  } finally {
    done();
  }
}

function judgeAll({ loadPolicy, CHECKS, typosquat, NPM_POPULARITY, NO_FACTS }) {
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
  const RUNS = 15;
  // The fastest of several runs: on a shared machine the slower ones measure other people's work.
  const fastest = (xs) => Math.min(...xs);
  const freshPolicy = () => loadPolicy({ kind: 'default', path: '.github/mcp-policy.yml' });
  const judge = (list, checks, policy) => {
    const ctx = { policy, facts: NO_FACTS, now: new Date() };
    const started = process.hrtime.bigint();
    let findings = 0;
    for (const item of list) for (const c of checks) findings += c.run(item, ctx).length;
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings };
  };
  const probe = items(['bench-index-probe']);
  /** The index alone: a fresh policy, one name judged. */
  const indexMs = () => judge(probe, [typosquat], freshPolicy()).ms;
  /** Judging with the run's index already built (the index is per run, not per package). */
  const judging = (list, checks) => {
    const policy = freshPolicy();
    judge(probe, [typosquat], policy);
    return judge(list, checks, policy);
  };
  // The same mix at both sizes: the 40 are every tenth of the 400.
  const large = items(names(400));
  const small = large.filter((_, i) => i % 10 === 0);
  for (let r = 0; r < 3; r++) for (const list of [small, large]) for (const checks of [[typosquat], fileChecks]) judging(list, checks); // warm up the JIT
  const index = fastest(Array.from({ length: RUNS }, indexMs));
  const measure = (list, checks) => {
    const runs = Array.from({ length: RUNS }, () => judging(list, checks));
    return { ms: fastest(runs.map((r) => r.ms)), findings: runs[0].findings };
  };
  const s = measure(small, [typosquat]);
  const l = measure(large, [typosquat]);
  const sa = measure(small, fileChecks);
  const la = measure(large, fileChecks);
  const f = (x) => x.toFixed(1).padStart(6);
  console.log(`typosquat: a PR adding 40, then 400 packages (fastest of ${RUNS} runs)`);
  console.log(`  index of the known names, once per run: ${f(index)} ms`);
  console.log(`  typosquat rule, 40 packages:  ${f(s.ms)} ms judging, ${f(s.ms + index)} ms with the index (${s.findings} findings)`);
  console.log(`  typosquat rule, 400 packages: ${f(l.ms)} ms judging, ${f(l.ms + index)} ms with the index (${l.findings} findings)`);
  const growth = l.ms / 400 / (s.ms / 40);
  const verdict = growth <= 2 ? 'flat: the cost grows with the packages, not faster' : 'NOT flat: each package costs more in a bigger PR';
  console.log(`  per package:                  ${(s.ms / 40).toFixed(3)} ms at 40, ${(l.ms / 400).toFixed(3)} ms at 400 (${growth.toFixed(1)}x; ${verdict})`);
  if (growth > 2) process.exitCode = 1;
  console.log(`  every file-only check:        ${f(sa.ms)} ms for 40, ${f(la.ms)} ms for 400`);
}
