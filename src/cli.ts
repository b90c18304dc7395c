import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { didYouMean } from './common/did-you-mean.js';
import { couldNotRun } from './pipeline/errors.js';
import { runGate, type GateOptions } from './pipeline/index.js';
import { render, REPORT_FORMATS, type ReportFormat } from './report/index.js';
import { bundleReview } from './cli/bundle-review.js';
import { factsStage } from './pipeline/facts.js';
import { gitText, isRepo, resolveCommit } from './context/git.js';
import { scanContext } from './context/scan.js';
import { DEFAULT_POLICY_PATH, PolicyError } from './policy/index.js';
import { initPolicy, SCHEMA_FILE } from './cli/init.js';
import policySchema from '../policy/mcp-policy.schema.json';
import type { Report } from './report/types.js';
import { VERSION } from './common/version.js';
import { WHOLE_POLICY } from './policy/yaml.js';

const USAGE = `mcp-supply-gate ${VERSION}: the supply-chain risk of MCP servers and their dependencies

Usage:
  mcp-supply-gate check [options]          judge what a commit changed (a pull request, locally)
  mcp-supply-gate scan [PATH...] [--user]  judge what is there: a directory, a downloaded .mcpb,
                                           a client config, your own client configs; no git needed
  mcp-supply-gate init [--repo DIR]        write a starting policy from what the repository holds

check options:
  --repo DIR        git repository to read (default: current directory)
  --base REF        commit the policy is read from and changes are counted against
                    (default: the parent of --head)
  --head REF        commit to judge (default: HEAD)
  --policy FILE     policy file on disk (default: .github/mcp-policy.yml read from --base)

scan options:
  PATH              a directory (walked; .git, node_modules and other installed trees skipped)
                    or one file known by its name (.mcpb, claude_desktop_config.json, a lockfile...);
                    default: the current directory, unless --user is given
  --user            also the current user's MCP client configs (Claude Code and Desktop, Cursor,
                    VS Code, Gemini CLI, Codex, Windsurf, Zed, Continue); no server is started
  --policy FILE     policy file (default: the directory's .github/mcp-policy.yml, else built-in)

check and scan:
  --format FORMAT   ${REPORT_FORMATS[0]} (default), ${orList(REPORT_FORMATS.slice(1))}
  --output FILE     write the report to FILE instead of standard output
  --offline         do not contact registries; report what was not verified

init options:
  --repo DIR        the repository to read (default: current directory)
  --output FILE     where to write the policy (default: DIR/.github/mcp-policy.yml)
  --force           overwrite an existing policy file

  -h, --help        this help
  --version         print the version

Exit status: 0 passes, 1 fails, 2 could not run (bad policy or option, unknown commit, policy exists).
`;

const COMMANDS = ['check', 'scan', 'init'] as const;
type Command = (typeof COMMANDS)[number];

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;
const REPORTING = {
  policy: { type: 'string' },
  format: { type: 'string', default: 'text' },
  output: { type: 'string' },
  offline: { type: 'boolean', default: false },
} as const;
const OPTIONS = {
  check: { ...COMMON, ...REPORTING, repo: { type: 'string' }, base: { type: 'string' }, head: { type: 'string' } },
  scan: { ...COMMON, ...REPORTING, user: { type: 'boolean', default: false } },
  init: { ...COMMON, repo: { type: 'string' }, output: { type: 'string' }, force: { type: 'boolean', default: false } },
} as const;

export interface CliOptions {
  /** Show progress on stderr (the caller knows whether stderr is a terminal). */
  progress?: boolean;
  /** Where relative paths start (default: process.cwd()). */
  cwd?: string;
}

class UsageError extends Error {}

/** Run the CLI; returns the exit status. Writes to the given streams only. */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env, opts: CliOptions = {}): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const first = argv.find((a) => !a.startsWith('-'));
  if (argv.includes('--version') && first === undefined) {
    out(`${VERSION}\n`);
    return 0;
  }
  if (argv.includes('-h') || argv.includes('--help')) {
    out(USAGE);
    return 0;
  }
  if (first === undefined) {
    err(`mcp-supply-gate: name a command: check, scan or init.\n\n${USAGE}`);
    return 2;
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    const hint = didYouMean(first, COMMANDS);
    err(`mcp-supply-gate: unknown command "${first}"${hint ? `; did you mean "${hint}"?` : ''} Commands: check, scan, init (mcp-supply-gate --help).\n`);
    return 2;
  }
  const command = first as Command;
  const rest = argv.slice(argv.indexOf(first) + 1);
  const before = argv.slice(0, argv.indexOf(first));
  let parsed;
  try {
    parsed = parseArgs({ args: [...before, ...rest], allowPositionals: true, strict: true, options: OPTIONS[command] });
  } catch (e) {
    err(`mcp-supply-gate ${command}: ${optionProblem(e as Error & { code?: string }, command)}\n`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  try {
    if (command === 'init') return runInit(parsed.positionals, values, out, err, cwd);
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) {
      const hint = didYouMean(format, REPORT_FORMATS);
      throw new UsageError(`--format must be ${orList(REPORT_FORMATS)}, not "${format}"${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    const policyFile = values.policy ? policyFileArg(values.policy as string, cwd) : undefined;
    const progress = opts.progress ? progressLine(err) : undefined;
    const common: Omit<GateOptions, 'repoDir'> = {
      policyFile,
      offline: values.offline as boolean,
      env,
      gatherFacts: factsStage({ env, offline: values.offline as boolean, progress: progress?.update }),
      log: (m) => {
        progress?.clear();
        err(`${m}\n`);
      },
      progress: progress?.update,
    };
    let report: Report;
    let preface = '';
    if (command === 'check') {
      if (parsed.positionals.length > 0) throw new UsageError(`check takes no PATH (got "${parsed.positionals[0]}"): use --repo DIR, or \`mcp-supply-gate scan ${parsed.positionals[0]}\` to judge files as they are`);
      const repoDir = checkRepo(values.repo as string | undefined, cwd);
      report = await runGate({ ...common, repoDir, base: values.base as string | undefined, head: values.head as string | undefined }).finally(() => progress?.clear());
    } else {
      const paths = parsed.positionals.length || values.user ? parsed.positionals : ['.'];
      const scan = scanContext({ paths, user: values.user as boolean, cwd, env });
      report = await runGate({ ...common, repoDir: scan.directories[0] ?? cwd, context: scan.context }).finally(() => progress?.clear());
      // One bundle named by itself: the text report opens with the review a person does before installing it.
      const only = scan.files.length === 1 && scan.directories.length === 0 && !values.user ? scan.files[0] : undefined;
      if (format === 'text' && only && /\.(mcpb|dxt)$/i.test(only.file)) preface = bundleReview(readFileSync(only.file), only.display, report).join('\n') + '\n\n';
    }
    const text = preface + render(report, format, { env });
    if (values.output) writeOutput(values.output as string, text, cwd);
    else out(text);
    return report.conclusion === 'failure' ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`mcp-supply-gate ${command}: ${e.message}\n`);
      return 2;
    }
    return couldNotRun(e, err);
  }
}

/** `a, b, c or d`. */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function optionProblem(e: Error & { code?: string }, command: Command): string {
  const known = Object.keys(OPTIONS[command]).map((k) => `--${k}`);
  const m = /option '([^']+)'/i.exec(e.message);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && m) {
    const given = m[1].split('=')[0];
    const hint = didYouMean(given, known);
    const elsewhere = COMMANDS.filter((c) => c !== command && Object.keys(OPTIONS[c]).includes(given.replace(/^-+/, '')));
    return (
      `unknown option ${given}` +
      (hint ? `; did you mean ${hint}?` : '') +
      (elsewhere.length && !hint ? ` (it is an option of ${elsewhere.map((c) => `\`${c}\``).join(' and ')})` : '') +
      ` Options of ${command}: ${known.join(', ')}.`
    );
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${e.message.replace(/\.$/, '')}: give it a value, as in --format json.`;
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${e.message} See mcp-supply-gate --help.`;
  return `${e.message} See mcp-supply-gate --help.`;
}

function policyFileArg(given: string, cwd: string): string {
  const file = path.resolve(cwd, given);
  if (!existsSync(file)) {
    // Shaped like every other policy error (FILE:LINE: KEY: what is wrong: what to do).
    throw new PolicyError(
      `cannot be read (no such file): check the --policy path, or write a starting policy with \`mcp-supply-gate init\` (it goes to ${DEFAULT_POLICY_PATH}), or leave out --policy to use the repository's ${DEFAULT_POLICY_PATH} or the built-in default`,
      given,
      1,
      WHOLE_POLICY,
    );
  }
  if (statSync(file).isDirectory()) throw new UsageError(`--policy ${given} is a directory: name the policy file, such as ${path.join(given, DEFAULT_POLICY_PATH)}.`);
  return file;
}

/** The --repo of `check`, told apart from what it is not, before git is asked anything. */
function checkRepo(given: string | undefined, cwd: string): string {
  const dir = path.resolve(cwd, given ?? '.');
  const name = given ?? 'the current directory';
  if (!existsSync(dir)) throw new UsageError(`--repo ${given}: no such directory. Name the directory of a git repository.`);
  if (!statSync(dir).isDirectory()) {
    throw new UsageError(`--repo ${given} is a file, not a directory. To judge this file as it is, run \`mcp-supply-gate scan ${given}\`.`);
  }
  if (!isRepo(dir)) {
    throw new UsageError(
      `${name} is not a git repository: \`check\` judges what a commit changed. To judge the files as they are, run \`mcp-supply-gate scan${given ? ` ${given}` : ''}\`; or \`git init\` and commit them first.`,
    );
  }
  if (!resolveCommit(dir, 'HEAD')) {
    throw new UsageError(
      `${name} is a git repository without commits yet: commit the files (git add -A && git commit -m "…") and run check again, or judge them as they are with \`mcp-supply-gate scan${given ? ` ${given}` : ''}\`.`,
    );
  }
  // A work tree inside a bigger repository is judged as that repository: say which one. A bare
  // repository (a mirror, `git clone --bare`) has no work tree: git reads its commits as they are.
  if (gitText(dir, ['rev-parse', '--is-bare-repository']) === 'true') return dir;
  const top = gitText(dir, ['rev-parse', '--show-toplevel']);
  return top && path.resolve(top) !== dir ? path.resolve(top) : dir;
}

function writeOutput(file: string, text: string, cwd: string): void {
  const abs = path.resolve(cwd, file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

function runInit(positionals: string[], values: Record<string, string | boolean | undefined>, out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`init takes no PATH (got "${positionals[0]}"): use --repo DIR`);
  const repo = path.resolve(cwd, (values.repo as string | undefined) ?? '.');
  if (!existsSync(repo) || !statSync(repo).isDirectory()) throw new UsageError(`--repo ${values.repo}: no such directory. Name the directory of the repository the policy is for.`);
  const target = values.output ? path.resolve(cwd, values.output as string) : path.join(repo, DEFAULT_POLICY_PATH);
  if (existsSync(target) && !values.force) {
    err(`mcp-supply-gate init: ${path.relative(cwd, target) || target} already exists; nothing was written. Run again with --force to overwrite it, or --output FILE to write elsewhere.\n`);
    return Promise.resolve(2);
  }
  return initPolicy({ repo, cwd }).then((res) => {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, res.text);
    // The schema the policy's first line names, beside it: editors complete and check keys offline.
    const schemaFile = path.join(path.dirname(target), SCHEMA_FILE);
    if (!existsSync(schemaFile) || values.force) writeFileSync(schemaFile, `${JSON.stringify(policySchema, null, 2)}\n`);
    const shown = path.relative(cwd, target) || target;
    out(
      `Wrote ${shown}: ${res.summary}; and ${path.relative(cwd, schemaFile) || schemaFile} for editors.\n\nNext:\n` +
        `  1. Read it: every allow entry is something the repository already uses; remove what you do not trust.\n` +
        `  2. Check it: mcp-supply-gate scan${values.repo ? ` ${values.repo}` : ''} --policy ${shown}\n` +
        `  3. Commit it on the default branch, then add the gate's workflow (README: "Quick start").\n`,
    );
    return 0;
  });
}

/** One self-overwriting status line on stderr (a terminal only), cleared before anything else is written. */
function progressLine(err: (s: string) => void): { update: NonNullable<GateOptions['progress']>; clear: () => void } {
  let shown = false;
  let last = 0;
  return {
    update(stage, done, total) {
      const now = Date.now();
      // At most ten redraws a second, and always the last one.
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      err(`\r\u001b[2K${stage === 'read' ? 'Reading files' : 'Verifying packages with the registry'}: ${done} of ${total}`);
    },
    clear() {
      if (shown) err('\r\u001b[2K');
      shown = false;
    },
  };
}
