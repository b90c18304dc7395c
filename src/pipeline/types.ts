// The stages' own data, as the arrows in index.ts pass it on:
//   Context -> ChangeSet -> Inventory -> Facts -> Findings -> Verdict -> Report
// (the plain data every room shares is in src/types.ts; the Report's shape in src/report/types.ts).
import type { ChangedPath } from '../context/git.js';
import type { ContextInputs, ResolvedContext } from '../context/index.js';
import type { Draft } from '../checks/check.js';
import type { Policy } from '../policy/types.js';
import type { Conclusion, Facts, FileChange, Finding, InventoryItem, Level, McpServer, ParsedFile, RegistrySetting } from '../types.js';
import type { KeyedChange } from './inventory/diff.js';

/** One changed file, read at both sides and parsed. */
export interface ChangedFile {
  change: FileChange;
  format: string;
  before: ParsedFile;
  after: ParsedFile;
}

export interface GateOptions extends ContextInputs {
  /** Policy path inside the repository, read from the base commit (default .github/mcp-policy.yml). */
  policyPath?: string;
  /** CLI only: a policy file on disk, read as is. */
  policyFile?: string;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Fetch nothing from registries; report what was not verified. */
  offline?: boolean;
  /** Registry facts for the changed MCP packages (the Facts stage); none when absent. */
  gatherFacts?: (items: readonly InventoryItem[], policy: Policy) => Promise<Facts>;
  log?: (message: string) => void;
  /** An already resolved context (`scan`: a directory source) instead of one resolved from git or the event. */
  context?: ResolvedContext;
  /** Where a long run is (files read, packages verified): the CLI shows it on a terminal. */
  progress?: (stage: 'read' | 'verify', done: number, total: number) => void;
}

/** What the pull request changed: every changed path, and the files a format reads, read at base and head. */
export interface ChangeSet {
  /** Every changed path, read by a format or not (the policy file is one). */
  paths: ChangedPath[];
  /** The changed files a format reads, parsed at both sides. */
  files: ChangedFile[];
  /** Why a changed file was not read as the format its path suggests (a web server's server.json). */
  notes: string[];
}

/** What changed, as the rules judge it. */
export interface Inventory {
  /** Every changed dependency entry that is not the project's own code: why it is MCP-related, what lockfile pins it. */
  items: InventoryItem[];
  /** The items the rules judge and the registry is asked about: MCP-related, added or changed. */
  judged: InventoryItem[];
  /** The MCP servers of the changed files, base against head. */
  serverChanges: KeyedChange<McpServer>[];
  /** Added or changed MCP servers and registry settings. */
  newServers: McpServer[];
  newSettings: RegistrySetting[];
  /** Files read beside the changed ones, and the project's own code that was not judged. */
  notes: string[];
}

/** What the rules found: the drafts to decide, and the checks' own before merging (the inventory lists what they flag). */
export interface Findings {
  drafts: Draft[];
  checkDrafts: Draft[];
}

/** The decision: each finding at its level (exceptions applied), the counts, and the conclusion. */
export interface Verdict {
  findings: Finding[];
  counts: Record<Level, number>;
  conclusion: Conclusion;
  /** How many changed things were judged (MCP-related items, unreadable files, servers, settings). */
  judged: number;
}
