import { asParsed } from '../../src/formats/format.js';
import { classifyPoetry, pyproject } from '../../src/formats/pypi/pyproject.js';
import type { Dependency, ParsedFile } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const UV = 'python/uv-project/pyproject.toml';
const POETRY = 'python/poetry-project/pyproject.toml';

function parse(rel: string, text = fixture(rel)): Required<Pick<ParsedFile, 'deps' | 'settings' | 'issues'>> {
  const p = asParsed(pyproject.parse(text, rel));
  return { deps: p.deps, settings: p.settings ?? [], issues: p.issues ?? [] };
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

const ACME = 'https://pkgs.acme.internal/simple';
const UV_EXTRAS = ['https://download.pytorch.org/whl/cpu', 'https://mirror.example.org/pypi/simple'];

describe('pyproject.toml of a uv project (PEP 621, PEP 735, tool.uv)', () => {
  const text = fixture(UV);
  const { deps, settings, issues } = parse(UV, text);

  it('lists [project] dependencies, optional dependencies and dependency groups, each on its own line', () => {
    expect(deps.map((d) => [d.key, d.line])).toEqual([
      ['project.dependencies/mcp', lineOf(text, '"mcp[cli]>=1.9.0"')],
      ['project.dependencies/fastmcp', lineOf(text, '"fastmcp==2.8.1"')],
      ['project.dependencies/httpx', lineOf(text, '"httpx>=0.27,<1"')],
      ['project.dependencies/acme-mcp-tools', lineOf(text, '"acme-mcp-tools"')],
      ['project.dependencies/mcp-server-fetch', lineOf(text, '"mcp-server-fetch @')],
      ['project.dependencies/pywin32', lineOf(text, '"pywin32')],
      ['project.optional-dependencies.git/mcp-server-git', lineOf(text, '"mcp-server-git>=')],
      ['project.optional-dependencies.search/mcp-server-brave-search', lineOf(text, '"mcp-server-brave-search')],
      ['dependency-groups.dev/pytest', lineOf(text, '"pytest>=')],
      ['dependency-groups.dev/ruff', lineOf(text, '"ruff>=')],
      ['dependency-groups.lint/mypy', lineOf(text, '"mypy>=')],
    ]);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'pypi', kind: 'manifest', file: UV });
  });

  it('classifies PEP 508 specifiers and direct references', () => {
    expect(entry(deps, 'project.dependencies/mcp')).toMatchObject({ name: 'mcp', spec: '>=1.9.0', specType: 'range' });
    expect(entry(deps, 'project.dependencies/fastmcp')).toMatchObject({ spec: '==2.8.1', specType: 'version', version: '2.8.1' });
    expect(entry(deps, 'project.dependencies/pywin32')).toMatchObject({ spec: '>=306', specType: 'range' });
    const fetch = entry(deps, 'project.dependencies/mcp-server-fetch');
    expect(fetch).toMatchObject({
      specType: 'remote',
      resolved: 'https://files.pythonhosted.org/packages/source/m/mcp-server-fetch/mcp_server_fetch-2025.4.7.tar.gz',
    });
    expect(fetch.registry).toBeUndefined();
  });

  it('gives index packages the default uv index and every non-explicit index as extra', () => {
    for (const key of ['project.dependencies/mcp', 'project.dependencies/httpx', 'dependency-groups.dev/pytest']) {
      expect(entry(deps, key).registry).toBe(ACME);
      expect(entry(deps, key).extraRegistries).toEqual(UV_EXTRAS);
    }
  });

  it('applies [tool.uv.sources]: a package pinned to an explicit index, and a git source', () => {
    const tools = entry(deps, 'project.dependencies/acme-mcp-tools');
    expect(tools).toMatchObject({ spec: '', specType: 'range', registry: 'https://private.acme.internal/simple' });
    expect(tools.extraRegistries).toBeUndefined();
    expect(entry(deps, 'project.optional-dependencies.git/mcp-server-git')).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/modelcontextprotocol/servers@2025.1.14',
      optional: true,
    });
  });

  it('marks optional dependencies optional and dependency groups dev', () => {
    expect(entry(deps, 'project.optional-dependencies.search/mcp-server-brave-search')).toMatchObject({ optional: true, spec: '~=0.3' });
    expect(entry(deps, 'dependency-groups.lint/mypy').dev).toBe(true);
    expect(entry(deps, 'project.dependencies/mcp').dev).toBeUndefined();
    expect(entry(deps, 'project.dependencies/mcp').optional).toBeUndefined();
  });

  it('returns the uv index settings with their effects, credentials stripped', () => {
    expect(settings.map((s) => [s.key, s.value, s.effect, s.line])).toEqual([
      ['tool.uv.extra-index-url/https://download.pytorch.org/whl/cpu', 'https://download.pytorch.org/whl/cpu', 'extra-registry', lineOf(text, '"https://download.pytorch.org')],
      ['tool.uv.index/acme', ACME, 'registry', lineOf(text, '[[tool.uv.index]]')],
      ['tool.uv.index/pypi-mirror', 'https://mirror.example.org/pypi/simple', 'extra-registry', lineOf(text, '[[tool.uv.index]]', 'name = "acme"')],
      ['tool.uv.index/acme-private', 'https://private.acme.internal/simple', 'other', lineOf(text, '[[tool.uv.index]]', 'name = "pypi-mirror"')],
    ]);
    // The explicit index's URL carries ${VAR} references: stripped, and no secret.
    expect(issues).toEqual([]);
  });

  it('gives every entry a unique key', () => {
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });
});

describe('pyproject.toml of a Poetry project', () => {
  const text = fixture(POETRY);
  const { deps, settings } = parse(POETRY, text);
  const MIRROR = 'https://mirror.example.org/pypi/simple/';

  it('lists the Poetry sections without python, on the lines of their keys', () => {
    expect(deps.map((d) => [d.key, d.line])).toEqual([
      ['tool.poetry.dependencies/mcp', lineOf(text, 'mcp = {')],
      ['tool.poetry.dependencies/fastmcp', lineOf(text, 'fastmcp = ')],
      ['tool.poetry.dependencies/httpx', lineOf(text, 'httpx = ')],
      ['tool.poetry.dependencies/pydantic', lineOf(text, 'pydantic = ')],
      ['tool.poetry.dependencies/acme-mcp-tools', lineOf(text, 'acme-mcp-tools = ')],
      ['tool.poetry.dependencies/mcp-server-time', lineOf(text, 'mcp-server-time = ')],
      ['tool.poetry.dependencies/weather-common', lineOf(text, 'weather-common = ')],
      ['tool.poetry.dependencies/rich', lineOf(text, 'rich = {')],
      ['tool.poetry.dependencies/numpy/0', lineOf(text, '{ version = "^1.26"')],
      ['tool.poetry.dependencies/numpy/1', lineOf(text, '{ version = "^2.1"')],
      ['tool.poetry.group.dev.dependencies/pytest', lineOf(text, 'pytest = ')],
      ['tool.poetry.group.dev.dependencies/pytest-asyncio', lineOf(text, 'pytest-asyncio = ')],
      ['tool.poetry.group.docs.dependencies/mkdocs-material', lineOf(text, 'mkdocs-material = ')],
    ]);
  });

  it('reads Poetry constraints: caret and tilde are ranges, a bare version is an exact pin', () => {
    expect(entry(deps, 'tool.poetry.dependencies/mcp')).toMatchObject({ spec: '^1.9', specType: 'range' });
    expect(entry(deps, 'tool.poetry.dependencies/fastmcp')).toMatchObject({ spec: '2.8.1', specType: 'version', version: '2.8.1' });
    expect(entry(deps, 'tool.poetry.dependencies/httpx')).toMatchObject({ spec: '~0.28', specType: 'range' });
    expect(entry(deps, 'tool.poetry.dependencies/pydantic')).toMatchObject({ spec: '>=2.7,<3.0', specType: 'range' });
  });

  it('reads git, path and source-pinned dependencies', () => {
    expect(entry(deps, 'tool.poetry.dependencies/mcp-server-time')).toMatchObject({
      specType: 'git',
      resolved: 'git+https://github.com/modelcontextprotocol/servers.git@2025.4.24',
    });
    expect(entry(deps, 'tool.poetry.dependencies/weather-common')).toMatchObject({ specType: 'directory', resolved: '../weather-common' });
    const tools = entry(deps, 'tool.poetry.dependencies/acme-mcp-tools');
    expect(tools).toMatchObject({ registry: 'https://pkgs.acme.internal/simple/', spec: '^0.3' });
    expect(tools.extraRegistries).toBeUndefined();
  });

  it('gives other index packages the supplemental source as extra (PyPI stays the implicit primary)', () => {
    const mcp = entry(deps, 'tool.poetry.dependencies/mcp');
    expect(mcp.registry).toBeUndefined();
    expect(mcp.extraRegistries).toEqual([MIRROR]);
    expect(entry(deps, 'tool.poetry.dependencies/weather-common').extraRegistries).toBeUndefined();
  });

  it('marks groups dev, optional groups and optional dependencies optional', () => {
    expect(entry(deps, 'tool.poetry.group.dev.dependencies/pytest')).toMatchObject({ dev: true });
    expect(entry(deps, 'tool.poetry.group.dev.dependencies/pytest').optional).toBeUndefined();
    expect(entry(deps, 'tool.poetry.group.docs.dependencies/mkdocs-material')).toMatchObject({ dev: true, optional: true });
    expect(entry(deps, 'tool.poetry.dependencies/rich')).toMatchObject({ optional: true });
    expect(entry(deps, 'tool.poetry.dependencies/rich').dev).toBeUndefined();
  });

  it('returns the Poetry sources by priority', () => {
    expect(settings.map((s) => [s.key, s.value, s.effect, s.line])).toEqual([
      ['tool.poetry.source/acme', 'https://pkgs.acme.internal/simple/', 'other', lineOf(text, '[[tool.poetry.source]]')],
      ['tool.poetry.source/mirror', MIRROR, 'extra-registry', lineOf(text, '[[tool.poetry.source]]', 'name = "acme"')],
    ]);
  });
});

describe('pyproject details', () => {
  const F = 'pyproject.toml';
  const read = (text: string): ParsedFile => asParsed(pyproject.parse(text, F));

  it('a primary Poetry source becomes the registry and a literal password in it a secret issue', () => {
    const password = 'Zq8-very-real-pass-4471';
    const text = [
      '[tool.poetry.dependencies]',
      'python = "^3.12"',
      'mcp = "^1.9"',
      '',
      '[[tool.poetry.source]]',
      'name = "corp"',
      `url = "https://ci:${password}@pypi.corp.example/simple/"`,
      'priority = "primary"',
    ].join('\n');
    const { deps, settings, issues } = read(text);
    expect(deps[0]).toMatchObject({ name: 'mcp', registry: 'https://pypi.corp.example/simple/' });
    expect(settings![0]).toMatchObject({ value: 'https://pypi.corp.example/simple/', effect: 'registry' });
    expect(issues).toHaveLength(1);
    expect(issues![0]).toMatchObject({ rule: 'secret', line: lineOf(text, '[[tool.poetry.source]]') });
    expect(JSON.stringify({ deps, settings, issues })).not.toContain(password);
  });

  it('reads tool.uv index-url, find-links, allow-insecure-host and the legacy dev-dependencies', () => {
    const text = [
      '[project]',
      'name = "x"',
      'dependencies = ["mcp"]',
      '[tool.uv]',
      'index-url = "https://idx.example/simple"',
      'find-links = ["https://wheels.example/list.html"]',
      'allow-insecure-host = ["idx.example"]',
      'dev-dependencies = ["pytest>=8"]',
    ].join('\n');
    const { deps, settings } = read(text);
    expect(deps.map((d) => [d.key, d.registry, d.extraRegistries, d.dev])).toEqual([
      ['project.dependencies/mcp', 'https://idx.example/simple', ['https://wheels.example/list.html'], undefined],
      ['tool.uv.dev-dependencies/pytest', 'https://idx.example/simple', ['https://wheels.example/list.html'], true],
    ]);
    expect(settings!.map((s) => [s.setting, s.effect, s.line])).toEqual([
      ['tool.uv.index-url', 'registry', lineOf(text, 'index-url')],
      ['tool.uv.find-links', 'extra-registry', lineOf(text, 'find-links')],
      ['tool.uv.allow-insecure-host', 'insecure-host', lineOf(text, 'allow-insecure-host')],
    ]);
  });

  it('gives a package listed twice (per marker) unique keys', () => {
    const text = '[project]\ndependencies = [\n  "numpy<2; python_version<\'3.12\'",\n  "numpy>=2; python_version>=\'3.12\'",\n]\n';
    expect(read(text).deps.map((d) => d.key)).toEqual(['project.dependencies/numpy', 'project.dependencies/numpy#2']);
  });

  it('reads a file without dependencies as nothing', () => {
    expect(read('[tool.black]\nline-length = 100\n')).toEqual({ deps: [], settings: [], issues: [] });
  });

  it.each([
    ['a TOML syntax error', '[project]\nname = "x"\ndependencies = ["mcp"\n[tool.uv]\n', '[tool.uv]'],
    ['dependencies that are not an array', '[project]\nname = "x"\ndependencies = "mcp"\n', 'dependencies'],
    ['a requirement that is no PEP 508 string', '[project]\ndependencies = [\n  "mcp",\n  "fast mcp >= 2",\n]\n', '"fast mcp'],
    ['a requirement that is a number', '[project]\ndependencies = [\n  "mcp",\n  3,\n]\n', '3,'],
    ['a Poetry dependency that is a number', '[tool.poetry.dependencies]\nmcp = "^1"\nfastmcp = 2\n', 'fastmcp'],
    ['a Poetry source name nobody defines', '[tool.poetry.dependencies]\nmcp = { version = "^1", source = "nowhere" }\n', 'mcp ='],
    ['a uv index name nobody defines', '[project]\ndependencies = ["mcp"]\n[tool.uv.sources]\nmcp = { index = "nowhere" }\n', 'mcp = {'],
    ['a uv index without url', '[[tool.uv.index]]\nname = "x"\n', '[[tool.uv.index]]'],
  ])('%s is a ParseError at its line', (_, text, needle) => {
    const err = parseErrorOf(() => pyproject.parse(text, F));
    expect(err.file).toBe(F);
    expect(err.line).toBe(lineOf(text, needle));
  });

  it('a version the PEP 440 library rejects is invalid, not an error', () => {
    const text = replaceOnce(fixture(UV), '"httpx>=0.27,<1"', '"httpx~=1"');
    expect(entry(parse(UV, text).deps, 'project.dependencies/httpx')).toMatchObject({ spec: '~=1', specType: 'invalid' });
  });
});

describe('classifyPoetry', () => {
  it.each([
    ['*', 'range', undefined],
    ['', 'range', undefined],
    ['1.2.3', 'version', '1.2.3'],
    ['==1.2.3', 'version', '1.2.3'],
    ['^1.2', 'range', undefined],
    ['~1.2.3', 'range', undefined],
    ['~=1.2', 'range', undefined],
    ['1.2.*', 'range', undefined],
    ['>= 1.2, < 1.5', 'range', undefined],
    ['>=1.2 <1.5', 'range', undefined],
    ['^1.2 || ^2.0', 'range', undefined],
    ['^banana', 'invalid', undefined],
    ['>=1.0,,<x', 'invalid', undefined],
  ])('%s -> %s', (spec, specType, version) => {
    const info = classifyPoetry(spec);
    expect(info.specType).toBe(specType);
    expect(info.version).toBe(version);
  });
});

describe('pyproject paths', () => {
  it.each([
    ['pyproject.toml', true],
    ['servers/weather/pyproject.toml', true],
    ['.venv/lib/python3.12/site-packages/x/pyproject.toml', false],
    ['venv/src/x/pyproject.toml', false],
    ['Cargo.toml', false],
    ['pyproject.toml.bak', false],
  ])('%s -> %s', (p, expected) => {
    expect(pyproject.matches(p)).toBe(expected);
  });
});
