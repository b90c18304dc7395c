// The TOML lockfiles of Python: uv.lock (`[[package]]` with `source`, `sdist`, `wheels`, `dependencies`),
// poetry.lock (`[[package]]` with `files`, `[package.source]`, `[package.dependencies]`) and PEP 751
// pylock.toml (`[[packages]]` with `index`, `vcs`, `archive`, `directory`, `sdist`, `wheels`). Every
// entry is pinned; its line is its `[[package]]` header.
import type { Dependency, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { own } from '../../common/own.js';
import { PythonFileSink, uniqueKey, withRecorded } from './common.js';
import { isTable, optArray, optBoolean, optString, optTable, parseTomlDocument, reqString, tomlLabel, tomlTypeName, valueAt, type TomlDocument, type TomlPath } from '../readers/toml.js';
import { classifyLocation, normalizeHash, normalizeName } from '../../ecosystems/pypi.js';
import { fileNamed, underInstalledTree } from '../paths.js';

interface LockEntry {
  name: string;
  version?: string;
  dep: Dependency;
}

/**
 * Keys for lock entries: the normalised name, stable across version bumps. A name locked more than
 * once (uv and PEP 751 fork by environment markers) gets its version in the key, then `#n`.
 */
function assignKeys(entries: LockEntry[], prefix = ''): Dependency[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(normalizeName(e.name), (counts.get(normalizeName(e.name)) ?? 0) + 1);
  const taken = new Set<string>();
  return entries.map((e) => {
    const norm = normalizeName(e.name);
    const base = (counts.get(norm) ?? 0) > 1 && e.version !== undefined ? `${norm}@${e.version}` : norm;
    e.dep.key = uniqueKey(taken, `${prefix}${base}`);
    return e.dep;
  });
}

function typeError(doc: TomlDocument, path: TomlPath, value: unknown, expected: string): ParseError {
  return new ParseError(`${tomlLabel(path)} must be ${expected}, found ${tomlTypeName(value)}`, doc.file, doc.line(path));
}

function tablesAt(doc: TomlDocument, path: TomlPath): TomlPath[] {
  const list = optArray(doc, path) ?? [];
  return list.map((item, k) => {
    if (!isTable(item)) throw typeError(doc, [...path, k], item, 'a table');
    return [...path, k];
  });
}

function requireTopTable(doc: TomlDocument, kind: string): void {
  if (!isTable(doc.data)) throw new ParseError(`${kind} must be a TOML table`, doc.file, 1);
}

function gitLocation(url: string, commit: string | undefined): string {
  const base = /^(git|hg|svn|bzr)\+/i.test(url) ? url : `git+${url}`;
  return commit === undefined ? base : `${base}@${commit}`;
}

/** `{ name = "x" }` entries of a dependency list. */
function namesIn(doc: TomlDocument, path: TomlPath): string[] {
  return tablesAt(doc, path).map((p) => reqString(doc, [...p, 'name']));
}

function unique(names: string[]): string[] | undefined {
  return names.length === 0 ? undefined : [...new Set(names)];
}

// ---- uv.lock ----

function uvHash(doc: TomlDocument, path: TomlPath): string | undefined {
  const h = optString(doc, [...path, 'hash']);
  if (h === undefined) return undefined;
  const n = normalizeHash(h);
  if (n === undefined) throw new ParseError(`${tomlLabel([...path, 'hash'])} must be algorithm:hexdigest, found ${JSON.stringify(h)}`, doc.file, doc.line([...path, 'hash']));
  return n;
}

function parseUvLock(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  requireTopTable(doc, 'uv.lock');
  const version = valueAt(doc.data, ['version']);
  if (version !== undefined && typeof version !== 'number') throw typeError(doc, ['version'], version, 'a number');
  const sink = new PythonFileSink(file);
  const entries: LockEntry[] = tablesAt(doc, ['package']).map((p) => {
    const line = doc.line(p);
    const name = reqString(doc, [...p, 'name']);
    const ver = optString(doc, [...p, 'version']);
    const dep: Dependency = { ecosystem: 'pypi', name, file, line, kind: 'lockfile', key: '' };
    const extra: Partial<Dependency> = { version: ver };
    const src = optTable(doc, [...p, 'source']);
    const where = `the source of ${name} in ${file}`;
    const keyOf = (): string => `package/${normalizeName(name)}`;
    if (src === undefined) {
      extra.specType = 'version';
    } else {
      const str = (k: string): string | undefined => optString(doc, [...p, 'source', k]);
      const registry = str('registry');
      const git = str('git');
      const url = str('url');
      const local = str('path') ?? str('directory') ?? str('editable') ?? str('virtual');
      if (registry !== undefined) {
        extra.specType = 'version';
        extra.registry = sink.url(registry, line, keyOf, where);
      } else if (git !== undefined) {
        // uv writes `https://github.com/o/r?rev=v1#<commit>`.
        const loc = sink.url(git, line, keyOf, where);
        extra.specType = 'git';
        extra.resolved = /^git\+/i.test(loc) ? loc : `git+${loc}`;
      } else if (url !== undefined) {
        extra.specType = 'remote';
        extra.resolved = sink.url(url, line, keyOf, where);
      } else if (local !== undefined) {
        extra.specType = str('path') !== undefined ? classifyLocation(local) : 'directory';
        extra.resolved = local;
      } else {
        throw new ParseError(`${tomlLabel([...p, 'source'])} has none of registry, git, url, path, directory, editable, virtual`, file, line);
      }
    }
    const hashes: string[] = [];
    if (optTable(doc, [...p, 'sdist']) !== undefined) {
      const h = uvHash(doc, [...p, 'sdist']);
      if (h !== undefined) hashes.push(h);
    }
    for (const w of tablesAt(doc, [...p, 'wheels'])) {
      const h = uvHash(doc, w);
      if (h !== undefined) hashes.push(h);
    }
    extra.integrity = hashes.join(' ') || undefined;
    const requires = namesIn(doc, [...p, 'dependencies']);
    for (const section of ['optional-dependencies', 'dev-dependencies']) {
      const groups = optTable(doc, [...p, section]) ?? {};
      for (const g of Object.keys(groups)) requires.push(...namesIn(doc, [...p, section, g]));
    }
    extra.requires = unique(requires);
    return { name, version: ver, dep: withRecorded(dep, extra) };
  });
  return { deps: assignKeys(entries), settings: sink.settings, issues: sink.issues };
}

// ---- poetry.lock ----

function parsePoetryLock(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  requireTopTable(doc, 'poetry.lock');
  const sink = new PythonFileSink(file);
  // poetry.lock 1.x kept the files of every package in [metadata.files].
  const legacyFiles = optTable(doc, ['metadata', 'files']) ?? {};
  const entries: LockEntry[] = tablesAt(doc, ['package']).map((p) => {
    const line = doc.line(p);
    const name = reqString(doc, [...p, 'name']);
    const ver = reqString(doc, [...p, 'version']);
    const dep: Dependency = { ecosystem: 'pypi', name, file, line, kind: 'lockfile', key: '' };
    const extra: Partial<Dependency> = { version: ver, specType: 'version' };
    const where = `the source of ${name} in ${file}`;
    const keyOf = (): string => `package/${normalizeName(name)}`;
    const srcPath: TomlPath = [...p, 'source'];
    if (optTable(doc, srcPath) !== undefined) {
      const type = reqString(doc, [...srcPath, 'type']);
      const url = reqString(doc, [...srcPath, 'url']);
      const srcLine = doc.line(srcPath);
      if (type === 'git') {
        const commit = optString(doc, [...srcPath, 'resolved_reference']) ?? optString(doc, [...srcPath, 'reference']);
        extra.specType = 'git';
        extra.resolved = sink.url(gitLocation(url, commit), srcLine, keyOf, where);
      } else if (type === 'url') {
        extra.specType = 'remote';
        extra.resolved = sink.url(url, srcLine, keyOf, where);
      } else if (type === 'directory' || type === 'file') {
        extra.specType = type;
        extra.resolved = url;
      } else {
        // legacy (a PEP 503 index), or anything newer: where the package was found.
        extra.registry = sink.url(url, srcLine, keyOf, where);
      }
    }
    const filesPath: TomlPath = valueAt(doc.data, [...p, 'files']) !== undefined ? [...p, 'files'] : ['metadata', 'files', name];
    const hashes = (filesPath[0] === 'metadata' && own(legacyFiles, name) === undefined ? [] : tablesAt(doc, filesPath)).flatMap((f) => {
      const h = optString(doc, [...f, 'hash']);
      if (h === undefined) return [];
      const n = normalizeHash(h);
      if (n === undefined) throw new ParseError(`${tomlLabel([...f, 'hash'])} must be algorithm:hexdigest, found ${JSON.stringify(h)}`, file, doc.line([...f, 'hash']));
      return [n];
    });
    extra.integrity = hashes.join(' ') || undefined;
    extra.requires = unique(Object.keys(optTable(doc, [...p, 'dependencies']) ?? {}));
    // Poetry 2 lists the groups that need it; Poetry 1 had `category = "dev"`.
    const groups = optArray(doc, [...p, 'groups']);
    const category = optString(doc, [...p, 'category']);
    if (category === 'dev' || (groups !== undefined && !groups.includes('main'))) extra.dev = true;
    if (optBoolean(doc, [...p, 'optional']) === true) extra.optional = true;
    return { name, version: ver, dep: withRecorded(dep, extra) };
  });
  return { deps: assignKeys(entries), settings: sink.settings, issues: sink.issues };
}

// ---- pylock.toml (PEP 751) ----

function pylockHashes(doc: TomlDocument, path: TomlPath): string[] {
  const table = optTable(doc, [...path, 'hashes']);
  if (table === undefined) return [];
  return Object.entries(table).map(([alg, value]) => {
    if (typeof value !== 'string' || !/^[0-9A-Fa-f]+$/.test(value)) throw typeError(doc, [...path, 'hashes', alg], value, 'a hex digest');
    return `${alg.toLowerCase()}:${value.toLowerCase()}`;
  });
}

function parsePylock(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  requireTopTable(doc, 'pylock.toml');
  const lockVersion = optString(doc, ['lock-version']);
  if (lockVersion === undefined) throw new ParseError('lock-version is missing: not a PEP 751 lock file', file, 1);
  if (!/^1(\.\d+)*$/.test(lockVersion)) throw new ParseError(`lock-version ${JSON.stringify(lockVersion)} is not supported (expected 1.x)`, file, doc.line(['lock-version']));
  const sink = new PythonFileSink(file);
  const entries: LockEntry[] = tablesAt(doc, ['packages']).map((p) => {
    const line = doc.line(p);
    const name = reqString(doc, [...p, 'name']);
    const ver = optString(doc, [...p, 'version']);
    const dep: Dependency = { ecosystem: 'pypi', name, file, line, kind: 'lockfile', key: '' };
    const extra: Partial<Dependency> = { version: ver, specType: 'version' };
    const where = `the source of ${name} in ${file}`;
    const keyOf = (): string => `packages/${normalizeName(name)}`;
    const str = (...k: string[]): string | undefined => optString(doc, [...p, ...k]);
    const hashes: string[] = [];
    if (optTable(doc, [...p, 'vcs']) !== undefined) {
      const type = reqString(doc, [...p, 'vcs', 'type']);
      const url = str('vcs', 'url');
      const local = str('vcs', 'path');
      const commit = str('vcs', 'commit-id');
      extra.specType = 'git';
      if (url !== undefined) extra.resolved = sink.url(`${type}+${url}${commit === undefined ? '' : `@${commit}`}`, line, keyOf, where);
      else if (local !== undefined) extra.resolved = local;
    } else if (optTable(doc, [...p, 'directory']) !== undefined) {
      extra.specType = 'directory';
      extra.resolved = reqString(doc, [...p, 'directory', 'path']);
    } else if (optTable(doc, [...p, 'archive']) !== undefined) {
      const url = str('archive', 'url');
      const local = str('archive', 'path');
      if (url !== undefined) {
        extra.resolved = sink.url(url, line, keyOf, where);
        extra.specType = classifyLocation(extra.resolved);
      } else if (local !== undefined) {
        extra.resolved = local;
        extra.specType = 'file';
      }
      hashes.push(...pylockHashes(doc, [...p, 'archive']));
    }
    const index = str('index');
    if (index !== undefined) extra.registry = sink.url(index, line, keyOf, where);
    if (optTable(doc, [...p, 'sdist']) !== undefined) hashes.push(...pylockHashes(doc, [...p, 'sdist']));
    for (const w of tablesAt(doc, [...p, 'wheels'])) hashes.push(...pylockHashes(doc, w));
    extra.integrity = hashes.join(' ') || undefined;
    extra.requires = unique(
      tablesAt(doc, [...p, 'dependencies'])
        .map((d) => optString(doc, [...d, 'name']))
        .filter((n): n is string => n !== undefined),
    );
    return { name, version: ver, dep: withRecorded(dep, extra) };
  });
  return { deps: assignKeys(entries), settings: sink.settings, issues: sink.issues };
}

export const uvLock = { id: 'uv-lock', matches: fileNamed('uv.lock', underInstalledTree), parse: parseUvLock } satisfies Format;

export const poetryLock = { id: 'poetry-lock', matches: fileNamed('poetry.lock', underInstalledTree), parse: parsePoetryLock } satisfies Format;

export const pylock = {
  id: 'pylock',
  // PEP 751: `pylock.toml` or `pylock.<name>.toml`.
  matches: fileNamed(/^pylock\.([^.]+\.)?toml$/, underInstalledTree),
  parse: (text, path) => parsePylock(text, path),
} satisfies Format;
