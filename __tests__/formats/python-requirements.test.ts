import { asParsed } from '../../src/formats/format.js';
import { requirementsTxt } from '../../src/formats/pypi/requirements.js';
import type { Dependency, ParsedFile } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf } from './helpers.js';

const COMPILED = 'python/pip-compile/requirements.txt';
const DEV = 'python/requirements/dev.txt';

function parse(rel: string, text = fixture(rel)): Required<Pick<ParsedFile, 'deps' | 'settings' | 'issues'>> {
  const p = asParsed(requirementsTxt.parse(text, rel));
  return { deps: p.deps, settings: p.settings ?? [], issues: p.issues ?? [] };
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

/** The `--hash=` values on the lines of the entry that starts with `start` (oracle read from the text). */
function hashesAfter(text: string, start: string): string {
  const from = text.indexOf(start);
  const rest = text.slice(from).split('\n');
  const out: string[] = [];
  for (const [k, line] of rest.entries()) {
    if (k > 0 && !/^\s+--hash/.test(line)) break;
    for (const m of line.matchAll(/--hash=(sha256:[0-9a-f]{64})/g)) out.push(m[1]);
  }
  return out.join(' ');
}

describe('requirements.txt written by pip-compile --generate-hashes', () => {
  const text = fixture(COMPILED);
  const { deps, settings, issues } = parse(COMPILED, text);

  it('lists every requirement in file order, keyed by normalised name', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'acme-mcp-tools',
      'anyio',
      'fastmcp',
      'httpx',
      'mcp',
      'mcp-server-fetch',
      'mcp-server-git',
      'pydantic',
    ]);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'pypi', kind: 'manifest', file: COMPILED });
  });

  it('puts each requirement on its first physical line, not on its --hash continuation lines', () => {
    for (const d of deps) {
      const written = d.key === 'mcp' ? 'mcp[cli]==' : d.specType === 'git' ? `${d.name} @` : `${d.name}==`;
      expect([d.key, d.line]).toEqual([d.key, lineOf(text, `\n${written}`) + 1]);
    }
  });

  it('reads an exact pin with extras, its hashes, and the index options in effect', () => {
    expect(entry(deps, 'mcp')).toEqual({
      ecosystem: 'pypi',
      name: 'mcp',
      spec: '==1.9.4',
      specType: 'version',
      version: '1.9.4',
      integrity: hashesAfter(text, 'mcp[cli]==1.9.4'),
      registry: 'https://pypi.org/simple',
      extraRegistries: ['https://pkgs.acme.internal/simple'],
      file: COMPILED,
      line: lineOf(text, 'mcp[cli]==1.9.4'),
      kind: 'manifest',
      key: 'mcp',
    });
    expect(entry(deps, 'mcp').integrity!.split(' ')).toHaveLength(2);
    expect(entry(deps, 'pydantic').integrity).toBe(hashesAfter(text, 'pydantic==2.11.7'));
  });

  it('reads a VCS direct reference as git, with no index', () => {
    const git = entry(deps, 'mcp-server-git');
    expect(git).toMatchObject({ name: 'mcp-server-git', specType: 'git' });
    expect(git.resolved).toBe(
      'git+https://github.com/modelcontextprotocol/servers.git@9be4674d1ddf8a469c3b4a8b4b5c0b5a9a8e8f3d#subdirectory=src/git',
    );
    expect(git.version).toBeUndefined();
    expect(git.registry).toBeUndefined();
    expect(git.extraRegistries).toBeUndefined();
    expect(git.integrity).toBeUndefined();
  });

  it('returns the index options as registry settings on their lines', () => {
    expect(settings.map((s) => [s.key, s.setting, s.value, s.effect, s.line])).toEqual([
      ['index-url', 'index-url', 'https://pypi.org/simple', 'registry', lineOf(text, '--index-url')],
      ['extra-index-url/https://pkgs.acme.internal/simple', 'extra-index-url', 'https://pkgs.acme.internal/simple', 'extra-registry', lineOf(text, '--extra-index-url')],
      ['trusted-host/pkgs.acme.internal', 'trusted-host', 'pkgs.acme.internal', 'insecure-host', lineOf(text, '--trusted-host')],
    ]);
    for (const s of settings) expect(s).toMatchObject({ ecosystem: 'pypi', file: COMPILED });
    expect(issues).toEqual([]);
  });
});

describe('hand-written requirements with every kind of line', () => {
  const text = fixture(DEV);
  const { deps, settings, issues } = parse(DEV, text);

  it('records no entry for -r and -c (other files, not followed)', () => {
    expect(deps.some((d) => /pip-compile|constraints/.test(`${d.name} ${d.spec}`))).toBe(false);
  });

  it('classifies each requirement as pip would install it', () => {
    const summary = deps.map((d) => [d.key, d.name, d.specType, d.spec, d.version, d.line]);
    expect(summary).toEqual([
      ['url:./servers/weather-mcp', './servers/weather-mcp', 'directory', './servers/weather-mcp', undefined, lineOf(text, '-e ./servers')],
      [
        'mcp-server-tickets',
        'mcp-server-tickets',
        'git',
        'git+https://github.com/acme/mcp-server-tickets.git@v0.4.1#egg=mcp-server-tickets',
        undefined,
        lineOf(text, '-e git+'),
      ],
      ['fastmcp', 'fastmcp', 'range', '>=2.3,<3', undefined, lineOf(text, 'fastmcp>=')],
      ['mcp-server-time', 'mcp-server-time', 'range', '~=0.6.2', undefined, lineOf(text, 'mcp-server-time')],
      ['mcp-server-sqlite', 'Mcp_Server_Sqlite', 'range', '', undefined, lineOf(text, 'Mcp_Server_Sqlite')],
      ['pytest', 'pytest', 'range', '>=8.0', undefined, lineOf(text, 'pytest (')],
      ['mcp-proxy', 'mcp-proxy', 'remote', 'https://github.com/sparfenyuk/mcp-proxy/archive/refs/tags/v0.8.0.zip', undefined, lineOf(text, 'mcp-proxy @')],
      ['mcp-obsidian', 'mcp_obsidian', 'file', './vendor/mcp_obsidian-0.2.1-py3-none-any.whl', undefined, lineOf(text, './vendor/')],
      ['typing-extensions', 'typing-extensions', 'range', '==4.*', undefined, lineOf(text, 'typing-extensions')],
      ['weird-pin', 'weird-pin', 'invalid', '==1.0.dev.x', undefined, lineOf(text, 'weird-pin')],
      ['uvicorn', 'uvicorn', 'range', '>= 0.30', undefined, lineOf(text, 'uvicorn[standard]')],
    ]);
  });

  it('keeps the source of URL and path requirements in resolved', () => {
    expect(entry(deps, 'mcp-proxy').resolved).toBe('https://github.com/sparfenyuk/mcp-proxy/archive/refs/tags/v0.8.0.zip');
    expect(entry(deps, 'url:./servers/weather-mcp').resolved).toBe('./servers/weather-mcp');
    expect(entry(deps, 'fastmcp').resolved).toBeUndefined();
  });

  it('applies the last index and every extra index and find-links location to index requirements only', () => {
    for (const key of ['fastmcp', 'mcp-server-time', 'weird-pin', 'uvicorn']) {
      expect(entry(deps, key).registry).toBe('https://pkgs.acme.internal/simple');
      expect(entry(deps, key).extraRegistries).toEqual(['https://pypi.org/simple', './wheels']);
    }
    for (const key of ['mcp-proxy', 'mcp-server-tickets', 'mcp-obsidian']) {
      expect(entry(deps, key).registry).toBeUndefined();
      expect(entry(deps, key).extraRegistries).toBeUndefined();
    }
  });

  it('takes a hash from a continuation line after a marker', () => {
    expect(entry(deps, 'uvicorn').integrity).toBe(hashesAfter(text, 'uvicorn[standard]'));
  });

  it('strips ${VAR} credentials from an index URL without calling them secrets', () => {
    const index = settings.find((s) => s.key === 'index-url')!;
    expect(index).toMatchObject({ value: 'https://pkgs.acme.internal/simple', line: lineOf(text, '--index-url') });
    expect(JSON.stringify(settings)).not.toContain('PIP_INDEX_TOKEN');
    expect(settings.find((s) => s.setting === 'extra-index-url')).toMatchObject({ value: 'https://pypi.org/simple', line: lineOf(text, '--extra-index-url=') });
    expect(settings.find((s) => s.setting === 'find-links')).toMatchObject({ value: './wheels', effect: 'extra-registry', line: lineOf(text, '-f ./wheels') });
    expect(issues).toEqual([]);
  });
});

describe('requirements syntax details', () => {
  const F = 'requirements.txt';
  const read = (text: string): ParsedFile => asParsed(requirementsTxt.parse(text, F));

  it('strips comments only at the start or after whitespace, keeping URL fragments', () => {
    const text = 'pkg @ https://example.com/pkg-1.0.tar.gz#sha256=abc  # a comment\n# mcp==1.0\n  # indented comment\n';
    const { deps } = read(text);
    expect(deps.map((d) => d.resolved)).toEqual(['https://example.com/pkg-1.0.tar.gz#sha256=abc']);
  });

  it('ends a continuation at a comment line, as pip does', () => {
    const text = ['mcp==1.9.4 \\', '    # via fastmcp', 'fastmcp==2.8.1'].join('\n');
    const { deps } = read(text);
    expect(deps.map((d) => [d.name, d.line])).toEqual([
      ['mcp', lineOf(text, 'mcp==')],
      ['fastmcp', lineOf(text, 'fastmcp==')],
    ]);
  });

  it('accepts the option spellings pip accepts (-iURL, --opt=value, --opt value) and the last index wins', () => {
    const text = ['-ihttps://first.example/simple', '--index-url=https://second.example/simple', 'mcp'].join('\n');
    const { deps, settings } = read(text);
    expect(deps[0].registry).toBe('https://second.example/simple');
    expect(settings!.map((s) => [s.key, s.value])).toEqual([
      ['index-url', 'https://first.example/simple'],
      ['index-url#2', 'https://second.example/simple'],
    ]);
  });

  it('--no-index leaves no registry, only find-links', () => {
    const { deps, settings } = read('--no-index\n--find-links ./dist\nmcp==1.0\n');
    expect(deps[0].registry).toBeUndefined();
    expect(deps[0].extraRegistries).toEqual(['./dist']);
    expect(settings!.map((s) => [s.key, s.effect])).toEqual([
      ['no-index', 'other'],
      ['find-links/./dist', 'extra-registry'],
    ]);
  });

  it('gives repeated names (one per marker) unique keys', () => {
    const text = 'numpy==1.26.4 ; python_version < "3.12"\nnumpy==2.1.0 ; python_version >= "3.12"\nNumPy>=1\n';
    const { deps } = read(text);
    const keys = deps.map((d) => d.key);
    expect(keys).toEqual(['numpy', 'numpy#2', 'numpy#3']);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reads === as an exact pin and a hash in the --hash sha256:x form', () => {
    const hex = 'a'.repeat(64);
    const { deps } = read(`legacy===1.0-custom --hash sha256:${hex}\n`);
    expect(deps[0]).toMatchObject({ version: '1.0-custom', specType: 'version', integrity: `sha256:${hex}` });
  });

  it('reads CRLF line endings and an empty file', () => {
    const crlf = 'mcp==1.0\r\nfastmcp>=2 \\\r\n  --hash=sha256:' + 'b'.repeat(64) + '\r\n';
    const { deps } = read(crlf);
    expect(deps.map((d) => [d.name, d.line, d.integrity])).toEqual([
      ['mcp', lineOf(crlf, 'mcp=='), undefined],
      ['fastmcp', lineOf(crlf, 'fastmcp>='), `sha256:${'b'.repeat(64)}`],
    ]);
    expect(read('').deps).toEqual([]);
    expect(read('# only a comment\n\n').deps).toEqual([]);
  });

  it('turns a literal credential in an index URL into a masked secret issue and strips it everywhere', () => {
    const password = 's3cr3t-Passw0rd-991';
    const text = `mcp==1.0\n--extra-index-url https://deploy:${password}@pkgs.example.com/simple\n`;
    const { deps, settings, issues } = read(text);
    expect(settings![0].value).toBe('https://pkgs.example.com/simple');
    expect(deps[0].extraRegistries).toEqual(['https://pkgs.example.com/simple']);
    expect(issues).toHaveLength(1);
    expect(issues![0]).toMatchObject({ rule: 'secret', line: lineOf(text, '--extra-index-url') });
    expect(JSON.stringify({ deps, settings, issues })).not.toContain(password);
  });

  it('finds a token in a VCS requirement URL', () => {
    const token = 'ghp_' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2';
    const text = `# private server\nmcp-server-acme @ git+https://${token}@github.com/acme/mcp-server-acme.git@v1\n`;
    const { deps, issues } = read(text);
    expect(deps[0]).toMatchObject({ specType: 'git', resolved: 'git+https://github.com/acme/mcp-server-acme.git@v1' });
    expect(issues).toHaveLength(1);
    expect(issues![0]).toMatchObject({ rule: 'secret', line: lineOf(text, 'mcp-server-acme @') });
    expect(issues![0].key.startsWith('mcp-server-acme#')).toBe(true);
    expect(JSON.stringify({ deps, issues })).not.toContain(token);
  });

  it('keeps an ssh user that is no credential', () => {
    const { deps, issues } = read('-e git+ssh://git@github.com/acme/tool.git#egg=acme-tool\n');
    expect(deps[0]).toMatchObject({ name: 'acme-tool', specType: 'git', resolved: 'git+ssh://git@github.com/acme/tool.git#egg=acme-tool' });
    expect(issues).toEqual([]);
  });
});

describe('malformed requirements files', () => {
  const F = 'requirements.txt';
  it.each([
    ['a bad operator', 'mcp==1.0\nfastmcp>=>2\n', 'fastmcp'],
    ['words that are no requirement', 'mcp==1.0\n\nplease install mcp\n', 'please'],
    ['an unknown option', 'mcp\n--frobnicate yes\n', '--frobnicate'],
    ['an option without its value', 'mcp\n--index-url\n', '--index-url'],
    ['a --hash on a line of its own', 'mcp==1.0\n--hash=sha256:' + 'c'.repeat(64) + '\n', '--hash'],
    ['a malformed hash', 'mcp==1.0 --hash=md5\n', 'mcp'],
    ['unclosed extras', 'x==1\nmcp[cli==1.0\n', 'mcp['],
    ['an editable name', 'x==1\n-e mcp\n', '-e'],
    ['an empty marker', 'x==1\nmcp==1.0 ;\n', 'mcp=='],
    ['a bad line inside a continuation (reported at its first line)', 'x==1\nmcp==1.0 \\\n    --hash=sha256:' + 'c'.repeat(64) + ' \\\n    --what\n', 'mcp=='],
  ])('%s is a ParseError at its line', (_, text, needle) => {
    const err = parseErrorOf(() => requirementsTxt.parse(text, F));
    expect(err.file).toBe(F);
    expect(err.line).toBe(lineOf(text, needle));
  });

  it('binary garbage is a ParseError, not an exception of another kind', () => {
    const text = 'mcp==1.0\nPK\u0003\u0004\u0000\u0000garbage';
    expect(parseErrorOf(() => requirementsTxt.parse(text, F)).line).toBe(lineOf(text, 'PK\u0003'));
    const noNul = '\u0089PNG\r\n\u001a\n\u0001\u0002';
    expect(parseErrorOf(() => requirementsTxt.parse(noNul, F)).line).toBe(lineOf(noNul, '\u0089PNG'));
  });
});

describe('requirements paths', () => {
  it.each([
    ['requirements.txt', true],
    ['requirements-dev.txt', true],
    ['services/api/requirements.lock.txt', true],
    ['dev-requirements.txt', true],
    ['requirements/base.txt', true],
    ['backend/requirements/prod.txt', true],
    ['constraints.txt', true],
    ['constraints-py312.txt', true],
    ['requirements.in', false],
    ['docs/notes.txt', false],
    ['.venv/lib/python3.12/site-packages/foo/requirements.txt', false],
    ['venv/requirements.txt', false],
    ['node_modules/x/requirements.txt', false],
    ['lib/site-packages/pkg/requirements/base.txt', false],
  ])('%s -> %s', (p, expected) => {
    expect(requirementsTxt.matches(p)).toBe(expected);
  });
});

describe("pip's line splitting (str.splitlines) and GitHub lines", () => {
  const read = (text: string) => parse('requirements.txt', text);

  it('reads a requirement after a vertical tab that ends a comment, on the GitHub line holding it', () => {
    const { deps } = read('# pinned deps\x0bevil-mcp==6.6.6\nok==1.0\n');
    expect(deps.map((d) => [d.name, d.line])).toEqual([
      ['evil-mcp', 1],
      ['ok', 2],
    ]);
  });

  it('ends an option line at a form feed, so the requirement after it is a requirement and not part of the URL', () => {
    const { deps, settings } = read('--extra-index-url https://pypi.acme.example/simple\fmcp-x==1.0\n');
    expect(settings.map((s) => [s.setting, s.value, s.line])).toEqual([['extra-index-url', 'https://pypi.acme.example/simple', 1]]);
    expect(deps.map((d) => [d.name, d.version, d.line])).toEqual([['mcp-x', '1.0', 1]]);
  });

  it('splits at every break pip splits at (CR, NEL, LS, PS, FS, GS, RS) and at no other (US)', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const breaks = ['\r', '\x85', '\u2028', '\u2029', '\x1c', '\x1d', '\x1e'];
    const text = names.map((n, k) => `${n}==1${breaks[k] ?? '\n'}`).join('');
    expect(read(text).deps.map((d) => d.name)).toEqual(names);
    // US (\x1f) is whitespace to Python, not a line break: one requirement with a marker-less tail is invalid.
    expect(parseErrorOf(() => requirementsTxt.parse('a==1\x1fb==2\n', 'requirements.txt')).line).toBe(1);
  });

  it('numbers lines as GitHub shows them: a lone CR starts a line, a VT does not', () => {
    const text = 'a==1\rb==2\vc==3\r\nd==4\n';
    expect(read(text).deps.map((d) => [d.name, d.line])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 3],
    ]);
  });

  it('strips a comment after Python whitespace (US) as pip does, and keeps a # with none before it', () => {
    expect(read('a==1\x1f# c\nb @ https://h.example/b.whl#sha256=00\n').deps.map((d) => d.name)).toEqual(['a', 'b']);
  });

  it('reads a 40,000-space line (the comment pattern used to backtrack for 18 s)', () => {
    expect(read(`a==1${' '.repeat(40_000)}# c\n`).deps.map((d) => d.name)).toEqual(['a']);
    expect(parseErrorOf(() => requirementsTxt.parse(`a${' '.repeat(40_000)}@x\n`, 'requirements.txt')).message).toContain('invalid URL');
    expect(read(`./p${' '.repeat(40_000)};python_version>"3"\n`).deps[0]).toMatchObject({ spec: './p', specType: 'directory' });
  });

  it('keys 10,000 repeats of one name uniquely and in order', () => {
    const { deps } = read('mcp==1.0\n'.repeat(10_000));
    expect(deps).toHaveLength(10_000);
    expect(deps[0].key).toBe('mcp');
    expect(deps[1].key).toBe('mcp#2');
    expect(deps[9_999].key).toBe('mcp#10000');
    expect(new Set(deps.map((d) => d.key)).size).toBe(10_000);
  });
});
