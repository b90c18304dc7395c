import { allowEntriesFor, denyEntryFor } from '../policy/match.js';
import { draftFor, type Check } from './check.js';

export const unknown: Check = {
  rule: 'unknown',
  run(item, { policy }) {
    const d = item.dep;
    if (allowEntriesFor(policy, d.name, d.ecosystem).length) return [];
    // A denied package is reported by `denied`; saying "allowlist it" as well would be wrong.
    if (denyEntryFor(policy, d.name, d.ecosystem, d.version)) return [];
    return [
      draftFor(item, 'unknown', `${d.name} is MCP-related (${item.mcp.join('; ')}) but no allow entry names it; add it to the policy's allow list after review`),
    ];
  },
};
