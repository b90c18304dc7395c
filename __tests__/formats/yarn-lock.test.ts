import { parseSyml } from '@yarnpkg/parsers';
import { yarnLock } from '../../src/formats/npm/yarn-lock.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const V1 = 'yarn-v1/yarn.lock';
const BERRY = 'yarn-berry/yarn.lock';

function parse(rel: string, text = fixture(rel)): Dependency[] {
  return yarnLock.parse(text, rel);
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(' | ')}`);
  return d;
}

describe('yarn.lock v1 (yarn 1.22)', () => {
  const text = fixture(V1);
  const deps = parse(V1, text);

  it('has one entry per header, each on the line of its header, with unique keys', () => {
    const headers = text.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('#'));
    expect(deps).toHaveLength(headers.length);
    for (const d of deps) {
      expect(d).toMatchObject({ ecosystem: 'npm', kind: 'lockfile', file: V1 });
      expect(text.split('\n')[d.line - 1]).toMatch(/:$/);
    }
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });

  it('reads an MCP package: version, resolved URL as written, SRI integrity, requires', () => {
    expect(entry(deps, '@modelcontextprotocol/sdk@^1.30.0')).toEqual({
      ecosystem: 'npm',
      name: '@modelcontextprotocol/sdk',
      version: '1.32.2',
      resolved: 'https://registry.yarnpkg.com/@modelcontextprotocol/sdk/-/sdk-1.32.2.tgz#6ede940e436998cc20a70092f0af875735bc78f8',
      integrity: 'sha512-SWsVtH/0vULSQStoZ6xxH2K09Li8fXYTMC64ZeogCdpZ3XSi1eCPOByV1OpuJxuI3OcmHhosDWYyii07tpPsLw==',
      requires: Object.keys((parseSyml(text) as Record<string, { dependencies: object }>)['@modelcontextprotocol/sdk@^1.30.0'].dependencies),
      file: V1,
      line: lineOf(text, '"@modelcontextprotocol/sdk@^1.30.0":'),
      kind: 'lockfile',
      key: '@modelcontextprotocol/sdk@^1.30.0',
    });
    expect(entry(deps, '@playwright/mcp@^0.0.83')).toMatchObject({ name: '@playwright/mcp', version: '0.0.83', requires: ['playwright', 'playwright-core'] });
  });

  it('keys an entry with several descriptors by all of them, at its one header line', () => {
    expect(entry(deps, 'ajv@^8.0.0, ajv@^8.17.1')).toMatchObject({ name: 'ajv', version: '8.20.0', line: lineOf(text, 'ajv@^8.0.0, ajv@^8.17.1:') });
    expect(entry(deps, 'zod@^3.25 || ^4.0').line).toBe(lineOf(text, '"zod@^3.25 || ^4.0":'));
  });

  it('keeps a foreign registry URL as resolved', () => {
    expect(entry(deps, '@acme/mcp-server@^1.2.0').resolved).toMatch(/^https:\/\/npm\.acme\.example\//);
  });

  it('resolves an alias: odd-alias installs is-odd', () => {
    expect(entry(deps, 'odd-alias@npm:is-odd@^2.0.0')).toMatchObject({ name: 'is-odd', alias: 'odd-alias', version: '2.0.0' });
    expect(entry(deps, 'is-odd@3.0.1').alias).toBeUndefined();
  });

  it('turns the #sha1 of a tarball URL into sha1 integrity only when no integrity is recorded', () => {
    const leftPad = entry(deps, 'left-pad@https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz');
    // The registry's shasum for left-pad 1.3.0 is 5b8a3a77...; SRI is its base64.
    expect(leftPad).toMatchObject({ specType: 'remote', version: '1.3.0', integrity: `sha1-${Buffer.from('5b8a3a7765dfe001261dde915589e782f8c94d1e', 'hex').toString('base64')}` });
    expect(leftPad.integrity).toBe('sha1-W4o6d2Xf4AEmHd6RVYnngvjJTR4=');
    expect(entry(deps, 'core-js@3.41.0').integrity).toMatch(/^sha512-/);
  });

  it('keeps a git dependency as git, with the commit URL and no integrity made from the commit', () => {
    const git = entry(deps, 'mcp-git-tool@git+https://github.com/acme/mcp-git-tool.git#v0.3.1');
    expect(git).toMatchObject({
      name: 'mcp-git-tool',
      version: '0.3.1',
      specType: 'git',
      resolved: 'git+https://github.com/acme/mcp-git-tool.git#8f3c2a1b9d4e5f60718293a4b5c6d7e8f9012345',
    });
    expect(git.integrity).toBeUndefined();
  });

  it('reads a file: folder dependency as a directory with no resolved', () => {
    const local = entry(deps, 'local-tool@file:./tools/local-tool');
    expect(local).toMatchObject({ name: 'local-tool', version: '0.0.1', specType: 'directory' });
    expect(local.resolved).toBeUndefined();
  });

  it('counts lines the same with CRLF line endings and a BOM', () => {
    const crlf = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    expect(parse(V1, crlf).map((d) => [d.key, d.line])).toEqual(deps.map((d) => [d.key, d.line]));
  });

  it('keeps keys stable when an unrelated entry is added above', () => {
    const edited = replaceOnce(text, '"@hono/node-server@', 'aaa@^1.0.0:\n  version "1.0.0"\n\n"@hono/node-server@');
    const after = parse(V1, edited);
    expect(after.filter((d) => d.key !== 'aaa@^1.0.0').map((d) => d.key)).toEqual(deps.map((d) => d.key));
    expect(entry(after, 'is-odd@3.0.1').line).toBe(entry(deps, 'is-odd@3.0.1').line + 3);
  });
});

describe('yarn.lock Berry (yarn 4)', () => {
  const text = fixture(BERRY);
  const deps = parse(BERRY, text);

  it('keys entries by resolution, on the line of their header; skips __metadata and builtin patches', () => {
    expect(deps.map((d) => d.key)).toEqual([
      '@acme/mcp-server@npm:1.2.4',
      '@hono/node-server@npm:2.1.8',
      '@modelcontextprotocol/sdk@npm:1.32.2',
      '@playwright/mcp@npm:0.0.83',
      'ajv@npm:8.20.0',
      'core-js@npm:3.41.0',
      'fixture-app@workspace:.',
      'fsevents@npm:2.3.2',
      'hono@npm:4.13.19',
      'is-number@npm:4.0.0',
      'is-number@npm:6.0.0',
      'is-number@npm:7.0.0',
      'is-odd@npm:3.0.1',
      'left-pad@https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
      'local-tool@portal:./tools/local-tool::locator=fixture-app%40workspace%3A.',
      'mcp-git-tool@https://github.com/acme/mcp-git-tool.git#commit=8f3c2a1b9d4e5f60718293a4b5c6d7e8f9012345',
      'is-odd@npm:2.0.0',
      'playwright-core@npm:1.64.0-alpha-1790635538000',
      'playwright@npm:1.64.0-alpha-1790635538000',
      'zod@npm:4.6.7',
    ]);
    for (const d of deps) expect(d.line).toBe(lineOf(text, `  resolution: "${d.key}"`) - 2);
  });

  it('keeps a workspace as the folder it is, without the placeholder version', () => {
    expect(entry(deps, 'fixture-app@workspace:.')).toMatchObject({ name: 'fixture-app', specType: 'workspace', resolved: '.', line: lineOf(text, '"fixture-app@workspace:.":') });
    expect(entry(deps, 'fixture-app@workspace:.').version).toBeUndefined();
  });

  it('puts the zip checksum in checksum, never in integrity, and records no tarball URL for npm: packages', () => {
    const sdk = entry(deps, '@modelcontextprotocol/sdk@npm:1.32.2');
    expect(sdk).toMatchObject({
      name: '@modelcontextprotocol/sdk',
      version: '1.32.2',
      checksum: expect.stringMatching(/^10c0\/31d045fe/),
      line: lineOf(text, '"@modelcontextprotocol/sdk@npm:^1.30.0":'),
    });
    expect(sdk.requires).toEqual(expect.arrayContaining(['express', 'zod']));
    // Its peer @cfworker/json-schema is optional (peerDependenciesMeta): no edge.
    expect(sdk.requires).not.toContain('@cfworker/json-schema');
    for (const d of deps) expect(d.integrity).toBeUndefined();
    expect(sdk.resolved).toBeUndefined();
    expect(sdk.specType).toBeUndefined();
  });

  it('reads an entry with two descriptors', () => {
    expect(entry(deps, 'ajv@npm:8.20.0').line).toBe(lineOf(text, '"ajv@npm:^8.0.0, ajv@npm:^8.17.1":'));
  });

  it('resolves an alias from the descriptor', () => {
    expect(entry(deps, 'is-odd@npm:2.0.0')).toMatchObject({ name: 'is-odd', alias: 'odd-alias', line: lineOf(text, '"odd-alias@npm:is-odd@^2.0.0":') });
    expect(entry(deps, 'is-odd@npm:3.0.1').alias).toBeUndefined();
  });

  it('classifies git, tarball URL and portal resolutions', () => {
    expect(entry(deps, 'mcp-git-tool@https://github.com/acme/mcp-git-tool.git#commit=8f3c2a1b9d4e5f60718293a4b5c6d7e8f9012345')).toMatchObject({
      specType: 'git',
      version: '0.3.1',
      resolved: 'https://github.com/acme/mcp-git-tool.git#commit=8f3c2a1b9d4e5f60718293a4b5c6d7e8f9012345',
    });
    expect(entry(deps, 'left-pad@https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz')).toMatchObject({
      specType: 'remote',
      resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
    });
    const portal = entry(deps, 'local-tool@portal:./tools/local-tool::locator=fixture-app%40workspace%3A.');
    expect(portal).toMatchObject({ specType: 'directory', resolved: 'portal:./tools/local-tool', requires: ['is-odd'] });
    expect(portal.version).toBeUndefined();
  });

  it('reports a patch from the project as a file source, and skips Yarn\'s builtin ones', () => {
    const patched = `${text}
"mcp-git-tool@patch:mcp-git-tool@npm%3A0.3.1#~/.yarn/patches/mcp-git-tool-npm-0.3.1-abc.patch":
  version: 0.3.1
  resolution: "mcp-git-tool@patch:mcp-git-tool@npm%3A0.3.1#~/.yarn/patches/mcp-git-tool-npm-0.3.1-abc.patch::version=0.3.1&hash=1a2b3c"
  checksum: 10c0/00
  languageName: node
  linkType: hard
`;
    const p = parse(BERRY, patched);
    const d = p.find((x) => x.resolved?.startsWith('patch:'));
    expect(d).toMatchObject({ name: 'mcp-git-tool', version: '0.3.1', specType: 'file', line: lineOf(patched, '"mcp-git-tool@patch:') });
    expect(p.some((x) => x.key.includes('builtin<compat/fsevents>'))).toBe(false);
  });

  it('reads older Berry files (yarn 3, __metadata version 6, cacheKey 8) the same way', () => {
    const y3 = replaceOnce(replaceOnce(text, '  version: 10\n', '  version: 6\n'), '  cacheKey: 10c0\n', '  cacheKey: 8\n');
    expect(parse(BERRY, y3).map((d) => d.key)).toEqual(deps.map((d) => d.key));
  });
});

describe('yarn.lock files Yarn would reject', () => {
  const v1 = fixture(V1);
  const berry = fixture(BERRY);

  it('an empty file has no entries', () => {
    expect(parse(V1, '')).toEqual([]);
    expect(parse(V1, '# yarn lockfile v1\n\n')).toEqual([]);
  });

  it('a v1 syntax error, at its line', () => {
    const bad = replaceOnce(v1, '  version "4.0.0"\n', '  version "4.0.0\n');
    const err = parseErrorOf(() => parse(V1, bad));
    expect(err).toMatchObject({ file: V1, line: lineOf(bad, '  version "4.0.0') });
    expect(err.message).toMatch(/invalid yarn.lock/);
  });

  it('a Berry YAML error, at its line', () => {
    const bad = replaceOnce(berry, '  version: 3.41.0\n', '  version: [3.41.0\n');
    const err = parseErrorOf(() => parse(BERRY, bad));
    // The reader notices the unclosed flow sequence at the next field, not at the line that opened it.
    expect(err.line).toBe(lineOf(bad, '  resolution:', 'version: [3.41.0'));
  });

  it('a Berry entry without resolution, at its header', () => {
    const bad = replaceOnce(berry, '  resolution: "hono@npm:4.13.19"\n', '');
    const err = parseErrorOf(() => parse(BERRY, bad));
    expect(err).toMatchObject({ line: lineOf(bad, '"hono@npm:^4.11.4":') });
    expect(err.message).toMatch(/no resolution/);
  });

  it('a field of the wrong type, at the field', () => {
    const bad = replaceOnce(berry, '  version: 3.41.0\n', '  version:\n    major: 3\n');
    const err = parseErrorOf(() => parse(BERRY, bad));
    expect(err.line).toBe(lineOf(bad, '  version:\n    major'));
    expect(err.message).toMatch(/version of "core-js@npm:3.41.0" must be a string/);
    const badV1 = replaceOnce(v1, '  dependencies:\n    is-number "^6.0.0"\n', '  dependencies "is-number"\n');
    const errV1 = parseErrorOf(() => parse(V1, badV1));
    expect(errV1.line).toBe(lineOf(badV1, '  dependencies "is-number"'));
  });

  it('an entry that is not a mapping', () => {
    const bad = `${berry}\n"x@npm:1.0.0": 1.0.0\n`;
    const err = parseErrorOf(() => parse(BERRY, bad));
    expect(err).toMatchObject({ line: lineOf(bad, `"x@npm:1.0.0": 1.0.0`) });
    expect(err.message).toMatch(/must be a mapping/);
  });

  it('YAML that is neither v1 nor Berry', () => {
    const neither = 'a@^1:\n  version: 1.0.0\n';
    const err = parseErrorOf(() => parse(V1, neither));
    expect(err.message).toMatch(/no "# yarn lockfile v1" header and no __metadata/);
    expect(err.line).toBe(lineOf(neither, 'a@^1:'));
  });

  it('binary garbage and NUL bytes', () => {
    expect(parseErrorOf(() => parse(V1, '\u0000\u0001\u0002PK\u0003\u0004')).line).toBe(1);
    expect(parseErrorOf(() => parse(V1, `${v1.slice(0, 200)}\u0000junk`)).line).toBe(v1.slice(0, 200).split('\n').length);
  });

  it('absurd nesting is a ParseError, not a crash', () => {
    const deep = `__metadata:\n  version: 8\n"a@npm:1":\n  resolution: "a@npm:1"\n  x: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(parseErrorOf(() => parse(BERRY, deep)).line).toBe(lineOf(deep, '  x: '));
  });

  it('a key parseSyml reads that is not on a header line of its own', () => {
    const flow = '{__metadata: {version: 8},\n "a@npm:1.0.0": {version: 1.0.0, resolution: "a@npm:1.0.0"}}\n';
    expect(parseErrorOf(() => parse(BERRY, flow))).toMatchObject({ line: 1, message: expect.stringMatching(/could not read the entry/) });
    // A YAML block-scalar key: valid YAML, but no header line to point at.
    const hidden = `${berry}\n? |-\n  hidden@npm:1.0.0\n: {resolution: "hidden@npm:1.0.0"}\n`;
    expect(parseErrorOf(() => parse(BERRY, hidden)).message).toMatch(/not laid out as Yarn writes it|could not read the entry/);
    // One-line entries are still found at their line.
    const oneLine = '__metadata: {version: 8}\n"a@npm:1.0.0": {version: 1.0.0, resolution: "a@npm:1.0.0"}\n';
    expect(parse(BERRY, oneLine)).toEqual([expect.objectContaining({ name: 'a', version: '1.0.0', line: lineOf(oneLine, '"a@npm') })]);
  });
});

describe('yarn-lock matches', () => {
  it.each([
    ['yarn.lock', true],
    ['apps/web/yarn.lock', true],
    ['node_modules/x/yarn.lock', false],
    ['yarn.lock.orig', false],
    ['bad-yarn.lock.txt', false],
    ['package-lock.json', false],
  ])('%s -> %s', (path, expected) => {
    expect(yarnLock.matches(path)).toBe(expected);
  });
});

describe('line ends: Berry (js-yaml) and Yarn 1 end lines at LF, CRLF and a lone CR', () => {
  const berry = fixture(BERRY);
  const v1 = fixture(V1);
  const crOnly = (t: string): string => t.replace(/\r?\n/g, '\r');
  const lines = (t: string): number => t.split(/\r\n|\r|\n/).length;

  it('reads a CR-only Berry lockfile entry by entry, each on its GitHub line', () => {
    const want = parse(BERRY).map((d) => [d.key, d.line]);
    expect(want.length).toBeGreaterThan(0);
    expect(parse(BERRY, crOnly(berry)).map((d) => [d.key, d.line])).toEqual(want);
  });

  it('refuses a v1 lockfile with a lone CR, on the line where it stands (Yarn 1 and parseSyml read it differently)', () => {
    const text = crOnly(v1);
    const err = parseErrorOf(() => parse(V1, text));
    expect(err.message).toContain('Convert the line ends to LF');
    expect(err.line).toBe(1);
    expect(err.line).toBeLessThanOrEqual(lines(text));
    // The blank lines after the header end with a lone CR instead of LF.
    const one = replaceOnce(v1, '# yarn lockfile v1\n\n\n', '# yarn lockfile v1\n\r\r');
    expect(parseErrorOf(() => parse(V1, one)).line).toBe(lineOf(v1, '# yarn lockfile v1') + 1);
  });

  it('reports no syntax error past the end of a one-line file', () => {
    const text = `__metadata:\r  version: 8\r"a@npm:1":\r  resolution: "a@npm:1\r`;
    const err = parseErrorOf(() => parse(BERRY, text));
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.line).toBeLessThanOrEqual(lines(text));
  });
});

describe('long lines cost linear time', () => {
  it('reads a Berry lockfile with a 50,000-space line', () => {
    const text = `${fixture(BERRY)}${' '.repeat(50_000)}\n`;
    expect(parse(BERRY, text).length).toBe(parse(BERRY).length);
  });

  it('refuses a run of blanks inside a v1 line past the documented limit, naming the line and the limit', () => {
    const v1 = fixture(V1);
    const text = replaceOnce(v1, '# yarn lockfile v1\n', `# yarn lockfile v1\n\nx${' '.repeat(50_000)}y\n`);
    const err = parseErrorOf(() => parse(V1, text));
    expect(err.line).toBe(lineOf(text, 'x '));
    expect(err.message).toContain('the limit is 64');
  });
});
