// The Findings stage: every rule's check over what changed (each dependency item, server, setting, changed
// file, and the problems files show by themselves), and one finding per problem: a package's findings of
// one rule in its manifest and lockfile entries merge (merge-findings.ts).
import type { InventoryItem, McpServer, RegistrySetting, Facts, FileIssue } from '../types.js';
import type { Policy } from '../policy/types.js';
import { type JudgedDraft, mergeRelated, relatedEntries } from './merge-findings.js';
import { CHECKS } from '../checks/index.js';
import type { ChangedFile, ChangeSet, Inventory, Findings } from './types.js';
import { type CheckContext, type Draft, issueDraft } from '../checks/check.js';

/** Every rule on every changed dependency, server and setting; each dependency's drafts say which entry they are about. */
function runChecks(items: readonly InventoryItem[], servers: readonly McpServer[], settings: readonly RegistrySetting[], ctx: CheckContext): JudgedDraft[] {
  const judged: JudgedDraft[] = [];
  for (const item of items) {
    if (item.change.type !== 'added' && item.change.type !== 'changed') continue;
    for (const check of CHECKS) {
      if (!check.run || ((check.scope ?? 'mcp') === 'mcp' && item.mcp.length === 0)) continue;
      for (const draft of check.run(item, ctx)) judged.push({ draft, dep: item.dep });
    }
  }
  for (const server of servers) for (const check of CHECKS) if (check.server) for (const draft of check.server(server, ctx)) judged.push({ draft });
  for (const setting of settings) for (const check of CHECKS) if (check.setting) for (const draft of check.setting(setting, ctx)) judged.push({ draft });
  return judged;
}

/** Issues a file shows at head that it did not show at base (same rule, key and message). */
function newIssues(f: ChangedFile): FileIssue[] {
  const id = (i: FileIssue) => `${i.rule}\0${i.key}\0${i.message}`;
  const old = new Set((f.before.issues ?? []).map(id));
  return (f.after.issues ?? []).filter((i) => !old.has(id(i)));
}

/**
 * Each changed path through the checks' `file` hook (the policy file, a file that could not be read),
 * and each problem a changed file shows by itself through the check of its rule: that check decides how
 * it is reported (a template the policy accepts is not).
 */
function fileDrafts(changeSet: ChangeSet, ctx: CheckContext): Draft[] {
  const read = new Map(changeSet.files.map((f) => [f.change.path, f.change]));
  const drafts: Draft[] = [];
  for (const p of changeSet.paths) for (const check of CHECKS) if (check.file) drafts.push(...check.file(read.get(p.path) ?? { path: p.path, status: p.status }, ctx));
  for (const f of changeSet.files) {
    for (const issue of newIssues(f)) {
      // Every rule a format reports has a check that takes its issues; an unknown one still fails closed.
      const handlers = CHECKS.filter((c) => c.rule === issue.rule && c.issue);
      if (handlers.length === 0) drafts.push(issueDraft(issue, f.change.path));
      for (const check of handlers) drafts.push(...check.issue!(issue, f.change.path, ctx));
    }
  }
  return drafts;
}

/** The Findings: every rule over what changed; a package's findings of one rule in its manifest and lockfile entries are one. */
export function findings(changeSet: ChangeSet, inventory: Inventory, policy: Policy, facts: Facts, now: Date): Findings {
  const ctx: CheckContext = { policy, facts, now };
  const judged = runChecks(inventory.items, inventory.newServers, inventory.newSettings, ctx);
  return {
    drafts: [...fileDrafts(changeSet, ctx), ...mergeRelated(judged, relatedEntries(inventory.items))],
    checkDrafts: judged.map((j) => j.draft),
  };
}
