// Real git repositories in a temp dir, for end-to-end tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  }).trim();
}

export function tempDir(prefix = 'msg-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export class TestRepo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? tempDir('msg-repo-');
    gitIn(this.dir, 'init', '-q', '-b', 'main');
    gitIn(this.dir, 'config', 'user.email', 'test@example.com');
    gitIn(this.dir, 'config', 'user.name', 'Test');
    gitIn(this.dir, 'config', 'commit.gpgsign', 'false');
  }

  /** Write (string) or delete (null) files, commit, return the sha. */
  commit(files: Record<string, string | Buffer | null>, message = 'change'): string {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(this.dir, rel);
      if (content === null) {
        rmSync(file, { force: true });
      } else {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    gitIn(this.dir, 'add', '-A');
    gitIn(this.dir, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return gitIn(this.dir, 'rev-parse', 'HEAD');
  }

  branch(name: string, from?: string): void {
    gitIn(this.dir, 'checkout', '-q', '-B', name, ...(from ? [from] : []));
  }

  /** A merge commit of `head` into `base`, like GitHub's refs/pull/N/merge. */
  mergeCommit(base: string, head: string): string {
    gitIn(this.dir, 'checkout', '-q', '--detach', base);
    gitIn(this.dir, 'merge', '-q', '--no-ff', '--no-edit', head);
    return this.head();
  }

  /**
   * A fetch-depth 1 clone of `sha` (what actions/checkout does by default), with this repo as origin.
   * The base commit is not in it.
   */
  shallowClone(sha: string): string {
    gitIn(this.dir, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    const dest = tempDir('msg-clone-');
    gitIn(dest, 'init', '-q');
    gitIn(dest, 'remote', 'add', 'origin', `file://${this.dir}`);
    gitIn(dest, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', sha);
    gitIn(dest, 'checkout', '-q', '--detach', sha);
    return dest;
  }
}

/** A package-lock.json v3 the way npm writes it, for the given packages. */
export interface LockPackage {
  name: string;
  version: string;
  resolved?: string | null;
  integrity?: string | null;
  dependencies?: Record<string, string>;
  hasInstallScript?: boolean;
  path?: string;
}

export function fakeIntegrity(seed: string): string {
  return `sha512-${Buffer.from(require('node:crypto').createHash('sha512').update(seed).digest()).toString('base64')}`;
}

export function tarballUrl(name: string, version: string, registry = 'https://registry.npmjs.org/'): string {
  const bare = name.startsWith('@') ? name.split('/')[1] : name;
  return `${registry}${name}/-/${bare}-${version}.tgz`;
}

export function packageLock(rootDeps: Record<string, string>, pkgs: LockPackage[]): string {
  const packages: Record<string, unknown> = { '': { name: 'demo', version: '1.0.0', dependencies: rootDeps } };
  for (const p of pkgs) {
    const entry: Record<string, unknown> = { version: p.version };
    if (p.resolved !== null) entry.resolved = p.resolved ?? tarballUrl(p.name, p.version);
    if (p.integrity !== null) entry.integrity = p.integrity ?? fakeIntegrity(`${p.name}@${p.version}`);
    if (p.hasInstallScript) entry.hasInstallScript = true;
    if (p.dependencies) entry.dependencies = p.dependencies;
    packages[p.path ?? `node_modules/${p.name}`] = entry;
  }
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

export function packageJson(deps: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', ...extra, dependencies: deps }, null, 2)}\n`;
}

/** 1-based line of the first line containing `needle` (tests compute expected lines, never hard-code them). */
export function lineOf(text: string, needle: string): number {
  const idx = text.indexOf(needle);
  if (idx < 0) throw new Error(`${JSON.stringify(needle)} not in text`);
  return text.slice(0, idx).split('\n').length;
}
