import type { Facts } from '../facts.js';
import type { Finding, InventoryItem, Policy, RuleId } from '../types.js';

/** A finding before the policy gives it a level (and before exceptions apply). */
export type Draft = Omit<Finding, 'level' | 'excepted'>;

export interface CheckContext {
  policy: Policy;
  facts: Facts;
  /** The run's clock, passed in so checks stay pure. */
  now: Date;
}

/**
 * One rule: a pure function of (dependency change, policy, facts) -> findings.
 * A check never fetches and never throws for bad data; it reports it.
 */
export interface Check {
  rule: RuleId;
  /** Which changed dependencies it judges: MCP-related ones (default), or every added/changed one. */
  scope?: 'mcp' | 'all';
  run(item: InventoryItem, ctx: CheckContext): Draft[];
}

/** A draft pointing at the dependency's own entry (file and line). */
export function draftFor(item: InventoryItem, rule: RuleId, message: string): Draft {
  const d = item.dep;
  return { rule, file: d.file, line: d.line, message, ecosystem: d.ecosystem, name: d.name, version: d.version ?? d.spec };
}
