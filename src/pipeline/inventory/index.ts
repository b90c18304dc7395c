// The Inventory stage: from the change set's entries to the items the rules judge. The project's own code
// (workspace packages, folders of this repository, its own Go modules) is not a dependency; a manifest
// entry at head learns which lockfile entry pins it (the one the package manager would use, read at head
// when the PR does not change it); each item says why it is MCP-related.
import type { InventoryItem, Dependency, Change } from '../../types.js';
import type { InventoryEntry, Report } from '../../report/types.js';
import type { ResolvedContext } from '../../context/index.js';
import type { Policy } from '../../policy/types.js';
import type { ChangeSet, Inventory } from '../types.js';
import { diffDependencies, diffKeyed } from './diff.js';
import { sdkDependents, mcpReasons } from './classify.js';
import { readRelatedFiles } from '../related.js';
import { cargoWorkspaceEntry, ownCode, ownRelease } from './own.js';
import { coverageOf } from './coverage.js';
import type { Draft } from '../../checks/check.js';
import { readInventoryFiles } from '../changeset.js';
import { serverInventory, bundleInventory, effectiveRegistries } from './servers.js';

function inventoryEntry(item: InventoryItem): InventoryEntry {
  const d = item.dep;
  return {
    ecosystem: d.ecosystem,
    name: d.name,
    version: d.version,
    spec: d.spec,
    source: d.resolved ?? d.registry ?? (d.kind === 'manifest' ? d.spec : d.kind === 'config' ? 'the default registry, fetched when the client starts it' : undefined),
    integrity: d.integrity,
    file: d.file,
    line: d.line,
    change: item.change.type,
    why: item.mcp,
  };
}

/** The note that says which changed entries were the project's own code, so the evidence shows what was not judged as a package. */
function ownNote(own: readonly { dep: Dependency; why: string }[]): string | undefined {
  if (own.length === 0) return undefined;
  const shown = own.slice(0, 10).map(({ dep, why }) => `${dep.name} (${dep.file}:${dep.line}: ${why})`);
  return `Not judged as dependencies, the project's own code: ${shown.join('; ')}${own.length > 10 ? ` and ${own.length - 10} more` : ''}.`;
}

/** The Inventory: the change set's entries as the rules judge them, with the files read beside them. */
export async function buildInventory(ctx: ResolvedContext, policy: Policy, changeSet: ChangeSet): Promise<Inventory> {
  const parsed = changeSet.files;
  const changes: Change[] = parsed.flatMap((f) => diffDependencies(f.before.deps, f.after.deps));
  const dependents = sdkDependents(parsed.flatMap((f) => [...f.after.deps, ...f.before.deps]));
  const serverChanges = parsed.flatMap((f) => diffKeyed(f.before.servers ?? [], f.after.servers ?? [], (s) => s.key));
  const settingChanges = parsed.flatMap((f) => diffKeyed(f.before.settings ?? [], f.after.settings ?? [], (s) => s.key));
  const newServers = serverChanges.flatMap((c) => (c.type === 'added' || c.type === 'changed' ? [c.after!] : []));
  const newSettings = settingChanges.flatMap((c) => (c.type === 'added' || c.type === 'changed' ? [c.after!] : []));
  const related = await readRelatedFiles(ctx, policy, parsed);
  const notes = [...related.notes];
  const ownContext = { goModules: related.goModules, cargoRoots: related.cargoRoots };
  const own: { dep: Dependency; why: string }[] = [];
  const items: InventoryItem[] = [];
  for (const change of changes) {
    const dep = (change.after ?? change.before) as Dependency;
    // A Cargo `{ workspace = true }` entry asks for what the workspace root's entry asks for.
    const inherited = cargoWorkspaceEntry(dep, related.cargoRoots);
    const asked = inherited === undefined ? dep : { ...dep, spec: inherited.spec, specType: inherited.specType, version: inherited.version };
    const lock = change.after !== undefined && dep.kind === 'manifest' ? coverageOf(asked, related.lockfiles) : undefined;
    const linked = lock?.entry === undefined ? undefined : ownCode(lock.entry, ownContext);
    const why = ownCode(dep, ownContext) ?? (linked === undefined ? undefined : `resolved by ${lock!.entry!.file} to ${linked}`) ?? ownRelease(change);
    const mcp = mcpReasons(dep, policy, dependents);
    if (why !== undefined) {
      if (mcp.length && (change.type === 'added' || change.type === 'changed')) own.push({ dep, why });
      continue;
    }
    items.push(lock === undefined ? { change, dep, mcp } : { change, dep, mcp, lock });
  }
  const ownSummary = ownNote(own);
  if (ownSummary !== undefined) notes.push(ownSummary);
  const judged = items.filter((i) => i.mcp.length && (i.change.type === 'added' || i.change.type === 'changed'));
  return { items, judged, serverChanges, newServers, newSettings, notes };
}

/**
 * The MCP-related dependencies for the report, sorted by place. A dependency that a rule caught counts
 * in the inventory even when its name does not look MCP-related.
 */
export function inventoryEntries(items: readonly InventoryItem[], checkDrafts: readonly Draft[]): InventoryEntry[] {
  const flagged = new Set(checkDrafts.map((d) => `${d.file}\0${d.line}`));
  return items
    .filter((i) => i.mcp.length || flagged.has(`${i.dep.file}\0${i.dep.line}`))
    .map((i) => (i.mcp.length ? i : { ...i, mcp: checkDrafts.filter((d) => d.file === i.dep.file && d.line === i.dep.line).map((d) => `flagged by ${d.rule}`) }))
    .map(inventoryEntry)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The installation audit: every MCP server, bundle and registry setting in the head tree, changed or not. */
export async function auditHeadTree(
  ctx: ResolvedContext,
  policy: Policy,
  changeSet: ChangeSet,
  inventory: Inventory,
  now: Date,
): Promise<Pick<Report, 'servers' | 'bundles' | 'registryConfig'> & { notes: string[] }> {
  const unchanged = await readInventoryFiles(ctx, policy, new Set(changeSet.paths.map((c) => c.path)));
  return {
    servers: serverInventory(inventory.serverChanges, changeSet.files, unchanged.files, policy),
    bundles: bundleInventory(changeSet.files, unchanged.files, policy, now),
    registryConfig: effectiveRegistries(changeSet.files, unchanged.files, policy),
    notes: unchanged.notes,
  };
}
