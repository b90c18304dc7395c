// A reference for how pip reads a requirements file, written from the documentation and pip's source,
// independently of src/formats/python-requirements.ts and src/formats/lines.ts:
//
// - Python's str.splitlines (https://docs.python.org/3/library/stdtypes.html#str.splitlines) splits
//   at these line boundaries: \n, \r, \r\n, \v or \x0b, \f or \x0c, \x1c, \x1d, \x1e, \x85, \u2028,
//   \u2029; a terminal line break does not start another line.
// - str.isspace / str.strip() and the `\s` of Python's `re` on str patterns: the characters whose
//   bidirectional class is WS, B or S, or whose category is Zs (the list below).
// - pip/_internal/req/req_file.py: preprocess = splitlines, then join_lines (a line ending in `\` is
//   joined with the next, the backslashes at both of its ends stripped, unless it is a comment line,
//   COMMENT_RE.match), then ignore_comments (COMMENT_RE = `(^|\s+)#.*$` removed, then strip(), empty
//   lines dropped); break_args_options splits at " " and a token starting with `-` starts the
//   options; what comes before is the requirement, whose name is the PEP 508 name at its start.

const LINE_BREAKS = new Set(['\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']);

/** str.isspace(), from the Unicode data Python uses (WS, B, S bidi classes and Zs). */
const PY_SPACE = new Set([
  ...'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000',
]);

/** Python's str.splitlines(), with the offset where each line starts. */
export function pySplitlines(text: string): { line: string; start: number }[] {
  const out: { line: string; start: number }[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (LINE_BREAKS.has(c)) {
      out.push({ line: text.slice(start, i), start });
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      start = i;
    } else i++;
  }
  if (start < text.length) out.push({ line: text.slice(start), start });
  return out;
}

function pyStrip(s: string, chars?: string): string {
  const drop = (c: string): boolean => (chars === undefined ? PY_SPACE.has(c) : chars.includes(c));
  let a = 0;
  let b = s.length;
  while (a < b && drop(s[a])) a++;
  while (b > a && drop(s[b - 1])) b--;
  return s.slice(a, b);
}

/** COMMENT_RE.match(line): `(^|\s+)#` at the start of the line. */
function commentMatch(line: string): boolean {
  let i = 0;
  while (i < line.length && PY_SPACE.has(line[i])) i++;
  return line[i] === '#';
}

/** COMMENT_RE.sub('', line): from the leftmost place where `(^|\s+)#` matches, to the end. */
function commentSub(line: string): string {
  for (let p = 0; p < line.length; p++) {
    if (p === 0 && line[0] === '#') return '';
    if (!PY_SPACE.has(line[p])) continue;
    let q = p;
    while (q < line.length && PY_SPACE.has(line[q])) q++;
    // `\s+` backtracks, but shorter runs end on a space, not `#`: only the whole run can match.
    if (line[q] === '#') return line.slice(0, p);
  }
  return line;
}

/** GitHub's line of an offset: LF, CRLF and a lone CR end a line. */
function githubLine(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) n++;
  }
  return n;
}

/** pip's logical lines of a requirements file: text and the GitHub line of its first physical line. */
export function pipLogicalLines(content: string): { text: string; line: number }[] {
  // pip decodes the file with its BOM detection: a UTF-8 BOM is not part of the text.
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const joined: { text: string; start: number }[] = [];
  let pending: string[] = [];
  let primary = 0;
  for (const { line, start } of pySplitlines(text)) {
    if (!line.endsWith('\\') || commentMatch(line)) {
      const l = commentMatch(line) ? ' ' + line : line;
      if (pending.length > 0) {
        pending.push(l);
        joined.push({ text: pending.join(''), start: primary });
        pending = [];
      } else joined.push({ text: l, start });
    } else {
      if (pending.length === 0) primary = start;
      pending.push(pyStrip(line, '\\'));
    }
  }
  if (pending.length > 0) joined.push({ text: pending.join(''), start: primary });
  return joined
    .map((j) => ({ text: pyStrip(commentSub(j.text)), line: githubLine(content, j.start + (content.length - text.length)) }))
    .filter((j) => j.text !== '');
}

// PEP 508 (https://peps.python.org/pep-0508/), the forms without a URL: a name, extras, a version
// specifier (bare or in parentheses) and a marker; whitespace between them is spaces and tabs.
const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const WS = '[ \\t]*';
const VERSION_ONE = `${WS}(?:===|==|!=|~=|<=|>=|<|>)${WS}[A-Za-z0-9.*+!_-]+`;
const SPECIFIER = `${VERSION_ONE}(?:${WS},${VERSION_ONE})*`;
const REQUIREMENT = new RegExp(`^(${NAME})(?:${WS}\\[${WS}(?:${NAME}(?:${WS},${WS}${NAME})*)?${WS}\\])?(?:${WS}(?:${SPECIFIER}|\\(${SPECIFIER}${WS}\\)))?(?:${WS};.*)?${WS}$`);

/** A line pip would refuse, or read as a URL or path: outside what the reference reads. */
export class NotARequirement extends Error {}

/** The requirements pip reads (name as written, and line) from a file of plain requirement lines and comments. */
export function pipRequirements(content: string): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  for (const { text, line } of pipLogicalLines(content)) {
    const tokens = text.split(' ');
    const k = tokens.findIndex((t) => t.startsWith('-'));
    const args = (k === -1 ? tokens : tokens.slice(0, k)).join(' ');
    // `-e path-or-url`: an editable requirement, named by a path or URL the reference does not read.
    if (args === '' && /^(-e|--editable)(\s|=|$)/.test(text)) throw new NotARequirement(`reference: ${JSON.stringify(text.slice(0, 80))} is an editable requirement`);
    if (args === '') continue;
    const req = REQUIREMENT.exec(args);
    if (req === null) throw new NotARequirement(`reference: ${JSON.stringify(args)} is not a requirement of the PEP 508 forms the reference reads`);
    out.push({ name: req[1], line });
  }
  return out;
}
