// The policy in force, as the loader (load.ts) builds it from the YAML file and the defaults: what
// is allowed, denied and excepted, which registries are trusted, each rule's level, and the limits.
import type { BundleCertificate, Ecosystem, PolicySourceInfo, RuleId, RuleLevel } from '../types.js';

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
