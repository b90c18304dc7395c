import { asParsed } from '../../src/formats/format.js';
import { pipfile, pipfileLock } from '../../src/formats/pypi/pipfile.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const PIPFILE = 'python/pipenv-project/Pipfile';
const LOCK = 'python/pipenv-project/Pipfile.lock';

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

describe('Pipfile', () => {
  const text = fixture(PIPFILE);
  const { deps, settings, issues } = asParsed(pipfile.parse(text, PIPFILE));

  it('lists [packages] and [dev-packages] on the lines of their keys', () => {
    expect(deps.map((d) => [d.key, d.line])).toEqual([
      ['packages/mcp', lineOf(text, 'mcp = ')],
      ['packages/fastmcp', lineOf(text, 'fastmcp = ')],
      ['packages/mcp-server-fetch', lineOf(text, 'mcp-server-fetch = ')],
      ['packages/acme-mcp-tools', lineOf(text, 'acme-mcp-tools = ')],
      ['packages/mcp-server-tickets', lineOf(text, 'mcp-server-tickets = ')],
      ['packages/weather-mcp', lineOf(text, 'weather-mcp = ')],
      ['dev-packages/pytest', lineOf(text, 'pytest = ')],
    ]);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'pypi', kind: 'manifest', file: PIPFILE });
  });

  it('reads "*", specifiers, bare versions (pipenv reads them as ==) and tables', () => {
    expect(entry(deps, 'packages/mcp')).toMatchObject({ spec: '>=1.9', specType: 'range' });
    expect(entry(deps, 'packages/fastmcp')).toMatchObject({ spec: '==2.8.1', specType: 'version', version: '2.8.1' });
    expect(entry(deps, 'packages/mcp-server-fetch')).toMatchObject({ spec: '*', specType: 'range' });
    expect(entry(deps, 'dev-packages/pytest')).toMatchObject({ spec: '8.4.1', specType: 'version', version: '8.4.1', dev: true });
    expect(entry(deps, 'packages/mcp-server-tickets')).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/acme/mcp-server-tickets.git@v0.4.1',
    });
    expect(entry(deps, 'packages/weather-mcp')).toMatchObject({ specType: 'directory', resolved: './servers/weather-mcp' });
  });

  it('installs from the first source unless a package names its index', () => {
    expect(entry(deps, 'packages/mcp').registry).toBe('https://pypi.org/simple');
    expect(entry(deps, 'packages/mcp').extraRegistries).toBeUndefined();
    expect(entry(deps, 'packages/acme-mcp-tools').registry).toBe('http://pkgs.acme.internal/simple');
    expect(entry(deps, 'packages/weather-mcp').registry).toBeUndefined();
  });

  it('returns the sources as settings, and verify_ssl = false as tls-off', () => {
    expect(settings!.map((s) => [s.key, s.value, s.effect, s.line])).toEqual([
      ['source/pypi', 'https://pypi.org/simple', 'registry', lineOf(text, '[[source]]')],
      ['source/acme', 'http://pkgs.acme.internal/simple', 'extra-registry', lineOf(text, '[[source]]', 'name = "pypi"')],
      ['source/acme/verify_ssl', 'false', 'tls-off', lineOf(text, 'verify_ssl = false')],
    ]);
    expect(issues).toEqual([]);
  });

  it('consults every source with install_search_all_sources', () => {
    const all = `${text}\n[pipenv]\ninstall_search_all_sources = true\n`;
    const mcp = entry(asParsed(pipfile.parse(all, PIPFILE)).deps, 'packages/mcp');
    expect(mcp.extraRegistries).toEqual(['http://pkgs.acme.internal/simple']);
  });

  it('turns a literal token in a source URL into a secret issue', () => {
    const token = 'glpat-' + 'Xy12Zw34Ab56Cd78Ef90';
    const withToken = replaceOnce(text, 'url = "http://pkgs.acme.internal/simple"', `url = "https://__token__:${token}@gitlab.acme.example/api/v4/projects/7/packages/pypi/simple"`);
    const parsed = asParsed(pipfile.parse(withToken, PIPFILE));
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues![0]).toMatchObject({ rule: 'secret', line: lineOf(withToken, '[[source]]', 'name = "pypi"') });
    expect(parsed.settings!.find((s) => s.key === 'source/acme')!.value).toBe('https://gitlab.acme.example/api/v4/projects/7/packages/pypi/simple');
    expect(JSON.stringify(parsed)).not.toContain(token);
  });

  it.each([
    ['a value of the wrong type', (t: string) => replaceOnce(t, 'fastmcp = "==2.8.1"', 'fastmcp = 2'), 'fastmcp = 2'],
    ['an index no source defines', (t: string) => replaceOnce(t, 'index = "acme"', 'index = "nowhere"'), 'acme-mcp-tools'],
    ['a source without url', (t: string) => replaceOnce(t, 'url = "https://pypi.org/simple"\n', ''), '[[source]]'],
    ['a TOML syntax error', (t: string) => replaceOnce(t, '[dev-packages]', '[dev-packages'), '[dev-packages'],
  ])('%s is a ParseError at its line', (_, edit, needle) => {
    const bad = edit(text);
    const err = parseErrorOf(() => pipfile.parse(bad, PIPFILE));
    expect(err.file).toBe(PIPFILE);
    expect(err.line).toBe(lineOf(bad, needle));
  });
});

describe('Pipfile.lock', () => {
  const text = fixture(LOCK);
  const { deps, issues } = asParsed(pipfileLock.parse(text, LOCK));
  const json = JSON.parse(text) as Record<'default' | 'develop', Record<string, { hashes?: string[] }>>;

  it('lists default and develop entries on the lines of their keys', () => {
    const expected = (['default', 'develop'] as const).flatMap((section) =>
      Object.keys(json[section]).map((name) => [`${section}/${name}`, lineOf(text, `"${name}": {`, `"${section}": {`)]),
    );
    expect(deps.map((d) => [d.key, d.line])).toEqual(expected);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'pypi', kind: 'lockfile', file: LOCK });
    expect(entry(deps, 'develop/pytest').dev).toBe(true);
    expect(entry(deps, 'default/mcp').dev).toBeUndefined();
  });

  it('reads pinned versions, hashes and the index each came from', () => {
    expect(entry(deps, 'default/mcp')).toEqual({
      ecosystem: 'pypi',
      name: 'mcp',
      version: '1.9.4',
      specType: 'version',
      registry: 'https://pypi.org/simple',
      integrity: json.default.mcp.hashes!.join(' '),
      file: LOCK,
      line: lineOf(text, '"mcp": {'),
      kind: 'lockfile',
      key: 'default/mcp',
    });
    expect(entry(deps, 'default/acme-mcp-tools').registry).toBe('http://pkgs.acme.internal/simple');
    // No `index`: the first of _meta.sources, as pipenv installs it.
    expect(entry(deps, 'default/anyio').registry).toBe('https://pypi.org/simple');
  });

  it('reads git and path entries', () => {
    expect(entry(deps, 'default/mcp-server-tickets')).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/acme/mcp-server-tickets.git@3f1c2d9a7b4e5f60718293a4b5c6d7e8f9012345',
    });
    expect(entry(deps, 'default/weather-mcp')).toMatchObject({ specType: 'directory', resolved: './servers/weather-mcp' });
    expect(issues).toEqual([]);
  });

  it.each([
    ['truncated JSON', (t: string) => t.slice(0, t.indexOf('"develop"')), null],
    ['hashes that are not an array', (t: string) => t.replace(/("mcp": \{\s*"extras": \[\s*"cli"\s*\],\s*"hashes": )\[[^\]]*\]/, '$1"sha256:abc"'), '"sha256:abc"'],
    ['a malformed hash', (t: string) => t.replace(/("anyio": \{\s*"hashes": \[\s*)"sha256:[0-9a-f]+"/, '$1"md5-nope"'), '"md5-nope"'],
    ['an index not in _meta.sources', (t: string) => replaceOnce(t, '"index": "acme"', '"index": "nowhere"'), '"index": "nowhere"'],
    ['a version that is not a string', (t: string) => replaceOnce(t, '"version": "==8.4.1"', '"version": 8'), '"version": 8'],
  ])('%s is a ParseError at its line', (_, edit, needle) => {
    const bad = edit(text);
    expect(bad).not.toBe(text);
    const err = parseErrorOf(() => pipfileLock.parse(bad, LOCK));
    expect(err.line).toBe(needle === null ? bad.split('\n').length : lineOf(bad, needle));
  });
});

describe('pipenv paths', () => {
  it.each([
    ['Pipfile', pipfile, true],
    ['svc/Pipfile', pipfile, true],
    ['Pipfile.lock', pipfile, false],
    ['pipfile', pipfile, false],
    ['Pipfile.lock', pipfileLock, true],
    ['svc/Pipfile.lock', pipfileLock, true],
    ['.venv/Pipfile.lock', pipfileLock, false],
  ])('%s', (p, format, expected) => {
    expect(format.matches(p)).toBe(expected);
  });
});
