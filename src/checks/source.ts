import { registryFor } from '../policy/match.js';
import type { Dependency, Policy } from '../types.js';
import { draftFor, type Check } from './check.js';

/** The tarball path npm uses: `<registry>/<name>/-/<bare name>-<version>.tgz`. */
export function registryTarball(registry: string, name: string, version: string): string {
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return `${registry}${name}/-/${bare}-${version}.tgz`;
}

function sameTarball(resolved: URL, expected: URL): boolean {
  const path = (u: URL) => decodeURIComponent(u.pathname).replace(/%2f/gi, '/');
  return resolved.protocol === expected.protocol && resolved.host.toLowerCase() === expected.host.toLowerCase() && path(resolved) === path(expected);
}

function lockfileSource(d: Dependency, policy: Policy): string | undefined {
  if (!d.resolved || d.specType === 'directory') return undefined;
  let url: URL;
  try {
    url = new URL(d.resolved);
  } catch {
    return `resolved "${d.resolved}" is not a URL`;
  }
  if (url.protocol.startsWith('git') || url.protocol === 'github:') return `comes from git (${d.resolved}), not from the registry`;
  if (url.protocol === 'file:') return `comes from a local file (${d.resolved}), not from the registry`;
  const registry = registryFor(d.name, policy.registries.npm);
  const reg = new URL(registry);
  const onRegistry = url.protocol === reg.protocol && url.host.toLowerCase() === reg.host.toLowerCase() && url.pathname.startsWith(reg.pathname);
  // Plain http is accepted only where the policy itself names an http registry.
  if (!onRegistry && url.protocol === 'http:') return `is fetched over plain http (${d.resolved}): anyone on the path can replace it`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `comes from ${d.resolved}, not from the registry`;
  if (!onRegistry) return `is resolved from ${url.host} (${d.resolved}), not from the policy's registry ${registry}`;
  if (d.version && !sameTarball(url, new URL(registryTarball(registry, d.name, d.version)))) {
    return `resolved ${d.resolved} is not the registry's tarball for ${d.name}@${d.version} (expected ${registryTarball(registry, d.name, d.version)}): the lockfile points at other bytes`;
  }
  return undefined;
}

function manifestSource(d: Dependency): string | undefined {
  switch (d.specType) {
    case 'git':
      return `is asked for from git ("${d.spec}"), not from the registry`;
    case 'remote':
      return `is asked for as a tarball URL ("${d.spec}"), not from the registry`;
    case 'file':
    case 'directory':
      return `is asked for from a local path ("${d.spec}"), not from the registry`;
    default:
      return undefined;
  }
}

export const source: Check = {
  rule: 'source',
  run(item, { policy }) {
    const d = item.dep;
    if (d.ecosystem !== 'npm') return [];
    const problem = d.kind === 'lockfile' ? lockfileSource(d, policy) : d.kind === 'manifest' ? manifestSource(d) : undefined;
    return problem ? [draftFor(item, 'source', `${d.name}${d.version ? `@${d.version}` : ''} ${problem}`)] : [];
  },
};
