// Which lockfile pins a manifest entry. A range in package.json, pyproject.toml or Cargo.toml is normal
// practice when the lockfile the package manager uses pins one version inside it: that version is what
// installs, and a new one comes only through a lockfile change. The lockfile "the package manager
// would use" is the one beside the manifest, else the nearest one above it that locks the project (a
// workspace root's whose members include it). Pure: the files come in already read (src/read-related.ts).
import semver from 'semver';
import { satisfies as pep440Satisfies, valid as pep440Valid } from '@renovatebot/pep440';
import { fileName } from '../formats/format.js';
import { canonicalName, versionIn } from '../policy/match.js';
import type { Dependency, LockCoverage } from '../types.js';
import { dirOf, repositoryPath } from './paths.js';

export { dirOf } from './paths.js';

/** Lockfile names that pin what each manifest asks for, by the manifest's file name. */
const LOCKFILES: Readonly<Record<string, readonly string[]>> = {
  'package.json': ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'],
  'pyproject.toml': ['uv.lock', 'poetry.lock', 'pylock.toml'],
  Pipfile: ['Pipfile.lock'],
  'Cargo.toml': ['Cargo.lock'],
  // go.sum pins the modules of the go.mod beside it only (no workspace root above it).
  'go.mod': ['go.sum'],
};

/** The lockfile names that pin what a manifest asks for (empty for a file no lockfile pins, such as requirements.txt). */
export function lockfileNames(manifest: string): readonly string[] {
  return LOCKFILES[fileName(manifest)] ?? [];
}

/**
 * Where the lockfile for a manifest may be, nearest directory first: each inner list is one directory's
 * candidates. The first directory with one that locks the project (`governs`) is the one the package
 * manager uses.
 */
export function lockfileCandidates(manifest: string): string[][] {
  const names = LOCKFILES[fileName(manifest)];
  if (names === undefined) return [];
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
  const members = entries.filter((e) => (e.specType === 'workspace' || e.specType === 'directory') && e.resolved !== undefined);
  if ((name === 'yarn.lock' || name === 'bun.lock') && !members.some((e) => e.specType === 'workspace')) return true;
  return members.some((e) => repositoryPath(lockfile, e.resolved!) === project);
}

/**
 * The lockfiles that lock `manifest`: those of the nearest directory that has one locking it (as the
 * package manager walks up to the workspace root that includes the project), and the lockfiles passed
 * on the way that do not include it.
 */
export function coveringLockfiles(manifest: string, lockfiles: ReadonlyMap<string, readonly Dependency[]>): { files: string[]; outside: string[] } {
  const outside: string[] = [];
  for (const dir of lockfileCandidates(manifest)) {
    const here = dir.filter((p) => lockfiles.has(p));
    const locking = here.filter((p) => governs(p, lockfiles.get(p)!, manifest));
    if (locking.length > 0) return { files: locking, outside };
    outside.push(...here);
  }
  return { files: [], outside };
}

/** A Cargo version requirement as a node-semver range: a bare `1.2.3` is Cargo's default caret, `^1.2.3`. */
export function cargoRange(req: string): string | undefined {
  const parts = req
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return '*';
  const range = parts.map((p) => (/^[=<>~^*]/.test(p) ? p.replace(/^=\s*/, '') : `^${p}`)).join(' ');
  return semver.validRange(range) === null ? undefined : range;
}

/**
 * A Poetry constraint as PEP 440 clause sets (any of them): `^1.2` -> `>=1.2,<2.0`, `~1.2` ->
 * `>=1.2,<1.3`, a bare `1.2.3` -> `==1.2.3`, `||` between alternatives.
 */
export function poetryToPep440(constraint: string): string[] | undefined {
  const alternatives: string[] = [];
  for (const alt of constraint.split('||')) {
    const clauses = alt
      .replace(/(\^|~=|~|===|==|!=|>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s*,\s*|\s+/)
      .filter((c) => c !== '');
    const out: string[] = [];
    for (const clause of clauses) {
      const m = /^(\^|~=|~|===|==|!=|>=|<=|>|<|=)?(.*)$/.exec(clause)!;
      const [op, v] = [m[1] ?? '', m[2]];
      if (v === '*') continue;
      const nums = v.split('.');
      if (op === '^' || (op === '~' && nums.length === 1)) {
        // Caret: the left-most non-zero part may not change (^0.2.3 < 0.3.0, ^0.0.3 < 0.0.4, ^1 < 2).
        const first = nums.findIndex((n) => Number(n) !== 0);
        const at = op === '~' ? 0 : first === -1 ? nums.length - 1 : first;
        out.push(`>=${v}`, `<${bump(nums, at)}`);
      } else if (op === '~') {
        out.push(`>=${v}`, `<${bump(nums, 1)}`);
      } else if (op === '' || op === '=') {
        out.push(`==${v}`);
      } else out.push(`${op}${v}`);
    }
    alternatives.push(out.join(','));
  }
  return alternatives.every((a) => a === '' || pep440Valid(a.split(',')[0].replace(/^[<>=!~]+/, '').replace(/\.\*$/, '')) !== null) ? alternatives : undefined;
}

function bump(parts: string[], at: number): string {
  const nums = parts.map((p) => Number.parseInt(p, 10) || 0);
  return [...nums.slice(0, at), nums[at] + 1].join('.');
}

/** Whether `version` (from a lockfile) is one the manifest entry's spec admits, in the ecosystem's own rules. */
export function admits(manifest: Dependency, version: string | undefined): boolean {
  if (version === undefined) return false;
  if (manifest.specType === 'version') return manifest.version !== undefined && sameVersion(manifest, manifest.version, version);
  if (manifest.specType !== 'range' && !(manifest.specType === 'alias' && manifest.version === undefined)) return false;
  const spec = (manifest.spec ?? '').trim();
  switch (manifest.ecosystem) {
    case 'npm':
      return spec === '' || spec === '*' ? semver.valid(version) !== null : semver.validRange(spec) !== null && versionIn(version, spec, 'npm');
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
function preferred(manifest: Dependency, lockfile: string, entries: Dependency[]): Dependency[] {
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
  const name = canonicalName(manifest.name, manifest.ecosystem);
  const others = new Set<string>();
  for (const file of files) {
    const same = (lockfiles.get(file) ?? []).filter((e) => e.ecosystem === manifest.ecosystem && canonicalName(e.name, e.ecosystem) === name);
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
