// Cargo.lock: what cargo builds. Each `[[package]]` with a `source` (crates.io, another registry, a
// git repository) becomes a lockfile Dependency at the line of its `name`; workspace members and path
// packages (no source) are the project itself and are skipped. Checksums come from the `checksum`
// field (lockfile v2+) or the v1 `[metadata]` table.
import type { Dependency } from '../types.js';
import { fileName, type Format, ParseError } from './format.js';
import { parseTomlData, scanToml } from './toml-lines.js';
import { CARGO_TOML_WORDING, underVendorDir } from './cargo-toml.js';

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

function parseCargoLock(text: string, file: string): Dependency[] {
  const root = parseTomlData(text, file, CARGO_TOML_WORDING);
  const stmts = scanToml(text);
  const version = root.version;
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > MAX_VERSION)) {
    const line = stmts.find((s) => s.kind === 'key' && s.path.length === 1 && s.path[0] === 'version')?.line ?? 1;
    throw new ParseError(`Cargo.lock version ${typeof version === 'number' ? version : typeName(version)} is not supported (expected 1 to ${MAX_VERSION})`, file, line);
  }
  const packages = root.package;
  if (packages === undefined) return [];
  const headers = stmts.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'array-table' && s.path.length === 1 && s.path[0] === 'package');
  if (!Array.isArray(packages)) {
    throw new ParseError(`package must be an array of tables, found ${typeName(packages)}`, file, stmts.find((s) => s.path[0] === 'package')?.line ?? 1);
  }
  // v1 lockfiles keep checksums in [metadata]: "checksum <name> <version> (<source>)" = "<hex>".
  const metadata = typeof root.metadata === 'object' && root.metadata !== null ? (root.metadata as Record<string, unknown>) : {};

  const entries: Omit<Dependency, 'key'>[] = [];
  packages.forEach((pkg: unknown, n) => {
    const header = headers[n];
    const headerLine = header?.s.line ?? 1;
    const nameLine = header === undefined ? headerLine : (stmts.find((s, i) => i > header.i && s.header === header.i && s.path.join('.') === 'package.name')?.line ?? headerLine);
    const at = (field: string): number => (header === undefined ? headerLine : (stmts.find((s, i) => i > header.i && s.header === header.i && s.path[1] === field)?.line ?? headerLine));
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
    const entry: Omit<Dependency, 'key'> = {
      ecosystem: 'cargo',
      name,
      version: ver,
      ...readCargoSource(source),
      resolved: source,
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
  return entries.map((e) => {
    const base = `${e.name}@${e.version}`;
    let key = counts.get(base)! > 1 ? `${base} (${e.resolved})` : base;
    while (seen.has(key)) key += '#';
    seen.add(key);
    return { ...e, key };
  });
}

export const cargoLock = {
  id: 'cargo-lock',
  matches: (path) => {
    const p = path.replace(/\\/g, '/');
    return fileName(p) === 'Cargo.lock' && !underVendorDir(p);
  },
  parse: (text, path) => parseCargoLock(text, path),
} satisfies Format;
