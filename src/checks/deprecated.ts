// Rule `deprecated`: a deprecated version is reported with the registry's message.
import type { Check } from './check.js';
import { draftFor } from './check.js';
import { existingVersion } from './registry.js';

export const deprecatedCheck: Check = {
  rule: 'deprecated',
  run(item, ctx) {
    const view = existingVersion(item, ctx);
    if (!view?.v.deprecated) return [];
    return [draftFor(item, 'deprecated', `${view.id} is deprecated on the registry: ${view.v.deprecated}`)];
  },
};
