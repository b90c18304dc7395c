// `npm run demo`: build the demo repository (demo/base, then demo/pr as a PR commit) in a temp dir and
// run the bundled CLI on it. The demo PR must be blocked; this script fails if it is not.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = mkdtempSync(path.join(os.tmpdir(), 'mcp-supply-gate-demo-'));
const git = (...args) => execFileSync('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });

git('init', '-q', '-b', 'main');
cpSync(path.join(root, 'demo', 'base'), repo, { recursive: true });
git('add', '-A');
git('commit', '-q', '-m', 'main: reviewed MCP server and policy');
cpSync(path.join(root, 'demo', 'pr'), repo, { recursive: true });
git('add', '-A');
git('commit', '-q', '-m', 'PR: add MCP servers');

const format = process.argv[2] ?? 'text';
const res = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', '--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--offline', '--format', format], {
  stdio: 'inherit',
});
if (res.status === 1) {
  console.log(`\nThe demo PR was blocked (exit status 1), as it must be. Repository: ${repo}`);
  process.exit(0);
}
console.error(`\nThe demo PR was NOT blocked (exit status ${res.status}): the gate is broken.`);
process.exit(1);
