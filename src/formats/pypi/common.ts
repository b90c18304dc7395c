// Shared by the Python formats (their grammar is ecosystems/pypi.ts): the settings and secret issues of
// index URLs, kept without their credentials (redact/urls.ts), keys that stay unique within a file, and
// entries with only the fields a file records.
import type { Dependency, FileIssue, RegistrySetting } from '../../types.js';
import { secretIssue } from '../../redact/secrets.js';
import { redactUrl } from '../../redact/urls.js';
import { withOptional } from '../format.js';

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

/** The fields a Python file records (an empty list of hashes or extras is none), as withOptional copies them. */
export function withRecorded(dep: Dependency, extra: Partial<Dependency>): Dependency {
  return withOptional(dep, extra, { emptyListsUnset: true });
}
