// The fast paths must give exactly what the exact ones give. package-lock.json is read with JSON.parse
// and one pass for key lines (falling back to the positional parser on anything unusual); plain specs
// in package.json skip npm-package-arg. Each is compared with its exact path on every fixture and seed
// of the property corpus, on those seeds mutated (fast-check, fixed seed), and on hand-made edges; and
// each test also shows the fast path was taken where it should be, so a fast path that always gave up
// could not pass for one that agrees.
import fc from 'fast-check';
import { packageLock, exactPackageLock, fastPackagesEntries, packagesAgainstHead } from '../../src/formats/npm/package-lock.js';
import semver from 'semver';
import { classifySpec, classifyWithNpa, plainSpecAdmits } from '../../src/ecosystems/npm.js';
import { keyLines } from '../../src/formats/readers/json-fast.js';
import { npmNameProblem } from '../../src/ecosystems/npm-registry.js';
import { withoutUninstallableEntries } from '../../src/checks/parse-error.js';
import { lineIndex } from '../../src/formats/readers/lines.js';
import { FORMATS } from '../../src/formats/index.js';
import { corpus } from '../properties/corpus.js';
import { inputsFor } from '../properties/inputs.js';

const SEED = Number(process.env.FC_SEED ?? 20261202);
const RUNS = Number(process.env.FC_RUNS ?? 300);

type Outcome = { deps: unknown } | { error: string; line: unknown };

function outcome(read: () => unknown): Outcome {
  try {
    return { deps: read() };
  } catch (err) {
    const e = err as { message: string; line?: number };
    return { error: e.message, line: e.line };
  }
}

/** Both ways of reading a lockfile, for one text. */
function both(text: string, path = 'package-lock.json'): { fast: Outcome; exact: Outcome } {
  return { fast: outcome(() => packageLock.parse(text, path)), exact: outcome(() => exactPackageLock(text, path)) };
}

const seeds = corpus().get('package-lock') ?? [];

describe('package-lock.json: the JSON.parse path gives what the positional parser gives', () => {
  it('has seeds to compare, and takes the fast path on every npm-written v2/v3 seed', () => {
    const modern = seeds.filter((s) => /"lockfileVersion": [23]/.test(s.text));
    expect(modern.length).toBeGreaterThanOrEqual(3);
    for (const s of modern) expect(fastPackagesEntries(s.text, s.path)).toBeDefined();
  });

  it.each(seeds.map((s) => [s.path, s] as const))('%s: same entries, lines and errors', (_path, s) => {
    const { fast, exact } = both(s.text, s.path);
    expect(fast).toEqual(exact);
    expect('deps' in exact).toBe(true);
  });

  it('agrees on mutated and regenerated seeds (fast-check)', () => {
    const format = FORMATS.find((f) => f.id === 'package-lock')!;
    let fastTaken = 0;
    fc.assert(
      fc.property(inputsFor(format, seeds, 'json'), ({ path, text }) => {
        if (fastPackagesEntries(text, path) !== undefined) fastTaken++;
        const { fast, exact } = both(text, path);
        expect(fast).toEqual(exact);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Mutations break most texts; some must still take the fast path for the comparison to mean anything.
    expect(fastTaken).toBeGreaterThan(RUNS / 20);
  });

  const lock = (packages: string, top = '"lockfileVersion": 3') => `{\n  "name": "app",\n  ${top},\n  "packages": ${packages}\n}\n`;
  const edges: [string, string][] = [
    ['a BOM, CRLF and a lone CR', `\uFEFF${lock('{\r\n    "": {},\r    "node_modules/a": { "version": "1.0.0" },\r\n    "node_modules/b": { "version": "2.0.0" }\n  }')}`],
    ['escaped keys and values', lock('{ "node_modules/\\u0061": { "version": "1.0.0", "resolved": "https://r/\\"q\\\\" }, "node_modules/b\\\\": { "version": "1.0.0" } }')],
    ['a repeated package key', lock('{ "node_modules/a": { "version": "1.0.0" }, "node_modules/b": {}, "node_modules/a": { "version": "2.0.0" } }')],
    ['packages twice', `{ "lockfileVersion": 3, "packages": { "node_modules/a": {} }, "packages": { "node_modules/b": { "version": "1.0.0" } } }`],
    ['an index-like key', lock('{ "node_modules/a": {}, "7": {}, "node_modules/b": {} }')],
    ['index-like dependency names', lock('{ "node_modules/a": { "dependencies": { "z": "1", "10": "1", "b": "1" } } }')],
    ['a version that is a number', lock('{ "node_modules/a": { "version": 1 } }')],
    ['dev as a string', lock('{ "node_modules/a": { "dev": "yes" } }')],
    ['link as a string', lock('{ "node_modules/a": { "link": "true", "resolved": "a" } }')],
    ['dependencies as an array', lock('{ "node_modules/a": { "dependencies": ["b"] } }')],
    ['an entry that is null', lock('{ "node_modules/a": null }')],
    ['packages as an array', lock('[]')],
    ['a link to a workspace, and to a missing folder', lock('{ "": {}, "node_modules/w": { "resolved": "packages/w", "link": true }, "node_modules/x": { "resolved": "gone", "link": true }, "packages/w": { "name": "@s/w", "version": "0.1.0", "peerDependencies": { "p": "1" }, "peerDependenciesMeta": { "p": { "optional": true } } } }')],
    ['a link whose target is not an object', lock('{ "node_modules/w": { "resolved": "packages/w", "link": true }, "packages/w": 3 }')],
    ['a link to a key of Object.prototype', lock('{ "node_modules/w": { "resolved": "constructor", "link": true } }')],
    ['__proto__ keys', lock('{ "node_modules/__proto__": { "version": "1.0.0", "dependencies": { "__proto__": "1" } } }')],
    ['an alias (name differs from the install path)', lock('{ "node_modules/b": { "name": "@s/a", "version": "1.0.0" }, "node_modules/c/node_modules/@s/d": { "version": "3.0.0", "optional": true, "hasInstallScript": true } }')],
    ['optional peers meta of odd shapes', lock('{ "node_modules/a": { "peerDependencies": { "p": "1", "q": "1", "r": "1" }, "peerDependenciesMeta": { "p": { "optional": "true" }, "q": 1, "r": { "optional": true } } } }')],
    ['peerDependenciesMeta not an object', lock('{ "node_modules/a": { "peerDependenciesMeta": [] } }')],
    ['lockfileVersion 1 with packages', lock('{ "node_modules/a": {} }', '"lockfileVersion": 1, "dependencies": { "a": { "version": "1.0.0" } }')],
    ['no lockfileVersion', `{ "packages": { "node_modules/a": {} }, "dependencies": { "a": { "version": "1.0.0" } } }`],
    ['lockfileVersion 4', lock('{}', '"lockfileVersion": 4')],
    ['lockfileVersion "3"', lock('{}', '"lockfileVersion": "3"')],
    ['a syntax error', lock('{ "node_modules/a": { "version": "1.0.0", } }')],
    ['a comment', `// npm never writes this\n${lock('{}')}`],
    ['an empty file', ''],
    ['a string inside a key-looking place', lock('{ "node_modules/a": { "description": "{ \\"node_modules/x\\": [" }, "node_modules/b": {} }')],
    ['nesting deeper than the scan takes', lock(`{ "node_modules/a": { "version": "1.0.0", "x": ${'['.repeat(100000)}${']'.repeat(100000)} } }`)],
    ['keys nested like the packages object', `{ "lockfileVersion": 3, "x": { "packages": { "node_modules/no": {} } }, "packages": { "node_modules/yes": {} } }`],
  ];

  it.each(edges)('%s', (_label, text) => {
    const { fast, exact } = both(text);
    expect(fast).toEqual(exact);
  });

  it('takes the fast path on the plain edges, and gives up where the exact path must judge', () => {
    const taken = (label: string) => fastPackagesEntries(edges.find(([l]) => l === label)![1], 'package-lock.json') !== undefined;
    for (const label of ['a BOM, CRLF and a lone CR', 'escaped keys and values', 'a link to a workspace, and to a missing folder', 'an alias (name differs from the install path)', '__proto__ keys', 'keys nested like the packages object']) {
      expect([label, taken(label)]).toEqual([label, true]);
    }
    for (const label of ['nesting deeper than the scan takes', 'a repeated package key', 'packages twice', 'an index-like key', 'index-like dependency names', 'a version that is a number', 'a syntax error', 'lockfileVersion 1 with packages', 'a link whose target is not an object']) {
      expect([label, taken(label)]).toEqual([label, false]);
    }
  });
});

describe('keyLines: the line of each key of one object, in one pass', () => {
  it('agrees with the line index on generated JSON with every line break and escape', () => {
    const key = fc.string({ unit: fc.constantFrom('a', '/', '"', '\\', '{', '[', ':', ',', 'é', '\u2028') });
    const sep = fc.constantFrom('\n', '\r\n', '\r', ' ', '', '\t');
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 8 }), fc.array(sep, { minLength: 40, maxLength: 40 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 8, maxLength: 8 }), (keys, seps, values) => {
        let i = 0;
        const s = () => seps[i++ % seps.length];
        // Written piece by piece, remembering where each key of `packages` starts.
        let text = `{${s()}"before":${s()}{"x":1},${s()}"packages":${s()}{`;
        const starts: number[] = [];
        keys.forEach((k, j) => {
          text += `${j > 0 ? ',' : ''}${s()}`;
          starts.push(text.length);
          text += `${JSON.stringify(k)}${s()}:${s()}${JSON.stringify(values[j])}`;
        });
        text += `${s()}}${s()}}`;
        const found = keyLines(text, ['packages'])!;
        const at = lineIndex(text);
        expect(found.keys).toEqual(keys);
        expect(found.lines).toEqual(starts.map(at));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('classifySpec: plain versions and ranges skip npm-package-arg with the same answer', () => {
  const names = ['a', 'left-pad', '@scope/pkg', '@modelcontextprotocol/sdk', 'UPPER', 'node_modules', '.hidden', 'with space', '@s/', 'http', 'a/b', '', '\ud800lone-surrogate', 'é'];
  const specs = ['1.2.3', '^1.2.3', '~1.2.3', '0.0.0', '01.2.3', '1.2', '^1.2', '1.2.3-beta.1', '^10.20.30', '~0.1.0', ' 1.2.3', '1.2.3 ', '=1.2.3', 'v1.2.3', '>=1.2.3', '*', 'latest', 'npm:a@1.2.3', 'github:a/b', '99999999999999999999.0.0'];
  it.each(names.flatMap((n) => specs.map((s) => [n, s] as const)))('%j %j', (name, spec) => {
    expect(classifySpec(name, spec)).toEqual(classifyWithNpa(name, spec));
  });

  it('agrees on generated numeric specs', () => {
    const part = fc.oneof(fc.nat({ max: 30 }).map(String), fc.constantFrom('0', '00', '01', '9007199254740993'));
    fc.assert(
      fc.property(fc.constantFrom('', '^', '~', '=', 'v', '>'), part, part, part, fc.constantFrom(...names), (p, a, b, c, name) => {
        const spec = `${p}${a}.${b}.${c}`;
        expect(classifySpec(name, spec)).toEqual(classifyWithNpa(name, spec));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('plainSpecAdmits: a plain range read without semver says what semver.satisfies says', () => {
  const n = fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 12 }), fc.constant(999999999999999));
  it('on generated plain specs and versions', () => {
    let decided = 0;
    fc.assert(
      fc.property(fc.constantFrom('', '^', '~'), n, n, n, n, n, n, (op, a, b, c, x, y, z) => {
        const [spec, version] = [`${op}${a}.${b}.${c}`, `${x}.${y}.${z}`];
        const fast = plainSpecAdmits(spec, version);
        if (fast !== undefined) decided++;
        expect([spec, version, fast]).toEqual([spec, version, semver.satisfies(version, spec, { includePrerelease: true })]);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
    expect(decided).toBe(RUNS * 10);
  });

  it('leaves anything not plain to semver', () => {
    for (const [spec, version] of [['^1.2.3', '1.2.4-beta.1'], ['>=1.2.3', '1.2.4'], ['^1.2', '1.2.4'], ['1.2.3', 'v1.2.3'], ['^01.2.3', '1.2.3'], ['^1.2.3', '1.2.3+build']]) {
      expect(plainSpecAdmits(spec, version)).toBeUndefined();
    }
  });
});

describe('package-lock.json base read against its head: what the full read of the base gives', () => {
  /** The base read against `head` (when the head reads), and the base read on its own by the positional parser. */
  function against(base: string, head: string): { reused: boolean; fast: Outcome; exact: Outcome } | undefined {
    let headDeps;
    try {
      headDeps = packageLock.parse(head, 'package-lock.json');
    } catch {
      return undefined; // the pipeline reads a base against a head only when the head reads
    }
    const reused = packagesAgainstHead(base, 'package-lock.json', { text: head, deps: headDeps }) !== undefined;
    const fast = outcome(() => packageLock.parseBase!(base, 'package-lock.json', { text: head, deps: headDeps }) ?? packageLock.parse(base, 'package-lock.json'));
    return { reused, fast, exact: outcome(() => exactPackageLock(base, 'package-lock.json')) };
  }

  const entry = (name: string, version: string, extra = '') =>
    `"node_modules/${name}": {\n      "version": "${version}",\n      "resolved": "https://registry.npmjs.org/${name}/-/${name}-${version}.tgz",\n      "integrity": "sha512-${name}${version}"${extra}\n    }`;
  const file = (entries: string[], top = '"name": "app",\n  "version": "1.0.0",\n  "lockfileVersion": 3') =>
    `{\n  ${top},\n  "requires": true,\n  "packages": {\n    "": { "name": "app", "dependencies": { "a": "^1.0.0" } },\n    ${entries.join(',\n    ')}\n  }\n}\n`;
  const a1 = entry('a', '1.0.0');
  const b1 = entry('b', '2.0.0', ',\n      "dependencies": { "c": "^1" }');
  const c1 = entry('c', '1.0.0', ',\n      "dev": true');
  const head = file([a1, b1, c1, '"node_modules/w": { "resolved": "packages/w", "link": true }', '"packages/w": { "name": "@s/w", "version": "1.0.0" }']);
  const pairs: [string, string, boolean][] = [
    ['the same file', head, true],
    ['a bump', head.replace('"version": "2.0.0"', '"version": "1.9.0"'), true],
    ['an entry more at base', file([a1, entry('z', '0.1.0'), b1, c1]), true],
    ['entries in another order', file([c1, a1, b1]), true],
    ['the project version differs (outside packages)', file([a1, b1, c1], '"name": "app",\n  "version": "0.9.0",\n  "lockfileVersion": 3'), true],
    ['the link target changed', head.replace('"name": "@s/w", "version": "1.0.0"', '"name": "@s/w", "version": "0.9.0"'), true],
    ['CRLF line breaks', head.replace(/\n/g, '\r\n'), true],
    ['a trailing comma inside a changed entry', head.replace('"version": "2.0.0",', '"version": "1.0.0",,'), false],
    ['a trailing comma after the last entry', head.replace('"version": "1.0.0" }\n  }', '"version": "1.0.0" },\n  }'), false],
    ['a comment between entries', head.replace(',\n    "node_modules/b"', ',\n    // b\n    "node_modules/b"'), false],
    ['a syntax error before packages', head.replace('"requires": true', '"requires": tru'), false],
    ['a syntax error after packages', head.replace(/}\n$/, '}}\n'), false],
    ['a repeated key at base', file([a1, b1, a1.replace('1.0.0', '1.0.1')]), false],
    ['packages twice at base', head.replace('"requires": true', '"packages": {}'), false],
    ['lockfile v1 at base', head.replace('"lockfileVersion": 3', '"lockfileVersion": 1'), false],
    ['no lockfileVersion at base', head.replace('"lockfileVersion": 3,', ''), false],
    ['a version of the wrong type at base', head.replace('"version": "2.0.0"', '"version": 2'), false],
    ['an entry that is two members', head.replace(`"integrity": "sha512-a1.0.0"\n    }`, `"integrity": "sha512-a1.0.0"\n    }, "node_modules/q": {}`), true],
    ['an empty packages object', file([]).replace(/"": \{[^}]*\} \},\n    \n/, ''), true],
    ['a BOM at base', `\uFEFF${head}`, true],
    ['a probe-like key', head.replace('"requires": true', '"mcp-supply-gate: the packages object": 0'), true],
    ['an unterminated string', head.replace('"version": "2.0.0"', '"version": "2.0.0'), false],
    ['nesting deeper than the scan takes', head.replace('"dev": true', `"dev": true, "x": ${'['.repeat(100000)}${']'.repeat(100000)}`), false],
  ];

  it.each(pairs)('%s', (_label, base, reuses) => {
    const r = against(base, head)!;
    expect(r.fast).toEqual(r.exact);
    expect(r.reused).toBe(reuses);
  });

  it('agrees on seeds read against mutated seeds and the other way round (fast-check)', () => {
    const format = FORMATS.find((f) => f.id === 'package-lock')!;
    const modern = seeds.filter((x) => /"lockfileVersion": [23]/.test(x.text));
    let reused = 0;
    let compared = 0;
    fc.assert(
      fc.property(fc.constantFrom(...modern), inputsFor(format, modern, 'json'), fc.boolean(), (seed, { text }, seedIsHead) => {
        const r = seedIsHead ? against(text, seed.text) : against(seed.text, text);
        if (r === undefined) return;
        compared++;
        if (r.reused) reused++;
        expect(r.fast).toEqual(r.exact);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS / 4);
    expect(reused).toBeGreaterThan(RUNS / 20);
  });
});

describe('npm name checks are remembered, and never throw', () => {
  it('a lone surrogate is a problem with the name, not a crash; the answer is the same the second time', () => {
    for (let i = 0; i < 2; i++) {
      expect(npmNameProblem('\ud800mcp')).toBe('not valid Unicode text');
      expect(npmNameProblem('@scope/ok')).toBeUndefined();
      expect(npmNameProblem('.hidden')).toMatch(/period/);
    }
  });

  it('a lockfile entry named so becomes a parse error at its line, the rest of the file is read', () => {
    const text = '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/a": { "version": "1.0.0" },\n    "node_modules/\\ud800b": { "version": "1.0.0" }\n  }\n}\n';
    const parsed = withoutUninstallableEntries({ deps: packageLock.parse(text, 'package-lock.json') });
    expect(parsed.deps.map((d) => d.name)).toEqual(['a']);
    expect(parsed.issues).toEqual([expect.objectContaining({ rule: 'parse-error', line: 5, message: expect.stringContaining('not valid Unicode text') })]);
  });
});
