// package-lock.json / npm-shrinkwrap.json: what npm will install. lockfileVersion 1 is a nested
// `dependencies` tree; 2 and 3 have a flat `packages` map keyed by install path (v2 also keeps the v1
// tree for old npm, which we ignore when `packages` is there, as npm 7+ does).
import npa from 'npm-package-arg';
import semver from 'semver';
import type { Dependency } from '../../types.js';
import { type DependencyReader, ParseError } from '../format.js';
import { booleanMember, expectObject, membersOf, objectMember, parseJsonDocument, pathLabel, stringMember, typeName, withDepthGuard, type JsonDocument, type JsonMember } from '../readers/json.js';
import { fileNamed } from '../paths.js';
import { isIndexKey, isJsonObject, keyLines, parseStrictJson, withoutBom } from '../readers/json-fast.js';

const NM = 'node_modules/';
const SUPPORTED_VERSIONS = [1, 2, 3];
// Real v1 trees are a dozen levels deep; the install path of each entry repeats its ancestors, so a
// hostile file nested thousands of levels deep would cost memory quadratic in its depth.
const MAX_V1_DEPTH = 128;

/** The installed name at the end of an install path: `a/node_modules/@s/b` -> `@s/b`. */
export function installedName(path: string): string {
  const at = path.lastIndexOf(NM);
  return at === -1 ? path : path.slice(at + NM.length);
}

function isInstallPath(key: string): boolean {
  return key.startsWith(NM) || key.includes(`/${NM}`);
}

/**
 * Names in the dependency maps of a v2/v3 entry (the packages it requires). A peer marked optional in
 * peerDependenciesMeta is not required: the package works without it and npm does not install it for
 * it, so it is no edge (a library with an optional MCP SDK integration is not an MCP package).
 */
function requiredNames(doc: JsonDocument, members: Map<string, JsonMember>, label: string): string[] | undefined {
  const names = new Set<string>();
  let any = false;
  const optional = optionalPeerNames(doc, members, label);
  for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    if (!members.has(section)) continue;
    any = true;
    for (const name of objectMember(doc, members, section, label).keys()) {
      if (section !== 'peerDependencies' || !optional.has(name)) names.add(name);
    }
  }
  return any ? [...names] : undefined;
}

/** Names with `optional: true` in an entry's peerDependenciesMeta. */
function optionalPeerNames(doc: JsonDocument, members: Map<string, JsonMember>, label: string): Set<string> {
  const out = new Set<string>();
  if (!members.has('peerDependenciesMeta')) return out;
  // Anything but a literal `true` leaves the peer required: the reading that keeps the edge.
  for (const [name, m] of objectMember(doc, members, 'peerDependenciesMeta', label)) {
    if (m.value.type === 'object' && membersOf(doc, m.value).get('optional')?.value.value === true) out.add(name);
  }
  return out;
}

/** Copies the optional fields that are set, so absent fields stay absent (base/head diffs compare them). */
function withOptional(dep: Dependency, extra: Partial<Dependency>): Dependency {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) (dep as unknown as Record<string, unknown>)[k] = v;
  }
  return dep;
}

function packagesEntries(doc: JsonDocument, packages: JsonMember): Dependency[] {
  const entries = expectObject(doc, packages.value, 'packages');
  const out: Dependency[] = [];
  for (const m of entries.values()) {
    // "" is the project itself; a key without node_modules/ is a workspace or linked folder, which a
    // link entry points at and which is described through that link.
    if (m.key === '' || !isInstallPath(m.key)) continue;
    const label = pathLabel('packages', m.key);
    const fields = expectObject(doc, m.value, label);
    out.push(booleanMember(doc, fields, 'link', label) === true ? linkEntry(doc, m, fields, entries, label) : packageEntry(doc, m, fields, label));
  }
  return out;
}

function packageEntry(doc: JsonDocument, m: JsonMember, fields: Map<string, JsonMember>, label: string): Dependency {
  const installed = installedName(m.key);
  const name = stringMember(doc, fields, 'name', label) ?? installed;
  return withOptional(
    { ecosystem: 'npm', name, file: doc.file, line: m.line, kind: 'lockfile', key: m.key },
    {
      alias: name !== installed ? installed : undefined,
      version: stringMember(doc, fields, 'version', label),
      resolved: stringMember(doc, fields, 'resolved', label),
      integrity: stringMember(doc, fields, 'integrity', label),
      requires: requiredNames(doc, fields, label),
      hasInstallScript: booleanMember(doc, fields, 'hasInstallScript', label),
      dev: booleanMember(doc, fields, 'dev', label),
      optional: booleanMember(doc, fields, 'optional', label),
    },
  );
}

/** A symlink to a folder (workspace or `file:` directory); name, version and requires come from the folder's entry. */
function linkEntry(
  doc: JsonDocument,
  m: JsonMember,
  fields: Map<string, JsonMember>,
  entries: Map<string, JsonMember>,
  label: string,
): Dependency {
  const installed = installedName(m.key);
  const target = stringMember(doc, fields, 'resolved', label);
  const targetMember = target === undefined ? undefined : entries.get(target);
  const targetLabel = target === undefined ? '' : pathLabel('packages', target);
  const targetFields = targetMember === undefined ? new Map<string, JsonMember>() : expectObject(doc, targetMember.value, targetLabel);
  const name = stringMember(doc, targetFields, 'name', targetLabel) ?? installed;
  return withOptional(
    { ecosystem: 'npm', name, file: doc.file, line: m.line, kind: 'lockfile', key: m.key, specType: 'directory' },
    {
      alias: name !== installed ? installed : undefined,
      version: stringMember(doc, targetFields, 'version', targetLabel),
      resolved: target,
      requires: requiredNames(doc, targetFields, targetLabel),
      dev: booleanMember(doc, fields, 'dev', label),
      optional: booleanMember(doc, fields, 'optional', label),
    },
  );
}

/** What a v1 `version` says: a semver, an alias `npm:name@version`, or a git/tarball/file location. */
function v1Version(installed: string, value: string): Partial<Dependency> {
  if (value.startsWith('npm:')) {
    try {
      const target = (npa.resolve(installed, value, '/') as npa.AliasResult).subSpec;
      return { name: target.name ?? installed, alias: installed, version: target.fetchSpec ?? undefined };
    } catch {
      return { version: value };
    }
  }
  if (semver.valid(value) !== null) return { version: value };
  // npm 6 writes the commit-pinned git URL, the tarball URL or `file:` path here instead of a version.
  let specType: string | undefined;
  try {
    specType = npa.resolve(installed, value, '/').type;
  } catch {
    specType = undefined;
  }
  return { specType, resolved: value };
}

function v1Entries(doc: JsonDocument, tree: JsonMember, parentPath: string, label: string, out: Dependency[], depth = 1): void {
  if (depth > MAX_V1_DEPTH) {
    throw new ParseError(`dependencies are nested more than ${MAX_V1_DEPTH} levels deep`, doc.file, tree.line);
  }
  for (const m of expectObject(doc, tree.value, label).values()) {
    const path = `${parentPath}${NM}${m.key}`;
    const entryLabel = pathLabel(label, m.key);
    const fields = expectObject(doc, m.value, entryLabel);
    const version = stringMember(doc, fields, 'version', entryLabel);
    const fromVersion = version === undefined ? {} : v1Version(m.key, version);
    const requires = fields.has('requires') ? [...objectMember(doc, fields, 'requires', entryLabel).keys()] : undefined;
    const dep = withOptional(
      { ecosystem: 'npm', name: m.key, file: doc.file, line: m.line, kind: 'lockfile', key: path },
      {
        ...fromVersion,
        resolved: stringMember(doc, fields, 'resolved', entryLabel) ?? fromVersion.resolved,
        integrity: stringMember(doc, fields, 'integrity', entryLabel),
        requires,
        dev: booleanMember(doc, fields, 'dev', entryLabel),
        optional: booleanMember(doc, fields, 'optional', entryLabel),
      },
    );
    out.push(dep);
    const nested = fields.get('dependencies');
    if (nested !== undefined) v1Entries(doc, nested, `${path}/`, pathLabel(entryLabel, 'dependencies'), out, depth + 1);
  }
}

function lockfileVersion(doc: JsonDocument, top: Map<string, JsonMember>): number {
  const member = top.get('lockfileVersion');
  // npm 5's first lockfiles and old shrinkwraps have no lockfileVersion; npm reads them as version 1.
  if (member === undefined) return 1;
  const value = member.value;
  if (value.type !== 'number' || !SUPPORTED_VERSIONS.includes(value.value as number)) {
    const found = value.type === 'number' ? String(value.value) : typeName(value);
    throw new ParseError(
      `lockfileVersion ${found} is not supported (expected ${SUPPORTED_VERSIONS.join(', ')})`,
      doc.file,
      doc.lineOf(value),
    );
  }
  return value.value as number;
}

/**
 * The fast path for v2/v3 lockfiles: JSON.parse and one pass for the lines of the `packages` keys. It
 * gives up (undefined) on anything the positional path below must judge or name a line for: text
 * JSON.parse refuses, v1 trees, a field of the wrong type, `packages` repeated or with a repeated key.
 */
export function fastPackagesEntries(text: string, file: string): Dependency[] | undefined {
  const parsed = parseStrictJson(text);
  if (parsed === undefined || !isJsonObject(parsed.root)) return undefined;
  const version = Object.hasOwn(parsed.root, 'lockfileVersion') ? parsed.root.lockfileVersion : 1;
  if (version !== 2 && version !== 3) return undefined;
  const packages = parsed.root.packages;
  if (!Object.hasOwn(parsed.root, 'packages') || !isJsonObject(packages)) return undefined;
  const written = keyLines(parsed.body, ['packages']);
  const keys = Object.keys(packages);
  // A repeated key (JSON.parse keeps one) or one JavaScript moves ahead (index-like) shows as a difference.
  if (written === undefined || written.keys.length !== keys.length) return undefined;
  const out: Dependency[] = [];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key !== written.keys[k]) return undefined;
    if (key === '' || !isInstallPath(key)) continue;
    const fields = packages[key];
    if (!isJsonObject(fields)) return undefined;
    const link = flag(fields, 'link');
    if (link === null) return undefined;
    const line = written.lines[k];
    const dep = link === true ? fastLinkEntry(file, key, line, fields, packages) : fastPackageEntry(file, key, line, fields);
    if (dep === undefined) return undefined;
    out.push(dep);
  }
  return out;
}

/** A string field: its value, undefined when absent, null when of another type (the exact path names it). */
function text(fields: Record<string, unknown>, key: string): string | undefined | null {
  if (!Object.hasOwn(fields, key)) return undefined;
  const v = fields[key];
  return typeof v === 'string' ? v : null;
}

/** A boolean field: its value, undefined when absent, null when of another type. */
function flag(fields: Record<string, unknown>, key: string): boolean | undefined | null {
  if (!Object.hasOwn(fields, key)) return undefined;
  const v = fields[key];
  return typeof v === 'boolean' ? v : null;
}

const REQUIRED_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** requiredNames over JSON.parse's objects; null when a section is not an object. */
function fastRequiredNames(fields: Record<string, unknown>): string[] | undefined | null {
  let optional: Set<string> | undefined;
  if (Object.hasOwn(fields, 'peerDependenciesMeta')) {
    const meta = fields.peerDependenciesMeta;
    if (!isJsonObject(meta)) return null;
    for (const name of Object.keys(meta)) {
      const m = meta[name];
      if (isJsonObject(m) && Object.hasOwn(m, 'optional') && m.optional === true) (optional ??= new Set()).add(name);
    }
  }
  let names: string[] | undefined;
  let sections = 0;
  for (const section of REQUIRED_SECTIONS) {
    if (!Object.hasOwn(fields, section)) continue;
    const deps = fields[section];
    if (!isJsonObject(deps)) return null;
    const keys = Object.keys(deps);
    for (const name of keys) {
      // JavaScript lists index-like keys first; the positional path keeps file order.
      if (isIndexKey(name)) return null;
    }
    const kept = section === 'peerDependencies' && optional !== undefined ? keys.filter((n) => !optional.has(n)) : keys;
    names = sections++ === 0 ? kept : [...names!, ...kept];
  }
  if (names === undefined) return undefined;
  // One section (the common case) has no repeats: its keys are an object's.
  return sections === 1 ? names : [...new Set(names)];
}

/** Sets `key` on `dep` when `value` is set: absent fields stay absent (base/head diffs compare them). */
function put<K extends keyof Dependency>(dep: Dependency, key: K, value: Dependency[K] | undefined): void {
  if (value !== undefined) dep[key] = value;
}

function fastPackageEntry(file: string, key: string, line: number, fields: Record<string, unknown>): Dependency | undefined {
  const installed = installedName(key);
  const name = text(fields, 'name');
  const version = text(fields, 'version');
  const resolved = text(fields, 'resolved');
  const integrity = text(fields, 'integrity');
  const requires = fastRequiredNames(fields);
  const hasInstallScript = flag(fields, 'hasInstallScript');
  const dev = flag(fields, 'dev');
  const optional = flag(fields, 'optional');
  if (name === null || version === null || resolved === null || integrity === null || requires === null || hasInstallScript === null || dev === null || optional === null) return undefined;
  const realName = name ?? installed;
  // The fields in the order withOptional sets them in the positional path.
  const dep: Dependency = { ecosystem: 'npm', name: realName, file, line, kind: 'lockfile', key };
  if (realName !== installed) dep.alias = installed;
  put(dep, 'version', version);
  put(dep, 'resolved', resolved);
  put(dep, 'integrity', integrity);
  put(dep, 'requires', requires);
  put(dep, 'hasInstallScript', hasInstallScript);
  put(dep, 'dev', dev);
  put(dep, 'optional', optional);
  return dep;
}

/**
 * A package entry on another line: the fields packageEntry and fastPackageEntry set, in their order
 * (a spread of 50,000 objects of a dozen shapes costs several times this on a cold start).
 */
function relined(d: Dependency, line: number): Dependency {
  const copy: Dependency = { ecosystem: d.ecosystem, name: d.name, file: d.file, line, kind: d.kind, key: d.key };
  put(copy, 'alias', d.alias);
  put(copy, 'version', d.version);
  put(copy, 'resolved', d.resolved);
  put(copy, 'integrity', d.integrity);
  put(copy, 'requires', d.requires);
  put(copy, 'hasInstallScript', d.hasInstallScript);
  put(copy, 'dev', d.dev);
  put(copy, 'optional', d.optional);
  return copy;
}

function fastLinkEntry(file: string, key: string, line: number, fields: Record<string, unknown>, packages: Record<string, unknown>): Dependency | undefined {
  const installed = installedName(key);
  const target = text(fields, 'resolved');
  if (target === null) return undefined;
  let targetFields: Record<string, unknown> = {};
  if (target !== undefined && Object.hasOwn(packages, target)) {
    const t = packages[target];
    if (!isJsonObject(t)) return undefined;
    targetFields = t;
  }
  const name = text(targetFields, 'name');
  const version = text(targetFields, 'version');
  const requires = fastRequiredNames(targetFields);
  const dev = flag(fields, 'dev');
  const optional = flag(fields, 'optional');
  if (name === null || version === null || requires === null || dev === null || optional === null) return undefined;
  const realName = name ?? installed;
  return withOptional(
    { ecosystem: 'npm', name: realName, file, line, kind: 'lockfile', key, specType: 'directory' },
    { alias: realName !== installed ? installed : undefined, version, resolved: target, requires, dev, optional },
  );
}

const COMMA = 0x2c;
const LOOKAHEAD = 16;
/** Put in place of the `packages` object to check the text around it: a key no lockfile has. */
const PROBE_KEY = 'mcp-supply-gate: the packages object';
const PROBE = JSON.stringify({ [PROBE_KEY]: 0 });

/**
 * The base side of a changed v2/v3 lockfile, read against its head: a `packages` entry whose text is the
 * same at head is the head's entry on the base's line, and only the others are parsed, so the cost
 * follows what the PR changed. The base is not handed to JSON.parse whole, so its validity is shown
 * piece by piece: the text around `packages` (with a probe object in its place) parses and puts the
 * probe at `packages`; between members there is only `,` and JSON white space; each member whose text
 * differs from head's parses as exactly one member (one that is the same was one in the valid head).
 * Undefined, for the full parse, on anything else: a v1 file, a repeated or index-like key, a field of
 * the wrong type, a head with repeated keys.
 */
export function packagesAgainstHead(baseText: string, file: string, head: { text: string; deps: readonly Dependency[] }): Dependency[] | undefined {
  const body = withoutBom(baseText);
  const headBody = withoutBom(head.text);
  const b = keyLines(body, ['packages']);
  const h = keyLines(headBody, ['packages']);
  if (b === undefined || h === undefined) return undefined;
  let outer: unknown;
  try {
    outer = JSON.parse(body.slice(0, b.open) + PROBE + body.slice(b.close + 1));
  } catch {
    return undefined;
  }
  if (!isJsonObject(outer) || !Object.hasOwn(outer, 'lockfileVersion') || (outer.lockfileVersion !== 2 && outer.lockfileVersion !== 3)) return undefined;
  const probe = outer.packages;
  if (!isJsonObject(probe) || Object.keys(probe).length !== 1 || !Object.hasOwn(probe, PROBE_KEY)) return undefined;
  const n = b.keys.length;
  if (n === 0) return isJsonSpace(body, b.open + 1, b.close) ? [] : undefined;
  if (!isJsonSpace(body, b.open + 1, b.starts[0]) || b.ends[n - 1] !== b.close) return undefined;
  for (let k = 1; k < n; k++) if (body.charCodeAt(b.ends[k - 1]) !== COMMA || !isJsonSpace(body, b.ends[k - 1] + 1, b.starts[k])) return undefined;
  // The head's entries by position. Its install-path keys are each once, in the order of its entries (a
  // repeat would leave the walk short of entries); its other keys (the project, workspace folders) are few.
  const headEntry: (Dependency | undefined)[] = new Array(h.keys.length);
  const headFolders = new Set<string>();
  let d = 0;
  for (let j = 0; j < h.keys.length; j++) {
    const key = h.keys[j];
    if (key === '' || !isInstallPath(key)) {
      if (headFolders.has(key)) return undefined;
      headFolders.add(key);
      continue;
    }
    const dep = head.deps[d++];
    if (dep === undefined || dep.key !== key) return undefined;
    headEntry[j] = dep;
  }
  if (d !== head.deps.length) return undefined;
  // Each base key found at head (mostly in the same order: a cursor, and a map once they part), each
  // head key at most once; keys not at head checked among themselves: so no base key repeats.
  let headAt: Map<string, number> | undefined;
  let cursor = 0;
  const used = new Uint8Array(h.keys.length);
  const notAtHead = new Set<string>();
  const headIndex = (key: string): number => {
    let j: number | undefined;
    // Entries the PR added sit between ones it kept: look a few ahead before building a map.
    for (let ahead = cursor; ahead < Math.min(cursor + LOOKAHEAD, h.keys.length) && headAt === undefined; ahead++) {
      if (h.keys[ahead] === key) {
        j = ahead;
        break;
      }
    }
    if (j === undefined) {
      headAt ??= new Map(h.keys.map((x, i) => [x, i]));
      j = headAt.get(key);
    }
    if (j === undefined) return -1;
    cursor = j + 1;
    return j;
  };
  const span = (k: number) => body.slice(b.starts[k], b.ends[k]);
  // A member's value, parsed from its own text (null when that text is not exactly one such member).
  const parsed = new Map<number, unknown>();
  const valueOf = (k: number): unknown => {
    if (!parsed.has(k)) {
      let member: unknown;
      try {
        member = JSON.parse(`{${span(k)}}`);
      } catch {
        member = undefined;
      }
      const ok = isJsonObject(member) && Object.keys(member).length === 1 && Object.hasOwn(member, b.keys[k]);
      parsed.set(k, ok ? (member as Record<string, unknown>)[b.keys[k]] : null);
    }
    return parsed.get(k);
  };
  let baseAt: Map<string, number> | undefined;
  const out: Dependency[] = [];
  for (let k = 0; k < n; k++) {
    const key = b.keys[k];
    if (isIndexKey(key)) return undefined;
    const j = headIndex(key);
    if (j === -1) {
      if (notAtHead.has(key)) return undefined;
      notAtHead.add(key);
    } else if (used[j]++ !== 0) return undefined;
    const same = j !== -1 && b.ends[k] - b.starts[k] === h.ends[j] - h.starts[j] && span(k) === headBody.slice(h.starts[j], h.ends[j]);
    if (!same && valueOf(k) === null) return undefined;
    if (key === '' || !isInstallPath(key)) continue;
    const reused = same ? headEntry[j] : undefined;
    // A link's entry also says what its folder's entry says, which may have changed: always rebuilt.
    if (reused !== undefined && reused.specType !== 'directory') {
      out.push(relined(reused, b.lines[k]));
      continue;
    }
    const fields = valueOf(k);
    if (!isJsonObject(fields)) return undefined;
    const link = flag(fields, 'link');
    if (link === null) return undefined;
    let dep: Dependency | undefined;
    if (link === true) {
      const target = text(fields, 'resolved');
      baseAt ??= new Map(b.keys.map((x, i) => [x, i]));
      const t = target === undefined || target === null ? undefined : baseAt.get(target);
      const targetValue = t === undefined ? undefined : valueOf(t);
      if (targetValue === null) return undefined;
      dep = fastLinkEntry(file, key, b.lines[k], fields, t === undefined ? {} : { [target!]: targetValue });
    } else dep = fastPackageEntry(file, key, b.lines[k], fields);
    if (dep === undefined) return undefined;
    out.push(dep);
  }
  return out;
}

/** Whether body[from, to) is JSON white space only (space, tab, LF, CR). */
function isJsonSpace(body: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = body.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

function parsePackageLock(text: string, file: string): Dependency[] {
  return fastPackagesEntries(text, file) ?? exactPackageLock(text, file);
}

/** The positional path: every entry with the line of its key, and errors that name their line. */
export function exactPackageLock(text: string, file: string): Dependency[] {
  const doc = parseJsonDocument(text, file);
  const kind = file.endsWith('npm-shrinkwrap.json') ? 'npm-shrinkwrap.json' : 'package-lock.json';
  if (doc.root.type !== 'object') {
    throw new ParseError(`${kind} must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  }
  const top = membersOf(doc, doc.root);
  const version = lockfileVersion(doc, top);
  const packages = top.get('packages');
  if (version >= 2 && packages !== undefined) return packagesEntries(doc, packages);
  const tree = top.get('dependencies');
  const out: Dependency[] = [];
  if (tree !== undefined) v1Entries(doc, tree, '', 'dependencies', out);
  return out;
}

export const packageLock = {
  id: 'package-lock',
  matches: fileNamed(['package-lock.json', 'npm-shrinkwrap.json']),
  parse: (text, path) => withDepthGuard(path, () => parsePackageLock(text, path)),
  parseBase: (text, path, head) => packagesAgainstHead(text, path, head),
} satisfies DependencyReader;
