// pnpm-lock.yaml: lockfileVersion 5.x (`/name/1.2.3_peer@1.0.0` keys), 6.0 (`/name@1.2.3(peer@1.0.0)`)
// and 9.0 (`name@1.2.3` in `packages`, with the dependency graph per peer variant in `snapshots`). One
// Dependency per package (name and version): peer variants of a package are the same bytes, so they are
// merged, and the key is the packages key without its peer suffix. Lines come from `yaml`'s node ranges.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Dependency } from '../../types.js';
import { type DependencyReader, ParseError, withOptional } from '../format.js';
import { readYamlDocument, type YamlClient, type YamlDoc } from '../readers/yaml.js';
import { namesOf } from './lockfile-refs.js';
import { referenceType, splitAtName } from '../../ecosystems/npm.js';
import { fileNamed } from '../paths.js';

interface Ctx {
  file: string;
  /** GitHub line of an offset. */
  lineAt: (offset: number) => number;
  major: number;
}

interface Member {
  key: string;
  value: unknown;
  line: number;
}

const lineOfNode = (ctx: Ctx, node: unknown, fallback = 1): number => {
  const range = (node as Node | null)?.range;
  return range ? ctx.lineAt(range[0]) : fallback;
};

/** The members of a YAML mapping node, with the line of each key; `label` names it in errors. */
function members(ctx: Ctx, node: unknown, label: string, at: number): Member[] {
  if (node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === ''))) return [];
  if (!isMap(node)) throw new ParseError(`${label} must be a mapping`, ctx.file, isScalar(node) || isSeq(node) ? lineOfNode(ctx, node) : at);
  return (node as YAMLMap).items.map((pair: Pair) => {
    const k = pair.key;
    const key = isScalar(k) ? String(k.value) : String(k);
    return { key, value: pair.value, line: lineOfNode(ctx, k) };
  });
}

function memberMap(ctx: Ctx, node: unknown, label: string, at: number): Map<string, Member> {
  return new Map(members(ctx, node, label, at).map((m) => [m.key, m]));
}

function scalar(ctx: Ctx, fields: Map<string, Member>, key: string, label: string): string | undefined {
  const m = fields.get(key);
  if (m === undefined || (isScalar(m.value) && m.value.value === null)) return undefined;
  if (!isScalar(m.value) || typeof m.value.value === 'object') {
    throw new ParseError(`${label}.${key} must be a string`, ctx.file, lineOfNode(ctx, m.value, m.line));
  }
  return String(m.value.value);
}

function bool(ctx: Ctx, fields: Map<string, Member>, key: string, label: string): boolean | undefined {
  const m = fields.get(key);
  if (m === undefined) return undefined;
  const v = isScalar(m.value) ? m.value.value : undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new ParseError(`${label}.${key} must be true or false`, ctx.file, m.line);
}

function names(ctx: Ctx, fields: Map<string, Member>, label: string, ...sections: string[]): string[] | undefined {
  const maps = sections
    .filter((s) => fields.has(s))
    .map((s) => Object.fromEntries(members(ctx, fields.get(s)!.value, `${label}.${s}`, fields.get(s)!.line).map((m) => [m.key, true])));
  return namesOf(...maps);
}

/** Names with `optional: true` under an entry's peerDependenciesMeta. */
function optionalPeerNames(ctx: Ctx, fields: Map<string, Member>, label: string): Set<string> {
  const meta = fields.get('peerDependenciesMeta');
  const out = new Set<string>();
  if (meta === undefined || !isMap(meta.value)) return out;
  for (const m of members(ctx, meta.value, `${label}.peerDependenciesMeta`, meta.line)) {
    if (isMap(m.value) && (m.value as YAMLMap).get('optional') === true) out.add(m.key);
  }
  return out;
}

/** `name@1.2.3(peer@1.0.0)(b@2)` -> `name@1.2.3`; v5 `/name/1.2.3_peer@1.0.0` -> `/name/1.2.3`. */
function withoutPeers(key: string, major: number): string {
  if (major < 6) {
    const slash = key.lastIndexOf('/');
    const underscore = key.indexOf('_', slash);
    return underscore === -1 ? key : key.slice(0, underscore);
  }
  const paren = key.indexOf('(');
  return paren === -1 ? key : key.slice(0, paren);
}

/** Name and version a registry key spells out, if it is one: `/@s/a@1.2.3`, `a@1.2.3`, v5 `/@s/a/1.2.3`. */
function registryKey(key: string, major: number): { name: string; version: string } | undefined {
  if (major < 6) {
    const m = /^\/((?:@[^/]+\/)?[^/@]+)\/(\d[^/]*)$/.exec(key);
    return m === null ? undefined : { name: m[1], version: m[2] };
  }
  const split = splitAtName(key.startsWith('/') ? key.slice(1) : key);
  if (split === undefined || !/^\d/.test(split[1]) || split[1].includes(':') || split[1].includes('/')) return undefined;
  return { name: split[0], version: split[1] };
}

/** What `resolution: {...}` says: integrity, and where the bytes come from when not the registry. */
function resolutionOf(ctx: Ctx, fields: Map<string, Member>, label: string, at: number): Partial<Dependency> {
  const m = fields.get('resolution');
  if (m === undefined) return {};
  const r = memberMap(ctx, m.value, `${label}.resolution`, m.line);
  const l = `${label}.resolution`;
  const integrity = scalar(ctx, r, 'integrity', l);
  const type = scalar(ctx, r, 'type', l);
  if (type === 'git') {
    const repo = scalar(ctx, r, 'repo', l);
    const commit = scalar(ctx, r, 'commit', l);
    if (repo === undefined) throw new ParseError(`${l} has type git but no repo`, ctx.file, at);
    const url = /^https?:/.test(repo) ? `git+${repo}` : repo;
    return { integrity, specType: 'git', resolved: commit === undefined ? url : `${url}#${commit}` };
  }
  if (type === 'directory') {
    const directory = scalar(ctx, r, 'directory', l);
    if (directory === undefined) throw new ParseError(`${l} has type directory but no directory`, ctx.file, at);
    return { integrity, specType: 'directory', resolved: directory };
  }
  // Anything else would be read as a registry package: a type this reader does not know fails closed.
  if (type !== undefined) throw new ParseError(`${l} has type ${JSON.stringify(type)}, which this reader does not know`, ctx.file, r.get('type')?.line ?? at);
  const tarball = scalar(ctx, r, 'tarball', l);
  if (tarball !== undefined) return { integrity, resolved: tarball, specType: referenceType(tarball) ?? (tarball.startsWith('file:') ? 'file' : undefined) };
  return { integrity };
}

/** Which installed names point at each package: a package reached only through `alias: real@1.0.0` is an alias. */
function aliasRefs(ctx: Ctx, top: Map<string, Member>, snapshots: Member[], packages: Member[]): Map<string, string> {
  const aliased = new Map<string, Set<string>>();
  const direct = new Set<string>();
  const pattern = ctx.major >= 9 ? /^((?:@[^/@()]+\/)?[^@/():]+)@([^()]+)/ : /^\/((?:@[^/@()]+\/)?[^@/():]+)@([^()]+)/;
  const note = (installed: string, value: unknown): void => {
    const v = isScalar(value) ? String(value.value) : isMap(value) ? String((value as YAMLMap).get('version') ?? '') : '';
    const m = pattern.exec(v);
    if (m !== null && !/^[a-z+]+:/.test(v) && m[1] !== installed) {
      const target = withoutPeers(ctx.major >= 9 ? `${m[1]}@${m[2]}` : `/${m[1]}@${m[2]}`, ctx.major);
      aliased.set(target, (aliased.get(target) ?? new Set()).add(installed));
    } else {
      direct.add(withoutPeers(ctx.major >= 9 ? `${installed}@${v}` : `/${installed}@${v}`, ctx.major));
    }
  };
  const sections = ['dependencies', 'devDependencies', 'optionalDependencies'];
  const importers = top.get('importers');
  const roots = importers === undefined ? [] : members(ctx, importers.value, 'importers', importers.line);
  // Without importers (a single project in v5/v6), the project's sections sit at the top level.
  const rootSections = [...roots.map((r) => memberMap(ctx, r.value, `importers[${JSON.stringify(r.key)}]`, r.line)), top];
  for (const section of rootSections) {
    for (const s of sections) {
      const m = section.get(s);
      if (m !== undefined && isMap(m.value)) for (const d of members(ctx, m.value, s, m.line)) note(d.key, d.value);
    }
  }
  for (const entry of [...snapshots, ...packages]) {
    if (!isMap(entry.value)) continue;
    const fields = memberMap(ctx, entry.value, entry.key, entry.line);
    for (const s of ['dependencies', 'optionalDependencies']) {
      const m = fields.get(s);
      if (m !== undefined && isMap(m.value)) for (const d of members(ctx, m.value, s, m.line)) note(d.key, d.value);
    }
  }
  const out = new Map<string, string>();
  for (const [target, installed] of aliased) {
    if (installed.size === 1 && !direct.has(target)) out.set(target, [...installed][0]);
  }
  return out;
}

/**
 * pnpm 9's `catalogs:` section: for each catalog (`default`, or a named one) and package name, the
 * version its range (pnpm-workspace.yaml's catalog entry) resolved to, peer suffix dropped. A package.json
 * `catalog:` spec is pinned by the package entry of that version.
 */
function catalogResolutions(ctx: Ctx, top: Map<string, Member>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const section = top.get('catalogs');
  if (section === undefined) return out;
  for (const catalog of members(ctx, section.value, 'catalogs', section.line)) {
    const label = `catalogs[${JSON.stringify(catalog.key)}]`;
    const byName = new Map<string, string>();
    for (const entry of members(ctx, catalog.value, label, catalog.line)) {
      const fields = memberMap(ctx, entry.value, `${label}[${JSON.stringify(entry.key)}]`, entry.line);
      const version = scalar(ctx, fields, 'version', `${label}[${JSON.stringify(entry.key)}]`);
      if (version !== undefined) byName.set(entry.key, version.replace(/\(.*$/, ''));
    }
    out.set(catalog.key, byName);
  }
  return out;
}

function catalogsOf(catalogs: Map<string, Map<string, string>>, name: string, version: string | undefined): string[] | undefined {
  if (version === undefined) return undefined;
  const names = [...catalogs].filter(([, byName]) => byName.get(name) === version).map(([catalog]) => catalog);
  return names.length ? names : undefined;
}

/**
 * pnpm reads its lockfile with js-yaml's default schema: a lone CR ends a line, a duplicate key, an
 * unknown tag, a non-printable character and an alias to no anchor are errors. pnpm never writes
 * anchors, aliases or merge keys, which js-yaml would expand: a lockfile with one was edited by hand
 * and is refused.
 */
export const PNPM_YAML: YamlClient = {
  label: 'pnpm-lock.yaml',
  loneCrBreaks: true,
  options: { uniqueKeys: true, prettyErrors: false },
  unknownTags: 'error',
  anchors: 'refuse',
  printable: 'js-yaml',
};

function readDocument(text: string, file: string): YamlDoc {
  return readYamlDocument(text, file, PNPM_YAML);
}

function parsePnpmLock(text: string, file: string): Dependency[] {
  const y = readDocument(text, file);
  const { doc } = y;
  const lines = { lineAt: y.lineAt };
  if (!isMap(doc.contents)) {
    throw new ParseError('pnpm-lock.yaml must be a mapping with a lockfileVersion', file, doc.contents ? lineOfNode({ file, ...lines, major: 0 }, doc.contents) : 1);
  }
  const ctx: Ctx = { file, ...lines, major: 0 };
  const top = memberMap(ctx, doc.contents, '', 1);
  const versionMember = top.get('lockfileVersion');
  if (versionMember === undefined) throw new ParseError('pnpm-lock.yaml has no lockfileVersion', file, 1);
  const rawVersion = isScalar(versionMember.value) ? versionMember.value.value : undefined;
  const major = typeof rawVersion === 'number' || typeof rawVersion === 'string' ? Number.parseInt(String(rawVersion), 10) : Number.NaN;
  if (!(major >= 5 && major <= 9)) {
    throw new ParseError(`lockfileVersion ${JSON.stringify(rawVersion ?? null)} is not supported (expected 5.x, 6.0 or 9.0)`, file, versionMember.line);
  }
  ctx.major = major;
  const packagesMember = top.get('packages');
  const packages = packagesMember === undefined ? [] : members(ctx, packagesMember.value, 'packages', packagesMember.line);
  const snapshotsMember = top.get('snapshots');
  const snapshots = snapshotsMember === undefined ? [] : members(ctx, snapshotsMember.value, 'snapshots', snapshotsMember.line);

  // v9: dependencies and the optional flag of each package, from all its peer variants.
  const graph = new Map<string, { requires?: string[]; optional?: boolean }>();
  for (const s of snapshots) {
    const label = `snapshots[${JSON.stringify(s.key)}]`;
    const fields = memberMap(ctx, s.value, label, s.line);
    const key = withoutPeers(s.key, major);
    const seen = graph.get(key) ?? {};
    const requires = names(ctx, fields, label, 'dependencies', 'optionalDependencies');
    if (requires !== undefined) seen.requires = [...new Set([...(seen.requires ?? []), ...requires])];
    const optional = bool(ctx, fields, 'optional', label);
    if (optional === true) seen.optional = true;
    graph.set(key, seen);
  }

  const aliases = aliasRefs(ctx, top, snapshots, packages);
  const catalogs = catalogResolutions(ctx, top);
  const out = new Map<string, Dependency>();
  for (const p of packages) {
    const label = `packages[${JSON.stringify(p.key)}]`;
    const fields = memberMap(ctx, p.value, label, p.line);
    const key = withoutPeers(p.key, major);
    const fromKey = registryKey(key, major);
    let name = scalar(ctx, fields, 'name', label) ?? fromKey?.name;
    if (name === undefined && major >= 9) name = splitAtName(key)?.[0];
    if (name === undefined) throw new ParseError(`${label} has no name and its key is not name@version`, file, p.line);
    const version = scalar(ctx, fields, 'version', label) ?? fromKey?.version;
    const source = resolutionOf(ctx, fields, label, p.line);
    const snapshot = graph.get(key);
    // An optional peer (peerDependenciesMeta) is no edge: the package works without it. pnpm 9 lists a
    // resolved optional peer among the snapshot's optionalDependencies, so it is taken out there too.
    const optionalPeers = optionalPeerNames(ctx, fields, label);
    const requires = namesOf(
      ...[names(ctx, fields, label, 'dependencies', 'optionalDependencies', 'peerDependencies'), snapshot?.requires]
        .filter((n): n is string[] => n !== undefined)
        .map((n) => Object.fromEntries(n.filter((x) => !optionalPeers.has(x)).map((x) => [x, true]))),
    );
    const dep = withOptional(
      { ecosystem: 'npm', name, file, line: p.line, kind: 'lockfile', key },
      {
        alias: aliases.get(key),
        version,
        specType: source.specType,
        resolved: source.resolved,
        integrity: source.integrity,
        requires,
        hasInstallScript: bool(ctx, fields, 'requiresBuild', label),
        dev: bool(ctx, fields, 'dev', label),
        optional: bool(ctx, fields, 'optional', label) ?? snapshot?.optional,
        catalogs: catalogsOf(catalogs, aliases.get(key) ?? name, version),
      },
    );
    const earlier = out.get(key);
    if (earlier === undefined) out.set(key, dep);
    else if ((['resolved', 'integrity', 'specType', 'version'] as const).some((f) => earlier[f] !== dep[f])) {
      // Peer variants are the same bytes; one that resolves elsewhere must not vanish behind the first.
      throw new ParseError(`${label} is a peer variant of ${JSON.stringify(key)} that resolves differently (resolution or version) from the first one`, file, p.line);
    } else if (dep.requires !== undefined) earlier.requires = [...new Set([...(earlier.requires ?? []), ...dep.requires])];
  }
  return [...out.values()];
}

export const pnpmLock = {
  id: 'pnpm-lock',
  matches: fileNamed('pnpm-lock.yaml'),
  parse: (text, path) => {
    try {
      return parsePnpmLock(text, path);
    } catch (err) {
      if (err instanceof RangeError) throw new ParseError('pnpm-lock.yaml is nested too deeply to read', path, 1);
      throw err;
    }
  },
} satisfies DependencyReader;
