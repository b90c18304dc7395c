// The project itself is not a dependency. A workspace package (`workspace:*`, a package-lock `link`), a
// folder of this repository (`file:`/`link:`/`portal:`, a uv editable or virtual root, a Poetry or Cargo
// path dependency, a Go `replace` to a directory) or a Go module of this repository is code the pull
// request shows as code: it is reviewed in the diff, not fetched from a registry, so no rule judges it
// as a package. A path that leaves the repository is not the project's own: it stays a `source` finding.
import type { Change, Dependency } from '../../types.js';
import { dirOf, fileName, repositoryPath } from '../../common/paths.js';

/**
 * Whether two Go module paths are in one repository: on the big forges the repository is the first
 * three path elements (`github.com/owner/repo/...`); elsewhere, one path is the other or nested in it.
 */
export function sameGoRepository(a: string, b: string): boolean {
  const pa = a.split('/');
  const pb = b.split('/');
  if (['github.com', 'gitlab.com', 'bitbucket.org'].includes(pa[0]) && pa.length >= 3 && pb.length >= 3) {
    return pa.slice(0, 3).join('/').toLowerCase() === pb.slice(0, 3).join('/').toLowerCase();
  }
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** What the project's own code is, for the evidence: the reason a dependency entry is not judged as a package. */
export interface OwnContext {
  /**
   * Module paths of this repository's go.mod files, read at the base commit (a pull request cannot make
   * a module its own by renaming its module line).
   */
  goModules: readonly string[];
  /** Cargo workspace roots at head, by path: their `[workspace.dependencies]` decide `{ workspace = true }` entries. */
  cargoRoots: ReadonlyMap<string, readonly Dependency[]>;
}

/** Why `d` is the project's own code rather than a package it depends on, or undefined when it is a package. */
export function ownCode(d: Dependency, ctx: OwnContext): string | undefined {
  if (d.specType === 'workspace' && (d.ecosystem === 'npm' || d.ecosystem === 'pypi')) {
    // A lockfile's workspace entry names its folder: one outside the repository is no workspace of it.
    if (d.resolved !== undefined) {
      const at = repositoryPath(d.file, d.resolved);
      return at === undefined ? undefined : `a package of this workspace (the folder ${at})`;
    }
    return `a package of this workspace (${d.spec && d.spec !== 'workspace' ? d.spec : 'workspace = true'})`;
  }
  if (d.specType === 'workspace' && d.ecosystem === 'cargo') return cargoInherited(d, ctx.cargoRoots);
  if (d.specType === 'directory') {
    const reference = d.resolved ?? d.spec;
    const at = reference === undefined ? undefined : repositoryPath(d.file, reference);
    return at === undefined ? undefined : `the folder ${at} of this repository`;
  }
  // A Go module of this repository, fetched as itself (a replace to another module is not).
  if (d.ecosystem === 'go' && d.specType !== 'remote') {
    const own = ctx.goModules.find((m) => sameGoRepository(d.name, m));
    if (own !== undefined) return `a module of this repository (${own})`;
  }
  return undefined;
}

/**
 * The `[workspace.dependencies]` entry a Cargo `{ workspace = true }` entry inherits: the one of the same
 * key in the nearest workspace root that has any.
 */
export function cargoWorkspaceEntry(d: Dependency, roots: ReadonlyMap<string, readonly Dependency[]>): Dependency | undefined {
  if (d.ecosystem !== 'cargo' || d.specType !== 'workspace') return undefined;
  const key = d.key.slice(d.key.lastIndexOf('/') + 1);
  let dir = dirOf(d.file);
  for (;;) {
    const root = roots.get(`${dir}Cargo.toml`);
    const entry = root?.find((e) => e.key === `workspace/dependencies/${key}`);
    if (entry !== undefined) return entry;
    if (root?.some((e) => e.key.startsWith('workspace/dependencies/')) || dir === '') return undefined;
    dir = dirOf(dir.slice(0, -1));
  }
}

/** `rmcp = { workspace = true }`: the member's own code when the inherited entry is a path inside the repository. */
function cargoInherited(d: Dependency, roots: ReadonlyMap<string, readonly Dependency[]>): string | undefined {
  const entry = cargoWorkspaceEntry(d, roots);
  if (entry === undefined || entry.specType !== 'directory' || entry.resolved === undefined) return undefined;
  const at = repositoryPath(entry.file, entry.resolved);
  return at === undefined ? undefined : `the folder ${at} of this repository (inherited from ${entry.file}:${entry.line})`;
}

/**
 * A release of the server a `server.json` publishes: the same package (registry type, identifier and
 * registry as at base) at a new version. That package is this repository's product, built from the code
 * the pull request shows; its new version usually does not exist yet when the release PR is reviewed
 * (and an image's digest cannot be known before the release builds it), so it is not judged as a
 * dependency. A new identifier, another registry, or new bytes under the same version stay judged.
 */
export function ownRelease(change: Change): string | undefined {
  const { before, after } = change;
  if (change.type !== 'changed' || before === undefined || after === undefined) return undefined;
  if (after.kind !== 'manifest' || fileName(after.file) !== 'server.json' || before.file !== after.file) return undefined;
  if (after.specType === 'template' || before.specType === 'template') return undefined;
  if (before.ecosystem !== after.ecosystem || before.name !== after.name || (before.registry ?? '') !== (after.registry ?? '')) return undefined;
  if (before.version === undefined || after.version === undefined || before.version === after.version) return undefined;
  return `a release of the server this server.json publishes (${before.version} -> ${after.version})`;
}
