import { spawnSync } from 'node:child_process';

/** A git command that failed; carries git's own message. */
export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly status: number | null,
  ) {
    super(`git ${args.join(' ')} failed (${status ?? 'signal'}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    this.name = 'GitError';
  }
}

const MAX_GIT_OUTPUT = 512 * 1024 * 1024;

/** Before every git command: no hooks that could run PR code, no file-system monitor. */
export const GIT_SAFE_ARGS: readonly string[] = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];
/** Over the environment of every git command: no terminal prompts, no pager, messages in English. */
export const GIT_ENV: Readonly<Record<string, string>> = { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };

/** Run git in `dir` with no terminal prompts, no pager, no hooks that could run PR code. */
export function git(dir: string, args: string[], opts: { allowFail?: boolean; input?: string } = {}): Buffer {
  const res = spawnSync('git', [...GIT_SAFE_ARGS, ...args], {
    cwd: dir,
    maxBuffer: MAX_GIT_OUTPUT,
    input: opts.input,
    env: { ...process.env, ...GIT_ENV },
  });
  if (res.error) throw new GitError(args, String(res.error.message), null);
  if (res.status !== 0 && !opts.allowFail) throw new GitError(args, res.stderr.toString('utf8'), res.status);
  return res.status === 0 ? res.stdout : Buffer.alloc(0);
}

export function gitText(dir: string, args: string[]): string {
  return git(dir, args).toString('utf8').trim();
}

export function isRepo(dir: string): boolean {
  return git(dir, ['rev-parse', '--git-dir'], { allowFail: true }).length > 0;
}

export function hasCommit(dir: string, sha: string): boolean {
  return spawnSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: dir }).status === 0;
}

/** Resolve a ref or sha to a full commit sha, or undefined when it is not here. */
export function resolveCommit(dir: string, ref: string): string | undefined {
  const out = git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFail: true }).toString('utf8').trim();
  return out || undefined;
}

export function parents(dir: string, sha: string): string[] {
  const out = git(dir, ['rev-list', '--parents', '-n', '1', sha], { allowFail: true }).toString('utf8').trim();
  return out.split(/\s+/).slice(1).filter(Boolean);
}

export function isShallow(dir: string): boolean {
  return gitText(dir, ['rev-parse', '--is-shallow-repository']) === 'true';
}

/** Fetch one commit from origin without history (what a fetch-depth 1 checkout lacks). */
export function fetchCommit(dir: string, sha: string): boolean {
  git(dir, ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', sha], { allowFail: true });
  return hasCommit(dir, sha);
}

export function mergeBase(dir: string, a: string, b: string): string | undefined {
  const out = git(dir, ['merge-base', a, b], { allowFail: true }).toString('utf8').trim();
  return out || undefined;
}

export interface ChangedPath {
  path: string;
  status: 'added' | 'modified' | 'deleted';
}

/** Paths that differ between two commits (renames as delete + add, so both sides are judged). */
export function diffPaths(dir: string, from: string, to: string): ChangedPath[] {
  const out = git(dir, ['diff', '--no-renames', '--no-ext-diff', '--name-status', '-z', from, to]).toString('utf8');
  const parts = out.split('\0');
  const result: ChangedPath[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = parts[i];
    const path = parts[i + 1];
    if (!code || path === undefined) continue;
    const status = code.startsWith('A') ? 'added' : code.startsWith('D') ? 'deleted' : 'modified';
    result.push({ path, status });
  }
  return result;
}

/** Size in bytes of a file at a commit, or undefined when absent. */
export function blobSize(dir: string, sha: string, path: string): number | undefined {
  const out = git(dir, ['cat-file', '-s', `${sha}:${path}`], { allowFail: true }).toString('utf8').trim();
  return out ? Number(out) : undefined;
}

export function blob(dir: string, sha: string, path: string): Buffer {
  return git(dir, ['cat-file', 'blob', `${sha}:${path}`]);
}

/** Every file path in a commit's tree (blobs only), with forward slashes. */
export function treePaths(dir: string, sha: string): string[] {
  const out = git(dir, ['ls-tree', '-r', '-z', '--name-only', sha], { allowFail: true }).toString('utf8');
  return out.split('\0').filter(Boolean);
}
