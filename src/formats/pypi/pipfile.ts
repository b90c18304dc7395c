// Pipenv: Pipfile (TOML: `[[source]]`, `[packages]`, `[dev-packages]`) and Pipfile.lock (JSON:
// `_meta.sources`, `default` / `develop` maps of name -> { version: "==x", hashes, index, git, ref, ... }).
// Pipenv installs a package from the first source unless it names another with `index = "..."`, and
// searches every source only with `[pipenv] install_search_all_sources = true`.
import { valid as validVersion } from '@renovatebot/pep440';
import type { Dependency, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { expectObject, expectString, membersOf, parseJsonDocument, pathLabel, stringMember, typeName, withDepthGuard, type JsonDocument, type JsonMember } from '../readers/json.js';
import { PythonFileSink, uniqueKey, withRecorded } from './common.js';
import { isTable, optArray, optBoolean, optString, optTable, parseTomlDocument, tomlLabel, tomlTypeName, type TomlPath } from '../readers/toml.js';
import { classifyLocation, classifyPep440, normalizeHash, normalizeName, type SpecInfo } from '../../ecosystems/pypi.js';
import { fileNamed, underInstalledTree } from '../paths.js';

function gitLocation(url: string, ref: string | undefined): string {
  const base = /^(git|hg|svn|bzr)\+/i.test(url) ? url : `git+${url}`;
  return ref === undefined ? base : `${base}@${ref}`;
}

/** A Pipfile version: `*`, a PEP 440 specifier, or a bare version (which pipenv reads as `==`). */
function pipenvSpec(spec: string): SpecInfo {
  const s = spec.trim();
  if (/^[0-9]/.test(s) && validVersion(s) !== null) return { spec: s, specType: 'version', version: s };
  return classifyPep440(s);
}

// ---- Pipfile ----

function parsePipfile(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  const sink = new PythonFileSink(file);
  const byName = new Map<string, string>();
  const urls: string[] = [];
  (optArray(doc, ['source']) ?? []).forEach((item, k) => {
    const path: TomlPath = ['source', k];
    if (!isTable(item)) throw new ParseError(`${tomlLabel(path)} must be a table, found ${tomlTypeName(item)}`, file, doc.line(path));
    const line = doc.line(path);
    const name = optString(doc, [...path, 'name']) ?? String(k);
    const raw = optString(doc, [...path, 'url']);
    if (raw === undefined) throw new ParseError(`[[source]] ${JSON.stringify(name)} has no url`, file, line);
    const url = sink.url(raw, line, () => `source/${name}`, `the URL of source ${JSON.stringify(name)} in ${file}`);
    byName.set(name, url);
    urls.push(url);
    sink.setting({ line, key: `source/${name}`, setting: `source ${name}`, value: url, effect: k === 0 ? 'registry' : 'extra-registry' });
    if (optBoolean(doc, [...path, 'verify_ssl']) === false) {
      sink.setting({ line: doc.line([...path, 'verify_ssl']), key: `source/${name}/verify_ssl`, setting: `source ${name} verify_ssl`, value: 'false', effect: 'tls-off' });
    }
  });
  const searchAll = optBoolean(doc, ['pipenv', 'install_search_all_sources']) === true;
  const keys = new Set<string>();
  const deps: Dependency[] = [];
  for (const section of ['packages', 'dev-packages'] as const) {
    const table = optTable(doc, [section]) ?? {};
    for (const [name, value] of Object.entries(table)) {
      const path: TomlPath = [section, name];
      const line = doc.line(path);
      const key = uniqueKey(keys, `${section}/${normalizeName(name)}`);
      let info: Partial<Dependency>;
      let index: string | undefined;
      if (typeof value === 'string') info = pipenvSpec(value);
      else if (isTable(value)) {
        const str = (k: string): string | undefined => optString(doc, [...path, k]);
        const git = str('git');
        const fileUrl = str('file');
        const local = str('path');
        if (git !== undefined) {
          const loc = sink.url(gitLocation(git, str('ref')), line, () => key, `the git source of ${name} in ${file}`);
          info = { spec: loc, specType: 'git', resolved: loc };
        } else if (fileUrl !== undefined) {
          const loc = sink.url(fileUrl, line, () => key, `the file URL of ${name} in ${file}`);
          info = { spec: loc, specType: classifyLocation(loc), resolved: loc };
        } else if (local !== undefined) {
          info = { spec: local, specType: classifyLocation(local), resolved: local };
        } else {
          info = pipenvSpec(str('version') ?? '*');
          index = str('index');
        }
      } else {
        throw new ParseError(`${tomlLabel(path)} must be a version string or a table, found ${tomlTypeName(value)}`, file, line);
      }
      const dep: Dependency = { ecosystem: 'pypi', name, file, line, kind: 'manifest', key };
      if (info.specType === 'version' || info.specType === 'range' || info.specType === 'invalid') {
        if (index !== undefined) {
          const url = byName.get(index);
          if (url === undefined) throw new ParseError(`${tomlLabel(path)} names index ${JSON.stringify(index)}, which no [[source]] defines`, file, line);
          info.registry = url;
        } else {
          info.registry = urls[0];
          if (searchAll && urls.length > 1) info.extraRegistries = urls.slice(1);
        }
      }
      deps.push(withRecorded(dep, { ...info, dev: section === 'dev-packages' ? true : undefined }));
    }
  }
  return { deps, settings: sink.settings, issues: sink.issues };
}

// ---- Pipfile.lock ----

/** The named sources of `_meta.sources` (cleaned URLs), and the first URL: where an entry without `index` comes from. */
function lockSources(doc: JsonDocument, meta: Map<string, JsonMember>, sink: PythonFileSink): { byName: Map<string, string>; first?: string } {
  const byName = new Map<string, string>();
  let first: string | undefined;
  const sources = meta.get('sources');
  if (sources === undefined) return { byName };
  if (sources.value.type !== 'array') {
    throw new ParseError(`_meta.sources must be an array, found ${typeName(sources.value)}`, doc.file, doc.lineOf(sources.value));
  }
  (sources.value.children ?? []).forEach((node, k) => {
    const label = `_meta.sources[${k}]`;
    const fields = expectObject(doc, node, label);
    const name = stringMember(doc, fields, 'name', label) ?? String(k);
    const raw = stringMember(doc, fields, 'url', label);
    if (raw === undefined) return;
    const line = fields.get('url')!.line;
    const url = sink.url(raw, line, () => `_meta.sources/${name}`, `the URL of source ${JSON.stringify(name)} in ${doc.file}`);
    byName.set(name, url);
    first ??= url;
  });
  return { byName, first };
}

function parsePipfileLock(text: string, file: string): ParsedFile {
  const doc = parseJsonDocument(text, file);
  if (doc.root.type !== 'object') throw new ParseError(`Pipfile.lock must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  const top = membersOf(doc, doc.root);
  const sink = new PythonFileSink(file);
  const metaMember = top.get('_meta');
  const meta = metaMember === undefined ? new Map<string, JsonMember>() : expectObject(doc, metaMember.value, '_meta');
  const { byName, first: defaultIndex } = lockSources(doc, meta, sink);
  const deps: Dependency[] = [];
  const keys = new Set<string>();
  for (const section of ['default', 'develop'] as const) {
    const member = top.get(section);
    if (member === undefined) continue;
    for (const m of expectObject(doc, member.value, section).values()) {
      const label = pathLabel(section, m.key);
      const fields = expectObject(doc, m.value, label);
      const str = (k: string): string | undefined => stringMember(doc, fields, k, label);
      const key = uniqueKey(keys, `${section}/${normalizeName(m.key)}`);
      const dep: Dependency = { ecosystem: 'pypi', name: m.key, file, line: m.line, kind: 'lockfile', key };
      let info: Partial<Dependency>;
      const git = str('git');
      const fileUrl = str('file');
      const local = str('path');
      if (git !== undefined) {
        const loc = sink.url(gitLocation(git, str('ref')), m.line, () => key, `the git source of ${m.key} in ${file}`);
        info = { specType: 'git', resolved: loc };
      } else if (fileUrl !== undefined) {
        const loc = sink.url(fileUrl, m.line, () => key, `the file URL of ${m.key} in ${file}`);
        info = { specType: classifyLocation(loc), resolved: loc };
      } else if (local !== undefined) {
        info = { specType: classifyLocation(local), resolved: local };
      } else {
        const version = str('version');
        info = version === undefined ? { specType: 'range' } : classifyPep440(version);
        delete info.spec;
        if (info.specType !== 'version' && version !== undefined) info.spec = version;
        const index = str('index');
        if (index !== undefined) {
          const url = byName.get(index);
          if (url === undefined) throw new ParseError(`${label}.index names ${JSON.stringify(index)}, which _meta.sources does not define`, file, fields.get('index')!.line);
          info.registry = url;
        } else if (defaultIndex !== undefined) {
          // pipenv installs an entry without `index` from the first source, as Pipfile does.
          info.registry = defaultIndex;
        }
      }
      const hashes = hashesOf(doc, fields, label);
      deps.push(withRecorded(dep, { ...info, integrity: hashes.join(' ') || undefined, dev: section === 'develop' ? true : undefined }));
    }
  }
  return { deps, settings: sink.settings, issues: sink.issues };
}

function hashesOf(doc: JsonDocument, fields: Map<string, JsonMember>, label: string): string[] {
  const member = fields.get('hashes');
  if (member === undefined) return [];
  if (member.value.type !== 'array') {
    throw new ParseError(`${pathLabel(label, 'hashes')} must be an array, found ${typeName(member.value)}`, doc.file, doc.lineOf(member.value));
  }
  return (member.value.children ?? []).map((node, k) => {
    const raw = expectString(doc, node, `${pathLabel(label, 'hashes')}[${k}]`);
    const h = normalizeHash(raw);
    if (h === undefined) throw new ParseError(`${pathLabel(label, 'hashes')}[${k}] must be algorithm:hexdigest, found ${JSON.stringify(raw)}`, doc.file, doc.lineOf(node));
    return h;
  });
}

export const pipfile = { id: 'pipfile', matches: fileNamed('Pipfile', underInstalledTree), parse: parsePipfile } satisfies Format;

export const pipfileLock = {
  id: 'pipfile-lock',
  matches: fileNamed('Pipfile.lock', underInstalledTree),
  parse: (text, path) => withDepthGuard(path, () => parsePipfileLock(text, path)),
} satisfies Format;
