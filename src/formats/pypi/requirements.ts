// requirements.txt and constraints files, read the way pip reads them (pip/_internal/req/req_file.py):
// Python's str.splitlines (VT, FF, NEL, LS, PS... end a line too), physical lines joined at a trailing
// backslash (the entry's line is its first physical line, on GitHub's numbering), comments
// from a `#` at the start or after whitespace, then each line is either options (`-i URL`, `-r file`,
// `-e path`) or a requirement followed by its own options (`--hash=sha256:...`). Index options apply to
// the whole file wherever they stand, as in pip: the last `-i` wins, every `--extra-index-url` counts.
import type { Dependency, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { isPythonSpace, lineIndex, pythonStrip, splitLines } from '../readers/lines.js';
import { PythonFileSink, uniqueKey, withRecorded } from './common.js';
import { classifyPep440, locationInfo, normalizeHash, normalizeName, parsePipRequirement, type Requirement } from '../../ecosystems/pypi.js';
import { fileName, slashed } from '../../common/paths.js';
import { underInstalledTree } from '../paths.js';

interface OptionSpec {
  /** Long name, which the option is known by. */
  name: string;
  takesValue: boolean;
  /** Allowed after a requirement on the same line. */
  perRequirement?: boolean;
}

const OPTIONS: OptionSpec[] = [
  { name: 'index-url', takesValue: true },
  { name: 'extra-index-url', takesValue: true },
  { name: 'no-index', takesValue: false },
  { name: 'constraint', takesValue: true },
  { name: 'requirement', takesValue: true },
  { name: 'editable', takesValue: true },
  { name: 'find-links', takesValue: true },
  { name: 'no-binary', takesValue: true },
  { name: 'only-binary', takesValue: true },
  { name: 'prefer-binary', takesValue: false },
  { name: 'require-hashes', takesValue: false },
  { name: 'pre', takesValue: false },
  { name: 'trusted-host', takesValue: true },
  { name: 'use-feature', takesValue: true },
  { name: 'hash', takesValue: true, perRequirement: true },
  { name: 'global-option', takesValue: true, perRequirement: true },
  { name: 'config-settings', takesValue: true, perRequirement: true },
  { name: 'install-option', takesValue: true, perRequirement: true },
];
const SHORT: Record<string, string> = { i: 'index-url', c: 'constraint', r: 'requirement', e: 'editable', f: 'find-links' };
const BY_NAME = new Map(OPTIONS.map((o) => [o.name, o]));

interface LogicalLine {
  /** GitHub line of the logical line's first physical line. */
  line: number;
  text: string;
}

/** pip's COMMENT_RE.match(line), `(^|\s+)#` at the start: the line is a comment. */
function isCommentLine(s: string): boolean {
  let i = 0;
  while (i < s.length && isPythonSpace(s.charCodeAt(i))) i++;
  return s.charCodeAt(i) === 0x23;
}

/**
 * pip's COMMENT_RE.sub('', line) for `(^|\s+)#.*$`: everything from the whitespace before the first
 * `#` that starts the line or follows whitespace. Written as a scan because the regex backtracks
 * quadratically on a long run of spaces (40,000 spaces took 18 s).
 */
function stripComment(s: string): string {
  for (let h = s.indexOf('#'); h !== -1; h = s.indexOf('#', h + 1)) {
    if (h === 0) return '';
    if (!isPythonSpace(s.charCodeAt(h - 1))) continue;
    let p = h - 1;
    while (p > 0 && isPythonSpace(s.charCodeAt(p - 1))) p--;
    return s.slice(0, p);
  }
  return s;
}

/**
 * pip's preprocess (req_file.py): `content.splitlines()` (so VT, FF, FS, GS, RS, NEL, LS and PS end a
 * line too, not only CR and LF), join_lines (a line ending in `\` joins the next, unless it is a
 * comment; the joined line keeps its first line), ignore_comments, then str.strip(). Each logical
 * line is reported on the GitHub line where its first physical line starts.
 */
function logicalLines(text: string): LogicalLine[] {
  const github = lineIndex(text);
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let start = 0;
  for (const { text: raw, start: at } of splitLines(text, 'python')) {
    const comment = isCommentLine(raw);
    if (!raw.endsWith('\\') || comment) {
      const line = comment ? ' ' + raw : raw;
      if (pending.length > 0) {
        pending.push(line);
        out.push({ line: github(start), text: pending.join('') });
        pending = [];
      } else out.push({ line: github(at), text: line });
    } else {
      if (pending.length === 0) start = at;
      pending.push(stripBackslashes(raw));
    }
  }
  if (pending.length > 0) out.push({ line: github(start), text: pending.join('') });
  return out.map((l) => ({ line: l.line, text: pythonStrip(stripComment(l.text)) })).filter((l) => l.text !== '');
}

/** Python's line.strip('\\'). */
function stripBackslashes(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 0x5c) a++;
  while (b > a && s.charCodeAt(b - 1) === 0x5c) b--;
  return s.slice(a, b);
}

/** Splits at spaces the way pip's shlex.split does for the options part (quotes group, backslash escapes). */
function shellWords(s: string): string[] | undefined {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if (c === '"' || c === "'") {
      const close = s.indexOf(c, i + 1);
      if (close === -1) return undefined;
      cur = (cur ?? '') + s.slice(i + 1, close);
      i = close;
    } else if (c === '\\' && i + 1 < s.length) {
      cur = (cur ?? '') + s[++i];
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

interface Option {
  name: string;
  value?: string;
}

function parseOptions(words: string[], fail: (msg: string) => never): Option[] {
  const out: Option[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    let name: string;
    let inline: string | undefined;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      name = eq === -1 ? w.slice(2) : w.slice(2, eq);
      if (eq !== -1) inline = w.slice(eq + 1);
    } else if (w.startsWith('-') && w.length >= 2) {
      const long = SHORT[w[1]];
      if (long === undefined) fail(`unknown option ${JSON.stringify(w.slice(0, 2))}`);
      name = long;
      if (w.length > 2) inline = w.slice(2).replace(/^=/, '');
    } else {
      fail(`unexpected ${JSON.stringify(w)}: an option line holds only options`);
    }
    const spec = BY_NAME.get(name);
    if (spec === undefined) fail(`unknown option ${JSON.stringify(`--${name}`)}`);
    if (!spec.takesValue) {
      if (inline !== undefined) fail(`option --${name} takes no value`);
      out.push({ name });
      continue;
    }
    const value = inline ?? words[++k];
    if (value === undefined || value === '') fail(`option --${name} needs a value`);
    out.push({ name, value });
  }
  return out;
}

/** pip's break_args_options: words before the first one starting with `-` are the requirement. */
function splitArgs(line: string): { args: string; options: string } {
  const tokens = line.split(' ');
  const k = tokens.findIndex((t) => t.startsWith('-'));
  if (k === -1) return { args: line, options: '' };
  return { args: tokens.slice(0, k).join(' '), options: tokens.slice(k).join(' ') };
}

interface Entry {
  line: number;
  req: Requirement;
  editable: boolean;
  hashes: string[];
}

function parseRequirements(text: string, file: string): ParsedFile {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError('the file contains NUL bytes; expected a text requirements file', file, lineIndex(text)(nul));
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const sink = new PythonFileSink(file);
  const entries: Entry[] = [];
  let index: string | undefined;
  let noIndex = false;
  const extras: string[] = [];

  for (const { line, text: logical } of logicalLines(body)) {
    const fail = (msg: string): never => {
      throw new ParseError(msg, file, line);
    };
    const { args, options } = splitArgs(logical);
    const words = shellWords(options) ?? fail('unclosed quote in the options');
    const opts = parseOptions(words, fail);
    if (args !== '') {
      for (const o of opts) {
        if (!BY_NAME.get(o.name)?.perRequirement) fail(`option --${o.name} cannot follow a requirement on the same line`);
      }
      entries.push({ line, req: requirementAt(args, fail), editable: false, hashes: hashesOf(opts, fail) });
      continue;
    }
    for (const o of opts) {
      const v = o.value ?? '';
      switch (o.name) {
        case 'index-url': {
          index = sink.url(v, line, () => 'index-url', `the index URL (--index-url) in ${file}`);
          sink.setting({ line, key: 'index-url', setting: 'index-url', value: index, effect: 'registry' });
          break;
        }
        case 'extra-index-url': {
          const url = sink.url(v, line, (u) => `extra-index-url/${u}`, `an --extra-index-url in ${file}`);
          extras.push(url);
          sink.setting({ line, key: `extra-index-url/${url}`, setting: 'extra-index-url', value: url, effect: 'extra-registry' });
          break;
        }
        case 'find-links': {
          const url = sink.url(v, line, (u) => `find-links/${u}`, `a --find-links location in ${file}`);
          extras.push(url);
          sink.setting({ line, key: `find-links/${url}`, setting: 'find-links', value: url, effect: 'extra-registry' });
          break;
        }
        case 'trusted-host':
          sink.setting({ line, key: `trusted-host/${v}`, setting: 'trusted-host', value: v, effect: 'insecure-host' });
          break;
        case 'no-index':
          noIndex = true;
          sink.setting({ line, key: 'no-index', setting: 'no-index', value: 'true', effect: 'other' });
          break;
        case 'editable':
          entries.push({ line, req: editableAt(v, fail), editable: true, hashes: [] });
          break;
        case 'hash':
        case 'global-option':
        case 'config-settings':
        case 'install-option':
          fail(`option --${o.name} must follow a requirement on the same line`);
          break;
        default:
          // -r/-c name other files (not followed here); the rest change how pip installs, not what.
          break;
      }
    }
  }

  const registry = noIndex ? undefined : index;
  const keys = new Set<string>();
  const deps = entries.map((e) => toDependency(e, file, sink, keys, registry, extras));
  return { deps, settings: sink.settings, issues: sink.issues };
}

function requirementAt(args: string, fail: (msg: string) => never): Requirement {
  try {
    return parsePipRequirement(args);
  } catch (err) {
    return fail((err as Error).message);
  }
}

function editableAt(value: string, fail: (msg: string) => never): Requirement {
  const req = requirementAt(value, fail);
  if (req.url === undefined) fail(`-e ${JSON.stringify(value)}: an editable requirement must be a local path or a VCS URL`);
  return req;
}

function hashesOf(opts: Option[], fail: (msg: string) => never): string[] {
  return opts
    .filter((o) => o.name === 'hash')
    .map((o) => normalizeHash(o.value ?? '') ?? fail(`--hash must be algorithm:hexdigest, found ${JSON.stringify(o.value)}`));
}

function toDependency(
  e: Entry,
  file: string,
  sink: PythonFileSink,
  keys: Set<string>,
  registry: string | undefined,
  extras: string[],
): Dependency {
  const { req } = e;
  const baseKey = req.name !== undefined ? normalizeName(req.name) : '';
  if (req.url !== undefined) {
    const where = `the source URL of ${req.name ?? 'a requirement'} in ${file}`;
    const url = sink.url(req.url, e.line, (u) => (baseKey !== '' ? baseKey : `url:${u}`), where);
    const info = locationInfo(url);
    const key = uniqueKey(keys, baseKey !== '' ? baseKey : `url:${url}`);
    return withRecorded(
      { ecosystem: 'pypi', name: req.name ?? url, file, line: e.line, kind: 'manifest', key, ...info },
      { integrity: e.hashes.join(' ') || undefined },
    );
  }
  const info = classifyPep440(req.spec);
  return withRecorded(
    { ecosystem: 'pypi', name: req.name!, file, line: e.line, kind: 'manifest', key: uniqueKey(keys, baseKey), ...info },
    { integrity: e.hashes.join(' ') || undefined, registry, extraRegistries: extras.length > 0 ? [...extras] : undefined },
  );
}

/** requirements*.txt, *-requirements.txt, requirements/*.txt, constraints*.txt. */
export function isRequirementsPath(path: string): boolean {
  const p = slashed(path);
  if (underInstalledTree(p)) return false;
  const base = fileName(p);
  if (!/\.txt$/i.test(base)) return false;
  const parts = p.split('/');
  const parent = parts.length >= 2 ? parts[parts.length - 2] : '';
  return /^requirements.*\.txt$/i.test(base) || /[-_.]requirements\.txt$/i.test(base) || /^constraints.*\.txt$/i.test(base) || parent === 'requirements';
}

export const requirementsTxt = { id: 'requirements', matches: isRequirementsPath, parse: parseRequirements } satisfies Format;
