// Markdown for the job summary and the check run output. Everything in a cell comes from the
// pull request or the registry: it is escaped so it can neither break the table nor render as
// HTML, links, images or math. When the text would exceed `maxChars`, whole rows are dropped
// from the end of the longest tables and the reader is told how many, never cutting mid-row.
import type { BundleInventoryEntry, InventoryEntry, Report, ServerInventoryEntry } from './types.js';
import type { Finding, Level, VerificationRecord } from '../types.js';
import { serverRuns, plural, policyDescription } from './text.js';
import { byteSize, clipChars } from './limits.js';
import { fileUri } from './sarif.js';

export interface MarkdownOptions {
  /**
   * Upper bound for the result. Measured in UTF-8 bytes, which is never less than the character
   * count, so one number serves both the step-summary limit (bytes) and the Checks API (characters).
   */
  maxChars: number;
  /**
   * Where file:line cells link to: the blob URL of the head commit with a trailing slash
   * (`https://github.com/o/r/blob/<sha>/`). Without it, locations are plain text.
   */
  blobUrl?: string;
}

/** Longest text kept in one cell: the JSON report carries the full text. */
const CELL_MAX = 500;
const TITLE_MAX = 1000;
const NOTE_MAX = 2000;

const LEVEL_ORDER: Record<Level, number> = { error: 0, warning: 1, notice: 2 };
const LEVEL_ICON: Record<Level, string> = { error: '🔴 error', warning: '🟡 warning', notice: '🔵 notice' };
const CONCLUSION_ICON: Record<Report['conclusion'], string> = { success: '✅', failure: '❌', neutral: '⚠️' };

// Characters with a meaning in GitHub markdown inside a table cell; `$` starts math.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!#~$]/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '|': '&#124;' };

/**
 * Hostile text as inert markdown on one line: HTML and `|` as entities, markdown punctuation
 * backslash-escaped, line breaks as spaces, clipped to `max` characters before escaping.
 */
export function escapeCell(text: string, max = CELL_MAX): string {
  return clipChars(text, max)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    // Backslashes first: the entities below bring in a `#` that must stay unescaped.
    .replace(MARKDOWN_PUNCTUATION, (ch) => '\\' + ch)
    .replace(/[&<>|]/g, (ch) => HTML_ENTITIES[ch]);
}

/**
 * Hostile text as an inline code span in a table cell: package names, versions and URLs read as
 * themselves (`name@1.0.0` is not an email link, a URL from the PR is not clickable). The fence is
 * longer than any run of backticks inside; `|` is escaped as GFM tables require even in code.
 */
export function codeCell(text: string, max = CELL_MAX): string {
  const body = clipChars(text, max)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\|/g, '\\|');
  if (body.trim() === '') return '';
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the content starts or ends with a backtick (CommonMark strips one).
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** `file:line` linked to that line at the head commit when a blob URL is known. */
export function locationCell(x: { file: string; line: number }, blobUrl: string | undefined): string {
  const text = `${escapeCell(x.file, 300)}:${x.line}`;
  if (!blobUrl || x.file.startsWith('~') || x.file.startsWith('/')) return text;
  return `[${text}](${blobUrl}${fileUri(x.file)}#L${Math.max(1, Math.trunc(x.line) || 1)})`;
}

/** A part of the document whose rows can be dropped from the end. */
interface Section {
  /** Lines always shown (heading, intro). */
  before: string[];
  /** Table header lines, shown only while at least one row is kept. */
  tableHead: string[];
  rows: string[];
  /** What the omission line calls the rows ("findings"). */
  noun: string;
  /** Lines always shown after the rows (closing tags). */
  after: string[];
}

export function renderMarkdown(report: Report, opts: MarkdownOptions): string {
  const head = headerLines(report);
  const at = (x: { file: string; line: number }) => locationCell(x, opts.blobUrl);
  const sections = [
    findingsSection(report.findings, at),
    inventorySection(report.dependencies, at),
    ...(report.servers.length > 0 ? [serversSection(report.servers, at)] : []),
    ...(report.bundles.length > 0 ? [bundlesSection(report.bundles)] : []),
    ...(report.registryConfig.settings.length > 0 || report.registryConfig.effective.some((e) => e.from.includes(':')) ? [registrySection(report.registryConfig, at)] : []),
    ...(report.verification.length > 0 ? [verificationSection(report.verification)] : []),
    ...(report.files.length > 0 ? [filesSection(report.files)] : []),
    policySection(report),
    ...(report.notes.length > 0 ? [notesSection(report.notes)] : []),
  ];
  const kept = fitRows(head, sections, opts.maxChars);
  const text = assemble(head, sections, kept);
  return byteSize(text) <= opts.maxChars ? text : cutLines(text, opts.maxChars);
}

function headerLines(report: Report): string[] {
  const { error, warning, notice } = report.counts;
  const tool = escapeCell(`${report.tool.name} ${report.tool.version}`, 200);
  return [
    `## ${CONCLUSION_ICON[report.conclusion]} ${tool}: ${report.conclusion}`,
    '',
    `**${escapeCell(report.title, TITLE_MAX)}**`,
    '',
    `${plural(error, 'error')} · ${plural(warning, 'warning')} · ${plural(notice, 'notice')} — ` +
      `base ${escapeCell(report.base, 100)} → head ${escapeCell(report.head, 100)}`,
    '',
  ];
}

type At = (x: { file: string; line: number }) => string;

function findingsSection(findings: Finding[], at: At): Section {
  const sorted = [...findings].sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.file.localeCompare(b.file) || a.line - b.line,
  );
  return {
    before: ['### Findings', ''],
    tableHead: ['| Level | Rule | Package | File:line | Message |', '|---|---|---|---|---|'],
    rows: sorted.map((f) => findingRow(f, at)),
    noun: 'findings',
    after: sorted.length === 0 ? ['No findings.', ''] : [''],
  };
}

export function findingRow(f: Finding, at: At): string {
  const pkg = f.name ? (f.version ? `${f.name}@${f.version}` : f.name) : '';
  const message = f.excepted ? `${f.message} (exception: ${f.excepted})` : f.message;
  return `| ${LEVEL_ICON[f.level]} | ${escapeCell(f.rule)} | ${codeCell(pkg, 200)} | ${at(f)} | ${escapeCell(message)} |`;
}

export function levelIcon(level: Level): string {
  return LEVEL_ICON[level];
}

function inventorySection(deps: InventoryEntry[], at: At): Section {
  return {
    before: [
      '### Installation audit: MCP-related dependencies',
      '',
      ...(deps.length === 0 ? ['No MCP-related dependency changed.'] : []),
    ],
    tableHead: ['| Change | Package | Version | Source | File:line | Why MCP-related |', '|---|---|---|---|---|---|'],
    rows: [...deps].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line).map((d) => inventoryRow(d, at)),
    noun: 'dependencies',
    after: [''],
  };
}

export function inventoryRow(d: InventoryEntry, at: At): string {
  const version = d.version ?? d.spec ?? '';
  const why = d.why.length > 0 ? d.why.join('; ') : 'not stated';
  return (
    `| ${d.change} | ${codeCell(d.name, 214)} | ${codeCell(version, 200)} | ${d.source ? codeCell(d.source, 300) : 'unknown'} ` +
    `| ${at(d)} | ${escapeCell(why)} |`
  );
}

function serversSection(servers: ServerInventoryEntry[], at: At): Section {
  return {
    before: ['### Installation audit: MCP servers in configs, bundles and server.json', ''],
    tableHead: ['| Change | Server | Client | Runs | File:line |', '|---|---|---|---|---|'],
    rows: servers.map(
      (s) => `| ${s.change} | ${escapeCell(s.name, 200)} | ${escapeCell(s.client, 50)} | ${codeCell(serverRuns(s), 400)} | ${at(s)} |`,
    ),
    noun: 'servers',
    after: [''],
  };
}

function bundlesSection(bundles: BundleInventoryEntry[]): Section {
  return {
    before: ['### Installation audit: bundles and their signatures', ''],
    tableHead: ['| Change | Bundle | sha256 | Signature | Signer | File |', '|---|---|---|---|---|---|'],
    rows: bundles.map((b) => {
      const signer = b.signature.signer ? `${b.signature.signer} (SHA-256 ${b.signature.fingerprint})` : '';
      const name = b.version ? `${b.name}@${b.version}` : b.name;
      return `| ${b.change} | ${codeCell(name, 200)} | ${codeCell(b.sha256 ?? '', 80)} | **${b.signature.status}**: ${escapeCell(b.signature.detail, 300)} | ${escapeCell(signer, 300)} | ${escapeCell(b.file, 300)} |`;
    }),
    noun: 'bundles',
    after: [''],
  };
}

function registrySection(config: Report['registryConfig'], at: At): Section {
  return {
    before: [`<details><summary>Registry configuration at head (${config.settings.length} settings)</summary>`, ''],
    tableHead: ['| Ecosystem | Resolves to | From | As the policy expects |', '|---|---|---|---|'],
    rows: config.effective.map(
      (e) =>
        `| ${escapeCell(e.scope ? `${e.ecosystem} ${e.scope}` : e.ecosystem, 100)} | ${codeCell(e.url, 300)} | ${escapeCell(e.from, 300)} | ${e.expected ? 'yes' : '**no**'} |`,
    ),
    noun: 'registries',
    after: ['', ...config.settings.slice(0, 50).map((x) => `- ${at(x)} ${codeCell(x.setting, 100)} (${x.effect})`), '', '</details>', ''],
  };
}

const RESULT_ORDER: Record<VerificationRecord['result'], number> = { fail: 0, error: 1, skipped: 2, pass: 3 };

function verificationSection(records: VerificationRecord[]): Section {
  const sorted = [...records].sort((a, b) => RESULT_ORDER[a.result] - RESULT_ORDER[b.result]);
  return {
    before: [`<details><summary>Verification log (${records.length} checks)</summary>`, ''],
    tableHead: ['| Result | Package | Check | Detail |', '|---|---|---|---|'],
    rows: sorted.map(
      (r) =>
        `| ${r.result} | ${codeCell(r.version ? `${r.name}@${r.version}` : r.name, 200)} | ${escapeCell(r.check, 100)} ` +
        `| ${escapeCell(r.registry ? `${r.detail} (from ${r.registry})` : r.detail)} |`,
    ),
    noun: 'verification records',
    after: ['', '</details>', ''],
  };
}

function filesSection(files: Report['files']): Section {
  return {
    before: [`<details><summary>Files read (${files.length})</summary>`, ''],
    tableHead: [],
    rows: files.map((f) => `- ${escapeCell(f.path, 300)} (${f.status}${f.format ? `, ${escapeCell(f.format, 50)}` : ''})`),
    noun: 'files',
    after: ['', '</details>', ''],
  };
}

function policySection(report: Report): Section {
  return {
    before: [`**Policy:** ${escapeCell(policyDescription(report), 1000)}`, ''],
    tableHead: [],
    rows: [],
    noun: '',
    after: [],
  };
}

function notesSection(notes: string[]): Section {
  return { before: ['### Notes', ''], tableHead: [], rows: notes.map((n) => `- ${escapeCell(n, NOTE_MAX)}`), noun: 'notes', after: [''] };
}

function omissionLine(section: Section, dropped: number): string {
  return `_… ${dropped} more ${section.noun}: see the JSON report_`;
}

/** Bytes of lines joined with '\n' as `assemble` does (each line plus its newline). */
function linesSize(lines: string[]): number {
  return lines.reduce((n, l) => n + byteSize(l) + 1, 0);
}

/**
 * How many rows of each section fit: repeatedly drop the last kept row of the section whose kept
 * rows are the largest, until the document fits or no rows are left.
 */
function fitRows(head: string[], sections: Section[], max: number): number[] {
  const rowSizes = sections.map((s) => s.rows.map((r) => byteSize(r) + 1));
  const kept = sections.map((s) => s.rows.length);
  const keptBytes = rowSizes.map((sizes) => sizes.reduce((a, b) => a + b, 0));
  const fixed = linesSize(head) + sections.reduce((n, s) => n + linesSize(s.before) + linesSize(s.after), 0);
  const tableHeads = sections.map((s) => linesSize(s.tableHead));
  const sectionSize = (i: number): number => {
    const dropped = sections[i].rows.length - kept[i];
    return (
      (kept[i] > 0 ? tableHeads[i] + keptBytes[i] : 0) + (dropped > 0 ? byteSize(omissionLine(sections[i], dropped)) + 2 : 0)
    );
  };
  const sizes = sections.map((_, i) => sectionSize(i));
  let total = fixed + sizes.reduce((a, b) => a + b, 0);
  while (total > max) {
    let widest = -1;
    for (let i = 0; i < sections.length; i++) if (kept[i] > 0 && (widest < 0 || keptBytes[i] > keptBytes[widest])) widest = i;
    if (widest < 0) break;
    kept[widest]--;
    keptBytes[widest] -= rowSizes[widest][kept[widest]];
    total -= sizes[widest];
    sizes[widest] = sectionSize(widest);
    total += sizes[widest];
  }
  return kept;
}

function assemble(head: string[], sections: Section[], kept: number[]): string {
  const lines = [...head];
  sections.forEach((s, i) => {
    lines.push(...s.before);
    if (kept[i] > 0) lines.push(...s.tableHead, ...s.rows.slice(0, kept[i]));
    const dropped = s.rows.length - kept[i];
    // A blank line ends the table so the omission line is not read as a row.
    if (dropped > 0) lines.push('', omissionLine(s, dropped));
    lines.push(...s.after);
  });
  return lines.map((l) => l + '\n').join('');
}

/** Last resort when even the headings do not fit: keep whole lines that fit and say it was cut. */
function cutLines(text: string, max: number): string {
  const marker = '\n_… truncated: see the JSON report_\n';
  const budget = max - byteSize(marker);
  const lines = text.split('\n');
  let out = '';
  let size = 0;
  for (const line of lines) {
    const s = byteSize(line) + 1;
    if (size + s > budget) break;
    out += line + '\n';
    size += s;
  }
  if (budget < 0) return '';
  return out + marker;
}
