// Where things are in a TOML file, for the Cargo formats: smol-toml gives values but no positions, so
// this scanner lists each table header and each `key = value` with its full dotted path and line.
// It trusts the file to be valid TOML (the caller parses it with smol-toml first); on odd input it
// still ends, only with less precise lines.

export interface TomlStatement {
  kind: 'table' | 'array-table' | 'key';
  /** Full path: the table header, plus the dotted key for a `key = value`. */
  path: string[];
  /** 1-based line where the statement starts. */
  line: number;
  /** Index (in the statement list) of the header this key is under; -1 for root keys and for headers. */
  header: number;
}

const BARE = /[A-Za-z0-9_-]/;

class Scanner {
  i = 0;
  line = 1;
  constructor(readonly s: string) {}
  peek(k = 0): string {
    return this.s[this.i + k] ?? '';
  }
  next(): string {
    const c = this.s[this.i++] ?? '';
    if (c === '\n') this.line++;
    return c;
  }
  startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  skipToEol(): void {
    while (this.i < this.s.length && this.peek() !== '\n') this.i++;
  }
  /** Skips a string starting at the current quote; returns its text (escapes in basic strings decoded loosely). */
  string(): string {
    if (this.startsWith('"""') || this.startsWith("'''")) {
      const q = this.s.slice(this.i, this.i + 3);
      this.i += 3;
      let out = '';
      while (this.i < this.s.length) {
        if (q === '"""' && this.peek() === '\\') {
          out += this.next() + this.next();
          continue;
        }
        if (this.startsWith(q)) {
          this.i += 3;
          // up to two more quotes may close the string (`""""` ends with one quote of content)
          while (this.peek() === q[0]) out += this.next();
          return out;
        }
        out += this.next();
      }
      return out;
    }
    const q = this.next();
    let out = '';
    while (this.i < this.s.length && this.peek() !== q && this.peek() !== '\n') {
      if (q === '"' && this.peek() === '\\') {
        this.next();
        const e = this.next();
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'u' || e === 'U' ? this.unicode(e === 'u' ? 4 : 8) : e;
        continue;
      }
      out += this.next();
    }
    if (this.peek() === q) this.next();
    return out;
  }
  private unicode(n: number): string {
    const hex = this.s.slice(this.i, this.i + n);
    this.i += n;
    const cp = Number.parseInt(hex, 16);
    return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  }
  /** A dotted key: bare or quoted parts separated by dots. */
  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"' || c === "'") parts.push(this.string());
      else {
        let part = '';
        while (BARE.test(this.peek())) part += this.next();
        if (part === '') break;
        parts.push(part);
      }
      this.skipSpaces();
      if (this.peek() !== '.') break;
      this.i++;
    }
    return parts;
  }
  /** Skips a value, across lines while inside brackets or multi-line strings. */
  value(): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.peek();
      if (c === '"' || c === "'") this.string();
      else if (c === '#') this.skipToEol();
      else if (c === '[' || c === '{') {
        depth++;
        this.i++;
      } else if (c === ']' || c === '}') {
        depth = Math.max(0, depth - 1);
        this.i++;
      } else if (c === '\n') {
        if (depth === 0) return;
        this.next();
      } else this.i++;
    }
  }
}

/** Every table header and key/value statement of a TOML text, in order. */
export function scanToml(text: string): TomlStatement[] {
  const sc = new Scanner(text);
  const out: TomlStatement[] = [];
  let header: string[] = [];
  let headerIndex = -1;
  while (sc.i < text.length) {
    const c = sc.peek();
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      sc.i++;
    } else if (c === '\n') {
      sc.next();
    } else if (c === '#') {
      sc.skipToEol();
    } else if (c === '[') {
      const array = sc.peek(1) === '[';
      sc.i += array ? 2 : 1;
      header = sc.key();
      headerIndex = out.length;
      out.push({ kind: array ? 'array-table' : 'table', path: header, line: sc.line, header: -1 });
      sc.skipToEol();
    } else {
      const line = sc.line;
      const start = sc.i;
      const key = sc.key();
      sc.skipSpaces();
      if (sc.peek() === '=') {
        sc.i++;
        out.push({ kind: 'key', path: [...header, ...key], line, header: headerIndex });
        sc.skipSpaces();
        sc.value();
      } else {
        // Not TOML after all; move on so the scan always ends.
        if (sc.i === start) sc.i++;
        sc.skipToEol();
      }
    }
  }
  return out;
}

export function startsWithPath(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/** Line of the first statement at or below `prefix` (a table header, or a dotted key inside one). */
export function firstLine(stmts: readonly TomlStatement[], prefix: readonly string[]): number | undefined {
  return stmts.find((s) => startsWithPath(s.path, prefix))?.line;
}
