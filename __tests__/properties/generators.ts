// Structured documents per grammar: trees of keys and values rendered as JSON, YAML, TOML, requirement
// lines, ini-style lines or yarn.lock entries. Keys and values are drawn from a dictionary per format
// (the string literals of the format's own module, the words of its seed files, names that are
// hostile as keys, package specs), so generated files reach the code that reads dependency maps, not
// only the syntax checks.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseTree, type Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import { parse as parseToml } from 'smol-toml';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Format } from '../../src/formats/format.js';
import type { Seed } from './corpus.js';
import { type Grammar, PROTO_KEYS } from './mutate.js';

const SRC = path.join(__dirname, '..', '..', 'src', 'formats');

/** A value of a generated document: pairs (not an object) so keys may repeat and `__proto__` stays a key. */
export type Tree = string | number | boolean | null | Tree[] | { pairs: [string, Tree][] };

/** The source of the module that defines the format `id` (where `id: '<id>'` is written). */
function moduleSource(id: string): string {
  for (const name of readdirSync(SRC, { recursive: true }) as string[]) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(path.join(SRC, name), 'utf8');
    if (text.includes(`id: '${id}'`)) return text;
  }
  throw new Error(`test setup: no module in src/formats defines the format ${id}`);
}

const PACKAGE_NAMES = ['react', '@modelcontextprotocol/sdk', '@acme/mcp-server', 'mcp-server-fetch', 'requests', 'serde', 'left-pad', 'is-number', 'Mcp_Server_Sqlite', 'zod', 'a', 'github.com/acme/mod', 'golang.org/x/net', 'ghcr.io/acme/image'];
const SPECS = ['1.0.0', '^1.2.3', '~0.6.2', '>=1.2,<2', '==2.32.3', '*', 'latest', 'workspace:*', 'npm:react@18.0.0', 'file:../x', 'git+https://github.com/acme/x.git#v1', 'https://example.com/x.tgz', 'v1.2.3', '=1.0.0', '0.0.0-20240101000000-abcdefabcdef', 'sha512-AAAA', 'sha256:' + 'ab'.repeat(32), '${VERSION}', ''];
const COMMANDS = ['npx', 'uvx', 'docker', 'node', 'python', 'bunx', 'pnpm', 'sh', 'cmd', '-y', 'run', '-i', '--rm', 'dlx', 'mcp-remote', 'https://mcp.example.com/sse', 'http://user:secret@example.com/'];

/** Identifier-like string literals of the format's module and words of its seeds, without duplicates. */
function dictionary(format: Format, seeds: readonly Seed[]): string[] {
  const words = new Set<string>();
  for (const m of moduleSource(format.id).matchAll(/'([A-Za-z_@$.][\w@$./:-]{0,40})'|`([A-Za-z_@$.][\w@$./:-]{0,40})`/g)) words.add(m[1] ?? m[2]);
  for (const seed of seeds) {
    for (const m of seed.text.matchAll(/"([^"\\\n]{1,60})"|([A-Za-z_@][\w@./:^~=<>-]{0,60})/g)) words.add(m[1] ?? m[2]);
    if (words.size > 1500) break;
  }
  return [...words];
}

export interface Vocabulary {
  key: fc.Arbitrary<string>;
  text: fc.Arbitrary<string>;
}

/** Keys: mostly the format's own words; sometimes a hostile or odd one. Values: words, names, specs, commands. */
export function vocabulary(format: Format, seeds: readonly Seed[]): Vocabulary {
  const dict = dictionary(format, seeds);
  const word = fc.constantFrom(...dict);
  const odd = fc.oneof(fc.constantFrom(...PROTO_KEYS, '', ' ', '\u0430', 'a b', 'x\ny'), fc.string({ maxLength: 6 }));
  const key = fc.oneof({ weight: 8, arbitrary: word }, { weight: 2, arbitrary: fc.constantFrom(...PACKAGE_NAMES) }, { weight: 2, arbitrary: odd });
  const text = fc.oneof(
    { weight: 4, arbitrary: word },
    { weight: 3, arbitrary: fc.constantFrom(...SPECS) },
    { weight: 2, arbitrary: fc.constantFrom(...PACKAGE_NAMES) },
    { weight: 2, arbitrary: fc.constantFrom(...COMMANDS) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PACKAGE_NAMES), fc.constantFrom(...SPECS)).map(([n, s]) => `${n}@${s}`) },
    { weight: 1, arbitrary: odd },
  );
  return { key, text };
}

/** Trees up to 4 levels deep and a few dozen nodes: what a dependency map, a server entry or a table looks like. */
export function tree(v: Vocabulary): fc.Arbitrary<{ pairs: [string, Tree][] }> {
  const { obj } = fc.letrec<{ node: Tree; arr: Tree[]; obj: { pairs: [string, Tree][] } }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
      { weight: 5, arbitrary: v.text },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.boolean(), fc.constant(null)) },
      { weight: 2, arbitrary: tie('arr') },
      { weight: 3, arbitrary: tie('obj') },
    ),
    arr: fc.array(tie('node'), { maxLength: 4 }),
    obj: fc.array(fc.tuple(v.key, tie('node')), { maxLength: 5 }).map((pairs) => ({ pairs })),
  }));
  return fc.array(fc.tuple(v.key, fc.oneof({ weight: 3, arbitrary: obj }, { weight: 1, arbitrary: v.text })), { minLength: 1, maxLength: 6 }).map((pairs) => ({ pairs }));
}

const isPairs = (t: Tree): t is { pairs: [string, Tree][] } => typeof t === 'object' && t !== null && !Array.isArray(t);

// ---------------------------------------------------------------------------------------------------
// Renderers. Each writes what a person or a tool would write; some choices (quoting, line ends,
// indentation) are drawn so the same tree appears in several spellings.

export interface Style {
  eol: string;
  indent: string;
  /** Quote strings even where the grammar allows them bare. */
  quoteAll: boolean;
}

export const style: fc.Arbitrary<Style> = fc.record({
  eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
  indent: fc.constantFrom('  ', '    ', '\t', ''),
  quoteAll: fc.boolean(),
});

export function renderJson(t: Tree, s: Style, depth = 0): string {
  if (!isPairs(t) && !Array.isArray(t)) return JSON.stringify(t);
  const pad = s.indent.repeat(depth + 1);
  const end = s.indent === '' ? '' : s.eol + s.indent.repeat(depth);
  const nl = s.indent === '' ? '' : s.eol;
  if (Array.isArray(t)) return t.length === 0 ? '[]' : `[${nl}${t.map((x) => pad + renderJson(x, s, depth + 1)).join(`,${nl}`)}${end}]`;
  if (t.pairs.length === 0) return '{}';
  return `{${nl}${t.pairs.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${renderJson(x, s, depth + 1)}`).join(`,${nl}`)}${end}}`;
}

const YAML_PLAIN = /^[A-Za-z_/][\w./@^~-]*$/;

function yamlScalar(x: string | number | boolean | null, s: Style): string {
  if (typeof x !== 'string') return String(x);
  return !s.quoteAll && YAML_PLAIN.test(x) ? x : JSON.stringify(x);
}

export function renderYaml(t: Tree, s: Style, depth = 0): string {
  const ind = (s.indent === '' || s.indent === '\t' ? '  ' : s.indent).repeat(depth);
  if (isPairs(t)) {
    if (t.pairs.length === 0) return `${ind}{}${s.eol}`;
    return t.pairs
      .map(([k, x]) => {
        const key = yamlScalar(k, s);
        if ((isPairs(x) && x.pairs.length > 0) || (Array.isArray(x) && x.length > 0)) return `${ind}${key}:${s.eol}${renderYaml(x, s, depth + 1)}`;
        return `${ind}${key}: ${isPairs(x) ? '{}' : Array.isArray(x) ? '[]' : yamlScalar(x, s)}${s.eol}`;
      })
      .join('');
  }
  if (Array.isArray(t)) {
    if (t.length === 0) return `${ind}[]${s.eol}`;
    return t
      .map((x) => {
        if ((isPairs(x) && x.pairs.length > 0) || (Array.isArray(x) && x.length > 0)) return `${ind}-${s.eol}${renderYaml(x, s, depth + 1)}`;
        return `${ind}- ${isPairs(x) ? '{}' : Array.isArray(x) ? '[]' : yamlScalar(x, s)}${s.eol}`;
      })
      .join('');
  }
  return `${ind}${yamlScalar(t, s)}${s.eol}`;
}

const TOML_BARE = /^[A-Za-z0-9_-]+$/;
const tomlKey = (k: string, s: Style): string => (!s.quoteAll && TOML_BARE.test(k) ? k : JSON.stringify(k));

function tomlInline(t: Tree, s: Style): string {
  if (t === null) return '""';
  if (typeof t !== 'object') return JSON.stringify(t);
  if (Array.isArray(t)) return `[${t.map((x) => tomlInline(x, s)).join(', ')}]`;
  return `{${t.pairs.map(([k, x]) => `${tomlKey(k, s)} = ${tomlInline(x, s)}`).join(', ')}}`;
}

/** TOML: values first, then each table as a [header] (an array of tables as [[header]] entries). */
export function renderToml(t: { pairs: [string, Tree][] }, s: Style, prefix: string[] = []): string {
  let out = '';
  const tables: [string, Tree][] = [];
  for (const [k, x] of t.pairs) {
    if (isPairs(x) || (Array.isArray(x) && x.length > 0 && x.every(isPairs))) tables.push([k, x]);
    else out += `${tomlKey(k, s)} = ${tomlInline(x, s)}${s.eol}`;
  }
  for (const [k, x] of tables) {
    const name = [...prefix, k];
    const header = name.map((p) => tomlKey(p, s)).join('.');
    if (isPairs(x)) out += `${s.eol}[${header}]${s.eol}${renderToml(x, s, name)}`;
    else for (const el of x as { pairs: [string, Tree][] }[]) out += `${s.eol}[[${header}]]${s.eol}${renderToml(el, s, name)}`;
  }
  return out;
}

/** ini-style lines: `key=value` (npmrc, go.env), `key value` (.yarnrc), `[section]` + `key = value` (pip.conf). */
export function renderIni(t: { pairs: [string, Tree][] }, s: Style, sep: string): string {
  let out = '';
  for (const [k, x] of t.pairs) {
    if (isPairs(x)) {
      out += `[${k}]${s.eol}`;
      for (const [k2, x2] of x.pairs) out += `${k2}${sep}${flat(x2)}${s.eol}`;
    } else out += `${k}${sep}${flat(x)}${s.eol}`;
  }
  return out;
}

function flat(t: Tree): string {
  if (t === null || typeof t !== 'object') return String(t);
  if (Array.isArray(t)) return t.map(flat).join(' ');
  return t.pairs.map(([k, x]) => `${k} ${flat(x)}`).join(' ');
}

/** Lines of words (go.mod, go.sum, Dockerfile): each top-level pair a directive, nested pairs a block. */
export function renderLines(t: { pairs: [string, Tree][] }, s: Style): string {
  let out = '';
  for (const [k, x] of t.pairs) {
    if (isPairs(x) && x.pairs.length > 1) out += `${k} (${s.eol}${x.pairs.map(([k2, x2]) => `${s.indent}${k2} ${flat(x2)}`).join(s.eol)}${s.eol})${s.eol}`;
    else out += `${k} ${flat(x)}${s.eol}`;
  }
  return out;
}

/** yarn.lock v1: `"descriptor":` then indented `key "value"` fields. */
export function renderYarnLock(t: { pairs: [string, Tree][] }, s: Style): string {
  let out = `# yarn lockfile v1${s.eol}${s.eol}`;
  for (const [k, x] of t.pairs) {
    out += `${s.quoteAll ? JSON.stringify(k) : k}:${s.eol}`;
    if (isPairs(x)) for (const [k2, x2] of x.pairs) out += `  ${k2} ${JSON.stringify(flat(x2))}${s.eol}`;
    out += s.eol;
  }
  return out;
}

/** A generated document of `grammar` from the format's vocabulary. */
export function document(grammar: Grammar, v: Vocabulary): fc.Arbitrary<string> {
  const t = tree(v);
  switch (grammar) {
    case 'json':
      return fc.tuple(t, style).map(([x, s]) => renderJson(x, s) + s.eol);
    case 'yaml':
      return fc.tuple(t, style).map(([x, s]) => renderYaml(x, s));
    case 'toml':
      return fc.tuple(t, style).map(([x, s]) => renderToml(x, s));
    case 'ini':
      return fc.tuple(t, style, fc.constantFrom('=', ' = ', ' ')).map(([x, s, sep]) => renderIni(x, s, sep));
    case 'yarn':
      return fc.tuple(t, style).map(([x, s]) => renderYarnLock(x, s));
    case 'pip':
      return requirementsFile().map((r) => r.text);
    case 'lines':
      return fc.tuple(t, style).map(([x, s]) => renderLines(x, s));
  }
}

// ---------------------------------------------------------------------------------------------------
// requirements files: requirement lines with comments, continuations and every line break
// str.splitlines knows, built so that each fragment a break can leave is itself a valid requirement
// (a name), so the set of names pip reads is well defined whichever way the lines fall.

/** PEP 508 names: letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
const reqName = fc
  .tuple(fc.constantFrom('a', 'b', 'mcp', 'requests', 'Django', 'zope', 'x1', 'fast'), fc.constantFrom('', '-server', '.interface', '_tools', '2', '-mcp'))
  .map(([a, b]) => a + b);
const reqSpec = fc.constantFrom('', '==1.0', '>=2.3,<3', '~=0.6.2', '[extra]', '[a,b]>=1', ' ; python_version >= "3.9"', '==1.*', '!=1.5');
/** Python's line breaks (str.splitlines), from the documentation's table. */
export const PY_BREAKS = ['\n', '\r', '\r\n', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'];

export interface RequirementsDoc {
  text: string;
}

/** A requirements file of requirement lines, comment lines, trailing comments and continuation-split names. */
export function requirementsFile(): fc.Arbitrary<RequirementsDoc> {
  const brk = fc.constantFrom(...PY_BREAKS);
  const space = fc.constantFrom(' ', '  ', '\t', '\x0c', '\x0b', '\u00a0', '\u2003', '\x1f', '\x85');
  // A comment, then lines after breaks that a tool which does not break there reads as part of the
  // comment: each is a name (a requirement to pip) or another comment.
  const comment = fc
    .tuple(space, fc.constantFrom('', ' the SDK', ' via -r requirements.in', '#', ' pinned \\'), fc.array(fc.tuple(brk, fc.oneof(reqName, fc.constant('# x'))), { maxLength: 2 }))
    .map(([sp, words, after]) => `${sp}#${words}${after.map(([b, w]) => b + w).join('')}`);
  const requirement = fc.tuple(reqName, reqSpec, fc.option(comment, { nil: undefined }), fc.option(fc.nat({ max: 30 }), { nil: undefined }), brk).map(([name, spec, c, split, split_brk]) => {
    // A continuation inside the name: `fa\` + break + `st`; pip joins them back into one name.
    let n = name;
    if (split !== undefined && name.length > 1) {
      const at = 1 + (split % (name.length - 1));
      n = `${name.slice(0, at)}\\${split_brk}${name.slice(at)}`;
    }
    return `${n}${spec}${c ?? ''}`;
  });
  const commentLine = fc.tuple(fc.constantFrom('', ' ', '\t'), comment).map(([a, c]) => a + c.trimStart());
  const backslashComment = reqName.map((w) => `# ${w} \\`);
  const line = fc.oneof({ weight: 6, arbitrary: requirement }, { weight: 2, arbitrary: commentLine }, { weight: 1, arbitrary: backslashComment }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t') });
  return fc.tuple(fc.array(fc.tuple(line, brk), { maxLength: 10 }), fc.boolean()).map(([lines, bom]) => ({ text: (bom ? '\uFEFF' : '') + lines.map(([l, b]) => l + b).join('') }));
}

// ---------------------------------------------------------------------------------------------------
// Structured variants of the seeds: a seed read into a tree (by the reference reader of its grammar),
// edited as data (a key renamed to a hostile one, an entry cloned under a new name, a value retyped,
// a key repeated) and written back. The result keeps the seed's shape, so it reaches the code that
// reads dependency maps, servers and settings with names and values no fixture has.

function fromJson(node: JsonNode): Tree {
  if (node.type === 'object') return { pairs: (node.children ?? []).filter((p) => p.children?.length === 2).map((p) => [String(p.children![0].value), fromJson(p.children![1])]) };
  if (node.type === 'array') return (node.children ?? []).map(fromJson);
  return node.value as Tree;
}

function fromYaml(node: unknown): Tree {
  if (isMap(node)) return { pairs: node.items.map((p) => [isScalar(p.key) ? String(p.key.value) : String(p.key), fromYaml(p.value)]) };
  if (isSeq(node)) return node.items.map(fromYaml);
  if (isScalar(node)) {
    const v = node.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
  }
  return null;
}

function fromToml(value: unknown): Tree {
  if (Array.isArray(value)) return value.map(fromToml);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'object' && value !== null) return { pairs: Object.entries(value).map(([k, v]) => [k, fromToml(v)]) };
  return value as Tree;
}

/** The seed as a tree, or undefined when its grammar has no reader here or the seed is not of it. */
function seedTree(grammar: Grammar, text: string): { pairs: [string, Tree][] } | undefined {
  try {
    let t: Tree | undefined;
    if (grammar === 'json') {
      const root = parseTree(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true });
      t = root === undefined ? undefined : fromJson(root);
    } else if (grammar === 'yaml') t = fromYaml(parseDocument(text, { uniqueKeys: false }).contents);
    else if (grammar === 'toml') t = fromToml(parseToml(text));
    return t !== undefined && isPairs(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

type Edit = { kind: 'rename' | 'set' | 'repeat' | 'delete' | 'clone' | 'retype'; at: number; index: number; key: string; value: Tree; shape: number };

function clone(t: Tree): Tree {
  if (Array.isArray(t)) return t.map(clone);
  if (isPairs(t)) return { pairs: t.pairs.map(([k, x]) => [k, clone(x)]) };
  return t;
}

/** Every map and list in `t`, in document order. */
function containers(t: Tree, out: (Tree[] | { pairs: [string, Tree][] })[] = []): (Tree[] | { pairs: [string, Tree][] })[] {
  if (Array.isArray(t)) {
    out.push(t);
    t.forEach((x) => containers(x, out));
  } else if (isPairs(t)) {
    out.push(t);
    t.pairs.forEach(([, x]) => containers(x, out));
  }
  return out;
}

function retyped(x: Tree, shape: number): Tree {
  const shapes: Tree[] = ['', 0, null, true, [], { pairs: [] }, [x], { pairs: [['x', x]] }, typeof x === 'string' ? x.repeat(2) : JSON.stringify(x)];
  return shapes[shape % shapes.length];
}

/**
 * One edit, in place. A drawn value goes in as a copy: fast-check hands the same value object to more
 * than one run (and to shrinking), so a value put in as itself could later be edited into a cycle.
 */
function applyEdit(root: { pairs: [string, Tree][] }, e: Edit): void {
  const all = containers(root);
  const c = all[e.at % all.length];
  const items: { get: () => Tree; set: (x: Tree) => void }[] = Array.isArray(c)
    ? c.map((_, k) => ({ get: () => c[k], set: (x) => void (c[k] = x) }))
    : c.pairs.map((p) => ({ get: () => p[1], set: (x) => void (p[1] = x) }));
  if (items.length === 0) {
    if (Array.isArray(c)) c.push(clone(e.value));
    else c.pairs.push([e.key, clone(e.value)]);
    return;
  }
  const i = e.index % items.length;
  switch (e.kind) {
    case 'rename':
      if (!Array.isArray(c)) c.pairs[i][0] = e.key;
      else c[i] = e.key;
      return;
    case 'set':
      items[i].set(clone(e.value));
      return;
    case 'retype':
      items[i].set(retyped(items[i].get(), e.shape));
      return;
    case 'delete':
      if (Array.isArray(c)) c.splice(i, 1);
      else c.pairs.splice(i, 1);
      return;
    case 'repeat':
      if (Array.isArray(c)) c.splice(i + 1, 0, clone(c[i]));
      else c.pairs.splice(i + 1, 0, [c.pairs[i][0], clone(c.pairs[i][1])]);
      return;
    case 'clone':
      // The same entry under another name: a dependency, a server, a table with a hostile key.
      if (Array.isArray(c)) c.splice(i + 1, 0, clone(c[i]));
      else c.pairs.splice(i + 1, 0, [e.key, clone(c.pairs[i][1])]);
      return;
  }
}

/** Seeds of `grammar` edited as data and written back in a drawn style; undefined when no seed reads as a tree. */
export function structuredVariants(grammar: Grammar, texts: readonly string[], v: Vocabulary): fc.Arbitrary<string> | undefined {
  const trees = texts.map((t) => seedTree(grammar, t)).filter((t): t is { pairs: [string, Tree][] } => t !== undefined);
  if (trees.length === 0) return undefined;
  const small = fc.oneof({ weight: 4, arbitrary: v.text }, { weight: 1, arbitrary: tree(v) });
  const edit: fc.Arbitrary<Edit> = fc.record({
    kind: fc.constantFrom('rename', 'rename', 'set', 'repeat', 'delete', 'clone', 'clone', 'clone', 'retype'),
    at: fc.nat(),
    index: fc.nat(),
    key: v.key,
    value: small,
    shape: fc.nat(),
  });
  return fc.tuple(fc.nat({ max: trees.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), style).map(([k, edits, s]) => {
    const t = clone(trees[k]) as { pairs: [string, Tree][] };
    for (const e of edits) applyEdit(t, e);
    if (grammar === 'json') return renderJson(t, s) + s.eol;
    if (grammar === 'yaml') return renderYaml(t, s);
    return renderToml(t, s);
  });
}
