// Registry URLs built from names a pull request supplies. A name is checked by npm's own rules
// (validate-npm-package-name, `validForOldPackages` as npm-package-arg applies them) and then
// encoded into one path segment under the registry's path. Nothing is resolved with `new URL(name,
// registry)`: WHATWG resolution reads `\\127.0.0.1:9\x` as another host, `//host/x` as another
// host and `../../x` as another path, so a lockfile could point the gate anywhere.
import validateName from 'validate-npm-package-name';
import { own } from '../common/own.js';

/** A name npm would refuse; nothing may be built from it. */
export class InvalidPackageName extends Error {
  constructor(
    readonly packageName: string,
    readonly problem: string,
  ) {
    super(`${JSON.stringify(packageName)} is not a valid npm package name (${problem})`);
    this.name = 'InvalidPackageName';
  }
}

/**
 * Why npm would refuse `name` for a package on a registry, or undefined when it would not. Old
 * rules (`validForOldPackages`): capitals, long names and core module names stay valid because
 * such packages exist and install; what breaks a URL (`/`, `\`, `:`, `%`, spaces, a leading `.`)
 * does not.
 */
export function npmNameProblem(name: string): string | undefined {
  // A lockfile's names are judged at base and at head, and again in its manifest: each once.
  const known = nameProblems.get(name);
  if (known !== undefined) return known === '' ? undefined : known;
  let problem: string | undefined;
  try {
    const v = validateName(name);
    problem = v.validForOldPackages ? undefined : (v.errors ?? ['not a valid name']).join('; ');
  } catch {
    // validate-npm-package-name URL-encodes the name: a lone surrogate throws there (npm-package-arg's callers see the throw too).
    problem = 'not valid Unicode text';
  }
  if (nameProblems.size >= MAX_REMEMBERED_NAMES) nameProblems.clear();
  nameProblems.set(name, problem ?? '');
  return problem;
}

const MAX_REMEMBERED_NAMES = 200_000;
/** name -> why npm refuses it ('' when it does not). */
const nameProblems = new Map<string, string>();

/**
 * `name` as the registry's path segment, as npm asks for it (npm-package-arg's `escapedName`,
 * which pacote appends to the registry): `@scope%2fname`, `name`. Encoded, not merely checked, so
 * that this function alone keeps any name inside one segment. Throws InvalidPackageName.
 */
export function escapedName(name: string): string {
  const problem = npmNameProblem(name);
  if (problem !== undefined) throw new InvalidPackageName(name, problem);
  return encodeURIComponent(name).replace(/^%40/, '@').replace(/%2F/g, '%2f');
}

/**
 * The registry's base for building URLs: origin and path with one trailing slash. Userinfo, query
 * and fragment are left out: they are credentials or noise, and a URL built by appending to a query
 * (npm's `registry + '/' + name` on `?token=x`) would put the name into the query.
 */
export function registryBase(registry: string): string {
  const u = new URL(registry);
  return `${u.origin}${u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`}`;
}

/** The packument (the registry's document for a package). */
export function packumentUrl(registry: string, name: string): string {
  return registryBase(registry) + escapedName(name);
}

/** The registry's signing keys endpoint. */
export function keysUrl(registry: string): string {
  return `${registryBase(registry)}-/npm/v1/keys`;
}

/**
 * Where the registry serves a version's attestations. The packument's own URL is used only for its
 * path, on the registry the gate asks (as pacote does: "always fetch attestations from the current
 * registry host"); the path is appended to the origin as text, so a listed `https://r//evil/x`
 * stays on the registry instead of becoming the host `evil`.
 */
export function attestationsUrl(registry: string, name: string, version: string, listed?: string): string {
  const base = registryBase(registry);
  if (listed !== undefined) return new URL(registry).origin + new URL(listed, base).pathname;
  return `${base}-/npm/v1/attestations/${escapedName(name)}@${encodeURIComponent(version)}`;
}

/**
 * The tarball npm publishes to: `<registry>/<name>/-/<bare name>-<version>.tgz` (the scope's slash
 * stays a slash here, as the registry serves it). The version is encoded: a lockfile's version is
 * not checked by anyone before this.
 */
export function tarballUrl(registry: string, name: string, version: string): string {
  escapedName(name);
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return `${registryBase(registry)}${name}/-/${bare}-${encodeURIComponent(version)}.tgz`;
}

// The policy's defaults that are not rules (each rule's default level is in the rule catalogue).
export const PUBLIC_NPM_REGISTRY = 'https://registry.npmjs.org/';

/** The registry a package is expected from: its scope's registry, else the policy's (with a trailing slash). */
export function registryFor(name: string, npm: { url: string; scopes: Readonly<Record<string, string>> }): string {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  const url = (scope && own(npm.scopes, scope)) || npm.url;
  return url.endsWith('/') ? url : `${url}/`;
}

/** 'git+https://github.com/A/B.git' -> 'github.com/a/b' (hosts and names compare case-insensitively). */
export function normaliseRepository(repo: string | undefined): string | undefined {
  if (!repo) return undefined;
  return repo
    .trim()
    .replace(/^git\+/, '')
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^[^@/]+@/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}
