// What the parts of the bundle reader share: the manifest's plain JSON values, and the issues one
// bundle collects.
import type { FileIssue, RuleId } from '../../../types.js';

/** A small file read from the archive (manifest.json, package.json, METADATA) may be at most this big. */
export const MAX_METADATA_BYTES = 1024 * 1024;

export const utf8 = new TextDecoder('utf-8', { fatal: true });

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isStr = (v: unknown): v is string => typeof v === 'string';

/** Collects issues with keys unique within the file (a repeated key gets `#2`, `#3`). */
export class Issues {
  readonly list: FileIssue[] = [];
  private readonly keys = new Map<string, number>();

  add(rule: RuleId, key: string, message: string): void {
    const n = (this.keys.get(key) ?? 0) + 1;
    this.keys.set(key, n);
    this.list.push({ rule, line: 1, key: n === 1 ? key : `${key}#${n}`, message });
  }

  push(issue: FileIssue): void {
    this.list.push(issue);
  }
}
