#!/usr/bin/env node
// Replays real commits of public MCP repositories through the bundled CLI and compares each report
// with what a maintainer expects (scripts/real-repos/cases.json). Nothing of those repositories is
// committed here: each case names a repository, commits and paths; the files are read from a local
// bare mirror, or from a blobless bare clone when the network allows.
//
//   node scripts/real-repos/replay.mjs [--cases FILE] [--only ID[,ID...]] [--repo OWNER/NAME] [--json] [--verbose]
//   node scripts/real-repos/replay.mjs --show --only ID   what the gate answers today, in the cases' own
//                                                          shape: to read while writing a case, never to paste
//
// Environment:
//   REAL_REPOS_MIRRORS  directory of mirrors, <owner>+<name>/repo (bare); unset: none
//   REAL_REPOS_CACHE    where clones go when a repository has no mirror, default ~/.cache/mcp-supply-gate/real-repos
//   REAL_REPOS_OFFLINE  1: never clone; a repository without a mirror is skipped
//   REAL_REPOS_CLI      the CLI to run, default dist/cli.js of this repository
//
// Exit status: 0 every case that ran matched (skipped cases are listed, not failures); 1 a mismatch,
// or a known-wrong case whose gate answer changed; 2 the cases file is invalid.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

// ---------- comparison (pure) ----------

const key = (f) => `${f.rule}|${f.level}|${f.file}:${f.line}`;
const relatedKey = (r) => `${r.file}:${r.line}`;

/**
 * Which findings of a report a case's expectation speaks about: every error and warning, and the
 * notices of the rules the case names (`noticeRules`, or the rules of its expected notices).
 */
export function judged(findings, expect) {
  const noticeRules = new Set(expect.noticeRules ?? (expect.notices ?? []).map((n) => n.rule));
  return findings.filter((f) => f.level === 'error' || f.level === 'warning' || (f.level === 'notice' && noticeRules.has(f.rule)));
}

/** Differences between a report and an expectation, as sentences; empty when they agree. */
export function compare(report, expect) {
  const problems = [];
  if (report.conclusion !== expect.conclusion) problems.push(`conclusion ${report.conclusion}, expected ${expect.conclusion}`);
  const wanted = [...(expect.findings ?? []), ...(expect.notices ?? []).map((n) => ({ level: 'notice', ...n }))];
  for (const w of wanted) {
    if (!w.rule || !w.level || !w.file || !Number.isInteger(w.line)) problems.push(`expected finding ${JSON.stringify(w)} lacks rule, level, file or line`);
  }
  const got = judged(report.findings ?? [], expect);
  const left = [...got];
  for (const w of wanted) {
    const i = left.findIndex((g) => key(g) === key(w) && (w.name === undefined || g.name === w.name));
    if (i < 0) {
      problems.push(`missing ${key(w)}${w.name ? ` (${w.name})` : ''}`);
      continue;
    }
    const [g] = left.splice(i, 1);
    if (w.related !== undefined) {
      const a = (g.related ?? []).map(relatedKey).sort();
      const b = w.related.map(relatedKey).sort();
      if (a.join(' ') !== b.join(' ')) problems.push(`${key(w)} related [${a.join(', ')}], expected [${b.join(', ')}]`);
    }
  }
  for (const g of left) problems.push(`unexpected ${key(g)}${g.name ? ` (${g.name}@${g.version ?? ''})` : ''}: ${String(g.message).slice(0, 140)}`);
  return problems;
}

// ---------- cases file ----------

const CLASSES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
/**
 * ordinary: what a maintainer merges every week (release bump, SDK or lockfile refresh, docs, the
 * repository's own configs); risky: a change the gate exists to stop; other: a change that needs a policy
 * decision (a package no allow entry names, a launch at latest, a new registry).
 */
const KINDS = new Set(['ordinary', 'risky', 'other']);

/** Problems with the cases file itself (a case that cannot fail is a defect too). */
export function validateCases(doc, policiesDir) {
  const problems = [];
  const ids = new Set();
  for (const [i, c] of (doc.cases ?? []).entries()) {
    const at = `cases[${i}]${c.id ? ` (${c.id})` : ''}`;
    if (!c.id || ids.has(c.id)) problems.push(`${at}: a unique id is required`);
    ids.add(c.id);
    if (!/^[\w.-]+\/[\w.-]+$/.test(c.repo ?? '')) problems.push(`${at}: repo must be owner/name`);
    else if (!doc.repositories?.[c.repo]?.license) problems.push(`${at}: repositories["${c.repo}"].license is not recorded`);
    const pair = c.base !== undefined || c.head !== undefined;
    if (pair === (c.addFiles !== undefined)) problems.push(`${at}: give either base and head, or addFiles`);
    for (const sha of pair ? [c.base, c.head] : [c.addFiles?.commit]) {
      if (!/^[0-9a-f]{40}$/.test(sha ?? '')) problems.push(`${at}: commits are full 40-hex SHAs (got ${sha})`);
    }
    if (c.addFiles && !(Array.isArray(c.addFiles.paths) && c.addFiles.paths.length)) problems.push(`${at}: addFiles.paths lists the files to add`);
    if (c.policy !== 'default' && !existsSync(path.join(policiesDir, `${c.policy}.yml`))) problems.push(`${at}: policy "${c.policy}" is neither default nor policies/${c.policy}.yml`);
    if (!Array.isArray(c.classes) || c.classes.some((k) => !CLASSES.has(k))) problems.push(`${at}: classes are the issue's classes, numbers 1 to 10 (possibly none)`);
    if (!KINDS.has(c.kind)) problems.push(`${at}: kind is ${[...KINDS].join(', ')}`);
    if (!c.reason) problems.push(`${at}: a reason (one line, why a maintainer expects this) is required`);
    if (!['success', 'failure', 'neutral'].includes(c.expect?.conclusion)) problems.push(`${at}: expect.conclusion is success, failure or neutral`);
    if (c.status !== undefined && c.status !== 'known-wrong') problems.push(`${at}: status is only "known-wrong"`);
    if (c.status === 'known-wrong' && !(c.gateSays && c.wrongBecause)) problems.push(`${at}: a known-wrong case records gateSays (today's answer) and wrongBecause`);
    const errorsOrWarnings = (c.expect?.findings ?? []).some((f) => f.level === 'error');
    if (c.expect?.conclusion === 'failure' && !errorsOrWarnings) problems.push(`${at}: a failure needs at least one expected error`);
    if (c.expect?.conclusion !== 'failure' && errorsOrWarnings) problems.push(`${at}: an expected error makes the conclusion failure`);
  }
  return problems;
}

// ---------- git and the repositories ----------

function gitDirOf(dir) {
  for (const d of [dir, path.join(dir, '.git')]) {
    const r = spawnSync('git', ['--git-dir', d, 'rev-parse', '--git-dir'], { encoding: 'utf8' });
    if (r.status === 0 && existsSync(path.join(d, 'objects'))) return d;
  }
  return undefined;
}

const has = (gitDir, spec) => spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', spec]).status === 0;

/** The git directory holding a repository, or why there is none. */
function locate(repo, env, cache) {
  const [owner, name] = repo.split('/');
  const mirrors = env.REAL_REPOS_MIRRORS;
  const mirror = mirrors ? gitDirOf(path.join(mirrors, `${owner}+${name}`, 'repo')) : undefined;
  if (mirror) return { gitDir: mirror, from: 'mirror' };
  const cloned = path.join(cache, `${owner}+${name}.git`);
  if (gitDirOf(cloned)) return { gitDir: cloned, from: 'clone' };
  if (env.REAL_REPOS_OFFLINE === '1') return { why: `no mirror${mirrors ? ` at ${path.join(mirrors, `${owner}+${name}`, 'repo')}` : ' (REAL_REPOS_MIRRORS unset)'} (REAL_REPOS_OFFLINE=1: not cloned)` };
  mkdirSync(cache, { recursive: true });
  const r = spawnSync('git', ['clone', '-q', '--bare', '--filter=blob:none', `https://github.com/${repo}`, cloned], {
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    timeout: 600_000,
  });
  if (r.status !== 0) {
    rmSync(cloned, { recursive: true, force: true });
    return { why: `no mirror, and git clone failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  }
  return { gitDir: cloned, from: 'clone' };
}

/** A fresh repository: an empty first commit, then one adding the files as the case names them. */
function addFilesRepo(gitDir, addFiles) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'real-repos-add-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' } });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'replay@example.invalid');
  git('config', 'user.name', 'replay');
  git('config', 'commit.gpgsign', 'false');
  git('commit', '-q', '--allow-empty', '-m', 'empty');
  const base = git('rev-parse', 'HEAD').toString().trim();
  for (const p of addFiles.paths) {
    const [from, to] = typeof p === 'string' ? [p, p] : [p.from, p.to];
    const bytes = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', `${addFiles.commit}:${from}`], { maxBuffer: 256 * 1024 * 1024 });
    mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    writeFileSync(path.join(dir, to), bytes);
  }
  git('add', '-A');
  git('commit', '-q', '-m', `add ${addFiles.paths.length} file(s)`);
  return { dir, base, head: git('rev-parse', 'HEAD').toString().trim() };
}

function runCheck(cli, dir, base, head, policyFile) {
  const args = [cli, 'check', '--repo', dir, '--base', base, '--head', head, '--offline', '--format', 'json'];
  if (policyFile) args.push('--policy', policyFile);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return { error: `exit ${r.status}, no JSON report: ${(r.stderr || r.stdout).trim().slice(0, 300)}` };
  }
  return { report, code: r.status };
}

// ---------- one case ----------

export function replayCase(c, { env, cache, cli, policiesDir }) {
  const where = locate(c.repo, env, cache);
  if (!where.gitDir) return { status: 'skipped', detail: where.why };
  const commits = c.addFiles ? [c.addFiles.commit] : [c.base, c.head];
  const missing = commits.filter((sha) => !has(where.gitDir, `${sha}^{commit}`));
  if (missing.length) return { status: 'skipped', detail: `commit ${missing.map((s) => s.slice(0, 12)).join(', ')} not in the ${where.from} (${where.gitDir})` };
  const policyFile = c.policy === 'default' ? undefined : path.join(policiesDir, `${c.policy}.yml`);
  let run;
  let tmp;
  if (c.addFiles) {
    const absent = c.addFiles.paths.map((p) => (typeof p === 'string' ? p : p.from)).filter((p) => !has(where.gitDir, `${c.addFiles.commit}:${p}`));
    if (absent.length) return { status: 'skipped', detail: `${absent.join(', ')} not at ${c.addFiles.commit.slice(0, 12)} in the ${where.from}` };
    tmp = addFilesRepo(where.gitDir, c.addFiles);
    run = runCheck(cli, tmp.dir, tmp.base, tmp.head, policyFile);
  } else {
    // The built-in default is what a repository without .github/mcp-policy.yml gets: say so when the
    // repository has one, rather than judge under a policy the case did not name.
    if (!policyFile && has(where.gitDir, `${c.base}:.github/mcp-policy.yml`)) {
      return { status: 'mismatch', problems: [`${c.repo} has .github/mcp-policy.yml at the base commit: "default" would not be the built-in policy`] };
    }
    run = runCheck(cli, where.gitDir, c.base, c.head, policyFile);
  }
  if (tmp) rmSync(tmp.dir, { recursive: true, force: true });
  if (run.error) return { status: 'mismatch', problems: [run.error] };
  const expectedCode = c.expect.conclusion === 'failure' ? 1 : 0;
  const problems = compare(run.report, c.expect);
  if (run.code !== expectedCode) problems.push(`exit status ${run.code}, expected ${expectedCode}`);
  const actual = summarize(run.report);
  const answer = gateAnswer(run.report);
  if (c.status === 'known-wrong') {
    if (!problems.length) return { status: 'fixed', actual, answer, problems: ['the gate now answers what a maintainer expects: drop status known-wrong and gateSays'] };
    const still = compare(run.report, c.gateSays);
    return still.length ? { status: 'mismatch', actual, answer, problems: ['known-wrong, and the gate answer changed from gateSays:', ...still] } : { status: 'known-wrong', actual, answer, problems };
  }
  return { status: problems.length ? 'mismatch' : 'ok', actual, answer, problems };
}

/** The gate's answer in the shape of an expectation (every finding, notices included), for --show. */
function gateAnswer(report) {
  const shape = (f) => ({ rule: f.rule, level: f.level, file: f.file, line: f.line, ...(f.name ? { name: f.name } : {}), ...(f.related?.length ? { related: f.related.map((r) => ({ file: r.file, line: r.line })) } : {}), message: f.message });
  return {
    conclusion: report.conclusion,
    findings: report.findings.filter((f) => f.level !== 'notice').map(shape),
    notices: report.findings.filter((f) => f.level === 'notice').map(shape),
  };
}

function summarize(report) {
  const c = report.counts ?? {};
  return `${report.conclusion} (${c.error ?? 0}E ${c.warning ?? 0}W ${c.notice ?? 0}N)`;
}

// ---------- main ----------

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((v, i) => String(v).padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: path.join(HERE, 'cases.json') },
      only: { type: 'string' },
      repo: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      show: { type: 'boolean', default: false },
    },
  });
  const casesFile = path.resolve(values.cases);
  const doc = JSON.parse(readFileSync(casesFile, 'utf8'));
  const policiesDir = path.join(path.dirname(casesFile), 'policies');
  const invalid = validateCases(doc, policiesDir);
  if (invalid.length) {
    process.stderr.write(`${casesFile} is invalid:\n${invalid.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  const env = process.env;
  const cli = path.resolve(env.REAL_REPOS_CLI ?? path.join(ROOT, 'dist', 'cli.js'));
  const cache = env.REAL_REPOS_CACHE ?? path.join(os.homedir(), '.cache', 'mcp-supply-gate', 'real-repos');
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const cases = doc.cases.filter((c) => (!only || only.has(c.id)) && (!values.repo || c.repo === values.repo));
  const results = [];
  for (const c of cases) {
    const t0 = Date.now();
    const r = replayCase(c, { env, cache, cli, policiesDir });
    results.push({ id: c.id, repo: c.repo, classes: c.classes, policy: c.policy, expected: c.expect.conclusion, ms: Date.now() - t0, ...r });
    if (!values.json) process.stderr.write(`${r.status === 'ok' ? '.' : r.status[0].toUpperCase()}`);
  }
  const count = (s) => results.filter((r) => r.status === s).length;
  const summary = {
    cases: results.length,
    ok: count('ok'),
    'known-wrong': count('known-wrong'),
    mismatch: count('mismatch'),
    fixed: count('fixed'),
    skipped: count('skipped'),
    repositories: new Set(results.filter((r) => r.status !== 'skipped').map((r) => r.repo)).size,
    classes: [...new Set(results.filter((r) => r.status !== 'skipped').flatMap((r) => r.classes))].sort((a, b) => String(a).localeCompare(String(b), 'en', { numeric: true })),
  };
  if (values.show) {
    for (const r of results) process.stdout.write(`${JSON.stringify({ id: r.id, status: r.status, detail: r.detail, gate: r.answer }, null, 2)}\n`);
    process.exit(0);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ summary, results: results.map(({ answer, ...r }) => r) }, null, 2)}\n`);
  } else {
    process.stderr.write('\n');
    const rows = [['case', 'repository', 'classes', 'policy', 'expected', 'gate', 'result']];
    for (const r of results) rows.push([r.id, r.repo, r.classes.join(','), r.policy, r.expected, r.actual ?? '-', r.status]);
    process.stdout.write(`${table(rows)}\n\n`);
    for (const r of results.filter((x) => x.status !== 'ok' && (x.status !== 'known-wrong' || values.verbose))) {
      process.stdout.write(`${r.status.toUpperCase()} ${r.id} (${r.repo})${r.detail ? `: ${r.detail}` : ''}\n${(r.problems ?? []).map((p) => `  - ${p}`).join('\n')}${r.problems?.length ? '\n' : ''}`);
    }
    process.stdout.write(
      `\n${summary.cases} cases: ${summary.ok} as expected, ${summary['known-wrong']} known-wrong (unchanged), ${summary.mismatch} mismatched, ${summary.fixed} fixed since recorded, ${summary.skipped} skipped (repository or commit unavailable); ` +
        `${summary.repositories} repositories, classes ${summary.classes.join(', ')}\n`,
    );
  }
  process.exit(summary.mismatch || summary.fixed ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
