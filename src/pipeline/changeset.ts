// The ChangeSet stage: each changed file a format reads, read at base and head and parsed; and the
// head tree's MCP configs, bundles and registry configs for the inventory. Reads go through the
// context's TreeSource only (git, or the GitHub API); nothing from the pull request is executed.
import type { Draft } from '../checks/check.js';
import { EMPTY_TREE, type ResolvedContext, MAX_INVENTORY_FILES } from '../context/index.js';
import type { BytesResult, ReadResult } from '../context/source.js';
import { lineCount, ParseError, withoutNamelessDeps, type Companions, type Format } from '../formats/format.js';
import { formatFor, FORMATS } from '../formats/index.js';
import { npmNameProblem } from '../ecosystems/npm-registry.js';
import type { FileChange, FileIssue, ParsedFile } from '../types.js';
import type { Policy } from '../policy/types.js';

/** One changed file, read at both sides and parsed. */
export interface ChangedFile {
  change: FileChange;
  format: string;
  before: ParsedFile;
  after: ParsedFile;
  /** `parse-error` findings about the file itself. */
  drafts: Draft[];
}

const EMPTY: ParsedFile = { deps: [] };

export type Side = { kind: 'absent' } | { kind: 'unreadable'; reason: string } | { kind: 'parsed'; result: ParsedFile; text?: string } | { kind: 'error'; error: ParseError };

async function readCompanions(ctx: ResolvedContext, format: Format, commit: string, path: string, max: number): Promise<Companions> {
  const out: Record<string, string | undefined> = {};
  for (const p of format.companions?.(path) ?? []) {
    const res = await ctx.source.read(commit, p, max);
    out[p] = res.kind === 'text' ? res.text : undefined;
  }
  return out;
}

/** Read and parse one side of a file. A parser bug is an unreadable file, never a pass. */
export async function readSide(ctx: ResolvedContext, format: Format, commit: string, path: string, max: number): Promise<Side> {
  if (format.parseBytes) {
    const res: BytesResult = await ctx.source.readBytes(commit, path, max);
    if (res.kind !== 'bytes') return res;
    return parseWith(path, () => format.parseBytes!(res.bytes, path));
  }
  const res: ReadResult = await ctx.source.read(commit, path, max);
  if (res.kind !== 'text') return res;
  const companions = format.companions ? await readCompanions(ctx, format, commit, path, max) : undefined;
  const side = parseWith(path, () => format.parse(res.text, path, companions));
  if (side.kind === 'error') {
    // A parser may point just past the end (at the EOF it stopped on): report the last line instead.
    const last = lineCount(res.text);
    if (side.error.line > last || side.error.line < 1) return { kind: 'error', error: new ParseError(side.error.message, side.error.file, Math.min(Math.max(side.error.line, 1), last)) };
  }
  return side.kind === 'parsed' ? { ...side, text: res.text } : side;
}

/**
 * npm entries with a name npm itself refuses leave the file's entries before anything is built from
 * them (a registry URL, a tarball path, a typosquat comparison) and become parse errors on their
 * line. Lockfiles and bundles carry names no spec parser has seen; manifests and launch commands go
 * through npm-package-arg, which already reads such a spec as invalid.
 */
function withoutInvalidNpmNames(parsed: Required<ParsedFile>): Required<ParsedFile> {
  const issues: FileIssue[] = [];
  const deps = parsed.deps.filter((d) => {
    if (d.ecosystem !== 'npm' || (d.kind !== 'lockfile' && d.kind !== 'bundle')) return true;
    const problem = npmNameProblem(d.name);
    if (problem === undefined) return true;
    issues.push({
      rule: 'parse-error',
      line: d.line,
      key: `npm-name/${d.key}`,
      ecosystem: 'npm',
      message: `The entry for ${JSON.stringify(d.name)} does not name an npm package (${problem}). npm would refuse it; the gate judged nothing in it and asked no registry about it. Correct the name or remove the entry.`,
    });
    return false;
  });
  return issues.length === 0 ? parsed : { ...parsed, deps, issues: [...parsed.issues, ...issues] };
}

function parseWith(path: string, parse: () => ParsedFile): Side {
  try {
    const result = withoutNamelessDeps(parse());
    return { kind: 'parsed', result: withoutInvalidNpmNames({ deps: result.deps ?? [], servers: result.servers ?? [], settings: result.settings ?? [], issues: result.issues ?? [], notes: result.notes ?? [] }) };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'error', error: err };
    return { kind: 'error', error: new ParseError(`could not be read: ${(err as Error).message}`, path, 1) };
  }
}

export async function readChangedFile(ctx: ResolvedContext, path: string, status: FileChange['status'], policy: Policy): Promise<ChangedFile> {
  const format = formatFor(path)!;
  const max = policy.limits.maxFileBytes;
  const change: FileChange = { path, status };
  const drafts: Draft[] = [];
  const base: Side = status === 'added' || ctx.from === EMPTY_TREE ? { kind: 'absent' } : await readSide(ctx, format, ctx.from, path, max);
  const head: Side = status === 'deleted' ? { kind: 'absent' } : await readSide(ctx, format, ctx.head, path, max);
  if (base.kind === 'parsed') change.base = base.text;
  if (head.kind === 'parsed') change.head = head.text;
  if (head.kind === 'unreadable') {
    change.unreadable = { side: 'head', reason: head.reason };
    drafts.push({ rule: 'parse-error', file: path, line: 1, message: `${path} was not read: ${head.reason}. Nothing in it was judged.` });
  }
  if (head.kind === 'error') {
    drafts.push({ rule: 'parse-error', file: path, line: head.error.line, message: `${path} is not a valid ${format.id} file: ${head.error.message}. Nothing in it was judged.` });
  }
  // A base that cannot be read (malformed before this PR, or too large) means every head entry counts as new.
  return {
    change,
    format: format.id,
    before: base.kind === 'parsed' ? base.result : EMPTY,
    after: head.kind === 'parsed' ? head.result : EMPTY,
    drafts,
  };
}

/** Head-tree files of the inventory formats that the PR did not change, parsed at head (bounded). */
export async function readInventoryFiles(
  ctx: ResolvedContext,
  policy: Policy,
  changed: ReadonlySet<string>,
): Promise<{ files: { path: string; format: string; parsed: ParsedFile }[]; notes: string[] }> {
  const notes: string[] = [];
  const wanted = FORMATS.some((f) => f.inventory);
  if (!wanted || ctx.head === EMPTY_TREE) return { files: [], notes };
  let listing: { paths: string[]; truncated: boolean };
  try {
    listing = await ctx.source.list(ctx.head);
  } catch (err) {
    notes.push(`The head tree could not be listed (${(err as Error).message}): the inventory covers the changed files only.`);
    return { files: [], notes };
  }
  if (listing.truncated) notes.push('The head tree listing was truncated by the API: the inventory may miss MCP configs in unchanged files.');
  const paths = listing.paths.filter((p) => !changed.has(p) && formatFor(p)?.inventory);
  if (paths.length > MAX_INVENTORY_FILES) notes.push(`${paths.length} MCP/registry config files at head; the inventory reads the first ${MAX_INVENTORY_FILES}.`);
  const files: { path: string; format: string; parsed: ParsedFile }[] = [];
  for (const path of paths.slice(0, MAX_INVENTORY_FILES)) {
    const format = formatFor(path)!;
    const side = await readSide(ctx, format, ctx.head, path, policy.limits.maxFileBytes);
    if (side.kind === 'parsed') {
      files.push({ path, format: format.id, parsed: side.result });
      for (const note of side.result.notes ?? []) notes.push(`${note} (unchanged in this PR)`);
    }
    else if (side.kind === 'error') notes.push(`${path}:${side.error.line} (unchanged in this PR) could not be read for the inventory: ${side.error.message}`);
    else if (side.kind === 'unreadable') notes.push(`${path} (unchanged in this PR) was not read for the inventory: ${side.reason}`);
  }
  return { files, notes };
}
