// The Report: the verdict's findings with the evidence a maintainer reads beside them (the MCP-related
// dependencies, the server, bundle and registry inventory of the head tree, the verification log, the
// files looked at, the notes), titled in one line.
import type { Report } from '../report/types.js';
import type { ResolvedContext } from '../context/index.js';
import type { Policy } from '../policy/types.js';
import type { PolicyText } from '../policy/index.js';
import type { ChangeSet, Inventory, Findings, Verdict } from './types.js';
import type { Facts } from '../types.js';
import { VERSION } from '../common/version.js';
import { inventoryEntries } from './inventory/index.js';

function title(report: Pick<Report, 'conclusion' | 'counts'>, judged: number, scan: boolean): string {
  const { error, warning } = report.counts;
  if (report.conclusion === 'neutral') return scan ? 'Nothing MCP-related found' : 'No MCP-related dependency changes';
  const parts = [`${error} error${error === 1 ? '' : 's'}`, `${warning} warning${warning === 1 ? '' : 's'}`];
  const what = scan ? `MCP-related entr${judged === 1 ? 'y' : 'ies'} found` : `MCP-related change${judged === 1 ? '' : 's'}`;
  return `${report.conclusion === 'failure' ? 'Blocked' : 'Passed'}: ${parts.join(', ')} in ${judged} ${what}`;
}

/** The Report of one run: the verdict, and the evidence beside it. */
export function buildReport(r: {
  ctx: ResolvedContext;
  policy: Policy;
  policyText: PolicyText;
  changeSet: ChangeSet;
  inventory: Inventory;
  findings: Findings;
  verdict: Verdict;
  facts: Facts;
  audit: Pick<Report, 'servers' | 'bundles' | 'registryConfig'>;
  notes: string[];
}): Report {
  const { conclusion, counts } = r.verdict;
  return {
    tool: { name: 'mcp-supply-gate', version: VERSION },
    conclusion,
    title: title({ conclusion, counts }, r.verdict.judged, r.ctx.event === 'scan'),
    base: r.ctx.base,
    head: r.ctx.head,
    policy: { ...r.policy.source, note: r.policyText.kind === 'default' ? 'built-in default policy' : undefined },
    counts,
    findings: r.verdict.findings,
    dependencies: inventoryEntries(r.inventory.items, r.findings.checkDrafts),
    servers: r.audit.servers,
    bundles: r.audit.bundles,
    registryConfig: r.audit.registryConfig,
    verification: r.facts.log,
    files: r.changeSet.files.map((f) => ({ path: f.change.path, status: f.change.status, format: f.format })),
    notes: r.notes,
  };
}
