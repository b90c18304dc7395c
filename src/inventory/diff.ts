import type { Change, Dependency } from '../types.js';

/** Fields whose difference makes an entry "changed": same version with another integrity or source is a change. */
const COMPARED: readonly (keyof Dependency)[] = ['name', 'version', 'spec', 'resolved', 'integrity', 'hasInstallScript'];

/** Base vs head entries of one file, matched by their key within the file. */
export function diffDependencies(before: readonly Dependency[], after: readonly Dependency[]): Change[] {
  const old = new Map(before.map((d) => [d.key, d]));
  const changes: Change[] = [];
  for (const dep of after) {
    const prev = old.get(dep.key);
    if (!prev) {
      changes.push({ type: 'added', after: dep });
      continue;
    }
    old.delete(dep.key);
    const fields = COMPARED.filter((f) => (prev[f] ?? null) !== (dep[f] ?? null));
    changes.push(fields.length ? { type: 'changed', before: prev, after: dep, fields } : { type: 'unchanged', before: prev, after: dep });
  }
  for (const prev of old.values()) changes.push({ type: 'removed', before: prev });
  return changes;
}
