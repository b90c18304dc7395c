// The user-level client configs `scan --user` reads: Claude Code's ~/.claude.json (top-level and
// per-project servers), VS Code's user-profile mcp.json, Zed's Windows settings; and the paths each
// format claims.
import { formatFor } from '../../src/formats/index.js';
import { claudeUserConfig } from '../../src/formats/mcp/clients/claude-user.js';
import { asParsed, ParseError } from '../../src/formats/format.js';
import { lineOf } from './helpers.js';

const CLAUDE = `{
  "numStartups": 3,
  "mcpServers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.8.4"] }
  },
  "projects": {
    "/home/me/app": {
      "allowedTools": [],
      "mcpServers": {
        "db": { "command": "uvx", "args": ["mcp-server-sqlite==0.6.2"] },
        "docs": { "type": "http", "url": "https://mcp.example.com/mcp" }
      }
    },
    "/home/me/empty": { "allowedTools": [] }
  }
}
`;

describe('~/.claude.json', () => {
  test('user-scope and per-project servers, each on the line of its name, with distinct keys', () => {
    const parsed = asParsed(claudeUserConfig.parse(CLAUDE, '~/.claude.json'));
    expect(parsed.servers!.map((s) => [s.name, s.line, s.key, s.client])).toEqual([
      ['memory', lineOf(CLAUDE, '"memory"'), 'mcpServers/memory', 'claude-code'],
      ['db', lineOf(CLAUDE, '"db"'), 'projects["/home/me/app"].mcpServers/db', 'claude-code'],
      ['docs', lineOf(CLAUDE, '"docs"'), 'projects["/home/me/app"].mcpServers/docs', 'claude-code'],
    ]);
    expect(parsed.deps.map((d) => [d.ecosystem, d.name, d.version, d.line])).toEqual([
      ['npm', '@modelcontextprotocol/server-memory', '2025.8.4', lineOf(CLAUDE, '"memory"')],
      ['pypi', 'mcp-server-sqlite', '0.6.2', lineOf(CLAUDE, '"db"')],
    ]);
    expect(parsed.servers!.find((s) => s.name === 'docs')).toMatchObject({ transport: 'http', url: 'https://mcp.example.com/mcp' });
  });

  test('a file without servers is read as empty; a wrong shape is a parse error on its line', () => {
    expect(asParsed(claudeUserConfig.parse('{"numStartups": 1}', '~/.claude.json')).servers).toEqual([]);
    const bad = '{\n  "projects": {\n    "/x": { "mcpServers": [1] }\n  }\n}\n';
    expect(() => claudeUserConfig.parse(bad, '~/.claude.json')).toThrow(ParseError);
    try {
      claudeUserConfig.parse(bad, '~/.claude.json');
    } catch (e) {
      expect((e as ParseError).line).toBe(lineOf(bad, '"mcpServers"'));
    }
  });
});

describe('which format reads a user config path', () => {
  test.each([
    ['~/.claude.json', 'claude-user-config'],
    ['~/.config/Code/User/mcp.json', 'vscode-mcp'],
    ['~/Library/Application Support/Code - Insiders/User/mcp.json', 'vscode-mcp'],
    ['~/AppData/Roaming/VSCodium/User/profiles/3f2a/mcp.json', 'vscode-mcp'],
    ['~/AppData/Roaming/Zed/settings.json', 'zed-settings'],
    ['~/.config/zed/settings.json', 'zed-settings'],
    ['~/AppData/Roaming/Claude/claude_desktop_config.json', 'claude-desktop-config'],
    ['~/.codeium/windsurf/mcp_config.json', 'windsurf-mcp'],
    // Not a VS Code profile: any other mcp.json stays the generic format.
    ['tools/User/mcp.json', 'mcp-json'],
    ['node_modules/x/.claude.json', undefined],
  ])('%s -> %s', (path, id) => {
    expect(formatFor(path)?.id).toBe(id);
  });

  test('VS Code user mcp.json reads `servers` and its inputs as VS Code does', () => {
    const text = '{\n  "inputs": [{ "id": "tok", "type": "promptString", "password": true }],\n  "servers": {\n    "gh": { "command": "npx", "args": ["-y", "@acme/gh-mcp@1.0.0"] }\n  }\n}\n';
    const parsed = asParsed(formatFor('~/.config/Code/User/mcp.json')!.parse(text, '~/.config/Code/User/mcp.json'));
    expect(parsed.servers!.map((s) => [s.client, s.name, s.line])).toEqual([['vscode', 'gh', lineOf(text, '"gh"')]]);
  });
});
