// SARIF 2.1.0 for GitHub code scanning (upload-sarif / POST /code-scanning/sarifs).
// GitHub's subset: tool.driver.name and rules, results with ruleId, level, message.text and a
// physical location (relative uri + region.startLine >= 1). GitHub rejects runs with more than
// 25,000 results, so the run is capped there and says so in a tool notification.
import { createHash } from 'node:crypto';
import type { Finding, Level, RuleId } from '../types.js';
import type { Report } from './types.js';
import { clipBytes } from './limits.js';
import { RULES } from '../rules/catalogue.js';
import { slashed } from '../common/paths.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_MAX_RESULTS = 25000;
const SARIF_MESSAGE_MAX_BYTES = 32 * 1024;

const SARIF_LEVEL: Record<Level, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };
const LEVEL_ORDER: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

export interface SarifOptions {
  /** The tool's home page (`tool.driver.informationUri`); rule help links point into its README. */
  informationUri?: string;
  /** Where each rule's help is: `<README URL>#rule-<id>`. */
  rulesUri?: string;
}

/** Documentation links of the gate, from where the action runs (`uses: owner/mcp-supply-gate@ref`), when known. */
export function sarifLinks(env: NodeJS.ProcessEnv): SarifOptions {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repo = env.GITHUB_ACTION_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return {};
  const ref = env.GITHUB_ACTION_REF && /^[\w./-]+$/.test(env.GITHUB_ACTION_REF) ? env.GITHUB_ACTION_REF : 'HEAD';
  return { informationUri: `${server}/${repo}`, rulesUri: `${server}/${repo}/blob/${ref}/README.md` };
}

export function renderSarif(report: Report, opts: SarifOptions = {}): string {
  return JSON.stringify(toSarif(report, opts), null, 2) + '\n';
}

export function toSarif(report: Report, opts: SarifOptions = {}): object {
  const ruleIds = Object.keys(RULES) as RuleId[];
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  // Keep the most severe results when capping; order is otherwise the report's.
  const ordered = [...report.findings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  const kept = ordered.slice(0, SARIF_MAX_RESULTS);
  const left = ordered.length - kept.length;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            semanticVersion: report.tool.version,
            version: report.tool.version,
            ...(opts.informationUri ? { informationUri: opts.informationUri } : {}),
            rules: ruleIds.map((id) => sarifRule(id, opts)),
          },
        },
        automationDetails: { id: `${report.tool.name}/` },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications:
              left > 0
                ? [{ level: 'warning', message: { text: `${left} more findings left out (GitHub accepts at most ${SARIF_MAX_RESULTS} results per run): see the JSON report.` } }]
                : [],
          },
        ],
        results: kept.map((f) => sarifResult(f, index.get(f.rule) ?? -1)),
      },
    ],
  };
}

function sarifRule(id: RuleId, opts: SarifOptions): object {
  const h = RULES[id];
  const level = h.level === 'off' ? 'none' : SARIF_LEVEL[h.level];
  return {
    id,
    name: h.name,
    shortDescription: { text: h.short },
    fullDescription: { text: `${h.short} ${h.help}` },
    help: { text: h.help, markdown: h.help },
    ...(opts.rulesUri ? { helpUri: `${opts.rulesUri}#rule-${id}` } : {}),
    defaultConfiguration: { level },
    properties: { tags: ['security', 'supply-chain', 'mcp'], precision: 'high', 'security-severity': h.severity.toFixed(1) },
  };
}

function sarifResult(f: Finding, ruleIndex: number): object {
  const pkg = f.name ? (f.version ? `${f.name}@${f.version}` : f.name) : undefined;
  return {
    ruleId: f.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: SARIF_LEVEL[f.level],
    message: { text: clipBytes(pkg ? `${pkg}: ${f.message}` : f.message, SARIF_MESSAGE_MAX_BYTES) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, Math.trunc(f.line) || 1) },
        },
      },
    ],
    // The other places of the same problem (the manifest entry a lockfile finding was merged with, ...).
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            physicalLocation: { artifactLocation: { uri: fileUri(r.file), uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, Math.trunc(r.line) || 1) } },
          })),
        }
      : {}),
    // Line-independent: a dependency finding stays the same alert when lines above it move.
    partialFingerprints: { 'mcpSupplyGate/v1': fingerprint(f) },
    ...(f.excepted ? { suppressions: [{ kind: 'external', justification: clipBytes(f.excepted, 1024) }] } : {}),
    ...(f.name ? { properties: { package: f.name, ...(f.version ? { version: f.version } : {}), ...(f.ecosystem ? { ecosystem: f.ecosystem } : {}) } } : {}),
  };
}

/** A repository-relative path as a URI reference: each segment percent-encoded, slashes kept. */
export function fileUri(file: string): string {
  return slashed(file)
    .replace(/^\/+/, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}

function fingerprint(f: Finding): string {
  return createHash('sha256')
    // Without a package (a file that could not be parsed) the line is what tells findings apart.
    .update([f.rule, f.file, f.ecosystem ?? '', f.name ?? `line ${f.line}`, f.version ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 32);
}
