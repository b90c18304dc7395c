// The pull-request comment: one per PR and check name, found again by a hidden marker and edited in
// place on every run, so a push never adds a second one and a PR that becomes clean says so instead of
// keeping a stale list. The verdict, the findings grouped by file with links to their lines at the
// head commit, the inventory collapsed. A comment never decides anything: when the token may not
// comment (fork PRs get a read-only token: 403) or the API fails (404, 5xx after retries), that is
// said once in the log and the run goes on with its verdict unchanged. The token never appears in
// anything this module logs.
import { lazyOctokit, type Octokit } from '../common/github-client.js';
import type { Finding } from '../types.js';
import type { Report } from './types.js';
import { describeFailure, type Logger } from './github.js';
import { codeCell, escapeCell, findingRow, inventoryRow, locationCell } from './markdown.js';
import { plural } from './text.js';

/** GitHub refuses issue comments longer than this (characters). */
export const COMMENT_MAX = 65536;
const LEVEL_ORDER = { error: 0, warning: 1, notice: 2 } as const;
const HEAD = { success: '✅', failure: '❌', neutral: '⚠️' } as const;

export interface CommentTarget {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The check run's name: the marker carries it, so two gates on one PR keep one comment each. */
  checkName: string;
}

export interface CommentLinks {
  /** `https://github.com/o/r/blob/<head sha>/` */
  blobUrl?: string;
  /** Where the full report is (the check run or the workflow run). */
  detailsUrl?: string;
  /** Set when warn-only turned a failure into neutral. */
  warnOnly?: boolean;
}

export function commentMarker(checkName: string): string {
  return `<!-- mcp-supply-gate:comment ${checkName.replace(/--+>?/g, '-')} -->`;
}

/** The comment body, at most `max` characters: whole rows dropped from the end, with a pointer to the full report. */
export function renderComment(report: Report, checkName: string, links: CommentLinks, max = COMMENT_MAX): string {
  const { error, warning, notice } = report.counts;
  const at = (x: { file: string; line: number }) => locationCell(x, links.blobUrl);
  const more = links.detailsUrl ? `[the check run](${links.detailsUrl})` : 'the check run';
  const head = [
    commentMarker(checkName),
    `### ${HEAD[report.conclusion]} MCP supply-chain gate: ${escapeCell(report.title, 300)}`,
    '',
  ];
  if (links.warnOnly) head.push('_Report-only mode (`warn-only: true`): these findings do not block the merge yet._', '');
  if (report.findings.length === 0) {
    head.push(
      report.dependencies.length || report.servers.length
        ? 'No findings: every MCP-related change in this pull request passes the policy.'
        : 'No findings: this pull request changes nothing MCP-related.',
      '',
    );
  } else {
    head.push(`${plural(error, 'error')} · ${plural(warning, 'warning')} · ${plural(notice, 'notice')}`, '');
  }

  // Findings grouped by file, each file's most severe first; files with errors first.
  const byFile = new Map<string, Finding[]>();
  for (const f of [...report.findings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.line - b.line)) {
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  }
  const blocks: string[][] = [];
  for (const [file, findings] of byFile) {
    blocks.push([`**${escapeCell(file, 300)}**`, '', '| Level | Rule | Package | Line | Message |', '|---|---|---|---|---|', ...findings.map((f) => findingRow(f, at)), '']);
  }
  const inventory = report.dependencies.filter((d) => d.change !== 'unchanged');
  const collapsed: string[] = [];
  if (inventory.length > 0) {
    collapsed.push(
      `<details><summary>MCP-related dependencies in this pull request (${inventory.length})</summary>`,
      '',
      '| Change | Package | Version | Source | File:line | Why MCP-related |',
      '|---|---|---|---|---|---|',
      ...inventory.map((d) => inventoryRow(d, at)),
      '',
      '</details>',
      '',
    );
  }
  const servers = report.servers.filter((s) => s.change !== 'unchanged');
  if (servers.length > 0) {
    collapsed.push(
      `<details><summary>MCP servers added or changed (${servers.length})</summary>`,
      '',
      ...servers.map((s) => `- ${s.change} ${codeCell(s.name, 200)} (${escapeCell(s.client, 50)}) ${at(s)}`),
      '',
      '</details>',
      '',
    );
  }
  const tail = [`Full report: ${more}, the job summary, and the JSON report.`];
  const truncatedTail = [`_Truncated to fit a comment: the full list is in ${more}._`];

  const join = (lines: string[]) => lines.join('\n') + '\n';
  const full = join([...head, ...blocks.flat(), ...collapsed, ...tail]);
  if (full.length <= max) return full;
  // Drop the collapsed inventory first, then whole lines of the findings from the end, until it fits.
  const rows = blocks.flat();
  const fixed = join([...head, '', ...truncatedTail]).length;
  let size = fixed;
  let kept = 0;
  while (kept < rows.length && size + rows[kept].length + 1 <= max) size += rows[kept++].length + 1;
  const text = join([...head, ...rows.slice(0, kept), '', ...truncatedTail]);
  return text.length <= max ? text : text.slice(0, max - 200) + `\n\n${truncatedTail[0]}\n`;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Creates or updates the one comment; every failure is logged once and swallowed. */
export class PrCommenter {
  private readonly octokit: () => Promise<Octokit>;
  private readonly retryDelaysMs: number[];

  constructor(
    private readonly target: CommentTarget,
    private readonly log: Logger,
    opts: { retryDelaysMs?: number[] } = {},
  ) {
    this.retryDelaysMs = opts.retryDelaysMs ?? [1000, 3000];
    this.octokit = lazyOctokit(target.token, {
      baseUrl: target.apiUrl.replace(/\/+$/, ''),
      userAgent: 'mcp-supply-gate',
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
  }

  /**
   * Post `body`, editing the gate's earlier comment when there is one. When there is none and the
   * report is clean, nothing is posted: a clean PR gets no noise, a PR that became clean gets its
   * comment updated.
   */
  async publish(body: string, clean: boolean): Promise<{ action: 'created' | 'updated' | 'skipped' | 'failed'; id?: number }> {
    const marker = commentMarker(this.target.checkName);
    const found = await this.attempt('list the pull request\'s comments', () => this.findOwn(marker));
    if (!found.ok) return this.failed(found.reason);
    if (found.value === undefined && clean) return { action: 'skipped' };
    const { owner, repo, pullNumber } = this.target;
    if (found.value !== undefined) {
      const id = found.value;
      const octokit = await this.octokit();
      const updated = await this.attempt('update the comment', () => octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body }));
      return updated.ok ? { action: 'updated', id } : this.failed(updated.reason);
    }
    const octokit = await this.octokit();
    const created = await this.attempt('create the comment', () => octokit.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body }));
    return created.ok ? { action: 'created', id: created.value.data.id } : this.failed(created.reason);
  }

  /**
   * The id of the gate's own earlier comment: the marker opens the body, and it was written by a bot
   * or by someone with write access (a PAT), never by whoever opened the PR from outside, who could
   * otherwise plant a marker to have the gate overwrite their text.
   */
  private async findOwn(marker: string): Promise<number | undefined> {
    const { owner, repo, pullNumber } = this.target;
    const trusted = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
    const octokit = await this.octokit();
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: pullNumber, per_page: 100 })) {
      for (const c of page.data) {
        const mine = c.user?.type === 'Bot' || trusted.has(c.author_association);
        if (mine && typeof c.body === 'string' && c.body.startsWith(marker)) return c.id;
      }
    }
    return undefined;
  }

  private failed(reason: string): { action: 'failed' } {
    const hint = /HTTP 403/.test(reason)
      ? ' The token may not write to pull requests: give the job `permissions: pull-requests: write` (pull requests from forks get a read-only token and are never commented on).'
      : /HTTP 404/.test(reason)
        ? ' The pull request or the repository was not found with this token.'
        : '';
    this.log.warning(`Pull request comment not posted: could not ${reason}.${hint} The verdict is unchanged; the findings are in the check run and the job summary.`);
    return { action: 'failed' };
  }

  private async attempt<T>(what: string, send: () => Promise<T>): Promise<Outcome<T>> {
    let reason = '';
    for (let i = 0; ; i++) {
      try {
        return { ok: true, value: await send() };
      } catch (err) {
        const failure = describeFailure(err);
        reason = `${what} (${this.redact(failure.text)})`;
        if (!failure.retry || i >= this.retryDelaysMs.length) break;
        this.log.info(`Comment: ${reason}; retrying in ${this.retryDelaysMs[i]} ms.`);
        await new Promise((r) => setTimeout(r, this.retryDelaysMs[i]));
      }
    }
    return { ok: false, reason };
  }

  private redact(text: string): string {
    return this.target.token ? text.split(this.target.token).join('***') : text;
  }
}
