import type { Dependency, InventoryItem } from '../types.js';
import type { Policy } from '../policy/types.js';
import { draftFor, type Check } from './check.js';
import { lockfileNames } from '../ecosystems/common.js';

function label(d: Dependency): string {
  return d.alias ?? d.name;
}

/** A manifest spec that admits several versions and that a lockfile can pin: a semver, PEP 440 or Cargo range. */
export function isManifestRange(d: Dependency): boolean {
  return d.kind === 'manifest' && (d.specType === 'range' || d.specType === 'catalog' || (d.specType === 'alias' && !d.version));
}

/** A package.json peer dependency: what the consumer must provide, a range by nature, installed by whoever installs this package. */
export function isPeerRange(d: Dependency): boolean {
  return d.ecosystem === 'npm' && d.key.startsWith('peerDependencies/') && isManifestRange(d);
}

function orList(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Why no lockfile pin covers a manifest range, and what to do about it. */
function uncovered(item: InventoryItem): string {
  const d = item.dep;
  const lock = item.lock;
  const spec = d.spec || '*';
  const files = lock?.files ?? [];
  const fix = 'install, and commit the updated lockfile (or pin an exact version)';
  if (d.specType === 'catalog') {
    const catalog = spec.slice('catalog:'.length) || 'default';
    const where = files.length ? `${orList(files)} does not record what the ${catalog} catalog resolves ${label(d)} to` : `no pnpm-lock.yaml beside ${d.file} or above it records what it resolves to`;
    return `${label(d)} is asked for as "${spec}", the entry of the pnpm workspace's ${catalog} catalog (pnpm-workspace.yaml), and ${where}: the next install takes whatever that entry admits that day. Run pnpm install and commit pnpm-lock.yaml (pnpm 9 records catalogs there), or pin an exact version`;
  }
  if (files.length === 0) {
    const names = lockfileNames(d.file);
    if (names.length === 0) return `${label(d)} is asked for as "${spec}", not an exact version: any release matching it installs, including one published tomorrow. Pin an exact version`;
    if (lock?.outside?.length) {
      const dir = d.file.includes('/') ? d.file.slice(0, d.file.lastIndexOf('/')) : '.';
      return `${label(d)} is asked for as "${spec}", not an exact version, and no lockfile pins it: ${orList(lock.outside)} does not lock ${dir} (not one of its workspace members), so any release matching the range installs, including one published tomorrow. Commit a lockfile beside ${d.file} (or make it a workspace member), or pin an exact version`;
    }
    return `${label(d)} is asked for as "${spec}", not an exact version, and no lockfile beside ${d.file} or above it pins it: any release matching it installs, including one published tomorrow. Commit the lockfile (${orList(names)}) or pin an exact version`;
  }
  if (lock?.others?.length) {
    return `${label(d)} is asked for as "${spec}", but ${orList(files)} pins ${lock.others.join(', ')}, which "${spec}" does not admit: the lockfile is out of date, and the next install takes any release matching the range. Run the ${fix}`;
  }
  return `${label(d)} is asked for as "${spec}", not an exact version, and ${orList(files)} does not list it: the next install takes any release matching the range. Run the ${fix}`;
}

/** Why an entry of a manifest or config does not name one exact version, or undefined when it does. */
function problem(item: InventoryItem, policy: Policy): string | undefined {
  const d = item.dep;
  const spec = d.spec ?? '';
  // A release-time placeholder (`${VERSION}`): the `template` rule says what was not judged.
  if (d.specType === 'template') return undefined;
  if (d.ecosystem === 'oci') {
    if (d.integrity || !policy.registries.oci.requireDigest) return undefined;
    return `image ${d.name}:${d.version ?? 'latest'} is referenced by tag, not by @sha256: digest: the tag can be moved to other bytes at any time (registries.oci.require-digest)`;
  }
  if (d.ecosystem === 'github-actions') {
    return d.specType === 'version' ? undefined : `action ${d.name}@${d.version ?? spec} is referenced by a tag or branch, not a full commit SHA: whoever controls the repository can move it`;
  }
  if (d.ecosystem === 'mcpb') return undefined;
  if (d.specType === 'git' && !/#[0-9a-f]{40}$/i.test(spec) && !/[?&#](rev|commit)=?[0-9a-f]{40}/i.test(spec) && !(d.resolved && /[0-9a-f]{40}/i.test(d.resolved))) {
    return `${label(d)} comes from git "${spec}" without a full commit hash: the branch or tag can move`;
  }
  if (d.specType === 'invalid') return `${label(d)} has a version spec the gate cannot read: "${spec}"`;
  const loose = d.specType === 'range' || d.specType === 'catalog' || d.specType === 'tag' || (d.specType === 'alias' && !d.version);
  if (!loose) return undefined;
  if (d.kind === 'config') {
    const asked = spec && spec !== 'latest' ? `"${spec}"` : 'no version';
    return `${label(d)} is launched with ${asked}: each start runs whatever ${d.ecosystem === 'pypi' ? 'PyPI' : 'the registry'} serves that day, including a release published last night. Pin an exact version`;
  }
  // A range the governing lockfile pins, or a peer range, is the `range` rule's (a notice by default).
  if (isManifestRange(d) && (item.lock?.entry !== undefined || isPeerRange(d))) return undefined;
  if (isManifestRange(d)) return uncovered(item);
  return `${label(d)} is asked for as "${spec || '*'}", not an exact version: any release matching it installs, including one published tomorrow. Pin an exact version`;
}

/**
 * Manifests, MCP client configs and images must name one exact version (or digest, or commit); lockfiles
 * always do. A manifest range that the lockfile the package manager uses pins is not unpinned: see `range`.
 */
export const unpinned: Check = {
  rule: 'unpinned',
  run(item, { policy }) {
    const d = item.dep;
    if (d.kind === 'lockfile' || d.kind === 'bundle') return [];
    const why = problem(item, policy);
    return why ? [draftFor(item, 'unpinned', why)] : [];
  },
};
