// Issue "quiet on healthy MCP repositories", class 9: launching or adding a server the MCP project
// archived is a `deprecated` warning that names the maintained replacement, offline, from the
// built-in corpus; online, the registry's own deprecation message joins the same finding.
import { lineOf } from '../helpers/git-repo';
import { TestRegistry } from '../helpers/npm-registry';
import { runCli } from '../helpers/run-dist';
import { checkPr, filePr } from './servers';

function mcpJson(servers: Record<string, unknown>): string {
  return JSON.stringify({ mcpServers: servers }, null, 2) + '\n';
}

describe('archived reference servers (offline, default policy)', () => {
  test('launching the archived GitHub server warns and names github/github-mcp-server; the PR still passes', async () => {
    // Shape: the README example of the archived server (modelcontextprotocol/servers@d53d6cc7^:src/github/README.md), pinned.
    const config = mcpJson({ github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_TOKEN}' } } });
    const res = await checkPr(filePr({ '.mcp.json': config }));
    const deprecated = res.findings.filter((f) => f.rule === 'deprecated');
    expect(deprecated).toEqual([expect.objectContaining({ level: 'warning', file: '.mcp.json', line: lineOf(config, '"github"'), name: '@modelcontextprotocol/server-github' })]);
    expect(deprecated[0].message).toContain('archived by the MCP project');
    expect(deprecated[0].message).toContain('Move to GitHub\'s own server, github/github-mcp-server');
    expect(res.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.conclusion).toBe('success');
  });

  test('an archived server with no named replacement says so, and what to do', async () => {
    const config = mcpJson({ db: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-postgres@0.6.2', 'postgresql://localhost/app'] } });
    const res = await checkPr(filePr({ '.cursor/mcp.json': config }));
    const f = res.findings.find((x) => x.rule === 'deprecated')!;
    expect(f).toMatchObject({ level: 'warning', file: '.cursor/mcp.json', line: lineOf(config, '"db"') });
    expect(f.message).toContain('names no maintained replacement');
  });

  test('an archived Python server added to pyproject.toml warns on its line', async () => {
    const pyproject = `[project]\nname = "acme-agent"\nversion = "0.1.0"\ndependencies = [\n    "mcp-server-sqlite==2025.4.25",\n]\n`;
    const res = await checkPr(filePr({ 'pyproject.toml': pyproject }));
    expect(res.findings.filter((f) => f.rule === 'deprecated')).toEqual([
      expect.objectContaining({ level: 'warning', file: 'pyproject.toml', line: lineOf(pyproject, 'mcp-server-sqlite') }),
    ]);
  });

  test('a maintained reference server is not deprecated', async () => {
    const config = mcpJson({ fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', '.'] } });
    const res = await checkPr(filePr({ '.mcp.json': config }));
    expect(res.findings).toEqual([]);
    expect(res.report.conclusion).toBe('success');
  });

  test('a policy that sets deprecated to error blocks it', async () => {
    const config = mcpJson({ search: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-brave-search@0.6.2'] } });
    const policy = 'version: 1\nbuiltin:\n  allow-well-known: true\nrules:\n  deprecated: error\n';
    const res = await checkPr(filePr({ '.mcp.json': config }, {}, policy));
    expect(res.code).toBe(1);
    const f = res.findings.find((x) => x.rule === 'deprecated')!;
    expect(f.level).toBe('error');
    expect(f.message).toContain('@brave/brave-search-mcp-server');
  });
});

describe('online: the registry deprecates it too', () => {
  let registry: TestRegistry;
  beforeEach(async () => {
    registry = await TestRegistry.start();
  });
  afterEach(async () => {
    await registry.close();
  });

  test('one finding carries both the archive note and the registry message', async () => {
    registry.publish({ name: '@modelcontextprotocol/server-github', version: '2025.4.8', deprecated: 'Package no longer supported.' });
    const k = registry.policyKey();
    const policy = `version: 1
builtin:
  allow-well-known: true
registries:
  npm:
    url: ${registry.url}
    keys:
      - keyid: "${k.keyid}"
        key: "${k.key}"
`;
    const config = mcpJson({ github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] } });
    const pr = filePr({ '.mcp.json': config }, {}, policy);
    const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--format', 'json'], { cwd: pr.repo.dir });
    const report = JSON.parse(res.stdout);
    const deprecated = report.findings.filter((f: any) => f.rule === 'deprecated');
    expect(deprecated).toHaveLength(1);
    expect(deprecated[0].message).toContain('github/github-mcp-server');
    expect(deprecated[0].message).toContain('The registry marks @modelcontextprotocol/server-github@2025.4.8 deprecated too: Package no longer supported.');
    expect(report.findings.filter((f: any) => f.level === 'error')).toEqual([]);
  });
});
