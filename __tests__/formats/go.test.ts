import { goEnv } from '../../src/formats/registry-config/go-env.js';
import { goMod, goSum } from '../../src/formats/go/go-mod.js';
import { asParsed } from '../../src/formats/format.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const MOD = 'go/app/go.mod';
const SUM = 'go/app/go.sum';
const ENV = 'go/app/go.env';

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

const modText = fixture(MOD);
const sumText = fixture(SUM);

/** The `h1:` hash go.sum records for a module version, read independently of the parser. */
function sumHash(module: string, version: string): string {
  const line = sumText.split('\n').find((l) => l.startsWith(`${module} ${version} `));
  if (line === undefined) throw new Error(`test setup: ${module} ${version} not in go.sum`);
  return line.split(' ')[2];
}

describe('go.mod', () => {
  const deps = goMod.parse(modText, MOD, { 'go/app/go.sum': sumText });

  it('asks for go.sum beside it', () => {
    expect(goMod.companions('go/app/go.mod')).toEqual(['go/app/go.sum']);
    expect(goMod.companions('go.mod')).toEqual(['go.sum']);
  });

  it('lists every require (block and single-line) and every replace, keyed by module path', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'require/github.com/google/jsonschema-go',
      'require/github.com/mark3labs/mcp-go',
      'require/github.com/modelcontextprotocol/go-sdk',
      'require/github.com/spf13/cobra',
      'require/github.com/bahlo/generic-list-go',
      'require/github.com/buger/jsonparser',
      'require/github.com/google/uuid',
      'require/github.com/inconshreveable/mousetrap',
      'require/github.com/invopop/jsonschema',
      'require/github.com/spf13/cast',
      'require/github.com/spf13/pflag',
      'require/github.com/wk8/go-ordered-map/v2',
      'require/github.com/yosida95/uritemplate/v3',
      'require/golang.org/x/oauth2',
      'require/gopkg.in/yaml.v3',
      'require/github.com/acme/internal-auth',
      'replace/github.com/mark3labs/mcp-go',
      'replace/github.com/acme/internal-auth',
    ]);
    for (const d of deps) expect(d).toMatchObject({ ecosystem: 'go', kind: 'manifest', file: MOD });
  });

  it('puts each require on its own line, inside blocks too', () => {
    for (const d of deps.filter((x) => x.key.startsWith('require/'))) {
      expect([d.key, d.line]).toEqual([d.key, lineOf(modText, `${d.name} v`, d.key.includes('internal-auth') ? ')' : 'require')]);
    }
  });

  it('reads a plain require with its go.sum hash', () => {
    expect(entry(deps, 'require/github.com/modelcontextprotocol/go-sdk')).toEqual({
      ecosystem: 'go',
      name: 'github.com/modelcontextprotocol/go-sdk',
      version: 'v1.0.0',
      spec: 'v1.0.0',
      specType: 'version',
      integrity: sumHash('github.com/modelcontextprotocol/go-sdk', 'v1.0.0'),
      file: MOD,
      line: lineOf(modText, 'github.com/modelcontextprotocol/go-sdk v1.0.0'),
      kind: 'manifest',
      key: 'require/github.com/modelcontextprotocol/go-sdk',
    });
    expect(entry(deps, 'require/github.com/google/uuid').integrity).toMatch(/^h1:NIvaJDMO/);
  });

  it('treats a pseudo-version as exact', () => {
    expect(entry(deps, 'require/github.com/acme/internal-auth')).toMatchObject({
      version: 'v0.0.0-20250612093044-5f1c9e7b2d4a',
      line: lineOf(modText, 'require github.com/acme/internal-auth'),
    });
  });

  it('applies a module replace to the require, with the hash of the replacement', () => {
    expect(entry(deps, 'require/github.com/mark3labs/mcp-go')).toMatchObject({
      name: 'github.com/mark3labs/mcp-go',
      version: 'v0.41.1',
      specType: 'remote',
      resolved: 'github.com/acme/mcp-go@v0.41.2-0.20250903101512-8c1d2e3f4a5b',
      integrity: sumHash('github.com/acme/mcp-go', 'v0.41.2-0.20250903101512-8c1d2e3f4a5b'),
      line: lineOf(modText, 'github.com/mark3labs/mcp-go v0.41.1'),
    });
  });

  it('emits the replace line itself as an entry', () => {
    expect(entry(deps, 'replace/github.com/mark3labs/mcp-go')).toMatchObject({
      name: 'github.com/mark3labs/mcp-go',
      version: 'v0.41.1',
      specType: 'remote',
      resolved: 'github.com/acme/mcp-go@v0.41.2-0.20250903101512-8c1d2e3f4a5b',
      line: lineOf(modText, 'replace github.com/mark3labs/mcp-go'),
    });
  });

  it('applies a directory replace, which has no hash', () => {
    const req = entry(deps, 'require/github.com/acme/internal-auth');
    expect(req).toMatchObject({ specType: 'directory', resolved: '../internal-auth' });
    expect(req.integrity).toBeUndefined();
    expect(entry(deps, 'replace/github.com/acme/internal-auth')).toMatchObject({
      specType: 'directory',
      resolved: '../internal-auth',
      line: lineOf(modText, 'replace github.com/acme/internal-auth'),
    });
  });

  it('reads without go.sum, leaving integrity out', () => {
    const alone = goMod.parse(modText, MOD);
    expect(alone.filter((d) => d.integrity !== undefined)).toEqual([]);
    expect(alone.map((d) => d.key)).toEqual(deps.map((d) => d.key));
    // a go.sum in another directory is not this module's
    expect(goMod.parse(modText, MOD, { 'go.sum': sumText }).some((d) => d.integrity)).toBe(false);
  });

  it('honours a version-specific replace only for that version, before a path-wide one', () => {
    const text = [
      'module m',
      'require example.com/a v1.2.0',
      'require example.com/b v1.0.0',
      'replace example.com/a v1.1.0 => example.com/old v1.0.0',
      'replace example.com/a v1.2.0 => ./a12',
      'replace example.com/b => example.com/b2 v2.0.0 // comment',
      '',
    ].join('\n');
    const d = goMod.parse(text, 'go.mod');
    expect(entry(d, 'require/example.com/a')).toMatchObject({ specType: 'directory', resolved: './a12' });
    expect(entry(d, 'require/example.com/b')).toMatchObject({ specType: 'remote', resolved: 'example.com/b2@v2.0.0' });
    expect(entry(d, 'replace/example.com/a@v1.1.0')).toMatchObject({ version: 'v1.1.0', resolved: 'example.com/old@v1.0.0', line: lineOf(text, 'example.com/a v1.1.0 =>') });
    expect(entry(d, 'replace/example.com/a@v1.2.0').line).toBe(lineOf(text, 'example.com/a v1.2.0 =>'));
  });

  it('reads replace blocks, quoted paths, comments and CRLF', () => {
    const text = 'module "example.com/m" // the module\r\n\r\nrequire (\r\n\t"example.com/q" v1.0.0 // indirect\r\n)\r\nreplace (\r\n\texample.com/q => ./q\r\n)\r\n';
    const d = goMod.parse(text, 'go.mod');
    expect(d.map((x) => [x.key, x.line, x.resolved])).toEqual([
      ['require/example.com/q', lineOf(text, '"example.com/q"'), './q'],
      ['replace/example.com/q', lineOf(text, 'example.com/q =>'), './q'],
    ]);
  });

  it('reads unusual whitespace (no-break space) as a separator, and ends', () => {
    const text = 'module m\nrequire\u00a0example.com/a\u00a0v1.0.0\n';
    expect(goMod.parse(text, 'go.mod').map((d) => [d.key, d.version])).toEqual([['require/example.com/a', 'v1.0.0']]);
  });

  it('skips directives a newer Go may add', () => {
    const text = 'module m\n\ngo 1.25\n\ngodebug default=go1.21\n\ntool golang.org/x/tools/cmd/stringer\n\nfuturething x y z\n\nrequire example.com/a v1.0.0\n';
    expect(goMod.parse(text, 'go.mod').map((d) => d.key)).toEqual(['require/example.com/a']);
  });

  it('keeps keys unique when a module is required twice', () => {
    const text = 'module m\nrequire example.com/a v1.0.0\nrequire example.com/a v1.1.0\n';
    const d = goMod.parse(text, 'go.mod');
    expect(d.map((x) => x.key)).toEqual(['require/example.com/a', 'require/example.com/a#2']);
  });

  it('keeps keys stable when unrelated lines move', () => {
    const moved = replaceOnce(modText, 'go 1.24.0\n', '// moved\n\ngo 1.24.0\n\n');
    const again = goMod.parse(moved, MOD, { 'go/app/go.sum': sumText });
    expect(again.map((d) => d.key)).toEqual(deps.map((d) => d.key));
    expect(again.map((d) => d.line)).toEqual(deps.map((d) => d.line + 3));
  });
});

describe('go.mod files Go would reject', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a require without a version', 'module m\n\nrequire (\n\texample.com/a\n)\n', 'example.com/a', /require: expected "module version"/],
    ['a branch name as version', 'module m\nrequire example.com/a master\n', 'master', /must be of the form v1.2.3/],
    ['an unclosed block', 'module m\n\nrequire (\n\texample.com/a v1.0.0\n', 'require (', /never closed/],
    ['a replace without =>', 'module m\nreplace example.com/a example.com/b v1.0.0\n', 'replace', /expected "=>"/],
    ['a module replacement without version', 'module m\nreplace example.com/a => example.com/b\n', 'replace', /needs a version/],
    ['a directory replacement with a version', 'module m\nreplace example.com/a => ./a v1.0.0\n', 'replace', /takes no version/],
    ['a /* comment */', 'module m\n/* no */\n', '/*', /\/\/ comments/],
    ['an unterminated string', 'module m\nrequire "example.com/a v1.0.0\n', 'require', /unterminated/],
    ['binary garbage', 'module m\n\u0001\u0002\u00ff\u0000garbage\n', 'garbage', /binary|unexpected/],
    ['garbage words', 'module m\n{"json": true}\n', 'json', /unexpected/],
  ];
  it.each(cases)('%s', (_what, text, needle, message) => {
    const err = parseErrorOf(() => goMod.parse(text, 'go.mod'));
    expect(err).toMatchObject({ file: 'go.mod', line: lineOf(text, needle) });
    expect(err.message).toMatch(message);
  });

  it('ignores a broken go.sum beside a good go.mod', () => {
    const d = goMod.parse('module m\nrequire example.com/a v1.0.0\n', 'go.mod', { 'go.sum': 'broken line\n' });
    expect(d[0].integrity).toBeUndefined();
  });
});

describe('go.sum', () => {
  const deps = goSum.parse(sumText, SUM);

  it('has one lockfile entry per module zip hash, none for /go.mod lines', () => {
    const zipLines = sumText.split('\n').filter((l) => l.trim() && !l.split(' ')[1].endsWith('/go.mod'));
    expect(deps).toHaveLength(zipLines.length);
    expect(deps.map((d) => d.key)).toContain('github.com/modelcontextprotocol/go-sdk@v1.0.0');
    expect(deps.map((d) => d.key)).not.toContain('github.com/mark3labs/mcp-go@v0.41.1');
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });

  it('reads module, version, hash and line', () => {
    const sdk = entry(deps, 'github.com/modelcontextprotocol/go-sdk@v1.0.0');
    expect(sdk).toEqual({
      ecosystem: 'go',
      name: 'github.com/modelcontextprotocol/go-sdk',
      version: 'v1.0.0',
      integrity: sumHash('github.com/modelcontextprotocol/go-sdk', 'v1.0.0'),
      file: SUM,
      line: lineOf(sumText, 'github.com/modelcontextprotocol/go-sdk v1.0.0 h1:'),
      kind: 'lockfile',
      key: 'github.com/modelcontextprotocol/go-sdk@v1.0.0',
    });
    for (const d of deps) expect(d.line).toBe(lineOf(sumText, `${d.name} ${d.version} h1:`));
  });

  it('merges two hashes of the same version into one entry', () => {
    const text = 'example.com/a v1.0.0 h1:AAAA=\nexample.com/a v1.0.0 h1:BBBB=\n';
    expect(goSum.parse(text, 'go.sum')).toEqual([expect.objectContaining({ key: 'example.com/a@v1.0.0', integrity: 'h1:AAAA= h1:BBBB=', line: lineOf(text, 'example.com/a v1.0.0 h1:AAAA=') })]);
  });

  it.each([
    ['two fields', 'example.com/a v1.0.0 h1:AAAA=\nexample.com/b v1.0.0\n', 'example.com/b', /malformed go.sum line/],
    ['a bad hash', 'example.com/a v1.0.0 AAAA\n', 'example.com/a', /malformed go.sum hash/],
    ['a bad version', '\nexample.com/a 1.0.0 h1:AAAA=\n', 'example.com/a', /v1.2.3/],
    ['JSON', '{\n  "a": 1\n}\n', '{', /malformed/],
  ])('rejects %s', (_w, text, needle, message) => {
    const err = parseErrorOf(() => goSum.parse(text, 'go.sum'));
    expect(err.line).toBe(lineOf(text, needle));
    expect(err.message).toMatch(message);
  });

  it('reads an empty go.sum as no entries', () => {
    expect(goSum.parse('', 'go.sum')).toEqual([]);
  });
});

describe('go.env', () => {
  const text = fixture(ENV);
  const parsed = asParsed(goEnv.parse(text, ENV));

  it('turns module-source variables into settings at their lines', () => {
    expect(parsed.deps).toEqual([]);
    expect(parsed.settings).toEqual([
      {
        file: ENV,
        line: lineOf(text, 'GOPROXY='),
        key: 'GOPROXY',
        ecosystem: 'go',
        setting: 'GOPROXY',
        value: 'https://goproxy.acme.internal,https://proxy.golang.org,direct',
        effect: 'registry',
      },
      expect.objectContaining({ key: 'GOSUMDB', effect: 'other', value: 'sum.golang.org', line: lineOf(text, 'GOSUMDB=') }),
      expect.objectContaining({ key: 'GOPRIVATE', effect: 'checksum-off', value: 'github.com/acme/*', line: lineOf(text, 'GOPRIVATE=') }),
    ]);
    expect(parsed.issues).toEqual([]);
  });

  it('reads GOSUMDB=off, GOINSECURE, GOFLAGS and GOPROXY=off', () => {
    const t = 'GOSUMDB=off\nGOINSECURE=*.corp\nGOFLAGS=-mod=mod -insecure\nGOPROXY=off\nGONOSUMDB=x\nGOFLAGS=-trimpath\n';
    const s = asParsed(goEnv.parse(t, 'go.env')).settings!;
    expect(s.map((x) => [x.key, x.effect, x.line])).toEqual([
      ['GOSUMDB', 'checksum-off', lineOf(t, 'GOSUMDB')],
      ['GOINSECURE', 'insecure-host', lineOf(t, 'GOINSECURE')],
      ['GOFLAGS#insecure', 'insecure-host', lineOf(t, 'GOFLAGS')],
      ['GOFLAGS#mod', 'other', lineOf(t, 'GOFLAGS')],
      ['GOPROXY', 'other', lineOf(t, 'GOPROXY=off')],
      ['GONOSUMDB', 'checksum-off', lineOf(t, 'GONOSUMDB')],
    ]);
  });

  it('takes the credentials out of a proxy URL and reports them as a secret', () => {
    const t = '# proxy\nGOPROXY=https://ci:s3cr3tPassw0rd@goproxy.acme.internal,direct\n';
    const p = asParsed(goEnv.parse(t, 'go.env'));
    expect(p.settings![0].value).toBe('https://goproxy.acme.internal,direct');
    expect(p.issues).toEqual([expect.objectContaining({ rule: 'secret', line: lineOf(t, 'GOPROXY') })]);
    expect(p.issues![0].message).not.toContain('s3cr3tPassw0rd');
    expect(p.issues![0].key).toMatch(/^GOPROXY#/);
  });

  it('rejects lines that are not KEY=value', () => {
    const t = 'GOPROXY=direct\nthis is not an env file\n';
    expect(parseErrorOf(() => goEnv.parse(t, 'go.env')).line).toBe(lineOf(t, 'this is'));
  });
});

describe('go matches', () => {
  it.each([
    ['go.mod', 'go-mod'],
    ['services/api/go.mod', 'go-mod'],
    ['vendor/github.com/x/y/go.mod', undefined],
    ['node_modules/x/go.mod', undefined],
    ['go.sum', 'go-sum'],
    ['a/go.sum', 'go-sum'],
    ['vendor/x/go.sum', undefined],
    ['go.env', 'go-env'],
    ['build/go.env', 'go-env'],
    ['go.mod.bak', undefined],
    ['go.work', undefined],
    ['.env', undefined],
  ])('%s -> %s', (path, id) => {
    const ids = [goMod, goSum, goEnv].filter((f) => f.matches(path)).map((f) => f.id);
    expect(ids).toEqual(id === undefined ? [] : [id]);
  });
});
