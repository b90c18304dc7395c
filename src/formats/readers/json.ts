// Strict JSON with positions: the npm files are JSON that npm reads with JSON.parse, and every entry we
// report must carry the line of its key. jsonc-parser gives a tree with offsets; with comments and
// trailing commas disallowed its scanner accepts exactly JSON's grammar (whitespace is space, tab, CR, LF).
// The ESM build, not the package's UMD `main`: esbuild cannot follow the UMD wrapper's requires, and the
// bundled action would fail with "Cannot find module './impl/format'" (evanw/esbuild#1619).
import { parseTree, printParseErrorCode, type Node, type ParseError as JsoncError } from 'jsonc-parser/lib/esm/main.js';
import { lineIndex, ParseError } from '../format.js';

export type JsonNode = Node;

/** One `"key": value` pair of an object. */
export interface JsonMember {
  key: string;
  value: JsonNode;
  /** 1-based line of the key (computed on first use: most members of a lockfile are never reported). */
  readonly line: number;
}

/** A parsed file: its tree, and line lookups for offsets in it. */
export interface JsonDocument {
  file: string;
  root: JsonNode;
  /** 1-based line of a node's first character. */
  lineOf(node: JsonNode): number;
}

const BOM = '\uFEFF';

/**
 * Parses strict JSON (a leading BOM is tolerated, as npm does), or with `jsonc` comments and trailing
 * commas as VS Code, Zed and bun read them. Throws ParseError at the first syntax error.
 */
export function parseJsonDocument(text: string, file: string, options: { jsonc?: boolean } = {}): JsonDocument {
  // The BOM is one UTF-16 unit and no newline, so dropping it leaves every line number intact.
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const lines = lineIndex(body);
  if (body.trim() === '') throw new ParseError('the file is empty; expected a JSON object', file, 1);
  const errors: JsoncError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(body, errors, { allowTrailingComma: !!options.jsonc, disallowComments: !options.jsonc, allowEmptyContent: false });
  } catch (err) {
    // The parser recurses per nesting level; absurd nesting must be a finding, not a crash.
    if (err instanceof RangeError) throw new ParseError('JSON is nested too deeply to read', file, 1);
    throw err;
  }
  if (errors.length > 0) {
    const first = errors[0];
    throw new ParseError(`invalid ${options.jsonc ? 'JSONC' : 'JSON'}: ${describeSyntaxError(first, body)}`, file, lines(first.offset));
  }
  if (root === undefined) throw new ParseError('expected a JSON value', file, 1);
  return { file, root, lineOf: (node) => lines(node.offset) };
}

function describeSyntaxError(error: JsoncError, text: string): string {
  const code = printParseErrorCode(error.error);
  if (error.offset >= text.length) return `${code} (the file ends too early)`;
  const found = JSON.stringify(text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20))));
  return `${code} at ${found}`;
}

/**
 * Runs a reader over a parsed document, turning a stack overflow from absurdly deep nesting into a
 * ParseError: readers recurse per level, like the parser does.
 */
export function withDepthGuard<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof RangeError) throw new ParseError('JSON is nested too deeply to read', file, 1);
    throw err;
  }
}

/** A node's JSON type in words, for error messages. */
export function typeName(node: JsonNode): string {
  if (node.type === 'array') return 'an array';
  if (node.type === 'object') return 'an object';
  if (node.type === 'null') return 'null';
  return `a ${node.type} (${JSON.stringify(node.value)})`;
}

/**
 * The members of an object node, in file order, keyed by name. A repeated key keeps its last value (and
 * that value's line) in the place it was first written, which is what JSON.parse (and so npm) does: a
 * reader that kept the first value, or moved the key, would see a different file than npm.
 */
export function membersOf(doc: JsonDocument, node: JsonNode): Map<string, JsonMember> {
  const out = new Map<string, JsonMember>();
  for (const prop of node.children ?? []) {
    const [keyNode, value] = prop.children ?? [];
    if (keyNode === undefined || value === undefined) continue;
    const key = String(keyNode.value);
    // Map.set on a key already there replaces its value and keeps its place, as JSON.parse does.
    out.set(key, memberWithLazyLine(doc, key, keyNode, value));
  }
  return out;
}

function memberWithLazyLine(doc: JsonDocument, key: string, keyNode: JsonNode, value: JsonNode): JsonMember {
  let line: number | undefined;
  return {
    key,
    value,
    get line() {
      line ??= doc.lineOf(keyNode);
      return line;
    },
  };
}

/** Where a value sits, for messages: `packages["node_modules/a"].version`. */
export function pathLabel(parent: string, key: string): string {
  const simple = /^[A-Za-z_$][\w$]*$/.test(key);
  const part = simple ? key : `[${JSON.stringify(key)}]`;
  if (parent === '') return simple ? key : part;
  return simple ? `${parent}.${part}` : `${parent}${part}`;
}

/** The members of `node`, which must be an object; `label` names it in the error. */
export function expectObject(doc: JsonDocument, node: JsonNode, label: string): Map<string, JsonMember> {
  if (node.type !== 'object') {
    throw new ParseError(`${label} must be an object, found ${typeName(node)}`, doc.file, doc.lineOf(node));
  }
  return membersOf(doc, node);
}

/** The members of an optional object-valued member; empty when absent. */
export function objectMember(
  doc: JsonDocument,
  members: Map<string, JsonMember>,
  key: string,
  parent: string,
): Map<string, JsonMember> {
  const m = members.get(key);
  return m === undefined ? new Map() : expectObject(doc, m.value, pathLabel(parent, key));
}

/** The value of a string member, undefined when absent; any other type is a ParseError. */
export function stringMember(
  doc: JsonDocument,
  members: Map<string, JsonMember>,
  key: string,
  parent: string,
): string | undefined {
  const m = members.get(key);
  if (m === undefined) return undefined;
  return expectString(doc, m.value, pathLabel(parent, key));
}

/** A string node's value; any other type is a ParseError naming `label`. */
export function expectString(doc: JsonDocument, node: JsonNode, label: string): string {
  if (node.type !== 'string') {
    throw new ParseError(`${label} must be a string, found ${typeName(node)}`, doc.file, doc.lineOf(node));
  }
  return node.value as string;
}

/** The value of a boolean member, undefined when absent; any other type is a ParseError. */
export function booleanMember(
  doc: JsonDocument,
  members: Map<string, JsonMember>,
  key: string,
  parent: string,
): boolean | undefined {
  const m = members.get(key);
  if (m === undefined) return undefined;
  if (m.value.type !== 'boolean') {
    throw new ParseError(
      `${pathLabel(parent, key)} must be true or false, found ${typeName(m.value)}`,
      doc.file,
      doc.lineOf(m.value),
    );
  }
  return m.value.value as boolean;
}
