import picomatch from 'picomatch';
import { eq as pep440Eq, satisfies as pep440Satisfies, valid as pep440Valid, validRange as pep440ValidRange } from '@renovatebot/pep440';
import semver from 'semver';
import type { AllowEntry, DenyEntry, ExceptionEntry, Policy } from './types.js';
import type { Ecosystem, RegistrySetting, RuleId } from '../types.js';
import { canonicalName, sameRegistry } from '../ecosystems/common.js';
import { registryFor } from '../ecosystems/npm-registry.js';

const matchers = new Map<string, (name: string) => boolean>();

const GLOB = /[*?[\]{}!]/;
const NAME_GLOB: picomatch.PicomatchOptions = { dot: true };

/** Exact name or glob (`@modelcontextprotocol/*`, `@acme/agent-*`). */
export function nameMatches(pattern: string, name: string, ecosystem: Ecosystem = 'npm'): boolean {
  const p = canonicalName(pattern, ecosystem);
  const n = canonicalName(name, ecosystem);
  if (!GLOB.test(p)) return p === n;
  let m = matchers.get(p);
  if (!m) {
    m = picomatch(p, NAME_GLOB);
    matchers.set(p, m);
  }
  return m(n);
}

/**
 * Why picomatch cannot use `glob` with these options, or undefined when it can. Without `debug`,
 * picomatch turns a pattern whose regular expression is invalid (`[z-a]`) into one that matches
 * nothing, so a deny entry would silently deny nothing; over 65536 characters it throws.
 */
function globProblem(glob: string, options: picomatch.PicomatchOptions): string | undefined {
  try {
    picomatch(glob, { ...options, debug: true });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Why a name pattern of the policy would not match as written (an invalid glob), or undefined. */
export function namePatternProblem(pattern: string, ecosystem: Ecosystem = 'npm'): string | undefined {
  const p = canonicalName(pattern, ecosystem);
  return GLOB.test(p) ? globProblem(p, NAME_GLOB) : undefined;
}

/** remotes.hosts: host names or globs, compared without regard to case. */
export const HOST_GLOB: picomatch.PicomatchOptions = { nocase: true };

/** Why a remotes.hosts pattern would not match as written, or undefined. */
export function hostPatternProblem(pattern: string): string | undefined {
  return globProblem(pattern, HOST_GLOB);
}

/** A semver range as versionIn applies it: Go writes `v1.2.3`, semver reads `1.2.3`. */
function semverRange(range: string, ecosystem: Ecosystem): string {
  return ecosystem === 'go' ? range.replace(/(^|\s|[<>=^~])v(?=\d)/g, '$1') : range;
}

/**
 * Why versionIn cannot apply `range` in the ecosystem's version rules, or undefined when it can: it
 * is validated exactly as it is matched, so a range that loads always means something.
 */
export function rangeProblem(range: string, ecosystem: Ecosystem): string | undefined {
  if (range === '*' || range === '') return undefined;
  if (ecosystem === 'pypi') return pep440ValidRange(range) ? undefined : 'not a valid PEP 440 version specifier (e.g. ">=1.2,<2" or "==1.4.2")';
  if (ecosystem === 'oci' || ecosystem === 'github-actions') return undefined;
  return semver.validRange(semverRange(range, ecosystem)) === null ? 'not a valid version range (semver, e.g. "^1.2.0", ">=1.2.0 <2" or "1.4.2")' : undefined;
}

/**
 * Whether `version` satisfies `range` in the ecosystem's own version rules (PEP 440 on PyPI, semver
 * for npm, Cargo and Go's `v1.2.3`, the exact tag or ref for images and actions). A missing version
 * never satisfies a real range.
 */
export function versionIn(version: string | undefined, range: string | undefined, ecosystem: Ecosystem = 'npm'): boolean {
  if (range === undefined || range === '*' || range === '') return true;
  if (!version) return false;
  if (ecosystem === 'pypi') return pep440Valid(version) !== null && pep440Satisfies(version, range);
  if (ecosystem === 'oci' || ecosystem === 'github-actions') return range.split('||').some((r) => r.trim() === version);
  const v = ecosystem === 'go' ? version.replace(/^v/, '') : version;
  if (!semver.valid(v)) return false;
  return semver.satisfies(v, semverRange(range, ecosystem), { includePrerelease: true });
}

export function allowEntriesFor(policy: Policy, name: string, ecosystem: Ecosystem): AllowEntry[] {
  return policy.allow.filter((a) => a.ecosystem === ecosystem && nameMatches(a.name, name, ecosystem));
}

export function denyEntryFor(policy: Policy, name: string, ecosystem: Ecosystem, version: string | undefined): DenyEntry | undefined {
  return policy.deny.find(
    (d) => d.ecosystem === ecosystem && nameMatches(d.name, name, ecosystem) && (d.versions === '*' || !version || versionIn(version, d.versions, ecosystem)),
  );
}

export function exceptionFor(
  policy: Policy,
  name: string | undefined,
  ecosystem: Ecosystem | undefined,
  rule: RuleId,
): ExceptionEntry | undefined {
  if (!name) return undefined;
  return policy.exceptions.find(
    (e) =>
      (e.ecosystem === undefined || e.ecosystem === ecosystem) &&
      nameMatches(e.name, name, ecosystem ?? 'npm') &&
      ((e.rules as string[]).includes('*') || (e.rules as string[]).includes(rule)),
  );
}

/** An exception applies until the end of its `expires` day (UTC). */
export function isExpired(e: ExceptionEntry, now: Date): boolean {
  if (!e.expires) return false;
  const end = Date.parse(`${e.expires.slice(0, 10)}T23:59:59.999Z`);
  return now.getTime() > end;
}

/** PyPI's index serves its files from this host: a file URL there is a file of pypi.org's index. */
const PYPI_FILE_HOST = 'files.pythonhosted.org';

/**
 * Whether `url` is a file that the policy's PyPI index itself serves for `name` (and `version`, when
 * known): https on files.pythonhosted.org while the policy's index is pypi.org, and a wheel or sdist
 * file name whose project (and version) are this package's. A file of another project there is not:
 * a direct URL installs whatever file it names, whatever the requirement calls it.
 */
export function isPypiIndexFile(url: string, name: string, version: string | undefined, index: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.host.toLowerCase() !== PYPI_FILE_HOST || !sameRegistry(index, 'https://pypi.org/simple')) return false;
  const file = decodeURIComponent(u.pathname.slice(u.pathname.lastIndexOf('/') + 1));
  const parts = pythonFileName(file);
  if (parts === undefined || canonicalName(parts.name, 'pypi') !== canonicalName(name, 'pypi')) return false;
  if (version === undefined) return true;
  return pep440Valid(parts.version) !== null && pep440Valid(version) !== null && pep440Eq(parts.version, version);
}

/** Project and version of a wheel (`name-ver(-build)?-py-abi-plat.whl`) or sdist (`name-ver.tar.gz`, `.zip`) file name. */
function pythonFileName(file: string): { name: string; version: string } | undefined {
  if (file.endsWith('.whl')) {
    const parts = file.slice(0, -4).split('-');
    return parts.length >= 5 ? { name: parts[0], version: parts[1] } : undefined;
  }
  const m = /^(.+)-(\d[^-]*)\.(tar\.gz|zip|tar\.bz2|tgz)$/.exec(file);
  return m === null ? undefined : { name: m[1], version: m[2] };
}

/** The registries the policy accepts for an ecosystem (and npm scope), the expected one first. */
export function expectedRegistries(s: Pick<RegistrySetting, 'ecosystem' | 'scope'>, policy: Policy): string[] {
  switch (s.ecosystem) {
    case 'npm':
      return [s.scope ? registryFor(`${s.scope}/x`, policy.registries.npm) : policy.registries.npm.url];
    case 'pypi':
      return [policy.registries.pypi.url];
    case 'go':
      return policy.registries.go.proxy;
    case 'cargo':
      return policy.registries.cargo.urls;
    default:
      return [];
  }
}

/** Whether a registry setting names the registry the policy expects for its ecosystem and scope. */
export function isExpectedRegistry(s: Pick<RegistrySetting, 'ecosystem' | 'scope' | 'value'>, policy: Policy): boolean {
  return expectedRegistries(s, policy).some((e) => sameRegistry(e, s.value));
}
