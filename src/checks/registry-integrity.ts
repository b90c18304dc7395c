// Rule `integrity` (registry side): the lockfile's integrity must equal the registry's dist.integrity,
// and `resolved` must be the registry's tarball for that name and version (pointing a package at
// another package's tarball is the classic lockfile injection). With verify-tarballs, the
// downloaded bytes must match too.
import { compareIntegrity, compareResolved, registryIntegrity } from '../registry/integrity.js';
import { type Check, type Draft, draftFor } from './check.js';
import { existingVersion } from './registry.js';

export const registryIntegrityCheck: Check = {
  rule: 'integrity',
  run(item, ctx) {
    const view = existingVersion(item, ctx);
    if (!view) return [];
    const { v, id } = view;
    const drafts: Draft[] = [];
    if (item.dep.integrity) {
      const c = compareIntegrity(item.dep.integrity, registryIntegrity(v.integrity, v.shasum));
      if (!c.ok) drafts.push(draftFor(item, 'integrity', `${id}: ${c.detail}`));
    }
    if (item.dep.resolved) {
      const c = compareResolved(item.dep.resolved, view.name, view.version, v.tarball);
      if (!c.ok) drafts.push(draftFor(item, 'integrity', `${id}: ${c.detail}`));
    }
    if (v.tarballCheck && !v.tarballCheck.ok) drafts.push(draftFor(item, 'integrity', `${id}: the registry tarball does not check out: ${v.tarballCheck.detail}`));
    // verify-with: what is installed must be the bytes the vouching registry signed.
    const vouch = v.verifiedAt;
    const installed = v.integrity ?? item.dep.integrity;
    if (vouch?.integrity && installed) {
      const c = compareIntegrity(installed, registryIntegrity(vouch.integrity, vouch.shasum));
      if (!c.ok) {
        drafts.push(
          draftFor(
            item,
            'integrity',
            `${id}: ${view.pkg.registry ?? 'the install registry'} serves integrity ${installed}, but ${vouch.registry} (registries.npm.verify-with) has ${vouch.integrity}: ` +
              `the bytes installed are not the ones that registry signed. Find out why your registry serves other bytes before installing this version`,
          ),
        );
      }
    }
    return drafts;
  },
};
