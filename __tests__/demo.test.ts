// The README's first command: the demo PR must be blocked, and say why.
import path from 'node:path';
import { runNode } from './helpers/run-dist';

test('npm run demo blocks the demo PR with the findings demo/README.md lists', async () => {
  const root = path.resolve(__dirname, '..');
  const res = await runNode(path.join(root, 'scripts', 'demo.mjs'), ['json'], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  expect(res.code).toBe(0);
  const report = JSON.parse(res.stdout.slice(0, res.stdout.lastIndexOf('}') + 1));
  expect(report.conclusion).toBe('failure');
  const rules = new Set(report.findings.map((f: { rule: string }) => f.rule));
  for (const rule of ['unpinned', 'denied', 'typosquat', 'unknown', 'install-scripts', 'source', 'remote', 'registry-config']) expect(rules).toContain(rule);
  expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'unpinned', file: '.mcp.json', name: '@playwright/mcp' }));
  expect(report.servers.map((s: { name: string }) => s.name).sort()).toEqual(['browser', 'docs', 'filesystem']);
});
