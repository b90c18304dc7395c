// Cargo.toml: what a Rust package or workspace asks for. Every entry of [dependencies],
// [dev-dependencies], [build-dependencies], their [target.'cfg(...)'.*] variants,
// [workspace.dependencies], [patch.<source>] and the legacy [replace] becomes a Dependency at the
// line of its key (or of its `[dependencies.foo]` header).
import type { Dependency, FileIssue, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { redactUrl } from '../../redact/urls.js';
import { secretIssue } from '../../redact/secrets.js';
import { isTable, parseTomlDocument, tomlTypeName as typeName, type TomlDocument, type TomlTable as Table, type TomlWording } from '../readers/toml.js';
import { classifyCargoReq } from '../../ecosystems/cargo.js';
import { fileNamed, underVendor } from '../paths.js';

const DEP_SECTIONS = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'] as const;

/** How the Cargo files word TOML reading errors. */
export const CARGO_TOML_WORDING: TomlWording = {
  binary: 'binary data in a TOML file',
  invalid: (detail) => `invalid TOML: ${detail}`,
};

interface Where {
  file: string;
  line: number;
  label: string;
  /** The entry's key in the file, for secret issues. */
  key: string;
  issues: Map<string, FileIssue>;
}

/** `url` without credentials; a literal one becomes a `secret` issue of the entry. */
function cleanUrlOf(url: string, field: string, w: Where): string {
  const { url: clean, hits } = redactUrl(url);
  for (const hit of hits) {
    const issue = secretIssue(w.line, `${w.key}/${field}`, `${field} of ${w.label} in ${w.file}`, hit, 'Configure the credential in a Cargo credential provider or an environment variable instead, and revoke this one.');
    w.issues.set(issue.key, issue);
  }
  return clean;
}

function optString(t: Table, field: string, w: Where): string | undefined {
  const v = t[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ParseError(`${w.label}.${field} must be a string, found ${typeName(v)}`, w.file, w.line);
  return v;
}

function optBool(t: Table, field: string, w: Where): boolean | undefined {
  const v = t[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ParseError(`${w.label}.${field} must be true or false, found ${typeName(v)}`, w.file, w.line);
  return v;
}

/** The fields of a Dependency one `name = spec` entry gives. */
function depFields(key: string, value: unknown, w: Where): Partial<Dependency> & { name: string } {
  if (typeof value === 'string') return { name: key, spec: value, ...classifyCargoReq(value) };
  if (!isTable(value)) throw new ParseError(`${w.label} must be a version string or a table, found ${typeName(value)}`, w.file, w.line);
  const pkg = optString(value, 'package', w);
  const out: Partial<Dependency> & { name: string } = { name: pkg ?? key };
  if (pkg !== undefined && pkg !== key) out.alias = key;
  const version = optString(value, 'version', w);
  const rawGit = optString(value, 'git', w);
  const git = rawGit === undefined ? undefined : cleanUrlOf(rawGit, 'git', w);
  const path = optString(value, 'path', w);
  const refs = (['rev', 'tag', 'branch'] as const).map((f) => [f, optString(value, f, w)] as const).filter(([, v]) => v !== undefined);
  const workspace = optBool(value, 'workspace', w);
  const registry = optString(value, 'registry', w);
  const rawIndex = optString(value, 'registry-index', w);
  const registryIndex = rawIndex === undefined ? undefined : cleanUrlOf(rawIndex, 'registry-index', w);
  if (git !== undefined) {
    const spec = refs.length > 0 ? `${git}?${refs[0][0]}=${refs[0][1]}` : git;
    Object.assign(out, { spec, specType: 'git', resolved: spec });
  } else if (path !== undefined) {
    Object.assign(out, { spec: path, specType: 'directory', resolved: path });
  } else if (workspace === true) {
    Object.assign(out, { spec: 'workspace', specType: 'workspace' });
  } else if (version !== undefined) {
    Object.assign(out, { spec: version, ...classifyCargoReq(version) });
  } else {
    Object.assign(out, { spec: '*', specType: 'range' });
  }
  if (registryIndex !== undefined) out.registry = registryIndex;
  else if (registry !== undefined) out.registry = registry;
  if (optBool(value, 'optional', w) === true) out.optional = true;
  return out;
}

function tableEntries(doc: TomlDocument, issues: Map<string, FileIssue>, tablePath: string[], opts: { dev?: boolean; replace?: boolean }): Dependency[] {
  const file = doc.file;
  let t: unknown = doc.data;
  for (const p of tablePath) t = isTable(t) ? t[p] : undefined;
  if (t === undefined) return [];
  const label = tablePath.join('.');
  if (!isTable(t)) throw new ParseError(`${label} must be a table, found ${typeName(t)}`, file, doc.line(tablePath));
  return Object.entries(t).map(([key, value]) => {
    const line = doc.line([...tablePath, key]);
    const depKey = [...tablePath, key].join('/');
    const fields = depFields(key, value, { file, line, label: `${label}.${key}`, key: depKey, issues });
    // [replace] keys are package ids: `foo:0.1.0` or `https://github.com/rust-lang/crates.io-index#foo:0.1.0`.
    if (opts.replace) {
      const id = key.includes('#') ? key.slice(key.lastIndexOf('#') + 1) : key;
      const [name, version] = id.split(':');
      fields.name = name;
      delete fields.alias;
      if (version !== undefined) fields.version = version;
    }
    const dep: Dependency = { ecosystem: 'cargo', ...fields, file, line, kind: 'manifest', key: depKey };
    if (opts.dev) dep.dev = true;
    return dep;
  });
}

function parseCargoToml(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file, CARGO_TOML_WORDING);
  const root = doc.data;
  const issues = new Map<string, FileIssue>();
  const out: Dependency[] = [];
  const sections = (prefix: string[], t: unknown): void => {
    if (!isTable(t)) return;
    for (const s of DEP_SECTIONS) {
      if (t[s] !== undefined) out.push(...tableEntries(doc, issues, [...prefix, s], { dev: s.startsWith('dev') }));
    }
  };
  sections([], root);
  const target = root.target;
  if (target !== undefined) {
    if (!isTable(target)) throw new ParseError(`target must be a table, found ${typeName(target)}`, file, doc.line(['target']));
    for (const [cfg, t] of Object.entries(target)) sections(['target', cfg], t);
  }
  const workspace = root.workspace;
  if (isTable(workspace) && workspace.dependencies !== undefined) out.push(...tableEntries(doc, issues, ['workspace', 'dependencies'], {}));
  const patch = root.patch;
  if (patch !== undefined) {
    if (!isTable(patch)) throw new ParseError(`patch must be a table, found ${typeName(patch)}`, file, doc.line(['patch']));
    for (const source of Object.keys(patch)) out.push(...tableEntries(doc, issues, ['patch', source], {}));
  }
  if (root.replace !== undefined) out.push(...tableEntries(doc, issues, ['replace'], { replace: true }));
  return issues.size > 0 ? { deps: out, issues: [...issues.values()] } : { deps: out };
}

export const cargoToml = { id: 'cargo-toml', matches: fileNamed('Cargo.toml', underVendor), parse: parseCargoToml } satisfies Format;
