// Lines, two ways. Each tool splits a file into lines by its own rule (pip by Python's
// str.splitlines, configparser and js-yaml also at a lone CR, npm's `ini` at runs of CR/LF, Go and
// Docker at LF only): a reader must split exactly as the tool it stands for, or text the tool reads
// as a new line hides inside one the gate reads as a comment (and the other way round). What a
// person sees is different again: reported lines are GitHub's lines (LF, CRLF, and a lone CR each end
// a line), so every reader keeps the offset where a tool's line starts and maps it with lineIndex.

/** One line as a tool reads it: its text without the terminator, and the offset where it starts. */
export interface ToolLine {
  text: string;
  start: number;
}

/**
 * Line-break rules, named after the tools that use them:
 * - `lf`: LF only; a CR stays in the line (Go's go.mod lexer, go.sum, go.env, Docker's scanner).
 * - `universal`: CRLF, LF and a lone CR (Python's universal newlines, js-yaml, Yarn 1, GitHub).
 * - `python`: Python's str.splitlines: `universal` plus VT, FF, FS, GS, RS, NEL, LS, PS (pip).
 * - `ini`: npm's `ini`, `str.split(/[\r\n]+/)`: a run of CRs and LFs is one break.
 */
export type LineBreaks = 'lf' | 'universal' | 'python' | 'ini';

/** Characters str.splitlines breaks at besides CR and LF. */
function pythonBreak(c: number): boolean {
  return c === 0x0b || c === 0x0c || c === 0x1c || c === 0x1d || c === 0x1e || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * The lines of `text` under `breaks`, each with the offset where it starts. Like the tools, a
 * trailing break does not start another (empty) line. Linear in the length of the text.
 */
export function splitLines(text: string, breaks: LineBreaks): ToolLine[] {
  const out: ToolLine[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    let end = -1;
    let next = i + 1;
    if (c === 10) end = i;
    else if (c === 13 && breaks !== 'lf') {
      end = i;
      if (breaks === 'ini') {
        while (next < n && (text.charCodeAt(next) === 13 || text.charCodeAt(next) === 10)) next++;
      } else if (next < n && text.charCodeAt(next) === 10) next++;
    } else if (breaks === 'python' && pythonBreak(c)) end = i;
    if (c === 10 && breaks === 'ini') while (next < n && (text.charCodeAt(next) === 13 || text.charCodeAt(next) === 10)) next++;
    if (end !== -1) {
      out.push({ text: text.slice(start, end), start });
      start = next;
    }
    i = next;
  }
  if (start < n) out.push({ text: text.slice(start), start });
  return out;
}

/** Offsets where GitHub's lines start: after each LF, CRLF and lone CR. */
function githubLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/**
 * The GitHub line (1-based) of an offset, O(log n) per lookup after one linear pass. An offset past
 * the end is on the last line that has content, so no reported line is ever past the end of the file.
 */
export function lineIndex(text: string): (offset: number) => number {
  const starts = githubLineStarts(text);
  // A final line break does not start a line a person sees.
  const last = starts.length > 1 && starts[starts.length - 1] === text.length ? starts.length - 1 : starts.length;
  return (offset: number) => {
    let lo = 0;
    let hi = last - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** How many lines GitHub shows for `text` (at least 1). */
export function lineCount(text: string): number {
  return lineIndex(text)(text.length);
}

/** The white space of Unicode beyond Latin-1 that Python and JavaScript both count as space (and NBSP). */
function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Python's str.isspace(), which `\s`, str.strip() and str.split() use in pip and configparser: JS's
 * `\s` also takes U+FEFF and leaves out FS, GS, RS, US and NEL.
 */
export function isPythonSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || isUnicodeSpace(c);
}

/** Python's str.strip() with no argument. */
export function pythonStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPythonSpace(s.charCodeAt(a))) a++;
  while (b > a && isPythonSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** Python's str.split() with no argument: runs of whitespace separate, none at the ends. With offsets. */
export function pythonWords(s: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isPythonSpace(s.charCodeAt(i))) i++;
    const at = i;
    while (i < s.length && !isPythonSpace(s.charCodeAt(i))) i++;
    if (i > at) out.push({ text: s.slice(at, i), at });
  }
  return out;
}

/** Offset of the first character that is not trailing whitespace by `isSpace` (linear, unlike `/\s+$/`). */
export function trimEndIndex(s: string, isSpace: (c: number) => boolean = isJsSpace): number {
  let b = s.length;
  while (b > 0 && isSpace(s.charCodeAt(b - 1))) b--;
  return b;
}

/** JavaScript's `\s` (WhiteSpace and LineTerminator). */
export function isJsSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xfeff || isUnicodeSpace(c);
}
