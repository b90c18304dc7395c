// Typosquat detection: does a package name imitate a known, legitimate one, and is it small enough
// next to it to be an imitation rather than an established package in its own right?
//
// Pure: names and a popularity snapshot in, an answer out. Two halves:
//  1. Look-alike names, the transformations of the published detectors: typomania and TypoGard
//     (omitted, repeated, swapped characters, keyboard typos, bitflips, swapped words, version
//     suffixes, delimiters), dnstwist (homoglyphs), guarddog (one Levenshtein edit, hyphen
//     permutations), the combosquatting and scope-confusion categories of Neupane et al. ("Beyond
//     Typosquatting", USENIX Security 2023), and the npm scope tricks seen on MCP packages: a scope
//     flattened away (`playwright-mcp` for `@playwright/mcp`), a look-alike scope (`@modelcontextprotoco1`,
//     `@playwright-js`, `@node-playwright`), the same name under a scope that carries the brand.
//  2. Popularity as evidence (SpellBound's insight, Taylor et al. 2020): a name with at least
//     ESTABLISHED_SHARE of its look-alike's downloads is established, not a squat; a name that is tiny
//     next to a famous one is suspicious, however many downloads it has (`playwright-mcp` had ~20,000 a
//     month against 6 million). For a scoped name the scope's own downloads count: an established
//     scope that carries a vendor's brand is the vendor.
// False-positive guards kept from the published detectors: names the policy or the curated corpus
// trusts are never flagged, a scope owner's own packages are not squats, short names need closer
// matches, ecosystems only compare with themselves.
//
// Cost: everything about the known names is indexed once (typosquatIndex); judging a name looks up a
// few dozen keys derived from it, so a run grows with the names judged, not with the corpus.
import { own } from '../../common/own.js';
import { distance as levenshtein } from 'fastest-levenshtein';
import type { Popularity } from '../../policy/popularity.js';
import type { Ecosystem } from '../../types.js';
import { TextIndex, SCOPE_WORDS, compareText, isEdit, isScopeAffix, MIN_LENGTH_ONE_EDIT, singleEdit, push, stripSeparators, tokens, SCOPE_ABBREVIATIONS } from './techniques.js';

export interface KnownName {
  name: string;
  ecosystem: Ecosystem;
  /**
   * 'allow': an exact allow entry of the policy; 'corpus': the curated well-known list; both are
   * trusted and never flagged. 'popular': famous by the popularity snapshot; imitated, but judged
   * like any other name when it is the one being checked. 'deny': denied in every version (known
   * malicious): a look-alike is the same attacker coming back under a new name.
   */
  source: 'allow' | 'corpus' | 'popular' | 'deny';
}

/** The popularity evidence behind a finding (npm, from the shipped snapshot). */
interface PopularityEvidence {
  /** Monthly downloads of the imitated package; undefined when the snapshot does not list it. */
  target?: number;
  /** Monthly downloads of the judged name; undefined when not listed. */
  candidate?: number;
  /** Monthly downloads of every listed package in the judged name's scope. */
  candidateScope?: number;
  /** Whether the snapshot would list the judged name if it had `floor` downloads or more. */
  covered: boolean;
  floor: number;
  /** When the snapshot was taken. */
  taken: string;
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
   * 'scope-confusion:look-alike-scope(<technique>)' (optionally '+<technique>' for the name in it),
   * 'scope-confusion:same-name-other-scope'. Scope techniques add 'added-scope-suffix(<word>)',
   * 'added-scope-prefix(<word>)' and 'abbreviation'.
   */
  technique: string;
  source: KnownName['source'];
  /** Set when the judged name's scope imitates a whole scope (every package in it is a target). */
  imitatesScope?: string;
  popularity?: PopularityEvidence;
}

/** A name with at least this share of its look-alike's downloads is established in its own right. */
export const ESTABLISHED_SHARE = 0.01;

/** PEP 503 for PyPI (runs of `-`, `_`, `.` become one `-`); lowercase elsewhere. */
export function normalizeName(name: string, ecosystem: Ecosystem): string {
  const lower = name.trim().toLowerCase();
  return ecosystem === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
}

// ---------------------------------------------------------------------------------------------
// The index: built once per run from the known names

interface Target {
  known: KnownName;
  name: ParsedName;
  /** Monthly downloads from the snapshot, when it lists the name. */
  downloads?: number;
}

interface EcosystemIndex {
  /** Names the policy or the curated corpus trusts: never flagged. */
  trusted: Set<string>;
  /** Unscoped targets by their full name, and scoped ones by the forms they take without a scope. */
  names: TextIndex<NameEntry>;
  /** npm: target scopes. */
  scopes: TextIndex<string>;
  /** npm: scoped targets per scope, most downloaded first. */
  byScope: Map<string, Target[]>;
  /** npm: scoped targets by their name inside the scope. */
  byBare: Map<string, Target[]>;
  /** npm: unscoped targets by their name without separators (`@firecrawl/mcp` flattens to one). */
  unscopedByStripped: Map<string, Target[]>;
  unscopedByName: Map<string, Target[]>;
}

interface NameEntry {
  target: Target;
  /** True when the text is a scoped target written without its scope. */
  unscopedForm: boolean;
}

export interface TyposquatIndex {
  readonly ecosystems: ReadonlyMap<Ecosystem, EcosystemIndex>;
  readonly popularity?: Popularity;
}

/** Indexes the known names once; `popularity` (npm) lets short names and popular look-alikes be judged. */
export function typosquatIndex(known: readonly KnownName[], popularity?: Popularity): TyposquatIndex {
  const ecosystems = new Map<Ecosystem, EcosystemIndex>();
  const covers = (name: string) => popularity?.covers(name) ?? true;
  const seen = new Set<string>();
  for (const k of known) {
    const full = normalizeName(k.name, k.ecosystem);
    if (full === '') continue;
    let eco = ecosystems.get(k.ecosystem);
    if (!eco) {
      eco = { trusted: new Set(), names: new TextIndex(), scopes: new TextIndex(), byScope: new Map(), byBare: new Map(), unscopedByStripped: new Map(), unscopedByName: new Map() };
      ecosystems.set(k.ecosystem, eco);
    }
    if (k.source === 'allow' || k.source === 'corpus') eco.trusted.add(full);
    // The first entry for a name wins: the allow list comes first, so it is the one a finding names.
    const key = `${k.ecosystem}\0${full}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = parseName(full, k.ecosystem);
    const downloads = k.ecosystem === 'npm' ? popularity?.downloads(full) : undefined;
    const target: Target = { known: k, name, downloads };
    // Popularity backs a short name: with the target's downloads known, a one-letter change of a
    // four-letter famous name is judged (and spared when the look-alike is established).
    const backed = downloads !== undefined;
    if (name.scope === undefined) {
      eco.names.add(full, { target, unscopedForm: false }, backed);
      push(eco.unscopedByStripped, stripSeparators(full), target);
      push(eco.unscopedByName, full, target);
    } else {
      for (const form of unscopedForms(name as Scoped, k.source === 'popular' ? covers : () => true)) eco.names.add(form, { target, unscopedForm: true }, backed);
      if (!eco.byScope.has(name.scope)) eco.scopes.add(name.scope, name.scope, popularity?.scopeDownloads(name.scope) !== undefined);
      push(eco.byScope, name.scope, target);
      push(eco.byBare, name.bare, target);
    }
  }
  for (const eco of ecosystems.values()) for (const list of eco.byScope.values()) list.sort(byPopularity);
  return { ecosystems, popularity };
}

function byPopularity(a: Target, b: Target): number {
  return (b.downloads ?? -1) - (a.downloads ?? -1) || (a.name.full < b.name.full ? -1 : 1);
}

// ---------------------------------------------------------------------------------------------
// Judging one name

export function detectTyposquat(name: string, ecosystem: Ecosystem, index: TyposquatIndex): SquatMatch | null {
  const eco = index.ecosystems.get(ecosystem);
  const full = normalizeName(name, ecosystem);
  if (!eco || full === '' || eco.trusted.has(full)) return null;
  const candidate = parseName(full, ecosystem);
  const covered = index.popularity?.covers(full) ?? true;
  const hits = candidate.scope === undefined ? unscopedHits(candidate.full, eco) : scopedHits(candidate as Scoped, eco, covered);
  const popularity = ecosystem === 'npm' ? index.popularity : undefined;
  let best: Ranked | null = null;
  for (const hit of hits) {
    if (hit.target.name.full === full) continue;
    const evidence = popularity ? evidenceFor(candidate, hit.target, popularity) : undefined;
    if (evidence && isEstablished(evidence)) continue;
    const ranked: Ranked = { ...hit, evidence, closeness: levenshtein(full, hit.target.name.full) };
    if (!best || better(ranked, best)) best = ranked;
  }
  if (!best) return null;
  const match: SquatMatch = { imitates: best.target.known.name, ecosystem, technique: best.technique, source: best.target.known.source };
  if (best.imitatesScope !== undefined) match.imitatesScope = best.imitatesScope;
  if (best.evidence) match.popularity = best.evidence;
  return match;
}

interface Hit {
  target: Target;
  technique: string;
  /** Lower is more specific: 0 look-alike, 1 structural, 2 one edit, 3 affix, 4 scope only. */
  rank: number;
  imitatesScope?: string;
}

interface Ranked extends Hit {
  evidence?: PopularityEvidence;
  closeness: number;
}

/**
 * Most specific technique first, then the closest name, then the allow list over the corpus, then the
 * more popular target, then alphabetical: the answer never depends on the order of the known names.
 */
function better(a: Ranked, b: Ranked): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.closeness !== b.closeness) return a.closeness < b.closeness;
  const src = (s: KnownName['source']) => ['allow', 'deny', 'corpus', 'popular'].indexOf(s);
  if (a.target.known.source !== b.target.known.source) return src(a.target.known.source) < src(b.target.known.source);
  if ((a.target.downloads ?? -1) !== (b.target.downloads ?? -1)) return (a.target.downloads ?? -1) > (b.target.downloads ?? -1);
  return a.target.known.name < b.target.known.name;
}

function evidenceFor(candidate: ParsedName, target: Target, popularity: Popularity): PopularityEvidence {
  const evidence: PopularityEvidence = {
    target: target.downloads,
    candidate: popularity.downloads(candidate.full),
    covered: popularity.covers(candidate.full),
    floor: popularity.snapshot.floor,
    taken: popularity.snapshot.taken,
  };
  if (candidate.scope !== undefined) {
    const scope = popularity.scopeDownloads(candidate.scope);
    if (scope !== undefined) evidence.candidateScope = scope;
  }
  return evidence;
}

/**
 * Established: the name, or for a scoped name its scope, has a real share of the target's downloads.
 * Unknown on either side is not established: a name the snapshot does not list is below its floor,
 * and a target it does not list (a private allow entry) is trusted without numbers.
 */
function isEstablished(e: PopularityEvidence): boolean {
  if (e.target === undefined) return false;
  const own = Math.max(e.candidate ?? 0, e.candidateScope ?? 0);
  return own > 0 && own >= ESTABLISHED_SHARE * e.target;
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

type Scoped = ParsedName & { scope: string };

function parseName(full: string, ecosystem: Ecosystem): ParsedName {
  const scoped = ecosystem === 'npm' ? /^@([^/]+)\/(.+)$/.exec(full) : null;
  return scoped ? { full, scope: scoped[1], bare: scoped[2] } : { full, bare: full };
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

/** What carries a target's brand: its scope's words and the distinctive words of its name. */
function brandWords(t: ParsedName): Set<string> {
  const words = [...(t.scope ? tokens(t.scope) : []), ...tokens(t.bare)].filter((w) => !GENERIC_WORDS.has(w) && !SCOPE_WORDS.has(w));
  return new Set(words);
}

/** A scope that claims the target's brand (`@context7`, `@mongodb-js`) rather than someone's own name. */
function carriesBrand(scope: string, t: ParsedName): boolean {
  const brand = brandWords(t);
  return tokens(scope).some((w) => brand.has(w)) || [...brand].some((b) => b.length >= 4 && stripSeparators(scope).includes(b));
}

/** A scope made only of words that sound official (`@mcp`, `@official`, `@mcp-tools`): it claims to be the real thing. */
function soundsOfficial(scope: string): boolean {
  const words = tokens(scope);
  return words.length > 0 && words.every((w) => GENERIC_WORDS.has(w) || SCOPE_WORDS.has(w));
}

/** Scopes that republish other packages' names by design (DefinitelyTyped). */
const REPUBLISHING_SCOPES = new Set(['types']);

/**
 * How someone would write a scoped name without its scope: `@playwright/mcp` -> `playwright-mcp`, and
 * the bare name alone when it says more than what kind of package it is. For a target known only by
 * its popularity, the bare name alone counts only where the snapshot can see it: `session-manager`
 * (from `@tmcp/session-manager`) is as likely an unrelated package the snapshot never lists.
 */
function unscopedForms(k: Scoped, bareVisible: (bare: string) => boolean): string[] {
  const scopes = [k.scope, ...(own(SCOPE_ABBREVIATIONS, k.scope) ?? [])];
  const forms = scopes.map((s) => `${s}-${k.bare}`);
  if (isDistinctive(k.bare) && bareVisible(k.bare)) forms.push(k.bare);
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Unscoped names: compared with unscoped targets and with scoped ones written without their scope

function unscopedHits(c: string, eco: EcosystemIndex): Hit[] {
  const hits: Hit[] = [];
  for (const { payload, hit } of eco.names.match(c, 'name')) {
    if (!payload.unscopedForm) {
      if (hit.technique !== 'same') hits.push({ target: payload.target, technique: hit.technique, rank: hit.rank });
    } else if (hit.technique === 'same') {
      hits.push({ target: payload.target, technique: 'scope-confusion:unscoped-copy', rank: 1 });
    } else {
      hits.push({ target: payload.target, technique: `scope-confusion:unscoped-copy+${hit.technique}`, rank: hit.rank + 1 });
    }
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Scoped names (npm)

/** One edit on a scope this short only counts with the name inside it: `@expi/mcp-tunnel`, not `@expi/anything`. */
const MIN_SCOPE_FOR_ANY_NAME = 5;
/** The shortest look-alike scope judged at all (npm scopes of one or two letters are all someone's). */
const MIN_SHORT_SCOPE = 3;

/**
 * `covered`: the popularity snapshot would list the name if it were popular (it looks MCP-related).
 * A scope with a word added and an unrelated name inside (`@azure-rest/core-client` next to
 * `@azure/mcp`) is judged only then: vendors keep such scopes for their other packages, which the
 * snapshot of MCP names cannot vouch for.
 */
function scopedHits(c: Scoped, eco: EcosystemIndex, covered: boolean): Hit[] {
  // Only a scope's owner publishes in it: a known vendor's scope holds the vendor's own packages.
  if (REPUBLISHING_SCOPES.has(c.scope) || eco.byScope.has(c.scope)) return [];
  const hits: Hit[] = [];
  // A look-alike of a known scope impersonates its owner, whatever the package in it is called.
  for (const { payload: scope, hit } of eco.scopes.match(c.scope, 'scope')) {
    const technique = `scope-confusion:look-alike-scope(${hit.technique})`;
    const inScope = eco.byScope.get(scope) ?? [];
    const same = inScope.find((t) => t.name.bare === c.bare);
    if (same) {
      hits.push({ target: same, technique, rank: 1 });
      continue;
    }
    let named: Hit | null = null;
    for (const t of inScope) {
      const bareHit = compareText(c.bare, t.name.bare, t.downloads !== undefined);
      if (bareHit && (!named || bareHit.rank + 2 < named.rank)) named = { target: t, technique: `${technique}+${bareHit.technique}`, rank: bareHit.rank + 2 };
    }
    if (named) hits.push(named);
    else if (isEdit(hit.technique) ? scope.length >= MIN_SCOPE_FOR_ANY_NAME : !isScopeAffix(hit.technique) || covered) {
      hits.push({ target: inScope[0], technique, rank: 4, imitatesScope: scope });
    }
  }
  // The same distinctive name under a scope one slip away from a short one (`@exo/mcp-tunnel` for
  // `@expo/mcp-tunnel`): too short for the scope alone to count, but the name inside settles it.
  if (isDistinctive(c.bare) && c.scope.length >= MIN_SHORT_SCOPE) {
    for (const t of eco.byBare.get(c.bare) ?? []) {
      const edit = t.name.scope !== undefined && t.name.scope.length < MIN_LENGTH_ONE_EDIT ? singleEdit(c.scope, t.name.scope) : null;
      if (edit) hits.push({ target: t, technique: `scope-confusion:look-alike-scope(${edit})`, rank: 1 });
    }
  }
  // The same name under a scope that claims the brand or sounds official: `@context7/context7-mcp`.
  // Under someone's own scope it is visibly their copy (a fork), not an imitation.
  if (isDistinctive(c.bare)) {
    for (const t of eco.byBare.get(c.bare) ?? []) {
      if (t.name.scope !== c.scope && (carriesBrand(c.scope, t.name) || soundsOfficial(c.scope))) {
        hits.push({ target: t, technique: 'scope-confusion:same-name-other-scope', rank: 2 });
      }
    }
  }
  // An unscoped name put under a scope of its own: `@firecrawl/mcp`, `@firecrawl/firecrawl-mcp`.
  for (const t of eco.unscopedByStripped.get(stripSeparators(`${c.scope}${c.bare}`)) ?? []) {
    hits.push({ target: t, technique: 'scope-confusion:scoped-copy', rank: 1 });
  }
  if (isDistinctive(c.bare)) {
    for (const t of eco.unscopedByName.get(c.bare) ?? []) {
      if (carriesBrand(c.scope, t.name) || soundsOfficial(c.scope)) hits.push({ target: t, technique: 'scope-confusion:scoped-copy', rank: 2 });
    }
  }
  return hits;
}
