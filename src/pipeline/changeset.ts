// The ChangeSet stage: each changed file a format reads, read at base and head and parsed; and the
// head tree's MCP configs, bundles and registry configs for the inventory. Reads go through the
// context's TreeSource only (git, or the GitHub API); nothing from the pull request is executed.
import { EMPTY_TREE, type ResolvedContext, MAX_INVENTORY_FILES } from '../context/index.js';
import type { BytesResult, ReadResult } from '../context/source.js';
import { lineCount, ParseError, type Companions, type Format } from '../formats/format.js';
import { formatFor, FORMATS } from '../formats/index.js';
import type { FileChange, ParsedFile } from '../types.js';
import type { Policy } from '../policy/types.js';
import { withoutUninstallableEntries } from '../checks/parse-error.js';
import type { ChangedFile, ChangeSet } from './types.js';

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

/**
 * Read and parse one side of a file. A parser bug is an unreadable file, never a pass. With `head` (the
 * head side, read first), a format that can read its base against the head does (Format.parseBase).
 */
export async function readSide(ctx: ResolvedContext, format: Format, commit: string, path: string, max: number, head?: Side): Promise<Side> {
  if (format.parseBytes) {
    const res: BytesResult = await ctx.source.readBytes(commit, path, max);
    if (res.kind !== 'bytes') return res;
    return parseWith(path, () => format.parseBytes!(res.bytes, path));
  }
  const res: ReadResult = await ctx.source.read(commit, path, max);
  if (res.kind !== 'text') return res;
  const companions = format.companions ? await readCompanions(ctx, format, commit, path, max) : undefined;
  const against = head?.kind === 'parsed' && head.text !== undefined && format.parseBase !== undefined ? { text: head.text, result: head.result } : undefined;
  const side = parseWith(path, () => (against === undefined ? undefined : baseAgainstHead(format, res.text, path, against)) ?? format.parse(res.text, path, companions));
  if (side.kind === 'error') {
    // A parser may point just past the end (at the EOF it stopped on): report the last line instead.
    const last = lineCount(res.text);
    if (side.error.line > last || side.error.line < 1) return { kind: 'error', error: new ParseError(side.error.message, side.error.file, Math.min(Math.max(side.error.line, 1), last)) };
  }
  // The text goes with the side only as far as the base's read (readChangedFile), never into the report.
  return side.kind === 'parsed' ? { ...side, text: res.text } : side;
}

/** Format.parseBase, or undefined (then the full parse decides) when it declines or fails: it is a shortcut, never a verdict. */
function baseAgainstHead(format: Format, text: string, path: string, head: { text: string; result: ParsedFile }): ParsedFile | undefined {
  try {
    return format.parseBase!(text, path, head);
  } catch {
    return undefined;
  }
}

function parseWith(path: string, parse: () => ParsedFile): Side {
  try {
    return { kind: 'parsed', result: withoutUninstallableEntries(parse()) };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'error', error: err };
    return { kind: 'error', error: new ParseError(`could not be read: ${(err as Error).message}`, path, 1) };
  }
}

export async function readChangedFile(ctx: ResolvedContext, path: string, status: FileChange['status'], policy: Policy): Promise<ChangedFile> {
  const format = formatFor(path)!;
  const max = policy.limits.maxFileBytes;
  const change: FileChange = { path, status };
  const head: Side = status === 'deleted' ? { kind: 'absent' } : await readSide(ctx, format, ctx.head, path, max);
  const base: Side = status === 'added' || ctx.from === EMPTY_TREE ? { kind: 'absent' } : await readSide(ctx, format, ctx.from, path, max, head);
  // What could not be read is said by the `parse-error` rule (checks/parse-error.ts).
  if (head.kind === 'unreadable') change.unreadable = { side: 'head', reason: head.reason };
  if (head.kind === 'error') change.invalid = { format: format.id, line: head.error.line, message: head.error.message };
  // A base that cannot be read (malformed before this PR, or too large) means every head entry counts as new.
  return {
    change,
    format: format.id,
    before: base.kind === 'parsed' ? base.result : EMPTY,
    after: head.kind === 'parsed' ? head.result : EMPTY,
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

/** The ChangeSet: every path the pull request changes, and each file a format reads read at both sides. */
export async function readChangeSet(ctx: ResolvedContext, policy: Policy, progress?: (done: number, total: number) => void): Promise<ChangeSet> {
  const paths = await ctx.source.changedPaths(ctx.from, ctx.head);
  const readable = paths.filter((c) => formatFor(c.path));
  const files: ChangedFile[] = [];
  for (const c of readable) {
    files.push(await readChangedFile(ctx, c.path, c.status, policy));
    progress?.(files.length, readable.length);
  }
  return { paths, files, notes: files.flatMap((f) => f.after.notes ?? []) };
}
