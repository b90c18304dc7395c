// Rule `registry`: a registry that could not be reached or answered garbage after retries is a
// finding, never a pass.
import { draftFor, type Check, type Draft, registryView } from './check.js';

export const registryCheck: Check = {
  rule: 'registry',
  run(item, ctx) {
    const view = registryView(item, ctx);
    if (!view) return [];
    const drafts: Draft[] = [];
    const where = view.pkg.registry ?? 'the registry';
    if (view.pkg.error) drafts.push(draftFor(item, 'registry', `${view.id}: ${where} could not be read, so nothing about it is verified: ${view.pkg.error}`));
    for (const e of view.v?.errors ?? []) drafts.push(draftFor(item, 'registry', `${view.id}: a request to ${where} failed: ${e}`));
    return drafts;
  },
};
