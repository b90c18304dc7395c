// `init` through the bundled CLI on a real repository holding npm, PyPI and OCI MCP dependencies,
// client configs and a bundle; then the two pull requests that follow adoption: one that changes
// nothing MCP-related passes, one that adds an unknown MCP package fails.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePolicy } from '../../src/policy/load';
import { packageJson, packageLock, tempDir, TestRepo } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';

const BUNDLE = readFileSync(path.join(__dirname, '..', 'fixtures', 'formats', 'mcpb', 'good.mcpb'));
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const DEPS = { '@modelcontextprotocol/server-filesystem': '2025.8.21', 'acme-mcp-tools': '1.2.3', 'left-pad': '1.3.0' };

function adoptingRepo(): TestRepo {
  const repo = new TestRepo();
  repo.commit(
    {
      'package.json': packageJson(DEPS),
      'package-lock.json': packageLock(DEPS, [
        { name: '@modelcontextprotocol/server-filesystem', version: '2025.8.21' },
        { name: 'acme-mcp-tools', version: '1.2.3' },
        { name: 'left-pad', version: '1.3.0' },
      ]),
      'requirements.txt': `mcp-server-fetch==2025.4.7 --hash=sha256:${'cd'.repeat(32)}\n`,
      '.mcp.json': JSON.stringify(
        {
          mcpServers: {
            github: { command: 'docker', args: ['run', '-i', '--rm', `ghcr.io/github/github-mcp-server:v0.13.0@${DIGEST}`] },
            memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2025.8.4'] },
            docs: { type: 'http', url: 'https://mcp.example.com/mcp' },
          },
        },
        null,
        2,
      ),
      '.npmrc': '@acme:registry=https://npm.acme.example/\n',
      'bundles/weather.mcpb': BUNDLE,
      'README.md': '# app\n',
    },
    'before the gate',
  );
  return repo;
}

test('init writes a policy that allows exactly what the repository holds, with the schema beside it', async () => {
  const repo = adoptingRepo();
  const res = await runCli(['init'], { cwd: repo.dir });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('Wrote .github/mcp-policy.yml');
  expect(res.stdout).toContain('Next:');
  const text = readFileSync(path.join(repo.dir, '.github/mcp-policy.yml'), 'utf8');
  expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./mcp-policy.schema.json');
  expect(existsSync(path.join(repo.dir, '.github/mcp-policy.schema.json'))).toBe(true);

  const policy = parsePolicy(text, { kind: 'file', path: '.github/mcp-policy.yml' });
  const allow = (eco: string, name: string) => policy.allow.filter((a) => a.ecosystem === eco && a.name === name);
  expect(allow('npm', '@modelcontextprotocol/server-filesystem')).toEqual([expect.objectContaining({ versions: '2025.8.21' })]);
  expect(allow('npm', 'acme-mcp-tools')).toEqual([expect.objectContaining({ versions: '1.2.3' })]);
  expect(allow('npm', '@modelcontextprotocol/server-memory')).toEqual([expect.objectContaining({ versions: '2025.8.4' })]);
  expect(allow('pypi', 'mcp-server-fetch')).toEqual([expect.objectContaining({ versions: '==2025.4.7' })]);
  expect(allow('oci', 'ghcr.io/github/github-mcp-server')).toEqual([expect.objectContaining({ versions: 'v0.13.0' })]);
  const sha = `sha256:${createHash('sha256').update(BUNDLE).digest('hex')}`;
  expect(allow('mcpb', 'weather-tools')).toEqual([expect.objectContaining({ versions: '1.4.2', integrity: { '1.4.2': sha } })]);
  expect(policy.registries.npm.scopes).toEqual({ '@acme': 'https://npm.acme.example/' });
  expect(policy.remotes.hosts).toEqual(['mcp.example.com']);
  expect(policy.builtin.allowWellKnown).toBe(false);
  // Each section says what it is for.
  for (const section of ['registries:', 'remotes:', 'bundles:', 'allow:', 'deny:', 'rules:', 'exceptions:']) {
    const at = text.split('\n').findIndex((l) => l.startsWith(section));
    expect({ section, comment: text.split('\n')[at - 1]?.startsWith('#') }).toEqual({ section, comment: true });
  }

  // Under it, a scan of the same tree finds nothing unknown and no version outside what is allowed.
  const scan = await runCli(['scan', '--format', 'json', '--offline'], { cwd: repo.dir });
  const rules = JSON.parse(scan.stdout).findings.map((f: any) => `${f.rule} ${f.name} ${f.file}`);
  expect(rules.filter((r: string) => /^(unknown|version|bundle|remote|registry-config) /.test(r))).toEqual([]);
  // Without it, the same tree is full of unknowns: the policy is what changed that.
  const bare = path.join(tempDir('msg-p-'), 'bare.yml');
  writeFileSync(bare, 'version: 1\n');
  const without = await runCli(['scan', '--format', 'json', '--offline', '--policy', bare], { cwd: repo.dir });
  const unknown = JSON.parse(without.stdout).findings.filter((f: any) => f.rule === 'unknown').map((f: any) => f.name);
  expect(new Set(unknown)).toEqual(new Set(['@modelcontextprotocol/server-filesystem', 'acme-mcp-tools', '@modelcontextprotocol/server-memory', 'mcp-server-fetch', 'ghcr.io/github/github-mcp-server', 'weather-tools', 'zod', 'cross-spawn', 'which', '@modelcontextprotocol/sdk']));
});

test('committed as is: a PR that changes nothing MCP-related passes, a PR adding an unknown MCP package fails', async () => {
  const repo = adoptingRepo();
  expect((await runCli(['init'], { cwd: repo.dir })).code).toBe(0);
  const base = repo.commit({}, 'adopt the gate');

  repo.branch('docs');
  const docs = repo.commit({ 'README.md': '# app\n\nMore words.\n' }, 'docs only');
  const passing = await runCli(['check', '--base', base, '--head', docs, '--offline'], { cwd: repo.dir });
  expect(passing.code).toBe(0);

  repo.branch('risky', base);
  const deps = { ...DEPS, 'sketchy-mcp-server': '0.1.0' };
  const risky = repo.commit(
    {
      'package.json': packageJson(deps),
      'package-lock.json': packageLock(deps, [
        { name: '@modelcontextprotocol/server-filesystem', version: '2025.8.21' },
        { name: 'acme-mcp-tools', version: '1.2.3' },
        { name: 'left-pad', version: '1.3.0' },
        { name: 'sketchy-mcp-server', version: '0.1.0' },
      ]),
    },
    'add an MCP server',
  );
  const failing = await runCli(['check', '--base', base, '--head', risky, '--format', 'json', '--offline'], { cwd: repo.dir });
  expect(failing.code).toBe(1);
  const findings = JSON.parse(failing.stdout).findings;
  expect(findings.filter((f: any) => f.level === 'error').map((f: any) => [f.rule, f.name])).toEqual(
    expect.arrayContaining([['unknown', 'sketchy-mcp-server']]),
  );
  // Only the new package is blamed: what init allowed stays allowed.
  expect(findings.filter((f: any) => f.level === 'error' && f.name !== 'sketchy-mcp-server')).toEqual([]);
});

test('an existing policy is not overwritten without --force; exit 2 says how', async () => {
  const repo = adoptingRepo();
  expect((await runCli(['init'], { cwd: repo.dir })).code).toBe(0);
  const again = await runCli(['init'], { cwd: repo.dir });
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('.github/mcp-policy.yml already exists; nothing was written. Run again with --force');
  const forced = await runCli(['init', '--force', '--output', 'policy/other.yml'], { cwd: repo.dir });
  expect(forced.code).toBe(0);
  expect(existsSync(path.join(repo.dir, 'policy/other.yml'))).toBe(true);
});
