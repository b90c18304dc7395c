import { packageJson } from '../../src/formats/npm/package-json.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';
import { classifySpec } from '../../src/ecosystems/npm.js';

const APP = 'app-v3/package.json';
const MANIFEST = 'manifest/package.json';

function parse(rel: string, text = fixture(rel)): Dependency[] {
  return packageJson.parse(text, rel);
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

/** Only the fields that come from reading a spec, to compare with a table. */
function specFields(d: Dependency): Partial<Dependency> {
  const { name, alias, spec, specType, version, dev, optional } = d;
  return Object.fromEntries(
    Object.entries({ name, alias, spec, specType, version, dev, optional }).filter(([, v]) => v !== undefined),
  );
}

describe('package.json of a real project', () => {
  const text = fixture(APP);
  const deps = parse(APP, text);

  it('reads every section with the line of each name', () => {
    expect(deps.map((d) => [d.key, d.line])).toEqual([
      ['dependencies/@modelcontextprotocol/server-filesystem', lineOf(text, '"@modelcontextprotocol/server-filesystem":')],
      ['dependencies/core-js', lineOf(text, '"core-js":')],
      ['dependencies/fs-mcp', lineOf(text, '"fs-mcp":')],
      ['devDependencies/is-number', lineOf(text, '"is-number":')],
      ['optionalDependencies/is-odd', lineOf(text, '"is-odd":')],
    ]);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'npm', kind: 'manifest', file: APP });
  });

  it('reads an alias as the real package, installed under the alias', () => {
    expect(entry(deps, 'dependencies/fs-mcp')).toEqual({
      ecosystem: 'npm',
      name: '@modelcontextprotocol/server-filesystem',
      alias: 'fs-mcp',
      spec: '^2025.8.21',
      specType: 'alias',
      file: APP,
      line: lineOf(text, '"fs-mcp":'),
      kind: 'manifest',
      key: 'dependencies/fs-mcp',
    });
  });

  it('sets version only for exact versions, and dev / optional by section', () => {
    expect(specFields(entry(deps, 'dependencies/core-js'))).toEqual({
      name: 'core-js',
      spec: '3.51.0',
      specType: 'version',
      version: '3.51.0',
    });
    expect(specFields(entry(deps, 'devDependencies/is-number'))).toEqual({
      name: 'is-number',
      spec: '^7.0.0',
      specType: 'range',
      dev: true,
    });
    expect(specFields(entry(deps, 'optionalDependencies/is-odd'))).toMatchObject({ version: '3.0.1', optional: true });
  });
});

describe('package.json with every kind of spec', () => {
  const text = fixture(MANIFEST);
  const deps = parse(MANIFEST, text);

  it.each([
    ['dependencies/@modelcontextprotocol/server-filesystem', { name: '@modelcontextprotocol/server-filesystem', spec: '2026.8.31', specType: 'version', version: '2026.8.31' }],
    ['dependencies/@modelcontextprotocol/sdk', { name: '@modelcontextprotocol/sdk', spec: '^1.30.0', specType: 'range' }],
    ['dependencies/memory-mcp', { name: '@modelcontextprotocol/server-memory', alias: 'memory-mcp', spec: '2025.8.4', specType: 'alias', version: '2025.8.4' }],
    ['dependencies/pinned-loosely', { name: 'pinned-loosely', spec: '=1.2.3', specType: 'version', version: '1.2.3' }],
    ['dependencies/next-tag', { name: 'next-tag', spec: 'latest', specType: 'tag' }],
    ['dependencies/from-github', { name: 'from-github', spec: 'github:modelcontextprotocol/servers#main', specType: 'git' }],
    ['dependencies/from-git', { name: 'from-git', spec: 'git+https://github.com/modelcontextprotocol/servers.git#3f2f1d0', specType: 'git' }],
    ['dependencies/from-tarball', { name: 'from-tarball', spec: 'https://example.com/pkgs/thing-1.0.0.tgz', specType: 'remote' }],
    ['dependencies/from-file', { name: 'from-file', spec: 'file:vendor/thing-1.0.0.tgz', specType: 'file' }],
    ['dependencies/from-folder', { name: 'from-folder', spec: 'file:../tools/local-tool', specType: 'directory' }],
    ['dependencies/in-workspace', { name: 'in-workspace', spec: 'workspace:*', specType: 'workspace' }],
    ['dependencies/Bad Name', { name: 'Bad Name', spec: '1.0.0', specType: 'invalid' }],
    ['devDependencies/typescript', { name: 'typescript', spec: '~5.9.3', specType: 'range', dev: true }],
    ['optionalDependencies/fsevents', { name: 'fsevents', spec: '2.3.3', specType: 'version', version: '2.3.3', optional: true }],
    ['peerDependencies/zod', { name: 'zod', spec: '^3.25 || ^4.0', specType: 'range' }],
    ['peerDependencies/@cfworker/json-schema', { name: '@cfworker/json-schema', spec: '^4.1.1', specType: 'range', optional: true }],
  ])('%s', (key, expected) => {
    const d = entry(deps, key);
    expect(specFields(d)).toEqual(expected);
    const [section, ...rest] = key.split('/');
    expect(d.line).toBe(lineOf(text, `"${rest.join('/')}":`, `"${section}": {`));
  });

  it('lists bundled names on the line of the name', () => {
    expect(entry(deps, 'bundleDependencies/from-folder')).toEqual({
      ecosystem: 'npm',
      name: 'from-folder',
      file: MANIFEST,
      line: lineOf(text, '"from-folder"', '"bundleDependencies"'),
      kind: 'manifest',
      key: 'bundleDependencies/from-folder',
    });
  });

  it('reads overrides: plain, nested, "." for the subtree root, $references, selectors', () => {
    const overrides = deps.filter((d) => d.key.startsWith('overrides/'));
    expect(overrides.map((d) => [d.key, specFields(d), d.line])).toEqual([
      ['overrides/minimatch', { name: 'minimatch', spec: '10.0.3', specType: 'version', version: '10.0.3' }, lineOf(text, '"minimatch":', '"overrides"')],
      ['overrides/glob', { name: 'glob', spec: '13.0.6', specType: 'version', version: '13.0.6' }, lineOf(text, '".":', '"overrides"')],
      ['overrides/glob>minipass', { name: 'minipass', spec: '7.1.2', specType: 'version', version: '7.1.2' }, lineOf(text, '"minipass":', '"overrides"')],
      // `$@modelcontextprotocol/sdk` takes the spec the project gives that direct dependency.
      ['overrides/express@^5>qs', { name: 'qs', spec: '^1.30.0', specType: 'range' }, lineOf(text, '"qs":', '"overrides"')],
      ['overrides/diff', { name: 'diff', spec: '$not-a-direct-dependency', specType: 'invalid' }, lineOf(text, '"diff":', '"overrides"')],
    ]);
  });

  it('ignores fields it does not know and reports nothing for scripts', () => {
    expect(deps.some((d) => d.key.startsWith('scripts'))).toBe(false);
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });
});

describe('classifySpec', () => {
  it('keeps specs npm-package-arg rejects as invalid instead of throwing', () => {
    expect(classifySpec('foo', 'bogus:../x')).toEqual({ name: 'foo', spec: 'bogus:../x', specType: 'invalid' });
    expect(classifySpec('foo', 'npm:bar@npm:baz@1')).toEqual({ name: 'foo', spec: 'npm:bar@npm:baz@1', specType: 'invalid' });
  });

  it("reads pnpm's and Yarn's folder links (link:, portal:) as directories", () => {
    expect(classifySpec('foo', 'link:../x')).toEqual({ name: 'foo', spec: 'link:../x', specType: 'directory' });
    expect(classifySpec('foo', 'portal:./tools/x')).toEqual({ name: 'foo', spec: 'portal:./tools/x', specType: 'directory' });
  });

  it('reads an alias without a version as any version of the target', () => {
    expect(classifySpec('x', 'npm:@scope/bar')).toEqual({ name: '@scope/bar', alias: 'x', spec: '*', specType: 'alias' });
  });
});

describe('bundleDependencies forms', () => {
  it('true bundles all dependencies and adds no names', () => {
    const deps = parse(APP, '{ "dependencies": { "a": "1.0.0" }, "bundledDependencies": true }');
    expect(deps.map((d) => d.key)).toEqual(['dependencies/a']);
  });

  it('a string is a ParseError naming the field', () => {
    const bad = '{\n  "bundleDependencies": "a"\n}';
    const err = parseErrorOf(() => parse(APP, bad));
    expect(err.line).toBe(lineOf(bad, '"a"'));
    expect(err.message).toMatch(/^bundleDependencies must be an array of package names or a boolean/);
  });
});

describe('package.json files npm would reject', () => {
  const text = fixture(APP);

  it('a 0-byte file', () => {
    expect(parseErrorOf(() => parse(APP, ''))).toMatchObject({ file: APP, line: 1 });
  });

  it('a top-level array', () => {
    const err = parseErrorOf(() => parse(APP, '[]'));
    expect(err).toMatchObject({ file: APP, line: 1, message: 'package.json must be a JSON object, found an array' });
  });

  it('"dependencies": [] names the key and line', () => {
    const bad = replaceOnce(text, '"devDependencies": {\n    "is-number": "^7.0.0"\n  }', '"devDependencies": []');
    const err = parseErrorOf(() => parse(APP, bad));
    expect(err).toMatchObject({ line: lineOf(bad, '"devDependencies": []'), message: 'devDependencies must be an object, found an array' });
  });

  it('a spec that is a number names the dependency and line', () => {
    const bad = replaceOnce(text, '"is-odd": "3.0.1"', '"is-odd": 3');
    const err = parseErrorOf(() => parse(APP, bad));
    expect(err).toMatchObject({
      line: lineOf(bad, '"is-odd": 3'),
      message: 'optionalDependencies["is-odd"] must be a string, found a number (3)',
    });
  });

  it('a trailing comma, at the line of the closing brace', () => {
    const bad = replaceOnce(text, '"is-odd": "3.0.1"\n', '"is-odd": "3.0.1",\n');
    expect(parseErrorOf(() => parse(APP, bad)).line).toBe(lineOf(bad, '"is-odd"') + 1);
  });

  it('a truncated file, at its last line', () => {
    const cut = text.slice(0, text.indexOf('"devDependencies"'));
    expect(parseErrorOf(() => parse(APP, cut)).line).toBe(cut.split('\n').length);
  });

  it('a comment', () => {
    const bad = replaceOnce(text, '"private": true,', '"private": true, /* internal */');
    expect(parseErrorOf(() => parse(APP, bad)).line).toBe(lineOf(bad, '/* internal */'));
  });

  // Found by the property tests (a line of a nested override moved to the top level): selectorName
  // read the name of no package and the reader threw a TypeError instead of returning.
  it('a "." at the top level of overrides names no package: skipped, as npm skips it', () => {
    const text = '{\n  "overrides": {\n    ".": "13.0.6",\n    "minimatch": "10.0.3"\n  }\n}\n';
    expect(packageJson.parse(text, 'package.json').map((d) => [d.key, d.spec, d.line])).toEqual([['overrides/minimatch', '10.0.3', lineOf(text, '"minimatch"')]]);
  });

  it('an overrides value of the wrong type', () => {
    const bad = '{\n  "overrides": {\n    "a": {\n      "b": ["1.0.0"]\n    }\n  }\n}';
    const err = parseErrorOf(() => parse(APP, bad));
    expect(err.message).toBe('overrides.a.b must be a string, found an array');
    expect(err.line).toBe(lineOf(bad, '["1.0.0"]'));
  });

  it('tolerates a byte order mark', () => {
    expect(parse(APP, `\uFEFF${text}`)).toEqual(parse(APP));
  });
});

describe('package.json matches', () => {
  it.each([
    ['package.json', true],
    ['packages/server/package.json', true],
    ['node_modules/x/package.json', false],
    ['vendor/node_modules/@s/x/package.json', false],
    ['node_modules_backup/package.json', true],
    ['my-package.json', false],
    ['package.json5', false],
    ['package-lock.json', false],
  ])('%s -> %s', (path, expected) => {
    expect(packageJson.matches(path)).toBe(expected);
  });
});
