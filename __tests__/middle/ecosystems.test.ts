// The pure middle for servers, settings and the other ecosystems: each rule on plain data.
import { CHECKS } from '../../src/checks/index';
import { NO_FACTS } from '../../src/types';
import { mcpReasons } from '../../src/pipeline/inventory/classify';
import { diffKeyed } from '../../src/pipeline/inventory/diff';
import { parsePolicy } from '../../src/policy/index';
import type { Dependency, McpServer, RegistrySetting } from '../../src/types';

const policy = parsePolicy(
  `version: 1
registries:
  npm:
    scopes:
      "@acme": https://npm.acme.internal/
    ignore-scripts: true
remotes:
  hosts: ["api.githubcopilot.com", "*.acme.example"]
allow:
  - name: "@playwright/mcp"
  - name: mcp-server-fetch
    ecosystem: pypi
    versions: ">=2025.1"
  - name: mcp/github
    ecosystem: oci
  - name: acme-files
    ecosystem: mcpb
    integrity:
      "1.0.0": "sha256:${'a'.repeat(64)}"
`,
  { kind: 'file', path: 'p.yml' },
);
const ctx = { policy, facts: NO_FACTS, now: new Date('2026-11-21') };

function dep(over: Partial<Dependency> & Pick<Dependency, 'name' | 'ecosystem'>): Dependency {
  return { file: 'f', line: 3, kind: 'manifest', key: over.name, ...over };
}

function rules(d: Dependency): string[] {
  const item = { change: { type: 'added' as const, after: d }, dep: d, mcp: mcpReasons(d, policy, new Set()) };
  return CHECKS.filter((c) => c.run && ((c.scope ?? 'mcp') === 'all' || item.mcp.length))
    .flatMap((c) => c.run!(item, ctx))
    .map((x) => x.rule)
    .sort();
}

function serverRules(s: Partial<McpServer>): string[] {
  const server: McpServer = { file: '.mcp.json', line: 2, key: 'k', name: 'n', client: 'claude-code', transport: 'http', ...s };
  return CHECKS.flatMap((c) => c.server?.(server, ctx) ?? []).map((x) => x.rule);
}

function settingRules(s: Partial<RegistrySetting> & Pick<RegistrySetting, 'ecosystem' | 'effect' | 'value'>): string[] {
  const setting: RegistrySetting = { file: '.npmrc', line: 1, key: 'k', setting: 'registry', ...s };
  return CHECKS.flatMap((c) => c.setting?.(setting, ctx) ?? []).map((x) => x.rule);
}

describe('launched packages (kind config)', () => {
  test('npx without a version is unpinned; with one, nothing', () => {
    expect(rules(dep({ ecosystem: 'npm', name: '@playwright/mcp', kind: 'config', server: 's', spec: 'latest', specType: 'tag' }))).toEqual(['unpinned']);
    expect(rules(dep({ ecosystem: 'npm', name: '@playwright/mcp', kind: 'config', server: 's', version: '0.0.41', spec: '0.0.41', specType: 'version' }))).toEqual([]);
  });
  test('launched from another registry is a source finding', () => {
    expect(rules(dep({ ecosystem: 'npm', name: '@playwright/mcp', kind: 'config', server: 's', version: '0.0.41', specType: 'version', registry: 'https://npm.evil.example/' }))).toEqual(['source']);
  });
  test('a launched package is MCP-related whatever its name', () => {
    expect(mcpReasons(dep({ ecosystem: 'npm', name: 'left-pad', kind: 'config', server: 'mcpServers/x', file: '.mcp.json' }), policy, new Set())).toEqual([
      'launched as an MCP server by .mcp.json',
    ]);
  });
});

describe('images', () => {
  test('a tag is unpinned when digests are required; a digest is not; an unlisted registry is a source finding', () => {
    expect(rules(dep({ ecosystem: 'oci', name: 'mcp/github', version: 'latest', specType: 'tag', registry: 'docker.io' }))).toEqual(['unpinned']);
    expect(rules(dep({ ecosystem: 'oci', name: 'mcp/github', integrity: `sha256:${'b'.repeat(64)}`, specType: 'version', registry: 'docker.io' }))).toEqual([]);
    expect(rules(dep({ ecosystem: 'oci', name: 'mcp/github', integrity: `sha256:${'b'.repeat(64)}`, specType: 'version', registry: 'registry.evil.example' }))).toEqual(['source']);
  });
});

describe('python', () => {
  const fetch = (over: Partial<Dependency>) => dep({ ecosystem: 'pypi', name: 'mcp_server_fetch', file: 'requirements.txt', version: '2025.4.7', spec: '==2025.4.7', specType: 'version', ...over });
  test('PEP 503 names match the allow entry; a hash is required in requirements files', () => {
    expect(rules(fetch({ integrity: `sha256:${'c'.repeat(64)}` }))).toEqual([]);
    expect(rules(fetch({}))).toEqual(['integrity']);
  });
  test('an extra index and another index are source findings; PEP 440 versions are compared', () => {
    expect(rules(fetch({ integrity: 'sha256:x', extraRegistries: ['https://pypi.acme.example/simple'] }))).toEqual(['source']);
    expect(rules(fetch({ integrity: 'sha256:x', registry: 'https://pypi.acme.example/simple' }))).toEqual(['source']);
    expect(rules(fetch({ integrity: 'sha256:x', version: '2024.12.1', spec: '==2024.12.1' }))).toEqual(['version']);
  });
  test("a file of pypi.org's own file host is from the index when it is this project's file; another project's file is not", () => {
    // The URL shape PyPI serves (pylock.toml archives, direct requirements), hashed as requirements demand.
    const url = (file: string) => `https://files.pythonhosted.org/packages/source/m/mcp-server-fetch/${file}`;
    const direct = (resolved: string, version: string | undefined = '2025.4.7') =>
      rules(fetch({ spec: resolved, specType: 'remote', resolved, version, integrity: `sha256:${'c'.repeat(64)}` }));
    expect(direct(url('mcp_server_fetch-2025.4.7.tar.gz'))).toEqual([]);
    expect(direct(url('mcp_server_fetch-2025.4.7-py3-none-any.whl'))).toEqual([]);
    expect(direct(url('mcp_server_fetch-2025.4.7.tar.gz'), undefined)).toEqual([]);
    expect(direct(url('evil_fetch-2025.4.7.tar.gz'))).toEqual(['source']);
    expect(direct(url('mcp_server_fetch-2025.4.8.tar.gz'))).toEqual(['source']);
    expect(direct(`http://files.pythonhosted.org/packages/mcp_server_fetch-2025.4.7.tar.gz`)).toEqual(['source']);
    expect(direct(`https://files.evil.example/packages/mcp_server_fetch-2025.4.7.tar.gz`)).toEqual(['source']);
    // PyPI's legacy name for the index is the index.
    expect(rules(fetch({ integrity: 'sha256:x', registry: 'https://pypi.python.org/simple/' }))).toEqual([]);
  });
  test('a range is unpinned', () => {
    expect(rules(fetch({ version: undefined, spec: '>=2025.1', specType: 'range', integrity: 'sha256:x' }))).toEqual(['unpinned']);
  });
});

describe('go and cargo', () => {
  test('a replaced MCP module is a source finding; a missing go.sum line is an integrity finding', () => {
    const sdk = { ecosystem: 'go' as const, name: 'github.com/modelcontextprotocol/go-sdk', version: 'v0.3.0', specType: 'version', file: 'go.mod' };
    expect(rules(dep({ ...sdk, integrity: 'h1:x', resolved: 'github.com/evil/go-sdk@v0.3.1', specType: 'remote' }))).toEqual(['source', 'unknown']);
    expect(rules(dep({ ...sdk }))).toEqual(['integrity', 'unknown']);
  });
  test('a git crate source and a missing checksum', () => {
    const rmcp = { ecosystem: 'cargo' as const, name: 'rmcp', version: '0.6.0', kind: 'lockfile' as const, file: 'Cargo.lock' };
    expect(rules(dep({ ...rmcp, resolved: 'git+https://github.com/evil/rmcp?rev=1#' + 'a'.repeat(40), specType: 'git' }))).toEqual(['source', 'unknown']);
    expect(rules(dep({ ...rmcp, resolved: 'registry+https://github.com/rust-lang/crates.io-index' }))).toEqual(['integrity', 'unknown']);
  });
});

describe('bundles', () => {
  const b = (over: Partial<Dependency>) => dep({ ecosystem: 'mcpb', name: 'acme-files', version: '1.0.0', kind: 'bundle', key: 'bundle', file: 'x.mcpb', line: 1, ...over });
  test('pinned sha256 passes, another sha256 fails, neither signed nor pinned fails, an invalid signature fails even when pinned', () => {
    expect(rules(b({ integrity: `sha256:${'a'.repeat(64)}` }))).toEqual([]);
    expect(rules(b({ integrity: `sha256:${'f'.repeat(64)}` }))).toEqual(['bundle']);
    expect(rules(b({ name: 'other-files', integrity: `sha256:${'f'.repeat(64)}` }))).toEqual(['bundle', 'unknown']);
    expect(rules(b({ integrity: `sha256:${'a'.repeat(64)}`, signature: { state: 'invalid', reason: 'forged' } }))).toEqual(['bundle']);
    // Trusted signatures pass: see __tests__/policy/bundle-trust.test.ts, on real signed bundles.
  });
});

describe('remote servers', () => {
  test('http fails, except to this machine; hosts must be listed when the policy lists hosts', () => {
    expect(serverRules({ url: 'http://mcp.acme.example/mcp' })).toEqual(['remote']);
    expect(serverRules({ url: 'http://localhost:3000/mcp' })).toEqual([]);
    expect(serverRules({ url: 'https://api.githubcopilot.com/mcp/' })).toEqual([]);
    expect(serverRules({ url: 'https://eu.acme.example/mcp' })).toEqual([]);
    expect(serverRules({ url: 'https://mcp.evil.example/mcp' })).toEqual(['remote']);
    expect(serverRules({ url: 'not a url' })).toEqual(['remote']);
    expect(serverRules({ transport: 'stdio', command: 'npx' })).toEqual([]);
  });
});

describe('registry settings', () => {
  test('registries: the policy one passes, another fails, a scope is compared with its own registry', () => {
    expect(settingRules({ ecosystem: 'npm', effect: 'registry', value: 'https://registry.npmjs.org' })).toEqual([]);
    // Yarn Berry's documented default npmRegistryServer, written out: the npm registry under Yarn's name.
    expect(settingRules({ ecosystem: 'npm', effect: 'registry', value: 'https://registry.yarnpkg.com' })).toEqual([]);
    expect(settingRules({ ecosystem: 'npm', effect: 'registry', scope: '@acme', value: 'https://registry.yarnpkg.com' })).toEqual(['registry-config']);
    expect(settingRules({ ecosystem: 'npm', effect: 'registry', value: 'https://registry.evil.example/' })).toEqual(['registry-config']);
    expect(settingRules({ ecosystem: 'npm', effect: 'registry', scope: '@acme', value: 'https://npm.acme.internal/' })).toEqual([]);
    expect(settingRules({ ecosystem: 'npm', effect: 'registry', scope: '@modelcontextprotocol', value: 'https://npm.acme.internal/' })).toEqual(['registry-config']);
    expect(settingRules({ ecosystem: 'pypi', effect: 'registry', value: 'https://pypi.org/simple' })).toEqual([]);
    expect(settingRules({ ecosystem: 'go', effect: 'registry', value: 'https://proxy.golang.org,direct' })).toEqual([]);
    expect(settingRules({ ecosystem: 'go', effect: 'registry', value: 'https://goproxy.evil.example' })).toEqual(['registry-config']);
  });
  test('extra indexes, disabled TLS or checksums, insecure hosts, lockfile off; scripts on where the policy wants them off', () => {
    for (const effect of ['extra-registry', 'tls-off', 'checksum-off', 'insecure-host', 'lockfile-off', 'scripts-on'] as const) {
      expect(settingRules({ ecosystem: 'npm', effect, value: 'x' })).toEqual(['registry-config']);
    }
    expect(settingRules({ ecosystem: 'npm', effect: 'other', value: 'x' })).toEqual([]);
  });
});

test('keyed diff: the same entry on another line is unchanged; other content is changed', () => {
  const a = [{ key: 'a', line: 1, v: 1 }, { key: 'b', line: 2, v: 1 }];
  const b = [{ key: 'a', line: 5, v: 1 }, { key: 'b', line: 6, v: 2 }, { key: 'c', line: 7, v: 1 }];
  expect(diffKeyed(a, b, (x) => x.key).map((c) => c.type)).toEqual(['unchanged', 'changed', 'added']);
  expect(diffKeyed(b, a, (x) => x.key).map((c) => c.type)).toEqual(['unchanged', 'changed', 'removed']);
});
