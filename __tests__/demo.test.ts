// The README's first command: the demo PR must be blocked, and say why.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf } from './helpers/git-repo';
import { baseEnv, runNode } from './helpers/run-dist';

const root = path.resolve(__dirname, '..');
const demo = (rel: string) => readFileSync(path.join(root, 'demo', rel), 'utf8');

test('npm run demo blocks the demo PR with the findings demo/README.md lists', async () => {
  const res = await runNode(path.join(root, 'scripts', 'demo.mjs'), ['json'], { cwd: root, env: baseEnv() });
  expect(res.code).toBe(0);
  const report = JSON.parse(res.stdout.slice(0, res.stdout.lastIndexOf('}') + 1));
  expect(report.conclusion).toBe('failure');
  // Every rule the README's table names (the last column of each row) is found.
  const listed = demo('README.md')
    .split('\n')
    .filter((l) => /^\| .* \| `[a-z-]+`/.test(l))
    .flatMap((l) => [...l.slice(l.lastIndexOf(' | ')).matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
  expect(listed.length).toBeGreaterThanOrEqual(8);
  const rules = new Set(report.findings.map((f: { rule: string }) => f.rule));
  for (const rule of listed) expect(rules).toContain(rule);
  const mcpJson = demo('pr/.mcp.json');
  expect(report.findings).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ rule: 'unpinned', file: '.mcp.json', line: lineOf(mcpJson, '"browser"'), name: '@playwright/mcp' }),
      expect.objectContaining({ rule: 'remote', file: '.mcp.json', line: lineOf(mcpJson, '"docs"') }),
      expect.objectContaining({ rule: 'registry-config', file: '.npmrc', line: lineOf(demo('pr/.npmrc'), '@modelcontextprotocol:registry') }),
    ]),
  );
  expect(report.servers.map((s: { name: string }) => s.name).sort()).toEqual(['browser', 'docs', 'filesystem']);
});
