// Which lockfile pins a manifest entry. A range in package.json, pyproject.toml or Cargo.toml is normal
// practice when the lockfile the package manager uses pins one version inside it: that version is what
// installs, and a new one comes only through a lockfile change. The lockfile "the package manager
// would use" is the one beside the manifest, else the nearest one above it that locks the project (a
// workspace root's whose members include it). Pure: the files come in already read (pipeline/related.ts).
import semver from 'semver';
import { satisfies as pep440Satisfies, valid as pep440Valid } from '@renovatebot/pep440';
import { versionIn } from '../../policy/match.js';
import type { Dependency, LockCoverage } from '../../types.js';
import { dirOf, repositoryPath, fileName } from '../../common/paths.js';
import { poetryToPep440 } from '../../ecosystems/pypi.js';
import { cargoRange } from '../../ecosystems/cargo.js';
import { canonicalName, lockfileNames } from '../../ecosystems/common.js';
import { plainSpecAdmits } from '../../ecosystems/npm.js';

export { dirOf } from '../../common/paths.js';

/**
 * Where the lockfile for a manifest may be, nearest directory first: each inner list is one directory's
 * candidates. The first directory with one that locks the project (`governs`) is the one the package
 * manager uses.
 */
export function lockfileCandidates(manifest: string): string[][] {
  const names = lockfileNames(manifest);
  if (names.length === 0) return [];
  const out: string[][] = [];
  let dir = dirOf(manifest);
  for (;;) {
    out.push(names.map((n) => `${dir}${n}`));
    if (dir === '' || fileName(manifest) === 'go.mod') break;
    dir = dirOf(dir.slice(0, -1));
  }
  return out;
}

/**
 * Lockfiles that list the projects they lock: each workspace member (and the root) is an entry that
 * points at its folder (uv's editable/virtual packages, package-lock's `link` entries, Yarn Berry's and
 * Bun's `workspace:` entries). Yarn 1 lists none, and Bun lists only workspaces: a yarn.lock or bun.lock
 * with no `workspace:` entry is taken to lock the folders below it. pnpm-lock.yaml (importers) and
 * Cargo.lock (members without a source) are not read for this and are taken to lock the folders below
 * them; Poetry, Pipfile and PEP 751 lock one project.
 */
const MEMBER_LISTS = new Set(['uv.lock', 'package-lock.json', 'npm-shrinkwrap.json', 'bun.lock', 'yarn.lock']);
const ONE_PROJECT = new Set(['poetry.lock', 'Pipfile.lock', 'pylock.toml', 'go.sum']);

/** Whether the lockfile at `lockfile` locks the project of `manifest` (a manifest in a folder at or below it). */
export function governs(lockfile: string, entries: readonly Dependency[], manifest: string): boolean {
  const project = dirOf(manifest).replace(/\/$/, '') || '.';
  if (dirOf(lockfile) === dirOf(manifest)) return true;
  const name = fileName(lockfile);
  if (ONE_PROJECT.has(name)) return false;
  if (!MEMBER_LISTS.has(name)) return true;
  const { members } = lockIndex(entries);
  if ((name === 'yarn.lock' || name === 'bun.lock') && !members.some((e) => e.specType === 'workspace')) return true;
  return members.some((e) => repositoryPath(lockfile, e.resolved!) === project);
}

/** A lockfile's entries by ecosystem and canonical name, and its member entries: built once per entry list. */
interface LockIndex {
  members: readonly Dependency[];
  byName: ReadonlyMap<string, readonly Dependency[]>;
}

const indexes = new WeakMap<readonly Dependency[], LockIndex>();
const nameKey = (ecosystem: Dependency['ecosystem'], name: string): string => `${ecosystem}\0${canonicalName(name, ecosystem)}`;

function lockIndex(entries: readonly Dependency[]): LockIndex {
  let index = indexes.get(entries);
  if (index === undefined) {
    const members: Dependency[] = [];
    const byName = new Map<string, Dependency[]>();
    for (const e of entries) {
      if ((e.specType === 'workspace' || e.specType === 'directory') && e.resolved !== undefined) members.push(e);
      const k = nameKey(e.ecosystem, e.name);
      const same = byName.get(k);
      if (same === undefined) byName.set(k, [e]);
      else same.push(e);
    }
    index = { members, byName };
    indexes.set(entries, index);
  }
  return index;
}

/**
 * The lockfiles that lock `manifest`: those of the nearest directory that has one locking it (as the
 * package manager walks up to the workspace root that includes the project), and the lockfiles passed
 * on the way that do not include it.
 */
export function coveringLockfiles(manifest: string, lockfiles: ReadonlyMap<string, readonly Dependency[]>): { files: string[]; outside: string[] } {
  let known = covering.get(lockfiles);
  if (known === undefined) covering.set(lockfiles, (known = new Map()));
  let found = known.get(manifest);
  if (found === undefined) known.set(manifest, (found = findCoveringLockfiles(manifest, lockfiles)));
  return { files: [...found.files], outside: [...found.outside] };
}

/** Every manifest entry of one file has the same covering lockfiles: found once per file and lockfile set. */
const covering = new WeakMap<ReadonlyMap<string, readonly Dependency[]>, Map<string, { files: string[]; outside: string[] }>>();

function findCoveringLockfiles(manifest: string, lockfiles: ReadonlyMap<string, readonly Dependency[]>): { files: string[]; outside: string[] } {
  const outside: string[] = [];
  for (const dir of lockfileCandidates(manifest)) {
    const here = dir.filter((p) => lockfiles.has(p));
    const locking = here.filter((p) => governs(p, lockfiles.get(p)!, manifest));
    if (locking.length > 0) return { files: locking, outside };
    outside.push(...here);
  }
  return { files: [], outside };
}

/** Whether `version` (from a lockfile) is one the manifest entry's spec admits, in the ecosystem's own rules. */
export function admits(manifest: Dependency, version: string | undefined): boolean {
  if (version === undefined) return false;
  if (manifest.specType === 'version') return manifest.version !== undefined && sameVersion(manifest, manifest.version, version);
  if (manifest.specType !== 'range' && !(manifest.specType === 'alias' && manifest.version === undefined)) return false;
  const spec = (manifest.spec ?? '').trim();
  switch (manifest.ecosystem) {
    case 'npm':
      if (spec === '' || spec === '*') return semver.valid(version) !== null;
      return plainSpecAdmits(spec, version) ?? (semver.validRange(spec) !== null && versionIn(version, spec, 'npm'));
    case 'pypi': {
      if (pep440Valid(version) === null) return false;
      if (manifest.key.startsWith('tool.poetry.')) {
        const alternatives = poetryToPep440(spec);
        return alternatives !== undefined && alternatives.some((a) => a === '' || pep440Satisfies(version, a));
      }
      return spec === '' || spec === '*' || pep440Satisfies(version, spec);
    }
    case 'cargo': {
      const range = cargoRange(spec);
      return range !== undefined && versionIn(version, range, 'cargo');
    }
    default:
      return false;
  }
}

function sameVersion(d: Dependency, a: string, b: string): boolean {
  if (d.ecosystem === 'npm' || d.ecosystem === 'cargo') return semver.valid(a) !== null && semver.valid(b) !== null ? semver.eq(a, b) : a === b;
  if (d.ecosystem === 'pypi') return pep440Valid(a) !== null && pep440Valid(b) !== null ? pep440Satisfies(b, `==${a}`) : a === b;
  return a === b;
}

/**
 * package-lock.json installs a workspace's dependency at `<workspace>/node_modules/<name>`, else hoisted
 * at `node_modules/<name>`: when several entries of a name qualify, those are the ones npm uses.
 */
function preferred(manifest: Dependency, lockfile: string, entries: readonly Dependency[]): Dependency[] {
  const installed = manifest.alias ?? manifest.name;
  const rel = dirOf(manifest.file).slice(dirOf(lockfile).length);
  const order = [`${rel}node_modules/${installed}`, `node_modules/${installed}`];
  return [...entries].sort((a, b) => rank(order, a.key) - rank(order, b.key));
}

function rank(order: string[], key: string): number {
  const at = order.indexOf(key);
  return at === -1 ? order.length : at;
}

/**
 * What the governing lockfiles say about one manifest entry: the entry that pins it (same package, a
 * version its spec admits; a link to a folder of the repository counts whatever its version), or the
 * versions they pin instead.
 */
export function coverageOf(manifest: Dependency, lockfiles: ReadonlyMap<string, readonly Dependency[]>): LockCoverage {
  const { files, outside } = coveringLockfiles(manifest.file, lockfiles);
  if (files.length === 0) return outside.length > 0 ? { files, outside } : { files };
  const key = nameKey(manifest.ecosystem, manifest.name);
  const others = new Set<string>();
  for (const file of files) {
    const same = lockIndex(lockfiles.get(file) ?? []).byName.get(key) ?? [];
    if (manifest.specType === 'catalog') {
      // The catalog's range lives in pnpm-workspace.yaml; pnpm-lock.yaml says what it resolved to.
      const catalog = (manifest.spec ?? '').slice('catalog:'.length) || 'default';
      const entry = same.find((e) => e.catalogs?.includes(catalog));
      if (entry !== undefined) return { files, entry };
      continue;
    }
    const ordered = preferred(manifest, file, same);
    const entry = ordered.find((e) => admits(manifest, e.version)) ?? ordered.find((e) => sameSource(manifest, e));
    if (entry !== undefined) return { files, entry };
    for (const e of same) others.add(e.version ?? e.resolved ?? '?');
  }
  return others.size > 0 ? { files, others: [...others] } : { files };
}

/**
 * A manifest spec that is not a version (a workspace, a folder, git, a URL) and a lockfile entry that
 * resolved the same kind of source: the lockfile's record of that very spec.
 */
function sameSource(manifest: Dependency, entry: Dependency): boolean {
  const kind = (t: string | undefined) => (t === 'file' ? 'file' : t === 'workspace' || t === 'directory' ? 'local' : t);
  if (manifest.specType === undefined || ['version', 'range', 'tag', 'alias', 'invalid'].includes(manifest.specType)) {
    // A name the lockfile resolves to a folder of the workspace: npm links a workspace that satisfies the
    // range (package-lock's `link: true` entry), uv locks a workspace member under its name (editable).
    return kind(entry.specType) === 'local' && manifest.specType !== 'invalid';
  }
  return kind(manifest.specType) === kind(entry.specType);
}
