import { RULES } from '../rules.js';
import type { RuleId, RuleLevel } from '../types.js';

export { RULES } from '../rules.js';

export const PUBLIC_NPM_REGISTRY = 'https://registry.npmjs.org/';
export const DEFAULT_POLICY_PATH = '.github/mcp-policy.yml';
/** Files larger than this are not parsed; they become a `parse-error` finding. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function defaultRuleLevels(): Record<RuleId, RuleLevel> {
  return Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].level])) as Record<RuleId, RuleLevel>;
}
