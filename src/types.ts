// The plain data that flows through the pipeline:
//   Context -> ChangeSet -> Inventory -> Facts -> Findings -> Verdict -> Reporters
// Everything here is data; no behaviour. The policy's shape is in policy/types.ts, the report's in
// report/types.ts, the stages' own in pipeline/.

import type { Level, RuleId } from './rules/catalogue.js';

// Levels and rule ids come from the rule catalogue, the one list of rules.
export type { Level, RuleId, RuleLevel } from './rules/catalogue.js';

/** Where a package comes from. `mcpb` is a one-click MCP bundle file (.mcpb/.dxt) in the repository. */
export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'oci' | 'github-actions' | 'mcpb';

/** One dependency entry as a file declares it, with the 1-based line of its entry. */
export interface Dependency {
  ecosystem: Ecosystem;
  /** The real package name (for an alias `foo: npm:bar@1`, this is `bar`). */
  name: string;
  /** The name it is installed under, when it differs from `name` (npm aliases). */
  alias?: string;
  /**
   * Exact version, when the file pins one (lockfiles always do). npm: semver; pypi: PEP 440;
   * go: `v1.2.3`; oci: the tag (the digest goes in `integrity`); github-actions: the ref.
   */
  version?: string;
  /** What was asked for in a manifest: a range, tag, URL, git or file spec. */
  spec?: string;
  /**
   * What kind of spec: 'version' (one exact version; oci: pinned by digest; actions: full commit SHA)
   * | 'range' (incl. no version at all) | 'tag' (latest, an image tag, a branch/tag ref) | 'git' |
   * 'remote' (a URL) | 'file' | 'directory' | 'alias' | 'workspace' | 'invalid' | 'template' (a
   * release-time placeholder like `${VERSION}` in server.json: the `template` rule reports it) |
   * 'catalog' (pnpm's `catalog:` / `catalog:<name>`: the workspace catalog's range, pinned by pnpm-lock.yaml).
   */
  specType?: string;
  /** pnpm-lock.yaml: the catalogs (`default`, or a named one) whose entry for this name resolved to this package. */
  catalogs?: string[];
  /** Where the bytes come from (lockfile `resolved`). */
  resolved?: string;
  /**
   * Hashes the file records, space-separated. npm: SRI (`sha512-<base64>`); pypi/cargo/oci/mcpb:
   * `sha256:<hex>` (oci: the image digest); go: the go.sum `h1:<base64>`.
   */
  integrity?: string;
  /** The registry or index the file says this entry comes from (requirements `-i`, image registry host). */
  registry?: string;
  /** Further indexes the installer also consults for it (`--extra-index-url`): the dependency-confusion shape. */
  extraRegistries?: string[];
  /** A hash the package manager records that is not the registry's integrity (Yarn Berry's zip checksum). */
  checksum?: string;
  /** For a package a client config, bundle or server.json launches: the key of that server entry. */
  server?: string;
  /** For a .mcpb bundle: its signature block, as far as the bytes alone can verify it. */
  signature?: BundleSignature;
  /** Repository-relative path of the file, with forward slashes. */
  file: string;
  /** 1-based line of the entry (the key of the package in the file). */
  line: number;
  /** 'manifest' (package.json, pyproject, go.mod, Cargo.toml, Dockerfile, server.json), 'lockfile', 'config' (launched by an MCP client config), 'bundle' (a .mcpb file, or a package inside one). */
  kind: 'manifest' | 'lockfile' | 'config' | 'bundle';
  /**
   * Identity of the entry inside its file, stable between base and head:
   * package.json `dependencies/foo`, lockfile `node_modules/a/node_modules/foo`.
   */
  key: string;
  /** Names of the packages it depends on, when the file records them. */
  requires?: string[];
  hasInstallScript?: boolean;
  dev?: boolean;
  optional?: boolean;
}

/** A certificate a bundle signature carries (or a CA the policy names), as evidence. */
export interface BundleCertificate {
  /** `CN=Acme Corp, O=Acme Corp` */
  subject: string;
  issuer: string;
  /** SHA-256 of the certificate (DER), upper-case hex with colons, as `openssl x509 -fingerprint -sha256` shows it. */
  sha256: string;
  /** ISO dates. */
  notBefore: string;
  notAfter: string;
  /** The certificate, base64 DER. */
  der: string;
}

/**
 * A .mcpb signature block checked against the bundle's own bytes: 'absent' (no block), 'invalid' (a
 * block that does not verify: forged, truncated, content changed after signing, a broken chain...;
 * `reason` says which) or 'valid' (the signature over the content verifies with the signer's key, the
 * signer may sign code, and the certificates link). Whom to trust, and whether each certificate is
 * valid at the time of the run, is decided with the policy (policy/bundle-trust.ts).
 */
export interface BundleSignature {
  state: 'absent' | 'invalid' | 'valid';
  reason?: string;
  marker?: 'MCPB_SIG_V1' | 'DXT_SIG_V1';
  /** 'appended': the zip as it was, then the block (mcpb 2.1.2 and older); 'eocd-comment': the zip comment length covers the block (newer mcpb). */
  layout?: 'appended' | 'eocd-comment';
  /** The signer's certificate first, then the chain it links to (for an invalid signature, the signer when known). */
  chain?: BundleCertificate[];
  /** The signer's own claim of when it signed (no timestamp authority vouches for it). */
  signingTime?: string;
}

/**
 * An MCP server entry: one server in a client config, the server a bundle runs, or a server.json.
 * The packages it launches are separate Dependency entries (kind 'config'/'bundle', `server` = key).
 */
export interface McpServer {
  file: string;
  /** 1-based line of the server's entry (its key in `mcpServers`, its table header in TOML). */
  line: number;
  /** Identity within the file, stable between base and head: `mcpServers/github`. */
  key: string;
  /** The server's name in the config. */
  name: string;
  /** Which client or format: 'claude-code', 'claude-desktop', 'vscode', 'cursor', 'gemini', 'codex', 'zed', 'windsurf', 'continue', 'mcp-json', 'mcpb', 'server-json'. */
  client: string;
  transport: 'stdio' | 'http' | 'sse' | 'unknown';
  command?: string;
  args?: string[];
  /** Remote servers: the URL it connects to (also for `mcp-remote <url>`). */
  url?: string;
  /**
   * How the command was read: 'npx', 'pnpm dlx', 'yarn dlx', 'bunx', 'uvx', 'pipx run', 'uv run',
   * 'docker run', 'podman run', 'node', 'python', 'cargo run', 'go run', 'dotnet run', 'mcp-remote',
   * 'binary' (a path), 'path' (a program looked up on PATH), 'shell', 'unknown'.
   */
  launcher?: string;
  /** Launcher 'path': the program's name as the client looks it up on PATH (`github-mcp-server`). */
  program?: string;
  /** Set when it runs the repository's own code: "runs code from this repository (cargo run)". */
  local?: string;
  /** The launch runs a program, script or project at this path outside the repository (see `Launch.outside`). */
  outside?: string;
  /** Names of environment variables it sets (values never kept here). */
  env?: string[];
}

/** One registry-related setting in a package-manager config file (.npmrc, .yarnrc.yml, pip.conf, ...). */
export interface RegistrySetting {
  file: string;
  line: number;
  /** Identity within the file, stable between base and head: `registry`, `@acme:registry`, `global/extra-index-url/0`. */
  key: string;
  ecosystem: Ecosystem;
  /** The setting as written, for the message: `@acme:registry`, `npmScopes.acme.npmRegistryServer`, `extra-index-url`. */
  setting: string;
  /** Its value; never a credential (credentials become `secret` issues, not settings). */
  value: string;
  /**
   * 'registry': where packages (of `scope`, or all) come from; 'extra-registry': an index consulted
   * beside the main one; 'tls-off': TLS verification disabled; 'checksum-off': checksum/sum database
   * checks disabled or weakened; 'insecure-host': a host allowed over http or without TLS checks;
   * 'scripts-on': install scripts explicitly enabled; 'lockfile-off': lockfile disabled; 'other'.
   */
  effect: 'registry' | 'extra-registry' | 'tls-off' | 'checksum-off' | 'insecure-host' | 'scripts-on' | 'lockfile-off' | 'other';
  /** npm scope (`@acme`) a scoped registry applies to. */
  scope?: string;
}

/**
 * A problem a file shows by itself, whatever the policy says (a literal token, a shell launcher, a
 * path-traversal entry in a bundle). Reported when it is new at head: an issue with the same rule,
 * key and message at base is not reported again.
 */
export interface FileIssue {
  rule: RuleId;
  line: number;
  /** Identity within the file, stable between base and head. */
  key: string;
  /** Never contains a secret value: use maskSecret(). */
  message: string;
  ecosystem?: Ecosystem;
  name?: string;
  version?: string;
}

/** Everything a format reads from one file. */
export interface ParsedFile {
  deps: Dependency[];
  servers?: McpServer[];
  settings?: RegistrySetting[];
  issues?: FileIssue[];
  /**
   * Why the file, though at a path the format reads, was not taken as that format (a web server's
   * server.json): report notes, so no file is passed over in silence.
   */
  notes?: string[];
}

export type ChangeType = 'added' | 'changed' | 'removed' | 'unchanged';

export interface Change {
  type: ChangeType;
  /** The entry at base (changed, removed, unchanged). */
  before?: Dependency;
  /** The entry at head (added, changed, unchanged). */
  after?: Dependency;
  /** For 'changed': which fields differ ('version', 'resolved', 'integrity', 'spec', ...). */
  fields?: string[];
}

/** Why a dependency counts as MCP-related, in words a maintainer can check. */
export type McpReason = string;

/**
 * What the lockfile the package manager would use says about a manifest entry: the lockfile beside the
 * manifest, or the nearest one above it (the workspace root's), read at head.
 */
export interface LockCoverage {
  /** The lockfiles consulted, repository paths; empty when there is none beside the manifest or above it. */
  files: string[];
  /** The lockfile entry that pins this manifest entry: the same package at a version its spec admits. */
  entry?: Dependency;
  /** Versions those lockfiles pin for this package when none of them is admitted (a stale lockfile). */
  others?: string[];
  /** Lockfiles beside or above the manifest that do not lock its project (it is not one of their workspace members). */
  outside?: string[];
}

export interface InventoryItem {
  change: Change;
  /** The head entry, or the base entry for removals. */
  dep: Dependency;
  mcp: McpReason[];
  /** For a manifest entry at head: the lockfile pin that covers it, if any (rules `range` and `unpinned`). */
  lock?: LockCoverage;
}

export interface Finding {
  rule: RuleId;
  level: Level;
  file: string;
  line: number;
  message: string;
  ecosystem?: Ecosystem;
  name?: string;
  version?: string;
  /**
   * Other places the same problem shows, for the same package: the lockfile entry and the manifest
   * entries it pins, a go.mod `require` and its go.sum line and `replace`. `file`/`line` is the one to
   * annotate; the message names these.
   */
  related?: { file: string; line: number }[];
  /** Set when a policy exception downgraded or removed this finding. */
  excepted?: string;
}

/** One changed file: its path and status (its parsed sides travel beside it; the text is not kept). */
export interface FileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  oldPath?: string;
  /** Set when a side could not be read (too large, binary, unreadable). */
  unreadable?: { side: 'base' | 'head'; reason: string };
  /** Set when the head was read but is not a valid file of its format: the format and where reading failed. */
  invalid?: { format: string; line: number; message: string };
}

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface PolicySourceInfo {
  kind: 'base' | 'file' | 'default';
  path: string;
  /** The commit the policy was read from, for kind 'base'. */
  commit?: string;
}

/** A line in the verification log kept as evidence: what was checked, against what, with what result. */
export interface VerificationRecord {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  check: string;
  result: 'pass' | 'fail' | 'skipped' | 'error';
  detail: string;
  /** The registry the fact came from (the install registry, or `registries.npm.verify-with`). */
  registry?: string;
}

// What the Facts stage learned from registries, handed to the checks: written by src/registry/,
// read by the checks, which never fetch.

/**
 * The registry signature over `${name}@${version}:${integrity}` (dist.signatures), judged the way
 * pacote does. Codes are pacote's: EINTEGRITYSIGNATURE (does not verify), EMISSINGSIGNATUREKEY (no
 * trusted key has that keyid), EEXPIREDSIGNATUREKEY (the key expired before the version was published),
 * plus ESIGNATUREMISSING (the registry publishes keys but serves no signature for this version).
 */
export type SignatureFacts =
  | { status: 'verified'; keyids: string[] }
  | {
      status: 'invalid';
      code: 'EINTEGRITYSIGNATURE' | 'EMISSINGSIGNATUREKEY' | 'EEXPIREDSIGNATUREKEY' | 'ESIGNATUREMISSING';
      keyid?: string;
      message: string;
    }
  /** The registry publishes no keys and serves no signature: nothing to verify. */
  | { status: 'unsigned'; reason: string }
  /** The check could not be made (keys unreadable): fail closed. */
  | { status: 'error'; message: string };

/** Where a verified provenance statement says the package was built. */
export interface ProvenanceSource {
  /** 'github.com/owner/repo', without scheme or `.git`. */
  repository?: string;
  /** '.github/workflows/publish.yml@refs/tags/v1.0.0' */
  workflow?: string;
  /** The signing certificate's identity (for GitHub: the workflow URI). */
  identity?: string;
  issuer?: string;
  commit?: string;
  predicateType: string;
}

/**
 * The Sigstore attestations the registry lists for a version (dist.attestations), verified offline
 * against the trusted root that ships with the gate. Codes are pacote's: EATTESTATIONSUBJECT,
 * EATTESTATIONVERIFY, EMISSINGSIGNATUREKEY, EEXPIREDSIGNATUREKEY.
 */
export type ProvenanceFacts =
  | { status: 'verified'; provenance?: ProvenanceSource; publishAttestation: boolean; predicateTypes: string[] }
  | { status: 'invalid'; code: string; message: string }
  /** The registry lists no attestations for this version. */
  | { status: 'absent' }
  /** The attestations could not be fetched or read. */
  | { status: 'error'; message: string };

/** What a file claims, held against what the registry serves. */
export interface Comparison {
  ok: boolean;
  detail: string;
}

/**
 * One lockfile entry's claims about a version, held against the registry's facts once, by the Facts
 * stage: the verification log records them and the `integrity` rule reports the ones that fail.
 */
export interface LockfileClaims {
  /** The entry: its file and its key there. */
  file: string;
  key: string;
  /** Its integrity against the registry's dist.integrity (and the sha1 of dist.shasum). */
  integrity?: Comparison;
  /** Its `resolved` against the registry's tarball URL for this name and version. */
  resolved?: Comparison;
  /** With `registries.npm.verify-with`: the integrity installed against the vouching registry's. */
  vouched?: Comparison;
}

/** What the registry says about one version. */
export interface NpmVersionFacts {
  version: string;
  /** False when the packument has no such version. */
  exists: boolean;
  /** dist.integrity (or the sha1 from dist.shasum for old publishes). */
  integrity?: string;
  /** dist.shasum, hex sha1, when present. */
  shasum?: string;
  /** dist.tarball */
  tarball?: string;
  /** time[version], ISO. */
  publishedAt?: string;
  /** _npmUser.name */
  publisher?: string;
  deprecated?: string;
  /** dist.attestations.provenance is listed (used for "lost provenance" without verifying old bundles). */
  listsProvenance: boolean;
  /** Set for the versions a PR brings (not for base versions, which are only looked up). */
  signature?: SignatureFacts;
  provenance?: ProvenanceFacts;
  /** The highest earlier version that listed provenance, when this one lists none. */
  earlierProvenance?: string;
  /** Result of downloading the tarball and checking it against dist.integrity (verify-tarballs). */
  tarballCheck?: { ok: boolean; detail: string };
  /** Requests about this version that failed after retries (attestations, tarball): the `registry` rule reports them. */
  errors?: string[];
  /**
   * With `registries.npm.verify-with`: the registry whose packument the signature and provenance were
   * checked on, and the integrity it has for this version (the installed bytes must be those).
   */
  verifiedAt?: { registry: string; integrity?: string; shasum?: string };
  /** The claims of the lockfile entries that pin this version, compared with the facts above. */
  claims?: LockfileClaims[];
}

/** What the registry says about one npm package (filled in by src/registry/). */
export interface NpmPackageFacts {
  name: string;
  /** The registry URL asked (the policy's, or a scope's). */
  registry?: string;
  /** Set when the packument could not be fetched or read: the `registry` rule reports it. */
  error?: string;
  /** Set when nothing was fetched on purpose ('offline'); checks report nothing, the log says skipped. */
  skipped?: string;
  /** False when the registry answers 404 for the package. */
  exists?: boolean;
  /** time.unpublished, when the package was unpublished. */
  unpublished?: string;
  /** Facts per version, for the versions the PR brings and the base versions they replace. */
  versions?: Record<string, NpmVersionFacts>;
}

export interface Facts {
  /** Registry answers per npm package name, gathered once per run. Empty when verification is off. */
  npm: Map<string, NpmPackageFacts>;
  /** Evidence: what was checked for each package, against which key or identity, and the result. */
  log: VerificationRecord[];
}

export const NO_FACTS: Facts = { npm: new Map(), log: [] };

/** The commit a scan judges: the files as they are on disk now (the base and head of a scan's report). */
export const SCAN_TREE = 'scan';
