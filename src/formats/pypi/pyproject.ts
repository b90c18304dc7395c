// pyproject.toml: what a Python project asks for. PEP 621 `[project]` dependencies and optional
// dependencies, PEP 735 `[dependency-groups]`, uv's legacy `tool.uv.dev-dependencies`, Poetry's
// `[tool.poetry.*dependencies]`; and where packages come from: uv's `index-url` / `extra-index-url` /
// `[[tool.uv.index]]` / `[tool.uv.sources]`, Poetry's `[[tool.poetry.source]]`.
import { valid as validVersion } from '@renovatebot/pep440';
import type { Dependency, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { PythonFileSink, uniqueKey, withRecorded } from './common.js';
import { isTable, optArray, optBoolean, optString, optTable, parseTomlDocument, tomlLabel, tomlTypeName, type TomlDocument, type TomlPath, type TomlTable, valueAt } from '../readers/toml.js';
import { classifyLocation, classifyPep440, normalizeName, parsePep508, type SpecInfo } from '../../ecosystems/pypi.js';
import { fileNamed, underInstalledTree } from '../paths.js';

const PYPI = 'https://pypi.org/simple';

/** Where index-installed packages come from, as far as the file says. */
interface Indexes {
  /** The main index (undefined: the file does not say; the installer's default, PyPI). */
  registry?: string;
  /** Indexes consulted beside it. */
  extras: string[];
  /** Named indexes / sources -> URL (for packages pinned to one). */
  byName: Map<string, string>;
}

interface Context {
  doc: TomlDocument;
  file: string;
  sink: PythonFileSink;
  keys: Set<string>;
  deps: Dependency[];
}

// ---- settings ----

function uvSettings(c: Context): Indexes {
  const { doc, sink } = c;
  const out: Indexes = { extras: [], byName: new Map() };
  const base: TomlPath = ['tool', 'uv'];
  if (optTable(doc, base) === undefined) return out;
  const indexUrl = optString(doc, [...base, 'index-url']);
  if (indexUrl !== undefined) {
    const line = doc.line([...base, 'index-url']);
    out.registry = sink.url(indexUrl, line, () => 'tool.uv.index-url', `tool.uv.index-url in ${c.file}`);
    sink.setting({ line, key: 'tool.uv.index-url', setting: 'tool.uv.index-url', value: out.registry, effect: 'registry' });
  }
  for (const setting of ['extra-index-url', 'find-links'] as const) {
    const list = stringList(doc, [...base, setting]);
    list.forEach(({ value, line }) => {
      const url = sink.url(value, line, (u) => `tool.uv.${setting}/${u}`, `tool.uv.${setting} in ${c.file}`);
      out.extras.push(url);
      sink.setting({ line, key: `tool.uv.${setting}/${url}`, setting: `tool.uv.${setting}`, value: url, effect: 'extra-registry' });
    });
  }
  for (const { value, line } of stringList(doc, [...base, 'allow-insecure-host'])) {
    sink.setting({ line, key: `tool.uv.allow-insecure-host/${value}`, setting: 'tool.uv.allow-insecure-host', value, effect: 'insecure-host' });
  }
  if (optBoolean(doc, [...base, 'no-index']) === true) {
    sink.setting({ line: doc.line([...base, 'no-index']), key: 'tool.uv.no-index', setting: 'tool.uv.no-index', value: 'true', effect: 'other' });
  }
  const indexes = optArray(doc, [...base, 'index']) ?? [];
  indexes.forEach((_, k) => {
    const path: TomlPath = [...base, 'index', k];
    expectTable(doc, path);
    const name = optString(doc, [...path, 'name']);
    const raw = optString(doc, [...path, 'url']);
    if (raw === undefined) throw new ParseError(`${tomlLabel(path)} has no url`, c.file, doc.line(path));
    const line = doc.line(path);
    const isDefault = optBoolean(doc, [...path, 'default']) === true;
    const explicit = optBoolean(doc, [...path, 'explicit']) === true;
    const id = name ?? raw;
    const url = sink.url(raw, line, (u) => `tool.uv.index/${name ?? u}`, `the URL of uv index ${JSON.stringify(id)} in ${c.file}`);
    if (name !== undefined) out.byName.set(name, url);
    const effect = isDefault ? 'registry' : explicit ? 'other' : 'extra-registry';
    sink.setting({ line, key: `tool.uv.index/${name ?? url}`, setting: name !== undefined ? `tool.uv.index ${name}` : 'tool.uv.index', value: url, effect });
    if (isDefault) out.registry = url;
    else if (!explicit) out.extras.push(url);
  });
  return out;
}

function poetrySettings(c: Context): Indexes {
  const { doc, sink } = c;
  const out: Indexes = { extras: [], byName: new Map() };
  const sources = optArray(doc, ['tool', 'poetry', 'source']) ?? [];
  const primaries: string[] = [];
  sources.forEach((_, k) => {
    const path: TomlPath = ['tool', 'poetry', 'source', k];
    expectTable(doc, path);
    const name = optString(doc, [...path, 'name']) ?? String(k);
    const line = doc.line(path);
    const raw = optString(doc, [...path, 'url']) ?? (normalizeName(name) === 'pypi' ? PYPI : undefined);
    if (raw === undefined) throw new ParseError(`${tomlLabel(path)} (${name}) has no url`, c.file, line);
    const url = sink.url(raw, line, () => `tool.poetry.source/${name}`, `the URL of Poetry source ${JSON.stringify(name)} in ${c.file}`);
    out.byName.set(name, url);
    // Poetry 1.5+: priority; before that, `default = true` / `secondary = true`.
    let priority = optString(doc, [...path, 'priority']);
    if (priority === undefined) {
      if (optBoolean(doc, [...path, 'default']) === true) priority = 'default';
      else if (optBoolean(doc, [...path, 'secondary']) === true) priority = 'secondary';
      else priority = 'primary';
    }
    const effect = priority === 'primary' || priority === 'default' ? 'registry' : priority === 'supplemental' || priority === 'secondary' ? 'extra-registry' : 'other';
    sink.setting({ line, key: `tool.poetry.source/${name}`, setting: `tool.poetry.source ${name}`, value: url, effect });
    if (effect === 'registry') primaries.push(url);
    else if (effect === 'extra-registry') out.extras.push(url);
  });
  if (primaries.length > 0) {
    out.registry = primaries[0];
    out.extras.unshift(...primaries.slice(1));
  }
  return out;
}

/** A string or an array of strings, each with its line. */
function stringList(doc: TomlDocument, path: TomlPath): { value: string; line: number }[] {
  const v = valueAt(doc.data, path);
  if (v === undefined) return [];
  if (typeof v === 'string') return [{ value: v, line: doc.line(path) }];
  if (!Array.isArray(v)) throw typeError(doc, path, v, 'a string or an array of strings');
  return v.map((item, k) => {
    if (typeof item !== 'string') throw typeError(doc, [...path, k], item, 'a string');
    return { value: item, line: doc.line([...path, k]) };
  });
}

function typeError(doc: TomlDocument, path: TomlPath, value: unknown, expected: string): ParseError {
  return new ParseError(`${tomlLabel(path)} must be ${expected}, found ${tomlTypeName(value)}`, doc.file, doc.line(path));
}

function expectTable(doc: TomlDocument, path: TomlPath): TomlTable {
  const v = valueAt(doc.data, path);
  if (!isTable(v)) throw typeError(doc, path, v, 'a table');
  return v;
}

// ---- PEP 621 / PEP 735 ----

function fromIndex(info: SpecInfo): boolean {
  return info.specType === 'version' || info.specType === 'range' || info.specType === 'invalid';
}

/** The `[tool.uv.sources]` entries for `name`: one for a table, one per element of a list (each for some markers). */
function uvSources(c: Context, name: string, uv: Indexes): (Partial<Dependency> | undefined)[] {
  const sources = optTable(c.doc, ['tool', 'uv', 'sources']);
  if (sources === undefined) return [];
  const key = Object.keys(sources).find((k) => normalizeName(k) === normalizeName(name));
  if (key === undefined) return [];
  const path: TomlPath = ['tool', 'uv', 'sources', key];
  const raw = sources[key];
  if (!Array.isArray(raw)) return [uvSource(c, name, uv, path)];
  return raw.map((_, n) => uvSource(c, name, uv, [...path, n]));
}

/** One `[tool.uv.sources]` entry: a git/path/url source or a pinned index. */
function uvSource(c: Context, name: string, uv: Indexes, entryPath: TomlPath): Partial<Dependency> | undefined {
  const entry = expectTable(c.doc, entryPath);
  const line = c.doc.line(entryPath);
  const str = (k: string): string | undefined => optString(c.doc, [...entryPath, k]);
  const git = str('git');
  if (git !== undefined) {
    const ref = str('rev') ?? str('tag') ?? str('branch');
    const loc = c.sink.url(gitLocation(git, ref), line, () => `tool.uv.sources/${normalizeName(name)}`, `the git source of ${name} in ${c.file}`);
    return { spec: loc, specType: 'git', resolved: loc };
  }
  const url = str('url');
  if (url !== undefined) {
    const loc = c.sink.url(url, line, () => `tool.uv.sources/${normalizeName(name)}`, `the URL source of ${name} in ${c.file}`);
    return { spec: loc, specType: 'remote', resolved: loc };
  }
  const p = str('path');
  if (p !== undefined) return { spec: p, specType: classifyLocation(p), resolved: p };
  if (entry.workspace === true) return { specType: 'workspace' };
  const index = str('index');
  if (index !== undefined) {
    const indexUrl = uv.byName.get(index);
    if (indexUrl === undefined) throw new ParseError(`${tomlLabel(entryPath)} names index ${JSON.stringify(index)}, which no [[tool.uv.index]] defines`, c.file, line);
    return { registry: indexUrl, extraRegistries: [] };
  }
  return undefined;
}

function gitLocation(url: string, ref: string | undefined): string {
  const base = /^git\+/i.test(url) ? url : `git+${url}`;
  return ref === undefined ? base : `${base}@${ref}`;
}

function pep508List(c: Context, path: TomlPath, keyPrefix: string, uv: Indexes, flags: Partial<Dependency>, allowTables = false): void {
  const list = optArray(c.doc, path);
  if (list === undefined) return;
  list.forEach((item, k) => {
    const itemPath = [...path, k];
    const line = c.doc.line(itemPath);
    if (allowTables && isTable(item)) return; // { include-group = "..." }
    if (typeof item !== 'string') throw typeError(c.doc, itemPath, item, 'a PEP 508 requirement string');
    let req;
    try {
      req = parsePep508(item);
    } catch (err) {
      throw new ParseError(`${tomlLabel(itemPath)}: ${(err as Error).message}`, c.file, line);
    }
    const name = req.name!;
    const baseKey = `${keyPrefix}/${normalizeName(name)}`;
    if (req.url !== undefined) {
      const key = uniqueKey(c.keys, baseKey);
      const loc = c.sink.url(req.url, line, () => key, `the URL of ${name} in ${c.file}`);
      c.deps.push(withRecorded({ ecosystem: 'pypi', name, file: c.file, line, kind: 'manifest', key }, { spec: loc, specType: classifyLocation(loc), resolved: loc, ...flags }));
      return;
    }
    // Every source counts (a list gives one per marker set): `…/foo`, `…/foo#2`...
    const sources = uvSources(c, name, uv);
    for (const source of sources.length > 0 ? sources : [undefined]) {
      const key = uniqueKey(c.keys, baseKey);
      let info: Partial<Dependency> = classifyPep440(req.spec);
      if (source !== undefined) info = { ...info, ...source };
      if (fromIndex(info as SpecInfo)) {
        info.registry ??= uv.registry;
        info.extraRegistries ??= uv.extras.length > 0 ? [...uv.extras] : undefined;
      }
      c.deps.push(withRecorded({ ecosystem: 'pypi', name, file: c.file, line, kind: 'manifest', key }, { ...info, ...flags }));
    }
  });
}

function tableOfLists(c: Context, path: TomlPath, keyPrefix: string, uv: Indexes, flags: Partial<Dependency>, allowTables: boolean): void {
  const groups = optTable(c.doc, path);
  if (groups === undefined) return;
  for (const group of Object.keys(groups)) pep508List(c, [...path, group], `${keyPrefix}.${group}`, uv, flags, allowTables);
}

// ---- Poetry ----

const POETRY_OP = /^(\^|~=|~|===|==|!=|>=|<=|>|<|=)?(.*)$/;

/** A Poetry constraint (`^1.2`, `~1.2`, `1.2.*`, `>=1,<2 || 3.*`, `1.2.3` = exactly 1.2.3). */
export function classifyPoetry(spec: string): SpecInfo {
  const s = spec.trim();
  if (s === '' || s === '*') return { spec: s, specType: 'range' };
  const single = /^(==|===)?\s*([^\s,|<>=!~^*]+)$/.exec(s);
  if (single && validVersion(single[2]) !== null) return { spec: s, specType: 'version', version: single[2] };
  const clauses = s
    .split('||')
    .flatMap((part) => part.replace(/(\^|~=|~|===|==|!=|>=|<=|>|<|=)\s+/g, '$1').split(/\s*,\s*|\s+/))
    .filter((x) => x !== '');
  const ok = clauses.length > 0 && clauses.every((clause) => {
    const m = POETRY_OP.exec(clause)!;
    const version = m[2];
    if (version === '*') return true;
    return validVersion(version.replace(/\.\*$/, '')) !== null;
  });
  return { spec: s, specType: ok ? 'range' : 'invalid' };
}

function poetrySection(c: Context, path: TomlPath, keyPrefix: string, poetry: Indexes, flags: Partial<Dependency>): void {
  const table = optTable(c.doc, path);
  if (table === undefined) return;
  for (const [name, value] of Object.entries(table)) {
    if (name === 'python') continue;
    const entryPath = [...path, name];
    const baseKey = `${keyPrefix}/${normalizeName(name)}`;
    if (Array.isArray(value)) {
      // Multiple constraints, one per environment.
      value.forEach((_, k) => poetryEntry(c, [...entryPath, k], name, `${baseKey}/${k}`, poetry, flags));
    } else poetryEntry(c, entryPath, name, baseKey, poetry, flags);
  }
}

function poetryEntry(c: Context, path: TomlPath, name: string, baseKey: string, poetry: Indexes, flags: Partial<Dependency>): void {
  const { doc } = c;
  const value = valueAt(doc.data, path);
  const line = doc.line(path);
  const key = uniqueKey(c.keys, baseKey);
  const dep: Dependency = { ecosystem: 'pypi', name, file: c.file, line, kind: 'manifest', key };
  let info: Partial<Dependency>;
  let extra: Partial<Dependency> = {};
  if (typeof value === 'string') {
    info = classifyPoetry(value);
  } else if (isTable(value)) {
    const str = (k: string): string | undefined => optString(doc, [...path, k]);
    const git = str('git');
    const url = str('url');
    const local = str('path') ?? str('file');
    if (git !== undefined) {
      const loc = c.sink.url(gitLocation(git, str('rev') ?? str('tag') ?? str('branch')), line, () => key, `the git source of ${name} in ${c.file}`);
      info = { spec: loc, specType: 'git', resolved: loc };
    } else if (url !== undefined) {
      const loc = c.sink.url(url, line, () => key, `the URL of ${name} in ${c.file}`);
      info = { spec: loc, specType: 'remote', resolved: loc };
    } else if (local !== undefined) {
      info = { spec: local, specType: classifyLocation(local), resolved: local };
    } else {
      info = classifyPoetry(str('version') ?? '');
      const source = str('source');
      if (source !== undefined) {
        const sourceUrl = poetry.byName.get(source);
        if (sourceUrl === undefined) throw new ParseError(`${tomlLabel(path)} names source ${JSON.stringify(source)}, which no [[tool.poetry.source]] defines`, c.file, line);
        extra = { registry: sourceUrl };
      }
    }
    if (optBoolean(doc, [...path, 'optional']) === true) extra.optional = true;
  } else {
    throw typeError(doc, path, value, 'a version constraint or a table');
  }
  if (fromIndex(info as SpecInfo) && extra.registry === undefined) {
    extra.registry = poetry.registry;
    extra.extraRegistries = poetry.extras.length > 0 ? [...poetry.extras] : undefined;
  }
  c.deps.push(withRecorded(dep, { ...info, ...flags, ...extra }));
}

function parsePyproject(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  const c: Context = { doc, file, sink: new PythonFileSink(file), keys: new Set(), deps: [] };
  const uv = uvSettings(c);
  const poetry = poetrySettings(c);
  optTable(doc, ['project']);
  pep508List(c, ['project', 'dependencies'], 'project.dependencies', uv, {});
  tableOfLists(c, ['project', 'optional-dependencies'], 'project.optional-dependencies', uv, { optional: true }, false);
  tableOfLists(c, ['dependency-groups'], 'dependency-groups', uv, { dev: true }, true);
  pep508List(c, ['tool', 'uv', 'dev-dependencies'], 'tool.uv.dev-dependencies', uv, { dev: true });
  poetrySection(c, ['tool', 'poetry', 'dependencies'], 'tool.poetry.dependencies', poetry, {});
  poetrySection(c, ['tool', 'poetry', 'dev-dependencies'], 'tool.poetry.dev-dependencies', poetry, { dev: true });
  const groups = optTable(doc, ['tool', 'poetry', 'group']) ?? {};
  for (const group of Object.keys(groups)) {
    const gpath: TomlPath = ['tool', 'poetry', 'group', group];
    expectTable(doc, gpath);
    const optional = optBoolean(doc, [...gpath, 'optional']) === true;
    // `main` is the group of tool.poetry.dependencies; any other group is for development.
    const flags: Partial<Dependency> = group === 'main' ? {} : { dev: true };
    if (optional) flags.optional = true;
    poetrySection(c, [...gpath, 'dependencies'], `tool.poetry.group.${group}.dependencies`, poetry, flags);
  }
  return { deps: c.deps, settings: c.sink.settings, issues: c.sink.issues };
}

export const pyproject = { id: 'pyproject', matches: fileNamed('pyproject.toml', underInstalledTree), parse: parsePyproject } satisfies Format;
