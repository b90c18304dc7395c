// Codex: .codex/config.toml, servers under `[mcp_servers.<name>]`.
import type { ParsedFile } from '../../../types.js';
import { parseTomlDocument, optTable, isTable, optString, valueAt, type TomlDocument, tomlLabel, tomlTypeName } from '../../readers/toml.js';
import { Collector, type ServerEntry, type Named } from './entries.js';
import { ParseError, type Format } from '../../format.js';
import { endsWith } from './paths.js';

function parseCodex(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  const c = new Collector(file, 'codex');
  const table = optTable(doc, ['mcp_servers']);
  if (table === undefined) return c.result();
  for (const name of Object.keys(table)) {
    const path = ['mcp_servers', name];
    if (!isTable(table[name])) throw tomlWrongType(doc, path, table[name], 'a table');
    const entry: ServerEntry = { name, key: `mcp_servers/${name}`, line: doc.line(path), args: [], env: [], headers: [], extra: [] };
    const command = optString(doc, [...path, 'command']);
    if (command !== undefined) entry.command = { value: command, line: doc.line([...path, 'command']) };
    const args = valueAt(doc.data, [...path, 'args']);
    if (args !== undefined) {
      if (!Array.isArray(args)) throw tomlWrongType(doc, [...path, 'args'], args, 'an array of strings');
      entry.args = args.map((a, k) => {
        if (typeof a !== 'string') throw tomlWrongType(doc, [...path, 'args', k], a, 'a string');
        return { value: a, line: doc.line([...path, 'args', k]) };
      });
    }
    entry.env = tomlStringMap(doc, [...path, 'env']);
    entry.headers = tomlStringMap(doc, [...path, 'http_headers']);
    const url = optString(doc, [...path, 'url']);
    if (url !== undefined) entry.url = { value: url, line: doc.line([...path, 'url']), field: 'url' };
    // Codex speaks streamable HTTP to a `url`.
    if (url !== undefined && command === undefined) entry.type = 'http';
    c.add(entry);
  }
  return c.result();
}

function tomlWrongType(doc: TomlDocument, path: (string | number)[], value: unknown, expected: string): ParseError {
  return new ParseError(`${tomlLabel(path)} must be ${expected}, found ${tomlTypeName(value)}`, doc.file, doc.line(path));
}

function tomlStringMap(doc: TomlDocument, path: string[]): Named[] {
  const t = optTable(doc, path);
  if (t === undefined) return [];
  return Object.entries(t).map(([name, value]) => {
    if (typeof value !== 'string') throw tomlWrongType(doc, [...path, name], value, 'a string');
    return { name, value, line: doc.line([...path, name]) };
  });
}

export const codexConfig = {
  id: 'codex-config',
  matches: (path) => endsWith(path, '.codex', 'config.toml'),
  parse: (text, path) => parseCodex(text, path),
  inventory: 'servers',
} satisfies Format;
