// Typed reading of the policy's values: each read checks its type and says, at the value's line and key,
// what is wrong and what would be right (with a did-you-mean for misspelt keys).
import type { Ecosystem, RuleLevel } from '../types.js';
import { PolicyError, WHOLE_POLICY } from './yaml.js';
import { didYouMean } from '../common/did-you-mean.js';
import { rangeProblem, namePatternProblem } from './match.js';

export const ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi', 'go', 'cargo', 'oci', 'github-actions', 'mcpb'];

export const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'notice', 'off'];

/** Validation state: the file, its key lines, and helpers that throw PolicyError at the right line. */
export class Reader {
  constructor(
    readonly file: string,
    readonly lines: Map<string, number>,
  ) {}

  line(path: string): number {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const l = this.lines.get(p);
      if (l !== undefined) return l;
    }
    return 1;
  }

  fail(path: string, detail: string): never {
    throw new PolicyError(detail, this.file, this.line(path), path);
  }

  object(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `must be a mapping, got ${describe(value)}`);
    }
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        const hint = didYouMean(key, known);
        this.fail(path ? `${path}.${key}` : key || WHOLE_POLICY, `unknown key ${shownKey(key)}: check its spelling${hint ? `, did you mean "${hint}"?` : ''} (known keys here: ${known.join(', ')})`);
      }
    }
    return obj;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  optString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  strings(value: unknown, path: string): string[] {
    if (typeof value === 'string') return [this.string(value, path)];
    return this.list(value, path).map((v, i) => this.string(v, `${path}.${i}`));
  }

  bool(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(path, `must be true or false, got ${describe(value)}`);
    return value;
  }

  number(value: unknown, path: string, fallback: number, min = 0): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      this.fail(path, `must be a number >= ${min}, got ${describe(value)}`);
    }
    return value;
  }

  ecosystem(value: unknown, path: string): Ecosystem {
    if (value === undefined || value === null) return 'npm';
    if (!ECOSYSTEMS.includes(value as Ecosystem)) this.fail(path, `unknown ecosystem ${describe(value)} (known: ${ECOSYSTEMS.join(', ')})`);
    return value as Ecosystem;
  }

  /**
   * A version range in the ecosystem's own syntax: semver for npm/cargo/go, PEP 440 for pypi, exact
   * tags/refs elsewhere. Checked as the matcher applies it (match.ts), so a range that loads always
   * matches something: a deny range that matched nothing would deny nothing.
   */
  range(value: unknown, path: string, ecosystem: Ecosystem = 'npm'): string | undefined {
    // YAML reads `versions: 1.10` as the number 1.1: the range written is lost, so it must be quoted.
    if (typeof value === 'number' && !Number.isInteger(value)) this.fail(path, `${String(value)} is a number in YAML, which drops trailing zeros (1.10 reads as 1.1): write the range in quotes`);
    const s = this.optString(typeof value === 'number' ? String(value) : value, path);
    if (s === undefined) return s;
    const problem = rangeProblem(s, ecosystem);
    if (problem !== undefined) this.fail(path, `${JSON.stringify(s)} is ${problem}`);
    return s;
  }

  /** A package name or glob, as the matcher applies it for the ecosystem (undefined: any, PyPI's lower-cased names too). */
  namePattern(value: unknown, path: string, ecosystem: Ecosystem | undefined): string {
    const s = this.string(value, path);
    const problem = ecosystem === undefined ? namePatternProblem(s, 'npm') ?? namePatternProblem(s, 'pypi') : namePatternProblem(s, ecosystem);
    if (problem !== undefined) this.fail(path, `${JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s)} is not a glob that can match (${problem}): write a name, or a glob like @acme/* or acme-*-mcp`);
    return s;
  }

  strList(value: unknown, path: string, fallback: string[]): string[] {
    return value === undefined || value === null ? fallback : this.strings(value, path);
  }

  url(value: unknown, path: string): string {
    const s = this.string(value, path);
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      this.fail(path, `not a URL: ${JSON.stringify(s)}`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') this.fail(path, `must be an http(s) URL: ${JSON.stringify(s)}`);
    // The slash goes on the path: appended to the href, it would land in a query (`?token=x/`) or fragment.
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    return u.href;
  }

  /** A calendar date (2027-01-31), or an ISO 8601 time on one (2025-01-29T00:00:00.000Z, as npm lists key expiry). */
  date(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    const s = String(value);
    if (!isIsoDate(s)) this.fail(path, `not a date: ${JSON.stringify(s)}: write the day as YYYY-MM-DD (e.g. 2027-01-31), a day that exists in the calendar`);
    return s;
  }
}

/** A key as written, with invisible and control characters shown as escapes (a stray byte order mark, a tab). */
export function shownKey(key: string): string {
  return JSON.stringify(key).replace(/[\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // JSON.stringify shows Infinity (1e400, a huge hex number) as null.
  if (typeof value === 'number') return `number ${String(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * Whether `s` is YYYY-MM-DD, optionally with an ISO 8601 time, naming a day that exists. Date.parse
 * alone accepts 2024-02-30 (as March 1) and text after the date, so an exception could expire on a
 * day nobody wrote.
 */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  const dayExists = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  const timeFits = (m[4] === undefined || Number(m[4]) < 24) && (m[5] === undefined || Number(m[5]) < 60) && (m[6] === undefined || Number(m[6]) < 60);
  const offsetFits = (m[7] === undefined || Number(m[7]) < 24) && (m[8] === undefined || Number(m[8]) < 60);
  return dayExists && timeFits && offsetFits;
}
