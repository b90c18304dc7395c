import { parse as parseToml } from 'smol-toml';
import { asParsed } from '../../src/formats/format.js';
import { poetryLock, pylock, uvLock } from '../../src/formats/pypi/locks.js';
import type { Dependency, ParsedFile } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const UV = 'python/uv-project/uv.lock';
const POETRY = 'python/poetry-project/poetry.lock';
const PYLOCK = 'python/pylock/pylock.toml';

type Fmt = typeof uvLock | typeof poetryLock | typeof pylock;

function parse(format: Fmt, rel: string, text = fixture(rel)): ParsedFile {
  return asParsed(format.parse(text, rel));
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

/** The header line of the `[[<table>]]` whose name is `name` (the `occurrence`-th one). */
function headerLine(text: string, table: string, name: string, occurrence = 1): number {
  const needle = `[[${table}]]\nname = "${name}"\n`;
  let at = -1;
  for (let k = 0; k < occurrence; k++) at = text.indexOf(needle, at + 1);
  if (at === -1) throw new Error(`test setup: no ${needle}`);
  return text.slice(0, at).split('\n').length;
}

describe('uv.lock', () => {
  const text = fixture(UV);
  const { deps } = parse(uvLock, UV, text);
  // The oracle: what a TOML parser reads from the same file.
  const packages = (parseToml(text) as { package: Record<string, any>[] }).package;

  it('has one entry per [[package]], on its header line, keyed by name (version added only for forks)', () => {
    expect(deps).toHaveLength(packages.length);
    const seen = new Map<string, number>();
    deps.forEach((d, k) => {
      const n = (seen.get(d.name) ?? 0) + 1;
      seen.set(d.name, n);
      expect([d.name, d.version, d.line]).toEqual([packages[k].name, packages[k].version, headerLine(text, 'package', d.name, n)]);
      expect(d).toMatchObject({ ecosystem: 'pypi', kind: 'lockfile', file: UV });
    });
    expect(deps.filter((d) => d.name === 'numpy').map((d) => d.key)).toEqual(['numpy@2.2.6', 'numpy@2.3.1']);
    expect(entry(deps, 'mcp').key).toBe('mcp');
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });

  it('reads a registry package: version, index, sdist and wheel hashes, requires', () => {
    const raw = packages.find((p) => p.name === 'mcp')!;
    expect(entry(deps, 'mcp')).toEqual({
      ecosystem: 'pypi',
      name: 'mcp',
      version: '1.9.4',
      specType: 'version',
      registry: 'https://pkgs.acme.internal/simple',
      integrity: [raw.sdist.hash, ...raw.wheels.map((w: { hash: string }) => w.hash)].join(' '),
      requires: ['anyio', 'httpx', 'pydantic', 'sniffio', 'python-dotenv', 'typer'],
      file: UV,
      line: headerLine(text, 'package', 'mcp'),
      kind: 'lockfile',
      key: 'mcp',
    });
  });

  it('names the private index a package was locked from', () => {
    expect(entry(deps, 'acme-mcp-tools')).toMatchObject({ registry: 'https://private.acme.internal/simple', requires: ['mcp'] });
  });

  it('reads git, url and editable sources', () => {
    expect(entry(deps, 'mcp-server-git')).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/modelcontextprotocol/servers?subdirectory=src%2Fgit&tag=2025.1.14#9be4674d1ddf8a469c3b4a8b4b5c0b5a9a8e8f3d',
      requires: ['mcp', 'pydantic'],
    });
    expect(entry(deps, 'mcp-server-git').registry).toBeUndefined();
    expect(entry(deps, 'mcp-server-fetch')).toMatchObject({
      specType: 'remote',
      resolved: 'https://files.pythonhosted.org/packages/source/m/mcp-server-fetch/mcp_server_fetch-2025.4.7.tar.gz',
      integrity: packages.find((p) => p.name === 'mcp-server-fetch')!.sdist.hash,
    });
    // The project itself: a local directory whose requires (with extras and dev groups) name the MCP packages.
    expect(entry(deps, 'acme-assistant')).toMatchObject({ specType: 'directory', resolved: '.' });
    expect(entry(deps, 'acme-assistant').requires).toEqual(expect.arrayContaining(['mcp', 'fastmcp', 'mcp-server-git', 'pytest']));
  });

  it.each([
    ['a truncated file', (t: string) => t.slice(0, t.indexOf('version = "0.28.1"') + 14), 'version = "0.2'],
    ['a package without a name', (t: string) => replaceOnce(t, 'name = "idna"\n', ''), '[[package]]\nversion = "3.10"'],
    ['a name that is a number', (t: string) => replaceOnce(t, '[[package]]\nname = "idna"', '[[package]]\nname = 3'), 'name = 3'],
    ['a source with no known kind', (t: string) => replaceOnce(t, 'source = { editable = "." }', 'source = { teleport = "." }'), '[[package]]'],
    ['a malformed hash', (t: string) => replaceOnce(t, `hash = "sha256:${t.match(/idna-3\.10\.tar\.gz", hash = "sha256:([0-9a-f]+)"/)![1]}"`, 'hash = "nope"'), 'hash = "nope"'],
    ['dependencies that are not tables', (t: string) => replaceOnce(t, 'name = "anyio"\nversion = "4.9.0"\nsource = { registry = "https://pkgs.acme.internal/simple" }\ndependencies = [\n    { name = "idna" },', 'name = "anyio"\nversion = "4.9.0"\nsource = { registry = "https://pkgs.acme.internal/simple" }\ndependencies = [\n    "idna",'), '"idna",'],
  ])('%s is a ParseError at its line', (_, edit, needle) => {
    const bad = edit(text);
    const err = parseErrorOf(() => uvLock.parse(bad, UV));
    expect(err.file).toBe(UV);
    expect(err.line).toBe(lineOf(bad, needle));
  });
});

describe('poetry.lock', () => {
  const text = fixture(POETRY);
  const { deps } = parse(poetryLock, POETRY, text);
  const packages = (parseToml(text) as { package: Record<string, any>[] }).package;

  it('has one entry per [[package]] on its header line', () => {
    expect(deps.map((d) => [d.key, d.version, d.line])).toEqual(
      packages.map((p) => [p.name, p.version, headerLine(text, 'package', p.name)]),
    );
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'pypi', kind: 'lockfile', file: POETRY });
  });

  it('reads file hashes and [package.dependencies] as requires', () => {
    const raw = packages.find((p) => p.name === 'mcp')!;
    const mcp = entry(deps, 'mcp');
    expect(mcp.integrity).toBe(raw.files.map((f: { hash: string }) => f.hash).join(' '));
    expect(mcp.requires).toEqual(Object.keys(raw.dependencies));
    expect(entry(deps, 'fastmcp').requires).toEqual(['httpx', 'mcp', 'pydantic']);
  });

  it('reads legacy, git and directory sources', () => {
    expect(entry(deps, 'acme-mcp-tools')).toMatchObject({ specType: 'version', registry: 'https://pkgs.acme.internal/simple' });
    expect(entry(deps, 'mcp').registry).toBeUndefined();
    const time = entry(deps, 'mcp-server-time');
    expect(time).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/modelcontextprotocol/servers.git@b4ee623039a6c60053ce67269701ad9e95073306',
    });
    expect(time.integrity).toBeUndefined();
    expect(entry(deps, 'weather-common')).toMatchObject({ specType: 'directory', resolved: '../weather-common' });
  });

  it('marks packages only dev groups need as dev, and optional ones optional', () => {
    expect(entry(deps, 'pytest').dev).toBe(true);
    expect(entry(deps, 'mcp').dev).toBeUndefined();
    expect(entry(deps, 'typer').optional).toBe(true);
    expect(entry(deps, 'mcp').optional).toBeUndefined();
  });

  it('reads a Poetry 1.1 lockfile (category, [metadata.files])', () => {
    const old = [
      '[[package]]',
      'name = "mcp"',
      'version = "1.0.0"',
      'description = "Model Context Protocol SDK"',
      'category = "main"',
      'optional = false',
      'python-versions = ">=3.10"',
      '',
      '[package.dependencies]',
      'anyio = ">=4.5"',
      '',
      '[[package]]',
      'name = "pytest"',
      'version = "7.4.0"',
      'description = "pytest"',
      'category = "dev"',
      'optional = false',
      'python-versions = ">=3.7"',
      '',
      '[metadata]',
      'lock-version = "1.1"',
      'python-versions = "^3.10"',
      'content-hash = "abc"',
      '',
      '[metadata.files]',
      'mcp = [',
      `    {file = "mcp-1.0.0-py3-none-any.whl", hash = "sha256:${'1'.repeat(64)}"},`,
      ']',
      'pytest = []',
    ].join('\n');
    const { deps: oldDeps } = parse(poetryLock, 'poetry.lock', old);
    expect(oldDeps.map((d) => [d.key, d.line, d.integrity, d.dev, d.requires])).toEqual([
      ['mcp', lineOf(old, '[[package]]'), `sha256:${'1'.repeat(64)}`, undefined, ['anyio']],
      ['pytest', lineOf(old, '[[package]]', 'anyio'), undefined, true, undefined],
    ]);
  });

  it.each([
    ['a package without a version', (t: string) => replaceOnce(t, 'version = "3.10"\n', ''), '[[package]]\nname = "idna"'],
    ['a git source without url', (t: string) => replaceOnce(t, 'url = "https://github.com/modelcontextprotocol/servers.git"\n', ''), '[package.source]\ntype = "git"'],
    ['files that are not a list', (t: string) => t.replace(/(name = "idna"[\s\S]*?)files = \[[\s\S]*?\n\]/, '$1files = "x"'), 'files = "x"'],
  ])('%s is a ParseError at its line', (_, edit, needle) => {
    const bad = edit(text);
    const err = parseErrorOf(() => poetryLock.parse(bad, POETRY));
    expect(err.line).toBe(lineOf(bad, needle));
  });
});

describe('pylock.toml (PEP 751)', () => {
  const text = fixture(PYLOCK);
  const { deps } = parse(pylock, PYLOCK, text);
  const packages = (parseToml(text) as { packages: Record<string, any>[] }).packages;

  it('has one entry per [[packages]] on its header line', () => {
    expect(deps.map((d) => [d.key, d.version, d.line])).toEqual(
      packages.map((p) => [p.name, p.version, headerLine(text, 'packages', p.name)]),
    );
  });

  it('reads index packages with their sdist and wheel hashes', () => {
    const raw = packages.find((p) => p.name === 'mcp')!;
    expect(entry(deps, 'mcp')).toMatchObject({
      version: '1.9.4',
      specType: 'version',
      registry: 'https://pypi.org/simple',
      integrity: [`sha256:${raw.sdist.hashes.sha256}`, ...raw.wheels.map((w: { hashes: { sha256: string } }) => `sha256:${w.hashes.sha256}`)].join(' '),
    });
  });

  it('reads vcs, archive and directory packages', () => {
    expect(entry(deps, 'mcp-server-git')).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/modelcontextprotocol/servers@9be4674d1ddf8a469c3b4a8b4b5c0b5a9a8e8f3d',
    });
    const fetch = entry(deps, 'mcp-server-fetch');
    expect(fetch).toMatchObject({ specType: 'remote', integrity: `sha256:${packages.find((p) => p.name === 'mcp-server-fetch')!.archive.hashes.sha256}` });
    expect(fetch.registry).toBeUndefined();
    expect(entry(deps, 'acme-assistant')).toMatchObject({ specType: 'directory', resolved: '.' });
    expect(entry(deps, 'acme-assistant').version).toBeUndefined();
  });

  it('needs lock-version 1.x', () => {
    const missing = text.replace('lock-version = "1.0"\n', '');
    expect(parseErrorOf(() => pylock.parse(missing, PYLOCK)).line).toBe(1);
    const future = replaceOnce(text, 'lock-version = "1.0"', 'lock-version = "2.0"');
    expect(parseErrorOf(() => pylock.parse(future, PYLOCK)).line).toBe(lineOf(future, 'lock-version'));
  });

  it('a hash that is not hex is a ParseError at its line', () => {
    const bad = text.replace(/(\[\[packages\]\]\nname = "mcp"[\s\S]*?sha256 = )"[0-9a-f]+"/, '$1"zz"');
    expect(parseErrorOf(() => pylock.parse(bad, PYLOCK)).line).toBe(lineOf(bad, '"zz"'));
  });
});

describe('lockfile paths', () => {
  it.each([
    ['uv.lock', uvLock, true],
    ['apps/server/uv.lock', uvLock, true],
    ['.venv/uv.lock', uvLock, false],
    ['uv.lock.json', uvLock, false],
    ['poetry.lock', poetryLock, true],
    ['svc/poetry.lock', poetryLock, true],
    ['venv/lib/poetry.lock', poetryLock, false],
    ['pylock.toml', pylock, true],
    ['pylock.dev.toml', pylock, true],
    ['sub/pylock.prod.toml', pylock, true],
    ['pylock.a.b.toml', pylock, false],
    ['Pylock.toml', pylock, false],
    ['site-packages/x/pylock.toml', pylock, false],
  ])('%s', (p, format, expected) => {
    expect(format.matches(p)).toBe(expected);
  });
});
