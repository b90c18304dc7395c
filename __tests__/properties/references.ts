// The reference readers the agreement properties compare the gate with: the grammars of the real
// tools, taken from libraries (JSON.parse, jsonc-parser, the `yaml` package, smol-toml, @yarnpkg/parsers)
// with the options each client uses. Each returns the data as Maps (so `__proto__` and `constructor`
// stay keys) or says the text is invalid.
import { visit } from 'jsonc-parser/lib/esm/main.js';
import { parse as parseToml } from 'smol-toml';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, type Alias, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/** Data with objects as Maps: keys that are prototype names stay ordinary keys. */
export type Data = string | number | boolean | null | bigint | Date | Data[] | Map<string, Data>;

export type Reading = { valid: true; data: Data } | { valid: false; why: string };

const BOM = '\uFEFF';
const withoutBom = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);

/** A plain JSON.parse value as Data (JSON.parse stores every key, `__proto__` included, as an own property). */
function fromPlain(value: unknown): Data {
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return new Map(Object.keys(value).map((k) => [k, fromPlain((value as Record<string, unknown>)[k])]));
  }
  return value as Data;
}

/** npm, pipenv and the MCP registry read these files with JSON.parse; npm drops a leading BOM first. */
export function jsonReference(text: string): Reading {
  let value: unknown;
  try {
    value = JSON.parse(withoutBom(text));
  } catch (err) {
    return { valid: false, why: (err as Error).message };
  }
  try {
    return { valid: true, data: fromPlain(value) };
  } catch (err) {
    // Valid, but nested deeper than this conversion recurses: valid with no data to compare.
    if (err instanceof RangeError) return { valid: true, data: TOO_DEEP };
    throw err;
  }
}

/** Data too deep or too large to build for a comparison (the validity still counts). */
export const TOO_DEEP: Data = '\u0000(not compared: too deep or too large)';

/**
 * jsonc-parser's own parser (VS Code's), with the options the gate reads JSONC with: comments and
 * trailing commas allowed, empty content refused. An editor decodes the file first, so a BOM is not
 * part of the text. The value is built from the parser's events, a repeated key keeping its last value.
 */
export function jsoncReference(text: string): Reading {
  const stack: { container: Data[] | Map<string, Data>; key?: string }[] = [];
  let root: Data | undefined;
  const place = (v: Data): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = v;
    else if (Array.isArray(top.container)) top.container.push(v);
    else top.container.set(top.key!, v);
  };
  let firstError: string | undefined;
  try {
    visitJsonc(text, place, stack, (e) => (firstError ??= e));
  } catch (err) {
    // jsonc-parser's visitor recurses per level: what it cannot read, VS Code cannot either.
    if (err instanceof RangeError) return { valid: false, why: 'nested deeper than jsonc-parser reads' };
    throw err;
  }
  if (firstError !== undefined || root === undefined) return { valid: false, why: firstError ?? 'no value' };
  return { valid: true, data: root };
}

function visitJsonc(text: string, place: (v: Data) => void, stack: { container: Data[] | Map<string, Data>; key?: string }[], error: (e: string) => void): void {
  visit(
    withoutBom(text),
    {
      onObjectBegin: () => {
        const m = new Map<string, Data>();
        place(m);
        stack.push({ container: m });
      },
      onObjectProperty: (property) => {
        stack[stack.length - 1].key = property;
      },
      onObjectEnd: () => void stack.pop(),
      onArrayBegin: () => {
        const a: Data[] = [];
        place(a);
        stack.push({ container: a });
      },
      onArrayEnd: () => void stack.pop(),
      onLiteralValue: (value) => place(value as Data),
      onError: (code, offset) => error(`jsonc error ${code} at ${offset}`),
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false },
  );
}

/** smol-toml, on the text without a BOM. */
export function tomlReference(text: string): Reading {
  let value: unknown;
  try {
    value = parseToml(withoutBom(text));
  } catch (err) {
    return { valid: false, why: (err as Error).message.split('\n')[0] };
  }
  try {
    return { valid: true, data: fromToml(value) };
  } catch (err) {
    // A dotted key of thousands of parts is valid TOML, deeper than this conversion recurses.
    if (err instanceof RangeError) return { valid: true, data: TOO_DEEP };
    throw err;
  }
}

function fromToml(value: unknown): Data {
  if (Array.isArray(value)) return value.map(fromToml);
  if (value instanceof Date) return value;
  if (typeof value === 'object' && value !== null) return new Map(Object.entries(value).map(([k, v]) => [k, fromToml(v)]));
  return value as Data;
}

/** How a client reads YAML, as src/formats/yaml-doc.ts documents it for each format. */
export interface YamlReferenceOptions {
  /** js-yaml (pnpm, Yarn) and yaml.v3 (Compose) end a line at a lone CR too, as the YAML spec's b-break does. */
  loneCrBreaks: boolean;
  options: ParseOptions & DocumentOptions & SchemaOptions;
  /** js-yaml refuses a tag it does not know; the `yaml` package only warns. */
  unknownTagsRefused?: boolean;
  /** Go's yaml.v3 (Compose) refuses an alias inside the node its anchor names ("anchor value contains itself"). */
  cyclesRefused?: boolean;
  /** The client reads with the yaml package's toJS (Continue's YAML.parse), and so with its alias limits. */
  toJS?: boolean;
  /** js-yaml and yaml.v3 drop a leading byte order mark; the yaml package itself (Continue) reads it as a token. */
  dropBom?: boolean;
}

/**
 * The `yaml` package reading the whole stream with the client's options, through its own composer
 * (its own duplicate-key check and alias resolution, which the gate replaces with one-pass versions).
 * A stream of more than one document is invalid (every client reads one).
 */
export function yamlReference(text: string, client: YamlReferenceOptions): Reading {
  const crs = client.loneCrBreaks ? text.replace(/\r(?!\n)/g, '\n') : text;
  const source = client.dropBom ? withoutBom(crs) : crs;
  const docs = parseAllDocuments(source, client.options);
  if (Array.isArray(docs) && docs.length > 1) return { valid: false, why: 'more than one document' };
  // A client reads one document, an empty stream as an empty one: the yaml package's parseDocument
  // (which refuses directives with no document after them, `%YAML 1.1` alone, as js-yaml does).
  const doc = Array.isArray(docs) && docs.length === 1 ? docs[0] : parseDocument(source, client.options);
  if (doc.errors.length > 0) return { valid: false, why: doc.errors[0].message.split('\n')[0] };
  if (client.unknownTagsRefused && doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED')) return { valid: false, why: 'unknown tag' };
  if (client.toJS) {
    // The client calls the yaml package's toJS (YAML.parse): what it refuses (an alias with no anchor
    // before it, alias expansion past its resource limit), the client refuses.
    try {
      doc.toJS({ mapAsMap: true });
    } catch (err) {
      return { valid: false, why: (err as Error).message };
    }
  }
  try {
    return { valid: true, data: yamlData(doc.contents, (alias) => alias.resolve(doc as never), client.cyclesRefused) };
  } catch (err) {
    if (err instanceof YamlRefusal) return { valid: false, why: err.message };
    if (err instanceof RangeError) return { valid: true, data: TOO_DEEP };
    throw err;
  }
}

/** An alias the client refuses: no anchor before it, or (yaml.v3) inside the node its anchor names. */
export class YamlRefusal extends Error {}

/** Stands for an alias to a node that contains it (a cycle), where the client reads one. */
export const CYCLE: Data = '\u0000(alias to an enclosing node)';

/**
 * A YAML node as Data, aliases expanded through `resolve`: an alias inside the node it names becomes
 * CYCLE (or a refusal when the client refuses cycles); past 100,000 nodes of expansion, TOO_DEEP.
 */
export function yamlData(root: unknown, resolve: (alias: Alias) => unknown, cyclesRefused = false): Data {
  let budget = 100_000;
  const open = new Set<unknown>();
  const walk = (node: unknown): Data => {
    if (--budget < 0) throw new TooLarge();
    if (isAlias(node)) {
      const target = resolve(node);
      if (target === undefined || target === null) throw new YamlRefusal(`alias *${node.source} names no anchor before it`);
      if (open.has(target)) {
        if (cyclesRefused) throw new YamlRefusal(`alias *${node.source} is inside the node its anchor names`);
        return CYCLE;
      }
      return walk(target);
    }
    open.add(node);
    try {
      // A key that is a collection (`? [a, b]`) is named by its own data: the yaml package's toString
      // of it can throw (a merge key inside it), and both sides are converted alike.
      if (isMap(node)) return new Map(node.items.map((p) => [isScalar(p.key) ? String(p.key.value) : `\u0000key:${JSON.stringify(plain(walk(p.key)))}`, walk(p.value)]));
      if (isSeq(node)) return node.items.map(walk);
      if (isScalar(node)) return node.value as Data;
      return null;
    } finally {
      open.delete(node);
    }
  };
  try {
    return walk(root);
  } catch (err) {
    if (err instanceof TooLarge) return TOO_DEEP;
    throw err;
  }
}

class TooLarge extends Error {}

/** Data as plain JSON-able values (Maps as entry lists), for naming a complex key. */
function plain(d: Data): unknown {
  if (d instanceof Map) return [...d].map(([k, v]) => [k, plain(v)]);
  if (Array.isArray(d)) return d.map(plain);
  if (typeof d === 'bigint' || d instanceof Date) return String(d);
  return d;
}

/** The value at `path` (Map keys), or undefined. */
export function at(data: Data | undefined, ...path: string[]): Data | undefined {
  let cur = data;
  for (const p of path) cur = cur instanceof Map ? cur.get(p) : undefined;
  return cur;
}

/** The keys of the map at `path`, or [] when it is not a map. */
export function keysAt(data: Data | undefined, ...path: string[]): string[] {
  const m = at(data, ...path);
  return m instanceof Map ? [...m.keys()] : [];
}
