import ssri from 'ssri';
import { allowEntriesFor } from '../policy/match.js';
import { draftFor, type Check, type Draft } from './check.js';
import type { InventoryItem, Policy } from '../types.js';

const STRONG = ['sha512', 'sha384', 'sha256'];

function fromRegistry(item: InventoryItem): boolean {
  const d = item.dep;
  if (d.specType === 'directory') return false;
  return !d.resolved || /^https?:/i.test(d.resolved);
}

function pinProblems(item: InventoryItem, policy: Policy): Draft[] {
  const d = item.dep;
  const out: Draft[] = [];
  for (const entry of allowEntriesFor(policy, d.name, d.ecosystem)) {
    const pin = d.version ? entry.integrity?.[d.version] : undefined;
    if (!pin) continue;
    const expected = ssri.parse(pin);
    const actual = d.integrity ? ssri.parse(d.integrity) : null;
    if (!actual || !actual.match(expected)) {
      out.push(
        draftFor(item, 'integrity', `${d.name}@${d.version} has integrity ${d.integrity ?? '(none)'}, but the policy pins ${pin} (allow entry at line ${entry.line})`),
      );
    }
  }
  return out;
}

/** Lockfile integrity must be present and strong, and equal to any pin the policy holds for that version. */
export const integrity: Check = {
  rule: 'integrity',
  run(item, { policy }) {
    const d = item.dep;
    if (d.kind !== 'lockfile' || d.ecosystem !== 'npm' || !fromRegistry(item)) return [];
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
