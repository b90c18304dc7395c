import { bunfig } from '../../src/formats/registry-config/bunfig.js';
import { cargoConfig } from '../../src/formats/registry-config/cargo-config.js';
import type { Format } from '../../src/formats/format.js';
import { asParsed } from '../../src/formats/format.js';
import { npmrc } from '../../src/formats/registry-config/npmrc.js';
import { pipConf } from '../../src/formats/registry-config/pip-conf.js';
import { cleanUrl } from '../../src/redact/urls.js';
import { uvToml } from '../../src/formats/registry-config/uv-toml.js';
import { yarnrc, yarnrcYml } from '../../src/formats/registry-config/yarnrc.js';
import type { FileIssue, RegistrySetting } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

// Literal credentials are made at run time so that no committed file holds one.
const NPM_TOKEN = 'npm_' + 'a1B2c3D4e5'.repeat(4);
const PLAIN_TOKEN = ['s3cr3t', 'Value', '42xq'].join('-');
const PASSWORD = ['hunter', '2', 'Hunter', '2'].join('');

interface Read {
  settings: RegistrySetting[];
  issues: FileIssue[];
}

function read(format: Format, path: string, text: string): Read {
  const parsed = asParsed(format.parse(text, path));
  expect(parsed.deps).toEqual([]);
  return { settings: parsed.settings ?? [], issues: parsed.issues ?? [] };
}

function setting(r: Read, key: string): RegistrySetting {
  const s = r.settings.find((x) => x.key === key);
  if (s === undefined) throw new Error(`no setting ${key}; have ${r.settings.map((x) => x.key).join(', ')}`);
  return s;
}

/** What two versions of a file must agree on when only comments or layout changed. */
function shape(r: Read): unknown[] {
  return [r.settings.map((s) => [s.key, s.setting, s.value, s.effect, s.scope]), r.issues.map((i) => [i.key, i.message])];
}

/** The one secret issue, checked not to reveal the literal. */
function secretOf(r: Read, literal: string): FileIssue {
  const secrets = r.issues.filter((i) => i.rule === 'secret');
  expect(secrets).toHaveLength(1);
  const [issue] = secrets;
  expect(issue.message).not.toContain(literal);
  expect(issue.key).not.toContain(literal);
  for (const s of r.settings) {
    expect(s.value).not.toContain(literal);
    expect(s.key).not.toContain(literal);
  }
  return issue;
}

function expectUniqueKeys(r: Read): void {
  expect(new Set(r.settings.map((s) => s.key)).size).toBe(r.settings.length);
  expect(new Set(r.issues.map((i) => i.key)).size).toBe(r.issues.length);
}

const FIXTURES: [string, Format][] = (
  [
    [npmrc, 'registry-config/.npmrc'],
    [yarnrcYml, 'registry-config/.yarnrc.yml'],
    [yarnrc, 'registry-config/.yarnrc'],
    [bunfig, 'registry-config/bunfig.toml'],
    [pipConf, 'registry-config/pip.conf'],
    [pipConf, 'registry-config/.config/pip/pip.conf'],
    [uvToml, 'registry-config/uv.toml'],
    [cargoConfig, 'registry-config/.cargo/config.toml'],
  ] as const
).map(([format, rel]) => [rel, format]);

describe('every registry-config fixture', () => {
  it.each(FIXTURES)('%s: unique keys, lines inside the file, no credentials', (rel, format) => {
    expect(format.matches(rel)).toBe(true);
    expect(format.inventory).toBe('registries');
    const text = fixture(rel);
    const r = read(format, rel, text);
    expect(r.settings.length).toBeGreaterThan(0);
    // The committed fixtures use references only.
    expect(r.issues).toEqual([]);
    expectUniqueKeys(r);
    const lines = text.split('\n').length;
    for (const s of r.settings) {
      expect(s.file).toBe(rel);
      expect(s.line).toBeGreaterThanOrEqual(1);
      expect(s.line).toBeLessThanOrEqual(lines);
    }
  });

  it.each(FIXTURES)('%s: comments added everywhere change no key or value', (rel, format) => {
    const text = fixture(rel);
    // A comment line before every line, in each format's own comment syntax (TOML, YAML, INI: `#`).
    const commented = text
      .split('\n')
      .map((l) => (/^\s/.test(l) ? l : `# reviewed\n${l}`))
      .join('\n');
    const before = read(format, rel, text);
    const after = read(format, rel, commented);
    expect(shape(after)).toEqual(shape(before));
    // Lines follow the text: each setting moved down past the comments.
    for (const [i, s] of after.settings.entries()) expect(s.line).toBeGreaterThan(before.settings[i].line);
  });
});

describe('.npmrc', () => {
  const REL = 'registry-config/.npmrc';
  const text = fixture(REL);
  const r = read(npmrc, REL, text);
  const parse = (t: string, path = '.npmrc'): Read => read(npmrc, path, t);

  it('reads the registry, scoped registries and a CA file with their lines; references and defaults add nothing', () => {
    expect(r.settings.map((s) => [s.key, s.effect, s.scope, s.value, s.line])).toEqual([
      ['registry', 'registry', undefined, 'https://npm.acme.example/repository/npm-public/', lineOf(text, 'registry=')],
      ['@acme:registry', 'registry', '@acme', 'https://npm.pkg.github.com/', lineOf(text, '@acme:registry')],
      // Quoted, with spaces around `=`.
      ['@modelcontextprotocol:registry', 'registry', '@modelcontextprotocol', 'https://registry.npmjs.org/', lineOf(text, '@modelcontextprotocol:registry')],
      ['cafile', 'other', undefined, 'certs/acme-root.pem', lineOf(text, 'cafile=')],
    ]);
  });

  it('a registry moved to another host', () => {
    const head = parse('registry=https://evil.example/\n');
    expect(head.settings).toEqual([
      { file: '.npmrc', line: 1, key: 'registry', ecosystem: 'npm', setting: 'registry', value: 'https://evil.example/', effect: 'registry' },
    ]);
  });

  it('a scope pointed at another registry', () => {
    const head = replaceOnce(text, '@modelcontextprotocol:registry = "https://registry.npmjs.org/"', '@modelcontextprotocol:registry=https://npm.evil.example/');
    const s = setting(parse(head, REL), '@modelcontextprotocol:registry');
    expect(s).toEqual({
      file: REL,
      line: lineOf(head, '@modelcontextprotocol:registry'),
      key: '@modelcontextprotocol:registry',
      ecosystem: 'npm',
      setting: '@modelcontextprotocol:registry',
      value: 'https://npm.evil.example/',
      effect: 'registry',
      scope: '@modelcontextprotocol',
    });
  });

  it('an http registry is still a registry (the check judges the scheme)', () => {
    expect(setting(parse('registry=http://npm.acme.example/\n'), 'registry')).toMatchObject({ effect: 'registry', value: 'http://npm.acme.example/' });
  });

  it('a literal _authToken is a secret issue that does not repeat the token, and not a setting', () => {
    const t = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`;
    const head = parse(t);
    const issue = secretOf(head, NPM_TOKEN);
    expect(issue).toMatchObject({ rule: 'secret', line: lineOf(t, ':_authToken') });
    expect(issue.key.startsWith('//registry.npmjs.org/:_authToken#')).toBe(true);
    expect(issue.message).toContain('//registry.npmjs.org/:_authToken');
    expect(issue.message).toContain('npm_****');
    expect(head.settings.map((s) => s.key)).toEqual(['registry']);
  });

  it('an _authToken is a credential even when it does not look like a token', () => {
    const t = `//npm.acme.example/:_authToken="${PLAIN_TOKEN}"\n`;
    const issue = secretOf(parse(t), PLAIN_TOKEN);
    expect(issue.message).toMatch(/is a literal credential \(\*\*\*\*\)/);
  });

  it.each([
    ['_auth', `_auth=${Buffer.from(`ci:${PASSWORD}`).toString('base64')}`],
    ['_password', `//npm.acme.example/:_password=${Buffer.from(PASSWORD).toString('base64')}`],
    ['_authToken with a port and path', `//npm.acme.example:8443/repo/npm/:_authToken=${PLAIN_TOKEN}`],
  ])('%s with a literal value is a secret issue', (_name, line) => {
    const value = line.slice(line.indexOf('=') + 1);
    const head = parse(`${line}\n`);
    expect(secretOf(head, value).line).toBe(1);
    expect(head.settings).toEqual([]);
  });

  it.each(['${NPM_TOKEN}', '"${NPM_TOKEN}"', '${NPM_TOKEN?}'])('a reference %s produces nothing', (ref) => {
    expect(parse(`//registry.npmjs.org/:_authToken=${ref}\n_auth=${ref}\n`)).toEqual({ settings: [], issues: [] });
  });

  it('credentials in a registry URL are stripped from the value and reported', () => {
    const t = `@acme:registry=https://ci:${PASSWORD}@npm.acme.example/\n`;
    const head = parse(t);
    expect(setting(head, '@acme:registry').value).toBe('https://npm.acme.example/');
    expect(secretOf(head, PASSWORD).message).toContain('URL of `@acme:registry`');
  });

  it.each([
    ['strict-ssl=false', 'strict-ssl', 'tls-off'],
    ['ignore-scripts=false', 'ignore-scripts', 'scripts-on'],
    ['package-lock=false', 'package-lock', 'lockfile-off'],
    ['lockfile=false', 'lockfile', 'lockfile-off'],
    ['verify-store-integrity=false', 'verify-store-integrity', 'checksum-off'],
    ['dangerously-allow-all-builds=true', 'dangerously-allow-all-builds', 'scripts-on'],
    ['strict-ssl = false ; for the proxy', 'strict-ssl', 'tls-off'],
  ])('%s', (line, key, effect) => {
    const head = parse(`${line}\n`);
    expect(head.settings).toEqual([expect.objectContaining({ key, effect, line: 1 })]);
  });

  // `"false" ; x` is not a quoted value for npm's reader: it keeps the quotes, which npm reads as true.
  it.each(['strict-ssl=true', 'strict-ssl = "false" ; quoted, then a comment', 'ignore-scripts=true', 'package-lock=true', 'audit=false', 'always-auth=true', 'verify-store-integrity=true'])(
    'the safe value or an unrelated setting (%s) is no setting',
    (line) => {
      expect(parse(`${line}\n`).settings).toEqual([]);
    },
  );

  it('cuts an unquoted value at ; or # as npm does, keeps escaped ones and quoted values whole', () => {
    const t = 'registry=https://npm.acme.example/ ; the mirror\n@a:registry="https://npm.acme.example/#a;b"\n@b:registry=https://npm.acme.example/x\\;y\n';
    const head = parse(t);
    expect(head.settings.map((s) => [s.key, s.value])).toEqual([
      ['registry', 'https://npm.acme.example/'],
      ['@a:registry', 'https://npm.acme.example/#a;b'],
      ['@b:registry', 'https://npm.acme.example/x;y'],
    ]);
  });

  it('keeps the last of repeated settings, as npm does, under one key', () => {
    const t = 'registry=https://one.example/\nregistry=https://two.example/\n';
    const head = parse(t);
    expect(head.settings).toEqual([expect.objectContaining({ key: 'registry', value: 'https://two.example/', line: lineOf(t, 'two') })]);
  });

  it('shows a certificate as a fingerprint, one setting per ca[] entry', () => {
    const pem = (s: string): string => `"-----BEGIN CERTIFICATE-----\\n${s}\\n-----END CERTIFICATE-----"`;
    const t = `ca[]=${pem('MIIBAAA')}\nca[]=${pem('MIIBBBB')}\n`;
    const head = parse(t);
    expect(head.settings).toHaveLength(2);
    for (const s of head.settings) {
      expect(s).toMatchObject({ setting: 'ca', effect: 'other' });
      expect(s.value).toMatch(/^certificate sha256:[0-9a-f]{12}$/);
    }
    expectUniqueKeys(head);
  });

  it('ignores settings under an ini section (npm never uses them) but still reports a literal token there', () => {
    const t = `[old]\nregistry=https://evil.example/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`;
    const head = parse(t);
    expect(head.settings).toEqual([]);
    expect(secretOf(head, NPM_TOKEN).line).toBe(lineOf(t, '_authToken'));
  });

  it('commented-out settings are not read', () => {
    const t = `#registry=https://evil.example/\n  ; strict-ssl=false\n# //registry.npmjs.org/:_authToken=\${NPM_TOKEN}\nregistry=https://npm.acme.example/\n`;
    expect(parse(t).settings.map((x) => [x.key, x.value, x.line])).toEqual([['registry', 'https://npm.acme.example/', lineOf(t, 'registry=https://npm.acme')]]);
  });

  it('reports a token pasted into an unrelated setting', () => {
    expect(secretOf(parse(`init-author-name=${NPM_TOKEN}\n`), NPM_TOKEN).line).toBe(1);
  });

  it('skips odd lines, reads CRLF files, and refuses a binary file at the line of the NUL', () => {
    const crlf = '=value\n\nregistry=https://npm.acme.example/\r\n';
    expect(parse(crlf).settings.map((s) => [s.key, s.value, s.line])).toEqual([
      ['registry', 'https://npm.acme.example/', lineOf(crlf, 'registry=')],
    ]);
    const bin = 'registry=https://npm.acme.example/\n\u0000\u0001garbage';
    expect(parseErrorOf(() => parse(bin))).toMatchObject({ file: '.npmrc', line: lineOf(bin, '\u0000') });
  });

  it.each([
    ['.npmrc', true],
    ['packages/server/.npmrc', true],
    ['node_modules/x/.npmrc', false],
    ['npmrc', false],
    ['.npmrc.bak', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(npmrc.matches(path)).toBe(expected);
  });
});

describe('.yarnrc.yml', () => {
  const REL = 'registry-config/.yarnrc.yml';
  const text = fixture(REL);
  const r = read(yarnrcYml, REL, text);
  const parse = (t: string): Read => read(yarnrcYml, '.yarnrc.yml', t);

  it('reads the registry, scoped registries and unsafe http hosts; references and safe defaults add nothing', () => {
    expect(r.settings.map((s) => [s.key, s.setting, s.effect, s.scope, s.value, s.line])).toEqual([
      ['npmRegistryServer', 'npmRegistryServer', 'registry', undefined, 'https://npm.acme.example/repository/npm-public/', lineOf(text, 'npmRegistryServer:')],
      ['npmScopes.acme.npmRegistryServer', 'npmScopes.acme.npmRegistryServer', 'registry', '@acme', 'https://npm.pkg.github.com', lineOf(text, 'npmRegistryServer:', 'acme:')],
      ['unsafeHttpWhitelist/localhost', 'unsafeHttpWhitelist', 'insecure-host', undefined, 'localhost', lineOf(text, '- "localhost"')],
      ['unsafeHttpWhitelist/*.internal.acme.example', 'unsafeHttpWhitelist', 'insecure-host', undefined, '*.internal.acme.example', lineOf(text, '*.internal')],
    ]);
  });

  it.each([
    ['ignore', 'checksum-off'],
    ['update', 'checksum-off'],
    ['reset', 'checksum-off'],
  ])('checksumBehavior: %s -> %s', (value, effect) => {
    const head = replaceOnce(text, 'checksumBehavior: throw', `checksumBehavior: ${value}`);
    expect(setting(read(yarnrcYml, REL, head), 'checksumBehavior')).toMatchObject({ effect, value, line: lineOf(head, 'checksumBehavior') });
  });

  it('checksumBehavior: throw (the default) is no setting', () => {
    expect(r.settings.some((s) => s.key === 'checksumBehavior')).toBe(false);
  });

  it('TLS, scripts and immutable installs', () => {
    const t = 'enableStrictSsl: false\nenableScripts: true\nenableImmutableInstalls: false\n';
    expect(parse(t).settings.map((s) => [s.key, s.effect, s.line])).toEqual([
      ['enableStrictSsl', 'tls-off', lineOf(t, 'enableStrictSsl')],
      ['enableScripts', 'scripts-on', lineOf(t, 'enableScripts')],
      ['enableImmutableInstalls', 'other', lineOf(t, 'enableImmutableInstalls')],
    ]);
  });

  it('a scope written with its @ is the same scope', () => {
    const t = 'npmScopes:\n  "@acme":\n    npmRegistryServer: https://npm.evil.example\n';
    expect(parse(t).settings[0]).toMatchObject({ scope: '@acme', key: 'npmScopes.@acme.npmRegistryServer', line: lineOf(t, 'npmRegistryServer') });
  });

  it.each([
    ['npmAuthToken', (v: string) => `npmAuthToken: ${v}\n`],
    ['npmAuthIdent', (v: string) => `npmAuthIdent: "ci:${v}"\n`],
    ['npmScopes.acme.npmAuthToken', (v: string) => `npmScopes:\n  acme:\n    npmRegistryServer: https://npm.acme.example\n    npmAuthToken: ${v}\n`],
    ['npmRegistries["//npm.acme.example"].npmAuthToken', (v: string) => `npmRegistries:\n  "//npm.acme.example":\n    npmAuthToken: "${v}"\n`],
  ])('a literal %s is a secret issue', (key, make) => {
    const t = make(PLAIN_TOKEN);
    const issue = secretOf(parse(t), PLAIN_TOKEN);
    expect(issue.key.startsWith(`${key}#`)).toBe(true);
    expect(issue.line).toBe(lineOf(t, key.includes('npmAuthIdent') ? 'npmAuthIdent' : 'npmAuthToken'));
  });

  it.each(['${NPM_TOKEN}', '${NPM_TOKEN:-}', '${NPM_TOKEN-fallback}'])('a reference %s produces nothing', (ref) => {
    expect(parse(`npmAuthToken: "${ref}"\n`)).toEqual({ settings: [], issues: [] });
  });

  it('keeps the last of duplicate keys, as Yarn does', () => {
    const t = 'npmRegistryServer: https://one.example\nnpmRegistryServer: https://two.example\n';
    expect(parse(t).settings).toEqual([expect.objectContaining({ key: 'npmRegistryServer', value: 'https://two.example', line: lineOf(t, 'npmRegistryServer: https://two') })]);
  });

  it('an empty file has no settings', () => {
    expect(parse('')).toEqual({ settings: [], issues: [] });
    expect(parse('# nothing yet\n')).toEqual({ settings: [], issues: [] });
    expect(parse('---\n')).toEqual({ settings: [], issues: [] });
  });

  // Found by the property tests comparing the gate with Yarn's own reader (@yarnpkg/parsers' parseSyml).
  it('a file that is one string, even an empty quoted one, is refused, as parseSyml refuses it', () => {
    expect(parseErrorOf(() => parse('""\n'))).toMatchObject({ line: 1, message: '.yarnrc.yml must be a mapping of settings' });
  });

  it('a non-printable character in a value is refused, as js-yaml refuses it', () => {
    const text = 'npmRegistryServer: "https://npm.acme.example/\u001f"\nnpmScopes:\n  acme:\n    npmRegistryServer: https://x.example/\u0085\u0001\n';
    expect(parseErrorOf(() => parse(text))).toMatchObject({ line: 1, message: expect.stringMatching(/^\.yarnrc\.yml is not valid YAML: a quoted value holds a control character \(U\+001F\)/) });
    const plain = text.replace('\u001f', '');
    expect(parseErrorOf(() => parse(plain))).toMatchObject({ line: lineOf(plain, 'https://x.example'), message: expect.stringContaining('non-printable characters (U+0001)') });
    // NEL, tab and characters past U+FFFF are printable.
    expect(parse('npmRegistryServer: "https://x.example/\u0085\t\u{1F600}"\n').settings.map((s) => s.value)).toEqual(['https://x.example/\u0085\t\u{1F600}']);
  });

  it('invalid YAML is a ParseError at the line where reading failed', () => {
    const bad = replaceOnce(text, 'enableStrictSsl: true', 'enableStrictSsl: [true');
    const err = parseErrorOf(() => read(yarnrcYml, REL, bad));
    expect(err.file).toBe(REL);
    expect(err.message).toMatch(/^\.yarnrc\.yml is not valid YAML/);
    // The reader notices the unclosed flow sequence at the next key, not at the line that opened it.
    expect(err.line).toBe(lineOf(bad, 'checksumBehavior', '[true'));
  });

  it('a wrong shape is a ParseError at the key', () => {
    const bad = 'nodeLinker: pnp\nnpmRegistryServer:\n  url: https://x.example\n';
    expect(parseErrorOf(() => parse(bad))).toMatchObject({ line: lineOf(bad, 'npmRegistryServer:'), message: '.yarnrc.yml: npmRegistryServer must be a string, found a mapping' });
    const list = '- a\n- b\n';
    expect(parseErrorOf(() => parse(list))).toMatchObject({ line: lineOf(list, '- a'), message: '.yarnrc.yml must be a mapping of settings' });
    expect(parseErrorOf(() => parse('unsafeHttpWhitelist: localhost\n')).line).toBe(1);
    const scopes = 'enableTelemetry: false\nnpmScopes: acme\n';
    expect(parseErrorOf(() => parse(scopes))).toMatchObject({ line: lineOf(scopes, 'npmScopes'), message: '.yarnrc.yml: npmScopes must be a mapping' });
    expect(parse('npmScopes:\n').settings).toEqual([]);
  });

  it.each([
    ['.yarnrc.yml', true],
    ['apps/web/.yarnrc.yml', true],
    ['node_modules/x/.yarnrc.yml', false],
    ['.yarnrc', false],
    ['.yarnrc.yaml', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(yarnrcYml.matches(path)).toBe(expected);
  });
});

describe('.yarnrc (Yarn 1)', () => {
  const REL = 'registry-config/.yarnrc';
  const text = fixture(REL);
  const parse = (t: string): Read => read(yarnrc, '.yarnrc', t);

  it('reads the registry and scoped registries', () => {
    expect(read(yarnrc, REL, text).settings.map((s) => [s.key, s.effect, s.scope, s.value, s.line])).toEqual([
      ['registry', 'registry', undefined, 'https://npm.acme.example/repository/npm-public/', lineOf(text, 'registry "')],
      ['@acme:registry', 'registry', '@acme', 'https://npm.pkg.github.com/', lineOf(text, '"@acme:registry"')],
    ]);
  });

  it('strict-ssl false, a --registry flag and an unquoted scope key', () => {
    const t = 'strict-ssl false\n--registry "https://evil.example/"\n@mcp:registry https://npm.evil.example/\nregistry: "https://x.example/"\n';
    expect(parse(t).settings.map((s) => [s.key, s.effect, s.scope, s.value, s.line])).toEqual([
      ['strict-ssl', 'tls-off', undefined, 'false', lineOf(t, 'strict-ssl')],
      ['--registry', 'registry', undefined, 'https://evil.example/', lineOf(t, '--registry')],
      ['@mcp:registry', 'registry', '@mcp', 'https://npm.evil.example/', lineOf(t, '@mcp:registry')],
      ['registry', 'registry', undefined, 'https://x.example/', lineOf(t, 'registry: ')],
    ]);
  });

  it('a literal token is a secret issue', () => {
    const t = `"//registry.npmjs.org/:_authToken" "${NPM_TOKEN}"\n`;
    expect(secretOf(parse(t), NPM_TOKEN).line).toBe(1);
  });

  it('an unterminated quote is a ParseError at its line', () => {
    const bad = replaceOnce(text, '"@acme:registry" "https://npm.pkg.github.com/"', '"@acme:registry https://npm.pkg.github.com/');
    const err = parseErrorOf(() => read(yarnrc, REL, bad));
    expect(err).toMatchObject({ file: REL, line: lineOf(bad, '"@acme:registry') });
  });

  it.each([
    ['.yarnrc', true],
    ['web/.yarnrc', true],
    ['node_modules/a/.yarnrc', false],
    ['.yarnrc.yml', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(yarnrc.matches(path)).toBe(expected);
  });
});

describe('bunfig.toml', () => {
  const REL = 'registry-config/bunfig.toml';
  const text = fixture(REL);
  const parse = (t: string): Read => read(bunfig, 'bunfig.toml', t);

  it('reads the registry as a table and scopes as strings, one-line and multi-line tables, at the line of the url', () => {
    expect(read(bunfig, REL, text).settings.map((s) => [s.key, s.scope, s.value, s.line])).toEqual([
      ['install.registry', undefined, 'https://npm.acme.example/repository/npm-public/', lineOf(text, 'registry = {')],
      ['install.scopes.@acme', '@acme', 'https://npm.pkg.github.com/', lineOf(text, '"@acme" =')],
      ['install.scopes.@myorg2', '@myorg2', 'https://registry.myorg.example/', lineOf(text, 'url =', '"@myorg2"')],
      ['install.scopes.myorg3', '@myorg3', 'https://registry.myorg3.example/', lineOf(text, 'myorg3 =')],
    ]);
  });

  it('a literal token in the registry table is a secret issue at its line, and the registry stays a setting', () => {
    const t = `[install]\nregistry = {\n  url = "https://registry.npmjs.org",\n  token = "${PLAIN_TOKEN}"\n}\n`;
    const head = parse(t);
    expect(secretOf(head, PLAIN_TOKEN)).toMatchObject({ line: lineOf(t, 'token =') });
    expect(head.settings).toEqual([expect.objectContaining({ key: 'install.registry', value: 'https://registry.npmjs.org', line: lineOf(t, 'url =') })]);
  });

  it('a username:password URL for a scope: the value loses the credentials, the password is reported', () => {
    const t = `[install.scopes]\nmyorg = "https://ci-bot:${PASSWORD}@registry.myorg.example/"\n`;
    const head = parse(t);
    expect(setting(head, 'install.scopes.myorg')).toMatchObject({ value: 'https://registry.myorg.example/', scope: '@myorg', line: lineOf(t, 'myorg =') });
    expect(secretOf(head, PASSWORD).line).toBe(lineOf(t, 'myorg ='));
  });

  it('dotted keys, as Bun documents for install.registry', () => {
    const t = '# top level\ninstall.registry = "http://localhost:4873/"\n';
    expect(parse(t).settings).toEqual([expect.objectContaining({ key: 'install.registry', value: 'http://localhost:4873/', line: lineOf(t, 'install.registry') })]);
  });

  it('[install.lockfile] save = false turns the lockfile off', () => {
    const head = replaceOnce(text, 'save = true', 'save = false');
    expect(setting(read(bunfig, REL, head), 'install.lockfile.save')).toMatchObject({ effect: 'lockfile-off', line: lineOf(head, 'save = false') });
  });

  it('invalid TOML is a ParseError at its line', () => {
    const bad = replaceOnce(text, '[install.lockfile]', '[install.lockfile');
    const err = parseErrorOf(() => read(bunfig, REL, bad));
    expect(err).toMatchObject({ file: REL, line: lineOf(bad, '[install.lockfile') });
    expect(err.message).toMatch(/^bunfig\.toml is not valid TOML/);
  });

  it('a registry of the wrong type is a ParseError at its key', () => {
    const bad = '[install]\nexact = true\nregistry = 42\n';
    expect(parseErrorOf(() => parse(bad))).toMatchObject({ line: lineOf(bad, 'registry = 42') });
    const noUrl = '[install.scopes]\nacme = { token = "$T" }\n';
    expect(parseErrorOf(() => parse(noUrl))).toMatchObject({ line: lineOf(noUrl, 'acme ='), message: 'bunfig.toml: install.scopes.acme must have a url' });
  });

  it.each([
    ['bunfig.toml', true],
    ['apps/api/bunfig.toml', true],
    ['node_modules/x/bunfig.toml', false],
    ['bunfig.json', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(bunfig.matches(path)).toBe(expected);
  });
});

describe('pip.conf', () => {
  const REL = 'registry-config/pip.conf';
  const text = fixture(REL);
  const parse = (t: string, path = 'pip.conf'): Read => read(pipConf, path, t);

  it('reads index-url, each extra-index-url on its own continuation line, and each trusted host', () => {
    expect(read(pipConf, REL, text).settings.map((s) => [s.key, s.effect, s.value, s.line])).toEqual([
      ['global/index-url', 'registry', 'https://pypi.acme.example/simple', lineOf(text, 'index-url =')],
      ['global/extra-index-url/https://download.pytorch.org/whl/cpu', 'extra-registry', 'https://download.pytorch.org/whl/cpu', lineOf(text, 'download.pytorch.org')],
      ['global/extra-index-url/https://pypi.internal.acme.example/simple', 'extra-registry', 'https://pypi.internal.acme.example/simple', lineOf(text, 'https://pypi.internal')],
      ['install/trusted-host/pypi.internal.acme.example', 'insecure-host', 'pypi.internal.acme.example', lineOf(text, 'trusted-host =')],
      ['install/trusted-host/localhost:8080', 'insecure-host', 'localhost:8080', lineOf(text, 'localhost:8080')],
    ]);
  });

  it('an extra-index-url added to a config: the dependency-confusion shape', () => {
    const head = replaceOnce(text, 'no-compile = yes', 'no-compile = yes\nextra-index-url = https://pypi.evil.example/simple https://second.example/simple');
    const base = read(pipConf, REL, text).settings.map((s) => s.key);
    const added = read(pipConf, REL, head).settings.filter((s) => !base.includes(s.key));
    expect(added.map((s) => [s.key, s.effect, s.value, s.line])).toEqual([
      ['install/extra-index-url/https://pypi.evil.example/simple', 'extra-registry', 'https://pypi.evil.example/simple', lineOf(head, 'pypi.evil.example')],
      ['install/extra-index-url/https://second.example/simple', 'extra-registry', 'https://second.example/simple', lineOf(head, 'pypi.evil.example')],
    ]);
  });

  it('reads option names as pip does (case, underscores), keeps sections apart, and takes `:` as well as `=`', () => {
    const t = '[global]\nIndex_URL: https://a.example/simple\n[download]\nindex-url = https://b.example/simple\n';
    expect(parse(t).settings.map((s) => [s.key, s.setting, s.value, s.line])).toEqual([
      ['global/index-url', 'index-url', 'https://a.example/simple', lineOf(t, 'Index_URL')],
      ['download/index-url', 'index-url', 'https://b.example/simple', lineOf(t, 'index-url =')],
    ]);
  });

  it('credentials in an index URL are stripped from the value and reported', () => {
    const t = `[global]\nextra-index-url =\n    https://__token__:${PLAIN_TOKEN}@pypi.acme.example/simple\n`;
    const head = parse(t);
    expect(head.settings).toEqual([expect.objectContaining({ key: 'global/extra-index-url/https://pypi.acme.example/simple', value: 'https://pypi.acme.example/simple', line: lineOf(t, 'https://__token__') })]);
    expect(secretOf(head, PLAIN_TOKEN).line).toBe(lineOf(t, 'https://__token__'));
  });

  it('find-links is another source; cert and no-index are noted', () => {
    const t = '[global]\nfind-links = https://wheels.acme.example/\ncert = /etc/ssl/acme.pem\nno-index = true\n';
    expect(parse(t).settings.map((s) => [s.key, s.effect])).toEqual([
      ['global/find-links/https://wheels.acme.example/', 'extra-registry'],
      ['global/cert', 'other'],
      ['global/no-index', 'other'],
    ]);
  });

  it('a trailing comment on a value line is not taken for another URL', () => {
    const t = '[global]\nextra-index-url = https://a.example/simple  # the mirror\n';
    expect(parse(t).settings.map((s) => s.value)).toEqual(['https://a.example/simple']);
  });

  it.each([
    ['a setting before any section', '# pip\nindex-url = https://a.example/simple\n[global]\n', 'index-url', []],
    ['a line that is not name = value', '[global]\nindex-url = https://a.example/simple\nthis is not a setting\n', 'this is', []],
    ['a duplicate option', '[global]\nindex-url = https://a.example/simple\nINDEX-URL = https://b.example/simple\n', 'INDEX-URL', []],
    ['a duplicate section', '[global]\ntimeout = 1\n[global]\ntimeout = 2\n', '[global]', ['timeout = 1']],
  ])('%s is a ParseError at its line (pip refuses the file)', (_name, bad, needle, after) => {
    expect(parseErrorOf(() => parse(bad))).toMatchObject({ file: 'pip.conf', line: lineOf(bad, needle, ...after) });
  });

  it.each([
    ['pip.conf', true],
    ['pip.ini', true],
    ['.config/pip/pip.conf', true],
    ['docker/pip.conf', true],
    ['node_modules/x/pip.conf', false],
    ['pip.config', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(pipConf.matches(path)).toBe(expected);
  });
});

describe('uv.toml', () => {
  const REL = 'registry-config/uv.toml';
  const text = fixture(REL);
  const parse = (t: string): Read => read(uvToml, 'uv.toml', t);

  it('reads [[index]] by its role, insecure hosts and the [pip] extra indexes', () => {
    expect(read(uvToml, REL, text).settings.map((s) => [s.key, s.effect, s.value, s.line])).toEqual([
      ['allow-insecure-host/localhost:8080', 'insecure-host', 'localhost:8080', lineOf(text, 'allow-insecure-host')],
      ['index/pytorch', 'other', 'https://download.pytorch.org/whl/cpu', lineOf(text, 'url =', 'name = "pytorch"')],
      ['index/acme', 'registry', 'https://pypi.acme.example/simple', lineOf(text, 'url =', 'name = "acme"')],
      ['index/internal', 'extra-registry', 'https://pypi.internal.acme.example/simple', lineOf(text, 'url =', 'name = "internal"')],
      ['pip.extra-index-url/https://test.pypi.org/simple', 'extra-registry', 'https://test.pypi.org/simple', lineOf(text, '"https://test.pypi.org/simple"')],
    ]);
  });

  it('index-url and each extra-index-url element, on its own line', () => {
    const t = 'index-url = "https://pypi.acme.example/simple"\nextra-index-url = [\n  "https://a.example/simple",\n  # a comment\n  "https://b.example/simple",\n]\n';
    expect(parse(t).settings.map((s) => [s.key, s.effect, s.line])).toEqual([
      ['index-url', 'registry', lineOf(t, 'index-url = "')],
      ['extra-index-url/https://a.example/simple', 'extra-registry', lineOf(t, 'a.example')],
      ['extra-index-url/https://b.example/simple', 'extra-registry', lineOf(t, 'b.example')],
    ]);
  });

  it('an unnamed index is keyed by its URL; credentials in it are reported and stripped', () => {
    const t = `[[index]]\nurl = "https://ci:${PASSWORD}@pypi.acme.example/simple"\n`;
    const head = parse(t);
    expect(head.settings).toEqual([expect.objectContaining({ key: 'index/https://pypi.acme.example/simple', value: 'https://pypi.acme.example/simple', line: lineOf(t, 'url =') })]);
    expect(secretOf(head, PASSWORD).line).toBe(lineOf(t, 'url ='));
  });

  it('index-strategy and switched-off hash checks', () => {
    const t = 'index-strategy = "unsafe-best-match"\n[pip]\nverify-hashes = false\n';
    expect(parse(t).settings.map((s) => [s.key, s.effect, s.line])).toEqual([
      ['index-strategy', 'other', lineOf(t, 'index-strategy')],
      ['pip.verify-hashes', 'checksum-off', lineOf(t, 'verify-hashes')],
    ]);
  });

  it('invalid TOML and wrong types are ParseErrors at their line', () => {
    const bad = replaceOnce(text, 'name = "acme"', 'name = "acme');
    expect(parseErrorOf(() => read(uvToml, REL, bad)).line).toBe(lineOf(bad, 'name = "acme'));
    const notArray = 'native-tls = true\nextra-index-url = "https://a.example/simple"\n';
    expect(parseErrorOf(() => parse(notArray))).toMatchObject({
      line: lineOf(notArray, 'extra-index-url'),
      message: 'uv.toml: extra-index-url must be an array of strings',
    });
    const noUrl = '[[index]]\nname = "a"\nurl = "https://a.example/"\n\n[[index]]\nname = "b"\n';
    expect(parseErrorOf(() => parse(noUrl))).toMatchObject({
      line: lineOf(noUrl, '[[index]]', 'url ='),
      message: 'uv.toml: [[index]] needs a url',
    });
  });

  it.each([
    ['uv.toml', true],
    ['services/api/uv.toml', true],
    ['node_modules/x/uv.toml', false],
    ['pyproject.toml', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(uvToml.matches(path)).toBe(expected);
  });
});

describe('.cargo/config.toml', () => {
  const REL = 'registry-config/.cargo/config.toml';
  const text = fixture(REL);
  const parse = (t: string, path = '.cargo/config.toml'): Read => read(cargoConfig, path, t);

  it('crates.io replaced by a mirror: the replacement names the mirror and its URL', () => {
    expect(read(cargoConfig, REL, text).settings.map((s) => [s.key, s.effect, s.value, s.line])).toEqual([
      ['source.crates-io.replace-with', 'registry', 'acme-mirror (registry sparse+https://cargo.acme.example/api/v1/crates/)', lineOf(text, 'replace-with')],
      ['source.acme-mirror', 'other', 'sparse+https://cargo.acme.example/api/v1/crates/', lineOf(text, 'registry = "sparse')],
      ['source.vendored-sources', 'other', 'vendor', lineOf(text, 'directory =')],
      ['registries.acme.index', 'other', 'sparse+https://cargo.acme.example/api/v1/internal/', lineOf(text, 'index =')],
    ]);
  });

  it('a change of the mirror URL changes the replacement value', () => {
    const head = replaceOnce(text, 'sparse+https://cargo.acme.example/api/v1/crates/', 'sparse+https://cargo.evil.example/index/');
    expect(setting(read(cargoConfig, REL, head), 'source.crates-io.replace-with').value).toBe('acme-mirror (registry sparse+https://cargo.evil.example/index/)');
  });

  it('replacement by a vendored directory, a git repository, or an alternative registry; dotted keys', () => {
    const t = [
      'source.crates-io.replace-with = "vendored"',
      '[source.vendored]',
      'directory = "vendor"',
      '[source."https://github.com/acme/tools"]',
      'git = "https://github.com/acme/tools"',
      'rev = "4f1e2d3"',
      'replace-with = "vendored"',
    ].join('\n');
    const head = parse(t);
    expect(head.settings.map((s) => [s.key, s.effect, s.value, s.line])).toEqual([
      ['source.crates-io.replace-with', 'registry', 'vendored (directory vendor)', lineOf(t, 'source.crates-io.replace-with')],
      ['source.vendored', 'other', 'vendor', lineOf(t, 'directory =')],
      ['source.https://github.com/acme/tools.replace-with', 'other', 'vendored (directory vendor)', lineOf(t, 'replace-with = "vendored"', 'rev')],
      ['source.https://github.com/acme/tools', 'other', 'https://github.com/acme/tools rev=4f1e2d3', lineOf(t, 'git =')],
    ]);
    expect(setting(parse('[source.crates-io]\nreplace-with = "acme"\n[registries.acme]\nindex = "https://cargo.acme.example/git/index"\n'), 'source.crates-io.replace-with').value).toBe(
      'acme (registry https://cargo.acme.example/git/index)',
    );
  });

  it('literal tokens in [registry] and [registries.x] are secret issues, not settings', () => {
    const t = `[registry]\ntoken = "${PLAIN_TOKEN}"\n`;
    expect(secretOf(parse(t, '.cargo/credentials.toml'), PLAIN_TOKEN)).toMatchObject({ line: lineOf(t, 'token =') });
    const t2 = `[registries.acme]\nindex = "sparse+https://cargo.acme.example/"\ntoken = "${NPM_TOKEN.replace('npm_', 'cio')}"\n`;
    const head = parse(t2);
    expect(secretOf(head, NPM_TOKEN.replace('npm_', 'cio')).line).toBe(lineOf(t2, 'token ='));
    expect(head.settings.map((s) => s.key)).toEqual(['registries.acme.index']);
  });

  it('check-revoke = false switches TLS checks off', () => {
    const head = replaceOnce(text, 'check-revoke = true', 'check-revoke = false');
    expect(setting(read(cargoConfig, REL, head), 'http.check-revoke')).toMatchObject({ effect: 'tls-off', line: lineOf(head, 'check-revoke') });
    expect(read(cargoConfig, REL, text).settings.some((s) => s.key === 'http.check-revoke')).toBe(false);
  });

  it('invalid TOML and a source that is not a table are ParseErrors at their line', () => {
    const bad = replaceOnce(text, 'directory = "vendor"', 'directory = vendor');
    expect(parseErrorOf(() => read(cargoConfig, REL, bad))).toMatchObject({ file: REL, line: lineOf(bad, 'directory = vendor') });
    const notTable = '[net]\noffline = false\n[source]\ncrates-io = "mirror"\n';
    expect(parseErrorOf(() => parse(notTable))).toMatchObject({ line: lineOf(notTable, 'crates-io =') });
  });

  it.each([
    ['.cargo/config.toml', true],
    ['.cargo/config', true],
    ['crates/tool/.cargo/config.toml', true],
    ['.cargo/credentials.toml', true],
    ['cargo/config.toml', false],
    ['.cargo/config.toml.orig', false],
    ['Cargo.toml', false],
    ['node_modules/x/.cargo/config.toml', false],
  ])('matches(%s) -> %s', (path, expected) => {
    expect(cargoConfig.matches(path)).toBe(expected);
  });
});

describe('cleanUrl', () => {
  it.each([
    ['https://registry.npmjs.org/', 'https://registry.npmjs.org/', 0],
    ['https://${USER}:${PASS}@npm.acme.example/', 'https://npm.acme.example/', 0],
    [`https://ci:${PASSWORD}@npm.acme.example/`, 'https://npm.acme.example/', 1],
    [`https://${PLAIN_TOKEN}:@pypi.fury.example/acme/`, 'https://pypi.fury.example/acme/', 1],
    ['https://git@github.com/acme/x', 'https://github.com/acme/x', 0],
    [`sparse+https://u:${PASSWORD}@cargo.acme.example/`, 'sparse+https://cargo.acme.example/', 1],
  ])('%s -> %s', (url, value, hits) => {
    const got = cleanUrl(url);
    expect(got.value).toBe(value);
    expect(got.hits).toHaveLength(hits);
  });

  it('masks a token that sits in the path', () => {
    const got = cleanUrl(`https://npm.acme.example/${NPM_TOKEN}/`);
    expect(got.value).toBe('https://npm.acme.example/npm_****/');
    expect(got.hits.map((h) => h.hit.kind)).toEqual(['npm token']);
  });
});
