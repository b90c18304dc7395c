// Strict JSON read fast: JSON.parse for the values, one pass over the text for the lines of one object's
// keys. For big files (a package-lock.json of 50,000 packages is 19 MiB) the positional tree of json.ts
// costs several times what JSON.parse does, and most of its positions are never reported. A reader tries
// this first and falls back to json.ts whenever this cannot promise the same answer: text JSON.parse
// refuses (json.ts names the line), an object repeated or with a repeated key (JSON.parse and json.ts
// keep the last value but in different places), keys JavaScript would reorder (integer-like ones).

const BOM = '\uFEFF';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Nesting the one-pass scan takes on; real lockfiles nest a handful of levels. */
const MAX_DEPTH = 512;

/** The text without a leading BOM, as npm reads it (one UTF-16 unit and no newline: lines stay as they are). */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** The parsed value of strict JSON text (a leading BOM dropped, as npm does), or undefined when JSON.parse refuses it. */
export function parseStrictJson(text: string): { body: string; root: unknown } | undefined {
  const body = withoutBom(text);
  try {
    return { body, root: JSON.parse(body) };
  } catch {
    return undefined;
  }
}

/** A JSON object as JSON.parse returns it (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of one object in text order, repeats included, and the line of each. */
export interface KeyLines {
  keys: string[];
  lines: number[];
  /** Where each member starts (its key's opening quote) and ends (the `,` or `}` after its value). */
  starts: number[];
  ends: number[];
  /** Where the object's `{` and `}` are. */
  open: number;
  close: number;
}

/**
 * The 1-based line (GitHub's: LF, CRLF and a lone CR end a line) of each key of the object reached from
 * the root through the keys of `path`, in text order, a repeated key as often as it is written (so a
 * caller comparing with JSON.parse's keys sees a repeat as a different count). `body` must be text
 * JSON.parse accepted (so no raw line break sits inside a string), or text its caller will check piece by
 * piece: on other text the answer is garbage, never a throw. Undefined when that object is absent or
 * appears more than once, the text does not even balance, or it nests deeper than 512 levels (the
 * positional parser, which JSON.parse does not agree with on absurd nesting, then decides).
 */
export function keyLines(body: string, path: readonly string[]): KeyLines | undefined {
  const target = path.length;
  const isObject: boolean[] = [];
  const along: boolean[] = []; // whether the container at this depth is the value at path[0..depth)
  const lastKey: (string | undefined)[] = [];
  const keys: string[] = [];
  const lines: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let open = -1;
  let close = -1;
  let expectKey = false;
  let line = 1;
  let seen = 0;
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      for (;;) {
        end = body.indexOf('"', end);
        if (end === -1) return undefined;
        let slashes = 0;
        while (body.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
        end++;
      }
      if (expectKey) {
        expectKey = false;
        const depth = isObject.length - 1;
        if (along[depth]) {
          const raw = body.slice(i + 1, end);
          const key = raw.includes('\\') ? unescape(raw) : raw;
          if (key === undefined) return undefined;
          if (depth === target) {
            keys.push(key);
            lines.push(line);
            starts.push(i);
          } else lastKey[depth] = key;
        }
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      // `{` or `[`: a container opens at the next depth.
      const depth = isObject.length;
      // Deeper than any real file: left to the positional parser, which decides what such nesting is.
      if (depth >= MAX_DEPTH) return undefined;
      const onPath = depth === 0 || (along[depth - 1] && isObject[depth - 1] && depth <= target && lastKey[depth - 1] === path[depth - 1]);
      isObject.push(c === 0x7b);
      along.push(onPath);
      lastKey.push(undefined);
      if (onPath && depth === target && c === 0x7b) {
        seen++;
        open = i;
      }
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      const depth = isObject.length - 1;
      if (depth < 0) return undefined;
      if (depth === target && along[depth] && isObject[depth]) {
        if (ends.length < starts.length) ends.push(i);
        close = i;
      }
      isObject.pop();
      along.pop();
      lastKey.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const depth = isObject.length - 1;
      if (depth === target && along[depth] && isObject[depth] && ends.length < starts.length) ends.push(i);
      expectKey = isObject[depth] === true;
    } else if (c === 0x0a) {
      line++;
    } else if (c === 0x0d) {
      line++;
      if (body.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  if (seen !== 1 || isObject.length !== 0 || ends.length !== starts.length) return undefined;
  return { keys, lines, starts, ends, open, close };
}

/** A key's escapes resolved as JSON does; undefined when they are not JSON's. */
function unescape(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** Whether JavaScript would list this key before the others (an array index), out of file order. */
export function isIndexKey(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}
