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

export class GitSource implements TreeSource {
  readonly label = 'git';
  constructor(readonly dir: string) {}

  async changedPaths(from: string, to: string): Promise<ChangedPath[]> {
    return diffPaths(this.dir, from, to);
  }

  async read(commit: string, path: string, maxBytes: number): Promise<ReadResult> {
    const res = await this.readBytes(commit, path, maxBytes);
    return res.kind === 'bytes' ? fromBytes(res.bytes) : res;
  }

  async readBytes(commit: string, path: string, maxBytes: number): Promise<BytesResult> {
    const size = blobSize(this.dir, commit, path);
    if (size === undefined) return { kind: 'absent' };
    if (size > maxBytes) return tooLarge(size, maxBytes);
    return { kind: 'bytes', bytes: blob(this.dir, commit, path) };
  }

  async list(commit: string): Promise<{ paths: string[]; truncated: boolean }> {
    return { paths: treePaths(this.dir, commit), truncated: false };
  }
}
