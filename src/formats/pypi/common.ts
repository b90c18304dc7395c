// Shared by the Python formats: PEP 508 requirement strings, PEP 440 specifier classification, source
// URL classification, index URLs kept without their credentials (redact/urls.ts), and keys that stay unique within a file.
import type { Dependency, FileIssue, RegistrySetting } from '../../types.js';
import { secretIssue } from '../../redact/secrets.js';
import { redactUrl } from '../../redact/urls.js';

/** Whether a repository path lies inside an installed Python environment or node_modules. */
export function underInstalledTree(path: string): boolean {
  return path
    .split('/')
    .slice(0, -1)
    .some((part) => part === 'node_modules' || part === '.venv' || part === 'venv' || part === 'site-packages');
}

/** Collects settings and issues for one file, redacting URLs as they come in. */
export class PythonFileSink {
  readonly settings: RegistrySetting[] = [];
  readonly issues: FileIssue[] = [];
  private readonly settingKeys = new Set<string>();
  private readonly issueKeys = new Set<string>();

  constructor(readonly file: string) {}

  /** The URL without credentials; a literal credential in it becomes a `secret` issue at `line`. */
  url(raw: string, line: number, key: (redacted: string) => string, where: string): string {
    const { url, hits } = redactUrl(raw);
    for (const hit of hits) {
      const issue = secretIssue(line, key(url), where, hit, 'Put the credential in an environment variable (`${PIP_INDEX_TOKEN}`) or a keyring instead, and revoke this one.');
      if (!this.issueKeys.has(issue.key)) {
        this.issueKeys.add(issue.key);
        this.issues.push(issue);
      }
    }
    return url;
  }

  setting(s: Omit<RegistrySetting, 'file' | 'ecosystem'>): void {
    const key = uniqueKey(this.settingKeys, s.key);
    this.settings.push({ file: this.file, ecosystem: 'pypi', ...s, key });
  }
}

/** Per set of taken keys: the suffix to try next for each base key, so a run of one name is not rescanned. */
const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();

/**
 * `key`, or `key#2`, `key#3`... when it was already taken; records the result. Linear over a file:
 * the next suffix for each key is remembered, so 10,000 repeats of one name cost 10,000 steps, not
 * 50 million (a literal `name#2` taken earlier is still skipped).
 */
export function uniqueKey(taken: Set<string>, key: string): string {
  let counters = nextSuffix.get(taken);
  if (counters === undefined) nextSuffix.set(taken, (counters = new Map()));
  let k = key;
  let n = counters.get(key) ?? 2;
  if (taken.has(k)) {
    for (k = `${key}#${n}`; taken.has(k); k = `${key}#${n}`) n++;
    counters.set(key, n + 1);
  }
  taken.add(k);
  return k;
}

/** Copies the optional fields that are set, so absent fields stay absent (base/head diffs compare them). */
export function withOptional(dep: Dependency, extra: Partial<Dependency>): Dependency {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (dep as unknown as Record<string, unknown>)[k] = v;
  }
  return dep;
}
