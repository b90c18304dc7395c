import { lazyOctokit, type Octokit } from '../common/github-client.js';
import type { ChangedPath } from './git.js';
import { fromBytes, tooLarge, type BytesResult, type ReadResult, type TreeSource } from './source.js';

export interface GitHubRepoRef {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
}

/**
 * File access through the GitHub REST API (compare + contents), for when the commits are not in
 * the local clone and cannot be fetched. Only ever talks to `apiUrl` with the workflow's token.
 */
export class GitHubSource implements TreeSource {
  readonly label = 'github-api';
  private readonly octokit: () => Promise<Octokit>;

  constructor(private readonly ref: GitHubRepoRef) {
    this.octokit = lazyOctokit(ref.token, { baseUrl: ref.apiUrl.replace(/\/$/, '') });
  }

  async changedPaths(from: string, to: string): Promise<ChangedPath[]> {
    const octokit = await this.octokit();
    const result: ChangedPath[] = [];
    // The compare API pages its file list (300 per page, 3000 at most).
    for (let page = 1; page <= 10; page++) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner: this.ref.owner,
        repo: this.ref.repo,
        basehead: `${from}...${to}`,
        per_page: 300,
        page,
      });
      const files = data.files ?? [];
      for (const f of files) {
        if (f.status === 'renamed' && f.previous_filename) {
          result.push({ path: f.previous_filename, status: 'deleted' }, { path: f.filename, status: 'added' });
        } else {
          result.push({ path: f.filename, status: f.status === 'added' ? 'added' : f.status === 'removed' ? 'deleted' : 'modified' });
        }
      }
      if (files.length < 300) break;
    }
    return result;
  }

  async mergeBase(base: string, head: string): Promise<string | undefined> {
    const octokit = await this.octokit();
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: this.ref.owner,
      repo: this.ref.repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    return data.merge_base_commit?.sha;
  }

  async read(commit: string, path: string, maxBytes: number): Promise<ReadResult> {
    const res = await this.readBytes(commit, path, maxBytes);
    return res.kind === 'bytes' ? fromBytes(res.bytes) : res;
  }

  async list(commit: string): Promise<{ paths: string[]; truncated: boolean }> {
    const octokit = await this.octokit();
    const { data } = await octokit.rest.git.getTree({ owner: this.ref.owner, repo: this.ref.repo, tree_sha: commit, recursive: 'true' });
    return { paths: data.tree.filter((e) => e.type === 'blob' && e.path).map((e) => e.path as string), truncated: !!data.truncated };
  }

  async readBytes(commit: string, path: string, maxBytes: number): Promise<BytesResult> {
    const octokit = await this.octokit();
    try {
      const res = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
        owner: this.ref.owner,
        repo: this.ref.repo,
        path,
        ref: commit,
        headers: { accept: 'application/vnd.github.raw+json' },
        request: { parseSuccessResponseBody: false },
      });
      const body = res.data as unknown;
      const buf = await toBuffer(body);
      if (buf.length > maxBytes) return tooLarge(buf.length, maxBytes);
      return { kind: 'bytes', bytes: buf };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return { kind: 'absent' };
      throw err;
    }
  }
}

async function toBuffer(body: unknown): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body && typeof (body as ReadableStream).getReader === 'function') {
    return Buffer.from(await new Response(body as ReadableStream).arrayBuffer());
  }
  if (body && typeof body === 'object') return Buffer.from(JSON.stringify(body), 'utf8');
  return Buffer.alloc(0);
}
