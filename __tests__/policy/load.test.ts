import { loadPolicy, MAX_POLICY_BYTES, parsePolicy, PolicyError } from '../../src/policy/index';
import { exceptionFor, isExpired, nameMatches, versionIn } from '../../src/policy/match';
import { RULES } from '../../src/rules/catalogue';
import { lineOf } from '../formats/helpers';
import { MAX_ALIAS_VALUES, MAX_POLICY_DEPTH } from '../../src/policy/yaml';

const src = { kind: 'base' as const, path: '.github/mcp-policy.yml', commit: 'abc' };

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, src);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

const EXAMPLE = `version: 1
mcp:
  include: ["@acme/agent-*"]        # also MCP-related
  exclude: ["mcpx-unrelated"]       # never MCP-related
registries:
  npm:
    url: https://npm.example.internal/
    keys: npm
allow:
  - name: "@modelcontextprotocol/*"
    ecosystem: npm
    versions: ">=2025.1.0"
    integrity:
      "2026.8.31": "sha512-AAAA"
deny:
  - name: postmark-mcp
    versions: "*"
    reason: "Exfiltrated mail, Sept 2025"
rules:
  unknown: error
  typosquat: error
exceptions:
  - name: "@acme/legacy-mcp"
    rules: [unknown]
    reason: "..."
    expires: 2027-01-31
`;

describe('the documented policy shape', () => {
  test('the example from the issue parses with every key', () => {
    const p = parsePolicy(EXAMPLE, src);
    expect(p.mcp).toEqual({ include: ['@acme/agent-*'], exclude: ['mcpx-unrelated'] });
    expect(p.registries.npm).toMatchObject({ url: 'https://npm.example.internal/', keys: 'npm', scopes: {}, tokenEnv: 'NODE_AUTH_TOKEN' });
    expect(p.allow).toEqual([
      expect.objectContaining({ name: '@modelcontextprotocol/*', ecosystem: 'npm', versions: '>=2025.1.0', integrity: { '2026.8.31': 'sha512-AAAA' }, line: 10 }),
    ]);
    expect(p.deny).toEqual([expect.objectContaining({ name: 'postmark-mcp', versions: '*', reason: 'Exfiltrated mail, Sept 2025', line: 16 })]);
    expect(p.exceptions).toEqual([expect.objectContaining({ name: '@acme/legacy-mcp', rules: ['unknown'], expires: '2027-01-31', line: 23 })]);
    expect(p.rules.unknown).toBe('error');
    expect(p.rules['install-scripts']).toBe(RULES['install-scripts'].level);
    expect(p.builtin).toEqual({ allowWellKnown: false, denyKnownMalicious: true });
    expect(p.verify).toEqual({ registry: true, tarballs: false, minDays: 3 });
  });

  test('a registry URL gets its trailing slash on the path, not at the end of a query', () => {
    const p = parsePolicy('version: 1\nregistries:\n  npm:\n    url: https://npm.example.internal/npm?token=abc#x\n', src);
    expect(p.registries.npm.url).toBe('https://npm.example.internal/npm/?token=abc#x');
  });

  test('scoped registries and explicit keys', () => {
    const p = parsePolicy(
      `version: 1
registries:
  npm:
    scopes:
      "@acme": https://npm.acme.internal
    keys:
      - keyid: "SHA256:abc"
        key: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"
        expires: 2025-01-29
`,
      src,
    );
    expect(p.registries.npm.scopes).toEqual({ '@acme': 'https://npm.acme.internal/' });
    expect(p.registries.npm.keys).toEqual([{ keyid: 'SHA256:abc', key: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE', expires: '2025-01-29' }]);
  });

  test('the built-in lists: corpus allowed only by default, known-malicious denied unless turned off', () => {
    const withFile = loadPolicy({ kind: 'base', path: 'p.yml', commit: 'x', text: 'version: 1\n' });
    expect(withFile.allow).toEqual([]);
    expect(withFile.deny.map((d) => d.name)).toContain('postmark-mcp');
    const byDefault = loadPolicy({ kind: 'default', path: 'p.yml' });
    expect(byDefault.allow.map((a) => a.name)).toContain('@playwright/mcp');
    const off = loadPolicy({ kind: 'base', path: 'p.yml', commit: 'x', text: 'version: 1\nbuiltin:\n  deny-known-malicious: false\n  allow-well-known: true\n' });
    expect(off.deny).toEqual([]);
    expect(off.allow.length).toBeGreaterThan(40);
  });
});

describe('keys named like Object.prototype properties', () => {
  test('integrity pins keyed __proto__ and constructor are pins like any other, and no other version finds them', () => {
    const sha = (c: string) => `sha256:${c.repeat(64)}`;
    const p = parsePolicy(`version: 1\nallow:\n  - name: b\n    ecosystem: mcpb\n    integrity:\n      __proto__: "${sha('a')}"\n      constructor: "${sha('b')}"\n`, src);
    const pins = p.allow[0].integrity!;
    expect(Object.keys(pins)).toEqual(['__proto__', 'constructor']);
    expect(pins['__proto__']).toBe(sha('a'));
    expect(pins.constructor).toBe(sha('b'));
    expect(pins.toString).toBeUndefined();
  });
});

describe('an invalid policy names file, line and key', () => {
  test.each([
    ['an unknown top-level key', 'version: 1\ndeyn:\n  - name: x\n', 2, 'deyn', /unknown key/],
    ['an unknown rule id', 'version: 1\nrules:\n  unknwn: error\n', 3, 'rules.unknwn', /unknown key/],
    ['a bad level', 'version: 1\nrules:\n  unknown: fatal\n', 3, 'rules.unknown', /level must be one of/],
    ['a bad range', 'version: 1\nallow:\n  - name: a-mcp\n    versions: "not a range"\n', 4, 'allow.0.versions', /not a valid version range/],
    ['a missing name', 'version: 1\ndeny:\n  - versions: "*"\n', 3, 'deny.0.name', /non-empty string/],
    ['a wrong version', 'version: 2\n', 1, 'version', /must be 1/],
    ['a bad date', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    expires: tomorrow\n', 5, 'exceptions.0.expires', /not a date/],
    ['an integrity pin that is not SRI', 'version: 1\nallow:\n  - name: x\n    integrity:\n      "1.0.0": "md5-zzz!"\n', 5, 'allow.0.integrity.1.0.0', /subresource-integrity/],
    ['a registry URL that is not one', 'version: 1\nregistries:\n  npm:\n    url: "ftp://x"\n', 4, 'registries.npm.url', /http/],
    ['an exception for an unknown rule', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    rules: [nope]\n', 5, 'exceptions.0.rules.0', /unknown rule id/],
    ['an exception for a rule named constructor', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    rules: [toString, constructor]\n', 5, 'exceptions.0.rules.0', /unknown rule id "toString"/],
  ])('%s', (_what, text, line, key, detail) => {
    const e = errorOf(text);
    expect(e.file).toBe('.github/mcp-policy.yml');
    expect(e.line).toBe(line);
    expect(e.key).toBe(key);
    expect(e.detail).toMatch(detail);
    expect(e.message).toContain(`.github/mcp-policy.yml:${line}: ${key}`);
  });

  test('YAML syntax errors and duplicate keys point at their line', () => {
    expect(errorOf('version: 1\nallow:\n  - name: [unclosed\n').line).toBeGreaterThanOrEqual(3);
    const dup = errorOf('version: 1\nrules:\n  unknown: error\n  unknown: off\n');
    expect(dup.line).toBe(4);
    expect(errorOf('- just\n- a list\n').detail).toMatch(/mapping/);
  });

  test('an empty file is not a valid policy (version is required)', () => {
    expect(errorOf('').key).toBe('version');
  });
});

/** A billion-laughs policy: each level a list of ten aliases of the level before, under deny reasons. */
function aliasBomb(levels: number): string {
  const lines = ['version: 1', 'deny:', '  - name: a0', '    reason: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`  - name: a${i}`, `    reason: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

const deepFlow = (depth: number): string => `version: 1\nmcp:\n  include: ${'['.repeat(depth)}"x"${']'.repeat(depth)}\n`;
const deepBlock = (depth: number): string =>
  `version: 1\nmcp:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * (i + 1))}k:`).join('\n')} x\n`;

describe('the policy loader throws nothing but PolicyError, naming file, line and key, and what to do', () => {
  const bomb = aliasBomb(8);
  test.each<[string, string, number | [string, ...string[]], string | RegExp, RegExp]>([
    ['an alias bomb (billion laughs)', bomb, ['&l3'], /^deny\.3\.reason\.\d+$/, /aliases expand the policy by more than \d+ values \(an alias bomb, "billion laughs"\): write the values out/],
    ['an alias with no anchor', 'version: 1\nallow:\n  - *nope\n', ['*nope'], 'allow.0', /the alias \*nope names no anchor set before it: define &nope earlier/],
    ['an alias inside the value it names', 'version: 1\nmcp:\n  include: &a [x, *a]\n', ['*a'], 'mcp.include.1', /is part of the value it names, which would never end/],
    ['flow nesting thousands deep', deepFlow(5000), ['include:'], 'mcp.include.0.0...', /nested more than \d+ levels deep, and a policy needs at most 5: look for brackets/],
    ['block nesting a hundred deep', deepBlock(100), 1 + 2 + MAX_POLICY_DEPTH, 'mcp.k.k.k...', /nested more than \d+ levels deep/],
    ['a document over the size limit', `version: 1\nallow:\n${'  - name: x\n'.repeat(MAX_POLICY_BYTES / 12 + 1)}`, 1, '(document)', /bytes, more than the 1048576 bytes a policy may have: .*shorten the lists/],
    ['a list as a key', 'version: 1\nrules:\n  ? [unknown, typosquat]\n  : error\n', ['? ['], /^rules\./, /a key must be a plain name, not a list or mapping: write the key as text/],
    ['a duplicate key, nested', 'version: 1\nrules:\n  unknown: error\n  unknown: off\n', ['unknown: off'], 'rules.unknown', /set twice in the same mapping, .*keep one/],
    ['a !!timestamp tag (which would read 2024-02-30 as March 1)', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    expires: !!timestamp 2024-02-30\n', ['expires'], 'exceptions.0.expires', /the tag !!timestamp is not used in a policy: remove it/],
    ['a !!binary tag', 'version: 1\nallow:\n  - name: !!binary YWNtZQ==\n', ['name'], 'allow.0.name', /the tag !!binary is not used in a policy/],
    ['a custom tag', 'version: 1\nmcp:\n  include: !glob [x]\n', ['include'], 'mcp.include', /the tag !glob is not used in a policy/],
    ['a day that does not exist', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    expires: 2027-02-30\n', ['expires'], 'exceptions.0.expires', /not a date: "2027-02-30": write the day as YYYY-MM-DD/],
    ['text after a date', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    expires: 2027-01-31 or so\n', ['expires'], 'exceptions.0.expires', /not a date/],
    ['a key expiry in month 13', 'version: 1\nregistries:\n  npm:\n    keys:\n      - keyid: a\n        key: "AAAA"\n        expires: 2025-13-01T00:00:00.000Z\n', ['expires'], 'registries.npm.keys.0.expires', /not a date/],
    ['a glob whose character range is backwards', 'version: 1\ndeny:\n  - name: "[z-a]-mcp"\n', ['name'], 'deny.0.name', /"\[z-a\]-mcp" is not a glob that can match \(Invalid regular expression.*\): write a name, or a glob like @acme\/\*/],
    ['a glob longer than picomatch reads', `version: 1\nexceptions:\n  - name: "${'*'.repeat(70_000)}"\n    reason: y\n`, ['name'], 'exceptions.0.name', /is not a glob that can match \(Input length/],
    ['a bad glob in mcp.include', 'version: 1\nmcp:\n  include: ["ok-*", "[9-0]"]\n', ['include'], 'mcp.include.1', /not a glob that can match/],
    ['a bad host glob', 'version: 1\nremotes:\n  hosts: ["[z-a].example"]\n', ['hosts'], 'remotes.hosts.0', /not a host glob that can match .*: write a host, or a glob like \*\.acme\.example/],
    ['a range only loose semver reads (it never matched)', 'version: 1\ndeny:\n  - name: x\n    versions: ">=1.2.3beta"\n', ['versions'], 'deny.0.versions', /">=1\.2\.3beta" is not a valid version range \(semver, e\.g\./],
    ['a range cut short', 'version: 1\nallow:\n  - name: x\n    versions: ">=1 <"\n', ['versions'], 'allow.0.versions', /not a valid version range/],
    ['a range YAML reads as a number that drops a zero', 'version: 1\nallow:\n  - name: x\n    versions: 1.10\n', ['versions'], 'allow.0.versions', /1\.1 is a number in YAML, which drops trailing zeros .*write the range in quotes/],
    ['two documents', 'version: 1\n---\nversion: 1\n', ['---'], '(document)', /the policy is one YAML document: remove the "---" line/],
    ['a YAML syntax error inside a key', 'version: 1\nallow:\n  - name: [unclosed\n', 4, 'allow.0.name.0', /not valid YAML: .*: fix the YAML at this line$/],
    ['an infinite number', 'version: 1\nverify:\n  min-days: 1e400\n', ['min-days'], 'verify.min-days', /got number Infinity/],
    ['a stray byte order mark before a key', 'version: 1\n\ufeffallow: []\n', 2, '\ufeffallow', /unknown key "\\ufeffallow": check its spelling/],
  ])('%s', (_what, text, lineSpec, key, detail) => {
    const e = errorOf(text);
    const line = typeof lineSpec === 'number' ? lineSpec : lineOf(text, ...lineSpec);
    expect(e.file).toBe('.github/mcp-policy.yml');
    expect(e.line).toBe(line);
    if (typeof key === 'string') expect(e.key).toBe(key);
    else expect(e.key).toMatch(key);
    expect(e.detail).toMatch(detail);
    expect(e.message).toBe(`.github/mcp-policy.yml:${line}: ${e.key}: ${e.detail}`);
  });

  test('aliases within the limit are expanded and read like any value', () => {
    const p = parsePolicy('version: 1\ndeny:\n  - name: a\n    reason: &why "exfiltrates mail"\n  - name: b\n    reason: *why\n', src);
    expect(p.deny.slice(0, 2).map((d) => [d.name, d.reason])).toEqual([['a', 'exfiltrates mail'], ['b', 'exfiltrates mail']]);
    // Two levels add 10 * 11 + 10 * 111 values, under the limit: read, then refused as a reason that is no text.
    expect(10 * 11 + 10 * 111).toBeLessThan(MAX_ALIAS_VALUES);
    expect(errorOf(aliasBomb(2)).detail).toMatch(/must be a non-empty string, got a list/);
    expect(errorOf(aliasBomb(3)).detail).toMatch(/alias bomb/);
  });

  test('nesting up to the limit is read; dates with a time (as npm lists key expiry) are dates', () => {
    expect(() => parsePolicy(deepFlow(MAX_POLICY_DEPTH - 3), src)).toThrow(/mcp\.include\.0: must be a non-empty string, got a list/);
    const p = parsePolicy('version: 1\nregistries:\n  npm:\n    keys:\n      - keyid: a\n        key: "AAAA"\n        expires: 2025-01-29T00:00:00.000Z\n', src);
    expect(p.registries.npm.keys).toEqual([{ keyid: 'a', key: 'AAAA', expires: '2025-01-29T00:00:00.000Z' }]);
  });
});

describe('matching', () => {
  test('globs and exact names; PyPI names compare per PEP 503', () => {
    expect(nameMatches('@modelcontextprotocol/*', '@modelcontextprotocol/server-memory')).toBe(true);
    expect(nameMatches('@modelcontextprotocol/*', '@modelcontextprotocoI/server-memory')).toBe(false);
    expect(nameMatches('@acme/agent-*', '@acme/agent-x')).toBe(true);
    expect(nameMatches('mcp-server-fetch', 'MCP_Server.Fetch', 'pypi')).toBe(true);
    expect(nameMatches('mcp-server-fetch', 'MCP_Server.Fetch', 'npm')).toBe(false);
  });

  test('version ranges', () => {
    expect(versionIn('2026.1.0', '>=2025.1.0')).toBe(true);
    expect(versionIn('2024.12.0', '>=2025.1.0')).toBe(false);
    expect(versionIn(undefined, '>=1')).toBe(false);
    expect(versionIn(undefined, undefined)).toBe(true);
  });

  test('exceptions apply through their expiry day, by rule', () => {
    const p = parsePolicy(EXAMPLE, src);
    const e = exceptionFor(p, '@acme/legacy-mcp', 'npm', 'unknown');
    expect(e).toBeDefined();
    expect(exceptionFor(p, '@acme/legacy-mcp', 'npm', 'denied')).toBeUndefined();
    expect(isExpired(e!, new Date('2027-01-31T23:00:00Z'))).toBe(false);
    expect(isExpired(e!, new Date('2027-02-01T00:00:01Z'))).toBe(true);
  });
});

test('the shipped example policy is valid and uses every documented top-level key', () => {
  const text = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'policy', 'mcp-policy.example.yml'), 'utf8');
  const p = parsePolicy(text, { kind: 'file', path: 'policy/mcp-policy.example.yml' });
  expect(p.allow.map((a) => a.name)).toEqual(['@modelcontextprotocol/*', '@playwright/mcp', 'mcp-server-fetch', 'ghcr.io/github/github-mcp-server', 'acme-files']);
  expect(p.allow.map((a) => a.ecosystem)).toEqual(['npm', 'npm', 'pypi', 'oci', 'mcpb']);
  expect(p.registries.oci).toEqual({ registries: ['docker.io', 'ghcr.io', 'mcr.microsoft.com', 'public.ecr.aws', 'quay.io'], requireDigest: true });
  expect(p.remotes.hosts).toEqual(['api.githubcopilot.com', '*.acme.example']);
  expect(p.bundles.require).toBe('signature-or-sha256');
  expect(p.allow[1]).toMatchObject({ provenance: true, repository: 'github.com/microsoft/playwright-mcp', publishers: ['playwright-bot'] });
  expect(p.registries.npm.scopes).toEqual({ '@acme': 'https://npm.acme.internal/' });
  expect(p.launchers.allow).toEqual(['github-mcp-server']);
  expect(p.serverJson.templates).toEqual(['server.json']);
  for (const key of ['version', 'mcp', 'builtin', 'registries', 'remotes', 'launchers', 'server-json', 'bundles', 'allow', 'deny', 'rules', 'exceptions', 'verify', 'limits']) {
    expect(p.lines[key]).toBeGreaterThan(0);
  }
});

describe('ecosystem settings', () => {
  const src = { kind: 'file' as const, path: 'p.yml' };
  test('defaults: public registries, hashes and digests required, bundles need a signature or a pin, remotes unchecked', () => {
    const p = parsePolicy('version: 1\n', src);
    expect(p.registries.pypi).toEqual({ url: 'https://pypi.org/simple/', requireHashes: true });
    expect(p.registries.go.sumdb).toBe('sum.golang.org');
    expect(p.registries.oci.requireDigest).toBe(true);
    expect(p.bundles.require).toBe('signature-or-sha256');
    expect(p.remotes.hosts).toBeUndefined();
  });

  test('versions are checked in the ecosystem\'s own syntax', () => {
    expect(parsePolicy('version: 1\nallow:\n  - name: mcp\n    ecosystem: pypi\n    versions: ">=1.2,!=1.3.*"\n', src).allow[0].versions).toBe('>=1.2,!=1.3.*');
    expect(() => parsePolicy('version: 1\nallow:\n  - name: mcp\n    ecosystem: pypi\n    versions: "^1.2"\n', src)).toThrow(/PEP 440/);
    expect(() => parsePolicy('version: 1\nallow:\n  - name: x\n    ecosystem: mcpb\n    integrity:\n      "1.0.0": "sha512-abc"\n', src)).toThrow(/sha256:/);
  });

  test('unknown keys and bad values name the line', () => {
    const badValue = 'version: 1\nbundles:\n  require: maybe\n';
    expect(() => parsePolicy(badValue, src)).toThrow(new RegExp(`p\\.yml:${lineOf(badValue, 'require:')}: bundles\\.require`));
    const unknownKey = 'version: 1\nregistries:\n  oci:\n    digests: true\n';
    expect(() => parsePolicy(unknownKey, src)).toThrow(new RegExp(`p\\.yml:${lineOf(unknownKey, 'digests:')}: registries\\.oci\\.digests: unknown key`));
  });
});

describe('launchers.allow', () => {
  const file = { kind: 'file' as const, path: 'p.yml' };
  test('names programs on PATH, compared the way the launch parser names them', () => {
    expect(parsePolicy('version: 1\nlaunchers:\n  allow: [github-mcp-server, Acme-Server.exe]\n', file).launchers.allow).toEqual(['github-mcp-server', 'acme-server']);
    expect(parsePolicy('version: 1\n', file).launchers.allow).toEqual([]);
  });

  test.each([
    ['a shell', 'bash', /shell or downloader.*cannot be allowed by name/],
    ['PowerShell', 'pwsh', /shell or downloader/],
    ['a downloader', 'curl', /shell or downloader/],
    ['a launcher the gate traces', 'npx', /traces itself: allow the packages it starts under `allow`/],
    ['docker', 'docker', /traces itself/],
    ['a path', './bin/server', /program name as the client looks it up on PATH/],
    ['a command line', '"acme-server --stdio"', /without a directory or arguments/],
  ])('refuses %s with file, line and key', (_what, value, detail) => {
    const text = `version: 1\nlaunchers:\n  allow:\n    - ok-server\n    - ${value}\n`;
    const e = errorOf(text);
    expect([e.line, e.key]).toEqual([5, 'launchers.allow.1']);
    expect(e.detail).toMatch(detail);
  });

  test('an unknown key under launchers names its line', () => {
    const e = errorOf('version: 1\nlaunchers:\n  alow: [x]\n');
    expect([e.line, e.key]).toEqual([3, 'launchers.alow']);
  });
});

describe('server-json.templates', () => {
  const file = { kind: 'file' as const, path: 'p.yml' };
  test('globs, or true for every server.json; none by default', () => {
    expect(parsePolicy('version: 1\nserver-json:\n  templates: ["server.json", "./tools/*/server.json"]\n', file).serverJson.templates).toEqual(['server.json', 'tools/*/server.json']);
    expect(parsePolicy('version: 1\nserver-json:\n  templates: true\n', file).serverJson.templates).toEqual(['**']);
    expect(parsePolicy('version: 1\n', file).serverJson.templates).toEqual([]);
  });

  test('a path outside the repository, or a wrong type, names its line', () => {
    const e = errorOf('version: 1\nserver-json:\n  templates:\n    - /etc/server.json\n');
    expect([e.line, e.key]).toEqual([4, 'server-json.templates.0']);
    expect(errorOf('version: 1\nserver-json:\n  templates: 3\n').key).toBe('server-json.templates');
    expect(errorOf('version: 1\nserver-json:\n  template: true\n').key).toBe('server-json.template');
  });
});
