// Shared by the Python formats: PEP 508 requirement strings, PEP 440 specifier classification, source
// URL classification, index URLs kept without their credentials (redact/urls.ts), and keys that stay unique within a file.
import { validRange } from '@renovatebot/pep440';
import type { Dependency, FileIssue, RegistrySetting } from '../../types.js';
import { secretIssue } from '../../redact/secrets.js';
import { redactUrl } from '../../redact/urls.js';

/** PEP 508 project name (the start of a requirement). */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const VERSION_CLAUSE = /^\s*(===|==|!=|~=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)\s*$/;
const VCS = /^(git|hg|svn|bzr)\+/i;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;

/** Whether a repository path lies inside an installed Python environment or node_modules. */
export function underInstalledTree(path: string): boolean {
  return path
    .split('/')
    .slice(0, -1)
    .some((part) => part === 'node_modules' || part === '.venv' || part === 'venv' || part === 'site-packages');
}

/** What a requirement asks for, as the fields of a Dependency. */
export interface SpecInfo {
  spec: string;
  specType: string;
  version?: string;
  resolved?: string;
}

/**
 * A PEP 440 specifier set: one exact pin (`==1.2.3` without a wildcard, or `===x`) is 'version',
 * anything else the library accepts (including none) is 'range', the rest 'invalid'.
 */
export function classifyPep440(spec: string): SpecInfo {
  // The PEP 440 library costs ~50 µs a call; lockfiles and requirements repeat the same specifiers.
  let info = pep440Seen.get(spec);
  if (info === undefined) {
    if (pep440Seen.size >= 10_000) pep440Seen.clear();
    pep440Seen.set(spec, (info = classifyUncached(spec)));
  }
  return { ...info };
}
const pep440Seen = new Map<string, SpecInfo>();

function classifyUncached(spec: string): SpecInfo {
  const s = spec.trim();
  if (s === '' || s === '*') return { spec: s, specType: 'range' };
  if (!validRange(s)) return { spec: s, specType: 'invalid' };
  const clauses = s.split(',').map((c) => c.trim());
  const m = clauses.length === 1 ? VERSION_CLAUSE.exec(clauses[0]) : null;
  if (m && (m[1] === '===' || (m[1] === '==' && !m[2].includes('*')))) return { spec: s, specType: 'version', version: m[2] };
  return { spec: s, specType: 'range' };
}

/** Whether `spec` has PEP 508's version-specifier grammar (whatever PEP 440 then says of the versions). */
function isSpecifierGrammar(spec: string): boolean {
  return spec.split(',').every((clause) => VERSION_CLAUSE.test(clause));
}

/** 'git' (any VCS), 'file' (a local archive), 'directory' (a local folder) or 'remote' (any other URL). */
export function classifyLocation(location: string): 'git' | 'remote' | 'file' | 'directory' {
  if (VCS.test(location)) return 'git';
  const bare = location.replace(/[?#].*$/, '');
  if (/^file:/i.test(location) || !SCHEME.test(location) || /^[A-Za-z]:[\\/]/.test(location)) {
    return ARCHIVE.test(bare) ? 'file' : 'directory';
  }
  return 'remote';
}

/** Whether a requirement that is not `name @ url` is a URL or a local path rather than a name. */
function isLocation(s: string): boolean {
  return (SCHEME.test(s) && !/^[A-Za-z]:[\\/]/.test(s)) || /^[.~/\\]/.test(s) || /[/\\]/.test(s) || ARCHIVE.test(s.replace(/[?#].*$/, '')) || /^[A-Za-z]:[\\/]/.test(s);
}

/** A parsed requirement line: a PEP 508 string, or one of pip's URL / path forms. */
export interface Requirement {
  /** The project name; for an unnamed URL/path requirement, the `#egg=` name or one read from an archive's filename. */
  name?: string;
  extras: string[];
  /** The specifier as written ('' when none); for URL and path requirements, the location. */
  spec: string;
  /** For `name @ url`, URL and path requirements: where it comes from. */
  url?: string;
  markers?: string;
}

/** Parses a PEP 508 requirement (`name[extras] specifier ; markers`, `name @ url ; markers`); throws Error with a message when it is none. */
export function parsePep508(input: string): Requirement {
  const s = input.trim();
  const m = NAME.exec(s);
  if (!m) throw new Error(`${JSON.stringify(s)} is not a requirement: it does not start with a project name`);
  const name = m[0];
  let rest = s.slice(name.length).trimStart();
  const extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) throw new Error(`unclosed extras in ${JSON.stringify(s)}`);
    for (const e of rest.slice(1, close).split(',').map((x) => x.trim())) {
      if (e === '') continue;
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(e)) throw new Error(`invalid extra ${JSON.stringify(e)} in ${JSON.stringify(s)}`);
      extras.push(e);
    }
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith('@')) {
    const body = rest.slice(1).trim();
    // The URL ends at whitespace; a marker after it must be separated by whitespace (PEP 508).
    const um = /^(\S+)(?:\s+;\s*(.*))?$/s.exec(body);
    if (!um || um[1] === '' || !SCHEME.test(um[1])) throw new Error(`invalid URL in ${JSON.stringify(s)}`);
    const req: Requirement = { name, extras, spec: um[1], url: um[1] };
    if (um[2] !== undefined) req.markers = markers(um[2], s);
    return req;
  }
  const semi = rest.indexOf(';');
  let spec = (semi === -1 ? rest : rest.slice(0, semi)).trim();
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
  if (spec !== '' && !isSpecifierGrammar(spec)) {
    throw new Error(`invalid version specifier ${JSON.stringify(spec)} in ${JSON.stringify(s)}`);
  }
  const req: Requirement = { name, extras, spec };
  if (semi !== -1) req.markers = markers(rest.slice(semi + 1), s);
  return req;
}

function markers(text: string, whole: string): string {
  const t = text.trim();
  if (t === '') throw new Error(`empty environment marker in ${JSON.stringify(whole)}`);
  return t;
}

/**
 * A requirement as pip reads it from a requirements file: a PEP 508 string, or a URL / local path
 * (optionally with `#egg=name`, extras and `; markers`).
 */
export function parsePipRequirement(input: string): Requirement {
  const s = input.trim();
  // (One `\s*` before the optional extras and one inside it: two in a row backtrack quadratically.)
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?@/.test(s) || !isLocation(s)) return parsePep508(s);
  // pip: a marker after a URL or path needs whitespace before the `;`.
  const mm = markerSplit(s);
  let location = mm ? mm[0] : s;
  const req: Requirement = { extras: [], spec: '' };
  if (mm) req.markers = markers(mm[1], s);
  // A path may carry extras: `./pkg[cli]`.
  const ex = trailingExtras(location);
  if (ex && !SCHEME.test(location)) {
    location = ex[0];
    req.extras = ex[1].split(',').map((x) => x.trim()).filter(Boolean);
  }
  req.url = location;
  req.spec = location;
  const name = eggName(location) ?? archiveName(location);
  if (name !== undefined) req.name = name;
  return req;
}

/**
 * `/^(.*?)\s+;\s*(.*)$/s` as a scan (the regex is quadratic on a long run of spaces): the text before
 * the whitespace that precedes the first `;` with whitespace before it, and what follows the `;`.
 */
function markerSplit(s: string): [string, string] | undefined {
  for (let k = s.indexOf(';'); k !== -1; k = s.indexOf(';', k + 1)) {
    if (k === 0 || !/\s/.test(s[k - 1])) continue;
    let p = k - 1;
    while (p > 0 && /\s/.test(s[p - 1])) p--;
    return [s.slice(0, p), s.slice(k + 1).trimStart()];
  }
  return undefined;
}

/**
 * `/^(.*[^[\]])\[([^\]]*)\]$/` as a scan (the regex rescans from every `[`): the location and the
 * extras of `./pkg[cli]`, taking the last `[` that can open them, as the greedy regex does.
 */
function trailingExtras(s: string): [string, string] | undefined {
  const close = s.length - 1;
  if (close < 0 || s[close] !== ']') return undefined;
  const floor = s.lastIndexOf(']', close - 1) + 1;
  for (let j = close - 1; j >= floor; j--) {
    if (s[j] === '[' && j >= 1 && s[j - 1] !== '[' && s[j - 1] !== ']') return [s.slice(0, j), s.slice(j + 1, close)];
  }
  return undefined;
}

function eggName(location: string): string | undefined {
  const hash = location.indexOf('#');
  if (hash === -1) return undefined;
  for (const part of location.slice(hash + 1).split('&')) {
    const m = /^egg=([^[\]]+)/.exec(part);
    if (m && NAME.test(m[1])) return m[1];
  }
  return undefined;
}

/** The project name in a wheel (`mcp-1.9.4-py3-none-any.whl`) or sdist (`mcp-1.9.4.tar.gz`) filename. */
function archiveName(location: string): string | undefined {
  const file = location.replace(/[?#].*$/, '').split(/[/\\]/).pop() ?? '';
  if (/\.whl$/i.test(file)) return file.split('-')[0] || undefined;
  const m = /^(.+)-[^-]+\.(tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip)$/i.exec(file);
  return m ? m[1] : undefined;
}

/** What a URL or path requirement is. */
export function locationInfo(location: string): SpecInfo {
  return { spec: location, specType: classifyLocation(location), resolved: location };
}

/** Collects settings and issues for one file, redacting URLs as they come in. */
export class PythonFileSink {
  readonly settings: RegistrySetting[] = [];
  readonly issues: FileIssue[] = [];
  private readonly settingKeys = new Set<string>();
  private readonly issueKeys = new Set<string>();

  constructor(readonly file: string) {}

  /** The URL without credentials; a literal credential in it becomes a `secret` issue at `line`. */
  url(raw: string, line: number, key: (redacted: string) => string, where: string): string {
    const { url, hits } = redactUrl(raw);
    for (const hit of hits) {
      const issue = secretIssue(line, key(url), where, hit, 'Put the credential in an environment variable (`${PIP_INDEX_TOKEN}`) or a keyring instead, and revoke this one.');
      if (!this.issueKeys.has(issue.key)) {
        this.issueKeys.add(issue.key);
        this.issues.push(issue);
      }
    }
    return url;
  }

  setting(s: Omit<RegistrySetting, 'file' | 'ecosystem'>): void {
    const key = uniqueKey(this.settingKeys, s.key);
    this.settings.push({ file: this.file, ecosystem: 'pypi', ...s, key });
  }
}

/** Per set of taken keys: the suffix to try next for each base key, so a run of one name is not rescanned. */
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

/**
 * `key`, or `key#2`, `key#3`... when it was already taken; records the result. Linear over a file:
 * the next suffix for each key is remembered, so 10,000 repeats of one name cost 10,000 steps, not
 * 50 million (a literal `name#2` taken earlier is still skipped).
 */
export function uniqueKey(taken: Set<string>, key: string): string {
  let counters = nextSuffix.get(taken);
  if (counters === undefined) nextSuffix.set(taken, (counters = new Map()));
  let k = key;
  let n = counters.get(key) ?? 2;
  if (taken.has(k)) {
    for (k = `${key}#${n}`; taken.has(k); k = `${key}#${n}`) n++;
    counters.set(key, n + 1);
  }
  taken.add(k);
  return k;
}

/** PEP 503 normalised name, for keys. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Copies the optional fields that are set, so absent fields stay absent (base/head diffs compare them). */
export function withOptional(dep: Dependency, extra: Partial<Dependency>): Dependency {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (dep as unknown as Record<string, unknown>)[k] = v;
  }
  return dep;
}

/** `sha256:<hex>` for a hash written as `sha256:<hex>` or `sha256=<hex>`; undefined for anything else. */
export function normalizeHash(hash: string): string | undefined {
  const m = /^([A-Za-z0-9]+)[:=]([0-9A-Fa-f]+)$/.exec(hash.trim());
  return m ? `${m[1].toLowerCase()}:${m[2].toLowerCase()}` : undefined;
}
