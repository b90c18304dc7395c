// Publishes the report as a GitHub check run. When the Checks API refuses (fork pull requests get a
// read-only token: 403 "Resource not accessible by integration"; 404 without access) or stays
// unreachable after retries, the findings go out as workflow commands instead, which the runner
// turns into annotations. That fallback is announced once, with the reason. The token never
// appears in anything this module logs or emits.
import { lazyOctokit, type Octokit } from '../common/github-client.js';
import type { Report } from './types.js';
import { bySeverity, toCheckAnnotations, workflowCommand, type CheckAnnotation } from './annotations.js';
import { ANNOTATIONS_PER_REQUEST, CHECK_OUTPUT_MAX, byteSize, clipChars } from './limits.js';
import { renderMarkdown } from './markdown.js';

export interface CheckRunTarget {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  detailsUrl?: string;
}

export interface Logger {
  info(msg: string): void;
  warning(msg: string): void;
}

export interface PublisherOptions {
  /** Most annotations sent to one check run; the rest are in the summary and the JSON report. */
  maxAnnotations?: number;
  /** Waits before each retry of a request that failed on the network or with 5xx. */
  retryDelaysMs?: number[];
  /** Per-request time limit. */
  timeoutMs?: number;
}

export type PublishMode = 'check-run' | 'workflow-commands';

/**
 * Annotations sent to one check run. GitHub takes 50 per request; 1000 is 20 requests, enough for
 * any pull request a person reviews, and bounded for one that adds thousands of packages.
 */
export const MAX_ANNOTATIONS = 1000;
const DEFAULT_RETRY_DELAYS_MS = [1000, 3000];
const DEFAULT_TIMEOUT_MS = 30_000;
/** Checks API output.title has no documented limit; keep it to one readable line. */
const OUTPUT_TITLE_MAX = 255;

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export class CheckRunPublisher {
  private readonly octokit: () => Promise<Octokit>;
  private readonly maxAnnotations: number;
  private readonly retryDelaysMs: number[];
  private readonly timeoutMs: number;
  private checkRunId?: number;
  private htmlUrl?: string;
  private blobUrl?: string;
  /** Set once the API has refused; from then on everything goes out as workflow commands. */
  private refusal?: string;
  private announced = false;

  constructor(
    private readonly target: CheckRunTarget,
    private readonly log: Logger,
    private readonly emit: (line: string) => void,
    opts: PublisherOptions = {},
  ) {
    this.maxAnnotations = opts.maxAnnotations ?? MAX_ANNOTATIONS;
    this.retryDelaysMs = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.octokit = lazyOctokit(target.token, {
      baseUrl: target.apiUrl.replace(/\/+$/, ''),
      userAgent: 'mcp-supply-gate',
      // Octokit's own warnings (deprecations) go through our logger, redacted; debug/info are dropped.
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (m: string) => this.log.warning(this.redact(m)),
        error: (m: string) => this.log.warning(this.redact(m)),
      },
    });
  }

  /** The check run's page, once created (where the comment points for the full report). */
  get url(): string | undefined {
    return this.refusal === undefined ? this.htmlUrl : undefined;
  }

  /** Creates the check run as in_progress so the pull request shows the gate is running. */
  async start(): Promise<void> {
    if (this.refusal !== undefined || this.checkRunId !== undefined) return;
    const created = await this.create({ status: 'in_progress' });
    if (!created.ok) this.refusal = created.reason;
  }

  /**
   * Completes the check run with the conclusion, the markdown summary and the annotations (50 per
   * request, the first batch with the conclusion). Creates the run if `start` was not called.
   */
  async complete(report: Report, links: { blobUrl?: string } = {}): Promise<{ mode: PublishMode; checkRunId?: number }> {
    this.blobUrl = links.blobUrl;
    const findings = bySeverity(report.findings);
    const annotations = toCheckAnnotations(findings.slice(0, this.maxAnnotations));
    let delivered = 0;
    if (this.refusal === undefined) {
      const output = { title: outputTitle(report), summary: this.summary(report, annotations.length) };
      for (const batch of batches(annotations)) {
        const sent = await this.sendBatch(report, output, batch);
        if (!sent.ok) {
          this.refusal = sent.reason;
          break;
        }
        delivered += batch.length;
      }
    }
    if (this.refusal === undefined) return { mode: 'check-run', checkRunId: this.checkRunId };
    this.fallBack(this.refusal, findings.slice(delivered), findings.length);
    return { mode: 'workflow-commands', ...(this.checkRunId !== undefined ? { checkRunId: this.checkRunId } : {}) };
  }

  /** POST a new check run for the target commit; remembers its id. */
  private async create(fields: {
    status: 'in_progress' | 'completed';
    conclusion?: Report['conclusion'];
    output?: { title: string; summary: string; annotations: CheckAnnotation[] };
  }): Promise<Outcome<unknown>> {
    const octokit = await this.octokit();
    const created = await this.attempt('create the check run', (request) =>
      octokit.rest.checks.create({
        owner: this.target.owner,
        repo: this.target.repo,
        name: this.target.name,
        head_sha: this.target.headSha,
        ...(this.target.detailsUrl ? { details_url: this.target.detailsUrl } : {}),
        ...fields,
        request,
      }),
    );
    if (created.ok) {
      this.checkRunId = created.value.data.id;
      this.htmlUrl = typeof created.value.data.html_url === 'string' ? created.value.data.html_url : undefined;
    }
    return created;
  }

  private async sendBatch(
    report: Report,
    output: { title: string; summary: string },
    annotations: CheckAnnotation[],
  ): Promise<Outcome<unknown>> {
    const body = { output: { ...output, annotations } };
    if (this.checkRunId === undefined) return this.create({ status: 'completed', conclusion: report.conclusion, ...body });
    const id = this.checkRunId;
    // Every PATCH carries status and conclusion: repeating them is harmless, and a run whose first
    // PATCH was lost is still completed by the next one.
    const octokit = await this.octokit();
    return this.attempt('update the check run', (request) =>
      octokit.rest.checks.update({
        owner: this.target.owner,
        repo: this.target.repo,
        check_run_id: id,
        status: 'completed',
        conclusion: report.conclusion,
        ...body,
        request,
      }),
    );
  }

  private summary(report: Report, annotated: number): string {
    const total = report.findings.length;
    const note =
      annotated < total
        ? `\n> Annotations: the ${annotated} most severe of ${total} findings are annotated (at most ${this.maxAnnotations} per run); all are in the JSON report.\n`
        : '';
    return renderMarkdown(report, { maxChars: CHECK_OUTPUT_MAX - byteSize(note), blobUrl: this.blobUrl }) + note;
  }

  private fallBack(reason: string, findings: Report['findings'], total: number): void {
    if (!this.announced) {
      this.announced = true;
      this.log.warning(
        `Check run not published: could not ${reason}. Reporting ${findings.length} of ${total} findings as ` +
          `workflow-command annotations instead (GitHub shows only the first few per step; all are in this log).`,
      );
    }
    for (const f of findings) this.emit(workflowCommand(f));
  }

  /** Runs one API request, retrying network failures and 5xx; a 4xx answer is final. */
  private async attempt<T>(what: string, send: (request: { signal: AbortSignal }) => Promise<T>): Promise<Outcome<T>> {
    let reason = '';
    for (let i = 0; ; i++) {
      try {
        return { ok: true, value: await send({ signal: AbortSignal.timeout(this.timeoutMs) }) };
      } catch (err) {
        const failure = describeFailure(err);
        reason = `${what} (${this.redact(failure.text)})`;
        if (!failure.retry || i >= this.retryDelaysMs.length) break;
        this.log.info(`Checks API: ${reason}; retrying in ${this.retryDelaysMs[i]} ms.`);
        await sleep(this.retryDelaysMs[i]);
      }
    }
    return { ok: false, reason };
  }

  private redact(text: string): string {
    const token = this.target.token;
    return token ? text.split(token).join('***') : text;
  }
}

/** Status and message of a failed request, without anything from the request itself (headers carry the token). */
export function describeFailure(err: unknown): { text: string; retry: boolean } {
  const e = (err ?? {}) as { status?: unknown; response?: { data?: unknown }; message?: unknown; name?: unknown };
  const status = typeof e.status === 'number' ? e.status : 0;
  const message = apiMessage(e.response?.data) ?? (typeof e.message === 'string' ? e.message : String(err));
  if (e.response === undefined) {
    const causes = causeChain(err);
    const timedOut = causes.some((c) => c.name === 'TimeoutError' || c.name === 'AbortError');
    const detail = [message, ...causes.slice(1).map((c) => c.code ?? c.message)].filter((x, i, all) => x && all.indexOf(x) === i);
    return { text: `${timedOut ? 'timed out' : 'network error'}: ${clipChars(detail.join(': '), 300)}`, retry: true };
  }
  return { text: `HTTP ${status}: ${clipChars(message, 300)}`, retry: status >= 500 };
}

/**
 * The error and its causes (fetch wraps the socket error: "fetch failed" <- ECONNREFUSED). Read by
 * shape, not `instanceof`: the causes may come from another realm.
 */
function causeChain(err: unknown): { name?: string; message?: string; code?: string }[] {
  const out: { name?: string; message?: string; code?: string }[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && out.length < 5) {
    const c = current as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    out.push({
      name: typeof c.name === 'string' ? c.name : undefined,
      message: typeof c.message === 'string' ? c.message : undefined,
      code: typeof c.code === 'string' ? c.code : undefined,
    });
    current = c.cause;
  }
  return out;
}

function apiMessage(data: unknown): string | undefined {
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return undefined;
}

function outputTitle(report: Report): string {
  return clipChars(report.title.trim() || `MCP supply-chain gate: ${report.conclusion}`, OUTPUT_TITLE_MAX);
}

/** Annotation batches of the API's size; always at least one batch so the run gets its conclusion. */
export function batches<T>(items: T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  if (items.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
