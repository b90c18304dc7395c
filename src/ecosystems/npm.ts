// npm's grammar, read once for every place an npm package is named: a manifest entry (`"name": spec`),
// a `name@spec` argument (npx, npm exec, pnpm dlx, bunx), and the references lockfiles record. Specs are
// classified by npm's own parser (npm-package-arg); a spec it rejects comes back 'invalid', never a throw.
import npa from 'npm-package-arg';
import semver from 'semver';
import type { Dependency } from '../types.js';
import { npmNameProblem } from './npm-registry.js';

/** How a spec string reads: the fields of a Dependency that come from the spec. */
export interface NpmSpec {
  name: string;
  alias?: string;
  spec: string;
  specType: string;
  version?: string;
}

/**
 * A plain version (`1.2.3`) or caret/tilde range (`^1.2.3`, `~1.2.3`), the specs most manifests hold;
 * each number at most 15 digits, which semver reads as a safe integer (longer ones it refuses).
 */
const PLAIN_SPEC = /^([\^~]?)(?:0|[1-9]\d{0,14})\.(?:0|[1-9]\d{0,14})\.(?:0|[1-9]\d{0,14})$/;

const PLAIN_VERSION = /^(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})$/;

/**
 * Whether a plain version (`1.2.3`, no pre-release) satisfies a plain spec (`1.2.3`, `^1.2.3`,
 * `~1.2.3`) as semver.satisfies would, without building a semver Range; undefined when either is not
 * plain (then ask semver).
 */
export function plainSpecAdmits(spec: string, version: string): boolean | undefined {
  const s = PLAIN_SPEC.exec(spec);
  const v = PLAIN_VERSION.exec(version);
  if (s === null || v === null) return undefined;
  const [a, b, c] = spec.slice(s[1].length).split('.').map(Number);
  const [x, y, z] = [Number(v[1]), Number(v[2]), Number(v[3])];
  const cmp = (p: number, q: number, r: number) => x - p || y - q || z - r;
  if (s[1] === '') return cmp(a, b, c) === 0;
  if (cmp(a, b, c) < 0) return false;
  // The upper bound, exclusive: ~a.b.c < a.(b+1).0; ^a.b.c < (a+1).0.0, ^0.b.c < 0.(b+1).0, ^0.0.c < 0.0.(c+1).
  if (s[1] === '~') return cmp(a, b + 1, 0) < 0;
  if (a > 0) return cmp(a + 1, 0, 0) < 0;
  if (b > 0) return cmp(0, b + 1, 0) < 0;
  return cmp(0, 0, c + 1) < 0;
}

/**
 * Classifies `spec` as npm would for a dependency installed under `installedName`. Specs npm rejects
 * (a bad name, an unknown protocol) come back as specType 'invalid' with the raw spec, never a throw;
 * `workspace:` (pnpm/yarn) is 'workspace'.
 */
export function classifySpec(installedName: string, spec: string): NpmSpec {
  if (spec.startsWith('workspace:')) return { name: installedName, spec, specType: 'workspace' };
  // pnpm's catalogs (`catalog:`, `catalog:<name>`): the version range is the workspace catalog's entry
  // (pnpm-workspace.yaml), and pnpm-lock.yaml records what it resolved to (its `catalogs` section).
  if (/^catalog:/.test(spec)) return { name: installedName, spec, specType: 'catalog' };
  // pnpm's and Yarn's symlink to a folder (`link:../core`, Yarn's `portal:`), which npm's parser does not know.
  if (/^(link|portal):./.test(spec)) return { name: installedName, spec, specType: 'directory' };
  // Most specs are a plain version or a caret/tilde range: what npm-package-arg would say, without its
  // trip through hosted-git-info (a URL built and thrown per spec), which dominates a big manifest.
  const plain = PLAIN_SPEC.exec(spec);
  if (plain !== null && npmNameProblem(installedName) === undefined) {
    return plain[1] === '' ? { name: installedName, spec, specType: 'version', version: spec } : { name: installedName, spec, specType: 'range' };
  }
  return classifyWithNpa(installedName, spec);
}

/** classifySpec by npm-package-arg alone (the fast path above must agree with it: a test compares them). */
export function classifyWithNpa(installedName: string, spec: string): NpmSpec {
  let parsed: npa.Result;
  try {
    // A fixed base keeps file specs independent of the process's working directory; we never use
    // the resolved path, only the type.
    parsed = npa.resolve(installedName, spec, '/');
  } catch {
    return { name: installedName, spec, specType: 'invalid' };
  }
  if (parsed.type === 'alias') {
    const target = (parsed as npa.AliasResult).subSpec;
    const info: NpmSpec = {
      name: target.name ?? installedName,
      alias: installedName,
      spec: target.rawSpec === '' ? '*' : target.rawSpec,
      specType: 'alias',
    };
    const version = exactVersion(target);
    if (version !== undefined) info.version = version;
    return info;
  }
  const info: NpmSpec = { name: installedName, spec, specType: parsed.type };
  const version = exactVersion(parsed);
  if (version !== undefined) info.version = version;
  return info;
}

function exactVersion(parsed: npa.Result): string | undefined {
  if (parsed.type !== 'version' || parsed.fetchSpec === null) return undefined;
  // npa accepts loose forms like "=1.2.3" and "v1.2.3"; the registry knows them as "1.2.3".
  return semver.valid(parsed.fetchSpec, true) ?? parsed.fetchSpec;
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

/** What a `name@spec` argument names and asks for. */
export interface PackageArg {
  name: string;
  version?: string;
  spec: string;
  specType: 'version' | 'range' | 'tag' | 'git' | 'remote' | 'file' | 'directory' | 'invalid';
}

const ARG_TYPES: ReadonlySet<string> = new Set(['version', 'range', 'tag', 'git', 'remote', 'file', 'directory']);

/**
 * A `name@spec` argument as `npm install` and npx read it (an alias `npm:other@1` names `other`).
 * A bare name installs whatever the `latest` tag points to that day: a tag, not the range `*`.
 */
export function packageArg(raw: string): PackageArg {
  let parsed: npa.Result;
  try {
    parsed = npa(raw, '/');
    if (parsed.type === 'alias') parsed = (parsed as npa.AliasResult).subSpec;
  } catch {
    return { name: raw, spec: raw, specType: 'invalid' };
  }
  const name = parsed.name ?? raw;
  if (parsed.type === 'range' && (parsed.raw === parsed.name || parsed.rawSpec === '')) return { name, spec: 'latest', specType: 'tag' };
  if (!ARG_TYPES.has(parsed.type)) return { name, spec: parsed.rawSpec, specType: 'invalid' };
  const out: PackageArg = { name, spec: parsed.rawSpec, specType: parsed.type as PackageArg['specType'] };
  const version = exactVersion(parsed);
  if (version !== undefined) out.version = version;
  return out;
}

/** The exact version an entry pins: a lockfile's version, or a manifest spec that is one version (`=1.2.3`, `v1.2.3`). */
export function pinnedVersion(d: Pick<Dependency, 'version' | 'spec' | 'specType'>): string | undefined {
  if (d.version) return d.version;
  if (d.specType === 'version' && d.spec) return d.spec.replace(/^[=v]+/, '');
  return undefined;
}
