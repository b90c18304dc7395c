// What every ecosystem shares: how package names compare, how registry URLs compare, and which
// lockfile pins which manifest.
import type { Ecosystem } from '../types.js';
import { fileName } from '../common/paths.js';
import { normalizeName } from './pypi.js';

/** Package names compare case-insensitively on PyPI (PEP 503) and exactly elsewhere. */
export function canonicalName(name: string, ecosystem: Ecosystem): string {
  return ecosystem === 'pypi' ? normalizeName(name) : name;
}

/**
 * Hosts that serve the same registry under another name, as their operators document it: Yarn's
 * default `registry.yarnpkg.com` is a proxy of the npm registry (same packuments, same tarball
 * paths), and `pypi.python.org` is PyPI's legacy name for `pypi.org`. A URL on the alias is on the
 * registry it aliases, and only on that one: a private registry has no alias.
 */
const REGISTRY_HOST_ALIASES: Readonly<Record<string, string>> = {
  'registry.yarnpkg.com': 'registry.npmjs.org',
  'pypi.python.org': 'pypi.org',
};

/** The host a registry URL's host stands for (lower case, documented aliases resolved). */
export function canonicalRegistryHost(host: string): string {
  const h = host.toLowerCase();
  return REGISTRY_HOST_ALIASES[h] ?? h;
}

/** A URL compared as a registry: lower-case host (aliases resolved), one trailing slash. */
export function sameRegistry(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      const url = new URL(u.trim());
      return `${url.protocol}//${canonicalRegistryHost(url.host)}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u.trim().replace(/\/+$/, '').toLowerCase();
    }
  };
  return norm(a) === norm(b);
}

/** Lockfile names that pin what each manifest asks for, by the manifest's file name. */
const LOCKFILES: Readonly<Record<string, readonly string[]>> = {
  'package.json': ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'],
  'pyproject.toml': ['uv.lock', 'poetry.lock', 'pylock.toml'],
  Pipfile: ['Pipfile.lock'],
  'Cargo.toml': ['Cargo.lock'],
  // go.sum pins the modules of the go.mod beside it only (no workspace root above it).
  'go.mod': ['go.sum'],
};

/** The lockfile names that pin what a manifest asks for (empty for a file no lockfile pins, such as requirements.txt). */
export function lockfileNames(manifest: string): readonly string[] {
  return LOCKFILES[fileName(manifest)] ?? [];
}
