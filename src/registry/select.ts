// Which inventory items the registry stage looks at. Pure, shared by the Facts stage and the checks.
import type { InventoryItem } from '../types.js';

/** The exact version an entry pins (lockfile versions, manifest specs that are a version). */
export function exactVersion(item: InventoryItem): string | undefined {
  const d = item.dep;
  if (d.version) return d.version;
  if (d.specType === 'version' && d.spec) return d.spec.replace(/^[=v]+/, '');
  return undefined;
}

/** An npm entry the PR adds or changes, at an exact version: the registry can vouch for it. */
export function wantsFacts(item: InventoryItem): boolean {
  return item.dep.ecosystem === 'npm' && (item.change.type === 'added' || item.change.type === 'changed') && !!exactVersion(item);
}
