// uv.toml: uv's configuration file (the same settings as `[tool.uv]` in pyproject.toml, which another
// format reads). Indexes: `[[index]]` tables, the older `index-url` / `extra-index-url`, `find-links`,
// hosts allowed without TLS checks, and the same under `[pip]` for the `uv pip` interface.
import type { ParsedFile } from '../../types.js';
import { ParseError, type Format } from '../format.js';
import { cleanUrl } from '../../redact/urls.js';
import { RegistryConfig } from './common.js';
import { isTable, labelledWording, parseTomlDocument, type TomlDocument, type TomlTable } from '../readers/toml.js';
import { fileNamed } from '../paths.js';

const LABEL = 'uv.toml';

function expectString(doc: TomlDocument, file: string, path: string[], v: unknown): string {
  if (typeof v !== 'string') throw new ParseError(`${LABEL}: ${path.join('.')} must be a string`, file, doc.line(path));
  return v;
}

function expectStrings(doc: TomlDocument, file: string, path: string[], v: unknown): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new ParseError(`${LABEL}: ${path.join('.')} must be an array of strings`, file, doc.line(path));
  }
  return v as string[];
}

/** The index settings of one table: the top level, or `[pip]` (keys then start with `pip.`). */
function indexSettings(doc: TomlDocument, out: RegistryConfig, table: TomlTable, base: string[]): void {
  const file = out.file;
  const name = (k: string): string => [...base, k].join('.');
  if (table['index-url'] !== undefined) {
    const path = [...base, 'index-url'];
    out.addUrl(doc.line(path), name('index-url'), name('index-url'), expectString(doc, file, path, table['index-url']), 'registry');
  }
  for (const k of ['extra-index-url', 'find-links'] as const) {
    if (table[k] === undefined) continue;
    const path = [...base, k];
    expectStrings(doc, file, path, table[k]).forEach((url, i) => {
      const key = `${name(k)}/${cleanUrl(url).value}`;
      const line = doc.line([...path, i]);
      out.add(line, key, name(k), out.url(line, key, name(k), url), 'extra-registry');
    });
  }
  if (table['allow-insecure-host'] !== undefined) {
    const path = [...base, 'allow-insecure-host'];
    expectStrings(doc, file, path, table['allow-insecure-host']).forEach((host, i) => {
      out.add(doc.line([...path, i]), `${name('allow-insecure-host')}/${host}`, name('allow-insecure-host'), host, 'insecure-host');
    });
  }
  if (table['no-index'] === true) out.add(doc.line([...base, 'no-index']), name('no-index'), name('no-index'), 'true', 'other');
  const strategy = table['index-strategy'];
  if (typeof strategy === 'string' && strategy !== 'first-index') {
    // `unsafe-best-match` / `unsafe-first-match` look for a name in every index: the dependency-confusion shape.
    out.add(doc.line([...base, 'index-strategy']), name('index-strategy'), name('index-strategy'), strategy, 'other');
  }
  if (table['verify-hashes'] === false) {
    out.add(doc.line([...base, 'verify-hashes']), name('verify-hashes'), name('verify-hashes'), 'false', 'checksum-off');
  }
  if (table['no-verify-hashes'] === true) {
    out.add(doc.line([...base, 'no-verify-hashes']), name('no-verify-hashes'), name('no-verify-hashes'), 'true', 'checksum-off');
  }
}

/** `[[index]]`: `default = true` replaces PyPI, `explicit = true` serves only packages pinned to it, any other is consulted beside it. */
function indexTables(doc: TomlDocument, out: RegistryConfig, value: unknown): void {
  if (!Array.isArray(value)) throw new ParseError(`${LABEL}: index must be an array of tables ([[index]])`, out.file, doc.line(['index']));
  value.forEach((entry, i) => {
    if (!isTable(entry)) throw new ParseError(`${LABEL}: each [[index]] must be a table`, out.file, doc.line(['index', i]));
    if (typeof entry.url !== 'string') throw new ParseError(`${LABEL}: [[index]] needs a url`, out.file, doc.line(['index', i]));
    const url = cleanUrl(entry.url).value;
    const named = typeof entry.name === 'string' ? entry.name : undefined;
    const key = `index/${named ?? url}`;
    const effect = entry.default === true ? 'registry' : entry.explicit === true ? 'other' : 'extra-registry';
    const line = doc.line(['index', i, 'url']);
    out.add(line, key, named ? `index ${JSON.stringify(named)}` : 'index', out.url(line, key, 'index.url', entry.url), effect);
  });
}

function parseUvToml(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file, labelledWording(LABEL));
  const out = new RegistryConfig(file, 'pypi', LABEL);
  indexSettings(doc, out, doc.data, []);
  if (doc.data.index !== undefined) indexTables(doc, out, doc.data.index);
  const pip = doc.data.pip;
  if (pip !== undefined) {
    if (!isTable(pip)) throw new ParseError(`${LABEL}: pip must be a table`, file, doc.line(['pip']));
    indexSettings(doc, out, pip, ['pip']);
  }
  return out.result();
}

export const uvToml = { id: 'uv-toml', matches: fileNamed(['uv.toml']), parse: parseUvToml, inventory: 'registries' } satisfies Format;
