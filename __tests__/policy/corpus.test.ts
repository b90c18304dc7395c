// The official and deprecated parts of the built-in corpus: every entry says where it was confirmed,
// every deprecated name is one the default policy knows, and the default policy allows them.
import { DEPRECATED_MCP, OFFICIAL_MCP, WELL_KNOWN_MCP } from '../../src/policy/corpus.js';
import { loadPolicy } from '../../src/policy/index.js';
import { allowEntriesFor } from '../../src/policy/match.js';
import { canonicalName } from '../../src/ecosystems/common.js';

const key = (e: { name: string; ecosystem: string }) => `${e.ecosystem}:${canonicalName(e.name, e.ecosystem as 'npm')}`;

describe('official MCP packages', () => {
  test('each names its source: a registry answer or a file of the official repository', () => {
    for (const e of OFFICIAL_MCP) expect([e.name, /npm view|modelcontextprotocol\/|github\//.test(e.source)]).toEqual([e.name, true]);
  });

  test('cover the SDK of each ecosystem the gate reads, and the split TypeScript v2 packages', () => {
    const names = new Set([...OFFICIAL_MCP, ...WELL_KNOWN_MCP].map(key));
    for (const k of [
      'npm:@modelcontextprotocol/sdk',
      'npm:@modelcontextprotocol/server',
      'npm:@modelcontextprotocol/client',
      'npm:@modelcontextprotocol/core',
      'npm:@modelcontextprotocol/node',
      'npm:@modelcontextprotocol/express',
      'npm:@modelcontextprotocol/inspector',
      'npm:@modelcontextprotocol/conformance',
      'npm:@modelcontextprotocol/ext-apps',
      'pypi:mcp',
      'go:github.com/modelcontextprotocol/go-sdk',
      'cargo:rmcp',
      'cargo:rmcp-macros',
    ]) {
      expect([k, names.has(k)]).toEqual([k, true]);
    }
  });

  test('are not repeated, and not repeated from the typosquat corpus', () => {
    const keys = OFFICIAL_MCP.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const wellKnown = new Set(WELL_KNOWN_MCP.map(key));
    expect(keys.filter((k) => wellKnown.has(k))).toEqual([]);
  });

  test('the built-in default policy allows them; a policy file does not unless it says so', () => {
    const builtin = loadPolicy({ kind: 'default', path: '.github/mcp-policy.yml' });
    for (const e of OFFICIAL_MCP) expect([e.name, allowEntriesFor(builtin, e.name, e.ecosystem).length > 0]).toEqual([e.name, true]);
    const file = loadPolicy({ kind: 'file', path: 'p.yml', text: 'version: 1\n' });
    expect(allowEntriesFor(file, 'github.com/modelcontextprotocol/go-sdk', 'go')).toEqual([]);
    const opted = loadPolicy({ kind: 'file', path: 'p.yml', text: 'version: 1\nbuiltin:\n  allow-well-known: true\n' });
    expect(allowEntriesFor(opted, 'rmcp', 'cargo')).toHaveLength(1);
  });
});

describe('deprecated MCP packages', () => {
  test('each says why and where that was read', () => {
    for (const e of DEPRECATED_MCP) {
      expect(e.reason.length).toBeGreaterThan(10);
      expect([e.name, /modelcontextprotocol\/servers@[0-9a-f]{7}/.test(e.source)]).toEqual([e.name, true]);
    }
  });

  test('are names the corpus knows, so the default policy still allows them (the warning is the deprecation)', () => {
    const known = new Set([...OFFICIAL_MCP, ...WELL_KNOWN_MCP].map(key));
    for (const e of DEPRECATED_MCP) expect([e.name, known.has(key(e))]).toEqual([e.name, true]);
  });

  test('the archived GitHub, Brave Search and Slack servers name their maintained replacements', () => {
    const replacement = (name: string) => DEPRECATED_MCP.find((e) => e.name === name)?.replacement;
    expect(replacement('@modelcontextprotocol/server-github')).toContain('github/github-mcp-server');
    expect(replacement('@modelcontextprotocol/server-brave-search')).toContain('@brave/brave-search-mcp-server');
    expect(replacement('@modelcontextprotocol/server-slack')).toContain('zencoderai/slack-mcp-server');
  });

  test('maintained reference servers are not deprecated', () => {
    const deprecated = new Set(DEPRECATED_MCP.map((e) => e.name));
    for (const n of ['@modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-memory', 'mcp-server-git', 'mcp-server-fetch']) {
      expect(deprecated.has(n)).toBe(false);
    }
  });
});
