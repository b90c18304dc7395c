import type { RuleId, RuleLevel } from '../types.js';

export const PUBLIC_NPM_REGISTRY = 'https://registry.npmjs.org/';
export const DEFAULT_POLICY_PATH = '.github/mcp-policy.yml';
/** Files larger than this are not parsed; they become a `parse-error` finding. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Every rule id with its default level and one line of help. The README's rule table is this table.
 * Fail closed: anything that lets unverified code run on a developer's machine defaults to `error`.
 */
export const RULES: Record<RuleId, { level: RuleLevel; help: string }> = {
  denied: { level: 'error', help: 'The package (or this version of it) is on the deny list.' },
  unknown: { level: 'error', help: 'An MCP-related package that no allow entry names.' },
  version: { level: 'error', help: "The version is outside the allow entry's `versions` range." },
  unpinned: { level: 'error', help: 'An MCP dependency asked for by range, tag, `latest` or `*` instead of an exact version.' },
  source: { level: 'error', help: "The lockfile fetches the package from somewhere other than the policy's registry (another host, http, git, file, tarball URL)." },
  integrity: { level: 'error', help: 'Integrity missing, weak (not sha512), different from the pinned value, or different from the registry.' },
  typosquat: { level: 'error', help: 'The name imitates an allowlisted or well-known MCP package.' },
  'install-scripts': { level: 'warning', help: 'The MCP package runs install scripts (preinstall/install/postinstall).' },
  'policy-changed': { level: 'warning', help: 'The PR changes the policy file; it is judged by the base policy, and the change needs a reviewer.' },
  'parse-error': { level: 'error', help: 'A changed file could not be read (malformed, too large, not text); nothing in it was judged.' },
  'exception-expired': { level: 'warning', help: 'A policy exception has passed its `expires` date and no longer applies.' },
  registry: { level: 'error', help: 'The registry could not be reached or answered garbage; the package was not verified.' },
  signature: { level: 'error', help: "The registry signature is missing, invalid, or made by an unknown or expired key." },
  provenance: { level: 'error', help: 'Provenance is required and missing or invalid, comes from another repository, or was lost since the base version.' },
  publisher: { level: 'error', help: "The version was published by someone not in the allow entry's `publishers`, or the publisher changed." },
  'release-age': { level: 'warning', help: 'The version was published fewer than `verify.min-days` days ago.' },
  exists: { level: 'error', help: 'The registry does not know the package or version (slopsquatting).' },
  deprecated: { level: 'warning', help: 'The version is deprecated on the registry.' },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function defaultRuleLevels(): Record<RuleId, RuleLevel> {
  return Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].level])) as Record<RuleId, RuleLevel>;
}
