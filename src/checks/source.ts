import { isPypiIndexFile } from '../policy/match.js';
import { safeUrl } from '../redact/urls.js';
import { npmNameProblem, tarballUrl, registryFor } from '../ecosystems/npm-registry.js';
import type { Dependency } from '../types.js';
import type { Policy } from '../policy/types.js';
import { draftFor, type Check } from './check.js';
import { canonicalRegistryHost, sameRegistry } from '../ecosystems/common.js';

/** Same scheme, same registry host (a documented alias such as registry.yarnpkg.com counts as the npm registry). */
function sameHost(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && canonicalRegistryHost(a.host) === canonicalRegistryHost(b.host);
}

function sameTarball(resolved: URL, expected: URL): boolean {
  // A malformed escape in a lockfile's URL (`%E0%A4%A`) makes decodeURIComponent throw: compare it as written.
  const path = (u: URL) => {
    try {
      return decodeURIComponent(u.pathname);
    } catch {
      return u.pathname;
    }
  };
  return sameHost(resolved, expected) && path(resolved) === path(expected);
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
  // Yarn 1 writes `https://registry.yarnpkg.com/...` for the npm registry: the same registry under its documented alias.
  const onRegistry = sameHost(url, reg) && url.pathname.startsWith(reg.pathname);
  // Plain http is accepted only where the policy itself names an http registry.
  if (!onRegistry && url.protocol === 'http:') return `is fetched over plain http (${d.resolved}): anyone on the path can replace it`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `comes from ${d.resolved}, not from the registry`;
  if (!onRegistry) return `is resolved from ${url.host} (${d.resolved}), not from the policy's registry ${safeUrl(registry)}`;
  if (d.version) {
    const problem = npmNameProblem(d.name);
    if (problem !== undefined) return `has a name npm refuses (${problem}), so it cannot be the registry's tarball ${d.resolved}`;
    const expected = tarballUrl(registry, d.name, d.version);
    if (!sameTarball(url, new URL(expected))) return `resolved ${d.resolved} is not the registry's tarball for ${d.name}@${d.version} (expected ${expected}): the lockfile points at other bytes`;
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

/** A source that is not the ecosystem's registry: git, a URL, a local path (any ecosystem). */
function nonRegistrySpec(d: Dependency): string | undefined {
  const from = d.resolved ?? d.spec;
  switch (d.specType) {
    case 'git':
      return `comes from git (${from}), not from the registry`;
    case 'remote':
      return `comes from a URL (${from}), not from the registry`;
    case 'file':
    case 'directory':
      return `comes from a local path (${from}), not from the registry`;
    default:
      return undefined;
  }
}

function pypiSource(d: Dependency, policy: Policy): string | undefined {
  const problems: string[] = [];
  const index = policy.registries.pypi.url;
  // A file URL on files.pythonhosted.org naming this very project (and version) is the index's own file.
  const indexFile = d.specType === 'remote' && d.resolved !== undefined && isPypiIndexFile(d.resolved, d.name, d.version, index);
  const viaSpec = indexFile ? undefined : nonRegistrySpec(d);
  if (viaSpec) problems.push(viaSpec);
  else if (d.resolved && /^(git\+|hg\+|svn\+|bzr\+)/.test(d.resolved)) problems.push(`comes from version control (${d.resolved}), not from the index`);
  if (d.registry && !sameRegistry(d.registry, index) && !sameRegistry(d.registry, 'https://pypi.org/simple')) {
    problems.push(`is installed from the index ${d.registry}, not from the policy's ${index}`);
  }
  for (const extra of d.extraRegistries ?? []) {
    problems.push(`can also be installed from the extra index ${extra}: pip takes the highest version from any index, so whoever publishes ${d.name} there wins (dependency confusion)`);
  }
  return problems.length ? problems.join('; ') : undefined;
}

function goSource(d: Dependency): string | undefined {
  if (!d.resolved) return undefined;
  return d.specType === 'directory'
    ? `is replaced by the local directory ${d.resolved}: the code built is not the module from the proxy and checksum database`
    : `is replaced by ${d.resolved}: the code built is a different module (a fork), not ${d.name}`;
}

function cargoSource(d: Dependency, policy: Policy): string | undefined {
  const viaSpec = nonRegistrySpec(d);
  if (viaSpec) return viaSpec;
  if (d.resolved && /^git\+/.test(d.resolved)) return `comes from git (${d.resolved}), not from crates.io`;
  if (d.resolved && /^(registry|sparse)\+/.test(d.resolved) && !policy.registries.cargo.urls.some((u) => sameRegistry(u, d.resolved!))) {
    return `comes from the registry ${d.resolved}, not from ${policy.registries.cargo.urls.join(' or ')}`;
  }
  return undefined;
}

function ociSource(d: Dependency, policy: Policy): string | undefined {
  const host = (d.registry ?? 'docker.io').toLowerCase().replace(/^index\.docker\.io$|^registry-1\.docker\.io$/, 'docker.io');
  if (policy.registries.oci.registries.includes(host)) return undefined;
  return `is pulled from the registry ${host}, which is not among the policy's registries.oci.registries (${policy.registries.oci.registries.join(', ')})`;
}

function npmConfigSource(d: Dependency, policy: Policy): string | undefined {
  const viaSpec = manifestSource(d);
  if (viaSpec) return viaSpec;
  const expected = registryFor(d.name, policy.registries.npm);
  if (d.registry && !sameRegistry(d.registry, expected)) return `is launched from the registry ${d.registry}, not from the policy's ${safeUrl(expected)}`;
  return undefined;
}

function problemFor(d: Dependency, policy: Policy): string | undefined {
  switch (d.ecosystem) {
    case 'npm':
      if (d.kind === 'lockfile') return lockfileSource(d, policy);
      if (d.kind === 'manifest') return manifestSource(d);
      if (d.kind === 'config') return npmConfigSource(d, policy);
      return undefined;
    case 'pypi':
      return pypiSource(d, policy);
    case 'go':
      return goSource(d);
    case 'cargo':
      return cargoSource(d, policy);
    case 'oci':
      return ociSource(d, policy);
    default:
      return undefined;
  }
}

export const source: Check = {
  rule: 'source',
  run(item, { policy }) {
    const d = item.dep;
    const problem = problemFor(d, policy);
    return problem ? [draftFor(item, 'source', `${d.name}${d.version ? `@${d.version}` : ''} ${problem}`)] : [];
  },
};
