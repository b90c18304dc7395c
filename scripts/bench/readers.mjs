// Section `readers`: the file readers on the inputs that used to cost quadratic time or worse, each at
// n, 2n and 4n, with the ratios (about 2 and 4 when linear).
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
    { name: 'pyproject.toml: a table header of n dotted parts', n: 20_000, file: 'pyproject.toml', text: (n) => `[${Array(n).fill('a').join('.')}]\nx = 1\n[project]\nname = "p"\ndependencies = ["mcp"]\n`, check: (r) => r.deps.length === 1 },
    { name: 'go.env: a list value with a run of n tabs inside a part', n: 100_000, file: 'go.env', text: (n) => `GOPRIVATE=github.com/acme/${repeat('\t', n)}*,corp.example\n`, check: (r) => r.settings.length === 1 },
    { name: 'Dockerfile: an instruction continued over n lines', n: 50_000, file: 'Dockerfile', text: (n) => `FROM a\nRUN x \\\n${repeat('  y \\\n', n)}  z\n`, check: (r) => r.deps.length === 1 },
  ];
}

export async function run(bundle) {
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
