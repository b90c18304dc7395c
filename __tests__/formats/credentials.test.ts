// Credentials never survive into any output field (settings, deps, issues), whatever their shape.
import { cargoLock } from '../../src/formats/cargo/cargo-lock.js';
import { cargoToml } from '../../src/formats/cargo/cargo-toml.js';
import { readEnvVariable, settingsFromEnv } from '../../src/formats/registry-config/env-settings.js';
import { asParsed } from '../../src/formats/format.js';
import { pipfileLock } from '../../src/formats/pypi/pipfile.js';
import { pyproject } from '../../src/formats/pypi/pyproject.js';
import { redactUrl } from '../../src/redact/urls.js';
import { requirementsTxt } from '../../src/formats/pypi/requirements.js';
import { workflow } from '../../src/formats/actions/workflow.js';
import { lineOf } from './helpers.js';

const GH = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

describe('redactUrl (Python index and source URLs)', () => {
  it('strips a literal userinfo without a token shape and reports it', () => {
    const r = redactUrl('https://s3cr3tvalue1234@pypi.example.com/simple');
    expect(r.url).toBe('https://pypi.example.com/simple');
    expect(r.hits).toHaveLength(1);
  });

  it('strips a `${VAR}` userinfo without an issue', () => {
    expect(redactUrl('https://${PIP_USER}:${PIP_PASS}@pypi.example.com/simple')).toEqual({ url: 'https://pypi.example.com/simple', hits: [] });
    expect(redactUrl('https://${PIP_TOKEN}@pypi.example.com/simple')).toEqual({ url: 'https://pypi.example.com/simple', hits: [] });
  });

  it('strips a password holding an `@` entirely', () => {
    const r = redactUrl('https://user:p4ss@w0rd1234@pypi.example.com/simple');
    expect(r.url).toBe('https://pypi.example.com/simple');
    expect(r.hits).toHaveLength(1);
  });

  it('masks a token in the query', () => {
    const r = redactUrl(`https://pypi.example.com/simple?token=${GH}`);
    expect(r.url).toBe('https://pypi.example.com/simple?token=ghp_****');
    expect(r.hits.map((h) => h.kind)).toEqual(['GitHub token']);
  });

  it('keeps nothing of the credential anywhere in a requirements file', () => {
    const t = '--index-url https://s3cr3tvalue1234@pypi.example.com/simple\n' + `--extra-index-url https://extra.example.com/simple?token=${GH}\n` + 'mcp==1.9.4\n';
    const p = asParsed(requirementsTxt.parse(t, 'requirements.txt'));
    const json = JSON.stringify(p);
    expect(json).not.toContain('s3cr3tvalue1234');
    expect(json).not.toContain(GH);
    expect(p.deps[0].registry).toBe('https://pypi.example.com/simple');
    expect(p.issues!.filter((i) => i.rule === 'secret').map((i) => i.line)).toEqual([lineOf(t, '--index-url'), lineOf(t, '--extra-index-url')]);
  });
});

describe('environment variables with URL credentials', () => {
  const at = { file: 'f', line: 3, key: 'k' };

  it.each([
    ['PIP_INDEX_URL', 'https://${USER}:hunter2literal@pypi.acme.dev/simple', 'hunter2literal', 'https://pypi.acme.dev/simple'],
    ['PIP_INDEX_URL', 'https://user:p@sslongpass@pypi.acme.dev/simple', 'sslongpass', 'https://pypi.acme.dev/simple'],
    ['GOPROXY', `https://proxy.acme.dev/${GH},direct`, GH, 'https://proxy.acme.dev/ghp_****,direct'],
    ['GOPROXY', 'https://proxy.acme.dev|https://ci:s3cr3tPassw0rd@goproxy.acme.internal,direct', 's3cr3tPassw0rd', 'https://proxy.acme.dev|https://goproxy.acme.internal,direct'],
  ])('%s=%s: cleaned value, secret issue', (name, value, secret, shown) => {
    const read = readEnvVariable(name, value, at);
    expect(read.settings.map((s) => s.value)).toEqual([shown]);
    expect(read.issues).toEqual([expect.objectContaining({ rule: 'secret', line: 3 })]);
    expect(JSON.stringify(read)).not.toContain(secret);
  });

  it('strips a `${VAR}` userinfo without an issue', () => {
    const read = readEnvVariable('PIP_INDEX_URL', 'https://${USER}:${PASS}@pypi.acme.dev/simple', at);
    expect(read.settings[0].value).toBe('https://pypi.acme.dev/simple');
    expect(read.issues).toEqual([]);
  });

  it('reads npm booleans the way registry-common does', () => {
    expect(settingsFromEnv('npm_config_strict_ssl', ' Off ', at).map((s) => s.effect)).toEqual(['tls-off']);
  });
});

describe('Cargo source URLs with credentials', () => {
  it('Cargo.lock keeps only cleaned registry and resolved values, and reports the credentials', () => {
    const t = [
      'version = 4',
      '',
      '[[package]]',
      'name = "a"',
      'version = "1.0.0"',
      'source = "registry+https://bot:s3cr3tPassw0rd@cargo.acme.dev/index"',
      '',
      '[[package]]',
      'name = "b"',
      'version = "1.0.0"',
      `source = "sparse+https://${GH}@cargo.acme.dev/index/"`,
      '',
    ].join('\n');
    const p = asParsed(cargoLock.parse(t, 'Cargo.lock'));
    expect(p.deps.map((d) => [d.name, d.registry, d.resolved])).toEqual([
      ['a', 'https://cargo.acme.dev/index', 'registry+https://cargo.acme.dev/index'],
      ['b', 'https://cargo.acme.dev/index/', 'sparse+https://cargo.acme.dev/index/'],
    ]);
    expect(p.issues!.map((i) => [i.rule, i.line])).toEqual([
      ['secret', lineOf(t, 'source = "registry')],
      ['secret', lineOf(t, 'source = "sparse')],
    ]);
    const json = JSON.stringify(p);
    expect(json).not.toContain('s3cr3tPassw0rd');
    expect(json).not.toContain(GH);
  });

  it('Cargo.lock gives each package of an inline `package = [...]` array the line of its name', () => {
    const t = [
      'version = 4',
      'package = [',
      '  { name = "a", version = "1.0.0", source = "registry+https://github.com/rust-lang/crates.io-index" },',
      '  { name = "b", version = "2.0.0", source = "registry+https://github.com/rust-lang/crates.io-index" },',
      ']',
      '',
    ].join('\n');
    expect(asParsed(cargoLock.parse(t, 'Cargo.lock')).deps.map((d) => [d.name, d.line])).toEqual([
      ['a', lineOf(t, 'name = "a"')],
      ['b', lineOf(t, 'name = "b"')],
    ]);
  });

  it('Cargo.toml keeps only cleaned git and registry-index URLs, and reports the credentials', () => {
    const t = [
      '[dependencies]',
      `rmcp = { git = "https://bot:${GH}@github.com/acme/rust-sdk", tag = "v1" }`,
      'notes = { version = "1", registry-index = "sparse+https://ci:s3cr3tPassw0rd@cargo.acme.dev/index/" }',
      '',
    ].join('\n');
    const p = asParsed(cargoToml.parse(t, 'Cargo.toml'));
    expect(p.deps.map((d) => [d.name, d.spec, d.resolved, d.registry])).toEqual([
      ['rmcp', 'https://github.com/acme/rust-sdk?tag=v1', 'https://github.com/acme/rust-sdk?tag=v1', undefined],
      ['notes', '1', undefined, 'sparse+https://cargo.acme.dev/index/'],
    ]);
    expect(p.issues!.map((i) => [i.rule, i.line])).toEqual([
      ['secret', lineOf(t, 'rmcp =')],
      ['secret', lineOf(t, 'notes =')],
    ]);
    const json = JSON.stringify(p);
    expect(json).not.toContain('s3cr3tPassw0rd');
    expect(json).not.toContain(GH);
  });
});

describe('workflow containers and reusable-workflow secrets', () => {
  const WF = '.github/workflows/ci.yml';

  it('emits container and service images written as an expression as unresolved images', () => {
    const t = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    strategy: { matrix: { img: [node:20, node:22] } }',
      '    container: ${{ matrix.img }}',
      '    services:',
      '      db:',
      '        image: ghcr.io/acme/db:${{ matrix.tag }}',
      '    steps:',
      '      - run: echo hi',
      '',
    ].join('\n');
    const deps = asParsed(workflow.parse(t, WF)).deps;
    expect(deps.map((d) => [d.key, d.ecosystem, d.name, d.spec, d.specType, d.line])).toEqual([
      ['jobs/build/container', 'oci', '${{ matrix.img }}', '${{ matrix.img }}', 'invalid', lineOf(t, 'container:')],
      ['jobs/build/services/db', 'oci', 'ghcr.io/acme/db', 'ghcr.io/acme/db:${{ matrix.tag }}', 'invalid', lineOf(t, 'image: ghcr')],
    ]);
  });

  it('reports a literal secret passed to a reusable workflow, not a reference or `inherit`', () => {
    const t = [
      'on: push',
      'jobs:',
      '  release:',
      '    uses: acme/workflows/.github/workflows/release.yml@v1',
      '    secrets:',
      '      deploy_key: s3cr3tDeployValue',
      `      gh: ${GH}`,
      '      npm: ${{ secrets.NPM_TOKEN }}',
      '  other:',
      '    uses: acme/workflows/.github/workflows/other.yml@v1',
      '    secrets: inherit',
      '',
    ].join('\n');
    const p = asParsed(workflow.parse(t, WF));
    expect(p.issues!.map((i) => [i.rule, i.line])).toEqual([
      ['secret', lineOf(t, 'deploy_key:')],
      ['secret', lineOf(t, 'gh:')],
    ]);
    const json = JSON.stringify(p);
    expect(json).not.toContain('s3cr3tDeployValue');
    expect(json).not.toContain(GH);
  });
});

describe('pyproject [tool.uv.sources] lists', () => {
  it('emits every source of a list, not only the first', () => {
    const t = [
      '[project]',
      'name = "x"',
      'version = "1"',
      'dependencies = ["foo>=1", "bar"]',
      '',
      '[[tool.uv.index]]',
      'name = "internal"',
      'url = "https://pypi.acme.dev/simple"',
      '',
      '[tool.uv.sources]',
      'foo = [',
      '  { index = "internal", marker = "sys_platform == \'linux\'" },',
      '  { git = "https://evil.example/foo", marker = "sys_platform == \'darwin\'" },',
      ']',
      '',
    ].join('\n');
    const deps = asParsed(pyproject.parse(t, 'pyproject.toml')).deps;
    expect(deps.map((d) => [d.key, d.specType, d.registry, d.resolved])).toEqual([
      ['project.dependencies/foo', 'range', 'https://pypi.acme.dev/simple', undefined],
      ['project.dependencies/foo#2', 'git', undefined, 'git+https://evil.example/foo'],
      ['project.dependencies/bar', 'range', undefined, undefined],
    ]);
  });
});

describe('Pipfile.lock entries without index', () => {
  it('come from the first _meta.sources URL, cleaned', () => {
    const t = JSON.stringify(
      {
        _meta: { sources: [{ name: 'acme', url: 'https://s3cr3tvalue1234@pypi.acme.dev/simple', verify_ssl: true }, { name: 'pypi', url: 'https://pypi.org/simple' }] },
        default: { mcp: { version: '==1.9.4' }, other: { version: '==1.0.0', index: 'pypi' } },
        develop: {},
      },
      null,
      2,
    );
    const p = asParsed(pipfileLock.parse(t, 'Pipfile.lock'));
    expect(p.deps.map((d) => [d.name, d.registry])).toEqual([
      ['mcp', 'https://pypi.acme.dev/simple'],
      ['other', 'https://pypi.org/simple'],
    ]);
    expect(p.issues!.map((i) => i.rule)).toEqual(['secret']);
    expect(JSON.stringify(p)).not.toContain('s3cr3tvalue1234');
  });
});
