// Rule `exists`: a package or version the registry does not know (slopsquatting: a name an LLM
// invented, registered later by an attacker, or not yet).
import { type Check, draftFor, registryView } from './check.js';

export const existsCheck: Check = {
  rule: 'exists',
  run(item, ctx) {
    const view = registryView(item, ctx);
    if (!view || view.pkg.error) return [];
    const where = view.pkg.registry ?? 'the registry';
    if (view.pkg.exists === false) {
      return [draftFor(item, 'exists', `${view.id}: ${where} does not know the package ${view.name}; an invented or not-yet-registered name is how slopsquatting starts`)];
    }
    if (view.pkg.unpublished && !view.v?.exists) {
      return [draftFor(item, 'exists', `${view.id}: ${view.name} was unpublished from ${where} (${view.pkg.unpublished})`)];
    }
    if (view.v && !view.v.exists) {
      return [draftFor(item, 'exists', `${view.id}: ${where} has no version ${view.version} of ${view.name}`)];
    }
    return [];
  },
};
