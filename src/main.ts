import * as core from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { couldNotRun } from './errors.js';
import { wantedFromEvent, type ContextInputs } from './context/index.js';
import { factsStage } from './facts-stage.js';
import { runGate } from './pipeline.js';
import { renderJson } from './report/json.js';
import { STEP_SUMMARY_MAX } from './report/limits.js';
import { renderMarkdown } from './report/markdown.js';
import { workflowCommand as workflowLine } from './report/annotations.js';
import { CheckRunPublisher } from './report/github.js';
import type { Report } from './types.js';
import { VERSION } from './version.js';

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
  writeFileSync(file, renderJson(report));
  return file;
}

/** The action: thin wiring of inputs and the event into the pipeline, and the report out to GitHub. */
export async function run(a: ActionEnv = { env: process.env, input: (n) => core.getInput(n) }): Promise<void> {
  const env = a.env;
  const token = a.input('github-token');
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '/').split('/');
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';
  const offline = a.input('offline') === 'true';
  let report: Report | undefined;
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
    const checkName = a.input('check-name') || 'mcp-supply-gate';
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
      exitCode = report.conclusion === 'failure' ? 1 : 0;
    } catch (e) {
      exitCode = couldNotRun(e, (s) => core.error(s.trim()));
      report = couldNotRunReport((e as Error).message ?? String(e), ctxInputs.base ?? '', wanted.head);
    }
    if (publisher) await publisher.complete(report);
    else for (const f of report.findings) process.stdout.write(`${workflowLine(f)}\n`);
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
        await core.summary.addRaw(renderMarkdown(report, { maxChars: STEP_SUMMARY_MAX - 1024 })).write();
      }
      core.info(`${report.title}. Report: ${file}`);
    }
  }
  if (exitCode === 1) core.setFailed(report?.title ?? 'The MCP supply-chain gate failed');
  if (exitCode === 2) process.exitCode = 2;
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

