// Shared by the yarn.lock, pnpm-lock.yaml and bun.lock readers: splitting `name@reference`, telling what
// kind of source a reference is, and building Dependency entries with only the fields a file records.
import type { Dependency } from '../../types.js';

/** Copies the optional fields that are set, so absent fields stay absent (base/head diffs compare them). */
export function withOptional(dep: Dependency, extra: Partial<Dependency>): Dependency {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) (dep as unknown as Record<string, unknown>)[k] = v;
  }
  return dep;
}

/** Names of the packages in the dependency maps of an entry, in order, without repeats; undefined when it has none of the maps. */
export function namesOf(...maps: (Record<string, unknown> | undefined)[]): string[] | undefined {
  const present = maps.filter((m): m is Record<string, unknown> => m !== undefined);
  if (present.length === 0) return undefined;
  return [...new Set(present.flatMap((m) => Object.keys(m)))];
}
