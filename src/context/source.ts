import { blob, blobSize, diffPaths, type ChangedPath } from './git.js';
import { decodeText } from './text.js';

export type ReadResult = { kind: 'text'; text: string } | { kind: 'absent' } | { kind: 'unreadable'; reason: string };

/** Where file contents come from: the local git repository, or the GitHub API when a commit can't be fetched. */
export interface TreeSource {
  label: string;
  changedPaths(from: string, to: string): Promise<ChangedPath[]>;
  read(commit: string, path: string, maxBytes: number): Promise<ReadResult>;
}

export function tooLarge(size: number, maxBytes: number): ReadResult {
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
    const size = blobSize(this.dir, commit, path);
    if (size === undefined) return { kind: 'absent' };
    if (size > maxBytes) return tooLarge(size, maxBytes);
    return fromBytes(blob(this.dir, commit, path));
  }
}
