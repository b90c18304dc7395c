// Terminal output for the CLI and the action log. Plain text unless colours are asked for.
import type { BundleInventoryEntry, ServerInventoryEntry, InventoryEntry, Report } from './types.js';
import { type Finding, type Level, SCAN_TREE } from '../types.js';

export interface TextOptions {
  /** ANSI colours for levels and the conclusion. Off by default (logs, files, pipes). */
  color?: boolean;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, green: 32, bold: 1, dim: 2 } as const;
type Style = keyof typeof ANSI;

const LEVEL_STYLE: Record<Level, Style> = { error: 'red', warning: 'yellow', notice: 'cyan' };
const LEVEL_ORDER: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

// Control characters (incl. ESC, which starts terminal escape sequences) and bidirectional
// overrides (which can make text read differently than it is) are shown, not obeyed.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the pull request made safe for a terminal: one line, no escape sequences. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_CHARS, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u{${ch.charCodeAt(0).toString(16)}}`;
  });
}

export function renderText(report: Report, opts: TextOptions = {}): string {
  const paint = painter(opts.color === true);
  const out: string[] = [];
  out.push(titleLine(report, paint));
  out.push(report.head === SCAN_TREE ? 'scan of the files as they are on disk (no commits compared)' : `base ${terminalSafe(report.base)}  head ${terminalSafe(report.head)}`);
  out.push(countsLine(report));
  out.push('', ...findingsSection(report.findings, paint));
  out.push('', ...inventorySection(report.dependencies));
  const where = report.head === SCAN_TREE ? 'found' : 'at head';
  if (report.servers.length) out.push('', ...serversSection(report.servers, where));
  if (report.bundles.length) out.push('', ...bundlesSection(report.bundles, where));
  const decided = report.registryConfig.effective.filter((e) => e.from.includes(':'));
  if (decided.length) {
    out.push('', `Registry configuration ${where}:`);
    for (const e of decided) out.push(`  ${terminalSafe(e.scope ? `${e.ecosystem} ${e.scope}` : e.ecosystem).padEnd(14)} ${terminalSafe(e.url)}  (${terminalSafe(e.from)})${e.expected ? '' : '  NOT the policy registry'}`);
  }
  out.push('', policyLine(report));
  if (report.notes.length > 0) {
    out.push('', 'Notes:');
    for (const note of report.notes) out.push(`  - ${terminalSafe(note)}`);
  }
  return out.join('\n') + '\n';
}

function painter(enabled: boolean): (style: Style, text: string) => string {
  return enabled ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m` : (_style, text) => text;
}

function titleLine(report: Report, paint: (s: Style, t: string) => string): string {
  const style: Style = report.conclusion === 'failure' ? 'red' : report.conclusion === 'success' ? 'green' : 'yellow';
  const tool = `${terminalSafe(report.tool.name)} ${terminalSafe(report.tool.version)}`;
  return `${tool}  ${paint('bold', paint(style, report.conclusion.toUpperCase()))}  ${terminalSafe(report.title)}`;
}

function countsLine(report: Report): string {
  const { error, warning, notice } = report.counts;
  return `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(notice, 'notice')}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Findings grouped by file (files in name order), each group in line order, errors first on a line. */
export function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  const sorted = [...findings].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level],
  );
  for (const f of sorted) {
    const list = groups.get(f.file) ?? [];
    list.push(f);
    groups.set(f.file, list);
  }
  return groups;
}

function findingsSection(findings: Finding[], paint: (s: Style, t: string) => string): string[] {
  if (findings.length === 0) return ['Findings: none'];
  const out = [`Findings (${findings.length}):`];
  const ruleWidth = findings.reduce((w, f) => Math.max(w, f.rule.length), 0);
  for (const [file, list] of groupByFile(findings)) {
    out.push(`  ${terminalSafe(file)}`);
    for (const f of list) {
      const level = paint(LEVEL_STYLE[f.level], f.level.padEnd(7));
      const cells = [`${terminalSafe(f.file)}:${f.line}`, level, f.rule.padEnd(ruleWidth), packageLabel(f), findingMessage(f)];
      out.push('    ' + cells.filter((c) => c !== '').join('  '));
    }
  }
  return out;
}

export function packageLabel(f: { name?: string; version?: string }): string {
  if (!f.name) return '';
  return terminalSafe(f.version ? `${f.name}@${f.version}` : f.name);
}

function findingMessage(f: Finding): string {
  const excepted = f.excepted ? ` (exception: ${terminalSafe(f.excepted)})` : '';
  return terminalSafe(f.message) + excepted;
}

function inventorySection(deps: InventoryEntry[]): string[] {
  if (deps.length === 0) return ['MCP inventory: no MCP-related dependencies changed'];
  const out = [`MCP inventory (${deps.length}):`];
  for (const d of deps) {
    const name = terminalSafe(d.version ? `${d.name}@${d.version}` : d.spec ? `${d.name} ${d.spec}` : d.name);
    const source = terminalSafe(d.source ?? 'unknown source');
    out.push(`  ${d.change.padEnd(9)} ${name}  ${source}  ${terminalSafe(d.file)}:${d.line}`);
    out.push(`            why: ${d.why.map(terminalSafe).join('; ') || 'not stated'}`);
  }
  return out;
}

/** What a server runs, in one line: `npx @playwright/mcp@0.0.41 (npm)`, `https://host/mcp`. */
export function serverRuns(s: ServerInventoryEntry): string {
  const pkgs = s.packages.map((p) => {
    const at = p.ecosystem === 'oci' ? `${p.version ? `:${p.version}` : ''}${p.integrity ? `@${p.integrity}` : ''}` : p.version ? `@${p.version}` : p.spec && p.spec !== 'latest' ? ` ${p.spec}` : ' (unpinned)';
    return `${p.ecosystem} ${p.name}${at}${p.registry ? ` from ${p.registry}` : ''}`;
  });
  const how = s.program
    ? `${s.program.name} from PATH${s.program.allowed ? ' (launchers.allow)' : ''}`
    : s.launcher && s.launcher !== 'unknown'
      ? s.launcher
      : s.command;
  const parts = [how, ...pkgs, s.url, s.local].filter(Boolean);
  return parts.join(' · ') || s.transport;
}

function serversSection(servers: ServerInventoryEntry[], where = 'at head'): string[] {
  const out = [`MCP servers ${where} (${servers.length}):`];
  for (const s of servers) out.push(`  ${s.change.padEnd(9)} ${terminalSafe(s.name)} [${terminalSafe(s.client)}]  ${terminalSafe(serverRuns(s))}  ${terminalSafe(s.file)}:${s.line}`);
  return out;
}

/** A bundle's signature in one line: `verified: signed by "CN=Acme" (SHA-256 3F:9A:…); the signer chains to …`. */
export function bundleSignatureLine(b: BundleInventoryEntry): string {
  const s = b.signature;
  const signer = s.signer ? ` by "${s.signer}" (certificate SHA-256 ${s.fingerprint})` : '';
  return s.status === 'absent' ? 'absent: no signature block' : `${s.status}: signed${signer}; ${s.detail}`;
}

function bundlesSection(bundles: BundleInventoryEntry[], where = 'at head'): string[] {
  const out = [`Bundles ${where} (${bundles.length}):`];
  for (const b of bundles) {
    out.push(`  ${b.change.padEnd(9)} ${terminalSafe(b.name)}${b.version ? `@${terminalSafe(b.version)}` : ''}  ${terminalSafe(b.file)}  ${terminalSafe(b.sha256 ?? '')}`);
    out.push(`            signature ${terminalSafe(bundleSignatureLine(b))}`);
  }
  return out;
}

export function policyDescription(report: Report): string {
  const p = report.policy;
  const where =
    p.kind === 'default'
      ? 'built-in defaults'
      : p.kind === 'base'
        ? p.commit === SCAN_TREE
          ? `${p.path} in the scanned directory`
          : `${p.path} at base${p.commit ? ` ${p.commit}` : ''}`
        : `${p.path} (file)`;
  return where + (p.note ? ` — ${p.note}` : '');
}

function policyLine(report: Report): string {
  return `Policy: ${terminalSafe(policyDescription(report))}`;
}
