// pip.conf / pip.ini: pip's INI configuration, read as Python's configparser reads it for pip
// (sections, `key = value` or `key: value`, `#`/`;` comment lines, indented continuation lines, a
// duplicate section or option is an error). `extra-index-url`, `find-links` and `trusted-host` hold
// several whitespace-separated values, each its own setting on its own line.
import type { ParsedFile } from '../types.js';
import { ParseError, type Format } from './format.js';
import { cleanUrl, configText, isTrue, namedFile, RegistryConfig, textLines } from './registry-common.js';

interface Piece {
  text: string;
  line: number;
}

interface Option {
  section: string;
  /** As pip reads it: lower case, `_` -> `-`, no leading `--`. */
  name: string;
  line: number;
  indent: number;
  /** The value on the option's line, then each continuation line. */
  pieces: Piece[];
}

/**
 * The words of a value, each with its line. configparser keeps `#` inside values; pip would take a
 * trailing `# comment` as more URLs, which only makes noise here, so a word starting with `#` or `;`
 * ends its line.
 */
function words(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    for (const w of p.text.split(/\s+/)) {
      if (!w) continue;
      if (w.startsWith('#') || w.startsWith(';')) break;
      out.push({ text: w, line: p.line });
    }
  }
  return out;
}

function readOptions(text: string, file: string, label: string): Option[] {
  const options: Option[] = [];
  const sections = new Set<string>();
  const seen = new Set<string>();
  let section: string | undefined;
  let current: Option | undefined;
  textLines(configText(text, file, label)).forEach((raw, i) => {
    const line = i + 1;
    const stripped = raw.trim();
    if (!stripped || stripped.startsWith('#') || stripped.startsWith(';')) return;
    const indent = raw.length - raw.trimStart().length;
    if (current && indent > current.indent) {
      current.pieces.push({ text: stripped, line });
      return;
    }
    current = undefined;
    const header = /^\[(.+)\]/.exec(stripped);
    if (header) {
      section = header[1];
      if (sections.has(section)) throw new ParseError(`${label}: section [${section}] appears twice`, file, line);
      sections.add(section);
      return;
    }
    if (section === undefined) throw new ParseError(`${label}: a setting before any [section] header`, file, line);
    const m = /^(.*?)\s*[=:]\s*(.*)$/.exec(stripped);
    if (!m || !m[1]) throw new ParseError(`${label}: not a \`name = value\` line`, file, line);
    const name = m[1].toLowerCase().replace(/_/g, '-').replace(/^--/, '');
    const id = `${section}\0${m[1].toLowerCase()}`;
    if (seen.has(id)) throw new ParseError(`${label}: ${m[1]} is set twice in [${section}]`, file, line);
    seen.add(id);
    current = { section, name, line, indent, pieces: [{ text: m[2], line }] };
    options.push(current);
  });
  return options;
}

function parsePipConf(text: string, file: string): ParsedFile {
  const label = file.slice(file.lastIndexOf('/') + 1) || 'pip.conf';
  const out = new RegistryConfig(file, 'pypi', label);
  for (const o of readOptions(text, file, label)) {
    const key = `${o.section}/${o.name}`;
    const list = words(o.pieces);
    const first = list[0];
    switch (o.name) {
      case 'index-url':
        if (first) out.addUrl(first.line, key, o.name, first.text, 'registry');
        break;
      case 'extra-index-url':
      case 'find-links':
        for (const w of list) {
          const itemKey = `${key}/${cleanUrl(w.text).value}`;
          out.add(w.line, itemKey, o.name, out.url(w.line, itemKey, o.name, w.text), 'extra-registry');
        }
        break;
      case 'trusted-host':
        for (const w of list) out.add(w.line, `${key}/${w.text}`, o.name, w.text, 'insecure-host');
        break;
      case 'cert':
      case 'client-cert':
        if (first) out.add(first.line, key, o.name, first.text, 'other');
        break;
      case 'no-index': {
        const v = first?.text ?? '';
        if (isTrue(v)) out.add(o.line, key, o.name, v, 'other');
        break;
      }
      case 'proxy':
        if (first) out.addUrl(first.line, key, o.name, first.text, 'other');
        break;
      default:
        for (const p of o.pieces) if (p.text) out.scan(p.line, key, o.name, p.text);
    }
  }
  return out.result();
}

export const pipConf = {
  id: 'pip-conf',
  matches: (path) => namedFile(path, ['pip.conf', 'pip.ini']),
  parse: (text, path) => parsePipConf(text, path),
  inventory: 'registries',
} satisfies Format;
