// Typosquat detection that maintainers can leave on: a look-alike scope fails the PR naming the
// package it imitates; a vendor's own package under the vendor's established scope passes. The
// bundled CLI runs on real pull requests in real git repositories, offline (the popularity evidence
// ships with the gate).
import { lineOf } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';
import { pullRequest, type Scenario } from './scenario';

// A team that keeps `typosquat` an error but only warns about MCP packages it has not allowed yet.
const POLICY = `version: 1
allow:
  - name: "@playwright/mcp"
  - name: mongodb-mcp-server
rules:
  unknown: warning
`;

async function check(s: Scenario) {
  const res = await runCli(['check', '--repo', s.repo.dir, '--base', s.base, '--head', s.merge, '--format', 'json', '--offline'], { cwd: s.repo.dir });
  let report: any;
  try {
    report = JSON.parse(res.stdout);
  } catch {
    throw new Error(`the CLI printed no JSON report (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  }
  return { code: res.code, report, findings: report.findings as { rule: string; level: string; file: string; line: number; message: string; name: string }[] };
}

test('a PR adding a look-alike scope (@playwright-js/mcp) fails with typosquat naming @playwright/mcp', async () => {
  const s = pullRequest({ deps: { '@playwright-js/mcp': '1.0.0' }, lock: [{ name: '@playwright-js/mcp', version: '1.0.0' }] }, { policy: POLICY });
  const res = await check(s);
  expect(res.code).toBe(1);
  expect(res.report.conclusion).toBe('failure');
  const squats = res.findings.filter((f) => f.rule === 'typosquat');
  // The manifest entry and the lockfile entry are one problem: one finding on the manifest line, the lockfile line named.
  expect(squats.map((f: any) => [f.file, f.line, f.level, f.name, f.related])).toEqual([
    ['package.json', lineOf(s.files['package.json'], '"@playwright-js/mcp"'), 'error', '@playwright-js/mcp', [{ file: 'package-lock.json', line: lineOf(s.files['package-lock.json'], '"node_modules/@playwright-js/mcp"') }]],
  ]);
  const message = squats[0].message;
  expect(message).toContain('typosquat of @playwright/mcp, an allowlisted package');
  expect(message).toContain('look-alike of its scope ("js" added after it)');
  expect(message).toMatch(/@playwright\/mcp [\d,]{9,}; @playwright-js\/mcp fewer than [\d,]+ \(not listed\)/);
  expect(message).toContain('allow it by its exact name');
});

test('a vendor\'s own package under its established scope passes (@mongodb-js/mongodb-mcp-server next to mongodb-mcp-server)', async () => {
  const s = pullRequest(
    { deps: { '@mongodb-js/mongodb-mcp-server': '1.2.0' }, lock: [{ name: '@mongodb-js/mongodb-mcp-server', version: '1.2.0' }] },
    { policy: POLICY },
  );
  const res = await check(s);
  expect(res.findings.filter((f) => f.rule === 'typosquat')).toEqual([]);
  // The package was judged: it is MCP-related and not allowed yet, which this policy only warns about.
  expect(res.findings.filter((f) => f.rule === 'unknown').map((f) => [f.name, f.level])).toContainEqual(['@mongodb-js/mongodb-mcp-server', 'warning']);
  expect(res.code).toBe(0);
  expect(res.report.conclusion).toBe('success');
});

test('the same vendor name under a scope the snapshot has never seen still fails', async () => {
  const s = pullRequest({ deps: { '@mongodb-official/mongodb-mcp-server': '1.2.0' }, lock: [{ name: '@mongodb-official/mongodb-mcp-server', version: '1.2.0' }] }, { policy: POLICY });
  const res = await check(s);
  expect(res.code).toBe(1);
  const squat = res.findings.find((f) => f.rule === 'typosquat' && f.file === 'package.json');
  expect(squat?.message).toContain('typosquat of mongodb-mcp-server, an allowlisted package');
});
