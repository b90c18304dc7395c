// yarn.lock: Yarn 1 ("classic", its own syntax under a `# yarn lockfile v1` header) and Yarn 2+ ("Berry",
// YAML with a `__metadata` entry). @yarnpkg/parsers' parseSyml reads both exactly as Yarn does; it keeps
// no positions, so each entry's line is the line of its header, found by scanning the unindented
// `descriptors:` lines, and every entry parseSyml returns must have been found that way.
import type { Dependency } from '../../types.js';
import { type DependencyReader, ParseError, withOptional } from '../format.js';
import { lineCount, lineIndex, splitLines, trimEndIndex } from '../readers/lines.js';
import { namesOf } from './lockfile-refs.js';
import { referenceType, sha1FragmentIntegrity, splitAtName } from '../../ecosystems/npm.js';
import { fileNamed } from '../paths.js';

/** parseSyml's test for a v1 file (read by its grammar; anything else goes to js-yaml). */
const V1_HEADER = /^(#.*(\r?\n))*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
/** The same header with any line end: a v1 file, whatever parseSyml would make of it. */
const V1_CONTENT = /^(#[^\r\n]*(\r\n|\r|\n))*?#\s+yarn\s+lockfile\s+v1(\r\n|\r|\n)/i;

/** Offset of the first CR not followed by LF, or -1. */
function loneCr(text: string): number {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text[i + 1] !== '\n') return i;
  return -1;
}

/** One top-level header line: `"a@^1", a@^2:` (v1) or `"a@npm:^1, a@npm:^2":` (Berry). */
interface Header {
  line: number;
  /** The keys as parseSyml returns them: each quoted or bare item of the header, unquoted. */
  items: string[];
  /** Index of the header's line and of the line after its block (0-based), for field lines in errors. */
  start: number;
  end: number;
}

type Fields = Record<string, unknown>;

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function parseHeaderItems(text: string, file: string, line: number): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    let item: string;
    if (text[i] === '"' || text[i] === "'") {
      const quote = text[i];
      let j = i + 1;
      while (j < text.length && text[j] !== quote) j += text[j] === '\\' && quote === '"' ? 2 : 1;
      if (j >= text.length) throw new ParseError(`unterminated quoted key ${text.slice(i, i + 40)}`, file, line);
      const raw = text.slice(i, j + 1);
      if (quote === '"') {
        try {
          item = JSON.parse(raw) as string;
        } catch {
          throw new ParseError(`invalid quoted key ${raw.slice(0, 60)}`, file, line);
        }
      } else {
        item = raw.slice(1, -1).replace(/''/g, "'");
      }
      i = j + 1;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      item = text.slice(i, end).trim();
      i = end;
    }
    items.push(item);
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i < text.length && text[i] !== ',') throw new ParseError(`unexpected ${JSON.stringify(text[i])} in the entry key`, file, line);
    i++;
  }
  return items;
}

/**
 * `"key":`, `'key':` or `key:` followed by whitespace at the start of `l`: the key as written, or
 * undefined. A scan: the regex it replaces overflowed the stack on a long quoted key.
 */
function inlineKey(l: string): string | undefined {
  let end: number;
  if (l.startsWith('"')) {
    end = 1;
    while (end < l.length && l[end] !== '"') end += l[end] === '\\' ? 2 : 1;
    if (end >= l.length) return undefined;
    end++;
  } else if (l.startsWith("'")) {
    end = l.indexOf("'", 1) + 1;
    if (end === 0) return undefined;
  } else {
    if (l === '' || /\s/.test(l[0])) return undefined;
    end = l.indexOf(':');
    if (end <= 0) return undefined;
  }
  return l[end] === ':' && /\s/.test(l[end + 1] ?? '') ? l.slice(0, end) : undefined;
}

function scanHeaders(lines: string[], file: string): Header[] {
  const headers: Header[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].slice(0, trimEndIndex(lines[i]));
    if (l === '' || l.startsWith('#') || /^\s/.test(l)) continue;
    let keyText: string | undefined;
    if (l.endsWith(':')) keyText = l.slice(0, -1);
    else if (l.startsWith('? ')) keyText = l.slice(2); // YAML's long-key form: `? "key"` then `:`
    // `key: value` on one line: not an entry Yarn writes, but found so its error has its line.
    else keyText = inlineKey(lines[i]);
    if (keyText === undefined) continue;
    const previous = headers[headers.length - 1];
    if (previous !== undefined) previous.end = i;
    headers.push({ line: i + 1, items: parseHeaderItems(keyText, file, i + 1), start: i, end: lines.length });
  }
  return headers;
}

/** Line of `field` inside an entry's block, or the header's line. */
function fieldLine(lines: string[], h: Header, field: string): number {
  for (let i = h.start + 1; i < h.end; i++) {
    const m = /^\s+"?([^"\s:]+)"?:?(\s|$)/.exec(lines[i]);
    if (m !== null && m[1] === field && /^ {2}\S/.test(lines[i])) return i + 1;
  }
  return h.line;
}

/** Longest run of blanks inside a line of a v1 file that is read (see refuseLongBlankRuns). */
export const MAX_V1_BLANK_RUN = 64;

/**
 * parseSyml's v1 grammar trims each bare value with `/^ *| *$/g`, which is quadratic in a run of
 * spaces inside it (a 50,000-space line took 3 s; a 20 MB one would not finish). Yarn writes single
 * spaces between words: a longer run of blanks after a line's indentation is refused.
 */
function refuseLongBlankRuns(body: string, file: string): void {
  const blank = (c: string): boolean => c === ' ' || c === '\t';
  let lineStart = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n' || c === '\r') {
      lineStart = true;
    } else if (blank(c) && !lineStart) {
      let j = i;
      while (j < body.length && blank(body[j])) j++;
      if (j - i > MAX_V1_BLANK_RUN && j < body.length && body[j] !== '\n' && body[j] !== '\r') {
        throw new ParseError(
          `a run of ${j - i} blanks inside a line (the limit is ${MAX_V1_BLANK_RUN}): Yarn never writes one, and reading it costs quadratic time. Run \`yarn install\` to rewrite the lockfile`,
          file,
          lineIndex(body)(i),
        );
      }
      i = j - 1;
    } else if (!blank(c)) lineStart = false;
  }
}

function syntaxError(err: unknown, file: string, lines: number): ParseError {
  if (err instanceof RangeError) return new ParseError('yarn.lock is nested too deeply to read', file, 1);
  const e = err as { message?: string; location?: { start?: { line?: number } }; mark?: { line?: number } };
  const message = String(e?.message ?? err).split('\n')[0];
  // parseSyml's grammar counts LF (the v1 files it reads have no lone CR, see below); js-yaml counts
  // LF, CRLF and a lone CR, as GitHub does. The grammar may fail on the LF it appends to the text.
  const line = e?.location?.start?.line ?? (typeof e?.mark?.line === 'number' ? e.mark.line + 1 : 1);
  return new ParseError(`invalid yarn.lock: ${message}`, file, Math.min(Math.max(line, 1), lines));
}

class Reader {
  constructor(
    readonly file: string,
    readonly lines: string[],
  ) {}

  string(entry: Fields, h: Header, field: string): string | undefined {
    if (!own(entry, field)) return undefined;
    const v = entry[field];
    if (typeof v !== 'string') throw new ParseError(`${field} of "${h.items.join(', ')}" must be a string`, this.file, fieldLine(this.lines, h, field));
    return v;
  }

  map(entry: Fields, h: Header, field: string): Record<string, unknown> | undefined {
    if (!own(entry, field)) return undefined;
    const v = entry[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new ParseError(`${field} of "${h.items.join(', ')}" must be a mapping`, this.file, fieldLine(this.lines, h, field));
    }
    return v as Record<string, unknown>;
  }
}

function descriptorName(descriptor: string, file: string, line: number): [name: string, range: string] {
  const split = splitAtName(descriptor);
  if (split === undefined) throw new ParseError(`entry key ${JSON.stringify(descriptor)} is not name@range`, file, line);
  return split;
}

/** The name a descriptor installs under and the package it names (`alias@npm:real@^1` -> alias, real). */
function descriptorNames(descriptor: string, file: string, line: number): { installed: string; real: string } {
  const [installed, range] = descriptorName(descriptor, file, line);
  const target = range.startsWith('npm:') ? splitAtName(range.slice(4)) : undefined;
  return { installed, real: target?.[0] ?? installed };
}

/**
 * The installed names of an entry whose descriptors must all name `real` (one package, perhaps under
 * npm: aliases): a header that joins different packages would hide all but one of them.
 */
function installedNames(descriptors: string[], real: string | undefined, file: string, line: number): string[] {
  const names = descriptors.map((d) => descriptorNames(d, file, line));
  const reals = [...new Set([...(real === undefined ? [] : [real]), ...names.map((n) => n.real)])];
  if (reals.length > 1) {
    throw new ParseError(`entry key names different packages (${reals.join(', ')}): one lockfile entry cannot install them all`, file, line);
  }
  return [...new Set(names.map((n) => n.installed))];
}

/** `dep` once more for each name it is installed under besides its own and its alias. */
function perInstalledName(dep: Dependency, installed: string[]): Dependency[] {
  const extra = installed.filter((n) => n !== dep.name && n !== dep.alias);
  return [dep, ...extra.map((alias) => ({ ...dep, alias, key: `${dep.key}#${alias}` }))];
}

/** Yarn 1: the entry's descriptors as written are its identity; `resolved` and `integrity` as recorded. */
function v1Entry(r: Reader, h: Header, entry: Fields): Dependency[] {
  const file = r.file;
  const installedAs = installedNames(h.items, undefined, file, h.line);
  const [installed, range] = descriptorName(h.items[0], file, h.line);
  let name = installed;
  let alias: string | undefined;
  let spec = range;
  if (range.startsWith('npm:')) {
    const target = splitAtName(range.slice(4));
    // `npm:name@range` installs `name` under the installed name; `npm:^1` is just a range.
    if (target !== undefined) {
      name = target[0];
      spec = target[1];
      if (name !== installed) alias = installed;
    } else spec = range.slice(4);
  }
  const resolved = r.string(entry, h, 'resolved');
  const integrity = r.string(entry, h, 'integrity') ?? (resolved === undefined ? undefined : sha1FragmentIntegrity(resolved));
  const key = [...new Set(h.items)].sort().join(', ');
  const dep = withOptional(
    { ecosystem: 'npm', name, file, line: h.line, kind: 'lockfile', key },
    {
      alias,
      version: r.string(entry, h, 'version'),
      specType: referenceType(spec),
      resolved,
      integrity,
      requires: namesOf(r.map(entry, h, 'dependencies'), r.map(entry, h, 'optionalDependencies')),
    },
  );
  return perInstalledName(dep, installedAs);
}

/** Peers without `optional: true` in peerDependenciesMeta: an optional peer is no edge (the package works without it). */
function requiredPeers(peers: Record<string, unknown> | undefined, meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (peers === undefined || meta === undefined) return peers;
  const optional = (name: string): boolean => {
    const m = own(meta, name) ? meta[name] : undefined;
    // parseSyml keeps YAML scalars as strings: `optional: true` reads as "true".
    return m !== null && typeof m === 'object' && ((m as Fields).optional === true || (m as Fields).optional === 'true');
  };
  return Object.fromEntries(Object.entries(peers).filter(([name]) => !optional(name)));
}

/** Yarn 2+: the resolution (`name@npm:1.2.3`) is the entry's identity and says where it comes from. */
function berryEntry(r: Reader, h: Header, entry: Fields): Dependency[] {
  const file = r.file;
  const resolution = r.string(entry, h, 'resolution');
  if (resolution === undefined) throw new ParseError(`entry "${h.items[0]}" has no resolution`, file, h.line);
  const locator = splitAtName(resolution);
  if (locator === undefined) throw new ParseError(`resolution ${JSON.stringify(resolution)} is not name@reference`, file, fieldLine(r.lines, h, 'resolution'));
  const [name, reference] = locator;
  // Installed under another name only when no descriptor of the entry uses the real one.
  const installedAs = installedNames(h.items[0].split(/\s*,\s*/), name, file, h.line);
  const installed = installedAs.includes(name) ? name : installedAs[0];
  let specType: string | undefined;
  let resolved: string | undefined;
  let version = r.string(entry, h, 'version');
  if (reference.startsWith('npm:')) {
    // Berry does not record the tarball URL of registry packages; the registry comes from .yarnrc.yml.
  } else if (reference.startsWith('workspace:')) {
    // The project's own package (a workspace folder): kept, so a manifest range Yarn resolves to it is
    // known as the project's own code, never as a package to judge (pipeline/inventory/own.ts).
    specType = 'workspace';
    resolved = reference.slice('workspace:'.length);
    if (version === '0.0.0-use.local') version = undefined;
  } else if (reference.startsWith('patch:')) {
    // Yarn's built-in compatibility patches (fsevents, typescript, resolve) ship with Yarn itself; the
    // unpatched package has its own entry. A project's own patch file changes what gets installed.
    if (/#optional!builtin<|#builtin</.test(reference)) return [];
    specType = 'file';
    resolved = reference;
  } else {
    const where = reference.replace(/::locator=[^#]*$/, '');
    specType = referenceType(where) ?? (reference.startsWith('exec:') ? 'file' : undefined);
    resolved = where;
    if (specType === 'directory' && version === '0.0.0-use.local') version = undefined;
  }
  const dep = withOptional(
    { ecosystem: 'npm', name, file, line: h.line, kind: 'lockfile', key: resolution },
    {
      alias: installed !== name ? installed : undefined,
      version,
      specType,
      resolved,
      checksum: r.string(entry, h, 'checksum'),
      requires: namesOf(r.map(entry, h, 'dependencies'), requiredPeers(r.map(entry, h, 'peerDependencies'), r.map(entry, h, 'peerDependenciesMeta'))),
    },
  );
  return perInstalledName(dep, installedAs);
}

function parseYarnLock(text: string, file: string): Dependency[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.includes('\0')) {
    throw new ParseError('yarn.lock contains NUL bytes: it is not a text file', file, lineIndex(body)(body.indexOf('\0')));
  }
  // Yarn 1 reads a v1 lockfile with its own tokenizer: a lone CR ends a line, but a `#` comment runs
  // on to the next LF and spaces after a lone CR are no indentation, so Yarn 1 and Berry's parseSyml
  // (which the gate uses) read such a file differently. Refused rather than read one way of two.
  if (V1_CONTENT.test(body)) {
    const cr = loneCr(body);
    if (cr !== -1) {
      throw new ParseError(
        'a yarn lockfile v1 with a CR line end not followed by LF: Yarn 1 would read the comment before it on to the next LF and the lines after it without indentation. Convert the line ends to LF (or run `yarn install` to rewrite the file)',
        file,
        lineIndex(body)(cr),
      );
    }
  }
  if (V1_HEADER.test(body)) refuseLongBlankRuns(body, file);
  let data: unknown;
  try {
    data = (require('../../lazy/yarn.js') as typeof import('../../lazy/yarn.js')).parseSyml(body);
  } catch (err) {
    throw syntaxError(err, file, lineCount(body));
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ParseError('yarn.lock must be a mapping of entries', file, 1);
  const top = data as Record<string, unknown>;
  const v1 = V1_HEADER.test(body);
  const berry = !v1 && own(top, '__metadata');
  // js-yaml (Berry) and Yarn 1 end lines at LF, CRLF and a lone CR, as GitHub does: lines[i] is line i + 1.
  const lines = splitLines(body, 'universal').map((l) => l.text);
  const headers = scanHeaders(lines, file);
  if (!v1 && !berry && Object.keys(top).length > 0) {
    throw new ParseError('not a yarn.lock: no "# yarn lockfile v1" header and no __metadata entry', file, headers[0]?.line ?? 1);
  }
  const reader = new Reader(file, lines);
  const seen = new Set<string>();
  const out = new Map<string, Dependency>();
  for (const h of headers) {
    if (h.items.length === 0) throw new ParseError('empty entry key', file, h.line);
    for (const item of h.items) seen.add(item);
    const dataKey = h.items[0];
    if (berry && dataKey === '__metadata') continue;
    if (!own(top, dataKey)) throw new ParseError(`could not read the entry "${dataKey}"`, file, h.line);
    const entry = top[dataKey];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ParseError(`entry "${dataKey}" must be a mapping of fields`, file, h.line);
    }
    for (const dep of berry ? berryEntry(reader, h, entry as Fields) : v1Entry(reader, h, entry as Fields)) {
      // A repeated key: the later entry wins, as in parseSyml.
      out.delete(dep.key);
      out.set(dep.key, dep);
    }
  }
  // Every entry Yarn would read must have been found at a line of its own.
  for (const key of Object.keys(top)) {
    if (!seen.has(key)) throw new ParseError(`entry "${key}" is not laid out as Yarn writes it (no header line found)`, file, 1);
  }
  return [...out.values()];
}

export const yarnLock = { id: 'yarn-lock', matches: fileNamed('yarn.lock'), parse: parseYarnLock } satisfies DependencyReader;
