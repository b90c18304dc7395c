// Hand-made reports for the renderer and publisher tests, with the hostile text a pull request can carry.
import type { Finding, Level, RuleId } from '../../src/types.js';
import type { InventoryEntry, Report } from '../../src/report/types.js';

export const HOSTILE_NAME = 'evil|pkg<script>alert(1)</script>';
export const HOSTILE_MESSAGE = 'line one\nline two | with pipe\r\n<img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](http://t/x.png) $x$ `code`';

export function finding(i: number, over: Partial<Finding> = {}): Finding {
  const levels: Level[] = ['error', 'warning', 'notice'];
  const rules: RuleId[] = ['unknown', 'unpinned', 'release-age'];
  return {
    rule: rules[i % 3],
    level: levels[i % 3],
    file: `packages/app${i % 7}/package-lock.json`,
    line: 10 + i,
    message: `finding number ${i} about this package`,
    ecosystem: 'npm',
    name: `mcp-server-${i}`,
    version: `1.0.${i}`,
    ...over,
  };
}

export function entry(i: number, over: Partial<InventoryEntry> = {}): InventoryEntry {
  return {
    ecosystem: 'npm',
    name: `@scope/mcp-server-${i}`,
    version: `2.0.${i}`,
    source: `https://registry.npmjs.org/@scope/mcp-server-${i}/-/mcp-server-${i}-2.0.${i}.tgz`,
    file: 'package-lock.json',
    line: 100 + i,
    change: 'added',
    why: ['depends on @modelcontextprotocol/sdk'],
    ...over,
  };
}

export function report(over: Partial<Report> = {}): Report {
  const findings = over.findings ?? [finding(0), finding(1), finding(2)];
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.level]++;
  return {
    tool: { name: 'mcp-supply-gate', version: '0.1.0' },
    conclusion: counts.error > 0 ? 'failure' : 'success',
    title: `${counts.error} errors in MCP dependencies`,
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    policy: { kind: 'base', path: '.github/mcp-supply-gate.yml', commit: 'a'.repeat(40) },
    counts,
    findings,
    dependencies: [entry(1), entry(2, { change: 'changed' })],
    servers: [],
    bundles: [],
    registryConfig: { settings: [], effective: [] },
    verification: [
      { ecosystem: 'npm', name: 'mcp-server-1', version: '1.0.1', check: 'signature', result: 'pass', detail: 'keyid SHA256:abc' },
      { ecosystem: 'npm', name: 'mcp-server-2', version: '1.0.2', check: 'provenance', result: 'fail', detail: 'no attestation' },
    ],
    files: [{ path: 'package-lock.json', status: 'modified', format: 'package-lock' }],
    notes: ['registry verification ran online'],
    ...over,
  };
}

/** Many findings, so renderers must drop rows to stay within limits. */
export function manyFindings(n: number, message = (i: number) => `finding number ${i} about this package`): Finding[] {
  return Array.from({ length: n }, (_, i) => finding(i, { message: message(i) }));
}
