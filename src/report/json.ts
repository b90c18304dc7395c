// The machine-readable report: the complete Report, keys sorted at every level so two runs over the
// same input produce byte-identical files (diffable, cacheable).
import type { Report } from './types.js';

export function renderJson(report: Report): string {
  return JSON.stringify(sortKeys(report), null, 2) + '\n';
}

/** A copy with object keys in `Array.prototype.sort` order (UTF-16 code units, locale-free); arrays keep their order, undefined fields drop out. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines each key as its own property: a key `__proto__` stays a key.
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((key) => {
        const v = (value as Record<string, unknown>)[key];
        return v === undefined ? [] : [[key, sortKeys(v)]];
      }),
  );
}
