// Rule `registry`: a registry that could not be reached or answered garbage after retries is a
// finding, never a pass. Also home of the small helpers the registry-fact checks share.
import type { NpmPackageFacts, NpmVersionFacts, InventoryItem } from '../types.js';
import { allowEntriesFor as entriesNamed, versionIn } from '../policy/match.js';
import { pinnedVersion } from '../ecosystems/npm.js';
import { own } from '../common/own.js';
import type { AllowEntry, Policy } from '../policy/types.js';
import { draftFor, type Check, type CheckContext, type Draft } from './check.js';

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

/** Allow entries of the policy that cover this npm package and version. */
export function allowEntriesFor(policy: Policy, name: string, version: string): AllowEntry[] {
  return entriesNamed(policy, name, 'npm').filter((e) => versionIn(version, e.versions));
}

export const registryCheck: Check = {
  rule: 'registry',
  run(item, ctx) {
    const view = registryView(item, ctx);
    if (!view) return [];
    const drafts: Draft[] = [];
    const where = view.pkg.registry ?? 'the registry';
    if (view.pkg.error) drafts.push(draftFor(item, 'registry', `${view.id}: ${where} could not be read, so nothing about it is verified: ${view.pkg.error}`));
    for (const e of view.v?.errors ?? []) drafts.push(draftFor(item, 'registry', `${view.id}: a request to ${where} failed: ${e}`));
    return drafts;
  },
};
