import { nameMatches } from '../../policy/match.js';
import type { Dependency, McpReason } from '../../types.js';
import type { Policy } from '../../policy/types.js';

/** Packages whose presence as a dependency marks the dependent as an MCP server or client. */
export const MCP_SDKS: Readonly<Record<string, readonly string[]>> = {
  npm: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/server', '@modelcontextprotocol/client'],
  pypi: ['mcp', 'fastmcp'],
  go: ['github.com/modelcontextprotocol/go-sdk', 'github.com/mark3labs/mcp-go'],
  cargo: ['rmcp'],
};

/** `mcp` as a word part: a token of the name that is, starts with, or ends with "mcp" (fastmcp, mcp-remote, context7-mcp). */
export function hasMcpWord(name: string): boolean {
  const lower = name.toLowerCase();
  if (!lower.includes('mcp')) return false;
  return lower
    .split(/[^a-z0-9]+/)
    .some((t) => t === 'mcp' || t.startsWith('mcp') || t.endsWith('mcp'));
}

/**
 * Why a dependency is MCP-related, in words a maintainer can check; empty when it is not.
 * `mcp.exclude` removes every reason except an explicit deny entry: a denied name is always judged.
 */
export function mcpReasons(dep: Dependency, policy: Policy, sdkDependents: ReadonlySet<string>): McpReason[] {
  const { name, ecosystem } = dep;
  const denied = policy.deny.find((d) => d.ecosystem === ecosystem && nameMatches(d.name, name, ecosystem));
  if (policy.mcp.exclude.some((g) => nameMatches(g, name, ecosystem))) {
    return denied ? [`named by deny entry "${denied.name}"`] : [];
  }
  const reasons: McpReason[] = [];
  if (dep.server) reasons.push(dep.kind === 'bundle' ? `inside the MCP bundle ${dep.file}` : `launched as an MCP server by ${dep.file}`);
  else if (dep.ecosystem === 'mcpb') reasons.push('an MCP bundle');
  if (ecosystem === 'npm' && name.startsWith('@modelcontextprotocol/')) reasons.push('in the @modelcontextprotocol scope');
  else if (/(^|[/.])modelcontextprotocol([/.-]|$)/i.test(name)) reasons.push('from the modelcontextprotocol organisation');
  else if (hasMcpWord(name)) reasons.push('name contains "mcp"');
  const include = policy.mcp.include.find((g) => nameMatches(g, name, ecosystem));
  if (include) reasons.push(`matches mcp.include "${include}"`);
  if (sdkDependents.has(name)) reasons.push(`depends on an MCP SDK (${(MCP_SDKS[ecosystem] ?? []).join(', ')})`);
  else if (dep.requires?.some((r) => MCP_SDKS[ecosystem]?.includes(r))) reasons.push('depends on an MCP SDK');
  const allow = policy.allow.find((a) => a.ecosystem === ecosystem && nameMatches(a.name, name, ecosystem));
  if (allow) reasons.push(allow.line ? `named by allow entry "${allow.name}"` : 'a well-known MCP package');
  if (denied) reasons.push(`named by deny entry "${denied.name}"`);
  return reasons;
}

/** Names that, per some lockfile entry, depend on an MCP SDK (so their package.json entry counts too). */
export function sdkDependents(deps: readonly Dependency[]): Set<string> {
  const out = new Set<string>();
  for (const d of deps) if (d.requires?.some((r) => MCP_SDKS[d.ecosystem]?.includes(r))) out.add(d.name);
  return out;
}
