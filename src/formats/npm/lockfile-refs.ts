// Shared by the yarn.lock, pnpm-lock.yaml and bun.lock readers (the references they record are read by
// ecosystems/npm.ts): the names an entry depends on.

/** Names of the packages in the dependency maps of an entry, in order, without repeats; undefined when it has none of the maps. */
export function namesOf(...maps: (Record<string, unknown> | undefined)[]): string[] | undefined {
  const present = maps.filter((m): m is Record<string, unknown> => m !== undefined);
  if (present.length === 0) return undefined;
  return [...new Set(present.flatMap((m) => Object.keys(m)))];
}
