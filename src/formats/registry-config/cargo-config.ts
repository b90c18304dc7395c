// Cargo's `.cargo/config.toml` (and the older `.cargo/config`): source replacement (crates.io replaced
// by a mirror, a vendored directory or a git repository), alternative registries, and TLS revocation
// checks. `.cargo/credentials.toml` has the same shape for tokens and is read too: a committed token
// there is exactly what the `secret` issue is for.
import type { ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { isFalse, RegistryConfig } from './common.js';
import { own } from '../../common/own.js';
import { isTable, labelledWording, parseTomlDocument, type TomlDocument, type TomlTable } from '../readers/toml.js';
import { slashed } from '../../common/paths.js';
import { underNodeModules } from '../paths.js';

const SOURCE_KINDS = ['registry', 'local-registry', 'directory', 'git'] as const;
const FILES = new Set(['config.toml', 'config', 'credentials.toml', 'credentials']);

function tableAt(doc: TomlDocument, file: string, label: string, v: unknown, path: string[]): TomlTable | undefined {
  if (v === undefined) return undefined;
  if (!isTable(v)) throw new ParseError(`${label}: ${path.join('.')} must be a table`, file, doc.line(path));
  return v;
}

/** Where a source gets its crates: `registry https://...`, `directory vendor`, `git https://...`. */
function sourceKind(source: TomlTable): { kind: (typeof SOURCE_KINDS)[number]; where: string } | undefined {
  for (const kind of SOURCE_KINDS) {
    const v = source[kind];
    if (typeof v === 'string') return { kind, where: v };
  }
  return undefined;
}

function parseCargoConfig(text: string, file: string): ParsedFile {
  const p = slashed(file);
  const label = p.slice(p.lastIndexOf('.cargo/'));
  const doc = parseTomlDocument(text, file, labelledWording(label));
  const out = new RegistryConfig(file, 'cargo', label);
  const sources = tableAt(doc, file, label, doc.data.source, ['source']) ?? {};
  const registries = tableAt(doc, file, label, doc.data.registries, ['registries']) ?? {};

  /** The source `name` stands for, following `replace-with` chains: `mirror (registry sparse+https://...)`. */
  const describe = (name: string, depth = 0): string => {
    // `name` is a replace-with value from the file: only sources and registries it defines count.
    const source = own(sources, name);
    if (isTable(source)) {
      const next = source['replace-with'];
      if (typeof next === 'string' && depth < 8) return `${name} -> ${describe(next, depth + 1)}`;
      const kind = sourceKind(source);
      if (kind) {
        const where = kind.kind === 'registry' || kind.kind === 'git' ? out.url(doc.line(['source', name, kind.kind]), `source.${name}`, `source.${name}.${kind.kind}`, kind.where) : kind.where;
        return `${name} (${kind.kind} ${where})`;
      }
    }
    const reg = own(registries, name);
    if (isTable(reg) && typeof reg.index === 'string') {
      return `${name} (registry ${out.url(doc.line(['registries', name, 'index']), `registries.${name}.index`, `registries.${name}.index`, reg.index)})`;
    }
    return `${name} (not defined here)`;
  };

  for (const [name, value] of Object.entries(sources)) {
    const source = tableAt(doc, file, label, value, ['source', name]);
    if (!source) continue;
    const replaceWith = source['replace-with'];
    if (replaceWith !== undefined) {
      if (typeof replaceWith !== 'string') throw new ParseError(`${label}: source.${name}.replace-with must be a string`, file, doc.line(['source', name, 'replace-with']));
      const key = `source.${name}.replace-with`;
      out.add(doc.line(['source', name, 'replace-with']), key, key, describe(replaceWith), name === 'crates-io' ? 'registry' : 'other');
    }
    const kind = sourceKind(source);
    if (kind) {
      const setting = `source.${name}.${kind.kind}`;
      const line = doc.line(['source', name, kind.kind]);
      const where = kind.kind === 'registry' || kind.kind === 'git' ? out.url(line, `source.${name}`, setting, kind.where) : kind.where;
      const ref = ['branch', 'tag', 'rev'].find((r) => typeof source[r] === 'string');
      out.add(line, `source.${name}`, setting, ref ? `${where} ${ref}=${String(source[ref])}` : where, 'other');
    }
  }

  for (const [name, value] of Object.entries(registries)) {
    const reg = tableAt(doc, file, label, value, ['registries', name]);
    if (!reg) continue;
    if (typeof reg.index === 'string') {
      const key = `registries.${name}.index`;
      out.addUrl(doc.line(['registries', name, 'index']), key, key, reg.index, 'other');
    }
    if (typeof reg.token === 'string') {
      const key = `registries.${name}.token`;
      out.credential(doc.line(['registries', name, 'token']), key, key, reg.token, 'token');
    }
  }

  const registry = tableAt(doc, file, label, doc.data.registry, ['registry']);
  if (registry && typeof registry.token === 'string') {
    out.credential(doc.line(['registry', 'token']), 'registry.token', 'registry.token', registry.token, 'token');
  }

  const http = tableAt(doc, file, label, doc.data.http, ['http']);
  if (http) {
    if (isFalse(http['check-revoke'])) out.add(doc.line(['http', 'check-revoke']), 'http.check-revoke', 'http.check-revoke', 'false', 'tls-off');
    if (typeof http.cainfo === 'string') out.add(doc.line(['http', 'cainfo']), 'http.cainfo', 'http.cainfo', http.cainfo, 'other');
    if (typeof http.proxy === 'string') out.addUrl(doc.line(['http', 'proxy']), 'http.proxy', 'http.proxy', http.proxy, 'other');
  }
  return out.result();
}

export const cargoConfig = {
  id: 'cargo-config',
  matches: (path) => {
    const segs = slashed(path).split('/');
    return segs.length >= 2 && segs[segs.length - 2] === '.cargo' && FILES.has(segs[segs.length - 1]) && !underNodeModules(slashed(path));
  },
  parse: (text, path) => parseCargoConfig(text, path),
  inventory: 'registries',
} satisfies Format;
