// Cargo.lock: what cargo builds. Each `[[package]]` with a `source` (crates.io, another registry, a
// git repository) becomes a lockfile Dependency at the line of its `name`; workspace members and path
// packages (no source) are the project itself and are skipped. Checksums come from the `checksum`
// field (lockfile v2+) or the v1 `[metadata]` table.
import type { Dependency, FileIssue, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { redactUrl } from '../../redact/urls.js';
import { secretIssue } from '../../redact/secrets.js';
import { parseTomlDocument } from '../readers/toml.js';
import { CARGO_TOML_WORDING } from './cargo-toml.js';
import { fileNamed, underVendor } from '../paths.js';

const MAX_VERSION = 4;

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v !== null) return 'a table';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

/** What a `source` says: its registry URL (for registry+ / sparse+), or that it is git. */
export function readCargoSource(source: string): { specType: string; registry?: string } {
  const m = /^(registry|sparse)\+(.+)$/.exec(source);
  if (m !== null) return { specType: 'version', registry: m[2] };
  if (source.startsWith('git+')) return { specType: 'git' };
  return { specType: 'remote' };
}

function parseCargoLock(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file, CARGO_TOML_WORDING);
  const root = doc.data;
  const version = root.version;
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > MAX_VERSION)) {
    throw new ParseError(`Cargo.lock version ${typeof version === 'number' ? version : typeName(version)} is not supported (expected 1 to ${MAX_VERSION})`, file, doc.line(['version']));
  }
  const packages = root.package;
  if (packages === undefined) return { deps: [] };
  if (!Array.isArray(packages)) {
    throw new ParseError(`package must be an array of tables, found ${typeName(packages)}`, file, doc.line(['package']));
  }
  // v1 lockfiles keep checksums in [metadata]: "checksum <name> <version> (<source>)" = "<hex>".
  const metadata = typeof root.metadata === 'object' && root.metadata !== null ? (root.metadata as Record<string, unknown>) : {};

  const issues = new Map<string, FileIssue>();
  const entries: Omit<Dependency, 'key'>[] = [];
  packages.forEach((pkg: unknown, n) => {
    const headerLine = doc.line(['package', n]);
    const nameLine = doc.line(['package', n, 'name']);
    const at = (field: string): number => doc.line(['package', n, field]);
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new ParseError(`package[${n}] must be a table`, file, headerLine);
    const p = pkg as Record<string, unknown>;
    const str = (field: string, required: boolean): string | undefined => {
      const v = p[field];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string') throw new ParseError(`package[${n}].${field} must be a string, found ${v === undefined ? 'nothing' : typeName(v)}`, file, v === undefined ? headerLine : at(field));
      return v;
    };
    const name = str('name', true)!;
    const ver = str('version', true)!;
    const source = str('source', false);
    const checksum = str('checksum', false);
    let requires: string[] | undefined;
    if (p.dependencies !== undefined) {
      if (!Array.isArray(p.dependencies) || p.dependencies.some((d) => typeof d !== 'string')) {
        throw new ParseError(`package[${n}].dependencies must be an array of strings`, file, at('dependencies'));
      }
      requires = [...new Set((p.dependencies as string[]).map((d) => d.trim().split(/\s+/)[0]))];
    }
    if (source === undefined) return; // a workspace member or path package
    const meta = metadata[`checksum ${name} ${ver} (${source})`];
    const sum = checksum ?? (typeof meta === 'string' && meta !== '<none>' ? meta : undefined);
    // A source URL may carry credentials (`sparse+https://user:token@host/`): keep only the cleaned URL.
    const { url: clean, hits } = redactUrl(source);
    for (const hit of hits) {
      const issue = secretIssue(at('source'), `package/${name}@${ver}/source`, `the source of ${name} ${ver} in ${file}`, hit, 'Configure the credential in a Cargo credential provider or an environment variable instead, and revoke this one.');
      issues.set(issue.key, issue);
    }
    const entry: Omit<Dependency, 'key'> = {
      ecosystem: 'cargo',
      name,
      version: ver,
      ...readCargoSource(clean),
      resolved: clean,
      file,
      line: nameLine,
      kind: 'lockfile',
    };
    if (sum !== undefined) entry.integrity = `sha256:${sum}`;
    if (requires !== undefined) entry.requires = requires;
    entries.push(entry);
  });
  // The same name and version from two sources (crates.io and a git fork) is possible: those carry the source.
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(`${e.name}@${e.version}`, (counts.get(`${e.name}@${e.version}`) ?? 0) + 1);
  const seen = new Set<string>();
  const deps = entries.map((e) => {
    const base = `${e.name}@${e.version}`;
    let key = counts.get(base)! > 1 ? `${base} (${e.resolved})` : base;
    while (seen.has(key)) key += '#';
    seen.add(key);
    return { ...e, key };
  });
  return issues.size > 0 ? { deps, issues: [...issues.values()] } : { deps };
}

export const cargoLock = { id: 'cargo-lock', matches: fileNamed('Cargo.lock', underVendor), parse: parseCargoLock } satisfies Format;
