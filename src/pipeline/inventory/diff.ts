import type { Change, ChangeType, Dependency } from '../../types.js';

export interface KeyedChange<T> {
  type: ChangeType;
  before?: T;
  after?: T;
}

/**
 * Base vs head entries of one file, matched by their key within the file; `same` says whether two
 * entries with one key are unchanged (default: equal apart from the line they sit on).
 */
export function diffKeyed<T>(before: readonly T[], after: readonly T[], key: (t: T) => string, same: (a: T, b: T) => boolean = sameContent): KeyedChange<T>[] {
  const old = new Map(before.map((t) => [key(t), t]));
  const out: KeyedChange<T>[] = [];
  for (const t of after) {
    const prev = old.get(key(t));
    old.delete(key(t));
    if (!prev) out.push({ type: 'added', after: t });
    else out.push({ type: same(prev, t) ? 'unchanged' : 'changed', before: prev, after: t });
  }
  for (const prev of old.values()) out.push({ type: 'removed', before: prev });
  return out;
}

/** Equal apart from where they sit in the file. */
function sameContent(a: unknown, b: unknown): boolean {
  const strip = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'line' ? undefined : x));
  return strip(a) === strip(b);
}

/** Fields whose difference makes an entry "changed": same version with another integrity or source is a change. */
const COMPARED: readonly (keyof Dependency)[] = ['name', 'version', 'spec', 'resolved', 'integrity', 'hasInstallScript'];

function changedFields(prev: Dependency, dep: Dependency): (keyof Dependency)[] {
  return COMPARED.filter((f) => (prev[f] ?? null) !== (dep[f] ?? null));
}

/** Base vs head dependencies of one file, with the fields that differ for a changed one. */
export function diffDependencies(before: readonly Dependency[], after: readonly Dependency[]): Change[] {
  return diffKeyed(before, after, (d) => d.key, (a, b) => changedFields(a, b).length === 0).map((c) =>
    c.type === 'changed' ? { ...c, fields: changedFields(c.before!, c.after!) } : c,
  );
}
