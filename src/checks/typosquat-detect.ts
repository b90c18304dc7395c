// Typosquat detection: does a package name imitate a known, legitimate one?
//
// Pure: names in, an answer out. The techniques follow the published detectors: typomania / typogard
// (omitted, repeated, swapped characters, swapped words, bitflips, version suffixes, homoglyphs),
// guarddog and pypi-scan (one Levenshtein edit, hyphen permutations), plus the npm-specific scope
// confusions seen in the MCP ecosystem (unscoped copies of scoped names, look-alike scopes).
// Their false-positive guards are kept too: known names are never flagged, short names need closer
// matches, a scope owner's own packages are not squats, and names only compare within an ecosystem.
import { distance as levenshtein } from 'fastest-levenshtein';
import type { Ecosystem } from '../types.js';
import { own } from '../own.js';

export interface KnownName {
  name: string;
  ecosystem: Ecosystem;
  source: 'allow' | 'corpus';
}

export interface SquatMatch {
  imitates: string;
  ecosystem: Ecosystem;
  /**
   * What matched. One edit: 'omitted-character', 'repeated-character', 'inserted-character',
   * 'swapped-characters', 'keyboard-typo', 'bitflip', 'substituted-character' (suffixed '+separator'
   * when separators changed too). Look-alikes: 'separator', 'homoglyph'. Structure: 'word-order',
   * 'added-version', 'added-suffix(<word>)', 'added-prefix(<word>)'. Scopes (npm):
   * 'scope-confusion:unscoped-copy' (optionally '+<technique>'), 'scope-confusion:scoped-copy',
   * 'scope-confusion:look-alike-scope(<technique>)', 'scope-confusion:same-name-other-scope'.
   */
  technique: string;
  source: 'allow' | 'corpus';
}

/** PEP 503 for PyPI (runs of `-`, `_`, `.` become one `-`); lowercase elsewhere. */
export function normalizeName(name: string, ecosystem: Ecosystem): string {
  const lower = name.trim().toLowerCase();
  return ecosystem === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
}

export function detectTyposquat(name: string, ecosystem: Ecosystem, known: readonly KnownName[]): SquatMatch | null {
  const candidate = parseName(normalizeName(name, ecosystem), ecosystem);
  if (candidate.full === '') return null;
  const peers = known.filter((k) => k.ecosystem === ecosystem);
  const parsed = peers.map((k) => ({ known: k, name: parseName(normalizeName(k.name, ecosystem), ecosystem) }));
  // A name that is itself known is never a squat, whatever else it resembles.
  if (parsed.some((p) => p.name.full === candidate.full)) return null;

  let best: Ranked | null = null;
  for (const p of parsed) {
    const hit = compareNames(candidate, p.name);
    if (!hit) continue;
    const ranked: Ranked = { ...hit, known: p.known, closeness: levenshtein(candidate.full, p.name.full) };
    if (!best || better(ranked, best)) best = ranked;
  }
  if (!best) return null;
  return { imitates: best.known.name, ecosystem, technique: best.technique, source: best.known.source };
}

// ---------------------------------------------------------------------------------------------
// Names

interface ParsedName {
  full: string;
  /** npm scope without `@`, when the name has one. */
  scope?: string;
  /** The name without its scope. */
  bare: string;
}

function parseName(full: string, ecosystem: Ecosystem): ParsedName {
  const scoped = ecosystem === 'npm' ? /^@([^/]+)\/(.+)$/.exec(full) : null;
  return scoped ? { full, scope: scoped[1], bare: scoped[2] } : { full, bare: full };
}

const SEPARATORS = /[-_.]/g;

function stripSeparators(s: string): string {
  return s.replace(SEPARATORS, '');
}

function tokens(s: string): string[] {
  return s.split(SEPARATORS).filter((t) => t !== '');
}

/**
 * Words that say what kind of package it is rather than whose it is. A bare name made only of these
 * (`mcp`, `sdk`, `mcp-server`) is shared by many legitimate scopes, so reusing it under another
 * scope proves nothing.
 */
const GENERIC_WORDS = new Set([
  'mcp', 'server', 'servers', 'sdk', 'client', 'cli', 'core', 'api', 'js', 'ts', 'node', 'tools',
  'tool', 'plugin', 'inspector', 'proxy', 'utils', 'types',
]);

function isDistinctive(bare: string): boolean {
  return tokens(bare).some((t) => !GENERIC_WORDS.has(t));
}

/** Scopes whose unscoped copies commonly abbreviate them. */
const SCOPE_ABBREVIATIONS: Record<string, string[]> = { modelcontextprotocol: ['mcp'] };

/** Scopes that republish other packages' names by design (DefinitelyTyped). */
const REPUBLISHING_SCOPES = new Set(['types']);

// ---------------------------------------------------------------------------------------------
// Ranking: most specific technique first, then the closest name, then the user's allow list over
// the corpus, then alphabetical, so the answer never depends on the order of `known`.

interface Hit {
  technique: string;
  /** Lower is more specific: 0 look-alike, 1 structural, 2 one edit, 3 affix, 4 scope only. */
  rank: number;
}

interface Ranked extends Hit {
  known: KnownName;
  closeness: number;
}

function better(a: Ranked, b: Ranked): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.closeness !== b.closeness) return a.closeness < b.closeness;
  if (a.known.source !== b.known.source) return a.known.source === 'allow';
  return a.known.name < b.known.name;
}

// ---------------------------------------------------------------------------------------------
// Comparing a candidate with one known name

function compareNames(c: ParsedName, k: ParsedName): Hit | null {
  if (c.scope !== undefined && k.scope !== undefined) return compareScoped(c as Scoped, k as Scoped);
  if (c.scope === undefined && k.scope !== undefined) return compareUnscopedToScoped(c.full, k as Scoped);
  if (c.scope !== undefined && k.scope === undefined) return compareScopedToUnscoped(c as Scoped, k.full);
  return compareText(c.full, k.full);
}

type Scoped = ParsedName & { scope: string };

function compareScoped(c: Scoped, k: Scoped): Hit | null {
  // Only the scope's owner can publish inside it: a sibling there (`server-git` next to
  // `server-github`) is the owner's own package, never a squat.
  if (c.scope === k.scope) return null;
  const scopeHit = compareText(c.scope, k.scope, { affixes: false });
  if (scopeHit) {
    if (c.bare === k.bare) return { technique: `scope-confusion:look-alike-scope(${scopeHit.technique})`, rank: 1 };
    // A look-alike of a known scope impersonates its owner whatever the package is called.
    return { technique: `scope-confusion:look-alike-scope(${scopeHit.technique})`, rank: 4 };
  }
  if (c.bare === k.bare && isDistinctive(k.bare)) return { technique: 'scope-confusion:same-name-other-scope', rank: 2 };
  return null;
}

function compareUnscopedToScoped(c: string, k: Scoped): Hit | null {
  let best: Hit | null = null;
  for (const form of unscopedForms(k)) {
    if (c === form) return { technique: 'scope-confusion:unscoped-copy', rank: 1 };
    const hit = compareText(c, form);
    if (hit && (!best || hit.rank < best.rank)) best = { technique: `scope-confusion:unscoped-copy+${hit.technique}`, rank: hit.rank + 1 };
  }
  return best;
}

/** How someone would write a scoped name without its scope: `@playwright/mcp` -> `playwright-mcp`. */
function unscopedForms(k: Scoped): string[] {
  const scopes = [k.scope, ...(own(SCOPE_ABBREVIATIONS, k.scope) ?? [])];
  const forms = scopes.map((s) => `${s}-${k.bare}`);
  if (isDistinctive(k.bare)) forms.push(k.bare);
  return forms;
}

function compareScopedToUnscoped(c: Scoped, k: string): Hit | null {
  if (REPUBLISHING_SCOPES.has(c.scope)) return null;
  const flat = `${c.scope}-${c.bare}`;
  if (stripSeparators(flat) === stripSeparators(k)) return { technique: 'scope-confusion:scoped-copy', rank: 1 };
  if (c.bare === k && isDistinctive(k)) return { technique: 'scope-confusion:scoped-copy', rank: 2 };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Comparing two unscoped strings (a whole unscoped name, a bare name, or a scope)

/** One edit is only suspicious on a name at least this long; shorter names differ by one edit all the time. */
const MIN_LENGTH_ONE_EDIT = 5;
/** Look-alike and separator tricks keep every letter, so they are suspicious on slightly shorter names. */
const MIN_LENGTH_LOOKALIKE = 4;
/** A typo hidden behind separator changes is only trusted on longer names. */
const MIN_LENGTH_EDIT_ACROSS_SEPARATORS = 8;

function compareText(c: string, k: string, opts: { affixes: boolean } = { affixes: true }): Hit | null {
  if (c === k) return null;
  const cs = stripSeparators(c);
  const ks = stripSeparators(k);
  if (ks.length >= MIN_LENGTH_LOOKALIKE) {
    if (cs === ks) return { technique: 'separator', rank: 0 };
    if (skeleton(cs) === skeleton(ks)) return { technique: 'homoglyph', rank: 0 };
  }
  if (isWordOrderSwap(c, k)) return { technique: 'word-order', rank: 1 };
  if (k.length >= MIN_LENGTH_ONE_EDIT) {
    const edit = singleEdit(c, k);
    if (edit) return { technique: edit, rank: 2 };
  }
  if (ks.length >= MIN_LENGTH_EDIT_ACROSS_SEPARATORS) {
    const edit = singleEdit(cs, ks);
    if (edit) return { technique: `${edit}+separator`, rank: 2 };
  }
  if (opts.affixes && k.length >= MIN_LENGTH_ONE_EDIT) {
    const affix = addedAffix(c, k);
    if (affix) return { technique: affix, rank: 3 };
  }
  return null;
}

function isWordOrderSwap(c: string, k: string): boolean {
  const ct = tokens(c);
  const kt = tokens(k);
  if (kt.length < 2 || ct.length !== kt.length) return false;
  const sorted = (t: string[]) => [...t].sort().join('\0');
  return sorted(ct) === sorted(kt) && ct.join('\0') !== kt.join('\0');
}

// ---------------------------------------------------------------------------------------------
// Look-alike characters (typomania's homoglyph table, restricted to what a package name can hold)

const MULTI_GLYPHS: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/nn/g, 'm'],
  [/vv/g, 'w'],
  [/uu/g, 'w'],
  [/cl/g, 'd'],
];

const GLYPHS: Record<string, string> = {
  '0': 'o', '1': 'l', i: 'l', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'b', '7': 't', '8': 'b', '9': 'g', q: 'g',
};

/** Maps every look-alike to one representative, so two names that read the same compare equal. */
function skeleton(s: string): string {
  let out = s;
  for (const [pattern, replacement] of MULTI_GLYPHS) out = out.replace(pattern, replacement);
  return [...out].map((ch) => GLYPHS[ch] ?? ch).join('');
}

function isLookAlike(a: string, b: string): boolean {
  return a !== b && skeleton(a) === skeleton(b);
}

// ---------------------------------------------------------------------------------------------
// One edit, named by the kind of slip it is

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function keyboardAdjacent(a: string, b: string): boolean {
  const pos = (ch: string) => {
    for (let row = 0; row < KEYBOARD_ROWS.length; row++) {
      const col = KEYBOARD_ROWS[row].indexOf(ch);
      if (col >= 0) return { row, col };
    }
    return null;
  };
  const pa = pos(a);
  const pb = pos(b);
  if (!pa || !pb) return false;
  // Rows are staggered by about half a key: the neighbours below are at col and col-1.
  const dr = pb.row - pa.row;
  if (dr === 0) return Math.abs(pb.col - pa.col) === 1;
  if (dr === 1) return pb.col === pa.col || pb.col === pa.col - 1;
  if (dr === -1) return pb.col === pa.col || pb.col === pa.col + 1;
  return false;
}

function isBitflip(a: string, b: string): boolean {
  const x = a.charCodeAt(0) ^ b.charCodeAt(0);
  return x !== 0 && (x & (x - 1)) === 0;
}

const isSeparator = (ch: string | undefined) => ch === '-' || ch === '_' || ch === '.';

/** The name of the single edit that turns known `k` into candidate `c`, or null if it takes more. */
function singleEdit(c: string, k: string): string | null {
  const d = levenshtein(c, k);
  if (d === 2 && isAdjacentSwap(c, k)) return 'swapped-characters';
  if (d !== 1) return null;
  let i = 0;
  while (i < c.length && i < k.length && c[i] === k[i]) i++;
  if (c.length === k.length + 1) {
    const added = c[i];
    if (isSeparator(added)) return 'separator';
    if (i === k.length && /\d/.test(added)) return 'added-version';
    return added === c[i - 1] || added === c[i + 1] ? 'repeated-character' : 'inserted-character';
  }
  if (c.length === k.length - 1) return isSeparator(k[i]) ? 'separator' : 'omitted-character';
  const was = k[i];
  const now = c[i];
  if (isSeparator(was) && isSeparator(now)) return 'separator';
  if (isLookAlike(was, now)) return 'homoglyph';
  if (keyboardAdjacent(was, now)) return 'keyboard-typo';
  if (isBitflip(was, now)) return 'bitflip';
  return 'substituted-character';
}

function isAdjacentSwap(c: string, k: string): boolean {
  if (c.length !== k.length) return false;
  let i = 0;
  while (i < c.length && c[i] === k[i]) i++;
  return i + 1 < c.length && c[i] === k[i + 1] && c[i + 1] === k[i] && c.slice(i + 2) === k.slice(i + 2);
}

// ---------------------------------------------------------------------------------------------
// Added words: `-js`, `-official`, a version number

const ADDED_WORDS = new Set([
  'js', 'node', 'nodejs', 'ts', 'npm', 'py', 'python', 'official', 'latest', 'dev', 'new', 'pro',
  'plus', 'lib', 'pkg', 'secure', 'fixed', 'updated', 'real', 'the', 'get', 'mcp', 'server', 'mcp-server',
]);

/** typomania's version check: the known name with a number after it (`foo2`, `foo-v2`). */
const VERSION_SUFFIX = /^v?\d+$/;

function addedAffix(c: string, k: string): string | null {
  if (c.length <= k.length) return null;
  const knownWords = new Set(tokens(k));
  // An added word the name already has (`mcp` on `firecrawl-mcp`) is a different name, not an affix.
  const isAddedWord = (w: string) => ADDED_WORDS.has(w) && !tokens(w).some((t) => knownWords.has(t));
  if (c.startsWith(k)) {
    const rest = c.slice(k.length).replace(/^[-_.]/, '').replace(SEPARATORS, '-');
    if (isAddedWord(rest)) return `added-suffix(${rest})`;
    if (VERSION_SUFFIX.test(rest)) return 'added-version';
  }
  if (c.endsWith(k)) {
    const rest = c.slice(0, c.length - k.length).replace(/[-_.]$/, '').replace(SEPARATORS, '-');
    if (isAddedWord(rest)) return `added-prefix(${rest})`;
  }
  return null;
}
