// Scenario builder for PRs that change MCP client configs, bundles, server.json, other ecosystems'
// files and registry configs: a real git repository with a base commit (policy + whatever the test
// says) and a PR commit, and the bundled CLI or action run on it as a child process.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { TestRepo } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';

export interface FilePr {
  repo: TestRepo;
  base: string;
  head: string;
  merge: string;
  payload: Record<string, unknown>;
}

/** Base commit with `base` files (and a policy when given), a PR commit with `change` on top. */
export function filePr(change: Record<string, string | Buffer | null>, base: Record<string, string | Buffer> = {}, policy?: string): FilePr {
  const repo = new TestRepo();
  const baseFiles: Record<string, string | Buffer> = { 'README.md': '# demo\n', ...base };
  if (policy !== undefined) baseFiles['.github/mcp-policy.yml'] = policy;
  const baseSha = repo.commit(baseFiles, 'base');
  repo.branch('feature');
  const head = repo.commit(change, 'pr');
  const merge = repo.mergeCommit(baseSha, head);
  const payload = {
    action: 'synchronize',
    number: 9,
    pull_request: { number: 9, base: { sha: baseSha, ref: 'main' }, head: { sha: head, ref: 'feature' } },
    repository: { full_name: 'acme/widgets', name: 'widgets', owner: { login: 'acme' } },
  };
  return { repo, base: baseSha, head, merge, payload };
}

export interface CliFinding {
  rule: string;
  level: string;
  file: string;
  line: number;
  message: string;
  name?: string;
}

/** Runs `dist/cli.js check --format json --offline` on the PR; returns the exit code and the parsed report. */
export async function checkPr(pr: FilePr): Promise<{ code: number; report: any; findings: CliFinding[]; stdout: string; stderr: string }> {
  const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--format', 'json', '--offline'], { cwd: pr.repo.dir });
  let report: any;
  try {
    report = JSON.parse(res.stdout);
  } catch {
    throw new Error(`the CLI printed no JSON report (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  }
  return { code: res.code ?? -1, report, findings: report.findings, stdout: res.stdout, stderr: res.stderr };
}

/** Findings of one rule, as {file, line} pairs plus messages, for compact assertions. */
export function where(findings: CliFinding[], rule: string): { file: string; line: number }[] {
  return findings.filter((f) => f.rule === rule).map((f) => ({ file: f.file, line: f.line }));
}

/** A .mcpb archive: manifest.json plus files, zipped in memory the way `mcpb pack` lays them out. */
export function bundle(manifest: Record<string, unknown>, files: Record<string, string> = {}): Buffer {
  const entries: Record<string, Uint8Array> = { 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)) };
  for (const [name, text] of Object.entries(files)) entries[name] = strToU8(text);
  return Buffer.from(zipSync(entries));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const GOOD_MANIFEST = {
  manifest_version: '0.2',
  name: 'acme-files',
  version: '1.0.0',
  description: 'Reads files in a project folder',
  author: { name: 'Acme' },
  server: {
    type: 'node',
    entry_point: 'server/index.js',
    mcp_config: { command: 'node', args: ['${__dirname}/server/index.js'], env: {} },
  },
};

export function text(path: string): string {
  return readFileSync(path, 'utf8');
}
