// What the parts of the server.json reader share: reading optional fields in their several spellings,
// and the issues one file collects.
import { type JsonMember, type JsonDocument, typeName, type JsonNode } from '../../readers/json.js';
import { ParseError } from '../../format.js';
import type { FileIssue } from '../../../types.js';

export type Members = Map<string, JsonMember>;

export const REGISTRY_TYPES = ['npm', 'pypi', 'oci', 'nuget', 'mcpb'] as const;

export type RegistryType = (typeof REGISTRY_TYPES)[number];

/** The first of several spellings of a field that the object has. */
export function pick(members: Members, ...names: string[]): JsonMember | undefined {
  for (const n of names) {
    const m = members.get(n);
    if (m !== undefined) return m;
  }
  return undefined;
}

export function str(doc: JsonDocument, m: JsonMember | undefined, label: string): string | undefined {
  if (m === undefined || m.value.type === 'null') return undefined;
  if (m.value.type !== 'string') throw new ParseError(`${label} must be a string, found ${typeName(m.value)}`, doc.file, doc.lineOf(m.value));
  return m.value.value as string;
}

export function arrayItems(doc: JsonDocument, m: JsonMember | undefined, label: string): JsonNode[] {
  if (m === undefined || m.value.type === 'null') return [];
  if (m.value.type !== 'array') throw new ParseError(`${label} must be an array, found ${typeName(m.value)}`, doc.file, doc.lineOf(m.value));
  return m.value.children ?? [];
}

export class Issues {
  readonly list: FileIssue[] = [];
  private readonly keys = new Map<string, number>();

  add(line: number, key: string, message: string, extra: Partial<FileIssue> = {}): void {
    this.list.push({ rule: 'server-json', line, key: this.unique(key), message, ...extra });
  }

  push(issue: FileIssue): void {
    this.list.push({ ...issue, key: this.unique(issue.key) });
  }

  private unique(key: string): string {
    const n = (this.keys.get(key) ?? 0) + 1;
    this.keys.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  }
}
