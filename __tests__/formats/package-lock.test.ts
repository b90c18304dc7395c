import { packageLock } from '../../src/formats/npm/package-lock.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const V3 = 'app-v3/package-lock.json';
const V2 = 'app-v2/package-lock.json';
const V1 = 'app-v1/package-lock.json';
const WS = 'workspaces/package-lock.json';

function parse(rel: string, text = fixture(rel)): Dependency[] {
  return packageLock.parse(text, rel);
}

function byKey(deps: Dependency[]): Map<string, Dependency> {
  return new Map(deps.map((d) => [d.key, d]));
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = byKey(deps).get(key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

/** What npm itself reads from a v2/v3 entry, through JSON.parse: the oracle for `requires` (optional peers are no edge). */
function requiresPerJsonParse(text: string, key: string): string[] {
  const e = JSON.parse(text).packages[key];
  const optional = (n: string) => e.peerDependenciesMeta?.[n]?.optional === true;
  return [...new Set([e.dependencies, e.optionalDependencies].flatMap((m) => Object.keys(m ?? {})).concat(Object.keys(e.peerDependencies ?? {}).filter((n) => !optional(n))))];
}

const APP_KEYS = [
  'node_modules/@modelcontextprotocol/sdk',
  'node_modules/@modelcontextprotocol/server-filesystem',
  'node_modules/core-js',
  'node_modules/fs-mcp',
  'node_modules/fs-mcp/node_modules/glob',
  'node_modules/fs-mcp/node_modules/glob/node_modules/minimatch',
  'node_modules/is-number',
  'node_modules/is-odd',
  'node_modules/is-odd/node_modules/is-number',
];

describe('package-lock v3 (npm 11)', () => {
  const text = fixture(V3);
  const deps = parse(V3, text);

  it('lists every installed package except the root, in file order', () => {
    expect(deps.map((d) => d.key)).toEqual(APP_KEYS);
    for (const d of deps) {
      expect(d).toMatchObject({ ecosystem: 'npm', kind: 'lockfile', file: V3 });
    }
  });

  it('puts each entry on the line of its key', () => {
    for (const d of deps) expect([d.key, d.line]).toEqual([d.key, lineOf(text, `"${d.key}": {`)]);
  });

  it('reads version, resolved, integrity and requires of a scoped package', () => {
    const fs = entry(deps, 'node_modules/@modelcontextprotocol/server-filesystem');
    expect(fs).toEqual({
      ecosystem: 'npm',
      name: '@modelcontextprotocol/server-filesystem',
      version: '2026.8.31',
      resolved: 'https://registry.npmjs.org/@modelcontextprotocol/server-filesystem/-/server-filesystem-2026.8.31.tgz',
      integrity:
        'sha512-kKaFkyAh6oipvc9+EAbJ552JafnMnOq5nzmzWkp1jJdBhTAAGpmIpWihUG1+rfNhmEFM98gUZDdCHCDD4v6a7Q==',
      requires: ['@modelcontextprotocol/sdk', 'diff', 'glob', 'minimatch'],
      file: V3,
      line: lineOf(text, '"node_modules/@modelcontextprotocol/server-filesystem": {'),
      kind: 'lockfile',
      key: 'node_modules/@modelcontextprotocol/server-filesystem',
    });
  });

  it('counts required peer dependencies among requires, not optional ones', () => {
    const sdk = entry(deps, 'node_modules/@modelcontextprotocol/sdk');
    expect(sdk.requires).toEqual(requiresPerJsonParse(text, sdk.key));
    expect(sdk.requires).toEqual(expect.arrayContaining(['express', 'zod']));
    // The SDK's peer @cfworker/json-schema is optional (peerDependenciesMeta): the SDK runs without it.
    expect(JSON.parse(text).packages[sdk.key].peerDependencies).toHaveProperty(['@cfworker/json-schema']);
    expect(sdk.requires).not.toContain('@cfworker/json-schema');
  });

  it('resolves an alias: installed as fs-mcp, really @modelcontextprotocol/server-filesystem', () => {
    const alias = entry(deps, 'node_modules/fs-mcp');
    expect(alias).toMatchObject({
      name: '@modelcontextprotocol/server-filesystem',
      alias: 'fs-mcp',
      version: '2025.12.18',
      resolved: 'https://registry.npmjs.org/@modelcontextprotocol/server-filesystem/-/server-filesystem-2025.12.18.tgz',
    });
    expect(alias.integrity).toMatch(/^sha512-wg3nn5L5/);
  });

  it('reports install scripts, dev and optional flags only where npm recorded them', () => {
    expect(entry(deps, 'node_modules/core-js').hasInstallScript).toBe(true);
    expect(entry(deps, 'node_modules/is-number')).toMatchObject({ dev: true, version: '7.0.0' });
    expect(entry(deps, 'node_modules/is-odd')).toMatchObject({ optional: true, requires: ['is-number'] });
    const withScripts = deps.filter((d) => d.hasInstallScript !== undefined).map((d) => d.key);
    expect(withScripts).toEqual(['node_modules/core-js']);
    expect('dev' in entry(deps, 'node_modules/core-js')).toBe(false);
  });

  it('names nested packages by their last node_modules segment', () => {
    expect(entry(deps, 'node_modules/is-odd/node_modules/is-number')).toMatchObject({ name: 'is-number', version: '6.0.0' });
    const minimatch = entry(deps, 'node_modules/fs-mcp/node_modules/glob/node_modules/minimatch');
    expect(minimatch).toMatchObject({ name: 'minimatch', version: '9.0.9', requires: ['brace-expansion'] });
    expect(minimatch.alias).toBeUndefined();
  });

  it('reads npm-shrinkwrap.json the same way', () => {
    const shrink = packageLock.parse(text, 'npm-shrinkwrap.json');
    expect(shrink.map((d) => ({ ...d, file: V3 }))).toEqual(deps);
  });
});

describe('package-lock v2', () => {
  const text = fixture(V2);
  const deps = parse(V2, text);

  it('reads the packages map, not the legacy tree', () => {
    expect(deps.map((d) => d.key)).toEqual(APP_KEYS);
    const legacyStart = lineOf(text, '\n  "dependencies": {') + 1;
    for (const d of deps) {
      expect(d.line).toBe(lineOf(text, `"${d.key}": {`));
      expect(d.line).toBeLessThan(legacyStart);
    }
    // v2 carries peer dependencies only in `packages` (the legacy tree lists the optional peer as a
    // plain requirement), so an optional peer left out proves which part was read.
    expect(entry(deps, 'node_modules/@modelcontextprotocol/sdk').requires).toEqual(requiresPerJsonParse(text, 'node_modules/@modelcontextprotocol/sdk'));
    expect(entry(deps, 'node_modules/@modelcontextprotocol/sdk').requires).not.toContain('@cfworker/json-schema');
  });

  it('gives the same entries as the v3 file of the same project', () => {
    const v3 = parse(V3);
    expect(deps.map((d) => ({ ...d, file: V3 }))).toEqual(v3);
  });

  it('falls back to the legacy tree when a v2 file has no packages map', () => {
    const lock = JSON.parse(text);
    delete lock.packages;
    const legacyOnly = JSON.stringify(lock, null, 2);
    const fromTree = parse(V2, legacyOnly);
    expect(fromTree.map((d) => d.key).sort()).toEqual([...APP_KEYS].sort());
    expect(entry(fromTree, 'node_modules/fs-mcp')).toMatchObject({ name: '@modelcontextprotocol/server-filesystem', alias: 'fs-mcp' });
  });
});

describe('package-lock v1 (npm 5/6 nested tree)', () => {
  const text = fixture(V1);
  const deps = parse(V1, text);

  it('walks the nested tree, keying entries by the node_modules path they install to', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'node_modules/@modelcontextprotocol/sdk',
      'node_modules/@modelcontextprotocol/server-filesystem',
      'node_modules/core-js',
      'node_modules/fs-mcp',
      'node_modules/fs-mcp/node_modules/glob',
      'node_modules/fs-mcp/node_modules/glob/node_modules/minimatch',
      'node_modules/is-number',
      'node_modules/is-odd',
      'node_modules/is-odd/node_modules/is-number',
      'node_modules/left-pad',
    ]);
  });

  it('puts nested entries on the line of their own key', () => {
    expect(entry(deps, 'node_modules/fs-mcp').line).toBe(lineOf(text, '"fs-mcp": {'));
    expect(entry(deps, 'node_modules/fs-mcp/node_modules/glob').line).toBe(lineOf(text, '"glob": {', '"fs-mcp": {'));
    expect(entry(deps, 'node_modules/fs-mcp/node_modules/glob/node_modules/minimatch').line).toBe(
      lineOf(text, '"minimatch": {', '"fs-mcp": {', '"glob": {'),
    );
    expect(entry(deps, 'node_modules/is-number').line).toBe(lineOf(text, '"is-number": {'));
    expect(entry(deps, 'node_modules/is-odd/node_modules/is-number').line).toBe(lineOf(text, '"is-number": {', '"is-odd": {'));
  });

  it('resolves "version": "npm:name@version" aliases', () => {
    expect(entry(deps, 'node_modules/fs-mcp')).toMatchObject({
      name: '@modelcontextprotocol/server-filesystem',
      alias: 'fs-mcp',
      version: '2025.12.18',
      resolved: 'https://registry.npmjs.org/@modelcontextprotocol/server-filesystem/-/server-filesystem-2025.12.18.tgz',
      requires: ['@modelcontextprotocol/sdk', 'diff', 'glob', 'minimatch', 'zod-to-json-schema'],
    });
  });

  it('reads requires, integrity, dev and optional', () => {
    expect(entry(deps, 'node_modules/is-odd')).toMatchObject({
      version: '3.0.1',
      optional: true,
      requires: ['is-number'],
      integrity:
        'sha512-CQpnWPrDwmP1+SMHXZhtLtJv90yiyVfluGsX5iNCVkrhQtU3TQHsUWPG9wkdk9Lgd5yNpAg9jQEo90CBaXgWMA==',
    });
    expect(entry(deps, 'node_modules/is-number')).toMatchObject({ version: '7.0.0', dev: true });
    expect(entry(deps, 'node_modules/core-js').hasInstallScript).toBeUndefined();
  });

  it('keeps a git dependency as a git source with no version', () => {
    const gitDep = entry(deps, 'node_modules/left-pad');
    expect(gitDep).toMatchObject({
      name: 'left-pad',
      specType: 'git',
      resolved: 'git+https://github.com/left-pad/left-pad.git#5b4cc3d5a3a8fa4f64cd0d7ee8e1d4d0a8fa0c1d',
    });
    expect(gitDep.version).toBeUndefined();
  });

  it('treats a file without lockfileVersion (npm 5.0, old shrinkwrap) as v1', () => {
    const old = replaceOnce(text, '  "lockfileVersion": 1,\n', '');
    expect(parse(V1, old).map((d) => d.key)).toEqual(deps.map((d) => d.key));
  });
});

describe('package-lock with workspaces and file: folders', () => {
  const text = fixture(WS);
  const deps = parse(WS, text);

  it('records links as directory dependencies and skips the folders themselves', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'node_modules/@fixture/server',
      'node_modules/@fixture/shared',
      'node_modules/is-number',
      'node_modules/is-odd',
      'node_modules/is-odd/node_modules/is-number',
      'node_modules/local-tool',
    ]);
  });

  it('gives a link the name, version and requires of the folder it points at', () => {
    expect(entry(deps, 'node_modules/@fixture/server')).toEqual({
      ecosystem: 'npm',
      name: '@fixture/server',
      version: '0.2.0',
      specType: 'directory',
      resolved: 'packages/server',
      requires: ['@fixture/shared', 'is-odd'],
      file: WS,
      line: lineOf(text, '"node_modules/@fixture/server": {'),
      kind: 'lockfile',
      key: 'node_modules/@fixture/server',
    });
    expect(entry(deps, 'node_modules/local-tool')).toMatchObject({
      name: 'local-tool',
      version: '0.0.1',
      specType: 'directory',
      resolved: 'tools/local-tool',
      line: lineOf(text, '"node_modules/local-tool": {'),
    });
  });

  it('uses the folder name as the installed name and flags a link whose folder has another name', () => {
    const renamed = replaceOnce(text, '"name": "@fixture/shared",\n      "version"', '"name": "@fixture/common",\n      "version"');
    expect(entry(parse(WS, renamed), 'node_modules/@fixture/shared')).toMatchObject({
      name: '@fixture/common',
      alias: '@fixture/shared',
    });
  });
});

describe('package-lock edge cases npm accepts', () => {
  const text = fixture(V3);

  it('tolerates a byte order mark without shifting lines', () => {
    const deps = parse(V3, `\uFEFF${text}`);
    expect(deps.map((d) => d.line)).toEqual(parse(V3).map((d) => d.line));
  });

  it('counts lines the same with CRLF line endings', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    expect(parse(V3, crlf).map((d) => d.line)).toEqual(parse(V3).map((d) => d.line));
  });

  it('takes the last of two identical keys, as JSON.parse does', () => {
    const dup = `{
  "lockfileVersion": 3,
  "packages": {
    "node_modules/a": { "version": "1.0.0" },
    "node_modules/a": { "version": "6.6.6" }
  }
}`;
    const deps = parse(V3, dup);
    expect(deps).toHaveLength(1);
    expect(deps[0]).toMatchObject({
      version: JSON.parse(dup).packages['node_modules/a'].version,
      line: lineOf(dup, '"node_modules/a"', '"node_modules/a"'),
    });
  });

  it('ignores fields it does not know', () => {
    const extra = replaceOnce(text, '"hasInstallScript": true,', '"hasInstallScript": true,\n      "futureField": [1, {"x": null}],');
    expect(entry(parse(V3, extra), 'node_modules/core-js').hasInstallScript).toBe(true);
  });
});

describe('package-lock files npm would reject', () => {
  const text = fixture(V3);

  it('a 0-byte file', () => {
    const err = parseErrorOf(() => parse(V3, ''));
    expect(err).toMatchObject({ file: V3, line: 1 });
    expect(err.message).toMatch(/empty/);
  });

  it('a top-level array', () => {
    const bad = '\n[\n  {}\n]\n';
    const err = parseErrorOf(() => parse(V3, bad));
    expect(err).toMatchObject({ file: V3, line: lineOf(bad, '[') });
    expect(err.message).toMatch(/must be a JSON object, found an array/);
  });

  it('a truncated file, at the line where it ends', () => {
    const cut = text.slice(0, text.indexOf('"node_modules/is-odd": {') + 10);
    const err = parseErrorOf(() => parse(V3, cut));
    expect(err.line).toBe(cut.split('\n').length);
    expect(err.message).toMatch(/invalid JSON/);
  });

  it('a trailing comma, at the line of the brace that follows it', () => {
    const bad = replaceOnce(text, '"is-odd": "3.0.1"\n', '"is-odd": "3.0.1",\n');
    const err = parseErrorOf(() => parse(V3, bad));
    expect(err.line).toBe(lineOf(bad, '"is-odd": "3.0.1",') + 1);
  });

  it('a comment', () => {
    const bad = replaceOnce(text, '"lockfileVersion": 3,', '"lockfileVersion": 3, // npm 11');
    expect(parseErrorOf(() => parse(V3, bad)).line).toBe(lineOf(bad, '"lockfileVersion"'));
  });

  it('lockfileVersion 99, at its line', () => {
    const bad = replaceOnce(text, '"lockfileVersion": 3,', '"lockfileVersion": 99,');
    const err = parseErrorOf(() => parse(V3, bad));
    expect(err.line).toBe(lineOf(bad, '"lockfileVersion"'));
    expect(err.message).toMatch(/lockfileVersion 99 is not supported/);
  });

  it('lockfileVersion as a string', () => {
    const bad = replaceOnce(text, '"lockfileVersion": 3,', '"lockfileVersion": "3",');
    expect(parseErrorOf(() => parse(V3, bad)).message).toMatch(/lockfileVersion a string \("3"\) is not supported/);
  });

  it('"packages": [] names the key and line', () => {
    const bad = `{\n  "lockfileVersion": 3,\n  "packages": []\n}\n`;
    const err = parseErrorOf(() => parse(V3, bad));
    expect(err).toMatchObject({ line: lineOf(bad, '[]'), message: 'packages must be an object, found an array' });
  });

  it('v1 "dependencies": [] names the key and line', () => {
    const bad = replaceOnce(fixture(V1), '"requires": {\n        "is-number": "^6.0.0"\n      }', '"requires": []');
    const err = parseErrorOf(() => parse(V1, bad));
    expect(err.line).toBe(lineOf(bad, '"requires": []'));
    expect(err.message).toBe('dependencies["is-odd"].requires must be an object, found an array');
  });

  it('v1 nested "dependencies": [] names the entry and line', () => {
    const v1 = fixture(V1);
    const start = v1.indexOf('"dependencies": {', v1.indexOf('"is-odd": {'));
    const end = v1.indexOf('\n      }', start) + '\n      }'.length;
    const bad = v1.slice(0, start) + '"dependencies": []' + v1.slice(end);
    const err = parseErrorOf(() => parse(V1, bad));
    expect(err.line).toBe(lineOf(bad, '"dependencies": []'));
    expect(err.message).toBe('dependencies["is-odd"].dependencies must be an object, found an array');
  });

  it('a version that is a number names the entry, field and line', () => {
    const bad = replaceOnce(text, '"version": "9.0.9"', '"version": 9');
    const err = parseErrorOf(() => parse(V3, bad));
    expect(err.line).toBe(lineOf(bad, '"version": 9'));
    expect(err.message).toBe(
      'packages["node_modules/fs-mcp/node_modules/glob/node_modules/minimatch"].version must be a string, found a number (9)',
    );
  });

  it('an entry that is not an object', () => {
    const bad = `{\n  "lockfileVersion": 2,\n  "packages": {\n    "node_modules/a": "1.0.0"\n  }\n}`;
    const err = parseErrorOf(() => parse(V3, bad));
    expect(err).toMatchObject({ line: lineOf(bad, '"1.0.0"') });
    expect(err.message).toBe('packages["node_modules/a"] must be an object, found a string ("1.0.0")');
  });

  it('hasInstallScript that is not a boolean', () => {
    const bad = replaceOnce(text, '"hasInstallScript": true', '"hasInstallScript": "yes"');
    expect(parseErrorOf(() => parse(V3, bad)).message).toMatch(/\["node_modules\/core-js"\]\.hasInstallScript must be true or false/);
  });

  it('absurd nesting is a ParseError, not a stack overflow', () => {
    const deepArrays = `{"packages": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(parseErrorOf(() => parse(V3, deepArrays)).line).toBe(1);
    const deepTree = `{"lockfileVersion":1,"dependencies":${'{"a":{"dependencies":'.repeat(300)}{}${'}}'.repeat(300)}}`;
    expect(parseErrorOf(() => parse(V1, deepTree)).message).toMatch(/nested more than \d+ levels/);
  });
});

describe('package-lock matches', () => {
  it.each([
    ['package-lock.json', true],
    ['packages/server/package-lock.json', true],
    ['npm-shrinkwrap.json', true],
    ['node_modules/x/npm-shrinkwrap.json', false],
    ['node_modules/.package-lock.json', false],
    ['package-lock.json.orig', false],
    ['yarn.lock', false],
    ['package.json', false],
  ])('%s -> %s', (path, expected) => {
    expect(packageLock.matches(path)).toBe(expected);
  });
});
