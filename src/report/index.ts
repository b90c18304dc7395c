// The report room: turns a Report into what maintainers read. Nothing here decides anything.
// REPORTERS is the one table of the outputs a user picks by name (`--format`; the action writes its
// JSON report, step summary and SARIF file through it too): a new output is one module in this room and
// one entry in the table. The check run, its annotations and the pull request comment are published
// through the GitHub API (github.ts, comment.ts).
import { renderJson } from './json.js';
import { STEP_SUMMARY_MAX } from './limits.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif, sarifLinks } from './sarif.js';
import { renderText } from './text.js';
import type { Report } from './types.js';

export interface RenderOptions {
  /** Where the gate runs (`GITHUB_SERVER_URL`, `GITHUB_ACTION_REPOSITORY`...): SARIF links its rules' help there. */
  env?: NodeJS.ProcessEnv;
  /** Markdown: the most it may be (the step summary's limit unless said). */
  maxChars?: number;
  /** Markdown: the head commit's blob URL, for file:line links. */
  blobUrl?: string;
}

export type Reporter = (report: Report, opts: RenderOptions) => string;

export const REPORTERS = {
  text: (report) => renderText(report),
  json: (report) => renderJson(report),
  markdown: (report, opts) => renderMarkdown(report, { maxChars: opts.maxChars ?? STEP_SUMMARY_MAX, blobUrl: opts.blobUrl }),
  sarif: (report, opts) => renderSarif(report, sarifLinks(opts.env ?? {})),
} satisfies Record<string, Reporter>;

/** An output's name, as `--format` takes it. */
export type ReportFormat = keyof typeof REPORTERS;

/** The outputs, in the order the CLI names them. */
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];

/** The report in `format`. */
export function render(report: Report, format: ReportFormat, opts: RenderOptions = {}): string {
  return REPORTERS[format](report, opts);
}
