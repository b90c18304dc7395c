// The pure middle: diff, classification, rules and verdict, on plain data.
import { CHECKS } from '../../src/checks/index';
import { NO_FACTS } from '../../src/types';
import { hasMcpWord, mcpReasons, sdkDependents } from '../../src/pipeline/inventory/classify';
import { diffDependencies } from '../../src/pipeline/inventory/diff';
import { parsePolicy } from '../../src/policy/index';
import type { Dependency, InventoryItem } from '../../src/types';
import { conclude, decide } from '../../src/pipeline/verdict';
import { lineOf } from '../helpers/git-repo';

const POLICY_TEXT = `version: 1
mcp:
  include: ["@acme/agent-*"]
  exclude: ["mcpx-unrelated"]
registries:
  npm:
    scopes:
      "@acme": https://npm.acme.internal/
allow:
  - name: "@modelcontextprotocol/*"
    versions: ">=2025.1.0"
  - name: "@acme/*"
deny:
  - name: bad-mcp
    versions: "<2.0.0"
    reason: "compromised 1.x"
exceptions:
  - name: "legacy-mcp"
    rules: [unknown]
    reason: "migrating off it"
    expires: 2026-01-31
  - name: "current-mcp"
    rules: ["*"]
    reason: "vendored, reviewed"
`;
const policy = parsePolicy(POLICY_TEXT, { kind: 'file', path: 'policy.yml' });

function lock(name: string, extra: Partial<Dependency> = {}): Dependency {
  const version = extra.version ?? '2026.1.0';
  const bare = name.startsWith('@') ? name.split('/')[1] : name;
  return {
    ecosystem: 'npm',
    name,
    version,
    resolved: `https://registry.npmjs.org/${name}/-/${bare}-${version}.tgz`,
    integrity: 'sha512-' + 'A'.repeat(86) + '==',
    file: 'package-lock.json',
    line: 10,
    kind: 'lockfile',
    key: `node_modules/${name}`,
    ...extra,
  };
}

function item(dep: Dependency): InventoryItem {
  return { change: { type: 'added', after: dep }, dep, mcp: mcpReasons(dep, policy, new Set()) };
}

function rulesFor(dep: Dependency): string[] {
  const it = item(dep);
  return CHECKS.filter((c) => (c.scope ?? 'mcp') === 'all' || it.mcp.length)
    .flatMap((c) => c.run?.(it, { policy, facts: NO_FACTS, now: new Date("2026-11-21") }) ?? [])
    .map((d) => d.rule)
    .sort();
}

describe('diff', () => {
  test('added, removed, unchanged, and a changed integrity at the same version', () => {
    const a = lock('a-mcp');
    const b = lock('b-mcp');
    const c = lock('c-mcp');
    const changes = diffDependencies([a, b], [{ ...a }, { ...b, integrity: 'sha512-B' }, c]);
    expect(changes.map((x) => [x.type, x.after?.name ?? x.before?.name, x.fields])).toEqual([
      ['unchanged', 'a-mcp', undefined],
      ['changed', 'b-mcp', ['integrity']],
      ['added', 'c-mcp', undefined],
    ]);
    expect(diffDependencies([a], []).map((x) => x.type)).toEqual(['removed']);
  });
});

describe('MCP classification says why', () => {
  test.each([
    ['fastmcp', true],
    ['mcp-remote', true],
    ['@upstash/context7-mcp', true],
    ['mcpx-tool', true],
    ['lodash', false],
    ['compact', false],
    ['amcpx-adjacent', false],
  ])('%s contains mcp as a word part: %s', (name, expected) => {
    expect(hasMcpWord(name)).toBe(expected);
  });

  test('scope, include glob, SDK dependency, exclude', () => {
    expect(mcpReasons(lock('@modelcontextprotocol/server-x'), policy, new Set())).toContain('in the @modelcontextprotocol scope');
    expect(mcpReasons(lock('@acme/agent-files'), policy, new Set()).join()).toContain('mcp.include "@acme/agent-*"');
    const usesSdk = lock('plain-tool', { requires: ['@modelcontextprotocol/sdk', 'zod'] });
    expect(mcpReasons(usesSdk, policy, new Set())).toEqual(['depends on an MCP SDK']);
    expect(mcpReasons({ ...usesSdk, requires: undefined, kind: 'manifest' }, policy, sdkDependents([usesSdk])).join()).toContain('MCP SDK');
    expect(mcpReasons(lock('mcpx-unrelated'), policy, new Set())).toEqual([]);
  });
});

describe('rules on one dependency', () => {
  test('an allowlisted, registry-resolved, sha512 entry raises nothing', () => {
    expect(rulesFor(lock('@modelcontextprotocol/server-memory'))).toEqual([]);
  });

  test('deny by version range', () => {
    expect(rulesFor(lock('bad-mcp', { version: '1.5.0' }))).toEqual(['denied']);
    expect(rulesFor(lock('bad-mcp', { version: '2.0.0' }))).toEqual(['unknown']);
  });

  test('version outside the allowed range', () => {
    expect(rulesFor(lock('@modelcontextprotocol/server-memory', { version: '2024.12.1' }))).toEqual(['version']);
  });

  test('sources: another host, http, git, a scope expected from its private registry, another tarball', () => {
    const x = (resolved: string, name = '@modelcontextprotocol/server-memory') => rulesFor(lock(name, { resolved }));
    expect(x('https://evil.example/server-memory-2026.1.0.tgz')).toEqual(['source']);
    expect(x('http://registry.npmjs.org/@modelcontextprotocol/server-memory/-/server-memory-2026.1.0.tgz')).toEqual(['source']);
    expect(x('git+ssh://git@github.com/evil/fork.git#abc')).toEqual(['source']);
    expect(x('https://registry.npmjs.org/@acme/agent-x/-/agent-x-2026.1.0.tgz', '@acme/agent-x')).toEqual(['source']);
    expect(x('https://npm.acme.internal/@acme/agent-x/-/agent-x-2026.1.0.tgz', '@acme/agent-x')).toEqual([]);
    expect(x('https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz')).toEqual(['source']);
  });

  test("Yarn's default registry.yarnpkg.com is the npm registry, for its own tarball only", () => {
    const x = (resolved: string, name = '@modelcontextprotocol/server-memory') => rulesFor(lock(name, { resolved }));
    // The shape yarn 1 writes: the tarball path of the npm registry on Yarn's host, the sha1 after `#`.
    expect(x(`https://registry.yarnpkg.com/@modelcontextprotocol/server-memory/-/server-memory-2026.1.0.tgz#${'a'.repeat(40)}`)).toEqual([]);
    // Still the tarball of this name and version, still https, still not for a scope that has its own registry.
    expect(x('https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz')).toEqual(['source']);
    expect(x('http://registry.yarnpkg.com/@modelcontextprotocol/server-memory/-/server-memory-2026.1.0.tgz')).toEqual(['source']);
    expect(x('https://registry.yarnpkg.com/@acme/agent-x/-/agent-x-2026.1.0.tgz', '@acme/agent-x')).toEqual(['source']);
    // A private registry has no alias: yarnpkg is another host for it.
    const privatePolicy = parsePolicy('version: 1\nregistries:\n  npm:\n    url: https://npm.acme.internal/\nallow:\n  - name: "@modelcontextprotocol/*"\n', { kind: 'file', path: 'p.yml' });
    const d = lock('@modelcontextprotocol/server-memory', { resolved: 'https://registry.yarnpkg.com/@modelcontextprotocol/server-memory/-/server-memory-2026.1.0.tgz' });
    const it = { change: { type: 'added' as const, after: d }, dep: d, mcp: ['x'] };
    expect(CHECKS.find((c) => c.rule === 'source')!.run!(it, { policy: privatePolicy, facts: NO_FACTS, now: new Date() }).map((f) => f.message)).toEqual([
      expect.stringContaining('not from the policy\'s registry https://npm.acme.internal/'),
    ]);
  });

  test('integrity: missing, sha1 only, not SRI', () => {
    expect(rulesFor(lock('@modelcontextprotocol/server-memory', { integrity: undefined }))).toEqual(['integrity']);
    expect(rulesFor(lock('@modelcontextprotocol/server-memory', { integrity: 'sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=' }))).toEqual(['integrity']);
    expect(rulesFor(lock('@modelcontextprotocol/server-memory', { integrity: 'garbage' }))).toEqual(['integrity']);
  });

  test('manifest specs: range, tag, git without a commit, git pinned to a commit, tarball URL', () => {
    const m = (spec: string, specType: string, version?: string) =>
      rulesFor({ ...lock('@modelcontextprotocol/server-memory'), kind: 'manifest', file: 'package.json', key: 'dependencies/x', resolved: undefined, integrity: undefined, spec, specType, version });
    expect(m('^2026.1.0', 'range')).toEqual(['unpinned']);
    expect(m('latest', 'tag')).toEqual(['unpinned']);
    expect(m('github:evil/fork', 'git')).toEqual(['source', 'unpinned']);
    expect(m('github:evil/fork#' + 'a'.repeat(40), 'git')).toEqual(['source']);
    expect(m('https://evil.example/x.tgz', 'remote')).toEqual(['source']);
    expect(m('2026.1.0', 'version', '2026.1.0')).toEqual([]);
  });

  test('install scripts and typosquats, the latter judged even when the name does not look MCP-related', () => {
    expect(rulesFor(lock('@modelcontextprotocol/server-memory', { hasInstallScript: true }))).toEqual(['install-scripts']);
    const squat = item(lock('@upstach/context7-mcp'));
    const drafts = CHECKS.flatMap((c) => c.run?.(squat, { policy, facts: NO_FACTS, now: new Date() }) ?? []);
    expect(drafts.find((d) => d.rule === 'typosquat')?.message).toContain('@upstash/context7-mcp');
  });
});

describe('verdict', () => {
  const draft = (name: string, rule: 'unknown' | 'denied') => ({ rule, file: 'package.json', line: 3, message: `${name} ${rule}`, name, ecosystem: 'npm' as const });

  test('levels from the policy, live exceptions as notices, expired exceptions reported', () => {
    const findings = decide([draft('legacy-mcp', 'unknown'), draft('current-mcp', 'denied'), draft('other-mcp', 'unknown')], policy, new Date('2026-11-21'));
    expect(findings.map((f) => [f.rule, f.level, f.name])).toEqual([
      ['unknown', 'error', 'legacy-mcp'],
      ['unknown', 'error', 'other-mcp'],
      ['exception-expired', 'warning', 'legacy-mcp'],
      ['denied', 'notice', 'current-mcp'],
    ]);
    expect(findings.find((f) => f.rule === 'exception-expired')).toMatchObject({ file: 'policy.yml', line: lineOf(POLICY_TEXT, '- name: "legacy-mcp"') });
    expect(findings.find((f) => f.name === 'current-mcp')?.excepted).toBe('vendored, reviewed');
    expect(conclude(findings, 3)).toBe('failure');
  });

  test('rules set to off disappear; nothing judged is neutral', () => {
    const quiet = { ...policy, rules: { ...policy.rules, unknown: 'off' as const } };
    expect(decide([draft('other-mcp', 'unknown')], quiet, new Date())).toEqual([]);
    expect(conclude([], 0)).toBe('neutral');
    expect(conclude([], 2)).toBe('success');
  });
});
