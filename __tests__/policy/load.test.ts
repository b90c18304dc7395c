import { loadPolicy, parsePolicy, PolicyError } from '../../src/policy/index';
import { exceptionFor, isExpired, nameMatches, versionIn } from '../../src/policy/match';
import { RULES } from '../../src/rules';
import { lineOf } from '../formats/helpers';

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
