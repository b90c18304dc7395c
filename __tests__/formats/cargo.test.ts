import { parse as parseToml } from 'smol-toml';
import { asParsed } from '../../src/formats/format.js';
import { parseTomlDocument, scanLines } from '../../src/formats/readers/toml.js';
import { cargoLock } from '../../src/formats/cargo/cargo-lock.js';
import { cargoToml } from '../../src/formats/cargo/cargo-toml.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';
import { classifyCargoReq } from '../../src/ecosystems/cargo.js';

const TOML = 'cargo/mcp-notes/Cargo.toml';
const LOCK = 'cargo/mcp-notes/Cargo.lock';

const tomlDeps = (text: string, file: string): Dependency[] => asParsed(cargoToml.parse(text, file)).deps;
const lockDeps = (text: string, file: string): Dependency[] => asParsed(cargoLock.parse(text, file)).deps;

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

describe('Cargo.toml', () => {
  const text = fixture(TOML);
  const deps = tomlDeps(text, TOML);

  it('lists every dependency table, keyed by table and name', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'dependencies/rmcp',
      'dependencies/tokio',
      'dependencies/serde',
      'dependencies/serde_json',
      'dependencies/schemars',
      'dependencies/anyhow',
      'dependencies/tracing',
      'dependencies/notes-core',
      'dependencies/mcp-auth',
      'dependencies/json',
      'dependencies/tracing-subscriber',
      'dev-dependencies/insta',
      'dev-dependencies/rmcp',
      'build-dependencies/cc',
      'target/cfg(unix)/dependencies/nix',
      'target/cfg(windows)/dependencies/windows-sys',
      'patch/crates-io/rmcp',
    ]);
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'cargo', kind: 'manifest', file: TOML });
  });

  it('reads a bare version as a caret range, at the line of its key', () => {
    expect(entry(deps, 'dependencies/rmcp')).toEqual({
      ecosystem: 'cargo',
      name: 'rmcp',
      spec: '0.8.1',
      specType: 'range',
      file: TOML,
      line: lineOf(text, 'rmcp = {'),
      kind: 'manifest',
      key: 'dependencies/rmcp',
    });
    expect(entry(deps, 'dependencies/serde_json')).toMatchObject({ spec: '1.0.145', specType: 'range', line: lineOf(text, 'serde_json = "1.0.145"') });
    expect(entry(deps, 'dependencies/serde_json').version).toBeUndefined();
  });

  it('reads =x.y.z as one exact version', () => {
    expect(entry(deps, 'dependencies/schemars')).toMatchObject({ spec: '=1.0.4', specType: 'version', version: '1.0.4' });
  });

  it('reads path, git and renamed dependencies', () => {
    expect(entry(deps, 'dependencies/notes-core')).toMatchObject({ specType: 'directory', resolved: '../notes-core' });
    expect(entry(deps, 'dependencies/mcp-auth')).toMatchObject({
      specType: 'git',
      spec: 'https://github.com/acme/mcp-auth?rev=3f9d2c1b7a6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c',
      line: lineOf(text, 'mcp-auth = {'),
    });
    expect(entry(deps, 'dependencies/json')).toMatchObject({ name: 'serde_json', alias: 'json', optional: true, line: lineOf(text, 'json = { package') });
  });

  it('puts a [dependencies.foo] table on its header line', () => {
    expect(entry(deps, 'dependencies/tracing-subscriber')).toMatchObject({ spec: '0.3', line: lineOf(text, '[dependencies.tracing-subscriber]') });
  });

  it('marks dev-dependencies and reads target-specific tables and registries', () => {
    expect(entry(deps, 'dev-dependencies/rmcp')).toMatchObject({ dev: true, line: lineOf(text, 'rmcp = {', '[dev-dependencies]') });
    expect(entry(deps, 'build-dependencies/cc').dev).toBeUndefined();
    expect(entry(deps, 'target/cfg(unix)/dependencies/nix')).toMatchObject({ spec: '0.30', line: lineOf(text, 'nix = {') });
    expect(entry(deps, 'target/cfg(windows)/dependencies/windows-sys')).toMatchObject({ registry: 'acme-mirror', line: lineOf(text, 'windows-sys = {') });
  });

  it('reads [patch] entries, which replace a crate everywhere', () => {
    expect(entry(deps, 'patch/crates-io/rmcp')).toMatchObject({
      name: 'rmcp',
      specType: 'git',
      spec: 'https://github.com/modelcontextprotocol/rust-sdk?branch=main',
      line: lineOf(text, 'rmcp = {', '[patch.crates-io]'),
    });
  });

  it('reads workspace dependencies, inherited ones, dotted keys and the legacy [replace]', () => {
    const t = [
      '[workspace]',
      'members = ["a"]',
      '',
      '[workspace.dependencies]',
      'rmcp = "0.8"',
      '',
      '[dependencies]',
      'rmcp.workspace = true',
      'serde.version = "1"',
      '"quoted-name" = "2"',
      '',
      '[replace]',
      '"foo:0.1.0" = { git = "https://github.com/x/foo" }',
      '',
    ].join('\n');
    const d = tomlDeps(t, 'Cargo.toml');
    expect(d.map((x) => [x.key, x.specType, x.line])).toEqual([
      ['dependencies/rmcp', 'workspace', lineOf(t, 'rmcp.workspace')],
      ['dependencies/serde', 'range', lineOf(t, 'serde.version')],
      ['dependencies/quoted-name', 'range', lineOf(t, '"quoted-name"')],
      ['workspace/dependencies/rmcp', 'range', lineOf(t, 'rmcp = "0.8"')],
      ['replace/foo:0.1.0', 'git', lineOf(t, '"foo:0.1.0"')],
    ]);
    expect(entry(d, 'replace/foo:0.1.0')).toMatchObject({ name: 'foo', version: '0.1.0' });
  });

  it('finds keys after multi-line arrays and strings that look like headers', () => {
    const t = [
      '[package]',
      'name = "x"',
      'description = """',
      '[dependencies]',
      'evil = "1"',
      '"""',
      'keywords = [',
      '  "mcp", # [dependencies]',
      '  "x = 1",',
      ']',
      '',
      '[dependencies]',
      'rmcp = "0.8"',
      '',
    ].join('\n');
    const d = tomlDeps(t, 'Cargo.toml');
    expect(d.map((x) => [x.key, x.line])).toEqual([['dependencies/rmcp', lineOf(t, 'rmcp =')]]);
  });

  it('keeps keys when lines move or a version changes', () => {
    const edited = replaceOnce(replaceOnce(text, 'license = "MIT"\n', 'license = "MIT"\nreadme = "README.md"\n'), 'cc = "1.2"', 'cc = "1.3"');
    const after = tomlDeps(edited, TOML);
    expect(after.map((d) => d.key)).toEqual(deps.map((d) => d.key));
    expect(entry(after, 'build-dependencies/cc')).toMatchObject({ spec: '1.3', line: entry(deps, 'build-dependencies/cc').line + 1 });
  });

  it.each([
    ['a number as spec', '[dependencies]\nrmcp = 1\n', 'rmcp', /dependencies.rmcp must be a version string or a table/],
    ['a version that is a number', '[dependencies]\n\nrmcp = { version = 0.8 }\n', 'rmcp', /rmcp.version must be a string/],
    ['optional that is a string', '[dependencies]\nrmcp = { version = "1", optional = "yes" }\n', 'rmcp', /optional must be true or false/],
    ['dependencies as an array', 'dependencies = ["rmcp"]\n', 'dependencies', /dependencies must be a table/],
    ['bad TOML', '[package]\nname = "x"\n[dependencies\nrmcp = "1"\n', '[dependencies', /invalid TOML/],
    ['a duplicate key', '[dependencies]\nrmcp = "1"\nrmcp = "2"\n', 'rmcp = "2"', /invalid TOML/],
    ['binary garbage', '[package]\n\u0000\u0001\u0002', '\u0000', /binary/],
  ])('rejects %s', (_w, t, needle, message) => {
    const err = parseErrorOf(() => cargoToml.parse(t, 'Cargo.toml'));
    expect(err.line).toBe(lineOf(t, needle));
    expect(err.message).toMatch(message);
  });
});

describe('Cargo version requirements', () => {
  it.each([
    ['1.2.3', 'range', undefined],
    ['^1.2', 'range', undefined],
    ['~1.2.3', 'range', undefined],
    ['>=1.0, <2.0', 'range', undefined],
    ['*', 'range', undefined],
    ['1.*', 'range', undefined],
    ['=1.2.3', 'version', '1.2.3'],
    ['= 1.2.3-beta.1', 'version', '1.2.3-beta.1'],
    ['=1.2', 'range', undefined],
    ['latest', 'invalid', undefined],
    ['1.2.3.4', 'invalid', undefined],
  ])('%s -> %s', (req, specType, version) => {
    const c = classifyCargoReq(req);
    expect(c.specType).toBe(specType);
    expect(c.version).toBe(version);
  });
});

describe('Cargo.lock', () => {
  const text = fixture(LOCK);
  const deps = lockDeps(text, LOCK);
  const lockPackages = (parseToml(text) as { package: { name: string; version: string; source?: string; checksum?: string }[] }).package;

  it('lists every package with a source, not workspace members or path packages', () => {
    const withSource = lockPackages.filter((p) => p.source !== undefined);
    expect(deps.map((d) => d.key)).toEqual(withSource.map((p) => `${p.name}@${p.version}`));
    expect(deps.map((d) => d.name)).not.toContain('mcp-notes');
    expect(deps.map((d) => d.name)).not.toContain('notes-core');
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });

  it('puts each package on the line of its name', () => {
    for (const d of deps) expect([d.key, d.line]).toEqual([d.key, lineOf(text, `name = "${d.name}"\nversion = "${d.version}"`)]);
  });

  it('reads a crates.io package', () => {
    const pkg = lockPackages.find((p) => p.name === 'serde_json')!;
    expect(entry(deps, 'serde_json@1.0.145')).toEqual({
      ecosystem: 'cargo',
      name: 'serde_json',
      version: '1.0.145',
      specType: 'version',
      registry: 'https://github.com/rust-lang/crates.io-index',
      resolved: 'registry+https://github.com/rust-lang/crates.io-index',
      integrity: `sha256:${pkg.checksum}`,
      requires: ['itoa', 'memchr', 'ryu', 'serde', 'serde_core'],
      file: LOCK,
      line: lineOf(text, 'name = "serde_json"'),
      kind: 'lockfile',
      key: 'serde_json@1.0.145',
    });
  });

  it('reads git and sparse-registry sources', () => {
    const rmcp = entry(deps, 'rmcp@0.8.1');
    expect(rmcp).toMatchObject({ specType: 'git', resolved: 'git+https://github.com/modelcontextprotocol/rust-sdk?branch=main#9c5b1e2f8a3d7c6b4e0f1a2d3c4b5a6e7f8d9c0b' });
    expect(rmcp.integrity).toBeUndefined();
    expect(rmcp.registry).toBeUndefined();
    expect(rmcp.requires).toContain('rmcp-macros');
    expect(entry(deps, 'windows-sys@0.60.2')).toMatchObject({ specType: 'version', registry: 'https://cargo.acme.internal/index/', resolved: 'sparse+https://cargo.acme.internal/index/' });
  });

  it('takes the name from "name version" dependency strings, and keeps two versions apart', () => {
    expect(entry(deps, 'thiserror@1.0.69').requires).toEqual(['thiserror-impl']);
    expect(entry(deps, 'thiserror@2.0.17').line).toBe(lineOf(text, 'name = "thiserror"\nversion = "2.0.17"'));
  });

  it('adds the source to the key when the same version comes from two sources', () => {
    const t = [
      'version = 3',
      '',
      '[[package]]',
      'name = "rmcp"',
      'version = "0.8.1"',
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      '',
      '[[package]]',
      'name = "rmcp"',
      'version = "0.8.1"',
      'source = "git+https://github.com/evil/rust-sdk#abc"',
      '',
    ].join('\n');
    expect(lockDeps(t, 'Cargo.lock').map((d) => [d.key, d.line])).toEqual([
      ['rmcp@0.8.1 (registry+https://github.com/rust-lang/crates.io-index)', lineOf(t, 'name = "rmcp"')],
      ['rmcp@0.8.1 (git+https://github.com/evil/rust-sdk#abc)', lineOf(t, 'name = "rmcp"', 'version = "0.8.1"')],
    ]);
  });

  it('reads a lockfile without packages as none (tables it does not know are ignored)', () => {
    expect(lockDeps('version = 4\n', 'Cargo.lock')).toEqual([]);
    expect(lockDeps('[dependencies]\nrmcp = "1"\n', 'Cargo.lock')).toEqual([]);
  });

  it('reads v1 checksums from [metadata]', () => {
    const src = 'registry+https://github.com/rust-lang/crates.io-index';
    const t = `[[package]]\nname = "anyhow"\nversion = "1.0.100"\nsource = "${src}"\n\n[metadata]\n"checksum anyhow 1.0.100 (${src})" = "${'ab'.repeat(32)}"\n`;
    expect(lockDeps(t, 'Cargo.lock')[0]).toMatchObject({ integrity: `sha256:${'ab'.repeat(32)}`, line: lineOf(t, 'name = "anyhow"') });
  });

  it.each([
    ['a package without version', '[[package]]\nname = "a"\nsource = "registry+x"\n', '[[package]]', /version must be a string/],
    ['a version that is a number', '[[package]]\nname = "a"\nversion = 1\n', 'version', /version must be a string/],
    ['dependencies that are not strings', '[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = [1]\n', 'dependencies', /array of strings/],
    ['package as a table', '[package]\nname = "a"\n', '[package]', /array of tables/],
    ['lockfile version 99', '# x\nversion = 99\n', 'version', /version 99 is not supported/],
    ['bad TOML', 'version = 4\n\n[[package]]\nname = "a\n', 'name', /invalid TOML/],
  ])('rejects %s', (_w, t, needle, message) => {
    const err = parseErrorOf(() => cargoLock.parse(t, 'Cargo.lock'));
    expect(err.line).toBe(lineOf(t, needle));
    expect(err.message).toMatch(message);
  });
});

describe('TOML line scanner', () => {
  it('gives full paths for headers, dotted keys and quoted keys', () => {
    const t = "[target.'cfg(unix)'.dependencies]\nnix = \"1\"\n[a . \"b.c\"]\nx.y = { z = [\n1,\n] }\nw = 2\n";
    const doc = parseTomlDocument(t, 'Cargo.toml');
    expect(doc.line(['target', 'cfg(unix)', 'dependencies'])).toBe(lineOf(t, '[target'));
    expect(doc.line(['target', 'cfg(unix)', 'dependencies', 'nix'])).toBe(lineOf(t, 'nix ='));
    expect(doc.line(['a', 'b.c'])).toBe(lineOf(t, '[a .'));
    expect(doc.line(['a', 'b.c', 'x', 'y'])).toBe(lineOf(t, 'x.y ='));
    expect(doc.line(['a', 'b.c', 'w'])).toBe(lineOf(t, 'w = 2'));
  });

  it('ends on garbage', () => {
    expect(() => scanLines('=== [[[ """ \'\'\' \n\u0000{{{')).not.toThrow();
  });
});

describe('cargo matches', () => {
  it.each([
    ['Cargo.toml', 'cargo-toml'],
    ['crates/server/Cargo.toml', 'cargo-toml'],
    ['Cargo.lock', 'cargo-lock'],
    ['vendor/rmcp/Cargo.toml', undefined],
    ['node_modules/x/Cargo.toml', undefined],
    ['cargo.toml', undefined],
    ['Cargo.toml.orig', undefined],
    ['.cargo/config.toml', undefined],
  ])('%s -> %s', (p, id) => {
    expect([cargoToml, cargoLock].filter((f) => f.matches(p)).map((f) => f.id)).toEqual(id === undefined ? [] : [id]);
  });
});
