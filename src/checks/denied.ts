import { denyEntryFor } from '../policy/match.js';
import { draftFor, type Check } from './check.js';

/** A deny entry is explicit: it applies to every dependency, MCP-related by pattern or not. */
export const denied: Check = {
  rule: 'denied',
  scope: 'all',
  run(item, { policy }) {
    const d = item.dep;
    const entry = denyEntryFor(policy, d.name, d.ecosystem, d.version);
    if (!entry) return [];
    const what = d.version ? `${d.name}@${d.version}` : d.name;
    const range = entry.versions === '*' ? '' : ` (versions ${entry.versions})`;
    return [draftFor(item, 'denied', `${what} is denied by policy${range}${entry.reason ? `: ${entry.reason}` : ''}`)];
  },
};
