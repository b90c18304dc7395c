import type { Facts, Finding, InventoryItem, McpServer, RegistrySetting, RuleId } from '../types.js';
import type { Policy } from '../policy/types.js';

/** A finding before the policy gives it a level (and before exceptions apply). */
export type Draft = Omit<Finding, 'level' | 'excepted'>;

export interface CheckContext {
  policy: Policy;
  facts: Facts;
  /** The run's clock, passed in so checks stay pure. */
  now: Date;
}

/**
 * One rule: a pure function of (a change, policy, facts) -> findings. What changed can be a
 * dependency, an MCP server entry (client config, bundle, server.json) or a registry setting.
 * A check never fetches and never throws for bad data; it reports it.
 */
export interface Check {
  rule: RuleId;
  /** Which changed dependencies it judges: MCP-related ones (default), or every added/changed one. */
  scope?: 'mcp' | 'all';
  /** An added or changed dependency. */
  run?(item: InventoryItem, ctx: CheckContext): Draft[];
  /** An added or changed MCP server entry. */
  server?(server: McpServer, ctx: CheckContext): Draft[];
  /** An added or changed registry setting in a package-manager config. */
  setting?(setting: RegistrySetting, ctx: CheckContext): Draft[];
}

/** A draft pointing at the dependency's own entry (file and line). */
export function draftFor(item: InventoryItem, rule: RuleId, message: string): Draft {
  const d = item.dep;
  return { rule, file: d.file, line: d.line, message, ecosystem: d.ecosystem, name: d.name, version: d.version ?? d.spec };
}
