import { judgeBundleSignature } from '../policy/bundle-trust.js';
import { allowEntriesFor } from '../policy/match.js';
import { own } from '../common/own.js';
import { draftFor, issueDraft, type Check } from './check.js';
import { pinProblems } from './integrity.js';

// Rule `bundle`: a .mcpb bundle that is malformed or hostile (the bundle reader observes it in the
// archive and its manifest: each new problem is reported at its line), or that does not carry what the
// policy requires.

/**
 * A .mcpb bundle must carry what the policy requires: a signature by a trusted signer, a sha256 of the
 * file pinned in an allow entry, or either. A signature that does not verify (forged, truncated,
 * changed after signing, expired, a broken chain) is reported whatever `bundles.require` says: a
 * forged signature is worse than none. A pinned sha256 that differs is reported whatever it says too.
 */
export const bundlePolicy: Check = {
  rule: 'bundle',
  run(item, { policy, now }) {
    const d = item.dep;
    if (d.ecosystem !== 'mcpb' || d.kind !== 'bundle') return [];
    const id = `${d.name}@${d.version ?? '?'} (${d.file})`;
    const trust = judgeBundleSignature(d.signature, policy.bundles, now);
    if (trust.status === 'invalid') {
      return [
        draftFor(
          item,
          'bundle',
          `bundle ${id} carries a signature that does not verify: ${trust.detail}. A forged or broken signature is worse than none: do not install this file; ask its publisher for a correctly signed build.`,
        ),
      ];
    }
    const pinMismatch = pinProblems(item, policy).map((p) => ({ ...p, rule: 'bundle' as const, message: `bundle ${p.message}` }));
    if (pinMismatch.length) return pinMismatch;
    const pinned = allowEntriesFor(policy, d.name, 'mcpb').some((e) => d.version && own(e.integrity, d.version));
    const req = policy.bundles.require;
    const fileHash = d.integrity ? ` Its sha256 is ${d.integrity}.` : '';
    const pinHint = ` To accept this exact file instead, pin it in an allow entry: {name: "${d.name}", ecosystem: mcpb, integrity: {"${d.version ?? '?'}": "${d.integrity ?? 'sha256:...'}"}}.`;
    const s = trust.signer;
    const state =
      trust.status === 'absent' || s === undefined
        ? 'carries no signature block (MCPB_SIG_V1)'
        : `is signed by "${s.subject}" (certificate SHA-256 ${s.sha256}), whom the policy does not trust: ${trust.detail}`;
    const signerHint = s === undefined ? '' : ` If you trust this publisher, add its certificate under bundles.signers: [{name: "${s.subject}", sha256: "${s.sha256}"}].`;
    if (req === 'signature' && trust.status !== 'verified') {
      return [draftFor(item, 'bundle', `bundle ${id} ${state}; the policy requires bundles signed by a trusted signer (bundles.require: signature).${signerHint}`)];
    }
    if (req === 'sha256' && !pinned) return [draftFor(item, 'bundle', `bundle ${id} has no sha256 pinned in the policy's allow entries (integrity: {"${d.version}": "sha256:..."}).${fileHash}`)];
    if (req === 'signature-or-sha256' && trust.status !== 'verified' && !pinned) {
      return [draftFor(item, 'bundle', `bundle ${id} ${state}; and it is not pinned by sha256 either (bundles.require: signature-or-sha256).${signerHint}${pinHint}`)];
    }
    return [];
  },
  issue: (issue, file) => [issueDraft(issue, file)],
};
