// One way to read a YAML file with lines, bounded cost and the strictness of the client that reads
// it. Each format says which client it stands for: its line breaks (js-yaml, used by pnpm and Yarn,
// and Go's yaml.v3, used by Compose, end a line at a lone CR as well; the `yaml` package, used by
// Continue, does not), duplicate keys, unknown tags and whether anchors are allowed at all.
import { Composer, isAlias, isMap, isNode, isPair, isScalar, isSeq, Parser, visit, type YAMLMap, type CST, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from 'yaml';
import { ParseError } from '../format.js';
import { lineIndex } from './lines.js';
import { fileName } from '../../common/paths.js';

/**
 * Deepest nesting of collections read. The `yaml` composer recurses per level: at 10,000 levels it
 * exhausts memory and kills the process, at 10^5 the stack. No lockfile or config comes near.
 */
export const MAX_YAML_DEPTH = 256;

export interface YamlClient {
  /** How messages name the file (`pnpm-lock.yaml`, `.yarnrc.yml`). */
  label: string;
  /** The client ends a line at a lone CR too (js-yaml, yaml.v3); the `yaml` package does not. */
  loneCrBreaks: boolean;
  /** Options for the `yaml` composer that match the client (schema, duplicate keys, merge keys). */
  options: ParseOptions & DocumentOptions & SchemaOptions;
  /** The client refuses a tag it does not know (js-yaml); `yaml` only warns. */
  unknownTags?: 'error';
  /** The client never writes anchors, aliases or merge keys (pnpm): refuse them rather than guess. */
  anchors?: 'refuse';
  /**
   * The client refuses an alias inside the node its anchor names, a cycle (Go's yaml.v3, which Compose
   * uses: "anchor value contains itself").
   */
  cycles?: 'refuse';
  /**
   * js-yaml (pnpm, Yarn) refuses a scalar holding a character outside YAML's printable set (its
   * PATTERN_NON_PRINTABLE: C0 controls but tab and line breaks, DEL, C1 controls but NEL, U+FFFE,
   * U+FFFF, lone surrogates), and a quoted scalar holding a control character ("expected valid JSON
   * character"); the `yaml` package reads both.
   */
  printable?: 'js-yaml';
  /**
   * The client is the yaml package itself (Continue), which reads a leading byte order mark as a token
   * of the stream; every other client drops it before reading.
   */
  bomToken?: boolean;
  /** How a syntax error's message starts (`invalid YAML` by default). */
  invalid?: string;
}

export interface YamlDoc {
  doc: Document.Parsed;
  file: string;
  label: string;
  /** GitHub line of a node (of its first character). */
  lineOf(node: { range?: [number, number, number] | null } | null | undefined): number;
  /** GitHub line of an offset in the file. */
  lineAt(offset: number): number;
  /** A node with an alias replaced by the node its anchor names (found once, in one pass). */
  resolve(node: unknown): Node | null | undefined;
}

type Token = CST.Token;

/** Offset of the first collection nested deeper than MAX_YAML_DEPTH, found without recursion. */
function tooDeep(tokens: Token[]): number | undefined {
  const stack: [Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    if (t.type === 'document') {
      if (t.value !== undefined) stack.push([t.value, depth]);
    } else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (depth >= MAX_YAML_DEPTH) return t.offset;
      for (const item of t.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Reads `text` as `client` would, or throws a ParseError naming the file, the line and what to do. */
export function readYamlDocument(text: string, file: string, client: YamlClient): YamlDoc {
  const github = lineIndex(text);
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError(`${client.label} contains NUL bytes: it is not a text file`, file, github(nul));
  // A byte order mark starts no content (YAML 1.2, 5.2), and js-yaml and Go's yaml.v3 drop it; left
  // in, the yaml package takes no indentation from the spaces after it (`\uFEFF a: 1` then `b: 2` read
  // as one map, `\uFEFF a: 1` then ` b: 2` refused; js-yaml the other way round).
  const bom = text.startsWith('\uFEFF') && !client.bomToken ? 1 : 0;
  // Offsets below are in `source`: one less than in `text` after a BOM. The lone CR replacement keeps
  // the length, so every offset (and the GitHub line of it) is otherwise unchanged.
  const lineAt = (offset: number): number => github(Math.max(0, Math.min(offset + bom, text.length)));
  const fail = (message: string, offset: number): never => {
    throw new ParseError(message, file, lineAt(offset));
  };
  const source = (client.loneCrBreaks ? text.replace(/\r(?!\n)/g, '\n') : text).slice(bom);
  const deepMessage = `${client.label} nests collections more than ${MAX_YAML_DEPTH} deep, past the limit the gate reads; no real file does: flatten it`;
  const parser = new Parser();
  let tokens: Token[];
  try {
    tokens = [...parser.parse(source)];
  } catch (err) {
    // The parser recurses per open collection for each token, so a few thousand levels (`- - - …`
    // followed by a less indented line) exhaust the stack before the check below sees the tokens.
    // Its offset is the token it was at.
    if (err instanceof RangeError) fail(deepMessage, parser.offset);
    throw err;
  }
  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    fail(deepMessage, deep);
  }
  // The composer's duplicate-key check rescans the map for every key (20,000 packages in a
  // pnpm-lock.yaml took 11 s): keys are checked here instead, one set per map (anchorTargets).
  const uniqueKeys = client.options.uniqueKeys !== false;
  let doc: Document.Parsed | undefined;
  for (const d of new Composer({ ...client.options, uniqueKeys: false }).compose(tokens, true, source.length)) {
    if (doc === undefined) doc = d;
    else fail(`${client.label} holds more than one YAML document; the client reads one: remove the \`---\` and what follows`, d.range[0]);
  }
  const parsed = doc!;
  const err = parsed.errors[0];
  const invalid = client.invalid ?? 'invalid YAML';
  if (err !== undefined) fail(`${invalid}: ${err.message.split('\n')[0]}`, err.pos[0]);
  if (client.unknownTags === 'error') {
    const tag = parsed.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (tag !== undefined) fail(`${invalid}: ${tag.message.split('\n')[0]}: the client refuses tags it does not know; remove the tag`, tag.pos[0]);
  }
  const targets = anchorTargets(parsed, source, client, uniqueKeys, fail);
  return {
    doc: parsed,
    file,
    label: client.label,
    lineAt,
    lineOf: (node) => lineAt(node?.range?.[0] ?? 0),
    resolve: (node) => (isAlias(node) ? targets.get(node) : (node as Node | null | undefined)),
  };
}

/** js-yaml's PATTERN_NON_PRINTABLE (js-yaml 4, lib/loader.js), applied to plain and block scalars. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** What js-yaml's JSON-character check refuses in a quoted scalar, line breaks aside (they fold). */
const QUOTED_CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/**
 * Each alias and the node it names: the last node before it with that anchor, as every YAML reader
 * resolves it. One pass over the document: `Alias.resolve` walks the whole document per call, so
 * 4,000 aliases took 49 s. An alias with no anchor before it is an error in every client.
 */
function anchorTargets(doc: Document.Parsed, source: string, client: YamlClient, uniqueKeys: boolean, fail: (message: string, offset: number) => never): Map<unknown, Node> {
  const current = new Map<string, Node>();
  const targets = new Map<unknown, Node>();
  const refuse = client.anchors === 'refuse';
  visit(doc, (_key, node) => {
    if (client.printable === 'js-yaml' && isScalar(node) && node.range) {
      const raw = source.slice(node.range[0], node.range[1]);
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const bad = (quoted ? QUOTED_CONTROL : NON_PRINTABLE).exec(raw);
      if (bad !== null) {
        const what = quoted ? 'a quoted value holds a control character' : 'the stream contains non-printable characters';
        fail(`${client.invalid ?? 'invalid YAML'}: ${what} (U+${bad[0].charCodeAt(bad[0].length - 1).toString(16).toUpperCase().padStart(4, '0')}), which the client refuses`, node.range[0] + bad.index);
      }
    }
    if (uniqueKeys && isMap(node)) {
      // The `yaml` package's rule: scalar keys are equal when their values are (`1` and `1.0`), other
      // keys only when they are the same node; repeated merge keys (`<<`) are allowed.
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const k = pair.key;
        const id = isScalar(k) ? k.value : k;
        if (typeof id === 'symbol') continue;
        if (seen.has(id)) fail(`${client.invalid ?? 'invalid YAML'}: Map keys must be unique`, (k as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0);
        seen.add(id);
      }
    }
    if (refuse && isPair(node) && isScalar(node.key) && node.key.type === 'PLAIN' && node.key.value === '<<') {
      fail(`${client.label} uses a YAML merge key (<<), which the client would expand and the gate does not read: remove it (regenerate the file)`, node.key.range?.[0] ?? 0);
    }
    if (!isNode(node)) return;
    if (isAlias(node)) {
      if (refuse) fail(`${client.label} uses a YAML alias (*${node.source}), which the client never writes: regenerate the file`, node.range?.[0] ?? 0);
      const target = current.get(node.source);
      if (target === undefined) fail(`YAML alias *${node.source} names no anchor defined before it; the client refuses it: define &${node.source} first`, node.range?.[0] ?? 0);
      const at = node.range?.[0] ?? 0;
      if (client.cycles === 'refuse' && target!.range && target!.range[0] <= at && at < target!.range[1]) {
        fail(`YAML alias *${node.source} is inside the node its anchor &${node.source} names (a cycle), which the client refuses: remove the alias`, at);
      }
      targets.set(node, target!);
    } else if (node.anchor) {
      if (refuse) fail(`${client.label} sets a YAML anchor (&${node.anchor}), which the client never writes: regenerate the file`, node.range?.[0] ?? 0);
      current.set(node.anchor, node);
    }
  });
  return targets;
}

/**
 * Compose files and workflows, read as Go's yaml.v3 (Compose) and GitHub's parser read them: a lone
 * CR ends a line, merge keys (`<<`) merge, a duplicate key is an error, an alias inside the node its
 * anchor names is an error.
 */
export function readYaml(text: string, file: string): YamlDoc {
  return readYamlDocument(text, file, composeYamlClient(file));
}

/** How Compose (and GitHub, for workflows) read YAML; exported for the property tests, which compare it with the `yaml` package. */
export function composeYamlClient(file: string): YamlClient {
  return { label: fileName(file), loneCrBreaks: true, options: { merge: true, uniqueKeys: true, prettyErrors: false, strict: true }, cycles: 'refuse' };
}

/** Entries merge keys may copy in one file; a chain of merges otherwise grows quadratically or worse. */
export const MAX_MERGED_ENTRIES = 100_000;

type Entries = Map<string, { key: Node; value: Node | null }>;

const entriesOf = new WeakMap<YAMLMap, Entries>();

const mergedSoFar = new WeakMap<object, number>();

/**
 * A map's entries (key string -> key node and value node), following merge keys (`<<`) for what it
 * does not set itself. Each map is expanded once per document; the entries copied through merges are
 * counted, and past MAX_MERGED_ENTRIES the file is refused (a merge of merges of merges is an entity
 * expansion attack, not a config).
 */
export function mapEntries(y: YamlDoc, map: YAMLMap, depth = 0): Entries {
  const known = entriesOf.get(map);
  if (known !== undefined) return known;
  const out: Entries = new Map();
  const merged: Node[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    // With merge keys on, `<<` reads as a symbol; String() of it would be `Symbol(<<)`.
    const key = !isScalar(keyNode) ? undefined : typeof keyNode.value === 'symbol' ? keyNode.value.description : String(keyNode.value);
    if (key === undefined) continue;
    if (key === '<<' && depth < 16) {
      merged.push(pair.value as Node);
      continue;
    }
    out.set(key, { key: keyNode, value: (pair.value as Node | null) ?? null });
  }
  for (const m of merged) {
    const targets = isAlias(m) ? [y.resolve(m)] : isMap(m) ? [m] : isSeq(m) ? m.items.map((x) => y.resolve(x)) : [];
    for (const t of targets) {
      if (!isMap(t) || t === map) continue;
      const from = mapEntries(y, t, depth + 1);
      const work = (mergedSoFar.get(y.doc) ?? 0) + from.size;
      mergedSoFar.set(y.doc, work);
      if (work > MAX_MERGED_ENTRIES) {
        throw new ParseError(`YAML merge keys (<<) in ${y.label} copy more than ${MAX_MERGED_ENTRIES} entries, past the limit the gate reads: write the entries out`, y.file, y.lineOf(m));
      }
      for (const [k, v] of from) if (!out.has(k)) out.set(k, v);
    }
  }
  entriesOf.set(map, out);
  return out;
}

/** The value node with aliases resolved. */
export function deref(y: YamlDoc, node: Node | null | undefined): Node | null | undefined {
  return y.resolve(node);
}

export function typeOf(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value} (${JSON.stringify(node.value)})`;
  return 'a list';
}
