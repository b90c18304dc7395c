// Shared by the yarn.lock, pnpm-lock.yaml and bun.lock readers: splitting `name@reference`, telling what
// kind of source a reference is, and building Dependency entries with only the fields a file records.
import type { Dependency } from '../../types.js';

/** Copies the optional fields that are set, so absent fields stay absent (base/head diffs compare them). */
export function withOptional(dep: Dependency, extra: Partial<Dependency>): Dependency {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) (dep as unknown as Record<string, unknown>)[k] = v;
  }
  return dep;
}

/**
 * Splits `name@rest` at the `@` that ends the name (a scoped name starts with `@`): `@s/a@npm:1` ->
 * [`@s/a`, `npm:1`]. Undefined when there is no name or no `@` after it.
 */
export function splitAtName(text: string): [name: string, rest: string] | undefined {
  const at = text.indexOf('@', 1);
  if (at <= 0) return undefined;
  return [text.slice(0, at), text.slice(at + 1)];
}

/** The installed name at the end of a `/`-separated install path, scope-aware: `a/@s/b` -> `@s/b`. */
export function lastPackageName(path: string): string {
  const parts = path.split('/');
  const last = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  return before !== undefined && before.startsWith('@') ? `${before}/${last}` : last;
}

const GIT_PREFIX = /^(git\+[a-z]+:|git:|ssh:|git@|github:|gitlab:|bitbucket:|gist:)/i;
const HOSTED_SHORTCUT = /^[\w.-]+\/[\w.-]+(#.*)?$/;

/** Whether a URL or reference points at a git repository (not a tarball). */
export function isGitReference(ref: string): boolean {
  if (GIT_PREFIX.test(ref)) return true;
  if (/^https?:\/\//i.test(ref)) return /\.git(#|$)/i.test(ref) || /#commit=/.test(ref);
  return false;
}

/**
 * What kind of source a lockfile reference (a spec or a resolution without the name) is, in the
 * Dependency.specType vocabulary: 'git', 'remote' (a URL), 'file' (a tarball on disk), 'directory',
 * 'workspace'; undefined for a registry version or range.
 */
export function referenceType(ref: string): string | undefined {
  if (isGitReference(ref)) return 'git';
  if (/^https?:\/\//i.test(ref)) return /^https:\/\/codeload\.github\.com\//i.test(ref) ? 'git' : 'remote';
  if (/^workspace:/.test(ref)) return 'workspace';
  if (/^(link|portal):/.test(ref)) return 'directory';
  if (/^file:/.test(ref)) return /\.(tgz|tar\.gz|tar)$/i.test(ref.replace(/::.*$/, '')) ? 'file' : 'directory';
  if (HOSTED_SHORTCUT.test(ref) && !/^\d/.test(ref)) return 'git';
  return undefined;
}

/**
 * The SRI form of the sha1 hex digest yarn 1 puts after `#` in a tarball URL (`...tgz#<40 hex>`):
 * `sha1-<base64>`. Undefined for git URLs, where the fragment is a commit, and for anything else.
 */
export function sha1FragmentIntegrity(resolved: string): string | undefined {
  if (!/^https?:\/\//i.test(resolved) || isGitReference(resolved)) return undefined;
  const m = /#([0-9a-f]{40})$/i.exec(resolved);
  if (m === null) return undefined;
  return `sha1-${Buffer.from(m[1], 'hex').toString('base64')}`;
}

/** Names of the packages in the dependency maps of an entry, in order, without repeats; undefined when it has none of the maps. */
export function namesOf(...maps: (Record<string, unknown> | undefined)[]): string[] | undefined {
  const present = maps.filter((m): m is Record<string, unknown> => m !== undefined);
  if (present.length === 0) return undefined;
  return [...new Set(present.flatMap((m) => Object.keys(m)))];
}
