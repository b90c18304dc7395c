// Shared by the format tests: fixture files and line numbers found by searching the text, so an expected
// line is never a number typed in by hand.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../../src/formats/format.js';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'formats');

export function fixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** Every fixture file below `dir` (the whole formats fixtures folder by default), as repository-style paths relative to FIXTURES. */
export function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? fixtureFiles(full) : [path.relative(FIXTURES, full).split(path.sep).join('/')];
  });
}

function indexOrThrow(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  if (at === -1) throw new Error(`test setup: ${JSON.stringify(needle)} not found in the fixture`);
  return at;
}

/** 1-based line of the first `needle`, searching after `after` when given (to reach nested keys). */
export function lineOf(text: string, needle: string, ...after: string[]): number {
  let from = 0;
  for (const anchor of after) from = indexOrThrow(text, anchor, from) + anchor.length;
  const at = indexOrThrow(text, needle, from);
  return text.slice(0, at).split('\n').length;
}

/** The ParseError `read` throws; fails the test when it throws anything else or nothing. */
export function parseErrorOf(read: () => unknown): ParseError {
  let thrown: unknown;
  try {
    read();
  } catch (err) {
    thrown = err;
  }
  if (!(thrown instanceof ParseError)) {
    throw new Error(`expected a ParseError, got ${thrown === undefined ? 'no error' : String(thrown)}`);
  }
  return thrown;
}

/** Replaces exactly one occurrence of `from`, so a fixture edit cannot silently miss. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) {
    throw new Error(`test setup: ${JSON.stringify(from)} must occur exactly once`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The bytes of `parts` one after another. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
