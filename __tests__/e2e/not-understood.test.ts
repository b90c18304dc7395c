// Issue "quiet on healthy MCP repositories", class 8: say what was not understood. A config whose
// shape the gate does not know is a notice naming the file; a server.json with only remotes adds no
// phantom package entry; a release-time template is reported as a template (one warning that names
// the real problem), and the policy can accept template files. The bundled CLI runs on real pull
// requests in real git repositories.
import { lineOf } from '../formats/helpers';
import { runCli } from '../helpers/run-dist';
import { checkPr, filePr, where } from './servers';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

function serverJson(body: Record<string, unknown>): string {
  return `${JSON.stringify({ $schema: SCHEMA, ...body }, null, 2)}\n`;
}

describe('a config shape the gate does not know', () => {
  test('a bare { "name": { "url": … } } map is a notice naming the file, not a silent neutral', async () => {
    // Shape: a bare server map without "mcpServers" (the shape the issue reports), as .cursor/mcp.json.
    const config = JSON.stringify({ docs: { url: 'https://modelcontextprotocol.io/mcp' }, memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2026.8.31'] } }, null, 2) + '\n';
    const res = await checkPr(filePr({ '.cursor/mcp.json': config }));
    expect(res.findings).toEqual([expect.objectContaining({ rule: 'config-shape', level: 'notice', file: '.cursor/mcp.json', line: lineOf(config, '"docs"') })]);
    expect(res.findings[0].message).toContain('.cursor/mcp.json has no "mcpServers" key');
    expect(res.findings[0].message).toContain('"docs", "memory"');
    expect(res.code).toBe(0);
    expect(res.report.conclusion).not.toBe('neutral');
  });

  test('the same servers under mcpServers are read and judged, with no notice', async () => {
    const config = JSON.stringify({ mcpServers: { docs: { type: 'http', url: 'https://modelcontextprotocol.io/mcp' } } }, null, 2) + '\n';
    const res = await checkPr(filePr({ '.cursor/mcp.json': config }));
    expect(res.findings).toEqual([]);
    expect(res.report.servers).toEqual([expect.objectContaining({ name: 'docs', transport: 'http', url: 'https://modelcontextprotocol.io/mcp' })]);
  });
});

describe('server.json with remotes only', () => {
  test('lists the remote, and no package-less server entry', async () => {
    // Shape: github/github-mcp-server@6a57e75d:server.json (packages removed, the remote kept).
    const text = serverJson({
      name: 'io.github.acme/widgets-mcp',
      description: 'Widgets',
      version: '1.2.0',
      remotes: [{ type: 'streamable-http', url: 'https://api.widgets.example/mcp/' }],
    });
    const res = await checkPr(filePr({ 'server.json': text }));
    expect(res.findings).toEqual([]);
    expect(res.report.servers).toEqual([expect.objectContaining({ file: 'server.json', transport: 'http', url: 'https://api.widgets.example/mcp/', packages: [] })]);
    expect(res.report.dependencies).toEqual([]);
  });
});

describe('release-time templates', () => {
  // Shape: github/github-mcp-server@44d9e132:server.json ("version": "${VERSION}", oci identifier with :${VERSION}).
  const github = serverJson({
    name: 'io.github.github/github-mcp-server',
    description: 'Connect AI assistants to GitHub',
    version: '${VERSION}',
    packages: [{ registryType: 'oci', identifier: 'ghcr.io/github/github-mcp-server:${VERSION}', transport: { type: 'stdio' } }],
    remotes: [{ type: 'streamable-http', url: 'https://api.githubcopilot.com/mcp/' }],
  });

  test('the official server\'s own template is one warning that says what was not judged; the PR passes', async () => {
    const res = await checkPr(filePr({ 'server.json': github }));
    expect(res.findings).toEqual([expect.objectContaining({ rule: 'template', level: 'warning', file: 'server.json', line: lineOf(github, '"identifier"') })]);
    const message = res.findings[0].message;
    expect(message).toContain('server.json is a release-time template');
    expect(message).toContain('"ghcr.io/github/github-mcp-server:${VERSION}" (${VERSION})');
    expect(message).toContain('their versions were not');
    expect(message).toContain('server-json: templates: ["server.json"]');
    expect(res.code).toBe(0);
    expect(res.report.servers.find((s: any) => s.line === lineOf(github, '"name"')).packages).toEqual([
      expect.objectContaining({ ecosystem: 'oci', name: 'ghcr.io/github/github-mcp-server', spec: 'ghcr.io/github/github-mcp-server:${VERSION}' }),
    ]);
  });

  test('a policy that lists the file as a template accepts it: nothing reported', async () => {
    const policy = 'version: 1\nbuiltin:\n  allow-well-known: true\nserver-json:\n  templates: ["server.json"]\n';
    const res = await checkPr(filePr({ 'server.json': github }, {}, policy));
    expect(res.findings).toEqual([]);
    expect(res.code).toBe(0);
  });

  test('the registry\'s publisher template (`<owner>` names) is one template warning, not three errors', async () => {
    // Shape: modelcontextprotocol/registry@d16328e8:tools/publisher/server.json.
    const text = `${JSON.stringify(
      {
        description: '<your description here>',
        name: 'io.github.<owner>/<server-name>',
        packages: [
          { registry_name: 'npm', name: 'io.github.<owner>/<server-name>', version: '0.2.23', environment_variables: [{ description: 'API Key', name: 'API_KEY' }] },
          { registry_name: 'docker>', name: 'io.github.<owner>/<server-name>-cli', version: '0.123.223', runtime_hint: 'docker' },
        ],
        repository: { url: 'https://github.com/<owner>/<server-name>', source: 'github' },
        version_detail: { version: '0.0.1-<publisher_version>' },
      },
      null,
      4,
    )}\n`;
    const res = await checkPr(filePr({ 'tools/publisher/server.json': text }));
    expect(res.findings.map((f) => [f.rule, f.level, f.line])).toEqual([['template', 'warning', lineOf(text, '"name": "io.github.<owner>/<server-name>"', '"registry_name": "npm"')]]);
    expect(res.findings[0].message).toContain('none of it was judged');
    expect(res.report.dependencies).toEqual([]);
    expect(res.code).toBe(0);
  });

  test('a template cannot hide a package: a concrete unknown name is still judged, even with templates accepted', async () => {
    const text = serverJson({ name: 'io.github.acme/x', version: '${VERSION}', packages: [{ registryType: 'npm', identifier: 'totally-new-mcp', version: '${VERSION}' }] });
    const policy = 'version: 1\nserver-json:\n  templates: true\n';
    const res = await checkPr(filePr({ 'server.json': text }, {}, policy));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'unknown')).toEqual([{ file: 'server.json', line: lineOf(text, '"identifier"') }]);
    expect(where(res.findings, 'unpinned')).toEqual([]);
    expect(where(res.findings, 'template')).toEqual([]);
  });

  test('a template glob outside the repository is refused with the policy file and line', async () => {
    const policy = 'version: 1\nserver-json:\n  templates:\n    - "../server.json"\n';
    const pr = filePr({ 'server.json': github }, {}, policy);
    const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--offline'], { cwd: pr.repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('.github/mcp-policy.yml:4: server-json.templates.0: must be a path or glob inside the repository');
  });
});
