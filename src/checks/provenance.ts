// Rule `provenance`: attestations the registry lists must verify (offline, against the shipped
// Sigstore root); an allow entry may require provenance and a source repository; a version without
// provenance where an earlier one had it is reported.
import type { NpmVersionFacts } from '../types.js';
import { type Check, type Draft, draftFor, allowEntriesAt, baseVersion, existingVersion } from './check.js';
import { normaliseRepository } from '../ecosystems/npm-registry.js';

function lostProvenance(id: string, v: NpmVersionFacts, base: NpmVersionFacts | undefined): string | undefined {
  if (v.listsProvenance) return undefined;
  if (base?.listsProvenance) return `${id} has no provenance, but the version it replaces (${base.version}) had it`;
  if (v.earlierProvenance) return `${id} has no provenance, but the earlier version ${v.earlierProvenance} had it`;
  return undefined;
}

export const provenanceCheck: Check = {
  rule: 'provenance',
  run(item, ctx) {
    const view = existingVersion(item, ctx);
    const p = view?.v.provenance;
    if (!view || !p) return [];
    const { id, v } = view;
    if (p.status === 'invalid') return [draftFor(item, 'provenance', `${p.message} [${p.code}]`)];
    if (p.status === 'error') return [draftFor(item, 'provenance', p.message)];

    const drafts: Draft[] = [];
    const lost = lostProvenance(id, v, baseVersion(item, view));
    if (lost) drafts.push(draftFor(item, 'provenance', lost));
    const source = p.status === 'verified' ? p.provenance : undefined;
    for (const entry of allowEntriesAt(ctx.policy, view.name, view.version)) {
      const rule = `the policy's allow entry for ${entry.name} (line ${entry.line})`;
      if ((entry.provenance || entry.repository) && !source) {
        if (!lost) drafts.push(draftFor(item, 'provenance', `${id} has no verified build provenance, which ${rule} requires`));
        continue;
      }
      const expected = normaliseRepository(entry.repository);
      if (source && expected && source.repository !== expected) {
        drafts.push(
          draftFor(item, 'provenance', `${id} was built from ${source.repository ?? 'an unknown repository'} (${source.workflow ?? source.identity ?? '?'}), but ${rule} requires ${expected}`),
        );
      }
    }
    return drafts;
  },
};
