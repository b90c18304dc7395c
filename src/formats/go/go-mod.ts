// go.mod and go.sum. go.mod is read the way golang.org/x/mod/modfile lexes it: `//` comments, quoted
// or bare tokens, `directive (` ... `)` blocks. Each `require` is a Dependency; a `replace` changes the
// module it replaces and is also an entry of its own, so a finding can point at the replace line.
// go.sum (asked for as a companion) gives each required module its `h1:` hash.
import type { Dependency } from '../../types.js';
import { type Companions, type DependencyReader, ParseError, withOptional } from '../format.js';
import { lineIndex, splitLines } from '../readers/lines.js';
import { GO_VERSION } from '../../ecosystems/go.js';
import { dirOf } from '../../common/paths.js';
import { fileNamed, underVendor } from '../paths.js';

interface Token {
  text: string;
  /** Whether it was a quoted string (a quoted `(` is not punctuation). */
  quoted: boolean;
}

interface Statement {
  /** The directive (`require`), also for a line inside a block. */
  verb: string;
  args: Token[];
  line: number;
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',']);
/** Directives the go command knows; others (from a newer Go) are skipped when they are plain words. */
const KNOWN = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

/** Splits one line into tokens, stopping at a `//` comment. */
function tokenize(line: string, file: string, lineNo: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (/\s/.test(c) || c === '\uFEFF') {
      i++;
    } else if (line.startsWith('//', i)) {
      break;
    } else if (line.startsWith('/*', i)) {
      throw new ParseError('go.mod files must use // comments, not /* */ comments', file, lineNo);
    } else if (PUNCT.has(c)) {
      out.push({ text: c, quoted: false });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) throw new ParseError('unterminated quoted string', file, lineNo);
      let text: string;
      try {
        text = JSON.parse(line.slice(i, j + 1)) as string;
      } catch {
        throw new ParseError(`invalid quoted string ${line.slice(i, j + 1)}`, file, lineNo);
      }
      out.push({ text, quoted: true });
      i = j + 1;
    } else if (c === '`') {
      const j = line.indexOf('`', i + 1);
      if (j === -1) throw new ParseError('unterminated raw string', file, lineNo);
      out.push({ text: line.slice(i + 1, j), quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !/\s/.test(line[j]) && !PUNCT.has(line[j]) && !line.startsWith('//', j)) {
        // Go accepts only printable characters in identifiers; control bytes mean this is not a go.mod.
        if (/[\u0000-\u001f\u007f\ufffd]/.test(line[j])) {
          throw new ParseError(`unexpected input character ${JSON.stringify(line[j])}`, file, lineNo);
        }
        j++;
      }
      out.push({ text: line.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

/** Characters before the first token: the spaces, tabs and CRs the lexer skips (and a BOM). */
function leadingBlanks(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r' || line[i] === '\uFEFF')) i++;
  return i;
}

const isPunct = (t: Token | undefined, p: string): boolean => t !== undefined && !t.quoted && t.text === p;

/** Statements of a go.mod, with block lines flattened into their directive. */
function statements(text: string, file: string): Statement[] {
  const out: Statement[] = [];
  // The go command's lexer ends a line at LF only and skips CR as a space, so text after a lone CR is
  // on the same go.mod line; it is reported on the GitHub line where the line's first token stands.
  const github = lineIndex(text);
  let block: { verb: string; line: number } | undefined;
  splitLines(text, 'lf').forEach(({ text: raw, start }) => {
    const lineNo = github(start + leadingBlanks(raw));
    const toks = tokenize(raw, file, lineNo);
    if (toks.length === 0) return;
    if (block !== undefined) {
      if (isPunct(toks[0], ')')) {
        if (toks.length > 1) throw new ParseError('unexpected input after ")"', file, lineNo);
        block = undefined;
        return;
      }
      if (toks.some((t) => isPunct(t, '('))) throw new ParseError(`unexpected "(" inside ${block.verb} block`, file, lineNo);
      out.push({ verb: block.verb, args: toks, line: lineNo });
      return;
    }
    const [head, ...rest] = toks;
    if (head.quoted || PUNCT.has(head.text)) throw new ParseError(`unexpected ${JSON.stringify(head.text)}, expected a directive`, file, lineNo);
    if (!KNOWN.has(head.text) && !/^[a-z][a-z0-9_]*$/.test(head.text)) {
      throw new ParseError(`unknown directive ${JSON.stringify(head.text.slice(0, 40))}`, file, lineNo);
    }
    if (rest.length === 1 && isPunct(rest[0], '(')) {
      block = { verb: head.text, line: lineNo };
      return;
    }
    if (rest.some((t) => isPunct(t, '(') || isPunct(t, ')'))) {
      throw new ParseError(`unexpected parenthesis in ${head.text} directive`, file, lineNo);
    }
    out.push({ verb: head.text, args: rest, line: lineNo });
  });
  if (block !== undefined) throw new ParseError(`${block.verb} block is never closed with ")"`, file, block.line);
  return out;
}

function checkVersion(v: string, what: string, file: string, line: number): string {
  if (!GO_VERSION.test(v)) throw new ParseError(`${what}: version ${JSON.stringify(v)} must be of the form v1.2.3`, file, line);
  return v;
}

function checkPath(t: Token | undefined, what: string, file: string, line: number): string {
  if (t === undefined || (!t.quoted && PUNCT.has(t.text)) || t.text === '' || t.text === '=>') {
    throw new ParseError(`${what}: missing module path`, file, line);
  }
  return t.text;
}

/** A replacement that is a directory on disk rather than a module (`./fork`, `../x`, `/abs`, `C:\x`). */
export function isLocalReplacement(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || path === '.' || path === '..' || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('.\\') || path.startsWith('..\\');
}

interface Replace {
  old: string;
  oldVersion?: string;
  /** `path@version` for a module, the path for a directory. */
  target: string;
  newPath: string;
  newVersion?: string;
  local: boolean;
  line: number;
}

function readReplace(s: Statement, file: string): Replace {
  const arrow = s.args.findIndex((t) => !t.quoted && t.text === '=>');
  if (arrow === -1) throw new ParseError('replace: expected "=>"', file, s.line);
  const left = s.args.slice(0, arrow);
  const right = s.args.slice(arrow + 1);
  if (left.length < 1 || left.length > 2) throw new ParseError('replace: expected "module [version] =>"', file, s.line);
  if (right.length < 1 || right.length > 2) throw new ParseError('replace: expected "=> module version" or "=> ./directory"', file, s.line);
  const old = checkPath(left[0], 'replace', file, s.line);
  const oldVersion = left[1] === undefined ? undefined : checkVersion(left[1].text, `replace ${old}`, file, s.line);
  const newPath = checkPath(right[0], 'replace', file, s.line);
  const local = isLocalReplacement(newPath);
  if (local && right.length === 2) throw new ParseError(`replace ${old}: a directory replacement takes no version`, file, s.line);
  if (!local && right.length !== 2) {
    throw new ParseError(`replace ${old}: replacement module ${newPath} needs a version (or a ./ path for a directory)`, file, s.line);
  }
  const newVersion = local ? undefined : checkVersion(right[1].text, `replace ${old}`, file, s.line);
  return { old, oldVersion, newPath, newVersion, local, target: local ? newPath : `${newPath}@${newVersion}`, line: s.line };
}

/** go.sum lines as `module version` -> hashes (space-separated); `/go.mod` lines are skipped. */
export function goSumHashes(text: string, file: string): Map<string, { integrity: string; line: number }> {
  const out = new Map<string, { integrity: string; line: number }>();
  // cmd/go splits go.sum at LF and each line into fields at Unicode spaces (a CR among them).
  const github = lineIndex(text);
  splitLines(text, 'lf').forEach(({ text: raw, start }) => {
    const f = raw.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) return;
    const line = github(start + raw.search(/\S/));
    if (f.length !== 3) throw new ParseError(`malformed go.sum line: expected "module version hash", found ${f.length} fields`, file, line);
    const [mod, ver, hash] = f;
    if (/[\u0000-\u001f\u007f\ufffd]/.test(raw.replace(/[\t\r]/g, ''))) throw new ParseError('unexpected control character in go.sum', file, line);
    if (!/^[A-Za-z0-9]+:\S+$/.test(hash)) throw new ParseError(`malformed go.sum hash ${JSON.stringify(hash.slice(0, 20))}`, file, line);
    const version = ver.endsWith('/go.mod') ? ver.slice(0, -'/go.mod'.length) : ver;
    checkVersion(version, `go.sum ${mod}`, file, line);
    if (ver.endsWith('/go.mod')) return;
    const k = `${mod} ${ver}`;
    const prev = out.get(k);
    if (prev === undefined) out.set(k, { integrity: hash, line });
    else if (!prev.integrity.split(' ').includes(hash)) prev.integrity += ` ${hash}`;
  });
  return out;
}


/** The module path a go.mod declares, or undefined when it declares none or cannot be read. */
export function goModulePath(text: string): string | undefined {
  try {
    const module = statements(text, 'go.mod').find((s) => s.verb === 'module');
    return module !== undefined && module.args.length === 1 ? module.args[0].text : undefined;
  } catch {
    return undefined;
  }
}

function parseGoMod(text: string, file: string, companions?: Companions): Dependency[] {
  if (text.includes('\u0000')) throw new ParseError('binary data in go.mod', file, lineIndex(text)(text.indexOf('\u0000')));
  const stmts = statements(text, file);
  const sumText = companions?.[`${dirOf(file)}go.sum`];
  let sums: ReturnType<typeof goSumHashes> | undefined;
  if (sumText !== undefined) {
    try {
      sums = goSumHashes(sumText, `${dirOf(file)}go.sum`);
    } catch {
      // A broken go.sum is reported when go.sum itself is read; go.mod entries just go without hashes.
      sums = undefined;
    }
  }
  const requires: { path: string; version: string; line: number }[] = [];
  const replaces: Replace[] = [];
  for (const s of stmts) {
    if (s.verb === 'module') {
      if (s.args.length !== 1) throw new ParseError('module: expected one module path', file, s.line);
    } else if (s.verb === 'require') {
      if (s.args.length !== 2) throw new ParseError('require: expected "module version"', file, s.line);
      const path = checkPath(s.args[0], 'require', file, s.line);
      requires.push({ path, version: checkVersion(s.args[1].text, `require ${path}`, file, s.line), line: s.line });
    } else if (s.verb === 'replace') {
      replaces.push(readReplace(s, file));
    } else if (s.verb === 'exclude') {
      if (s.args.length !== 2) throw new ParseError('exclude: expected "module version"', file, s.line);
      checkVersion(s.args[1].text, `exclude ${s.args[0].text}`, file, s.line);
    }
    // go, toolchain, godebug, retract, tool, ignore and newer directives name no dependency.
  }
  // The go command applies a version-specific replace before a path-wide one.
  // One lookup per require (a scan of every replace per require was quadratic in a large go.mod).
  const byVersion = new Map<string, Replace>();
  const byPath = new Map<string, Replace>();
  for (const r of replaces) {
    if (r.oldVersion !== undefined) {
      if (!byVersion.has(`${r.old} ${r.oldVersion}`)) byVersion.set(`${r.old} ${r.oldVersion}`, r);
    } else if (!byPath.has(r.old)) byPath.set(r.old, r);
  }
  const replacementFor = (path: string, version?: string): Replace | undefined =>
    (version === undefined ? undefined : byVersion.get(`${path} ${version}`)) ?? byPath.get(path);
  const hashOf = (path: string, version: string | undefined): string | undefined =>
    version === undefined ? undefined : sums?.get(`${path} ${version}`)?.integrity;

  const out: Dependency[] = [];
  const seen = new Map<string, number>();
  const uniqueKey = (key: string): string => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  };
  for (const r of requires) {
    const rep = replacementFor(r.path, r.version);
    out.push(
      withOptional(
        {
          ecosystem: 'go',
          name: r.path,
          version: r.version,
          spec: r.version,
          specType: rep === undefined ? 'version' : rep.local ? 'directory' : 'remote',
          file,
          line: r.line,
          kind: 'manifest',
          key: uniqueKey(`require/${r.path}`),
        },
        {
          resolved: rep?.target,
          // go.sum holds the hash of what is really downloaded: the replacement module, if any.
          integrity: rep === undefined ? hashOf(r.path, r.version) : rep.local ? undefined : hashOf(rep.newPath, rep.newVersion),
        },
      ),
    );
  }
  const firstRequire = new Map<string, (typeof requires)[number]>();
  const firstRequireAt = new Map<string, (typeof requires)[number]>();
  for (const r of requires) {
    if (!firstRequire.has(r.path)) firstRequire.set(r.path, r);
    if (!firstRequireAt.has(`${r.path} ${r.version}`)) firstRequireAt.set(`${r.path} ${r.version}`, r);
  }
  for (const rep of replaces) {
    const required = rep.oldVersion === undefined ? firstRequire.get(rep.old) : firstRequireAt.get(`${rep.old} ${rep.oldVersion}`);
    out.push(
      withOptional(
        {
          ecosystem: 'go',
          name: rep.old,
          spec: rep.target,
          specType: rep.local ? 'directory' : 'remote',
          resolved: rep.target,
          file,
          line: rep.line,
          kind: 'manifest',
          key: uniqueKey(rep.oldVersion === undefined ? `replace/${rep.old}` : `replace/${rep.old}@${rep.oldVersion}`),
        },
        {
          version: rep.oldVersion ?? required?.version,
          integrity: rep.local ? undefined : hashOf(rep.newPath, rep.newVersion),
        },
      ),
    );
  }
  return out;
}

function parseGoSum(text: string, file: string): Dependency[] {
  if (text.includes('\u0000')) throw new ParseError('binary data in go.sum', file, lineIndex(text)(text.indexOf('\u0000')));
  return [...goSumHashes(text, file)].map(([k, { integrity, line }]) => {
    const [name, version] = k.split(' ');
    return { ecosystem: 'go', name, version, integrity, file, line, kind: 'lockfile', key: `${name}@${version}` } satisfies Dependency;
  });
}

export const goMod = {
  id: 'go-mod',
  matches: fileNamed('go.mod', underVendor),
  companions: (path) => [`${dirOf(path)}go.sum`],
  parse: (text: string, path: string, companions?: Companions) => parseGoMod(text, path, companions),
} satisfies DependencyReader;

export const goSum = { id: 'go-sum', matches: fileNamed('go.sum', underVendor), parse: parseGoSum } satisfies DependencyReader;
