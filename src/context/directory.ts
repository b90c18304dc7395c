// A TreeSource over files on disk, for `scan`: a directory walked (no git needed), single files a
// person names (a downloaded .mcpb), and the current user's client configs. It has one "commit",
// SCAN_TREE; everything it lists counts as added, so the same formats, policy and rules as `check`
// judge it. Files are only read, never run. Walks skip what an installer put there (node_modules,
// virtualenvs) and do not follow symbolic links, as git would not; files a person names are read
// through their links.
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { ChangedPath } from './git.js';
import { fromBytes, tooLarge, type BytesResult, type ReadResult, type TreeSource } from './source.js';
import { SCAN_TREE } from '../types.js';

/** Directories a walk does not enter: version control, and trees an installer or build filled. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.pnpm-store',
  '.yarn-cache',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.cache',
  '.next',
  '.nuxt',
  '.terraform',
]);

/** Entries a walk looks at before it stops (a scan of a home directory or `/` by mistake stays bounded). */
export const MAX_WALK_ENTRIES = 200_000;

/** A directory whose files are named relative to it, behind a prefix ('' for the only one scanned). */
interface Root {
  prefix: string;
  dir: string;
}

export interface WalkResult {
  /** Display paths (with `/`) of the files `keep` accepted, in walk order. */
  paths: string[];
  notes: string[];
}

/**
 * Files under `dir` that `keep` accepts, named `prefix + relative path`. Skips SKIPPED_DIRS and
 * symbolic links; stops after MAX_WALK_ENTRIES entries or `maxFiles` kept files, with a note.
 */
export function walk(dir: string, prefix: string, keep: (displayPath: string) => boolean, maxFiles: number, skip: (displayPath: string) => boolean = () => false): WalkResult {
  const paths: string[] = [];
  const notes: string[] = [];
  let seen = 0;
  let more = 0;
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(path.join(dir, rel)).sort();
    } catch (e) {
      notes.push(`${prefix}${rel || '.'} could not be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): files under it were not scanned.`);
      continue;
    }
    const subdirs: string[] = [];
    for (const name of names) {
      if (++seen > MAX_WALK_ENTRIES) {
        notes.push(`Stopped after ${MAX_WALK_ENTRIES} files and directories: scan a smaller directory to cover the rest.`);
        return { paths, notes };
      }
      const relPath = rel ? `${rel}/${name}` : name;
      let st: Stats;
      try {
        st = lstatSync(path.join(dir, relPath));
      } catch {
        continue;
      }
      const display = prefix + relPath;
      if (st.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) subdirs.push(relPath);
      } else if (st.isFile() && !skip(display) && keep(display)) {
        if (paths.length >= maxFiles) more++;
        else paths.push(display);
      }
    }
    // Depth-first in name order, so the files kept under a limit do not depend on the file system.
    for (const d of subdirs.reverse()) stack.push(d);
  }
  if (more > 0) notes.push(`${paths.length + more} files the gate reads were found; the scan reads the first ${paths.length}. Scan the subdirectories one by one to cover the rest.`);
  return { paths, notes };
}

export class DirectorySource implements TreeSource {
  readonly label = 'directory';
  private readonly roots: Root[] = [];
  /** Display path -> absolute path, for files named one by one (followed through symbolic links). */
  private readonly files = new Map<string, string>();
  /** Display paths that count as added, in order. */
  private readonly listed: string[] = [];

  /** A walked directory: `paths` are display paths under `prefix`, read from `dir`. */
  addDirectory(dir: string, prefix: string, paths: readonly string[]): void {
    this.roots.push({ prefix, dir });
    this.listed.push(...paths);
  }

  /** One file read as is, listed under `display`. */
  addFile(display: string, file: string): void {
    if (this.files.has(display)) return;
    this.files.set(display, file);
    this.listed.push(display);
  }

  get paths(): readonly string[] {
    return this.listed;
  }

  async changedPaths(from: string, to: string): Promise<ChangedPath[]> {
    if (to !== SCAN_TREE || from === SCAN_TREE) return [];
    return this.listed.map((p) => ({ path: p, status: 'added' as const }));
  }

  async read(commit: string, p: string, maxBytes: number): Promise<ReadResult> {
    const res = await this.readBytes(commit, p, maxBytes);
    return res.kind === 'bytes' ? fromBytes(res.bytes) : res;
  }

  async readBytes(commit: string, p: string, maxBytes: number): Promise<BytesResult> {
    if (commit !== SCAN_TREE) return { kind: 'absent' };
    const named = this.files.get(p);
    if (named !== undefined) return readLimited(named, maxBytes, true);
    const file = this.underRoot(p);
    return file === undefined ? { kind: 'absent' } : readLimited(file, maxBytes, false);
  }

  async list(commit: string): Promise<{ paths: string[]; truncated: boolean }> {
    return { paths: commit === SCAN_TREE ? [...this.listed] : [], truncated: false };
  }

  /** The file on disk for a display path under one of the roots; never outside that root. */
  private underRoot(p: string): string | undefined {
    for (const root of this.roots) {
      if (root.prefix && !p.startsWith(root.prefix)) continue;
      const rel = p.slice(root.prefix.length);
      if (rel === '' || path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) continue;
      return path.join(root.dir, rel);
    }
    return undefined;
  }
}

function readLimited(file: string, maxBytes: number, follow: boolean): BytesResult {
  let st: Stats;
  try {
    st = follow ? statSync(file) : lstatSync(file);
  } catch {
    return { kind: 'absent' };
  }
  if (st.isSymbolicLink()) return { kind: 'unreadable', reason: 'a symbolic link, not followed inside a scanned directory (scan the file it points to by name)' };
  if (!st.isFile()) return { kind: 'absent' };
  if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
  try {
    return { kind: 'bytes', bytes: readFileSync(file) };
  } catch (e) {
    return { kind: 'unreadable', reason: `could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}
