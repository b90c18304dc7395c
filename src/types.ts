// The plain data that flows through the pipeline:
//   Context -> ChangeSet -> Inventory -> Facts -> Findings -> Verdict -> Reporters
// Everything here is data; no behaviour. Read it in a minute.

/** Where a package comes from. `mcpb` is a one-click MCP bundle file (.mcpb/.dxt) in the repository. */
export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'oci' | 'github-actions' | 'mcpb';

export type Level = 'error' | 'warning' | 'notice';
export type RuleLevel = Level | 'off';

/** Stable rule ids. Each has a documented default level in policy/defaults.ts. */
export type RuleId =
  | 'denied'
  | 'unknown'
  | 'version'
  | 'unpinned'
  | 'range'
  | 'source'
  | 'integrity'
  | 'typosquat'
  | 'install-scripts'
  | 'policy-changed'
  | 'parse-error'
  | 'exception-expired'
  // MCP servers in client configs, bundles and server.json (issue 4)
  | 'remote'
  | 'secret'
  | 'launcher'
  /** A server started by a program on PATH the gate cannot trace (warning by default; `launchers.allow` names the accepted ones). */
  | 'launcher-path'
  | 'bundle'
  | 'server-json'
  /** A server.json whose packages are release-time templates (`${VERSION}`, `<owner>`): what was not judged. */
  | 'template'
  /** An MCP client config whose shape the gate does not know: it read no servers from it. */
  | 'config-shape'
  // package-manager registry configuration (issue 6)
  | 'registry-config'
  // registry verification (facts from the registry)
  | 'registry'
  | 'signature'
  | 'provenance'
  | 'publisher'
  | 'release-age'
  | 'exists'
  | 'deprecated';

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

/** What one changed file looked like at base and head (text is undefined when absent). */
export interface FileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  oldPath?: string;
  base?: string;
  head?: string;
  /** Set when a side could not be read (too large, binary, unreadable). */
  unreadable?: { side: 'base' | 'head'; reason: string };
}

export type Conclusion = 'success' | 'failure' | 'neutral';

export interface PolicySourceInfo {
  kind: 'base' | 'file' | 'default';
  path: string;
  /** The commit the policy was read from, for kind 'base'. */
  commit?: string;
}

export interface AllowEntry {
  name: string;
  ecosystem: Ecosystem;
  versions?: string;
  integrity?: Record<string, string>;
  provenance?: boolean;
  repository?: string;
  publishers?: string[];
  reason?: string;
  line: number;
}

export interface DenyEntry {
  name: string;
  ecosystem: Ecosystem;
  versions: string;
  reason?: string;
  line: number;
}

export interface ExceptionEntry {
  name: string;
  ecosystem?: Ecosystem;
  rules: RuleId[] | ['*'];
  reason: string;
  expires?: string;
  line: number;
}

export interface RegistryKey {
  keyid: string;
  /** base64 SubjectPublicKeyInfo (DER) */
  key: string;
  /** ISO date after which signatures made later do not count; null = no expiry */
  expires: string | null;
}

export interface NpmRegistryPolicy {
  url: string;
  /** 'npm' = the public registry keys shipped with the gate; 'registry' = ask the registry's /-/npm/v1/keys */
  keys: 'npm' | 'registry' | RegistryKey[];
  /** scope ('@acme') -> registry URL */
  scopes: Record<string, string>;
  /** Name of the environment variable holding a token for this registry (sent only to its host). */
  tokenEnv: string;
  /** The repository keeps install scripts off: a config that turns them on is a `registry-config` finding. */
  ignoreScripts: boolean;
  /**
   * `verify-with`: another registry (the public one) whose packuments vouch for packages installed
   * from `url` (a mirror that strips signatures): signatures and provenance are checked there, and
   * the integrity installed must equal the integrity it has. Scope registries are not affected.
   */
  verifyWith?: string;
}

export interface Policy {
  version: 1;
  source: PolicySourceInfo;
  mcp: { include: string[]; exclude: string[] };
  /** What the gate's built-in lists do under this policy. */
  builtin: {
    /** Treat the built-in corpus of well-known MCP packages as allowed (default: only without a policy file). */
    allowWellKnown: boolean;
    /** Deny the built-in list of known-malicious MCP packages (default: true). */
    denyKnownMalicious: boolean;
  };
  registries: {
    npm: NpmRegistryPolicy;
    pypi: {
      /** The index (simple API) packages are expected from. */
      url: string;
      /** MCP packages in requirements files must carry `--hash` (as `pip install --require-hashes`). */
      requireHashes: boolean;
    };
    go: {
      /** GOPROXY values the policy accepts (the first is the expected one). */
      proxy: string[];
      /** The checksum database (GOSUMDB). */
      sumdb: string;
    };
    cargo: {
      /** Registry sources accepted in Cargo.lock / .cargo/config.toml (crates.io's git and sparse index). */
      urls: string[];
    };
    oci: {
      /** Registry hosts MCP images may come from. */
      registries: string[];
      /** MCP images must be pinned by `@sha256:` digest, not a tag. */
      requireDigest: boolean;
    };
  };
  /** Remote MCP servers: allowed hosts (globs); undefined = hosts not checked (https still required). */
  remotes: { hosts?: string[] };
  /** Programs on PATH that MCP configs may start (`github-mcp-server`): lower case, without `.exe`. */
  launchers: { allow: string[] };
  /** server.json files that are release-time templates by design (globs over repository paths); `template` findings are not reported for them. */
  serverJson: { templates: string[] };
  /** .mcpb bundles: what each bundle must carry to be trusted, and who is trusted to sign them. */
  bundles: {
    require: 'none' | 'signature' | 'sha256' | 'signature-or-sha256';
    /** Signer certificates trusted by their SHA-256 (lower-case hex, no colons). */
    signers: { name: string; sha256: string; line: number }[];
    /**
     * CA certificates in the repository (read from the base commit): a signer that chains to one is
     * trusted. `certs` is filled when the file is read (policy/bundle-trust.ts, readBundleCa).
     */
    ca?: { path: string; line: number; certs: BundleCertificate[] };
  };
  allow: AllowEntry[];
  deny: DenyEntry[];
  rules: Record<RuleId, RuleLevel>;
  exceptions: ExceptionEntry[];
  /** Registry verification settings (issue 3). */
  verify: {
    /** Fetch facts from the registry at all. */
    registry: boolean;
    /** Download tarballs and check them against the integrity. */
    tarballs: boolean;
    /** Versions younger than this many days are reported by `release-age`. */
    minDays: number;
  };
  limits: { maxFileBytes: number };
  /** Line of each top-level/nested key, for findings about the policy itself ('allow', 'rules.unknown'). */
  lines: Record<string, number>;
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
