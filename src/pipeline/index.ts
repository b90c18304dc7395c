// The pipeline: one arrow per stage, each a plain function over plain data. Only the two ends touch the
// outside world (the context reads git or the GitHub API and the event; the Facts stage asks registries);
// the middle is pure.
//   Context -> ChangeSet -> Inventory -> Facts -> Findings -> Verdict -> Report
import { resolveContext } from '../context/index.js';
import type { Report } from '../report/types.js';
import { readChangeSet } from './changeset.js';
import { factsFor } from './facts.js';
import { findings as findChanges } from './findings.js';
import { auditHeadTree, buildInventory } from './inventory/index.js';
import { policyInForce } from './policy.js';
import { buildReport } from './report.js';
import type { GateOptions } from './types.js';
import { verdict as decideVerdict } from './verdict.js';

export type { GateOptions } from './types.js';

/** The whole gate: context -> changes -> inventory -> facts -> findings -> verdict, as one Report. */
export async function runGate(opts: GateOptions): Promise<Report> {
  const now = opts.now ?? new Date();
  const ctx = opts.context ?? (await resolveContext(opts));
  for (const note of ctx.notes) opts.log?.(note);
  const { policy, text: policyText, notes: policyNotes } = await policyInForce(opts, ctx);
  const changeSet = await readChangeSet(ctx, policy, opts.progress && ((done, total) => opts.progress!('read', done, total)));
  const inventory = await buildInventory(ctx, policy, changeSet);
  // The head tree's audit reads git while the registries answer: neither needs the other.
  const [{ facts, notes: factNotes }, audit] = await Promise.all([factsFor(opts, inventory, policy), auditHeadTree(ctx, policy, changeSet, inventory, now)]);
  const findings = findChanges(changeSet, inventory, policy, facts, now);
  // Judged: the MCP-related changes, the changed files that could not be read, the changed servers and settings.
  const unread = changeSet.files.filter((f) => f.change.unreadable?.side === 'head' || f.change.invalid !== undefined).length;
  const verdict = decideVerdict(findings.drafts, policy, now, inventory.judged.length + unread + inventory.newServers.length + inventory.newSettings.length);
  const notes = [...ctx.notes, ...policyNotes, ...changeSet.notes, ...inventory.notes, ...factNotes, ...audit.notes];
  return buildReport({ ctx, policy, policyText, changeSet, inventory, findings, verdict, facts, audit, notes });
}
