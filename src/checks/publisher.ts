// Rule `publisher`: allow entries may list the npm users who may publish a package; a change of
// publisher between the base version and the head version is reported (a hijacked account or a
// handed-over package often shows up as exactly that).
import { type Check, type Draft, draftFor, allowEntriesAt, baseVersion, existingVersion } from './check.js';

export const publisherCheck: Check = {
  rule: 'publisher',
  run(item, ctx) {
    const view = existingVersion(item, ctx);
    if (!view) return [];
    const { id, v } = view;
    const drafts: Draft[] = [];
    const entries = allowEntriesAt(ctx.policy, view.name, view.version).filter((e) => e.publishers?.length);
    const allowed = [...new Set(entries.flatMap((e) => e.publishers ?? []))];
    if (entries.length > 0 && (!v.publisher || !allowed.includes(v.publisher))) {
      const lines = entries.map((e) => e.line).join(', ');
      drafts.push(
        draftFor(item, 'publisher', `${id} was published by ${v.publisher ?? 'an unknown user (no _npmUser)'}, but the policy (allow, line ${lines}) allows only ${allowed.join(', ')}`),
      );
    }
    const base = baseVersion(item, view);
    if (base?.publisher && v.publisher && base.publisher !== v.publisher) {
      drafts.push(draftFor(item, 'publisher', `${id}: the publisher changed from ${base.publisher} (${view.name}@${base.version}) to ${v.publisher}`));
    }
    return drafts;
  },
};
