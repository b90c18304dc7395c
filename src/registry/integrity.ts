// Lockfile claims vs registry facts: integrity strings and the tarball URL. Pure.
import ssri from 'ssri';
import type { Comparison } from '../types.js';
import { emptyTable, own } from '../common/own.js';
import { canonicalRegistryHost } from '../ecosystems/common.js';


/** algorithm -> digests (base64), read from one or more SRI strings. */
export type DigestMap = Record<string, string[]>;

/** Parse SRI text into digests per algorithm; unknown or malformed parts are dropped (ssri's rules). */
export function digestsOf(sri: string): DigestMap {
  // ssri.parse answers null for text with no valid hash at all.
  const parsed = (ssri.parse(sri) ?? {}) as unknown as Record<string, { digest: string }[]>;
  const map: DigestMap = emptyTable();
  for (const algo of Object.keys(parsed)) map[algo] = parsed[algo].map((h) => h.digest);
  return map;
}

function sriText(map: DigestMap): string {
  return Object.entries(map)
    .flatMap(([algo, digests]) => digests.map((d) => `${algo}-${d}`))
    .join(' ');
}

/** The registry's integrity for a version: dist.integrity plus the sha1 of dist.shasum (old lockfiles record sha1). */
export function registryIntegrity(integrity: string | undefined, shasum: string | undefined): DigestMap | undefined {
  const parts: string[] = [];
  if (integrity) parts.push(integrity);
  if (shasum && /^[0-9a-f]{40}$/i.test(shasum)) parts.push(`sha1-${Buffer.from(shasum, 'hex').toString('base64')}`);
  const map = digestsOf(parts.join(' '));
  return Object.keys(map).length ? map : undefined;
}

/**
 * The lockfile's integrity must equal the registry's for every algorithm both record (as pacote
 * does, so a sha1-only lockfile still compares with a registry that also serves sha512). No shared
 * algorithm means no comparison was possible, which is reported rather than passed.
 */
export function compareIntegrity(lockfile: string, registry: DigestMap | undefined): Comparison {
  const lock = digestsOf(lockfile);
  if (Object.keys(lock).length === 0) return { ok: false, detail: `the lockfile integrity ${JSON.stringify(lockfile)} is not a valid SRI string` };
  if (!registry) return { ok: false, detail: 'the registry serves no integrity for this version' };
  const shared = Object.keys(lock).filter((algo) => own(registry, algo)?.length);
  if (shared.length === 0) {
    return { ok: false, detail: `the lockfile records ${Object.keys(lock).join(', ')} but the registry serves ${Object.keys(registry).join(', ')}: nothing to compare` };
  }
  for (const algo of shared) {
    if (!lock[algo].some((d) => registry[algo].includes(d))) {
      return { ok: false, detail: `lockfile integrity ${lockfile} differs from the registry's ${sriText({ [algo]: registry[algo] })}` };
    }
  }
  return { ok: true, detail: `lockfile ${shared.join(', ')} equals the registry's` };
}

/** Name and version a registry tarball URL names: /<name>/-/<basename>-<version>.tgz. */
export function tarballIdentity(url: string): { name: string; version: string } | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const m = path.match(/\/((?:@[^/]+\/)?[^/]+)\/-\/(?:@[^/]+\/)?([^/]+)\.tgz$/);
  if (!m) return undefined;
  const name = m[1];
  const base = name.split('/').pop()!;
  if (!m[2].startsWith(base + '-')) return { name, version: '' };
  return { name, version: m[2].slice(base.length + 1) };
}

/** The same URL once a documented registry alias is resolved (Yarn 1's registry.yarnpkg.com for the npm registry). */
function sameUrlOnRegistry(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.protocol === y.protocol && canonicalRegistryHost(x.host) === canonicalRegistryHost(y.host) && x.pathname === y.pathname && x.search === y.search;
  } catch {
    return false;
  }
}

function withoutFragment(url: string): string {
  return url.replace(/#.*$/, '');
}

/**
 * The lockfile's `resolved` must be the registry's tarball for this name and version. A tarball of
 * another package (the classic lockfile injection) or another host is a mismatch.
 */
export function compareResolved(resolved: string, name: string, version: string, tarball: string | undefined): Comparison {
  if (!tarball) return { ok: false, detail: 'the registry serves no tarball URL for this version' };
  if (withoutFragment(resolved) === tarball || sameUrlOnRegistry(withoutFragment(resolved), tarball)) return { ok: true, detail: `resolved is the registry's tarball ${tarball}` };
  const named = tarballIdentity(resolved);
  if (named && (named.name !== name || named.version !== version)) {
    return {
      ok: false,
      detail: `resolved ${resolved} is the tarball of ${named.name}@${named.version || '?'}, not ${name}@${version} (registry: ${tarball})`,
    };
  }
  return { ok: false, detail: `resolved ${resolved} is not the registry's tarball ${tarball}` };
}

/** Downloaded bytes against the registry's integrity. */
export function checkTarballBytes(data: Buffer, integrity: DigestMap | undefined): Comparison {
  if (!integrity) return { ok: false, detail: 'the registry serves no integrity to check the tarball against' };
  const expected = sriText(integrity);
  const hit = ssri.checkData(data, expected);
  if (hit) return { ok: true, detail: `tarball (${data.length} bytes) matches the registry's ${(hit as { algorithm: string }).algorithm}` };
  return { ok: false, detail: `tarball (${data.length} bytes) has ${ssri.fromData(data, { algorithms: ['sha512'] }).toString()}, the registry says ${expected}` };
}
