// The Report: what one run of the gate found and looked at, as every reporter receives it.
import type { ChangeType, Conclusion, Ecosystem, Finding, McpReason, McpServer, PolicySourceInfo, RegistrySetting, FileChange, BundleSignature, VerificationRecord } from '../types.js';

export interface InventoryEntry {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  spec?: string;
  source?: string;
  integrity?: string;
  file: string;
  line: number;
  change: ChangeType;
  why: McpReason[];
}

/** One MCP server in the head tree's client configs, bundles and server.json: the installation audit. */
export interface ServerInventoryEntry {
  file: string;
  line: number;
  name: string;
  client: string;
  transport: McpServer['transport'];
  launcher?: string;
  /** The command (never its arguments, which can carry values). */
  command?: string;
  /** "runs code from this repository (cargo run)" when the server is the repository's own code. */
  local?: string;
  /** Launcher 'path': the program it starts from PATH, and whether the policy allows it (`launchers.allow`). */
  program?: { name: string; allowed: boolean };
  url?: string;
  /** What it launches: package, version or digest, registry. */
  packages: { ecosystem: Ecosystem; name: string; version?: string; spec?: string; integrity?: string; registry?: string }[];
  /** Compared with the base commit. */
  change: ChangeType;
}

/** One .mcpb bundle in the head tree (or removed by the PR): its hash and what its signature is worth under the policy. */
export interface BundleInventoryEntry {
  file: string;
  name: string;
  version?: string;
  /** `sha256:<hex>` of the file. */
  sha256?: string;
  signature: {
    status: 'verified' | 'untrusted' | 'invalid' | 'absent';
    /** What it is trusted by, or why not. */
    detail: string;
    /** The signer certificate's subject and SHA-256 fingerprint. */
    signer?: string;
    fingerprint?: string;
    /** Which block layout (`mcpb sign` before or after it started to count the block in the zip comment). */
    layout?: BundleSignature['layout'];
  };
  change: ChangeType;
}

/** A registry-related setting at head, and what each ecosystem/scope resolves to (evidence for issue 6). */
export interface RegistryConfigEntry {
  ecosystem: Ecosystem;
  scope?: string;
  setting: string;
  value: string;
  effect: RegistrySetting['effect'];
  file: string;
  line: number;
}

export interface EffectiveRegistry {
  ecosystem: Ecosystem;
  scope?: string;
  url: string;
  /** `file:line` of the setting that decides it, or 'policy default'. */
  from: string;
  /** Whether it is the registry the policy expects. */
  expected: boolean;
}

export interface Report {
  tool: { name: string; version: string };
  conclusion: Conclusion;
  /** One line a maintainer reads first. */
  title: string;
  base: string;
  head: string;
  policy: PolicySourceInfo & { note?: string };
  counts: { error: number; warning: number; notice: number };
  findings: Finding[];
  /** MCP-related dependencies at head (and removed ones), with their source and why they count. */
  dependencies: InventoryEntry[];
  /** Every MCP server in the head tree's configs, bundles and server.json files, with its source. */
  servers: ServerInventoryEntry[];
  /** Every .mcpb bundle at head (and removed ones), with its sha256 and signature status: the verification evidence. */
  bundles: BundleInventoryEntry[];
  /** Registry configuration at head: every setting, and what each ecosystem/scope resolves to. */
  registryConfig: { settings: RegistryConfigEntry[]; effective: EffectiveRegistry[] };
  verification: VerificationRecord[];
  /** Files looked at, and what was done with them. */
  files: { path: string; status: FileChange['status']; format?: string }[];
  notes: string[];
}
