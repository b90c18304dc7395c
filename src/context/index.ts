import { fetchCommit, git, isRepo, isShallow, mergeBase, parents, resolveCommit } from './git.js';
import { GitHubSource, type GitHubRepoRef } from './github-source.js';
import { GitSource, type TreeSource } from './source.js';

export { GitHubSource, type GitHubRepoRef } from './github-source.js';
export type { TreeSource, ReadResult } from './source.js';

/** git's well-known empty tree: the "base" of a repository's first commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The gate could not establish what to compare: exit status 2. */
export class ContextError extends Error {
  override name = 'ContextError';
}

export interface ContextInputs {
  repoDir: string;
  /** Overrides (action inputs `base`/`head`, CLI `--base`/`--head`): refs or shas. */
  base?: string;
  head?: string;
  eventName?: string;
  payload?: Record<string, any>;
  /** GITHUB_SHA: the commit the workflow runs on (the merge commit for pull_request). */
  sha?: string;
  github?: GitHubRepoRef;
}

export interface ResolvedContext {
  event: string;
  /** The commit the policy is read from (tip of the target branch). */
  base: string;
  /** The commit whose files are judged. */
  head: string;
  /** Where changes are counted from: the merge base of base and head (or base). */
  from: string;
  /** The commit a check run is attached to (the PR's head commit for pull requests). */
  checkSha: string;
  pullNumber?: number;
  source: TreeSource;
  notes: string[];
}

interface Wanted {
  base?: string;
  head: string;
  checkSha?: string;
  pullNumber?: number;
}

const ZERO_SHA = /^0+$/;

/** What the event asks to compare, before looking at the repository. */
export function wantedFromEvent(inputs: ContextInputs): Wanted {
  const p = inputs.payload ?? {};
  const event = inputs.eventName ?? '';
  let wanted: Wanted;
  if ((event === 'pull_request' || event === 'pull_request_target' || event === 'pull_request_review') && p.pull_request) {
    const pr = p.pull_request;
    // pull_request runs on the merge commit (GITHUB_SHA), which is what would land; pull_request_target
    // runs on the base branch, so the PR's files are read from its head commit, as text only.
    const head = event === 'pull_request' && inputs.sha ? inputs.sha : pr.head?.sha;
    wanted = { base: pr.base?.sha, head, checkSha: pr.head?.sha, pullNumber: pr.number };
  } else if (event === 'merge_group' && p.merge_group) {
    wanted = { base: p.merge_group.base_sha, head: p.merge_group.head_sha };
  } else if (event === 'push') {
    wanted = { base: p.before && !ZERO_SHA.test(p.before) ? p.before : undefined, head: p.after ?? inputs.sha ?? 'HEAD' };
  } else {
    wanted = { head: inputs.sha ?? 'HEAD' };
  }
  if (inputs.base) wanted.base = inputs.base;
  if (inputs.head) {
    wanted.head = inputs.head;
    wanted.checkSha = undefined;
  }
  return wanted;
}

function ensureLocal(dir: string, ref: string, notes: string[]): string | undefined {
  const local = resolveCommit(dir, ref);
  if (local) return local;
  if (/^[0-9a-f]{40}$/i.test(ref)) {
    if (fetchCommit(dir, ref)) {
      notes.push(`Fetched ${ref.slice(0, 12)} from origin (it was not in the checkout).`);
      return ref.toLowerCase();
    }
  }
  return undefined;
}

/**
 * Establish base, head and the point changes are counted from. Works with a fetch-depth 1 checkout:
 * missing commits are fetched one by one; when that fails, the GitHub API is used instead of git.
 */
export async function resolveContext(inputs: ContextInputs): Promise<ResolvedContext> {
  const dir = inputs.repoDir;
  const event = inputs.eventName || 'local';
  const notes: string[] = [];
  if (!isRepo(dir)) throw new ContextError(`${dir} is not a git repository (the gate compares two commits; run actions/checkout first)`);
  const wanted = wantedFromEvent(inputs);

  const head = ensureLocal(dir, wanted.head, notes);
  let base: string | undefined;
  if (wanted.base) {
    base = ensureLocal(dir, wanted.base, notes);
  } else if (head) {
    base = parents(dir, head)[0];
    if (!base && isShallow(dir)) {
      // A fetch-depth 1 checkout has the commit but not its parent: deepen by one.
      git(dir, ['fetch', '--no-tags', '--deepen=1', 'origin', head], { allowFail: true });
      base = parents(dir, head)[0];
    }
    if (!base) notes.push('No base commit (first commit, or no parent available): every file counts as added.');
  }

  if (head && (base || !wanted.base)) {
    const resolvedBase = base ?? EMPTY_TREE;
    const from = base ? changeStart(dir, base, head, notes) : EMPTY_TREE;
    return { event, base: resolvedBase, head, from, checkSha: wanted.checkSha ?? head, pullNumber: wanted.pullNumber, source: new GitSource(dir), notes };
  }

  // The commits are not here and cannot be fetched: read through the GitHub API, if we may.
  const missing = [!head ? wanted.head : undefined, wanted.base && !base ? wanted.base : undefined].filter(Boolean).join(' and ');
  if (!inputs.github || !wanted.base || !/^[0-9a-f]{40}$/i.test(wanted.head)) {
    throw new ContextError(`cannot read commit ${missing}: not in the repository and could not be fetched from origin${inputs.github ? '' : ' (and no GitHub token to use the API instead)'}`);
  }
  const api = new GitHubSource(inputs.github);
  notes.push(`Commit ${missing} could not be fetched with git; files were read through the GitHub API.`);
  const from = (await api.mergeBase(wanted.base, wanted.head).catch(() => undefined)) ?? wanted.base;
  return { event, base: wanted.base, head: wanted.head, from, checkSha: wanted.checkSha ?? wanted.head, pullNumber: wanted.pullNumber, source: api, notes };
}

/** Changes are counted from the merge base, so base-branch commits the PR lacks are not blamed on it. */
function changeStart(dir: string, base: string, head: string, notes: string[]): string {
  if (base === head) return base;
  if (parents(dir, head).includes(base)) return base;
  const mb = mergeBase(dir, base, head);
  if (mb) return mb;
  notes.push(`Merge base of ${base.slice(0, 12)} and ${head.slice(0, 12)} is not in this (shallow) clone; changes are counted from the base commit itself.`);
  return base;
}

/** How many files of a tree the gate reads at most for the whole-tree inventory, and a scan walks (bounded cost). */
export const MAX_INVENTORY_FILES = 500;
