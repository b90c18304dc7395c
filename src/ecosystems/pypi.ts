// PyPI's grammar, read once for every place a Python package is named: PEP 508 requirements (as pip
// reads them from requirements files, pyproject and Pipfile), PEP 440 specifiers (one exact pin, a
// range, or invalid), source locations (VCS, a URL, a local archive or folder), PEP 503 names, and the
// forms uvx and pipx take on a command line.
import { valid as pep440Valid, validRange } from '@renovatebot/pep440';

/** PEP 508 project name (the start of a requirement). */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

const VERSION_CLAUSE = /^\s*(===|==|!=|~=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)\s*$/;

const VCS = /^(git|hg|svn|bzr)\+/i;

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;

const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)$/i;

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

/** PEP 503 normalised name, for keys. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `sha256:<hex>` for a hash written as `sha256:<hex>` or `sha256=<hex>`; undefined for anything else. */
export function normalizeHash(hash: string): string | undefined {
  const m = /^([A-Za-z0-9]+)[:=]([0-9A-Fa-f]+)$/.exec(hash.trim());
  return m ? `${m[1].toLowerCase()}:${m[2].toLowerCase()}` : undefined;
}

/**
 * A Poetry constraint as PEP 440 clause sets (any of them): `^1.2` -> `>=1.2,<2.0`, `~1.2` ->
 * `>=1.2,<1.3`, a bare `1.2.3` -> `==1.2.3`, `||` between alternatives.
 */
export function poetryToPep440(constraint: string): string[] | undefined {
  const alternatives: string[] = [];
  for (const alt of constraint.split('||')) {
    const clauses = alt
      .replace(/(\^|~=|~|===|==|!=|>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s*,\s*|\s+/)
      .filter((c) => c !== '');
    const out: string[] = [];
    for (const clause of clauses) {
      const m = /^(\^|~=|~|===|==|!=|>=|<=|>|<|=)?(.*)$/.exec(clause)!;
      const [op, v] = [m[1] ?? '', m[2]];
      if (v === '*') continue;
      const nums = v.split('.');
      if (op === '^' || (op === '~' && nums.length === 1)) {
        // Caret: the left-most non-zero part may not change (^0.2.3 < 0.3.0, ^0.0.3 < 0.0.4, ^1 < 2).
        const first = nums.findIndex((n) => Number(n) !== 0);
        const at = op === '~' ? 0 : first === -1 ? nums.length - 1 : first;
        out.push(`>=${v}`, `<${bump(nums, at)}`);
      } else if (op === '~') {
        out.push(`>=${v}`, `<${bump(nums, 1)}`);
      } else if (op === '' || op === '=') {
        out.push(`==${v}`);
      } else out.push(`${op}${v}`);
    }
    alternatives.push(out.join(','));
  }
  return alternatives.every((a) => a === '' || pep440Valid(a.split(',')[0].replace(/^[<>=!~]+/, '').replace(/\.\*$/, '')) !== null) ? alternatives : undefined;
}

function bump(parts: string[], at: number): string {
  const nums = parts.map((p) => Number.parseInt(p, 10) || 0);
  return [...nums.slice(0, at), nums[at] + 1].join('.');
}

/** Whether `text` is one PEP 440 version (`1.2.3`, `2025.4.7`, `1.0rc1`). */
export function isPep440Version(text: string): boolean {
  return /^[A-Za-z0-9_.+!-]+$/.test(text) && pep440Valid(text) !== null;
}

/** What a requirement names and asks for, as uvx and pipx take one on a command line. */
export interface PypiSpec {
  name: string;
  version?: string;
  spec: string;
  specType: 'version' | 'range' | 'tag' | 'git' | 'remote' | 'file' | 'directory' | 'invalid';
}

/** A location, not a name, as uvx and pipx see it: a URL, a VCS URL, `file:`, or an explicit path (`./x`, `/x`, `C:\x`). */
function isCommandLineLocation(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s) || VCS.test(s) || /^file:/i.test(s) || /^[.~/\\]/.test(s) || /^[A-Za-z]:[\\/]/.test(s);
}

/**
 * A requirement as uvx / pipx take it: a PEP 508 requirement (`pkg`, `pkg==1.2.3`, `pkg>=1`,
 * `pkg[extra]`, `pkg @ git+https://...`), uvx's `pkg@1.2.3` and `pkg@latest`, or a bare URL or
 * explicit path. Unlike a requirements file, a relative path must start with `./`: `dist/x.whl` is
 * no requirement. Never throws; what is none comes back 'invalid'.
 */
export function commandLineRequirement(raw: string): PypiSpec {
  const s = raw.trim();
  if (isCommandLineLocation(s)) return { name: s, spec: s, specType: classifyLocation(s) };
  const m = NAME.exec(s);
  if (!m) return { name: s, spec: s, specType: 'invalid' };
  const name = m[0];
  // uvx's `name@version` and `name@latest`, and `name @ location` (a URL, or a path as uv takes one).
  const at = /^\s*(?:\[[^\]]*\]\s*)?@(.*)$/s.exec(s.slice(name.length));
  if (at !== null) {
    const target = at[1].split(';')[0].trim();
    if (isCommandLineLocation(target)) return { name, spec: target, specType: classifyLocation(target) };
    if (target === 'latest') return { name, spec: 'latest', specType: 'tag' };
    if (isPep440Version(target)) return { name, version: target, spec: `==${target}`, specType: 'version' };
    return { name, spec: `@${target}`, specType: 'invalid' };
  }
  let req: Requirement;
  try {
    req = parsePep508(s);
  } catch {
    return { name, spec: s.slice(name.length).trim() || s, specType: 'invalid' };
  }
  const info = classifyPep440(req.spec);
  if (info.specType === 'invalid') return { name, spec: req.spec, specType: 'invalid' };
  if (info.specType === 'version') return { name, version: info.version, spec: req.spec, specType: 'version' };
  return { name, spec: req.spec === '' ? '*' : req.spec, specType: 'range' };
}
