// `scan` through the bundled CLI: real directories in a temp dir (no git), real signed .mcpb files, and
// fixture home directories laid out the way each MCP client keeps its user config on Linux, macOS and
// Windows.
import { X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf, packageJson, packageLock, tempDir, TestRepo } from '../helpers/git-repo';
import { isolatedDist, runCli } from '../helpers/run-dist';
import { main } from '../../src/cli';

const SIGNED = path.join(__dirname, '..', 'fixtures', 'formats', 'mcpb', 'signed');
const GOOD_MCPB = path.join(__dirname, '..', 'fixtures', 'formats', 'mcpb', 'good.mcpb');

function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const DEPS = { 'acme-mcp-tools': '1.2.3', 'left-pad': '1.3.0' };
const LOCK = packageLock(DEPS, [
  { name: 'acme-mcp-tools', version: '1.2.3' },
  { name: 'left-pad', version: '1.3.0' },
]);

describe('scan a directory without git', () => {
  const files = {
    'package.json': packageJson(DEPS),
    'package-lock.json': LOCK,
    '.cursor/mcp.json': JSON.stringify({ mcpServers: { web: { command: 'npx', args: ['-y', 'shady-mcp-server@2.0.0'] } } }, null, 2) + '\n',
    // Installed trees are not the project's own: a config inside them must not be read.
    'node_modules/some-dep/.mcp.json': JSON.stringify({ mcpServers: { x: { command: 'npx', args: ['installed-tree-mcp@1.0.0'] } } }),
    'node_modules/some-dep/package.json': packageJson({ 'installed-tree-mcp': '1.0.0' }),
    '.venv/lib/requirements.txt': 'venv-mcp==1.0.0\n',
  };

  test('finds what is there, names files relative to the directory, skips installed trees, fails on the unknown', async () => {
    const dir = writeTree(tempDir('msg-scan-'), files);
    const res = await runCli(['scan', dir, '--format', 'json', '--offline'], { cwd: tempDir('msg-cwd-') });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report.files.map((f: any) => f.path).sort()).toEqual(['.cursor/mcp.json', 'package-lock.json', 'package.json']);
    expect(report.files.every((f: any) => f.status === 'added')).toBe(true);
    const unknown = report.findings.filter((f: any) => f.rule === 'unknown');
    expect(unknown.map((f: any) => [f.file, f.line, f.name])).toEqual(
      expect.arrayContaining([
        ['package.json', lineOf(files['package.json'], '"acme-mcp-tools"'), 'acme-mcp-tools'],
        ['.cursor/mcp.json', lineOf(files['.cursor/mcp.json'], '"web"'), 'shady-mcp-server'],
      ]),
    );
    // The lockfile entry of the same package is the same problem: named on the one finding.
    expect(unknown.find((f: any) => f.file === 'package.json').related).toEqual([{ file: 'package-lock.json', line: lineOf(LOCK, '"node_modules/acme-mcp-tools"') }]);
    expect(JSON.stringify(report)).not.toContain('installed-tree-mcp');
    expect(JSON.stringify(report)).not.toContain('venv-mcp');
    expect(report.servers).toEqual([expect.objectContaining({ file: '.cursor/mcp.json', name: 'web', change: 'added' })]);
  });

  test('the JSON report has the same shape as check\'s', async () => {
    const dir = writeTree(tempDir('msg-scan-'), files);
    const scanned = JSON.parse((await runCli(['scan', '--format', 'json', '--offline'], { cwd: dir })).stdout);
    const repo = new TestRepo();
    repo.commit({ 'README.md': '# x\n' }, 'base');
    repo.commit({ 'package.json': files['package.json'], 'package-lock.json': LOCK }, 'pr');
    const checked = JSON.parse((await runCli(['check', '--format', 'json', '--offline'], { cwd: repo.dir })).stdout);
    expect(Object.keys(scanned).sort()).toEqual(Object.keys(checked).sort());
    const lockEntry = (r: any) => r.dependencies.find((d: any) => d.file === 'package-lock.json' && d.name === 'acme-mcp-tools');
    expect(lockEntry(scanned)).toEqual(lockEntry(checked));
    const npmFindings = (r: any) => r.findings.filter((f: any) => f.file.startsWith('package'));
    expect(npmFindings(scanned)).toEqual(npmFindings(checked));
    expect(npmFindings(scanned).length).toBeGreaterThan(0);
  });

  test('the directory\'s own policy applies, and passes what it allows', async () => {
    const policy = 'version: 1\nallow:\n  - name: acme-mcp-tools\n    versions: "1.2.3"\n';
    const dir = writeTree(tempDir('msg-scan-'), { 'package.json': packageJson(DEPS), 'package-lock.json': LOCK, '.github/mcp-policy.yml': policy });
    const res = await runCli(['scan', '--offline'], { cwd: dir });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('SUCCESS  Passed: 0 errors');
    expect(res.stdout).toContain('Policy: .github/mcp-policy.yml in the scanned directory');
    // The same tree under the built-in default fails: the policy is what passed it.
    const other = await runCli(['scan', '--offline', '--policy', writeTree(tempDir('msg-pol-'), { 'p.yml': 'version: 1\n' }) + '/p.yml'], { cwd: dir });
    expect(other.code).toBe(1);
  });

  test('an invalid policy in the directory names file, line and key; exit 2', async () => {
    const dir = writeTree(tempDir('msg-scan-'), { 'package.json': packageJson(DEPS), '.github/mcp-policy.yml': 'version: 1\nalow: []\n' });
    const res = await runCli(['scan', '--offline'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('.github/mcp-policy.yml:2: alow: unknown key');
    expect(res.stderr).toContain('did you mean "allow"');
  });
});

describe('scan one downloaded .mcpb: the pre-install review', () => {
  test('a signed bundle: name, version, author, server type, command, user_config, packages, sha256, signer; then the findings', async () => {
    const cwd = tempDir('msg-dl-');
    copyFileSync(path.join(SIGNED, 'chain.mcpb'), path.join(cwd, 'clock.mcpb'));
    const res = await runCli(['scan', './clock.mcpb', '--offline'], { cwd });
    expect(res.code).toBe(1);
    const out = res.stdout;
    const manifest = { name: 'clock-tools', version: '1.0.0', author: 'Example Author', command: 'node ${__dirname}/server/index.js' };
    expect(out).toMatch(/^Bundle clock\.mcpb: what installing it would do\n/);
    expect(out).toMatch(new RegExp(`name +${manifest.name} \\("Clock tools"\\)`));
    expect(out).toMatch(new RegExp(`version +${manifest.version}\\n`));
    expect(out).toMatch(new RegExp(`author +${manifest.author}\\n`));
    expect(out).toMatch(/server type +node, entry point server\/index\.js/);
    expect(out).toContain(`runs         ${manifest.command}`);
    expect(out).toContain('user_config  asks for nothing');
    const sha = require('node:crypto').createHash('sha256').update(readFileSync(path.join(cwd, 'clock.mcpb'))).digest('hex');
    expect(out).toContain(`sha256       sha256:${sha}`);
    const leaf = new X509Certificate(readFileSync(path.join(SIGNED, 'leaf.pem')));
    expect(out).toContain(`signed by    CN=Example Corp Bundles, O=Example Corp (certificate SHA-256 ${leaf.fingerprint256})`);
    expect(out).toMatch(/signature +untrusted: /);
    // The review comes first, the findings after it, named by the file as given.
    expect(out.indexOf('Findings (')).toBeGreaterThan(out.indexOf('signed by'));
    expect(out).toContain('clock.mcpb:1  error    bundle');
  });

  test('the signer trusted by --policy: verified, exit 0', async () => {
    const cwd = tempDir('msg-dl-');
    copyFileSync(path.join(SIGNED, 'chain.mcpb'), path.join(cwd, 'clock.mcpb'));
    const leaf = new X509Certificate(readFileSync(path.join(SIGNED, 'leaf.pem')));
    writeFileSync(path.join(cwd, 'trust.yml'), `version: 1\nbundles:\n  require: signature\n  signers:\n    - name: Example Corp\n      sha256: "${leaf.fingerprint256}"\nallow:\n  - name: clock-tools\n    ecosystem: mcpb\n`);
    const res = await runCli(['scan', 'clock.mcpb', '--policy', 'trust.yml', '--offline'], { cwd });
    expect(res.stdout).toMatch(/signature +verified: /);
    expect(res.code).toBe(0);
  });

  test('user_config and bundled packages are listed', async () => {
    const cwd = tempDir('msg-dl-');
    copyFileSync(GOOD_MCPB, path.join(cwd, 'weather.mcpb'));
    const res = await runCli(['scan', 'weather.mcpb', '--offline'], { cwd });
    expect(res.stdout).toContain('user_config  asks for 2 values:');
    expect(res.stdout).toContain('- api_key (string, required, sensitive) API key: Weather API key');
    expect(res.stdout).toContain('- cache_dir (directory, optional, default "${DOCUMENTS}/weather-cache") Cache: Where to cache forecasts');
    expect(res.stdout).toContain('- npm @modelcontextprotocol/sdk@1.17.0');
    expect(res.stdout).toContain('signature    absent');
  });

  test('a file whose format is not known by its name: exit 2, saying how files are named', async () => {
    const cwd = writeTree(tempDir('msg-dl-'), { 'notes.txt': 'hello\n' });
    const res = await runCli(['scan', 'notes.txt'], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('notes.txt: the gate knows no format by this file\'s name');
    expect(res.stderr).toContain('.mcpb');
  });

  test('a PATH that does not exist: exit 2', async () => {
    const res = await runCli(['scan', 'missing.mcpb'], { cwd: tempDir('msg-dl-') });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('missing.mcpb does not exist');
  });
});

/** One server per client config, each launching its own pinned package, so each file is seen to be read. */
function clientFiles(layout: 'linux' | 'macos' | 'windows'): Record<string, { text: string; pkg: string; client: string }> {
  const json = (section: string, pkg: string) => JSON.stringify({ [section]: { srv: { command: 'npx', args: ['-y', `${pkg}@1.0.0`] } } }, null, 2) + '\n';
  const support = { linux: '.config', macos: 'Library/Application Support', windows: 'AppData/Roaming' }[layout];
  const zed = layout === 'windows' ? 'AppData/Roaming/Zed/settings.json' : '.config/zed/settings.json';
  const pkg = (client: string) => `${client}-${layout}-mcp`;
  const files: Record<string, { text: string; pkg: string; client: string }> = {
    [`${support}/Claude/claude_desktop_config.json`]: { text: json('mcpServers', pkg('desktop')), pkg: pkg('desktop'), client: 'claude-desktop' },
    [`${support}/Code/User/mcp.json`]: { text: json('servers', pkg('vscode')), pkg: pkg('vscode'), client: 'vscode' },
    [zed]: { text: json('context_servers', pkg('zed')), pkg: pkg('zed'), client: 'zed' },
    '.cursor/mcp.json': { text: json('mcpServers', pkg('cursor')), pkg: pkg('cursor'), client: 'cursor' },
    '.gemini/settings.json': { text: json('mcpServers', pkg('gemini')), pkg: pkg('gemini'), client: 'gemini' },
    '.codex/config.toml': { text: `[mcp_servers.srv]\ncommand = "npx"\nargs = ["-y", "${pkg('codex')}@1.0.0"]\n`, pkg: pkg('codex'), client: 'codex' },
    '.codeium/windsurf/mcp_config.json': { text: json('mcpServers', pkg('windsurf')), pkg: pkg('windsurf'), client: 'windsurf' },
    '.continue/mcpServers/srv.yaml': {
      text: `name: srv\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: srv\n    command: npx\n    args: ["-y", "${pkg('continue')}@1.0.0"]\n`,
      pkg: pkg('continue'),
      client: 'continue',
    },
  };
  const claude = {
    mcpServers: { user: { command: 'npx', args: ['-y', `${pkg('claude-user')}@1.0.0`] } },
    projects: { '/work/app': { mcpServers: { local: { command: 'npx', args: ['-y', `${pkg('claude-project')}@1.0.0`] } }, allowedTools: [] } },
    numStartups: 12,
  };
  files['.claude.json'] = { text: JSON.stringify(claude, null, 2) + '\n', pkg: pkg('claude-user'), client: 'claude-code' };
  return files;
}

describe('scan --user: the current user\'s client configs, found from HOME and APPDATA', () => {
  test.each(['linux', 'macos', 'windows'] as const)('%s layout: every client\'s user config is read and named ~/...', async (layout) => {
    const home = tempDir(`msg-home-${layout}-`);
    const files = clientFiles(layout);
    writeTree(home, Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.text])));
    // Windows has no HOME: the profile directory is USERPROFILE, roaming settings are under APPDATA.
    const env = layout === 'windows' ? { HOME: '', USERPROFILE: home, APPDATA: path.join(home, 'AppData', 'Roaming') } : { HOME: home };
    const res = await runCli(['scan', '--user', '--format', 'json', '--offline'], { cwd: tempDir('msg-cwd-'), env });
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout);
    for (const [rel, f] of Object.entries(files)) {
      const server = report.servers.find((s: any) => s.file === `~/${rel}` && s.packages.some((p: any) => p.name === f.pkg));
      expect({ rel, client: server?.client }).toEqual({ rel, client: f.client });
    }
    // ~/.claude.json: the per-project servers too, on the line of their name.
    const claude = files['.claude.json'].text;
    expect(report.servers).toContainEqual(expect.objectContaining({ file: '~/.claude.json', name: 'local', line: lineOf(claude, '"local"') }));
    const unknown = report.findings.filter((f: any) => f.rule === 'unknown').map((f: any) => f.file);
    expect(new Set(unknown)).toEqual(new Set(Object.keys(files).map((r) => `~/${r}`)));
    expect(report.notes.join('\n')).toContain('User configs read: ');
  });

  test('a home without client configs says where it looked; passes', async () => {
    const home = tempDir('msg-home-empty-');
    const res = await runCli(['scan', '--user', '--offline'], { cwd: tempDir('msg-cwd-'), env: { HOME: home } });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('No MCP client config was found for this user (looked for ~/.claude.json');
    expect(res.stdout).toContain('Nothing MCP-related found');
  });

  test('literal tokens in a user config are findings, and never printed', async () => {
    const home = tempDir('msg-home-secret-');
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    writeTree(home, { '.cursor/mcp.json': JSON.stringify({ mcpServers: { gh: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } } } }, null, 2) });
    const res = await runCli(['scan', '--user', '--format', 'json', '--offline'], { cwd: tempDir('msg-cwd-'), env: { HOME: home } });
    expect(res.stdout + res.stderr).not.toContain(token);
    expect(JSON.parse(res.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'secret', file: '~/.cursor/mcp.json' }));
  });
});

describe('progress', () => {
  test('never on a non-terminal: stderr of the bundled CLI stays empty', async () => {
    const dir = writeTree(tempDir('msg-scan-'), { 'package.json': packageJson(DEPS), 'package-lock.json': LOCK });
    const res = await runCli(['scan', '--offline'], { cwd: dir });
    expect(res.stderr).toBe('');
    expect(res.stdout).not.toContain('\r');
  });

  // util-linux `script` gives the bundled CLI a real pseudo-terminal, as a person's shell would.
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  (script ? test : test.skip)('on a real terminal (script(1)): the bundled CLI shows progress on stderr, and the report file has none', async () => {
    const dir = writeTree(tempDir('msg-scan-'), { 'package.json': packageJson(DEPS), 'package-lock.json': LOCK });
    const cli = path.join(isolatedDist(), 'cli.js');
    const res = spawnSync(script!, ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} scan --offline --output report.txt`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, TERM: 'xterm' } });
    expect(res.stdout).toContain('Reading files: 2 of 2');
    const report = readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(report).toContain('FAILURE');
    expect(report).not.toContain('Reading files');
    expect(report).not.toContain('\u001b');
  });

  test('on a terminal: the stage and counts on stderr, cleared before the report, never in it', async () => {
    const dir = writeTree(tempDir('msg-scan-'), { 'package.json': packageJson(DEPS), 'package-lock.json': LOCK });
    let out = '';
    let err = '';
    const code = await main(['scan', '--offline'], (s) => (out += s), (s) => (err += s), { HOME: tempDir('msg-home-') }, { progress: true, cwd: dir });
    expect(code).toBe(1);
    expect(err).toContain('Reading files: 2 of 2');
    expect(err.endsWith('\r\u001b[2K')).toBe(true);
    expect(out).not.toContain('Reading files');
  });
});
