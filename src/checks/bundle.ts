import { allowEntriesFor } from '../policy/match.js';
import { draftFor, type Check } from './check.js';
import { pinProblems } from './integrity.js';

/**
 * A .mcpb bundle must carry what the policy requires: a signature block, a sha256 of the file pinned
 * in an allow entry, or either. A pinned sha256 that differs is reported whatever `bundles.require` says.
 */
export const bundlePolicy: Check = {
  rule: 'bundle',
  run(item, { policy }) {
    const d = item.dep;
    if (d.ecosystem !== 'mcpb' || d.kind !== 'bundle') return [];
    const pinMismatch = pinProblems(item, policy).map((p) => ({ ...p, rule: 'bundle' as const, message: `bundle ${p.message}` }));
    if (pinMismatch.length) return pinMismatch;
    const pinned = allowEntriesFor(policy, d.name, 'mcpb').some((e) => d.version && e.integrity?.[d.version]);
    const req = policy.bundles.require;
    const id = `${d.name}@${d.version ?? '?'} (${d.file})`;
    const fileHash = d.integrity ? ` Its sha256 is ${d.integrity}.` : '';
    if (req === 'signature' && !d.signed) return [draftFor(item, 'bundle', `bundle ${id} carries no signature block (MCPB_SIG_V1), and the policy requires signed bundles`)];
    if (req === 'sha256' && !pinned) return [draftFor(item, 'bundle', `bundle ${id} has no sha256 pinned in the policy's allow entries (integrity: {"${d.version}": "sha256:..."}).${fileHash}`)];
    if (req === 'signature-or-sha256' && !d.signed && !pinned) {
      return [draftFor(item, 'bundle', `bundle ${id} is neither signed (no MCPB_SIG_V1 block) nor pinned by sha256 in the policy's allow entries.${fileHash}`)];
    }
    return [];
  },
};
