import type { AllowEntry, DenyEntry, Policy } from './types.js';
import { KNOWN_MALICIOUS, OFFICIAL_MCP, WELL_KNOWN_MCP } from './corpus.js';
import { defaultPolicy, parsePolicy } from './load.js';

export { parsePolicy, defaultPolicy } from './load.js';
export { MAX_POLICY_BYTES, PolicyError, WHOLE_POLICY } from './yaml.js';
export { DEFAULT_POLICY_PATH } from './defaults.js';

/** Where the policy text came from, before parsing. */
export type PolicyText =
  | { kind: 'base'; path: string; commit: string; text: string }
  | { kind: 'file'; path: string; text: string }
  | { kind: 'default'; path: string };

/**
 * The policy in force: the file's own entries, plus the gate's built-in lists where the policy keeps
 * them on (well-known MCP packages allowed when there is no policy file; known-malicious ones denied).
 */
export function loadPolicy(src: PolicyText): Policy {
  const policy =
    src.kind === 'default'
      ? defaultPolicy(src.path)
      : parsePolicy(src.text, src.kind === 'base' ? { kind: 'base', path: src.path, commit: src.commit } : { kind: 'file', path: src.path });
  return withBuiltins(policy);
}

export function withBuiltins(policy: Policy): Policy {
  const allow: AllowEntry[] = policy.builtin.allowWellKnown
    ? [
        ...WELL_KNOWN_MCP.map((c) => ({ name: c.name, ecosystem: c.ecosystem, reason: `built-in: well-known MCP package${c.note ? ` (${c.note})` : ''}`, line: 0 })),
        ...OFFICIAL_MCP.map((c) => ({ name: c.name, ecosystem: c.ecosystem, reason: `built-in: official MCP package (${c.note})`, line: 0 })),
      ]
    : [];
  const deny: DenyEntry[] = policy.builtin.denyKnownMalicious
    ? KNOWN_MALICIOUS.map((m) => ({ name: m.name, ecosystem: m.ecosystem, versions: m.versions, reason: `built-in: ${m.reason}`, line: 0 }))
    : [];
  return { ...policy, allow: [...policy.allow, ...allow], deny: [...policy.deny, ...deny] };
}
