import * as core from '@actions/core';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { couldNotRun } from './pipeline/errors.js';
import { wantedFromEvent, type ContextInputs } from './context/index.js';
import { factsStage } from './pipeline/facts.js';
import { runGate } from './pipeline/index.js';
import { render } from './report/index.js';
import { STEP_SUMMARY_MAX } from './report/limits.js';
import { workflowCommand as workflowLine } from './report/annotations.js';
import { CheckRunPublisher } from './report/github.js';
import { PrCommenter, renderComment } from './report/comment.js';
import type { Report } from './report/types.js';
import { VERSION } from './common/version.js';

/** What the action reads from its environment: inputs, the event, the runner. Passed in, never imported. */
export interface ActionEnv {
  env: NodeJS.ProcessEnv;
  input(name: string): string;
}

function readEvent(env: NodeJS.ProcessEnv): Record<string, any> {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the event payload at ${file}: ${(e as Error).message}`);
  }
}

/** A report for a run that could not judge anything: the check run still completes, as a failure. */
function couldNotRunReport(message: string, base: string, head: string): Report {
  return {
    tool: { name: 'mcp-supply-gate', version: VERSION },
    conclusion: 'failure',
    title: `Could not run: ${message.split('\n')[0].slice(0, 200)}`,
    base,
    head,
    policy: { kind: 'default', path: '' },
    counts: { error: 0, warning: 0, notice: 0 },
    findings: [],
    dependencies: [],
    servers: [],
    bundles: [],
    registryConfig: { settings: [], effective: [] },
    verification: [],
    files: [],
    notes: [message],
  };
}

function writeReportFile(env: NodeJS.ProcessEnv, report: Report): string {
  const dir = env.RUNNER_TEMP ? mkdtempSync(path.join(env.RUNNER_TEMP, 'mcp-supply-gate-')) : mkdtempSync(path.join(os.tmpdir(), 'mcp-supply-gate-'));
  const file = path.join(dir, 'report.json');
  writeFileSync(file, render(report, 'json'));
  return file;
}

/** The action: thin wiring of inputs and the event into the pipeline, and the report out to GitHub. */
export async function run(a: ActionEnv = { env: process.env, input: (n) => core.getInput(n) }): Promise<void> {
  const env = a.env;
  const token = a.input('github-token');
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '/').split('/');
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const offline = a.input('offline') === 'true';
  const warnOnly = a.input('warn-only') === 'true';
  let report: Report | undefined;
  let ranGate = false;
  let checkName = 'mcp-supply-gate';
  let blobUrl: string | undefined;
  let publisher: CheckRunPublisher | undefined;
  let exitCode = 0;
  try {
    const ctxInputs: ContextInputs = {
      repoDir: path.resolve(a.input('working-directory') || env.GITHUB_WORKSPACE || '.'),
      base: a.input('base') || undefined,
      head: a.input('head') || undefined,
      eventName: env.GITHUB_EVENT_NAME,
      payload: readEvent(env),
      sha: env.GITHUB_SHA,
      github: token && owner && repo ? { token, apiUrl, owner, repo } : undefined,
    };
    const wanted = wantedFromEvent(ctxInputs);
    checkName = a.input('check-name') || 'mcp-supply-gate';
    if (token && owner && repo && a.input('check-run') !== 'false' && /^[0-9a-f]{40}$/i.test(wanted.checkSha ?? wanted.head)) {
      publisher = new CheckRunPublisher(
        { token, apiUrl, owner, repo, headSha: (wanted.checkSha ?? wanted.head) as string, name: checkName, detailsUrl: runUrl(env) },
        { info: (m) => core.info(m), warning: (m) => core.warning(m) },
        (line) => process.stdout.write(`${line}\n`),
      );
      await publisher.start();
    }
    try {
      report = await runGate({
        ...ctxInputs,
        policyPath: a.input('policy') || undefined,
        env,
        offline,
        gatherFacts: factsStage({ env, offline }),
        log: (m) => core.info(m),
      });
      ranGate = true;
      // Report-only rollout: everything is reported as usual, but a failure concludes neutral and exits 0.
      if (warnOnly && report.conclusion === 'failure') report = warnOnlyReport(report);
      exitCode = report.conclusion === 'failure' ? 1 : 0;
    } catch (e) {
      exitCode = couldNotRun(e, (s) => core.error(s.trim()));
      report = couldNotRunReport((e as Error).message ?? String(e), ctxInputs.base ?? '', wanted.head);
    }
    blobUrl = ranGate && owner && repo ? `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${owner}/${repo}/blob/${report.head}/` : undefined;
    if (publisher) await publisher.complete(report, { blobUrl });
    else for (const f of report.findings) process.stdout.write(`${workflowLine(f)}\n`);
    // The comment never decides: its failures are logged by the commenter and change nothing here.
    if (ranGate && wanted.pullNumber !== undefined && a.input('comment') !== 'false') {
      if (!token || !owner || !repo) core.info('Pull request comment skipped: no github-token.');
      else {
        const commenter = new PrCommenter({ token, apiUrl, owner, repo, pullNumber: wanted.pullNumber, checkName }, { info: (m) => core.info(m), warning: (m) => core.warning(m) });
        const body = renderComment(report, checkName, { blobUrl, detailsUrl: publisher?.url ?? runUrl(env), warnOnly: report.notes.some((n) => n.startsWith(WARN_ONLY_NOTE)) });
        const res = await commenter.publish(body, report.findings.length === 0);
        if (res.action === 'created' || res.action === 'updated') core.info(`Pull request comment ${res.action} (id ${res.id}).`);
      }
    }
    const sarifPath = a.input('sarif');
    if (sarifPath) {
      if (ranGate) {
        const file = path.resolve(ctxInputs.repoDir, sarifPath);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, render(report, 'sarif', { env }));
        core.setOutput('sarif', file);
        core.info(`SARIF written to ${file}.`);
      } else {
        // An empty SARIF upload would close every open alert: better no file than a false all-clear.
        core.warning(`SARIF not written to ${sarifPath}: the gate could not run (see the error above), and an empty SARIF would close the open alerts.`);
      }
    }
  } catch (e) {
    exitCode = couldNotRun(e, (s) => core.error(s.trim()));
  } finally {
    if (report) {
      const file = writeReportFile(env, report);
      core.setOutput('conclusion', report.conclusion);
      core.setOutput('report', file);
      core.setOutput('errors', String(report.counts.error));
      core.setOutput('warnings', String(report.counts.warning));
      if (env.GITHUB_STEP_SUMMARY) {
        await core.summary.addRaw(render(report, 'markdown', { maxChars: STEP_SUMMARY_MAX - 1024, blobUrl })).write();
      }
      core.info(`${report.title}. Report: ${file}`);
    }
  }
  if (exitCode === 1) core.setFailed(report?.title ?? 'The MCP supply-chain gate failed');
  if (exitCode === 2) process.exitCode = 2;
}

const WARN_ONLY_NOTE = 'warn-only:';

/** The report of a failing gate in report-only mode: neutral, with the reason in the title and a note. */
function warnOnlyReport(report: Report): Report {
  return {
    ...report,
    conclusion: 'neutral',
    title: `Report only (warn-only): ${report.title}`,
    notes: [
      `${WARN_ONLY_NOTE} the gate would have failed this change; the action input warn-only: true reports it without blocking. Remove it (and make the check required) once the team has adopted the gate.`,
      ...report.notes,
    ],
  };
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

