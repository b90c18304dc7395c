// Rule `release-age`: a version younger than `min-days` is reported, because most malicious
// versions are caught and removed within days of publication.
import { type Check, draftFor, existingVersion } from './check.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function ageText(ms: number): string {
  const hours = Math.floor(ms / (60 * 60 * 1000));
  return hours < 48 ? `${hours} hour${hours === 1 ? '' : 's'}` : `${Math.floor(ms / DAY_MS)} days`;
}

export const releaseAgeCheck: Check = {
  rule: 'release-age',
  run(item, ctx) {
    const view = existingVersion(item, ctx);
    if (!view) return [];
    const minDays = ctx.policy.verify.minDays;
    const published = Date.parse(view.v.publishedAt ?? '');
    if (Number.isNaN(published)) {
      return [draftFor(item, 'release-age', `${view.id}: the registry gives no publish time, so its age (min-days ${minDays}) cannot be checked`)];
    }
    const age = ctx.now.getTime() - published;
    if (age >= minDays * DAY_MS) return [];
    return [
      draftFor(item, 'release-age', `${view.id} was published ${ageText(Math.max(0, age))} ago (${view.v.publishedAt}), less than the policy's min-days of ${minDays}`),
    ];
  },
};
