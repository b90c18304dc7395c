import { batchable, CatFile } from './cat-file.js';
import { blob, blobSize, diffPaths, treePaths, type ChangedPath } from './git.js';
import { decodeText } from './text.js';

export type ReadResult = { kind: 'text'; text: string } | { kind: 'absent' } | { kind: 'unreadable'; reason: string };
export type BytesResult = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'absent' } | { kind: 'unreadable'; reason: string };

/** Where file contents come from: the local git repository, or the GitHub API when a commit can't be fetched. */
export interface TreeSource {
  label: string;
  changedPaths(from: string, to: string): Promise<ChangedPath[]>;
  /** A file as text (decoded; binary or undecodable files are 'unreadable'). */
  read(commit: string, path: string, maxBytes: number): Promise<ReadResult>;
  /** A file as bytes (.mcpb archives). */
  readBytes(commit: string, path: string, maxBytes: number): Promise<BytesResult>;
  /** Every file path in the commit's tree (for the whole-tree inventory); `truncated` when the source could not list all. */
  list(commit: string): Promise<{ paths: string[]; truncated: boolean }>;
}

export function tooLarge(size: number, maxBytes: number): { kind: 'unreadable'; reason: string } {
  return { kind: 'unreadable', reason: `${size} bytes is over the ${maxBytes}-byte limit (policy limits.max-file-bytes); not parsed` };
}

export function fromBytes(buf: Uint8Array): ReadResult {
  const d = decodeText(buf);
  return 'text' in d ? { kind: 'text', text: d.text } : { kind: 'unreadable', reason: d.reason };
}

/**
 * Files of a local repository. Every size and blob of the run comes from one long-lived `git cat-file`
 * (see cat-file.ts), so the number of git processes does not grow with the number of files read; a
 * tree is listed once per commit.
 */
export class GitSource implements TreeSource {
  readonly label = 'git';
  readonly objects: CatFile;
  private readonly listings = new Map<string, Promise<{ paths: string[]; truncated: boolean }>>();
  constructor(readonly dir: string) {
    this.objects = new CatFile(dir);
  }

  async changedPaths(from: string, to: string): Promise<ChangedPath[]> {
    return diffPaths(this.dir, from, to);
  }

  async read(commit: string, path: string, maxBytes: number): Promise<ReadResult> {
    const res = await this.readBytes(commit, path, maxBytes);
    return res.kind === 'bytes' ? fromBytes(res.bytes) : res;
  }

  async readBytes(commit: string, path: string, maxBytes: number): Promise<BytesResult> {
    const name = `${commit}:${path}`;
    if (!batchable(name)) {
      // A path with a line break cannot go through cat-file's line protocol: one process per question.
      const size = blobSize(this.dir, commit, path);
      if (size === undefined) return { kind: 'absent' };
      if (size > maxBytes) return tooLarge(size, maxBytes);
      return { kind: 'bytes', bytes: blob(this.dir, commit, path) };
    }
    const info = await this.objects.info(name);
    if (!info.found) return { kind: 'absent' };
    if (info.size > maxBytes) return tooLarge(info.size, maxBytes);
    if (info.type !== 'blob') return { kind: 'unreadable', reason: info.type === 'tree' ? 'a directory, not a file' : `a ${info.type} object (a submodule?), not a file` };
    const res = await this.objects.contents(name);
    // Gone between the two questions (a concurrent gc of an unreachable object): as if never there.
    if (!res.info.found || res.bytes === undefined) return { kind: 'absent' };
    return { kind: 'bytes', bytes: res.bytes };
  }

  async list(commit: string): Promise<{ paths: string[]; truncated: boolean }> {
    let listing = this.listings.get(commit);
    if (!listing) {
      listing = Promise.resolve().then(() => ({ paths: treePaths(this.dir, commit), truncated: false }));
      this.listings.set(commit, listing);
    }
    const { paths, truncated } = await listing;
    return { paths: [...paths], truncated };
  }
}
