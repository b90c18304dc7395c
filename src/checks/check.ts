// The contract of a rule's check, and what a check may read: the policy, the registry facts the Facts
// stage gathered (never the registry itself), the run's clock. checks/index.ts lists every check; the
// rule catalogue (rules/catalogue.ts) says each rule's level and help.
import { pinnedVersion } from '../ecosystems/npm.js';
import { own } from '../common/own.js';
import { allowEntriesFor, versionIn } from '../policy/match.js';
import type { AllowEntry, Policy } from '../policy/types.js';
import type { Facts, FileChange, FileIssue, Finding, InventoryItem, McpServer, NpmPackageFacts, NpmVersionFacts, RegistrySetting, RuleId } from '../types.js';

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
 * dependency, an MCP server entry (client config, bundle, server.json), a registry setting, a changed
 * file, or a problem a changed file shows by itself. A check never fetches and never throws for bad
 * data; it reports it. A rule whose findings another stage makes (the verdict's expired exceptions)
 * has a check with no hooks that names the function that stage calls.
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
  /** A path the pull request changes, read by a format or not (`unreadable` or `invalid` say when it could not be read). */
  file?(change: FileChange, ctx: CheckContext): Draft[];
  /** A problem a changed file shows by itself (an issue its format observed), new at head. */
  issue?(issue: FileIssue, file: string, ctx: CheckContext): Draft[];
}

/** A draft pointing at the dependency's own entry (file and line). */
export function draftFor(item: InventoryItem, rule: RuleId, message: string): Draft {
  const d = item.dep;
  return { rule, file: d.file, line: d.line, message, ecosystem: d.ecosystem, name: d.name, version: d.version ?? d.spec };
}

/** A draft for a problem a changed file shows by itself, at the issue's line. */
export function issueDraft(issue: FileIssue, file: string): Draft {
  return { rule: issue.rule, file, line: issue.line, message: issue.message, ecosystem: issue.ecosystem, name: issue.name, version: issue.version };
}

// ---------------------------------------------------------------------------------------------
// The registry's facts, as the registry-fact checks read them

export interface RegistryView {
  name: string;
  version: string;
  /** `name@version`, for messages. */
  id: string;
  pkg: NpmPackageFacts;
  /** Undefined when the packument could not be read or the package does not exist. */
  v?: NpmVersionFacts;
}

/** The registry facts about an item the PR adds or changes, or undefined when there are none to judge. */
export function registryView(item: InventoryItem, ctx: CheckContext): RegistryView | undefined {
  if (item.dep.ecosystem !== 'npm' || (item.change.type !== 'added' && item.change.type !== 'changed')) return undefined;
  const version = pinnedVersion(item.dep);
  const pkg = ctx.facts.npm.get(item.dep.name);
  if (!version || !pkg || pkg.skipped) return undefined;
  return { name: item.dep.name, version, id: `${item.dep.name}@${version}`, pkg, v: own(pkg.versions, version) };
}

/** A view of a version that exists on the registry (the checks about metadata need one). */
export function existingVersion(item: InventoryItem, ctx: CheckContext): (RegistryView & { v: NpmVersionFacts }) | undefined {
  const view = registryView(item, ctx);
  return view?.v?.exists ? (view as RegistryView & { v: NpmVersionFacts }) : undefined;
}

/** The facts of the base version this item replaces, when it is another version of the same package. */
export function baseVersion(item: InventoryItem, view: RegistryView): NpmVersionFacts | undefined {
  const before = item.change.before;
  if (!before?.version || before.name !== view.name || before.version === view.version) return undefined;
  return own(view.pkg.versions, before.version);
}

/** Allow entries of the policy that cover this npm package at this version. */
export function allowEntriesAt(policy: Policy, name: string, version: string): AllowEntry[] {
  return allowEntriesFor(policy, name, 'npm').filter((e) => versionIn(version, e.versions));
}
