// Lookups by keys that come from outside: a file in the pull request, the policy, a registry answer.
// A plain object inherits `constructor`, `toString`, `hasOwnProperty`, `__proto__`... from
// Object.prototype, so `TABLE[key]` with such a key finds a function instead of nothing, and
// `obj[key] = v` with `__proto__` replaces the prototype instead of storing a value. These helpers
// read and build own properties only; a Map does the same where a table is built at run time.

/** `table[key]` when `key` is an own property of `table`, else undefined. */
export function own<T>(table: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return table !== null && table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** An empty table without a prototype: every key, `__proto__` included, is stored as a value. */
export function emptyTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
