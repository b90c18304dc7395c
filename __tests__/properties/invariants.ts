// What must hold for every input of every format, valid or hostile:
//   1. parse returns, or throws a ParseError; any other exception is a crash the pipeline would turn
//      into an unexplained "could not be read";
//   2. Object.prototype, Array.prototype (and the other built-in prototypes a lookup could reach) are
//      unchanged, and no object in the result has a prototype other than the plain ones;
//   3. every line reported (dependencies, servers, settings, issues, the ParseError) is a line of the
//      file as GitHub numbers it: 1 to the count of lines split at LF, CRLF and a lone CR;
//   4. no dependency reaches the pipeline without a name.
// The line count and the checks are written here from the definitions, not taken from src/, so a
// defect in the gate's own line arithmetic cannot hide.
import { asParsed, type Format, ParseError } from '../../src/formats/format.js';
import { withoutNamelessDeps } from '../../src/checks/parse-error.js';
import type { ParsedFile } from '../../src/types.js';
import type { Seed } from './corpus.js';

/** GitHub's line count: LF, CRLF and a lone CR each end a line; a final break starts no line; at least 1. */
export function githubLineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  const last = text.charCodeAt(text.length - 1);
  if (text.length > 0 && (last === 10 || last === 13)) n--;
  return Math.max(1, n);
}

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['RegExp.prototype', RegExp.prototype],
];

type Snapshot = { name: string; target: object; proto: object | null; keys: (string | symbol)[]; values: unknown[] }[];

/** The own properties (and their values or accessors) and the prototype of each built-in prototype. */
export function prototypeSnapshot(): Snapshot {
  return PROTOTYPES.map(([name, target]) => {
    const keys = Reflect.ownKeys(target);
    const values = keys.map((k) => {
      const d = Object.getOwnPropertyDescriptor(target, k)!;
      return 'value' in d ? d.value : [d.get, d.set];
    });
    return { name, target, proto: Object.getPrototypeOf(target), keys, values };
  });
}

const SENTINELS = ['polluted', 'isAdmin', 'command', 'registry', 'version', 'name', 'dependencies', 'mcpServers'];

/**
 * Puts the built-in prototypes back as `before` had them, so one polluting input does not make every
 * later input look guilty (and fast-check shrinks to the input that did it).
 */
export function restorePrototypes(before: Snapshot): void {
  for (const snap of before) {
    if (Object.getPrototypeOf(snap.target) !== snap.proto) Object.setPrototypeOf(snap.target, snap.proto);
    for (const k of Reflect.ownKeys(snap.target)) if (!snap.keys.includes(k)) delete (snap.target as Record<string | symbol, unknown>)[k];
    snap.keys.forEach((k, i) => {
      const v = snap.values[i];
      const d = Object.getOwnPropertyDescriptor(snap.target, k);
      const now = d === undefined ? undefined : 'value' in d ? d.value : [d.get, d.set];
      const same = Array.isArray(v) && Array.isArray(now) ? v[0] === now[0] && v[1] === now[1] : now === v;
      if (same) return;
      if (Array.isArray(v)) Object.defineProperty(snap.target, k, { get: v[0] as () => unknown, set: v[1] as (x: unknown) => void, configurable: true });
      else Object.defineProperty(snap.target, k, { value: v, writable: true, configurable: true });
    });
  }
}

/** What changed in the built-in prototypes since `before`, or undefined when nothing did. */
export function prototypeChange(before: Snapshot): string | undefined {
  for (const snap of before) {
    const now = Reflect.ownKeys(snap.target);
    if (Object.getPrototypeOf(snap.target) !== snap.proto) return `${snap.name} got another prototype`;
    const added = now.filter((k) => !snap.keys.includes(k));
    const removed = snap.keys.filter((k) => !now.includes(k));
    if (added.length > 0 || removed.length > 0) return `${snap.name}: added ${added.map(String)}, removed ${removed.map(String)}`;
    for (let k = 0; k < snap.keys.length; k++) {
      const d = Object.getOwnPropertyDescriptor(snap.target, snap.keys[k])!;
      const v = 'value' in d ? d.value : [d.get, d.set];
      const same = Array.isArray(v) && Array.isArray(snap.values[k]) ? v[0] === (snap.values[k] as unknown[])[0] && v[1] === (snap.values[k] as unknown[])[1] : v === snap.values[k];
      if (!same) return `${snap.name}.${String(snap.keys[k])} was replaced`;
    }
  }
  // A sentinel read through a fresh object: what a later `table[key]` lookup elsewhere would see.
  const probe: Record<string, unknown> = {};
  for (const s of SENTINELS) if (probe[s] !== undefined) return `a fresh object inherits ${s}`;
  for (const k in probe) return `a fresh object has an enumerable inherited key ${k}`;
  return undefined;
}

const PLAIN = new Set<object | null>([Object.prototype, Array.prototype, null]);

/** The first object in the result whose prototype is not Object.prototype, Array.prototype or null. */
function strangePrototype(value: unknown, where: string, seen = new Set<object>()): string | undefined {
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (!PLAIN.has(Object.getPrototypeOf(value))) return `${where} has a replaced prototype`;
  for (const k of Object.keys(value)) {
    const found = strangePrototype((value as Record<string, unknown>)[k], `${where}.${k}`, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The outcome of one parse: the result or the ParseError. */
export type Outcome = { kind: 'parsed'; result: ParsedFile } | { kind: 'error'; error: ParseError };

/** The lines a person sees in the input (binary inputs: as the bytes would show as text). */
function linesOf(seed: Seed): number {
  return githubLineCount(seed.bytes ? Buffer.from(seed.bytes).toString('latin1') : seed.text);
}

function describeInput(seed: Seed): string {
  const shown = seed.bytes ? `${seed.bytes.length} bytes` : JSON.stringify(seed.text.length > 400 ? `${seed.text.slice(0, 400)}…` : seed.text);
  return `${seed.path}: ${shown}`;
}

/**
 * Parses `seed` with `format` and checks the four invariants; throws an Error naming the input and
 * the broken invariant (fast-check then shrinks the input and prints it with the seed).
 */
export function checkedParse(format: Format, seed: Seed): Outcome {
  const before = prototypeSnapshot();
  let outcome: Outcome;
  try {
    const raw = format.parseBytes && seed.bytes ? format.parseBytes(seed.bytes, seed.path) : format.parse(seed.text, seed.path, seed.companions);
    outcome = { kind: 'parsed', result: asParsed(raw) };
  } catch (err) {
    const changed = prototypeChange(before);
    if (changed !== undefined) {
      restorePrototypes(before);
      throw new Error(`${format.id} changed a prototype (${changed}) on ${describeInput(seed)}`);
    }
    if (!(err instanceof ParseError)) {
      const e = err as Error;
      throw new Error(`${format.id} threw ${e?.name ?? typeof err} (not a ParseError): ${e?.message ?? String(err)}\n${e?.stack ?? ''}\ninput ${describeInput(seed)}`);
    }
    outcome = { kind: 'error', error: err };
  }
  const changed = prototypeChange(before);
  if (changed !== undefined) {
    restorePrototypes(before);
    throw new Error(`${format.id} changed a prototype (${changed}) on ${describeInput(seed)}`);
  }

  const last = linesOf(seed);
  const inFile = (line: unknown, what: string): void => {
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > last) {
      throw new Error(`${format.id} reported ${what} on line ${String(line)}, outside the file's lines 1..${last}: ${describeInput(seed)}`);
    }
  };
  if (outcome.kind === 'error') {
    inFile(outcome.error.line, `a ParseError (${outcome.error.message.slice(0, 200)})`);
    if (outcome.error.file !== seed.path) throw new Error(`${format.id}: a ParseError names ${outcome.error.file}, not ${seed.path}`);
    return outcome;
  }
  const parsed = outcome.result;
  const strange = strangePrototype(parsed, 'result');
  if (strange !== undefined) throw new Error(`${format.id}: ${strange} on ${describeInput(seed)}`);
  if (!Array.isArray(parsed.deps)) throw new Error(`${format.id} returned no deps array on ${describeInput(seed)}`);
  for (const d of parsed.deps) {
    if (typeof d.name !== 'string') throw new Error(`${format.id} returned a dependency whose name is ${typeof d.name}: ${describeInput(seed)}`);
    inFile(d.line, `dependency ${JSON.stringify(d.name)}`);
  }
  for (const s of parsed.servers ?? []) inFile(s.line, `server ${JSON.stringify(s.name)}`);
  for (const s of parsed.settings ?? []) inFile(s.line, `setting ${JSON.stringify(s.setting)}`);
  for (const i of parsed.issues ?? []) inFile(i.line, `issue ${i.rule} ${JSON.stringify(i.key)}`);
  // The pipeline takes every result through withoutNamelessDeps (read-files.ts): a nameless entry
  // must leave as a parse-error on a line of the file, never as a dependency named "".
  const piped = withoutNamelessDeps(parsed);
  for (const d of piped.deps) {
    if (d.name.trim() === '' || (d.alias !== undefined && d.alias.trim() === '')) throw new Error(`${format.id}: a nameless dependency reached the pipeline (${d.key}): ${describeInput(seed)}`);
  }
  for (const i of piped.issues ?? []) inFile(i.line, `issue ${i.rule} ${JSON.stringify(i.key)}`);
  return outcome;
}
