import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { couldNotRun } from './errors.js';
import { runGate } from './pipeline.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';
import { renderText } from './report/text.js';
import { STEP_SUMMARY_MAX } from './report/limits.js';
import { factsStage } from './facts-stage.js';
import type { Report } from './types.js';
import { VERSION } from './version.js';

const USAGE = `mcp-supply-gate ${VERSION}: gate the MCP supply-chain risk of a change

Usage:
  mcp-supply-gate check [options]

Options:
  --repo DIR        git repository to read (default: current directory)
  --base REF        commit the policy is read from and changes are counted against
                    (default: the parent of --head)
  --head REF        commit to judge (default: HEAD)
  --policy FILE     policy file on disk (default: .github/mcp-policy.yml read from --base)
  --format FORMAT   text (default), json, markdown or sarif
  --output FILE     write the report to FILE instead of standard output
  --offline         do not contact registries; report what was not verified
  -h, --help        this help
  --version         print the version

Exit status: 0 the gate passes, 1 the gate fails, 2 it could not run (bad policy, unknown commit).
`;

export type Format = 'text' | 'json' | 'markdown' | 'sarif';

export function render(report: Report, format: Format): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report, { maxChars: STEP_SUMMARY_MAX });
    case 'sarif':
      return renderSarif(report);
    default:
      return renderText(report);
  }
}

/** Run the CLI; returns the exit status. Writes to the given streams only. */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        repo: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        policy: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        offline: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    err(`mcp-supply-gate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  if (positionals[0] !== 'check' || positionals.length > 1) {
    err(`mcp-supply-gate: expected the command "check"\n\n${USAGE}`);
    return 2;
  }
  const format = values.format as Format;
  if (!['text', 'json', 'markdown', 'sarif'].includes(format)) {
    err(`mcp-supply-gate: --format must be text, json, markdown or sarif, not "${format}"\n`);
    return 2;
  }
  const repoDir = path.resolve(values.repo ?? '.');
  try {
    const report = await runGate({
      repoDir,
      base: values.base,
      head: values.head,
      policyFile: values.policy ? path.resolve(values.policy) : undefined,
      offline: values.offline,
      env,
      gatherFacts: factsStage({ env, offline: values.offline }),
      log: (m) => err(`${m}\n`),
    });
    const text = render(report, format);
    if (values.output) writeFileSync(values.output, text);
    else out(text);
    return report.conclusion === 'failure' ? 1 : 0;
  } catch (e) {
    return couldNotRun(e, err);
  }
}
