// Mutations of a valid file: the edits a hostile or careless pull request makes. Each mutation is a
// small record (fast-check shrinks it towards fewer and smaller edits), applied to the seed text in
// order. Sizes are bounded (MAX_INPUT) so a run costs milliseconds.
import fc from 'fast-check';
import { MAX_INPUT } from './settings.js';

/** Every line break some tool honours, and the characters next to them that tools disagree about. */
export const BREAKS = ['\n', '\r\n', '\r', '\v', '\f', '\u2028', '\u2029', '\u0085', '\x1c', '\x1d', '\x1e', '\n\r', '\r\r\n', '\0', '\uFEFF\n'];

/** Characters that move a parser between states: quotes, brackets, separators, escapes, comments. */
const SYNTAX = ['"', "'", '`', '{', '}', '[', ']', ',', ':', '=', '#', ';', '\\', '-', '- ', '&', '*', '!', '|', '>', '@', '$', '%', '?', '/', '.', '<<', '${', '\t', ' ', '  '];

/** NUL, BOM, control characters, lone surrogates, spaces JS and Python disagree about, invisible characters. */
const ODD = ['\0', '\uFEFF', '\x01', '\x7f', '\ud800', '\udc00', '\u00a0', '\u1680', '\u200b', '\u200e', '\u202e', '\u3000', '\x1f', '\ufffe', '\uffff', '\u{1f600}'];

/** Confusables: letters that look like ASCII ones, for package names and keys. */
const CONFUSABLE: Record<string, string> = { a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441', i: '\u0456', '-': '\u2010', '.': '\u2024', '/': '\u2215', ':': '\u0589', l: '\u04cf', s: '\u0455' };

/** Keys every plain object inherits, or that rewrite a prototype when assigned. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'];

/** What a hostile file puts where a name or key belongs: prototype names, and nothing at all. */
const HOSTILE_KEYS = [...PROTO_KEYS, '', ' ', '\u00a0'];

export type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate-line'; line: number; times: number }
  | { op: 'delete-line'; line: number }
  | { op: 'swap-lines'; line: number }
  | { op: 'line-endings'; to: string; every: number }
  | { op: 'proto-key'; at: number; key: string }
  | { op: 'line-key'; line: number; key: string }
  | { op: 'edge'; at: number; edit: number }
  | { op: 'confusable'; at: number }
  | { op: 'long-line'; at: number; unit: string; times: number }
  | { op: 'nest'; at: number; open: string; close: string; times: number }
  | { op: 'truncate'; at: number }
  | { op: 'bom' }
  | { op: 'indent'; line: number; by: string };

/** Which nesting each grammar can express (the opening and closing text of one level). */
export type Grammar = 'json' | 'yaml' | 'toml' | 'pip' | 'ini' | 'lines' | 'yarn';

const NESTING: Record<Grammar, [string, string][]> = {
  json: [['[', ']'], ['{"a":', '}'], ['{"__proto__":', '}']],
  yaml: [['[', ']'], ['{a: ', '}'], ['- ', ''], ['a:\n  ', '']],
  toml: [['a = [', ']'], ['[', ']'], ['{a=', '}'], ['x = {a=', '}']],
  pip: [['[', ']'], ['(', ')'], ['\\\n', '']],
  ini: [['[', ']'], ['\n  ', '']],
  lines: [['(', ')'], ['\\\n', '']],
  yarn: [['  ', ''], ['"', '"']],
};

const position = fc.nat({ max: 1 << 20 });

type Edge = (text: string, at: number) => string;

/** Replaces the first match of `re` at or after `at` (or the first one at all) by `to`. */
const near =
  (re: RegExp, to: string | ((m: string, ...g: string[]) => string)): Edge =>
  (text, at) => {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    g.lastIndex = text.length === 0 ? 0 : at % text.length;
    const m = g.exec(text) ?? ((g.lastIndex = 0), g.exec(text));
    if (m === null) return text;
    const replaced = m[0].replace(new RegExp(re.source, re.flags.replace('g', '')), to as string);
    return text.slice(0, m.index) + replaced + text.slice(m.index + m[0].length);
  };
const insertAtLine =
  (what: string): Edge =>
  (text, at) => {
    const starts = lineStarts(text);
    const a = starts[at % starts.length];
    return text.slice(0, a) + what + text.slice(a);
  };

/**
 * Edits that land next to the edge of each grammar: what a lenient reader accepts and the tool
 * refuses, or the reverse (a trailing comma, a comment in JSON, a tab in YAML indentation, a TOML
 * table defined twice, a pip continuation or hash).
 */
const EDGES: Record<Grammar, Edge[]> = {
  json: [
    near(/(["\d\]}el])(\s*[}\]])/, '$1,$2'), // a trailing comma
    insertAtLine('// a comment\n'),
    insertAtLine('/* a comment */'),
    near(/"([^"\\\n]*)"/, "'$1'"), // single quotes
    near(/"([A-Za-z_$][\w$]*)"\s*:/, '$1:'), // an unquoted key
    near(/: (\d+)/, ': 0$1'), // a leading zero
    near(/: (\d+)/, ': $1.'),
    near(/: (\d+)/, ': +$1'),
    near(/: (?:true|false|null|\d+)/, ': NaN'),
    near(/"([^"\\\n]*)"/, '"$1\t"'), // a raw tab in a string
    near(/"([^"\\\n]*)"/, '"$1\\u12"'), // a short \u escape
    near(/"([^"\\\n]*)"/, '"\\ud800$1"'), // a lone surrogate escape
    near(/\n/, '\n\u2028'),
  ],
  yaml: [
    near(/\n( +)/, (_m, sp) => `\n${'\t'.repeat(Math.max(1, sp.length / 2))}`), // tabs for indentation
    near(/: (\S+)/, ': &a $1'),
    near(/: (\S+)/, ': *a'),
    near(/: (\S+)/, ': !!str $1'),
    near(/: (\S+)/, ': !custom $1'),
    near(/^(\s*)([\w"'@./-]+):/m, '$1<<: {x: 1}\n$1$2:'),
    insertAtLine('---\n'),
    insertAtLine('...\n'),
    insertAtLine('? '),
    near(/: (\S+)/, ': |\n  $1'),
    near(/: (\S+)/, ': "$1\n  continued"'),
    near(/: (\S+)/, ': $1 #comment'),
    near(/: (\S+)/, ': $1#not-a-comment'),
    near(/^(\s*)/m, '$1%YAML 1.1\n'),
  ],
  toml: [
    near(/(\w)\s*\}/, '$1, }'), // a trailing comma in an inline table
    near(/^\[([^\]\n]+)\]/m, '[$1]\n[$1]'), // a table twice
    near(/^(\w[\w-]*) = /m, '$1 = 1\n$1 = '), // a key twice
    near(/= (\d+)/, '= 0$1'),
    near(/= (\d+)/, '= 1_000'),
    near(/= (\d+)/, '= inf'),
    near(/= "([^"\n]*)"/, "= '''$1'''"),
    near(/= "([^"\n]*)"/, '= """\n$1"""'),
    near(/= "([^"\n]*)"/, '= 1979-05-27T07:32:00Z'),
    near(/^(\w[\w-]*) = /m, '$1.sub = 1\n$1 = '),
    near(/^\[\[([^\]\n]+)\]\]/m, '[$1]'),
    near(/\n/, '\r'),
  ],
  pip: [
    near(/\n/, ' \\\n'), // a continuation
    near(/\n/, ' # c \\\n'),
    near(/\n/, ` --hash=sha256:${'a'.repeat(64)}\n`),
    near(/^([A-Za-z][\w.-]*)/m, '-e $1'),
    near(/^([A-Za-z][\w.-]*)/m, '$1 @ https://example.com/$1.tar.gz'),
    near(/^([A-Za-z][\w.-]*)/m, '$1[extra]'),
    near(/^([A-Za-z][\w.-]*)/m, '$1 ; python_version < "3.9"'),
    near(/\n/, '\n-i https://pypi.example/simple\n'),
    near(/\n/, '\n--extra-index-url=https://x.example\n'),
    near(/\n/, '\u0085'),
    near(/\n/, '\f'),
  ],
  ini: [near(/=/, ' = '), near(/\n/, '\n[section]\n'), insertAtLine('; c\n'), insertAtLine('  '), near(/=(.*)/, '="$1"'), near(/\n/, '\n\n'), near(/\n/, '\r')],
  lines: [near(/\n/, ' \\\n'), near(/\n/, ' // c\n'), near(/\n/, '\r\n'), near(/ /, '\t'), near(/\(/, '(\n'), insertAtLine('# c\n')],
  yarn: [near(/\n {2}/, '\n\t'), near(/"/, ''), near(/:\n/, ':\r\n'), near(/\n/, '\n\n'), near(/, /, ','), insertAtLine('# c\n')],
};

function mutation(grammar: Grammar): fc.Arbitrary<Mutation> {
  const chars = fc.constantFrom(...BREAKS, ...SYNTAX, ...ODD, ...Object.values(CONFUSABLE));
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof(chars, fc.array(chars, { minLength: 1, maxLength: 6 }).map((a) => a.join('')), fc.string({ maxLength: 8, unit: 'binary' })) }) },
    // A line break of some tool inserted anywhere: where readers that split differently disagree.
    { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.constantFrom(...BREAKS) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate-line' as const), line: position, times: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-line' as const), line: position }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('swap-lines' as const), line: position }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('line-endings' as const), to: fc.constantFrom(...BREAKS), every: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('proto-key' as const), at: position, key: fc.constantFrom(...HOSTILE_KEYS) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('line-key' as const), line: position, key: fc.constantFrom(...HOSTILE_KEYS) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('confusable' as const), at: position }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('edge' as const), at: position, edit: fc.nat({ max: EDGES[grammar].length - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('long-line' as const), at: position, unit: fc.constantFrom('a', ' ', '\t', '\\', '"', '#', '0', '\u00e9', '-', 'a.', '[', ' \\'), times: fc.integer({ min: 1000, max: 20000 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('nest' as const), at: position, open: fc.constant(''), close: fc.constant(''), times: fc.integer({ min: 50, max: 3000 }) }).chain((m) => fc.constantFrom(...NESTING[grammar]).map(([open, close]) => ({ ...m, open, close }))) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
    { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('indent' as const), line: position, by: fc.constantFrom(' ', '  ', '\t', '    ', '\u00a0') }) },
  );
}

/** Line ranges of `text` split at LF (a mutation's idea of a line: it only needs to be some piece). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(text: string, n: number): [number, number] {
  const starts = lineStarts(text);
  const k = n % starts.length;
  return [starts[k], k + 1 < starts.length ? starts[k + 1] : text.length];
}

/** The start of the quoted string or word at or after `at`, and its end: where a key usually is. */
function tokenAt(text: string, at: number): [number, number] | undefined {
  const re = /"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z_@][\w@./-]*/g;
  re.lastIndex = at % Math.max(1, text.length);
  const m = re.exec(text) ?? ((re.lastIndex = 0), re.exec(text));
  return m === null ? undefined : [m.index, m.index + m[0].length];
}

export function applyMutation(text: string, m: Mutation, grammar: Grammar = 'lines'): string {
  const at = (p: number): number => (text.length === 0 ? 0 : p % (text.length + 1));
  switch (m.op) {
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'duplicate-line': {
      const [a, b] = lineAt(text, m.line);
      const line = text.slice(a, b);
      return text.slice(0, b) + (line.endsWith('\n') ? line : `\n${line}`).repeat(m.times) + text.slice(b);
    }
    case 'delete-line': {
      const [a, b] = lineAt(text, m.line);
      return text.slice(0, a) + text.slice(b);
    }
    case 'swap-lines': {
      const [a, b] = lineAt(text, m.line);
      const [, c] = b < text.length ? lineAt(text.slice(b), 0).map((x) => x + b) : [b, b];
      return text.slice(0, a) + text.slice(b, c) + text.slice(a, b) + text.slice(c);
    }
    case 'line-endings': {
      let k = 0;
      return text.replace(/\r?\n/g, (eol) => (k++ % m.every === 0 ? m.to : eol));
    }
    case 'proto-key': {
      const tok = tokenAt(text, m.at);
      if (tok === undefined) return text + m.key;
      const [a, b] = tok;
      const quote = text[a] === '"' || text[a] === "'" ? text[a] : '';
      return text.slice(0, a) + quote + m.key + quote + text.slice(b);
    }
    case 'edge':
      return EDGES[grammar][m.edit % EDGES[grammar].length](text, m.at);
    case 'line-key': {
      // The first name of a line, where a key usually stands (`KEY=`, `key:`, `"key":`, `name =`).
      const [a, b] = lineAt(text, m.line);
      const line = text.slice(a, b);
      const k = /^([\s-]*)(["']?)([^\s"'=:]*)/.exec(line)!;
      const start = a + k[1].length + k[2].length;
      return text.slice(0, start) + m.key + text.slice(start + k[3].length);
    }
    case 'confusable': {
      const from = at(m.at);
      for (let i = from; i < text.length; i++) {
        const sub = CONFUSABLE[text[i]];
        if (sub !== undefined) return text.slice(0, i) + sub + text.slice(i + 1);
      }
      return text;
    }
    case 'long-line':
      return text.slice(0, at(m.at)) + m.unit.repeat(m.times) + text.slice(at(m.at));
    case 'nest':
      return text.slice(0, at(m.at)) + m.open.repeat(m.times) + m.close.repeat(m.times) + text.slice(at(m.at));
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'bom':
      return `\uFEFF${text}`;
    case 'indent': {
      const [a] = lineAt(text, m.line);
      return text.slice(0, a) + m.by + text.slice(a);
    }
  }
}

/** A mutated copy of one of `seeds`: 1 to 4 mutations, the result cut at MAX_INPUT. */
export function mutatedText(seeds: readonly string[], grammar: Grammar): fc.Arbitrary<{ seed: number; mutations: Mutation[]; text: string }> {
  return fc
    .record({ seed: fc.nat({ max: seeds.length - 1 }), mutations: fc.array(mutation(grammar), { minLength: 1, maxLength: 4 }) })
    .map(({ seed, mutations }) => {
      let text = seeds[seed];
      for (const m of mutations) text = applyMutation(text, m, grammar).slice(0, MAX_INPUT);
      return { seed, mutations, text };
    });
}

/** Byte-level mutations of a binary seed: flips, insertions, deletions, truncation, duplicated ranges. */
export function mutatedBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<{ seed: number; bytes: Uint8Array }> {
  const edit = fc.oneof(
    fc.record({ op: fc.constant('set' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: position }),
    fc.record({ op: fc.constant('copy' as const), at: position, from: position, length: fc.integer({ min: 1, max: 200 }) }),
  );
  return fc.record({ seed: fc.nat({ max: seeds.length - 1 }), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) }).map(({ seed, edits }) => {
    let b = Buffer.from(seeds[seed]);
    for (const e of edits) {
      const at = b.length === 0 ? 0 : e.at % (b.length + 1);
      if (e.op === 'set') {
        if (b.length > 0) b[Math.min(at, b.length - 1)] = e.value;
      } else if (e.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(e.bytes), b.subarray(at)]);
      else if (e.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.length)]);
      else if (e.op === 'truncate') b = b.subarray(0, at);
      else {
        const from = b.length === 0 ? 0 : e.from % b.length;
        b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + e.length), b.subarray(at)]);
      }
    }
    return { seed, bytes: new Uint8Array(b) };
  });
}
