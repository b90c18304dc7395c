// Rule `integrity`: what a file records must pin the bytes that install, and on npm they must be the
// registry's bytes (the lockfile's claims are held against the registry by the Facts stage).
import ssri from 'ssri';
import { allowEntriesFor } from '../policy/match.js';
import { own } from '../common/own.js';
import { draftFor, existingVersion, type Check, type Draft } from './check.js';
import type { InventoryItem } from '../types.js';
import type { Policy } from '../policy/types.js';

const STRONG = ['sha512', 'sha384', 'sha256'];

function fromRegistry(item: InventoryItem): boolean {
  const d = item.dep;
  if (d.specType === 'directory') return false;
  return !d.resolved || /^https?:/i.test(d.resolved);
}

/** Whether the recorded hashes include the pinned one: SRI matching for npm, exact `algo:hex` / `h1:` elsewhere. */
function pinMatches(ecosystem: string, recorded: string | undefined, pin: string): boolean {
  if (!recorded) return false;
  if (ecosystem === 'npm') {
    const actual = ssri.parse(recorded);
    return !!actual && !!actual.match(ssri.parse(pin));
  }
  return recorded.split(/\s+/).some((h) => h === pin || h.toLowerCase() === pin.toLowerCase());
}

export function pinProblems(item: InventoryItem, policy: Policy): Draft[] {
  const d = item.dep;
  const out: Draft[] = [];
  for (const entry of allowEntriesFor(policy, d.name, d.ecosystem)) {
    // The version comes from the file: `constructor` must find no pin, not Object's constructor.
    const pin = d.version ? own(entry.integrity, d.version) : undefined;
    if (!pin) continue;
    if (!pinMatches(d.ecosystem, d.integrity, pin)) {
      out.push(
        draftFor(item, 'integrity', `${d.name}@${d.version} has integrity ${d.integrity ?? '(none)'}, but the policy pins ${pin} (allow entry at line ${entry.line})`),
      );
    }
  }
  return out;
}

/** Other ecosystems: the hash each format is expected to record for what it installs. */
function otherEcosystems(item: InventoryItem, policy: Policy): Draft[] {
  const d = item.dep;
  const id = `${d.name}@${d.version ?? d.spec ?? '?'}`;
  const pins = pinProblems(item, policy);
  if (d.ecosystem === 'pypi' && d.kind === 'manifest' && /(^|\/)[^/]*\.txt$/.test(d.file) && policy.registries.pypi.requireHashes && !d.integrity) {
    if (d.specType === 'directory' || d.specType === 'file') return pins;
    return [
      draftFor(item, 'integrity', `${id} has no --hash in ${d.file}: pip cannot tell if the file it downloads is the one reviewed (the policy requires hashes, as pip install --require-hashes does)`),
      ...pins,
    ];
  }
  if (d.ecosystem === 'pypi' && d.kind === 'lockfile' && !d.integrity && !d.resolved) {
    return [draftFor(item, 'integrity', `${id} has no file hashes in the lockfile`), ...pins];
  }
  if (d.ecosystem === 'go' && d.kind === 'manifest' && !d.integrity && !d.resolved) {
    return [draftFor(item, 'integrity', `${id} has no h1: line in go.sum beside ${d.file}: its bytes are not pinned (run go mod tidy and commit go.sum)`), ...pins];
  }
  if (d.ecosystem === 'cargo' && d.kind === 'lockfile' && !d.integrity && d.resolved && /^(registry|sparse)\+/.test(d.resolved)) {
    return [draftFor(item, 'integrity', `${id} has no checksum in Cargo.lock: cargo cannot verify the crate it downloads`), ...pins];
  }
  return pins;
}

// Rule `integrity`: what a file records must pin the bytes installed, and they must be the registry's.

/** Lockfile integrity must be present and strong, and equal to any pin the policy holds for that version. */
export const integrity: Check = {
  rule: 'integrity',
  run(item, { policy }) {
    const d = item.dep;
    if (d.ecosystem !== 'npm') return d.ecosystem === 'mcpb' ? [] : otherEcosystems(item, policy);
    if (d.kind !== 'lockfile' || !fromRegistry(item)) return [];
    if (!d.integrity) {
      return [draftFor(item, 'integrity', `${d.name}@${d.version ?? '?'} has no integrity in the lockfile: npm cannot tell if the bytes it downloads are the ones reviewed`)];
    }
    const parsed = ssri.parse(d.integrity);
    const algorithms = parsed ? Object.keys(parsed) : [];
    if (!algorithms.length) {
      return [draftFor(item, 'integrity', `${d.name}@${d.version ?? '?'} has an integrity value that is not a valid SRI string: "${d.integrity}"`)];
    }
    const weak = !algorithms.some((a) => STRONG.includes(a));
    const out = weak ? [draftFor(item, 'integrity', `${d.name}@${d.version ?? '?'} is checked only with ${algorithms.join(', ')}, a broken hash; expected sha512`)] : [];
    return [...out, ...pinProblems(item, policy)];
  },
};

/**
 * The registry side of the rule: the lockfile's integrity must equal the registry's dist.integrity,
 * and `resolved` must be the registry's tarball for that name and version (pointing a package at
 * another package's tarball is the classic lockfile injection). With verify-tarballs, the downloaded
 * bytes must match too; with verify-with, the bytes installed must be the ones the vouching registry
 * signed.
 */
export const registryIntegrityCheck: Check = {
  rule: 'integrity',
  run(item, ctx) {
    const view = existingVersion(item, ctx);
    if (!view) return [];
    const { v, id } = view;
    const drafts: Draft[] = [];
    // The Facts stage held this entry's claims against the registry once (and logged them).
    const claims = v.claims?.find((c) => c.file === item.dep.file && c.key === item.dep.key);
    if (claims?.integrity && !claims.integrity.ok) drafts.push(draftFor(item, 'integrity', `${id}: ${claims.integrity.detail}`));
    if (claims?.resolved && !claims.resolved.ok) drafts.push(draftFor(item, 'integrity', `${id}: ${claims.resolved.detail}`));
    if (v.tarballCheck && !v.tarballCheck.ok) drafts.push(draftFor(item, 'integrity', `${id}: the registry tarball does not check out: ${v.tarballCheck.detail}`));
    // verify-with: what is installed must be the bytes the vouching registry signed.
    const vouch = v.verifiedAt;
    const installed = v.integrity ?? item.dep.integrity;
    if (vouch?.integrity && installed && claims?.vouched && !claims.vouched.ok) {
      drafts.push(
        draftFor(
          item,
          'integrity',
          `${id}: ${view.pkg.registry ?? 'the install registry'} serves integrity ${installed}, but ${vouch.registry} (registries.npm.verify-with) has ${vouch.integrity}: ` +
            `the bytes installed are not the ones that registry signed. Find out why your registry serves other bytes before installing this version`,
        ),
      );
    }
    return drafts;
  },
};
