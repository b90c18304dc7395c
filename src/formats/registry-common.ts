// Shared by the package-manager registry configuration formats (.npmrc, .yarnrc.yml, .yarnrc,
// bunfig.toml, pip.conf, uv.toml, .cargo/config.toml): collecting settings with unique keys, keeping
// credentials out of setting values, and the lines of keys in TOML files (smol-toml gives none).
import { parse as parseTomlText, TomlError } from 'smol-toml';
import type { Ecosystem, FileIssue, ParsedFile, RegistrySetting } from '../types.js';
import { lineIndex, ParseError } from './format.js';
import { underNodeModules } from './package-json.js';
import { findSecret, fingerprint, maskSecret, secretIssue, type SecretHit } from './secrets.js';

export type Effect = RegistrySetting['effect'];

/** The repository path with forward slashes. */
export function slashed(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Whether the file name (last segment) of `path` is one of `names`, outside node_modules. */
export function namedFile(path: string, names: readonly string[]): boolean {
  const p = slashed(path);
  return names.includes(p.slice(p.lastIndexOf('/') + 1)) && !underNodeModules(p);
}

/** Text of a config file without a byte order mark; a NUL byte means it is not a text file at all. */
export function configText(text: string, file: string, label: string): string {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError(`${label} is not a text file (it contains a NUL byte)`, file, lineIndex(text)(nul));
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The lines of a text, without line terminators (`\n`, `\r\n`). */
export function textLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Whether a config value reads as false / true the way the tools read booleans. */
export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|0|no|off)$/i.test(value.trim()));
}
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|1|yes|on)$/i.test(value.trim()));
}

/** A URL with the credentials taken out, and the literal credentials found in it. */
export interface CleanUrl {
  value: string;
  hits: { part: string; hit: SecretHit }[];
}

const USERINFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#@]*)@/;

/**
 * `url` without userinfo (`https://user:pass@host/` -> `https://host/`, also when the userinfo is a
 * `${REFERENCE}`), with any recognisable token elsewhere in it masked. The literal credentials are
 * returned so the caller can report them.
 */
export function cleanUrl(url: string): CleanUrl {
  const hits: CleanUrl['hits'] = [];
  let value = url.trim();
  const m = USERINFO.exec(value);
  if (m) {
    value = m[1] + value.slice(m[0].length);
    const userinfo = m[2];
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    const pass = colon === -1 ? undefined : userinfo.slice(colon + 1);
    if (pass !== undefined && pass !== '') {
      const hit = findSecret('password', pass) ?? findSecret(undefined, user);
      if (hit) hits.push({ part: 'the credentials in the URL', hit });
    } else {
      // `https://TOKEN:@host` (an empty password) carries a token as the user name; a bare user name
      // counts only when it has a token's shape.
      const hit = pass === '' ? findSecret('token', user) : findSecret(undefined, user);
      if (hit) hits.push({ part: 'the user name in the URL', hit });
    }
  }
  for (let guard = 0; guard < 5; guard++) {
    const hit = findSecret(undefined, value);
    if (!hit) break;
    hits.push({ part: 'a token in the URL', hit });
    value = value.split(hit.value).join(maskSecret(hit));
  }
  return { value, hits };
}

/** Reads a secret hit so that the message says "a literal credential", not "a literal literal credential". */
function worded(hit: SecretHit): SecretHit {
  return hit.kind === 'literal credential' ? { ...hit, kind: 'credential' } : hit;
}

/**
 * The settings and issues of one registry config file. Keys are unique: a later setting with the
 * same key replaces an earlier one (as the tools read the last), an issue with the same key (same
 * setting, same credential) is kept once.
 */
export class RegistryConfig {
  private readonly settings = new Map<string, RegistrySetting>();
  private readonly issues = new Map<string, FileIssue>();

  constructor(
    readonly file: string,
    readonly ecosystem: Ecosystem,
    /** How messages name the file: `.npmrc`, `pip.conf`. */
    readonly label: string,
  ) {}

  add(line: number, key: string, setting: string, value: string, effect: Effect, scope?: string): void {
    const s: RegistrySetting = { file: this.file, line, key, ecosystem: this.ecosystem, setting, value, effect };
    if (scope !== undefined) s.scope = scope;
    this.settings.set(key, s);
  }

  /** A setting whose value is a URL: userinfo is stripped from the value and reported when literal. */
  addUrl(line: number, key: string, setting: string, url: string, effect: Effect, scope?: string): void {
    this.add(line, key, setting, this.url(line, key, setting, url), effect, scope);
  }

  /** `url` without credentials; the literal ones become `secret` issues. */
  url(line: number, key: string, setting: string, url: string): string {
    const { value, hits } = cleanUrl(url);
    for (const { part, hit } of hits) this.secret(line, `${key}/url`, `${part} of \`${setting}\` in ${this.label}`, hit);
    return value;
  }

  /**
   * A setting that holds a credential (`_authToken`, `npmAuthToken`, `token`): a `secret` issue when
   * the value is literal, nothing when it is a reference (`${NPM_TOKEN}`). Never a setting.
   * `name` is what the credential detector is told the key is called.
   */
  credential(line: number, key: string, setting: string, value: string, name = setting): void {
    const hit = findSecret(name, value);
    if (hit) this.secret(line, key, `\`${setting}\` in ${this.label}`, hit);
  }

  /** Any other value: a `secret` issue when it has a token's shape or a secret-like name. */
  scan(line: number, key: string, setting: string, value: string): void {
    this.credential(line, key, setting, value, setting);
  }

  secret(line: number, key: string, where: string, hit: SecretHit): void {
    const issue = secretIssue(line, key, where, worded(hit));
    if (!this.issues.has(issue.key)) this.issues.set(issue.key, issue);
  }

  result(): ParsedFile {
    return { deps: [], settings: [...this.settings.values()], issues: [...this.issues.values()] };
  }
}

/** What a certificate setting shows instead of the PEM text: a short fingerprint, so a change is visible. */
export function certificateValue(pem: string): string {
  return pem.includes('-----BEGIN') ? `certificate sha256:${fingerprint(pem.trim())}` : pem;
}

// ---------------------------------------------------------------------------------------------------
// TOML

/** A TOML table (not an array, not a date). */
export type TomlTable = Record<string, unknown>;

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A parsed TOML file with the 1-based line of every key, table header and array element. */
export interface TomlDoc {
  data: TomlTable;
  /**
   * Line of the key at `path` (`['install', 'scopes', '@acme']`, array elements by index); for a
   * path not written as such (a key inside a one-line inline table), the line of its nearest parent.
   */
  line(...path: (string | number)[]): number;
}

/** Parses TOML, throwing ParseError at the line where reading failed. */
export function readToml(text: string, file: string, label: string): TomlDoc {
  const body = configText(text, file, label);
  let data: TomlTable;
  try {
    data = parseTomlText(body) as TomlTable;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new ParseError(`${label} is not valid TOML: ${first}`, file, err.line > 0 ? err.line : 1);
    }
    throw new ParseError(`${label} is not valid TOML: ${err instanceof Error ? err.message : String(err)}`, file, 1);
  }
  const lines = tomlKeyLines(body);
  return {
    data,
    line: (...path) => {
      const segs = path.map(String);
      for (let n = segs.length; n > 0; n--) {
        const l = lines.get(JSON.stringify(segs.slice(0, n)));
        if (l !== undefined) return l;
      }
      return 1;
    },
  };
}

/**
 * Lines of keys in a TOML text that smol-toml has already accepted: table headers (array tables get
 * their index), dotted keys, keys inside inline tables (also multi-line ones) and array elements.
 * A best-effort scanner: on anything it does not follow it stops, and lookups fall back to parents.
 */
function tomlKeyLines(text: string): Map<string, number> {
  const lineAt = lineIndex(text);
  const out = new Map<string, number>();
  const record = (path: string[], pos: number): void => {
    const k = JSON.stringify(path);
    if (!out.has(k)) out.set(k, lineAt(pos));
  };
  const arrayTables = new Map<string, number>();
  const n = text.length;
  let i = 0;

  const skipWs = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipComment = (): void => {
    if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
  };
  const skipWsNl = (): void => {
    for (;;) {
      skipWs();
      skipComment();
      if (i < n && (text[i] === '\n' || text[i] === '\r')) i++;
      else return;
    }
  };
  const basicString = (): string => {
    if (text.startsWith('"""', i)) {
      i += 3;
      const start = i;
      while (i < n && !text.startsWith('"""', i)) i += text[i] === '\\' ? 2 : 1;
      const raw = text.slice(start, i);
      i += 3;
      while (text[i] === '"') i++;
      return raw;
    }
    i++;
    const start = i;
    while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    const raw = text.slice(start, i);
    i++;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  };
  const literalString = (): string => {
    const delim = text.startsWith("'''", i) ? "'''" : "'";
    i += delim.length;
    const start = i;
    while (i < n && !text.startsWith(delim, i)) i++;
    const raw = text.slice(start, i);
    i += delim.length;
    if (delim === "'''") while (text[i] === "'") i++;
    return raw;
  };
  const keyPart = (): string => {
    if (text[i] === '"') return basicString();
    if (text[i] === "'") return literalString();
    const start = i;
    while (i < n && /[A-Za-z0-9_-]/.test(text[i])) i++;
    if (i === start) throw new Error('not a key');
    return text.slice(start, i);
  };
  const dottedKey = (): string[] => {
    const parts = [keyPart()];
    for (;;) {
      skipWs();
      if (text[i] !== '.') return parts;
      i++;
      skipWs();
      parts.push(keyPart());
    }
  };
  const value = (path: string[]): void => {
    const c = text[i];
    if (c === '"') {
      basicString();
    } else if (c === "'") {
      literalString();
    } else if (c === '[') {
      i++;
      for (let idx = 0; ; idx++) {
        skipWsNl();
        if (i >= n) return;
        if (text[i] === ']') {
          i++;
          return;
        }
        const before = i;
        record([...path, String(idx)], i);
        value([...path, String(idx)]);
        skipWsNl();
        if (text[i] === ',') i++;
        if (i === before) throw new Error('stuck in an array');
      }
    } else if (c === '{') {
      i++;
      for (;;) {
        skipWsNl();
        if (i >= n) return;
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        keyValue(path);
      }
    } else {
      // A number, boolean or date: up to a delimiter. A date with a space before its time ends at the
      // space; the time is then read as another scalar, which only costs array indexes after it.
      const start = i;
      while (i < n && !/[,\]}\s#]/.test(text[i])) i++;
      if (i === start) throw new Error('not a value');
    }
  };
  const keyValue = (table: string[]): void => {
    const start = i;
    const key = dottedKey();
    for (let k = 1; k <= key.length; k++) record([...table, ...key.slice(0, k)], start);
    skipWs();
    if (text[i] !== '=') throw new Error('expected =');
    i++;
    skipWs();
    value([...table, ...key]);
  };

  try {
    let table: string[] = [];
    for (;;) {
      skipWsNl();
      if (i >= n) break;
      const start = i;
      if (text[i] === '[') {
        const isArray = text[i + 1] === '[';
        i += isArray ? 2 : 1;
        skipWs();
        const key = dottedKey();
        const resolved: string[] = [];
        key.forEach((seg, j) => {
          resolved.push(seg);
          const k = JSON.stringify(resolved);
          if (isArray && j === key.length - 1) {
            const next = (arrayTables.get(k) ?? -1) + 1;
            arrayTables.set(k, next);
            record(resolved, start);
            resolved.push(String(next));
          } else {
            const last = arrayTables.get(k);
            if (last !== undefined) resolved.push(String(last));
          }
        });
        record(resolved, start);
        table = resolved;
      } else {
        keyValue(table);
      }
      // The rest of the line is a comment (or whitespace).
      while (i < n && text[i] !== '\n') i++;
      if (i === start) i++;
    }
  } catch {
    // Lines found so far stay; lookups for the rest fall back to their parents.
  }
  return out;
}
