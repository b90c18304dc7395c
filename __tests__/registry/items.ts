// Inventory items as the inventory stage hands them over, built by hand for registry tests.
import type { Dependency, InventoryItem } from '../../src/types.js';

export function lockEntry(name: string, version: string, more: Partial<Dependency> = {}): Dependency {
  return {
    ecosystem: 'npm',
    name,
    version,
    file: 'package-lock.json',
    line: 42,
    kind: 'lockfile',
    key: `node_modules/${name}`,
    ...more,
  };
}

export function added(dep: Dependency): InventoryItem {
  return { change: { type: 'added', after: dep }, dep, mcp: ['test'] };
}

export function changed(before: Dependency, after: Dependency): InventoryItem {
  return { change: { type: 'changed', before, after, fields: ['version'] }, dep: after, mcp: ['test'] };
}
