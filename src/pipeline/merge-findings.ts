// One problem, one finding. The same package judged in package.json and in the lockfile entry that pins
// it, in go.mod and its go.sum line (and its `replace`), in Cargo.toml and Cargo.lock, or twice in one
// file, is one cause: its findings of one rule become one finding on the most useful line, with the
// other places listed. Pure, between the checks and the verdict; every rule goes through it.
import type { Draft } from '../checks/check.js';
import type { Dependency, InventoryItem, RuleId } from '../types.js';
import { canonicalName } from '../ecosystems/common.js';

/** A draft and the dependency entry whose check produced it (none for file, server and setting findings). */
export interface JudgedDraft {
  draft: Draft;
  dep?: Dependency;
}

const id = (d: Dependency): string => `${d.file}\0${d.key}`;

/** Union-find over dependency entries. */
class Groups {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(x, root);
    return root;
  }

  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/**
 * Which dependency entries are one package in one place, as a function from an entry to its group:
 * a manifest entry and the lockfile entry that pins it (the coverage of pipeline/inventory/coverage.ts,
 * which also ties a go.mod `require` to its go.sum line), a go.mod `require` and the `replace` of that
 * module, and the same package at the same version repeated in one file.
 */
export function relatedEntries(items: readonly InventoryItem[]): (d: Dependency) => string {
  const groups = new Groups();
  const byFile = new Map<string, Dependency[]>();
  for (const item of items) {
    const d = item.dep;
    groups.find(id(d));
    if (item.lock?.entry !== undefined) groups.union(id(d), id(item.lock.entry));
    const inFile = byFile.get(d.file);
    if (inFile === undefined) byFile.set(d.file, [d]);
    else inFile.push(d);
  }
  for (const deps of byFile.values()) {
    const same = new Map<string, Dependency>();
    for (const d of deps) {
      const name = canonicalName(d.name, d.ecosystem);
      if (d.ecosystem === 'go' && d.key.startsWith('replace/')) {
        for (const r of deps) {
          if (r.key.startsWith('require/') && r.name === d.name && (d.key === `replace/${d.name}` || r.version === d.version)) groups.union(id(r), id(d));
        }
        continue;
      }
      const k = `${d.ecosystem}\0${name}\0${d.version ?? d.spec ?? ''}\0${d.kind}`;
      const first = same.get(k);
      if (first === undefined) same.set(k, d);
      else groups.union(id(first), id(d));
    }
  }
  return (d) => groups.find(id(d));
}

/** Rules about the bytes installed (where they come from, their hash, what the registry says of them). */
const BYTES_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['source', 'integrity', 'install-scripts', 'registry', 'exists', 'signature', 'provenance', 'publisher', 'release-age', 'deprecated']);

/**
 * Where a finding of `rule` is most useful: for a problem with the bytes, the line that says where they
 * come from (a go.mod `replace`, the lockfile's `resolved`/`integrity` entry); for a problem with the
 * package itself (not allowed, denied, a range), the manifest line a maintainer edits.
 */
function preference(rule: RuleId, d: Dependency): number {
  const replace = d.ecosystem === 'go' && d.key.startsWith('replace/');
  if (BYTES_RULES.has(rule)) return replace ? 0 : d.kind === 'lockfile' ? 1 : d.kind === 'manifest' ? 2 : 3;
  return d.kind === 'manifest' ? (replace ? 1 : 0) : d.kind === 'lockfile' ? 2 : 3;
}

const place = (d: Draft): string => `${d.file}:${d.line}`;

/**
 * The drafts with the findings of one rule about one group of related entries merged: those at the
 * most useful entry stay, naming the other places (`related`, and in the message); the others go. Drafts
 * not about a dependency pass through unchanged, in order.
 */
export function mergeRelated(judged: readonly JudgedDraft[], groupOf: (d: Dependency) => string): Draft[] {
  const buckets = new Map<string, JudgedDraft[]>();
  const order: (Draft | string)[] = [];
  for (const j of judged) {
    if (j.dep === undefined) {
      order.push(j.draft);
      continue;
    }
    const key = `${j.draft.rule}\0${groupOf(j.dep)}`;
    const bucket = buckets.get(key);
    if (bucket === undefined) {
      buckets.set(key, [j]);
      order.push(key);
    } else bucket.push(j);
  }
  const out: Draft[] = [];
  for (const entry of order) {
    if (typeof entry !== 'string') {
      out.push(entry);
      continue;
    }
    const bucket = buckets.get(entry)!;
    const places = [...new Set(bucket.map((j) => place(j.draft)))];
    if (places.length === 1) {
      out.push(...bucket.map((j) => j.draft));
      continue;
    }
    const best = [...bucket].sort(
      (a, b) => preference(a.draft.rule, a.dep!) - preference(b.draft.rule, b.dep!) || a.draft.file.localeCompare(b.draft.file) || a.draft.line - b.draft.line,
    )[0];
    const others = bucket
      .map((j) => j.draft)
      .filter((d) => place(d) !== place(best.draft))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const related = [...new Map(others.map((d) => [place(d), { file: d.file, line: d.line }])).values()];
    const also = ` (the same for ${related.map((r) => `${r.file}:${r.line}`).join(', ')})`;
    for (const j of bucket) if (place(j.draft) === place(best.draft)) out.push({ ...j.draft, message: `${j.draft.message}${also}`, related });
  }
  return out;
}
