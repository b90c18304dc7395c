// Issue "quiet on healthy MCP repositories", class 6: a server that runs the repository's own code
// (cargo run, go run, dotnet run, uv run, npm/pnpm run, deno run, node ./x.js) is shown in the
// inventory as "runs code from this repository", not reported. A program on PATH is a
// `launcher-path` warning that says how to allow it; the policy's `launchers.allow` names the
// accepted ones. Shells, downloaders and unpinned npx stay what they were. The bundled CLI runs on
// real pull requests in real git repositories.
import { lineOf } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';
import { checkPr, filePr, where } from './servers';

function mcpJson(servers: Record<string, unknown>): string {
  return JSON.stringify({ mcpServers: servers }, null, 2) + '\n';
}

// Shapes: `cargo run --example x -- stdio` as modelcontextprotocol/rust-sdk@4a738b9d:examples/clients/src/progress_client.rs
// starts its server; `go run ./cmd/github-mcp-server` as github/github-mcp-server@8ce77e3c:docs/toolsets-and-icons.md runs it;
// `uv --directory <dir> run weather.py` as the python-sdk quickstart config; the others are the same idea per toolchain.
const LOCAL = {
  rust: { command: 'cargo', args: ['run', '--example', 'servers_counter_stdio', '--', 'stdio'] },
  go: { command: 'go', args: ['run', './cmd/github-mcp-server', 'stdio'] },
  dotnet: { command: 'dotnet', args: ['run', '--project', 'samples/QuickstartWeatherServer'] },
  python: { command: 'uv', args: ['--directory', 'examples/weather', 'run', 'weather.py'] },
  npm: { command: 'npm', args: ['run', 'mcp'] },
  pnpm: { command: 'pnpm', args: ['run', 'start:mcp'] },
  deno: { command: 'deno', args: ['run', '--allow-net', 'server.ts'] },
  node: { command: 'node', args: ['./dist/index.js'] },
};

describe('the repository\'s own code', () => {
  test('every local launch passes with no finding; the inventory says it runs code from this repository', async () => {
    const config = mcpJson(LOCAL);
    const res = await checkPr(filePr({ '.mcp.json': config }));
    expect(res.findings).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.conclusion).toBe('success');
    const local = Object.fromEntries(res.report.servers.map((s: any) => [s.name, s.local]));
    expect(local).toEqual({
      rust: 'runs code from this repository (cargo run)',
      go: 'runs code from this repository (go run ./cmd/github-mcp-server)',
      dotnet: 'runs code from this repository (dotnet run)',
      python: 'runs code from this repository (uv run weather.py)',
      npm: 'runs code from this repository (npm run)',
      pnpm: 'runs code from this repository (pnpm run)',
      deno: 'runs code from this repository (deno server.ts)',
      node: 'runs code from this repository (node ./dist/index.js)',
    });
    // The text report a maintainer reads shows it too.
    const text = await runCli(['check', '--repo', filePr({ '.vscode/mcp.json': JSON.stringify({ servers: { rust: LOCAL.rust } }, null, 2) }).repo.dir, '--base', 'HEAD~1', '--head', 'HEAD', '--offline'], { cwd: '/' });
    expect(text.stdout).toContain('cargo run · runs code from this repository (cargo run)');
  });

  test('go run of a module at a version is a package like npx: unpinned when it says @latest', async () => {
    const config = mcpJson({ gh: { command: 'go', args: ['run', 'github.com/acme/widgets-mcp/cmd/server@latest', 'stdio'] } });
    const res = await checkPr(filePr({ '.cursor/mcp.json': config }));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'unpinned')).toEqual([{ file: '.cursor/mcp.json', line: lineOf(config, '"gh"') }]);
    expect(res.report.servers[0].packages).toEqual([expect.objectContaining({ ecosystem: 'go', name: 'github.com/acme/widgets-mcp/cmd/server', spec: 'latest' })]);
  });
});

describe('a program on PATH', () => {
  // Shape: github/github-mcp-server@8ce77e3c:docs/installation-guides/install-claude.md (`"command": "github-mcp-server", "args": ["stdio"]`).
  const config = mcpJson({ github: { command: 'github-mcp-server', args: ['stdio'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_PAT}' } } });

  test('is a launcher-path warning on the server entry that says how to allow it; the PR passes', async () => {
    const res = await checkPr(filePr({ '.mcp.json': config }));
    expect(res.findings).toEqual([
      expect.objectContaining({ rule: 'launcher-path', level: 'warning', file: '.mcp.json', line: lineOf(config, '"github"'), name: 'github-mcp-server' }),
    ]);
    expect(res.findings[0].message).toContain('launchers: allow: [github-mcp-server]');
    expect(res.code).toBe(0);
    expect(res.report.servers[0]).toMatchObject({ launcher: 'path', program: { name: 'github-mcp-server', allowed: false } });
  });

  test('is quiet when the base policy allows it by name; the inventory records that', async () => {
    const policy = 'version: 1\nbuiltin:\n  allow-well-known: true\nlaunchers:\n  allow: [github-mcp-server]\n';
    const res = await checkPr(filePr({ '.mcp.json': config }, {}, policy));
    expect(res.findings).toEqual([]);
    expect(res.report.servers[0].program).toEqual({ name: 'github-mcp-server', allowed: true });
  });

  test('a policy can make it an error like before', async () => {
    const res = await checkPr(filePr({ '.mcp.json': config }, {}, 'version: 1\nrules:\n  launcher-path: error\n'));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'launcher-path')).toEqual([{ file: '.mcp.json', line: lineOf(config, '"github"') }]);
  });

  test('allowing a shell by name is refused with the policy file and line', async () => {
    const policy = 'version: 1\nlaunchers:\n  allow:\n    - github-mcp-server\n    - bash\n';
    const pr = filePr({ '.mcp.json': config }, {}, policy);
    const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--offline'], { cwd: pr.repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('.github/mcp-policy.yml:5: launchers.allow.1: "bash" is a shell or downloader');
  });
});

describe('what stays an error', () => {
  test('a shell pipeline and curl stay launcher errors on the command line, even with the program allowed', async () => {
    const config = mcpJson({
      installer: { command: 'bash', args: ['-c', 'curl -fsSL https://get.example.com/mcp.sh | sh'] },
      fetcher: { command: 'curl', args: ['-fsSL', 'https://get.example.com/server'] },
    });
    const policy = 'version: 1\nlaunchers:\n  allow: [github-mcp-server]\n';
    const res = await checkPr(filePr({ '.mcp.json': config }, {}, policy));
    expect(res.code).toBe(1);
    const launcher = res.findings.filter((f) => f.rule === 'launcher');
    expect(launcher.every((f) => f.level === 'error')).toBe(true);
    expect(new Set(launcher.map((f) => f.line))).toEqual(new Set([lineOf(config, '"command": "bash"'), lineOf(config, '"command": "curl"')]));
    expect(where(res.findings, 'launcher-path')).toEqual([]);
  });

  test('npx -y with no version stays unpinned', async () => {
    const config = mcpJson({ memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } });
    const res = await checkPr(filePr({ '.mcp.json': config }));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'unpinned')).toEqual([{ file: '.mcp.json', line: lineOf(config, '"memory"') }]);
  });
});

describe("Visual Studio's .mcp.json (servers at a solution root)", () => {
  // Shape of modelcontextprotocol/csharp-sdk@e85068ef:.mcp.json: Visual Studio reads `servers` from a
  // .mcp.json at the solution root; the demos start their own built servers with `dotnet <dll>`.
  const vs = (servers: Record<string, unknown>) => JSON.stringify({ servers }, null, 2) + '\n';
  const own = { type: 'stdio', command: 'dotnet', args: ['artifacts\\bin\\FireworksServer\\Debug\\net10.0\\FireworksServer.dll', '--McpTransport=stdio'] };

  test('its own built servers are local code: no finding, no config-shape notice, listed in the inventory', async () => {
    const res = await checkPr(filePr({ '.mcp.json': vs({ 'Fireworks Show Control': own }) }));
    expect(res.findings).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.servers.map((s: any) => [s.name, s.local])).toEqual([['Fireworks Show Control', expect.stringContaining('runs code from this repository')]]);
  });

  test('a package it launches is judged like any other launch (it used to be a config-shape notice only)', async () => {
    const config = vs({ 'Fireworks Show Control': own, docs: { command: 'npx', args: ['-y', 'acme-docs-mcp'] } });
    const res = await checkPr(filePr({ '.mcp.json': config }));
    expect(res.code).toBe(1);
    expect(res.findings.map((f) => [f.rule, f.level, f.file, f.line])).toEqual([
      ['unknown', 'error', '.mcp.json', lineOf(config, '"docs"')],
      ['unpinned', 'error', '.mcp.json', lineOf(config, '"docs"')],
    ]);
  });
});

describe('a program, script or project at a path outside the repository', () => {
  // Shapes of personal configs committed to real repositories: mongodb-js/mongodb-mcp-server@19b461ca:.mcp.json
  // (node /Users/…/dist/esm/index.js), awslabs/mcp@3d995afd:.amazonq/mcp.json (uv run /Users/…/server.py),
  // modelcontextprotocol/rust-sdk@7b2fe6af:.vscode/mcp.json (cargo run --manifest-path /home/…/Cargo.toml).
  // They were passed in silence, two of them as "runs code from this repository".
  const config = mcpJson({
    MongoDB: { command: 'node', args: ['/Users/dev/mongodb-mcp-server/dist/esm/index.js'] },
    'cost-explorer': { command: 'uv', args: ['run', '/Users/dev/cost-explorer/server.py'] },
    'generic-server': { command: 'cargo', args: ['run', '--manifest-path', '/home/dev/rmcp/Cargo.toml', '--example', 'servers_std_io'] },
    own: { command: 'node', args: ['${workspaceFolder}/dist/index.js'] },
  });

  test('each is a launcher-path warning naming the path (the PR passes); the repository\'s own path is not', async () => {
    const res = await checkPr(filePr({ '.mcp.json': config }));
    expect(res.code).toBe(0);
    expect(res.findings.map((f) => [f.rule, f.level, f.line, f.name])).toEqual([
      ['launcher-path', 'warning', lineOf(config, '"MongoDB"'), '/Users/dev/mongodb-mcp-server/dist/esm/index.js'],
      ['launcher-path', 'warning', lineOf(config, '"cost-explorer"'), '/Users/dev/cost-explorer/server.py'],
      ['launcher-path', 'warning', lineOf(config, '"generic-server"'), '/home/dev/rmcp/Cargo.toml'],
    ]);
    expect(res.findings[0].message).toContain('a path on the machine outside this repository');
    const local = Object.fromEntries(res.report.servers.map((s: any) => [s.name, s.local]));
    expect(local).toEqual({ MongoDB: undefined, 'cost-explorer': undefined, 'generic-server': undefined, own: 'runs code from this repository (node ${workspaceFolder}/dist/index.js)' });
  });

  test('the policy can make them errors (rules.launcher-path: error)', async () => {
    const res = await checkPr(filePr({ '.mcp.json': config }, {}, 'version: 1\nrules:\n  launcher-path: error\n'));
    expect(res.code).toBe(1);
    expect(res.findings.filter((f) => f.level === 'error').map((f) => f.line)).toEqual([lineOf(config, '"MongoDB"'), lineOf(config, '"cost-explorer"'), lineOf(config, '"generic-server"')]);
  });
});
