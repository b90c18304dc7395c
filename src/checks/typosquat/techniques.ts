// The look-alike techniques: how one name imitates another (an edit, look-alike characters, a swapped
// word order, an added word or scope affix), and the index of name forms that finds the candidates of a
// name in a few lookups.
import { distance as levenshtein } from 'fastest-levenshtein';
import { own } from '../../common/own.js';

const EDIT_TECHNIQUES = /^(omitted-character|repeated-character|inserted-character|swapped-characters|keyboard-typo|bitflip|substituted-character)/;

export function isEdit(technique: string): boolean {
  return EDIT_TECHNIQUES.test(technique);
}

export function isScopeAffix(technique: string): boolean {
  return technique.startsWith('added-scope-');
}

/** One edit is only suspicious on a name at least this long; shorter names differ by one edit all the time. */
export const MIN_LENGTH_ONE_EDIT = 5;

/** With the target's popularity known, a four-letter famous name is judged too (`tmcp`). */
const MIN_LENGTH_ONE_EDIT_BACKED = 4;

/** Look-alike and separator tricks keep every letter, so they are suspicious on slightly shorter names. */
const MIN_LENGTH_LOOKALIKE = 4;

/** A typo hidden behind separator changes is only trusted on longer names. */
const MIN_LENGTH_EDIT_ACROSS_SEPARATORS = 8;

interface TextHit {
  technique: string;
  rank: number;
}

/**
 * How candidate `c` imitates known `k`, or null. `backed`: the target's popularity is known (it lets
 * a four-letter name be judged). `kind`: names take added words (`-js`), scopes take scope affixes
 * (`-hq`, `node-`) and abbreviations.
 */
export function compareText(c: string, k: string, backed: boolean, kind: 'name' | 'scope' = 'name'): TextHit | null {
  if (c === k) return null;
  const cs = stripSeparators(c);
  const ks = stripSeparators(k);
  if (ks.length >= MIN_LENGTH_LOOKALIKE) {
    if (cs === ks) return { technique: 'separator', rank: 0 };
    if (skeleton(cs) === skeleton(ks)) return { technique: 'homoglyph', rank: 0 };
  }
  if (isWordOrderSwap(c, k)) return { technique: 'word-order', rank: 1 };
  if (kind === 'scope' && (own(SCOPE_ABBREVIATIONS, k) ?? []).includes(c)) return { technique: 'abbreviation', rank: 1 };
  const minEdit = backed ? MIN_LENGTH_ONE_EDIT_BACKED : MIN_LENGTH_ONE_EDIT;
  if (k.length >= minEdit && c.length >= MIN_LENGTH_ONE_EDIT_BACKED) {
    const edit = singleEdit(c, k);
    if (edit) return { technique: edit, rank: 2 };
  }
  if (ks.length >= MIN_LENGTH_EDIT_ACROSS_SEPARATORS) {
    const edit = singleEdit(cs, ks);
    if (edit) return { technique: `${edit}+separator`, rank: 2 };
  }
  if (k.length >= minEdit) {
    const affix = kind === 'name' ? addedAffix(c, k) : addedScopeAffix(c, k);
    if (affix) return { technique: affix, rank: 3 };
  }
  return null;
}

function isWordOrderSwap(c: string, k: string): boolean {
  const ct = tokens(c);
  const kt = tokens(k);
  if (kt.length < 2 || ct.length !== kt.length) return false;
  return sortedWords(c) === sortedWords(k) && ct.join('\0') !== kt.join('\0');
}

function sortedWords(s: string): string {
  return [...tokens(s)].sort().join('\0');
}

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
  return [...out].map((ch) => own(GLYPHS, ch) ?? ch).join('');
}

function isLookAlike(a: string, b: string): boolean {
  return a !== b && skeleton(a) === skeleton(b);
}

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
export function singleEdit(c: string, k: string): string | null {
  if (Math.abs(c.length - k.length) > 1) return null;
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

/**
 * Words attackers add to a package name (combosquatting): platform and language tags, "official",
 * release words, and the words of MCP naming itself. Taken from the combosquatting and impersonation
 * categories of the studies above, not from the evaluation's generator.
 */
const ADDED_WORDS = new Set([
  'js', 'node', 'nodejs', 'ts', 'npm', 'py', 'python', 'official', 'latest', 'next', 'beta', 'dev',
  'new', 'pro', 'plus', 'lib', 'pkg', 'secure', 'fixed', 'fix', 'patch', 'patched', 'updated', 'real',
  'the', 'get', 'my', 'mcp', 'server', 'mcp-server', 'cli', 'sdk', 'core', 'api', 'client', 'tools', 'utils',
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

/**
 * Words organisations put next to their name in a scope (`@notionhq`, `@mongodb-js`, `@anthropic-ai`)
 * and so attackers do too (`@playwright-js`, `@node-playwright`). Needed only when the word is glued
 * on without a separator: any separated word added to a scope already makes a look-alike.
 */
export const SCOPE_WORDS = new Set([
  'js', 'ts', 'node', 'nodejs', 'npm', 'dev', 'devs', 'io', 'hq', 'ai', 'app', 'apps', 'inc', 'co', 'org', 'labs',
  'lab', 'team', 'oss', 'official', 'real', 'the', 'get', 'my', 'server', 'sdk', 'mcp', 'pkg', 'cloud', 'tech',
  'corp', 'hub', 'community', 'tools', 'core', 'api', 'dist',
]);

/** `@playwright-js`, `@node-playwright`, `@playwrighthq` for `@playwright`. */
function addedScopeAffix(c: string, k: string): string | null {
  if (c.length <= k.length) return null;
  if (c.startsWith(k)) {
    const rest = c.slice(k.length);
    const word = rest.replace(/^[-_.]/, '');
    // A separated word is a word added to the scope, whatever it is; a glued one must be a known one
    // (`@chatmcp` is not `@tmcp` plus anything).
    if (word !== '' && (rest !== word ? /^[a-z0-9]+([-_.][a-z0-9]+)*$/.test(word) : SCOPE_WORDS.has(word))) return `added-scope-suffix(${word})`;
  }
  if (c.endsWith(k)) {
    const rest = c.slice(0, c.length - k.length);
    const word = rest.replace(/[-_.]$/, '');
    if (word !== '' && (rest !== word ? /^[a-z0-9]+([-_.][a-z0-9]+)*$/.test(word) : SCOPE_WORDS.has(word))) return `added-scope-prefix(${word})`;
  }
  return null;
}

export interface Entry<P> {
  text: string;
  payload: P;
  backed: boolean;
}

/** Which key a relation shares: the name itself, without separators, its skeleton, its sorted words, a one-deletion variant (with and without separators). */
const KEY_KINDS = ['exact', 'stripped', 'skeleton', 'words', 'deletion', 'strippedDeletion'] as const;

type KeyKind = (typeof KEY_KINDS)[number];

export class TextIndex<P> {
  private readonly maps = new Map<KeyKind, Map<string, Entry<P>[]>>(KEY_KINDS.map((k) => [k, new Map()]));

  add(text: string, payload: P, backed: boolean): void {
    const entry: Entry<P> = { text, payload, backed };
    forEachKey(text, (kind, key) => push(this.maps.get(kind)!, key, entry));
  }

  /** Known strings `c` equals ('same') or imitates, each with how. */
  match(c: string, kind: 'name' | 'scope'): { payload: P; hit: TextHit }[] {
    const found = new Set<Entry<P>>();
    const collect = (map: Map<string, Entry<P>[]>, key: string) => {
      const list = map.get(key);
      if (list) for (const e of list) found.add(e);
    };
    forEachKey(c, (k, key) => collect(this.maps.get(k)!, key));
    const exact = this.maps.get('exact')!;
    for (const base of affixBases(c, kind)) collect(exact, base);
    if (kind === 'scope') {
      for (const [scope, short] of Object.entries(SCOPE_ABBREVIATIONS)) if (short.includes(c)) collect(exact, scope);
    }
    const out: { payload: P; hit: TextHit }[] = [];
    for (const e of found) {
      const hit = e.text === c ? { technique: 'same', rank: -1 } : compareText(c, e.text, e.backed, kind);
      if (hit) out.push({ payload: e.payload, hit });
    }
    return out;
  }
}

/** The keys two strings share whenever compareText relates them by a look-alike, word order or one edit. */
function forEachKey(s: string, visit: (kind: KeyKind, key: string) => void): void {
  const stripped = stripSeparators(s);
  visit('exact', s);
  visit('stripped', stripped);
  visit('skeleton', skeleton(stripped));
  visit('words', sortedWords(s));
  // One edit (or an adjacent swap) leaves both strings with a common one-deletion variant.
  visit('deletion', s);
  for (let i = 0; i < s.length; i++) visit('deletion', s.slice(0, i) + s.slice(i + 1));
  visit('strippedDeletion', stripped);
  for (let i = 0; i < stripped.length; i++) visit('strippedDeletion', stripped.slice(0, i) + stripped.slice(i + 1));
}

const isSeparatorAt = (s: string, i: number) => isSeparator(s[i]);

/** What `c` would be without an added word or version (names), or an added scope word (scopes). */
function affixBases(c: string, kind: 'name' | 'scope'): string[] {
  const out: string[] = [];
  const add = (base: string) => {
    if (base !== '' && base !== c) out.push(base);
  };
  for (const w of kind === 'name' ? ADDED_WORDS : SCOPE_WORDS) {
    if (c.length <= w.length) continue;
    if (c.endsWith(w)) {
      const base = c.slice(0, c.length - w.length);
      add(base);
      if (isSeparatorAt(base, base.length - 1)) add(base.slice(0, -1));
    }
    if (c.startsWith(w)) {
      const base = c.slice(w.length);
      add(base);
      if (isSeparatorAt(base, 0)) add(base.slice(1));
    }
  }
  if (kind === 'name') {
    const version = /^(.*?)[-_.]?v?\d+$/.exec(c);
    if (version) add(version[1]);
  } else {
    // Any separated word added to a scope: the scope without its first or last words.
    for (let i = 1; i < c.length - 1; i++) {
      if (!isSeparatorAt(c, i)) continue;
      add(c.slice(0, i));
      add(c.slice(i + 1));
    }
  }
  return out;
}

/** Describes a technique for a person: what was done to the famous name. */
export function describeTechnique(technique: string): string {
  const inner = /^scope-confusion:look-alike-scope\((.+?)\)(?:\+(.+))?$/.exec(technique);
  if (inner) return `a look-alike of its scope (${describeTechnique(inner[1])})${inner[2] ? `, with ${describeTechnique(inner[2])} in the name` : ''}`;
  const copy = /^scope-confusion:unscoped-copy(?:\+(.+))?$/.exec(technique);
  if (copy) return `its name without the scope${copy[1] ? `, then ${describeTechnique(copy[1])}` : ''}`;
  const sep = /^(.+)\+separator$/.exec(technique);
  if (sep) return `${describeTechnique(sep[1])} and different separators`;
  const word = /^added-(suffix|prefix|scope-suffix|scope-prefix)\((.+)\)$/.exec(technique);
  if (word) return `"${word[2]}" added ${word[1].endsWith('suffix') ? 'after' : 'before'} it`;
  const plain: Record<string, string> = {
    'omitted-character': 'a character left out',
    'repeated-character': 'a character doubled',
    'inserted-character': 'a character added',
    'swapped-characters': 'two characters swapped',
    'keyboard-typo': 'a key next to the right one',
    bitflip: 'a one-bit character change',
    'substituted-character': 'one character changed',
    separator: 'different separators',
    homoglyph: 'look-alike characters',
    'word-order': 'the same words in another order',
    'added-version': 'a version number added',
    abbreviation: 'an abbreviation',
    'scope-confusion:scoped-copy': 'the name put under a scope of its own',
    'scope-confusion:same-name-other-scope': 'the same name under a scope that claims its brand',
  };
  return plain[technique] ?? technique;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const SEPARATORS = /[-_.]/g;

export function stripSeparators(s: string): string {
  return s.replace(SEPARATORS, '');
}

export function tokens(s: string): string[] {
  return s.split(SEPARATORS).filter((t) => t !== '');
}

/** Scopes whose unscoped copies commonly abbreviate them, and that attackers abbreviate as scopes. */
export const SCOPE_ABBREVIATIONS: Record<string, string[]> = { modelcontextprotocol: ['mcp'] };
