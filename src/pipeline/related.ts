// Files beside and above the changed manifests that decide how their entries are judged, read through
// the context's TreeSource (bounded: only the ancestor directories of changed manifests):
//  - at head, the lockfile the package manager would use for each changed package.json, pyproject.toml,
//    Pipfile, Cargo.toml and go.mod (beside it, else the nearest one above it), when the PR leaves it
//    unchanged; the changed ones are already parsed;
//  - at head, the Cargo.toml files above a changed Cargo.toml that inherits `{ workspace = true }`;
//  - at base, the module paths of the go.mod files in the directories of changed Go files and above
//    them: the repository's own modules, as the base branch knows them.
import { EMPTY_TREE, type ResolvedContext } from '../context/index.js';
import { formatFor } from '../formats/index.js';
import { goModulePath } from '../formats/go/go-mod.js';
import { dirOf, governs, lockfileCandidates } from './inventory/coverage.js';
import { readSide } from './changeset.js';
import type { Dependency } from '../types.js';
import type { Policy } from '../policy/types.js';
import { fileName } from '../common/paths.js';
import type { ChangedFile } from './types.js';

export interface RelatedFiles {
  /** Lockfiles at head that exist, by path: changed ones as parsed at head, unchanged ones read here. */
  lockfiles: Map<string, Dependency[]>;
  /** Cargo.toml files at head above (and including) changed ones that inherit workspace dependencies. */
  cargoRoots: Map<string, Dependency[]>;
  /** Module paths of the go.mod files at base in and above the directories of changed Go files. */
  goModules: string[];
  notes: string[];
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  let dir = dirOf(path);
  for (;;) {
    out.push(dir);
    if (dir === '') return out;
    dir = dirOf(dir.slice(0, -1));
  }
}

export async function readRelatedFiles(ctx: ResolvedContext, policy: Policy, changed: readonly ChangedFile[]): Promise<RelatedFiles> {
  const notes: string[] = [];
  const lockfiles = new Map<string, Dependency[]>();
  const cargoRoots = new Map<string, Dependency[]>();
  const goModules: string[] = [];
  const byPath = new Map(changed.map((f) => [f.change.path, f]));
  const max = policy.limits.maxFileBytes;

  // Nothing to look for when no changed file is a manifest a lockfile pins.
  const manifests = changed.filter((f) => f.change.status !== 'deleted' && lockfileCandidates(f.change.path).length > 0);
  const goDirs = new Set(changed.filter((f) => ['go.mod', 'go.sum'].includes(fileName(f.change.path))).flatMap((f) => ancestors(f.change.path)));
  if (manifests.length === 0 && goDirs.size === 0) return { lockfiles, cargoRoots, goModules, notes };

  // What exists at head: the tree listing when the source can give all of it, else one read per candidate.
  let listed: Set<string> | undefined;
  try {
    const listing = ctx.head === EMPTY_TREE ? { paths: [], truncated: false } : await ctx.source.list(ctx.head);
    if (!listing.truncated) listed = new Set(listing.paths);
  } catch {
    listed = undefined;
  }

  const cache = new Map<string, Dependency[] | undefined>();
  /** A file's entries at head, or undefined when it is absent (or could not be read, with a note). */
  const atHead = async (path: string): Promise<Dependency[] | undefined> => {
    if (cache.has(path)) return cache.get(path);
    let deps: Dependency[] | undefined;
    const own = byPath.get(path);
    const format = formatFor(path);
    if (own !== undefined) {
      // A changed file that could not be read at head has its own parse-error finding; it pins nothing.
      deps = own.change.status === 'deleted' || own.change.unreadable !== undefined || own.change.invalid !== undefined ? undefined : own.after.deps;
    } else if (format !== undefined && (listed === undefined || listed.has(path))) {
      const side = await readSide(ctx, format, ctx.head, path, max);
      if (side.kind === 'parsed') deps = side.result.deps;
      else if (side.kind === 'error') notes.push(`${path}:${side.error.line} (unchanged in this PR) could not be read to tell which versions it pins: ${side.error.message}`);
      else if (side.kind === 'unreadable') notes.push(`${path} (unchanged in this PR) was not read to tell which versions it pins: ${side.reason}`);
    }
    cache.set(path, deps);
    return deps;
  };

  for (const f of manifests) {
    const path = f.change.path;
    // The governing lockfile: the nearest one up the tree that locks this project.
    for (const dir of lockfileCandidates(path)) {
      let found = false;
      for (const candidate of dir) {
        const deps = await atHead(candidate);
        if (deps === undefined) continue;
        lockfiles.set(candidate, deps);
        found ||= governs(candidate, deps, path);
      }
      if (found) break;
    }
    if (fileName(path) === 'Cargo.toml' && f.after.deps.some((d) => d.specType === 'workspace')) {
      for (const dir of ancestors(path)) {
        const deps = await atHead(`${dir}Cargo.toml`);
        if (deps !== undefined) cargoRoots.set(`${dir}Cargo.toml`, deps);
      }
    }
  }

  // The repository's own Go modules, from the base branch.
  if (goDirs.size > 0 && ctx.base !== EMPTY_TREE) {
    for (const dir of goDirs) {
      const res = await ctx.source.read(ctx.base, `${dir}go.mod`, max);
      const module = res.kind === 'text' ? goModulePath(res.text) : undefined;
      if (module !== undefined && !goModules.includes(module)) goModules.push(module);
    }
  }
  return { lockfiles, cargoRoots, goModules, notes };
}
