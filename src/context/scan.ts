// The context of `scan` and `init`: files on disk instead of two commits. Each PATH is a directory
// (walked) or one file whose format is known by its name; `--user` adds the current user's client
// configs. Everything found counts as added, so the pipeline judges it as `check` judges a PR that
// adds it.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatFor } from '../formats/index.js';
import { DEFAULT_POLICY_PATH } from '../policy/index.js';
import { ContextError, EMPTY_TREE, type ResolvedContext, MAX_INVENTORY_FILES } from './index.js';
import { DirectorySource, walk } from './directory.js';
import { displayPath, findUserConfigs, userConfigCandidates } from './user-configs.js';
import { SCAN_TREE } from '../types.js';

export interface ScanInputs {
  /** Directories and files as the person named them. */
  paths: string[];
  /** Also the current user's client configs. */
  user?: boolean;
  /** Resolves relative PATHs and names files under it relative to it. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Path of the policy inside a scanned directory, read from there when exactly one directory is scanned. */
  policyPath?: string;
}

export interface ScanContext {
  context: ResolvedContext;
  /** Directories scanned, absolute. */
  directories: string[];
  /** Files named one by one (not user configs), absolute, with how the report names them. */
  files: { file: string; display: string }[];
  /** User configs read, with the client that keeps each. */
  userConfigs: { client: string; file: string; display: string }[];
}

/** Build the scan context; a PATH that does not exist or a file no format reads is a ContextError (exit 2). */
export function scanContext(inputs: ScanInputs): ScanContext {
  const source = new DirectorySource();
  const notes: string[] = [];
  const directories: string[] = [];
  const files: { file: string; display: string }[] = [];
  const home = inputs.env.HOME || inputs.env.USERPROFILE || '';
  const policyPath = inputs.policyPath || DEFAULT_POLICY_PATH;
  const dirs = inputs.paths.filter((p) => isDirectory(path.resolve(inputs.cwd, p)));

  for (const given of inputs.paths) {
    const abs = path.resolve(inputs.cwd, given);
    if (!existsSync(abs)) throw new ContextError(`${given} does not exist: name a directory to scan, or a file such as a downloaded .mcpb or a claude_desktop_config.json`);
    if (isDirectory(abs)) {
      // One directory: files are named relative to it. Several: each under its own name, so they stay apart.
      const prefix = dirs.length === 1 ? '' : `${label(abs, inputs.cwd, home)}/`;
      const found = walk(abs, prefix, (p) => formatFor(p) !== undefined, MAX_INVENTORY_FILES, (p) => p === prefix + policyPath);
      source.addDirectory(abs, prefix, found.paths);
      notes.push(...found.notes);
      directories.push(abs);
      continue;
    }
    const display = label(abs, inputs.cwd, home);
    if (!formatFor(display)) {
      throw new ContextError(
        `${given}: the gate knows no format by this file's name. It reads files by the name their tool gives them: a bundle ends in .mcpb or .dxt, a client config is claude_desktop_config.json, .mcp.json, .cursor/mcp.json, .vscode/mcp.json..., a lockfile is package-lock.json, uv.lock...; rename a copy, or scan its directory`,
      );
    }
    source.addFile(display, abs);
    files.push({ file: abs, display });
  }

  const userConfigs: ScanContext['userConfigs'] = [];
  if (inputs.user) {
    const found = findUserConfigs(inputs.env);
    for (const c of found.configs) {
      source.addFile(c.display, c.file);
      userConfigs.push(c);
    }
    if (found.configs.length === 0) {
      const looked = [...new Set(userConfigCandidates(found.dirs).map((c) => displayPath(c.file, found.dirs.home)))];
      notes.push(`No MCP client config was found for this user (looked for ${looked.join(', ')}).`);
    } else {
      notes.push(`User configs read: ${found.configs.map((c) => `${c.display} (${c.client})`).join(', ')}.`);
    }
  }

  // The policy is read through the source like any file: only a single scanned directory (prefix '')
  // can answer for `.github/mcp-policy.yml`; single files and user configs never do.
  if (dirs.length + files.length + (inputs.user ? 1 : 0) > 1) notes.push('Several places were scanned: the policy is --policy FILE, or the built-in default without it.');
  return {
    context: { event: 'scan', base: SCAN_TREE, head: SCAN_TREE, from: EMPTY_TREE, checkSha: SCAN_TREE, source, notes },
    directories,
    files,
    userConfigs,
  };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A path as the report names it: relative to the working directory, else `~/...`, else absolute; with `/`. */
function label(abs: string, cwd: string, home: string): string {
  const rel = path.relative(cwd, abs);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  if (rel === '') return path.basename(abs);
  return home ? displayPath(abs, home) : abs.split(path.sep).join('/');
}
