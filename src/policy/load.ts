import * as YAML from 'yaml';
import semver from 'semver';
import type { AllowEntry, DenyEntry, ExceptionEntry, Policy, RegistryKey } from './types.js';
import type { Ecosystem, PolicySourceInfo, RuleId, RuleLevel } from '../types.js';
import { didYouMean } from '../common/did-you-mean.js';
import { CRATES_IO, DEFAULT_GOPROXY, DEFAULT_GOSUMDB, DEFAULT_MAX_FILE_BYTES, DEFAULT_OCI_REGISTRIES, PUBLIC_PYPI_INDEX } from './defaults.js';
import { defaultRuleLevels, RULES } from '../rules/catalogue.js';
import { emptyTable } from '../common/own.js';
import { hostPatternProblem, namePatternProblem, rangeProblem } from './match.js';
import { isShellOrDownloader, isTracedProgram, programName } from '../ecosystems/launchers.js';
import { PUBLIC_NPM_REGISTRY } from '../ecosystems/npm-registry.js';

/** An invalid policy: the gate cannot run (exit status 2). Names the file, line and key. */
export class PolicyError extends Error {
  constructor(
    readonly detail: string,
    readonly file: string,
    readonly line: number,
    readonly key: string,
  ) {
    super(`${file}:${line}: ${key ? `${key}: ` : ''}${detail}`);
    this.name = 'PolicyError';
  }
}

const ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi', 'go', 'cargo', 'oci', 'github-actions', 'mcpb'];
const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'notice', 'off'];

/** The YAML as plain data plus the line of every key path ('allow.0.name'). */
interface Located {
  data: unknown;
  lines: Map<string, number>;
}

/** Most bytes a policy may have: the limit the base commit's policy is read with, for a --policy file too. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Deepest nesting of mappings and lists. The policy's own shape is at most 5 levels deep. */
export const MAX_POLICY_DEPTH = 32;
/** Most values aliases may add once expanded; an alias bomb ("billion laughs") adds billions. */
export const MAX_ALIAS_VALUES = 10_000;
/** The key of an error about the policy as a whole (its size, a second document). */
export const WHOLE_POLICY = '(document)';

/** A key path for messages: `mcp.include.0`, cut after a few segments when nesting runs away. */
function shownPath(path: readonly string[]): string {
  return path.length <= 4 ? path.join('.') : `${path.slice(0, 4).join('.')}...`;
}

/**
 * Refuses nesting deeper than MAX_POLICY_DEPTH before the document is composed: the YAML library
 * composes (and this loader walks) recursively, so `[[[[...` thousands deep would exhaust the stack.
 * The library's CST parser is iterative, and so is this walk.
 */
function checkDepth(tokens: readonly YAML.CST.Token[], file: string, lineAt: (offset: number) => number): void {
  const stack = tokens.map((token) => ({ token, depth: 0, path: [] as string[] }));
  while (stack.length > 0) {
    const { token, depth, path } = stack.pop()!;
    if (depth > MAX_POLICY_DEPTH) {
      throw new PolicyError(
        `is nested more than ${MAX_POLICY_DEPTH} levels deep, and a policy needs at most 5: look for brackets [ { that are never closed or indentation that keeps growing, and fix the YAML there`,
        file,
        lineAt(token.offset),
        shownPath(path) || WHOLE_POLICY,
      );
    }
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth, path });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const isMap = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
      token.items.forEach((item, i) => {
        const key = 'key' in item && item.key ? YAML.CST.resolveAsScalar(item.key)?.value : undefined;
        const p = [...path, isMap ? (key ?? '?') : String(i)];
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1, path: p });
        if (item.value) stack.push({ token: item.value, depth: depth + 1, path: p });
      });
    }
  }
}

/** What to do about a YAML error or warning, by its code. */
function yamlDetail(problem: YAML.YAMLError | YAML.YAMLWarning): string {
  const first = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return 'this key is set twice in the same mapping, and YAML readers disagree on which value wins: keep one';
    case 'TAG_RESOLVE_FAILED':
      return `${first.replace('Unresolved tag: ', 'the tag ').replace('tag:yaml.org,2002:', '!!')} is not used in a policy: remove it and write the value plainly (a date as 2027-01-31, text in quotes)`;
    case 'NON_STRING_KEY':
      return 'a key must be a plain name, not a list or mapping: write the key as text';
    case 'MULTIPLE_DOCS':
      return 'the policy is one YAML document: remove the "---" line and what follows it, or merge the two';
    default:
      return `not valid YAML: ${first}: fix the YAML at this line`;
  }
}

/** The key path of the deepest entry whose text holds `offset`, or of the last top-level key before it. */
function keyAt(doc: YAML.Document, offset: number): string {
  let found: string | undefined;
  const visit = (node: unknown, path: string): void => {
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as YAML.Node | null;
        const start = keyNode?.range?.[0] ?? (pair.value as YAML.Node | null)?.range?.[0];
        const end = (pair.value as YAML.Node | null)?.range?.[2] ?? keyNode?.range?.[2];
        const p = path ? `${path}.${keyName(keyNode)}` : keyName(keyNode);
        if (start === undefined || end === undefined) continue;
        if (path === '' && start <= offset) found = p;
        if (start <= offset && offset <= end) {
          found = p;
          visit(pair.value, p);
        }
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        const range = (item as YAML.Node | null)?.range;
        if (range && range[0] <= offset && offset <= range[2]) {
          found = `${path}.${i}`;
          visit(item, `${path}.${i}`);
        }
      });
    }
  };
  visit(doc.contents, '');
  return found ?? WHOLE_POLICY;
}

function keyName(node: YAML.Node | null): string {
  return YAML.isScalar(node) ? String(node.value) : String(node);
}

function readYaml(text: string, file: string): Located {
  const lineCounter = new YAML.LineCounter();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw new PolicyError(
      `is ${bytes} bytes, more than the ${MAX_POLICY_BYTES} bytes a policy may have: a policy lists rules and package names, so shorten the lists (a glob like @acme/* covers a whole scope)`,
      file,
      1,
      WHOLE_POLICY,
    );
  }
  // The text is parsed to CST tokens once, checked for depth, then composed as parseDocument does.
  const tokens = Array.from(new YAML.Parser(lineCounter.addNewLine).parse(text));
  checkDepth(tokens, file, (offset) => lineCounter.linePos(offset).line);
  // stringKeys: a key must be text (a list or mapping as a key is an error, not "[ a, b ]");
  // resolveKnownTags off: !!timestamp, !!binary, !!set, !!omap are unresolved tags, reported below.
  const composer = new YAML.Composer({ uniqueKeys: true, stringKeys: true, resolveKnownTags: false });
  const docs = Array.from(composer.compose(tokens, true, text.length));
  const doc = docs[0];
  if (docs.length > 1) {
    throw new PolicyError(yamlDetail(new YAML.YAMLParseError([docs[1].range[0], docs[1].range[1]], 'MULTIPLE_DOCS', '')), file, lineCounter.linePos(docs[1].range[0]).line, WHOLE_POLICY);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? lineCounter.linePos(problem.pos[0]).line;
    throw new PolicyError(yamlDetail(problem), file, line, keyAt(doc, problem.pos[0]));
  }
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const fail = (node: unknown, path: string, detail: string): never => {
    throw new PolicyError(detail, file, lineOf(node), path || WHOLE_POLICY);
  };
  // One walk records the line of every key and checks every alias: it names an anchor set before it,
  // is not part of the value it names, and what aliases add up to stays under MAX_ALIAS_VALUES. The
  // values of each node (aliases expanded) are counted once, in document order, where anchors come
  // before their aliases; nesting is bounded by checkDepth, so the recursion is too.
  const lines = new Map<string, number>();
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let added = 0;
  const walk = (node: unknown, path: string, recordLines: boolean): number => {
    if (YAML.isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) fail(node, path, `the alias *${node.source} names no anchor set before it: define &${node.source} earlier, or write the value out`);
      if (open.has(target)) fail(node, path, `the alias *${node.source} is part of the value it names, which would never end: write the value out`);
      const size = sizes.get(target) ?? 1;
      added += size;
      if (added > MAX_ALIAS_VALUES) {
        fail(node, path, `aliases expand the policy by more than ${MAX_ALIAS_VALUES} values (an alias bomb, "billion laughs"): write the values out instead of aliasing aliases`);
      }
      return size;
    }
    let size = 1;
    open.add(node);
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const p = path ? `${path}.${keyName(pair.key as YAML.Node | null)}` : keyName(pair.key as YAML.Node | null);
        if (recordLines) lines.set(p, lineOf(pair.key));
        size += walk(pair.key, p, false) + walk(pair.value, p, recordLines);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = `${path}.${i}`;
        if (recordLines) lines.set(p, lineOf(item));
        size += walk(item, p, recordLines);
      });
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  walk(doc.contents, '', true);
  try {
    // Aliases were bounded above, so the library's own alias limit (which throws a bare ReferenceError) is off.
    return { data: doc.toJS({ maxAliasCount: -1 }), lines };
  } catch (err) {
    throw new PolicyError(`could not be read: ${(err as Error).message}: fix the YAML, or write it without anchors and aliases`, file, 1, WHOLE_POLICY);
  }
}

/** Validation state: the file, its key lines, and helpers that throw PolicyError at the right line. */
class Reader {
  constructor(
    readonly file: string,
    readonly lines: Map<string, number>,
  ) {}

  line(path: string): number {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const l = this.lines.get(p);
      if (l !== undefined) return l;
    }
    return 1;
  }

  fail(path: string, detail: string): never {
    throw new PolicyError(detail, this.file, this.line(path), path);
  }

  object(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `must be a mapping, got ${describe(value)}`);
    }
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        const hint = didYouMean(key, known);
        this.fail(path ? `${path}.${key}` : key || WHOLE_POLICY, `unknown key ${shownKey(key)}: check its spelling${hint ? `, did you mean "${hint}"?` : ''} (known keys here: ${known.join(', ')})`);
      }
    }
    return obj;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  optString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  strings(value: unknown, path: string): string[] {
    if (typeof value === 'string') return [this.string(value, path)];
    return this.list(value, path).map((v, i) => this.string(v, `${path}.${i}`));
  }

  bool(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(path, `must be true or false, got ${describe(value)}`);
    return value;
  }

  number(value: unknown, path: string, fallback: number, min = 0): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      this.fail(path, `must be a number >= ${min}, got ${describe(value)}`);
    }
    return value;
  }

  ecosystem(value: unknown, path: string): Ecosystem {
    if (value === undefined || value === null) return 'npm';
    if (!ECOSYSTEMS.includes(value as Ecosystem)) this.fail(path, `unknown ecosystem ${describe(value)} (known: ${ECOSYSTEMS.join(', ')})`);
    return value as Ecosystem;
  }

  /**
   * A version range in the ecosystem's own syntax: semver for npm/cargo/go, PEP 440 for pypi, exact
   * tags/refs elsewhere. Checked as the matcher applies it (match.ts), so a range that loads always
   * matches something: a deny range that matched nothing would deny nothing.
   */
  range(value: unknown, path: string, ecosystem: Ecosystem = 'npm'): string | undefined {
    // YAML reads `versions: 1.10` as the number 1.1: the range written is lost, so it must be quoted.
    if (typeof value === 'number' && !Number.isInteger(value)) this.fail(path, `${String(value)} is a number in YAML, which drops trailing zeros (1.10 reads as 1.1): write the range in quotes`);
    const s = this.optString(typeof value === 'number' ? String(value) : value, path);
    if (s === undefined) return s;
    const problem = rangeProblem(s, ecosystem);
    if (problem !== undefined) this.fail(path, `${JSON.stringify(s)} is ${problem}`);
    return s;
  }

  /** A package name or glob, as the matcher applies it for the ecosystem (undefined: any, PyPI's lower-cased names too). */
  namePattern(value: unknown, path: string, ecosystem: Ecosystem | undefined): string {
    const s = this.string(value, path);
    const problem = ecosystem === undefined ? namePatternProblem(s, 'npm') ?? namePatternProblem(s, 'pypi') : namePatternProblem(s, ecosystem);
    if (problem !== undefined) this.fail(path, `${JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s)} is not a glob that can match (${problem}): write a name, or a glob like @acme/* or acme-*-mcp`);
    return s;
  }

  strList(value: unknown, path: string, fallback: string[]): string[] {
    return value === undefined || value === null ? fallback : this.strings(value, path);
  }

  url(value: unknown, path: string): string {
    const s = this.string(value, path);
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      this.fail(path, `not a URL: ${JSON.stringify(s)}`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') this.fail(path, `must be an http(s) URL: ${JSON.stringify(s)}`);
    // The slash goes on the path: appended to the href, it would land in a query (`?token=x/`) or fragment.
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    return u.href;
  }

  /** A calendar date (2027-01-31), or an ISO 8601 time on one (2025-01-29T00:00:00.000Z, as npm lists key expiry). */
  date(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    const s = String(value);
    if (!isIsoDate(s)) this.fail(path, `not a date: ${JSON.stringify(s)}: write the day as YYYY-MM-DD (e.g. 2027-01-31), a day that exists in the calendar`);
    return s;
  }
}

/** A key as written, with invisible and control characters shown as escapes (a stray byte order mark, a tab). */
function shownKey(key: string): string {
  return JSON.stringify(key).replace(/[\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // JSON.stringify shows Infinity (1e400, a huge hex number) as null.
  if (typeof value === 'number') return `number ${String(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * Whether `s` is YYYY-MM-DD, optionally with an ISO 8601 time, naming a day that exists. Date.parse
 * alone accepts 2024-02-30 (as March 1) and text after the date, so an exception could expire on a
 * day nobody wrote.
 */
function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  const dayExists = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  const timeFits = (m[4] === undefined || Number(m[4]) < 24) && (m[5] === undefined || Number(m[5]) < 60) && (m[6] === undefined || Number(m[6]) < 60);
  const offsetFits = (m[7] === undefined || Number(m[7]) < 24) && (m[8] === undefined || Number(m[8]) < 60);
  return dayExists && timeFits && offsetFits;
}

function readAllow(r: Reader, value: unknown): AllowEntry[] {
  return r.list(value, 'allow').map((raw, i) => {
    const p = `allow.${i}`;
    const e = r.object(raw, p, ['name', 'ecosystem', 'versions', 'integrity', 'provenance', 'repository', 'publishers', 'reason']);
    // Keyed by versions the policy writes: a table without a prototype, so no version is `constructor` by inheritance.
    const integrity = emptyTable<string>();
    if (e.integrity !== undefined && e.integrity !== null) {
      const pins = r.object(e.integrity, `${p}.integrity`, Object.keys(e.integrity as object));
      const ecosystem = r.ecosystem(e.ecosystem, `${p}.ecosystem`);
      for (const [version, sri] of Object.entries(pins)) {
        const sp = `${p}.integrity.${version}`;
        if (ecosystem === 'npm' && !semver.valid(version)) r.fail(sp, `integrity pins are keyed by exact version, got ${JSON.stringify(version)}`);
        const s = r.string(sri, sp).trim();
        const ok = ecosystem === 'npm' ? /^(sha512|sha384|sha256|sha1)-[A-Za-z0-9+/=]+$/.test(s) : /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}|h1:[A-Za-z0-9+/=]+)$/i.test(s);
        if (!ok) r.fail(sp, ecosystem === 'npm' ? `not a subresource-integrity string: ${JSON.stringify(s)}` : `expected "sha256:<64 hex>" (or go's "h1:..."), got ${JSON.stringify(s)}`);
        integrity[version] = ecosystem === 'npm' || s.startsWith('h1:') ? s : s.toLowerCase();
      }
    }
    return {
      name: r.namePattern(e.name, `${p}.name`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      ecosystem: r.ecosystem(e.ecosystem, `${p}.ecosystem`),
      versions: r.range(e.versions, `${p}.versions`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      integrity: Object.keys(integrity).length ? integrity : undefined,
      provenance: e.provenance === undefined ? undefined : r.bool(e.provenance, `${p}.provenance`, false),
      repository: r.optString(e.repository, `${p}.repository`),
      publishers: e.publishers === undefined ? undefined : r.strings(e.publishers, `${p}.publishers`),
      reason: r.optString(e.reason, `${p}.reason`),
      line: r.line(p),
    };
  });
}

function readDeny(r: Reader, value: unknown): DenyEntry[] {
  return r.list(value, 'deny').map((raw, i) => {
    const p = `deny.${i}`;
    const e = r.object(raw, p, ['name', 'ecosystem', 'versions', 'reason']);
    return {
      name: r.namePattern(e.name, `${p}.name`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      ecosystem: r.ecosystem(e.ecosystem, `${p}.ecosystem`),
      versions: r.range(e.versions, `${p}.versions`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)) ?? '*',
      reason: r.optString(e.reason, `${p}.reason`),
      line: r.line(p),
    };
  });
}

function readRules(r: Reader, value: unknown): Record<RuleId, RuleLevel> {
  const levels = defaultRuleLevels();
  if (value === undefined || value === null) return levels;
  const obj = r.object(value, 'rules', Object.keys(RULES));
  for (const [id, level] of Object.entries(obj)) {
    if (!LEVELS.includes(level as RuleLevel)) r.fail(`rules.${id}`, `level must be one of ${LEVELS.join(', ')}, got ${describe(level)}`);
    levels[id as RuleId] = level as RuleLevel;
  }
  return levels;
}

function readExceptions(r: Reader, value: unknown): ExceptionEntry[] {
  return r.list(value, 'exceptions').map((raw, i) => {
    const p = `exceptions.${i}`;
    const e = r.object(raw, p, ['name', 'ecosystem', 'rules', 'reason', 'expires']);
    const rules = r.strings(e.rules ?? '*', `${p}.rules`);
    rules.forEach((id, j) => {
      if (id !== '*' && !Object.hasOwn(RULES, id)) r.fail(`${p}.rules.${j}`, `unknown rule id ${JSON.stringify(id)}`);
    });
    return {
      name: r.namePattern(e.name, `${p}.name`, e.ecosystem === undefined ? undefined : r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      ecosystem: e.ecosystem === undefined ? undefined : r.ecosystem(e.ecosystem, `${p}.ecosystem`),
      rules: rules as ExceptionEntry['rules'],
      reason: r.string(e.reason, `${p}.reason`),
      expires: r.date(e.expires, `${p}.expires`),
      line: r.line(p),
    };
  });
}

function readKeys(r: Reader, value: unknown): Policy['registries']['npm']['keys'] {
  if (value === undefined || value === null || value === 'npm') return 'npm';
  if (value === 'registry') return 'registry';
  if (!Array.isArray(value)) r.fail('registries.npm.keys', `must be "npm", "registry" or a list of {keyid, key, expires}`);
  return value.map((raw, i): RegistryKey => {
    const p = `registries.npm.keys.${i}`;
    const k = r.object(raw, p, ['keyid', 'key', 'expires', 'keytype', 'scheme']);
    const key = r.string(k.key, `${p}.key`);
    if (!/^[A-Za-z0-9+/=\s]+$/.test(key)) r.fail(`${p}.key`, 'must be a base64 SubjectPublicKeyInfo');
    return { keyid: r.string(k.keyid, `${p}.keyid`), key: key.replace(/\s+/g, ''), expires: r.date(k.expires, `${p}.expires`) ?? null };
  });
}

function section(r: Reader, value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  return value === undefined || value === null ? {} : r.object(value, path, known);
}

function readRegistries(r: Reader, value: unknown): Policy['registries'] {
  const regs = section(r, value, 'registries', ['npm', 'pypi', 'go', 'cargo', 'oci']);
  const pypi = section(r, regs.pypi, 'registries.pypi', ['url', 'require-hashes']);
  const go = section(r, regs.go, 'registries.go', ['proxy', 'sumdb']);
  const cargo = section(r, regs.cargo, 'registries.cargo', ['urls']);
  const oci = section(r, regs.oci, 'registries.oci', ['registries', 'require-digest']);
  const npm = regs.npm === undefined || regs.npm === null ? {} : r.object(regs.npm, 'registries.npm', ['url', 'keys', 'scopes', 'token-env', 'ignore-scripts', 'verify-with']);
  const scopes = emptyTable<string>();
  if (npm.scopes !== undefined && npm.scopes !== null) {
    const obj = r.object(npm.scopes, 'registries.npm.scopes', Object.keys(npm.scopes as object));
    for (const [scope, url] of Object.entries(obj)) {
      if (!/^@[a-z0-9][\w.-]*$/i.test(scope)) r.fail(`registries.npm.scopes.${scope}`, 'a scope looks like "@acme"');
      scopes[scope] = r.url(url, `registries.npm.scopes.${scope}`);
    }
  }
  const npmUrl = npm.url === undefined ? PUBLIC_NPM_REGISTRY : r.url(npm.url, 'registries.npm.url');
  const verifyWith = npm['verify-with'] === undefined || npm['verify-with'] === null ? undefined : r.url(npm['verify-with'], 'registries.npm.verify-with');
  if (verifyWith !== undefined && verifyWith === npmUrl) {
    r.fail('registries.npm.verify-with', `is the registry packages are installed from (registries.npm.url): it adds nothing; set it to the public registry a mirror copies, like ${PUBLIC_NPM_REGISTRY}`);
  }
  return {
    npm: {
      url: npmUrl,
      ...(verifyWith === undefined ? {} : { verifyWith }),
      keys: readKeys(r, npm.keys),
      scopes,
      tokenEnv: r.optString(npm['token-env'], 'registries.npm.token-env') ?? 'NODE_AUTH_TOKEN',
      ignoreScripts: r.bool(npm['ignore-scripts'], 'registries.npm.ignore-scripts', false),
    },
    pypi: {
      url: pypi.url === undefined ? PUBLIC_PYPI_INDEX : r.url(pypi.url, 'registries.pypi.url'),
      requireHashes: r.bool(pypi['require-hashes'], 'registries.pypi.require-hashes', true),
    },
    go: {
      proxy: r.strList(go.proxy, 'registries.go.proxy', DEFAULT_GOPROXY),
      sumdb: r.optString(go.sumdb, 'registries.go.sumdb') ?? DEFAULT_GOSUMDB,
    },
    cargo: { urls: r.strList(cargo.urls, 'registries.cargo.urls', CRATES_IO) },
    oci: {
      registries: r.strList(oci.registries, 'registries.oci.registries', DEFAULT_OCI_REGISTRIES).map((h) => h.toLowerCase()),
      requireDigest: r.bool(oci['require-digest'], 'registries.oci.require-digest', true),
    },
  };
}

const BUNDLE_REQUIRE = ['none', 'signature', 'sha256', 'signature-or-sha256'] as const;

function readBundles(r: Reader, value: unknown): Policy['bundles'] {
  const b = section(r, value, 'bundles', ['require', 'signers', 'ca']);
  const req = b.require ?? 'signature-or-sha256';
  if (!BUNDLE_REQUIRE.includes(req as (typeof BUNDLE_REQUIRE)[number])) r.fail('bundles.require', `must be one of ${BUNDLE_REQUIRE.join(', ')}, got ${describe(req)}`);
  const signers = r.list(b.signers, 'bundles.signers').map((s, i) => {
    const path = `bundles.signers.${i}`;
    const entry = r.object(s, path, ['name', 'sha256']);
    const name = r.string(entry.name, `${path}.name`);
    const raw = r.string(entry.sha256, `${path}.sha256`);
    const sha256 = raw.replace(/:/g, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      r.fail(`${path}.sha256`, `must be the SHA-256 of the signer certificate (DER): 32 bytes of hex, colons allowed, got ${describe(raw)} (openssl x509 -in cert.pem -noout -fingerprint -sha256 prints it)`);
    }
    return { name, sha256, line: r.line(path) };
  });
  const ca = r.optString(b.ca, 'bundles.ca');
  if (ca !== undefined && (ca.trim() === '' || ca.startsWith('/') || ca.split(/[\\/]/).includes('..'))) {
    r.fail('bundles.ca', `must be a path inside the repository (a PEM file of CA certificates), got ${describe(ca)}`);
  }
  return {
    require: req as Policy['bundles']['require'],
    signers,
    ca: ca === undefined ? undefined : { path: ca.replace(/^\.\//, ''), line: r.line('bundles.ca'), certs: [] },
  };
}

function readRemotes(r: Reader, value: unknown): Policy['remotes'] {
  const rem = section(r, value, 'remotes', ['hosts']);
  if (rem.hosts === undefined || rem.hosts === null) return { hosts: undefined };
  const hosts = r.strings(rem.hosts, 'remotes.hosts').map((h, i) => {
    const problem = hostPatternProblem(h);
    if (problem !== undefined) r.fail(`remotes.hosts.${i}`, `${JSON.stringify(h.slice(0, 80))} is not a host glob that can match (${problem}): write a host, or a glob like *.acme.example`);
    return h.toLowerCase();
  });
  return { hosts };
}

/** mcp.include / mcp.exclude: names or globs, matched like allow names. */
function namePatterns(r: Reader, value: unknown, path: string): string[] {
  const list = typeof value === 'string' ? [value] : r.list(value, path);
  return list.map((v, i) => r.namePattern(v, typeof value === 'string' ? path : `${path}.${i}`, undefined));
}

/**
 * `launchers.allow`: programs on PATH that MCP configs may start, by name. A name is what the client
 * looks up (`github-mcp-server`), compared without case and without `.exe`. A path is refused (a path
 * is the repository's or the machine's file, already shown in the inventory), and so are programs
 * the gate traces itself or refuses whatever the policy says: a shell or downloader runs whatever its
 * arguments say, so allowing it by name would allow everything.
 */
function readLaunchers(r: Reader, value: unknown): Policy['launchers'] {
  const l = section(r, value, 'launchers', ['allow']);
  const allow = r.strings(l.allow, 'launchers.allow').map((raw, i) => {
    const path = `launchers.allow.${i}`;
    const name = raw.trim();
    if (/[\\/]/.test(name) || /\s/.test(name)) {
      r.fail(path, `must be a program name as the client looks it up on PATH (like github-mcp-server), without a directory or arguments, got ${describe(raw)}`);
    }
    if (isShellOrDownloader(name)) {
      r.fail(path, `${JSON.stringify(name)} is a shell or downloader: it runs whatever its arguments say, so it stays a \`launcher\` error and cannot be allowed by name`);
    }
    if (isTracedProgram(name)) {
      r.fail(path, `${JSON.stringify(name)} is a launcher the gate traces itself: allow the packages it starts under \`allow\` instead`);
    }
    return programName(name);
  });
  return { allow };
}

/**
 * `server-json.templates`: the server.json files that are release-time templates by design (globs
 * over repository paths, or `true` for every server.json). Their `template` findings are not
 * reported; a concrete package name in them is still judged.
 */
function readServerJson(r: Reader, value: unknown): Policy['serverJson'] {
  const sj = section(r, value, 'server-json', ['templates']);
  if (sj.templates === true) return { templates: ['**'] };
  if (sj.templates === false || sj.templates === undefined || sj.templates === null) return { templates: [] };
  const templates = r.strings(sj.templates, 'server-json.templates').map((g, i) => {
    const glob = g.trim().replace(/^\.\//, '');
    if (glob.startsWith('/') || glob.split('/').includes('..')) {
      r.fail(`server-json.templates.${i}`, `must be a path or glob inside the repository (like "server.json" or "tools/*/server.json"), got ${describe(g)}`);
    }
    return glob;
  });
  return { templates };
}

const TOP_LEVEL = ['version', 'mcp', 'builtin', 'registries', 'remotes', 'launchers', 'server-json', 'bundles', 'allow', 'deny', 'rules', 'exceptions', 'verify', 'limits'] as const;

function build(r: Reader, data: unknown, source: PolicySourceInfo, isDefault: boolean): Policy {
  const top = r.object(data ?? {}, '', TOP_LEVEL);
  if (top.version !== 1) r.fail('version', `must be 1, got ${describe(top.version)}`);
  const mcp = top.mcp === undefined || top.mcp === null ? {} : r.object(top.mcp, 'mcp', ['include', 'exclude']);
  const builtin = top.builtin === undefined || top.builtin === null ? {} : r.object(top.builtin, 'builtin', ['allow-well-known', 'deny-known-malicious']);
  const verify = top.verify === undefined || top.verify === null ? {} : r.object(top.verify, 'verify', ['registry', 'tarballs', 'min-days']);
  const limits = top.limits === undefined || top.limits === null ? {} : r.object(top.limits, 'limits', ['max-file-bytes']);
  return {
    version: 1,
    source,
    mcp: { include: namePatterns(r, mcp.include, 'mcp.include'), exclude: namePatterns(r, mcp.exclude, 'mcp.exclude') },
    builtin: {
      allowWellKnown: r.bool(builtin['allow-well-known'], 'builtin.allow-well-known', isDefault),
      denyKnownMalicious: r.bool(builtin['deny-known-malicious'], 'builtin.deny-known-malicious', true),
    },
    registries: readRegistries(r, top.registries),
    remotes: readRemotes(r, top.remotes),
    launchers: readLaunchers(r, top.launchers),
    serverJson: readServerJson(r, top['server-json']),
    bundles: readBundles(r, top.bundles),
    allow: readAllow(r, top.allow),
    deny: readDeny(r, top.deny),
    rules: readRules(r, top.rules),
    exceptions: readExceptions(r, top.exceptions),
    verify: {
      registry: r.bool(verify.registry, 'verify.registry', true),
      tarballs: r.bool(verify.tarballs, 'verify.tarballs', false),
      minDays: r.number(verify['min-days'], 'verify.min-days', 3),
    },
    limits: { maxFileBytes: r.number(limits['max-file-bytes'], 'limits.max-file-bytes', DEFAULT_MAX_FILE_BYTES, 1) },
    lines: Object.fromEntries(r.lines),
  };
}

/** Parse and validate a policy file. Throws PolicyError (file, line, key) when it is not valid. */
export function parsePolicy(text: string, source: PolicySourceInfo): Policy {
  const { data, lines } = readYaml(text.replace(/^\uFEFF/, ''), source.path);
  return build(new Reader(source.path, lines), data, source, false);
}

/** The built-in policy, used when the repository has none: the well-known MCP packages are allowed. */
export function defaultPolicy(path: string): Policy {
  return build(new Reader('(built-in default policy)', new Map()), { version: 1 }, { kind: 'default', path }, true);
}
