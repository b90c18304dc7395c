// package-lock.json / npm-shrinkwrap.json: what npm will install. lockfileVersion 1 is a nested
// `dependencies` tree; 2 and 3 have a flat `packages` map keyed by install path (v2 also keeps the v1
// tree for old npm, which we ignore when `packages` is there, as npm 7+ does).
import npa from 'npm-package-arg';
import semver from 'semver';
import type { Dependency } from '../../types.js';
import { type DependencyReader, ParseError } from '../format.js';
import { booleanMember, expectObject, membersOf, objectMember, parseJsonDocument, pathLabel, stringMember, typeName, withDepthGuard, type JsonDocument, type JsonMember } from '../readers/json.js';
import { fileNamed } from '../paths.js';

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

function parsePackageLock(text: string, file: string): Dependency[] {
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
} satisfies DependencyReader;
