import { WELL_KNOWN_MCP } from '../policy/corpus.js';
import { allowEntriesFor } from '../policy/match.js';
import type { Policy } from '../types.js';
import { draftFor, type Check } from './check.js';
import { detectTyposquat, type KnownName } from './typosquat-detect.js';

const GLOB = /[*?[\]{}!]/;
const knownCache = new WeakMap<Policy, KnownName[]>();

/** Names a squat would imitate: the policy's exact allow entries, then the built-in corpus. */
export function knownNames(policy: Policy): KnownName[] {
  let known = knownCache.get(policy);
  if (!known) {
    const fromAllow: KnownName[] = policy.allow
      .filter((a) => a.line > 0 && !GLOB.test(a.name))
      .map((a) => ({ name: a.name, ecosystem: a.ecosystem, source: 'allow' }));
    const fromCorpus: KnownName[] = WELL_KNOWN_MCP.map((c) => ({ name: c.name, ecosystem: c.ecosystem, source: 'corpus' }));
    known = [...fromAllow, ...fromCorpus];
    knownCache.set(policy, known);
  }
  return known;
}

/** Judges every added or changed dependency: a squat need not look MCP-related to imitate an MCP package. */
export const typosquat: Check = {
  rule: 'typosquat',
  scope: 'all',
  run(item, { policy }) {
    const d = item.dep;
    if (allowEntriesFor(policy, d.name, d.ecosystem).length) return [];
    const match = detectTyposquat(d.name, d.ecosystem, knownNames(policy));
    if (!match) return [];
    const where = match.source === 'allow' ? 'an allowlisted package' : 'a well-known MCP package';
    return [draftFor(item, 'typosquat', `${d.name} looks like a typosquat of ${match.imitates}, ${where} (${match.technique}); if it is genuinely different, allow it by exact name`)];
  },
};
