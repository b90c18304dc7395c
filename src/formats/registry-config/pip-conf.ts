// pip.conf / pip.ini: pip's INI configuration, read as Python's configparser reads it for pip
// (sections, `key = value` or `key: value`, `#`/`;` comment lines, indented continuation lines, a
// duplicate section or option is an error; lines end at LF, CRLF and a lone CR). `extra-index-url`,
// `find-links` and `trusted-host` hold several whitespace-separated values, each its own setting on
// its own line.
import type { ParsedFile } from '../../types.js';
import { ParseError, type Format } from '../format.js';
import { isPythonSpace, lineIndex, pythonStrip, pythonWords, splitLines } from '../readers/lines.js';
import { cleanUrl } from '../../redact/urls.js';
import { configText, isTrue, RegistryConfig } from './common.js';
import { fileNamed } from '../paths.js';

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
 * The words of a value as pip splits a list option (`value.split()`, at Python's whitespace), each
 * with its line. configparser keeps `#` inside values; pip would take a trailing `# comment` as more
 * URLs, which only makes noise here, so a word starting with `#` or `;` ends its line.
 */
function words(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    for (const w of pythonWords(p.text)) {
      if (w.text.startsWith('#') || w.text.startsWith(';')) break;
      out.push({ text: w.text, line: p.line });
    }
  }
  return out;
}

/** Offset of the first non-whitespace character (configparser's NONSPACECRE, Python's `\S`). */
function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && isPythonSpace(line.charCodeAt(i))) i++;
  return i === line.length ? 0 : i;
}

/**
 * configparser's OPTCRE, `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`, as a scan: the name is
 * what comes before the first `=` or `:`, the value what follows (the regex is quadratic on a long
 * run of spaces: a 50,000-space line hung the reader).
 */
function optionParts(stripped: string): { name: string; value: string } | undefined {
  let d = 0;
  while (d < stripped.length && stripped[d] !== '=' && stripped[d] !== ':') d++;
  if (d === stripped.length) return undefined;
  return { name: pythonStrip(stripped.slice(0, d)), value: pythonStrip(stripped.slice(d + 1)) };
}

/**
 * configparser's _read for pip (RawConfigParser, strict): the file is read in text mode, so lines end
 * at LF, CRLF and a lone CR (universal newlines, the same lines GitHub shows); str.strip() and `\S`
 * use Python's whitespace; a line whose stripped text starts with `#` or `;` is a comment; blank
 * lines and comments do not end a value; a line indented deeper than its option continues it.
 */
function readOptions(text: string, file: string, label: string): Option[] {
  const options: Option[] = [];
  const sections = new Set<string>();
  const seen = new Set<string>();
  let section: string | undefined;
  let current: Option | undefined;
  const body = configText(text, file, label);
  const github = lineIndex(body);
  for (const { text: raw, start } of splitLines(body, 'universal')) {
    const stripped = pythonStrip(raw);
    if (!stripped || stripped.startsWith('#') || stripped.startsWith(';')) continue;
    const line = github(start);
    const indent = indentOf(raw);
    if (current && indent > current.indent) {
      current.pieces.push({ text: stripped, line });
      continue;
    }
    current = undefined;
    // SECTCRE `\[(?P<header>.+)\]`, matched at the start: the header runs to the last `]`.
    const close = stripped.lastIndexOf(']');
    if (stripped.startsWith('[') && close > 1) {
      section = stripped.slice(1, close);
      if (sections.has(section)) throw new ParseError(`${label}: section [${section}] appears twice`, file, line);
      sections.add(section);
      continue;
    }
    if (section === undefined) throw new ParseError(`${label}: a setting before any [section] header`, file, line);
    const m = optionParts(stripped);
    if (!m || !m.name) throw new ParseError(`${label}: not a \`name = value\` line`, file, line);
    const name = m.name.toLowerCase().replace(/_/g, '-').replace(/^--/, '');
    const id = `${section}\0${m.name.toLowerCase()}`;
    if (seen.has(id)) throw new ParseError(`${label}: ${m.name} is set twice in [${section}]`, file, line);
    seen.add(id);
    current = { section, name, line, indent, pieces: [{ text: m.value, line }] };
    options.push(current);
  }
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

export const pipConf = { id: 'pip-conf', matches: fileNamed(['pip.conf', 'pip.ini']), parse: parsePipConf, inventory: 'registries' } satisfies Format;
