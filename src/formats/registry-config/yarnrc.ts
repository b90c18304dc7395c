// Yarn's registry configuration: Berry's `.yarnrc.yml` (YAML) and classic Yarn 1's `.yarnrc`
// (`key value` lines). Where npm packages come from, TLS and checksum switches, and literal auth
// tokens, which become `secret` issues and never settings.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedFile } from '../../types.js';
import { ParseError, type Format } from '../format.js';
import { lineIndex } from '../readers/lines.js';
import { readYamlDocument, type YamlClient, type YamlDoc } from '../readers/yaml.js';
import { configText, isFalse, isTrue, RegistryConfig } from './common.js';
import { fileNamed } from '../paths.js';

// ---------------------------------------------------------------------------------------------------
// .yarnrc.yml

interface YamlEntry {
  key: string;
  line: number;
  node: Node | null;
}

/**
 * Yarn reads its rc files with parseSyml: js-yaml with the failsafe schema (every scalar a string),
 * `json: true` (a later duplicate key wins), lines ending at LF, CRLF or a lone CR, unknown tags and
 * non-printable characters refused.
 */
export const YARNRC_YAML: YamlClient = {
  label: '.yarnrc.yml',
  loneCrBreaks: true,
  options: { schema: 'failsafe', uniqueKeys: false, prettyErrors: false },
  unknownTags: 'error',
  invalid: '.yarnrc.yml is not valid YAML',
  printable: 'js-yaml',
};

class YarnrcYml {
  readonly out: RegistryConfig;
  private readonly y: YamlDoc;

  constructor(text: string, file: string) {
    this.out = new RegistryConfig(file, 'npm', '.yarnrc.yml');
    this.y = readYamlDocument(configText(text, file, '.yarnrc.yml'), file, YARNRC_YAML);
  }

  private resolve(node: unknown): Node | null {
    const n = this.y.resolve(node);
    return n === undefined || n === null ? null : n;
  }

  lineOf(node: Node | null | undefined, fallback = 1): number {
    return node?.range ? this.y.lineOf(node) : fallback;
  }

  /** The pairs of a mapping, with the line of each key; [] for anything that is not a mapping. */
  entries(node: Node | null): YamlEntry[] {
    if (!isMap(node)) return [];
    return node.items.map((pair) => {
      const key = this.resolve(pair.key);
      const name = isScalar(key) ? String(key.value ?? '') : String(key);
      return { key: name, line: this.lineOf(key), node: this.resolve(pair.value) };
    });
  }

  /** A scalar as text (failsafe: all scalars are strings); undefined for maps and sequences. */
  text(node: Node | null): string | undefined {
    if (node === null) return '';
    return isScalar(node) ? String(node.value ?? '') : undefined;
  }

  expectText(e: YamlEntry, label: string): string {
    const v = this.text(e.node);
    if (v === undefined) {
      throw new ParseError(`.yarnrc.yml: ${label} must be a string, found a ${isSeq(e.node) ? 'list' : 'mapping'}`, this.out.file, e.line);
    }
    return v;
  }

  expectMap(e: YamlEntry): void {
    if (e.node !== null && !isMap(e.node) && this.text(e.node) !== '') {
      throw new ParseError(`.yarnrc.yml: ${e.key} must be a mapping`, this.out.file, e.line);
    }
  }

  read(): ParsedFile {
    const root = this.y.doc.contents as Node | null;
    if (root !== null && !isMap(root)) {
      // An empty document (`---` alone reads as an empty plain scalar under the failsafe schema) has no
      // settings; a quoted "" is a string, which parseSyml refuses like any other.
      if (isScalar(root) && (root.value === null || (root.value === '' && root.type === 'PLAIN'))) return this.out.result();
      throw new ParseError('.yarnrc.yml must be a mapping of settings', this.out.file, this.lineOf(root));
    }
    const out = this.out;
    for (const e of this.entries(root)) {
      switch (e.key) {
        case 'npmRegistryServer':
          out.addUrl(e.line, e.key, e.key, this.expectText(e, e.key), 'registry');
          break;
        case 'npmAuthToken':
          out.credential(e.line, e.key, e.key, this.expectText(e, e.key));
          break;
        case 'npmAuthIdent':
          // `user:password` (or its base64): a credential, though its name does not say so.
          out.credential(e.line, e.key, e.key, this.expectText(e, e.key), '_auth');
          break;
        case 'npmScopes':
          this.expectMap(e);
          for (const scope of this.entries(e.node)) this.registryBlock(scope, `npmScopes.${scope.key}`, `@${scope.key.replace(/^@/, '')}`);
          break;
        case 'npmRegistries':
          this.expectMap(e);
          for (const reg of this.entries(e.node)) this.registryBlock(reg, `npmRegistries[${JSON.stringify(reg.key)}]`);
          break;
        case 'unsafeHttpWhitelist':
          this.hosts(e);
          break;
        case 'enableStrictSsl': {
          const v = this.expectText(e, e.key);
          if (isFalse(v)) out.add(e.line, e.key, e.key, v, 'tls-off');
          break;
        }
        case 'checksumBehavior': {
          const v = this.expectText(e, e.key);
          if (['ignore', 'update', 'reset'].includes(v)) out.add(e.line, e.key, e.key, v, 'checksum-off');
          else if (v !== 'throw') out.add(e.line, e.key, e.key, v, 'other');
          break;
        }
        case 'enableScripts': {
          const v = this.expectText(e, e.key);
          if (isTrue(v)) out.add(e.line, e.key, e.key, v, 'scripts-on');
          break;
        }
        case 'enableImmutableInstalls': {
          const v = this.expectText(e, e.key);
          if (isFalse(v)) out.add(e.line, e.key, e.key, v, 'other');
          break;
        }
        case 'httpsCaFilePath':
        case 'caFilePath':
          out.add(e.line, e.key, e.key, this.expectText(e, e.key), 'other');
          break;
        case 'httpProxy':
        case 'httpsProxy':
          out.addUrl(e.line, e.key, e.key, this.expectText(e, e.key), 'other');
          break;
        default: {
          const v = this.text(e.node);
          if (v !== undefined) out.scan(e.line, e.key, e.key, v);
        }
      }
    }
    return out.result();
  }

  /** One entry of `npmScopes` (with its scope) or `npmRegistries`: its server and its credentials. */
  private registryBlock(block: YamlEntry, prefix: string, scope?: string): void {
    if (block.node !== null && !isMap(block.node)) {
      throw new ParseError(`.yarnrc.yml: ${prefix} must be a mapping of settings`, this.out.file, block.line);
    }
    for (const e of this.entries(block.node)) {
      const key = `${prefix}.${e.key}`;
      if (e.key === 'npmRegistryServer' && scope !== undefined) {
        this.out.addUrl(e.line, key, key, this.expectText(e, key), 'registry', scope);
      } else if (e.key === 'npmAuthToken') {
        this.out.credential(e.line, key, key, this.expectText(e, key), e.key);
      } else if (e.key === 'npmAuthIdent') {
        this.out.credential(e.line, key, key, this.expectText(e, key), '_auth');
      } else {
        const v = this.text(e.node);
        if (v !== undefined) this.out.scan(e.line, key, key, v);
      }
    }
  }

  /** `unsafeHttpWhitelist`: each host (glob) may be fetched over plain http. */
  private hosts(e: YamlEntry): void {
    if (e.node === null) return;
    if (!isSeq(e.node)) throw new ParseError(`.yarnrc.yml: ${e.key} must be a list of hosts`, this.out.file, e.line);
    for (const item of e.node.items) {
      const node = this.resolve(item);
      const host = this.text(node);
      if (host === undefined || host === '') continue;
      this.out.add(this.lineOf(node, e.line), `${e.key}/${host}`, e.key, host, 'insecure-host');
    }
  }
}

export const yarnrcYml = {
  id: 'yarnrc-yml',
  matches: fileNamed(['.yarnrc.yml']),
  parse: (text, path) => new YarnrcYml(text, path).read(),
  inventory: 'registries',
} satisfies Format;

// ---------------------------------------------------------------------------------------------------
// .yarnrc (Yarn 1)

/**
 * Where a quoted string that starts at `from` ends (after its closing quote), found as Yarn 1's
 * tokenizer finds it: the first `"` not escaped by a single backslash; -1 when the line has none.
 * A scan, not a regex: `/"((?:[^"\\]|\\.)*)"/` overflows the stack on a 10 MB value.
 */
function quoteEnd(s: string, from: number): number {
  for (let i = from + 1; i < s.length; i++) {
    if (s[i] === '"' && !(s[i - 1] === '\\' && s[i - 2] !== '\\')) return i + 1;
  }
  return -1;
}

/** One quoted or bare word at the start of `s`, and the rest; undefined for an unterminated quote. */
function word(s: string): { word: string; rest: string } | undefined {
  if (s.startsWith('"')) {
    const end = quoteEnd(s, 0);
    if (end === -1) return undefined;
    const raw = s.slice(0, end);
    let w: string;
    try {
      w = JSON.parse(raw) as string;
    } catch {
      w = raw.slice(1, -1);
    }
    return { word: w, rest: s.slice(end) };
  }
  let i = 0;
  while (i < s.length && s[i] !== '"' && !/\s/.test(s[i])) i++;
  return { word: s.slice(0, i), rest: s.slice(i) };
}

/** A line of .yarnrc as Yarn 1 reads it, with the offset where it starts and whether it is indented. */
interface Yarn1Line {
  text: string;
  start: number;
  /** Leading spaces after LF or CRLF: Yarn 1 sees indentation only there, never after a lone CR. */
  indented: boolean;
}

/**
 * The lines of .yarnrc as Yarn 1's tokenizer (src/lockfile/parse.js, which also reads .yarnrc)
 * splits them: LF, CRLF and a lone CR each end a line, except that a `#` comment runs on to the
 * next LF (so a comment swallows the CR-separated lines after it); leading spaces after a lone CR are
 * skipped, not read as indentation. A quoted string is skipped as a whole so a `#` in it is no comment.
 */
function yarn1Lines(text: string): Yarn1Line[] {
  const out: Yarn1Line[] = [];
  let start = 0;
  let afterLf = true;
  let i = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const indented = afterLf && raw.startsWith(' ');
    out.push({ text: indented ? raw : raw.replace(/^ +/, ''), start, indented });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      push(i);
      const crlf = c === '\r' && text[i + 1] === '\n';
      afterLf = c === '\n' || crlf;
      i += crlf ? 2 : 1;
      start = i;
    } else if (c === '"') {
      // To the closing quote, or to the line's end for an unterminated string (then a ParseError).
      i++;
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
        const closes = text[i] === '"' && !(text[i - 1] === '\\' && text[i - 2] !== '\\');
        i++;
        if (closes) break;
      }
    } else if (c === '#' && (i === start || /[ ,:"]/.test(text[i - 1]))) {
      const lf = text.indexOf('\n', i);
      i = lf === -1 ? text.length : lf;
      // The comment may have ended at the CR of a CRLF: the line still ends at the LF.
      if (text[i - 1] === '\r' && i > start) i--;
    } else i++;
  }
  if (start < text.length) push(text.length);
  return out;
}

function parseYarnrc(text: string, file: string): ParsedFile {
  const out = new RegistryConfig(file, 'npm', '.yarnrc');
  const body = configText(text, file, '.yarnrc');
  const github = lineIndex(body);
  for (const { text: raw, start, indented } of yarn1Lines(body)) {
    const line = github(start);
    // Indented lines belong to a nested block; Yarn 1 keeps registry settings at the top level.
    if (indented || /^\s*(#|$)/.test(raw)) continue;
    const k = word(raw);
    if (k === undefined) throw new ParseError('.yarnrc: unterminated quoted string', file, line);
    // `key value`, also written `key: value`.
    const afterKey = k.rest.replace(/^:/, '').trimStart();
    if (k.word.endsWith(':') && !raw.startsWith('"')) k.word = k.word.slice(0, -1);
    const v = word(afterKey);
    if (v === undefined) throw new ParseError('.yarnrc: unterminated quoted string', file, line);
    const key = k.word;
    const value = v.word;
    if (!key || !value) continue; // a block header (`key:`) or an odd line
    // CLI flags in .yarnrc (`--registry`, `--install.ignore-scripts`) name the same settings.
    const name = key.startsWith('--') ? key.replace(/^--(?:[a-z-]+\.)?/, '') : key;
    const scoped = /^(@[^:/\s]+):registry$/.exec(name);
    if (name === 'registry') out.addUrl(line, key, key, value, 'registry');
    else if (scoped) out.addUrl(line, key, key, value, 'registry', scoped[1]);
    else if (name === 'strict-ssl') {
      if (isFalse(value)) out.add(line, key, key, value, 'tls-off');
    } else out.scan(line, key, key, value);
  }
  return out.result();
}

export const yarnrc = { id: 'yarnrc', matches: fileNamed(['.yarnrc']), parse: parseYarnrc, inventory: 'registries' } satisfies Format;
