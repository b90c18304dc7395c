// TOML with lines: smol-toml validates and gives the values but no positions, so a small scanner walks
// the (already validated) text once and records the 1-based line where each value is defined: the key
// of a `key = value`, the header of a `[table]` / `[[array.of.tables]]` element, the first line of each
// array element. Paths address values as the parsed data does: `['package', 3, 'name']`.
// The one TOML reader of the formats: pyproject.toml, the Python lockfiles, Pipfile, MCP client
// configs, the Cargo files and the registry configs (bunfig.toml, uv.toml, .cargo/config.toml).
import { parse as parseToml, TomlError } from 'smol-toml';
import { lineIndex, ParseError } from '../format.js';

export type TomlPath = readonly (string | number)[];
export type TomlTable = Record<string, unknown>;

/** A parsed TOML file: its values and where each is defined. */
export interface TomlDocument {
  file: string;
  data: TomlTable;
  /** 1-based line where the value at `path` is defined, or of its nearest defined ancestor (1 for the root). */
  line(path: TomlPath): number;
  /** Whether the scanner saw `path` itself defined in the text. */
  has(path: TomlPath): boolean;
}

/** How a format words the errors of reading TOML (each format keeps its own messages). */
export interface TomlWording {
  /** The text contains a NUL byte. */
  binary: string;
  /** smol-toml rejected the text; `detail` is the first line of its message, or the message of another error. */
  invalid(detail: string): string;
  /** The text is nested too deeply for the parser; absent: worded as `invalid(message)`. */
  tooDeep?: string;
}

const DEFAULT_WORDING: TomlWording = {
  binary: 'the file contains NUL bytes; expected TOML text',
  invalid: (detail) => `invalid TOML: ${detail}`,
  tooDeep: 'TOML is nested too deeply to read',
};

/** The wording of the registry config formats, which name their file: `bunfig.toml is not valid TOML: ...`. */
export function labelledWording(label: string): TomlWording {
  return {
    binary: `${label} is not a text file (it contains a NUL byte)`,
    invalid: (detail) => `${label} is not valid TOML: ${detail}`,
  };
}

const BOM = '\uFEFF';

/** The text without a byte order mark; a NUL byte is a ParseError at its line. */
function tomlBody(text: string, file: string, wording: TomlWording): string {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError(wording.binary, file, lineIndex(text)(nul));
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function parseBody(body: string, file: string, wording: TomlWording): TomlTable {
  try {
    return parseToml(body) as TomlTable;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      throw new ParseError(wording.invalid(first), file, githubLineOfTomlError(body, err));
    }
    if (err instanceof RangeError && wording.tooDeep !== undefined) throw new ParseError(wording.tooDeep, file, 1);
    throw new ParseError(wording.invalid(err instanceof Error ? err.message : String(err)), file, 1);
  }
}

/**
 * The GitHub line of a smol-toml error. smol-toml counts lines split at LF (`/\r?\n/`) up to where it
 * stopped, so a lone CR (which GitHub counts) is not counted, and an error at the end of a file that
 * ends with a line break is on the line after the last: its line and column are taken back to an
 * offset, and the offset to GitHub's line (never past the last line).
 */
function githubLineOfTomlError(body: string, err: TomlError): number {
  let start = 0;
  for (let line = 1; line < err.line; line++) {
    const lf = body.indexOf('\n', start);
    if (lf === -1) break;
    start = lf + 1;
  }
  return lineIndex(body)(start + Math.max(0, (err.column || 1) - 1));
}

/**
 * Parses TOML, throwing ParseError with the line smol-toml reports for a syntax error (and for
 * anything else that stops it: absurd nesting, binary garbage).
 */
export function parseTomlDocument(text: string, file: string, wording: TomlWording = DEFAULT_WORDING): TomlDocument {
  const body = tomlBody(text, file, wording);
  const data = parseBody(body, file, wording);
  const lines = scanLines(body);
  return {
    file,
    data,
    line: (path) => {
      // The line of the deepest prefix of `path` the scanner saw defined.
      let found = 1;
      let id: number | undefined = PathLines.ROOT;
      for (const p of path) {
        id = lines.find(id, p);
        if (id === undefined) break;
        found = lines.lineOf(id) ?? found;
      }
      return found;
    },
    has: (path) => {
      let id: number | undefined = PathLines.ROOT;
      for (const p of path) {
        id = lines.find(id, p);
        if (id === undefined) return false;
      }
      return lines.lineOf(id) !== undefined;
    },
  };
}

/**
 * The lines where values are defined, as a tree of path steps: a step from a node is found by the
 * node's number and the key or index, so a dotted key or header of k parts costs k steps. (Paths
 * encoded whole cost k^2: a 20,000-part header, 40 KB, held the reader for minutes.)
 */
export class PathLines {
  static readonly ROOT = 0;
  private readonly steps = new Map<string, number>();
  private readonly lines: (number | undefined)[] = [undefined];

  private static stepKey(parent: number, step: string | number): string {
    return typeof step === 'number' ? `${parent}#${step}` : `${parent}.${step}`;
  }

  /** The node one step below `parent`, created when new. */
  child(parent: number, step: string | number): number {
    const key = PathLines.stepKey(parent, step);
    let id = this.steps.get(key);
    if (id === undefined) {
      id = this.lines.length;
      this.lines.push(undefined);
      this.steps.set(key, id);
    }
    return id;
  }

  find(parent: number, step: string | number): number | undefined {
    return this.steps.get(PathLines.stepKey(parent, step));
  }

  /** The first line recorded for a node wins. */
  record(id: number, line: number): void {
    this.lines[id] ??= line;
  }

  lineOf(id: number): number | undefined {
    return this.lines[id];
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;

/** The line of every value defined in `text`, which must be valid TOML (smol-toml said so). Linear in its length. */
export function scanLines(text: string): PathLines {
  const lineAt = lineIndex(text);
  const out = new PathLines();
  /** Array-of-tables node -> index of its last element. */
  const aot = new Map<number, number>();
  const n = text.length;
  let i = 0;

  const record = (id: number, offset: number): void => out.record(id, lineAt(offset));

  const skipSpaces = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  };
  const skipComment = (): void => {
    if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
  };
  /** Whitespace, newlines and comments (inside arrays, and between top-level statements). */
  const skipBlank = (): void => {
    for (;;) {
      const start = i;
      skipSpaces();
      skipComment();
      if (text[i] === '\n') i++;
      if (i === start) return;
    }
  };

  const readString = (): string => {
    const q = text[i];
    if (text.startsWith(q.repeat(3), i)) {
      i += 3;
      const start = i;
      while (i < n) {
        if (q === '"' && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith(q.repeat(3), i)) break;
        i++;
      }
      const value = text.slice(start, i);
      i += 3;
      // Up to two more quotes right before the closing delimiter belong to the string.
      let extra = 0;
      while (extra < 2 && text[i] === q) {
        i++;
        extra++;
      }
      return value;
    }
    i++;
    const start = i;
    while (i < n && text[i] !== q && text[i] !== '\n') {
      if (q === '"' && text[i] === '\\') i++;
      i++;
    }
    const raw = text.slice(start, i);
    i++;
    if (q === "'") return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  };

  const readKey = (): string[] => {
    const keys: string[] = [];
    for (;;) {
      skipSpaces();
      if (text[i] === '"' || text[i] === "'") keys.push(readString());
      else {
        const start = i;
        while (i < n && BARE_KEY.test(text[i])) i++;
        if (i === start) {
          // Not a key at all (the text was valid TOML, so this cannot happen); never stall.
          keys.push('');
          if (i < n && text[i] !== '=' && text[i] !== ']') i++;
        } else keys.push(text.slice(start, i));
      }
      skipSpaces();
      if (text[i] !== '.') return keys;
      i++;
    }
  };

  const readValue = (path: number): void => {
    const c = text[i];
    if (c === '"' || c === "'") {
      readString();
    } else if (c === '[') {
      i++;
      for (let index = 0; i < n; index++) {
        skipBlank();
        if (text[i] === ']') break;
        const at = i;
        const element = out.child(path, index);
        record(element, at);
        readValue(element);
        skipBlank();
        if (text[i] === ',') i++;
        if (i === at) i++;
      }
      i++;
    } else if (c === '{') {
      i++;
      while (i < n) {
        skipBlank();
        if (text[i] === '}') break;
        const at = i;
        readKeyValue(path);
        skipBlank();
        if (text[i] === ',') i++;
        if (i === at) i++;
      }
      i++;
    } else {
      while (i < n && !/[,\]}\n#]/.test(text[i])) i++;
    }
  };

  const readKeyValue = (table: number): void => {
    const at = i;
    let id = table;
    for (const key of readKey()) {
      id = out.child(id, key);
      record(id, at);
    }
    skipSpaces();
    if (text[i] === '=') i++;
    skipSpaces();
    readValue(id);
  };

  let table = PathLines.ROOT;
  while (i < n) {
    skipBlank();
    if (i >= n) break;
    const at = i;
    if (text[i] === '[') {
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const keys = readKey();
      i += isArray ? 2 : 1;
      let resolved = PathLines.ROOT;
      keys.forEach((key, k) => {
        resolved = out.child(resolved, key);
        if (isArray && k === keys.length - 1) {
          const index = (aot.get(resolved) ?? -1) + 1;
          aot.set(resolved, index);
          record(resolved, at);
          resolved = out.child(resolved, index);
        } else {
          const index = aot.get(resolved);
          if (index !== undefined) resolved = out.child(resolved, index);
        }
        record(resolved, at);
      });
      table = resolved;
    } else {
      readKeyValue(table);
    }
    // Rest of the line: trailing spaces and a comment.
    skipSpaces();
    skipComment();
    if (i === at) i++;
  }
  return out;
}

// Typed access with errors that point at the value's line.

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function tomlTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  if (value instanceof Date) return 'a date';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

/** `a.b[2].c`, for messages. */
export function tomlLabel(path: TomlPath): string {
  return path
    .map((p, k) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z0-9_-]+$/.test(p) ? `${k === 0 ? '' : '.'}${p}` : `${k === 0 ? '' : '.'}${JSON.stringify(p)}`))
    .join('');
}

function wrongType(doc: TomlDocument, path: TomlPath, value: unknown, expected: string): ParseError {
  return new ParseError(`${tomlLabel(path)} must be ${expected}, found ${tomlTypeName(value)}`, doc.file, doc.line(path));
}

/** The value at `path` below `data` (undefined when any step is missing). */
export function valueAt(data: unknown, path: TomlPath): unknown {
  let cur = data;
  for (const p of path) {
    if (typeof p === 'number') cur = Array.isArray(cur) ? cur[p] : undefined;
    else cur = isTable(cur) ? cur[p] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The table at `path`; undefined when absent; anything else is a ParseError at its line. */
export function optTable(doc: TomlDocument, path: TomlPath): TomlTable | undefined {
  const v = valueAt(doc.data, path);
  if (v === undefined) return undefined;
  if (!isTable(v)) throw wrongType(doc, path, v, 'a table');
  return v;
}

export function optArray(doc: TomlDocument, path: TomlPath): unknown[] | undefined {
  const v = valueAt(doc.data, path);
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw wrongType(doc, path, v, 'an array');
  return v;
}

export function optString(doc: TomlDocument, path: TomlPath): string | undefined {
  const v = valueAt(doc.data, path);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw wrongType(doc, path, v, 'a string');
  return v;
}

export function optBoolean(doc: TomlDocument, path: TomlPath): boolean | undefined {
  const v = valueAt(doc.data, path);
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw wrongType(doc, path, v, 'true or false');
  return v;
}

export function reqString(doc: TomlDocument, path: TomlPath): string {
  const v = optString(doc, path);
  if (v === undefined) throw new ParseError(`${tomlLabel(path)} is missing`, doc.file, doc.line(path));
  return v;
}

/** A string array at `path` (each element a string); undefined when absent. */
export function optStringArray(doc: TomlDocument, path: TomlPath): string[] | undefined {
  const arr = optArray(doc, path);
  if (arr === undefined) return undefined;
  return arr.map((_, k) => reqString(doc, [...path, k]));
}
