// A Policy for registry tests: the policy room's built-in default with the registry settings a test needs.
import { defaultPolicy } from '../../src/policy/index.js';
import type { AllowEntry, NpmRegistryPolicy, Policy } from '../../src/policy/types.js';

export function testPolicy(npm: Partial<NpmRegistryPolicy> & { url: string }, extra: Partial<Policy> = {}): Policy {
  const base = defaultPolicy('(test)');
  return {
    ...base,
    registries: { ...base.registries, npm: { keys: 'registry', scopes: {}, tokenEnv: 'TEST_NPM_TOKEN', ignoreScripts: false, ...npm } },
    verify: { registry: true, tarballs: false, minDays: 3 },
    ...extra,
  };
}

export function allow(name: string, more: Partial<AllowEntry> = {}): AllowEntry {
  return { name, ecosystem: 'npm', line: 7, ...more };
}
