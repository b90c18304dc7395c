// The rule catalogue: every rule id with its default level, what it means in words for the people
// who read the findings (README rule table, SARIF help, summaries) and its SARIF security severity.
// The one source: RuleId is derived from it, the policy's defaults and the reporters read it, and tests
// hold checks/ (one module per rule id), the README rule table and the policy schema against it. A new
// rule is one entry here plus one module in checks/. Data only; imports nothing.
// Fail closed: anything that lets unverified code run on a developer's machine defaults to `error`.

export type Level = 'error' | 'warning' | 'notice';
export type RuleLevel = Level | 'off';

export interface RuleInfo {
  /** Default level when the policy does not set one. */
  level: RuleLevel;
  /** PascalCase name for SARIF `reportingDescriptor.name`. */
  name: string;
  /** One line. */
  short: string;
  /** What it checks and what to do about it. */
  help: string;
  /**
   * SARIF `security-severity` (0.0 to 10.0; GitHub code scanning: 9.0+ critical, 7.0+ high, 4.0+
   * medium, below low): how much harm the problem lets into a developer's machine.
   */
  severity: number;
}

const CATALOGUE = {
  denied: {
    level: 'error',
    name: 'DeniedPackage',
    short: 'An MCP package version the policy denies.',
    help: 'The policy lists this package and version range under `deny`. Remove it or pick a version outside the denied range.',
    severity: 9.3,
  },
  unknown: {
    level: 'error',
    name: 'UnknownMcpPackage',
    short: 'An MCP package the policy does not allow.',
    help: 'The package is MCP-related but not on the policy `allow` list. Review it, then add it to `allow` in the policy on the base branch.',
    severity: 7.2,
  },
  version: {
    level: 'error',
    name: 'VersionNotAllowed',
    short: 'An allowed MCP package at a version outside its allowed range.',
    help: 'The policy allows this package only at the versions in its `versions` range. Use an allowed version or widen the range after review.',
    severity: 5.5,
  },
  unpinned: {
    level: 'error',
    name: 'UnpinnedMcpPackage',
    short: 'An MCP package referenced without an exact version.',
    help: 'Ranges, tags and `latest` let a new release run without review: a launch (`npx -y pkg`, `uvx pkg@latest`), an image by tag, or a manifest range that no lockfile pins. Pin an exact version, or commit the lockfile that pins the range (then it is a `range` notice).',
    severity: 6.2,
  },
  range: {
    level: 'notice',
    name: 'LockedRange',
    short: 'A manifest range that a lockfile pins to one exact version.',
    help: 'The manifest asks for a range (`^1.25.2`, `mcp>=1.23`, `rmcp = "0.9"`), and the lockfile the package manager uses (beside the manifest or at the workspace root above it) pins one version inside it: that version installs, and a new one comes only through a lockfile change, which is judged on its own. A peer dependency range is also reported here: the project that installs the package picks the version. To be stricter, set this rule to `warning` or `error`; to pin in the manifest too, use an exact version.',
    severity: 2.5,
  },
  source: {
    level: 'error',
    name: 'UntrustedSource',
    short: 'An MCP package fetched from outside the configured registry.',
    help: 'Git URLs, tarball URLs, local paths and other registries bypass registry signatures. Use the registry, or allow the source explicitly.',
    severity: 7.8,
  },
  integrity: {
    level: 'error',
    name: 'IntegrityMismatch',
    short: 'A missing or unexpected integrity hash.',
    help: 'The lockfile records no integrity, or one that differs from the policy or the registry. The bytes installed may not be the bytes reviewed.',
    severity: 8.6,
  },
  typosquat: {
    level: 'error',
    name: 'PossibleTyposquat',
    short: 'A package name that imitates a well-known MCP package.',
    help: 'The name, or its scope, is a look-alike of an allowlisted, denied, well-known or popular MCP package (a typo, look-alike characters, an added word, a dropped or imitated scope) and has a tiny share of its downloads. Use the intended package, or allow this one by its exact name if it is genuinely different.',
    severity: 8.8,
  },
  'install-scripts': {
    level: 'warning',
    name: 'InstallScripts',
    short: 'An MCP package that runs scripts at install time.',
    help: 'preinstall/install/postinstall scripts run with the installing user’s rights. Review the scripts or install with scripts disabled.',
    severity: 6.6,
  },
  'policy-changed': {
    level: 'warning',
    name: 'PolicyChanged',
    short: 'The pull request edits the gate policy.',
    help: 'The gate evaluates a pull request under the base branch policy; the edit itself needs a maintainer’s review.',
    severity: 4.5,
  },
  'parse-error': {
    level: 'error',
    name: 'ParseError',
    short: 'A changed dependency file that could not be read.',
    help: 'The gate does not pass what it could not read. Fix the file at the reported line.',
    severity: 5.0,
  },
  'exception-expired': {
    level: 'warning',
    name: 'ExceptionExpired',
    short: 'A policy exception past its expiry date.',
    help: 'The exception no longer applies. Remove it, or renew it with a new date and reason.',
    severity: 3.0,
  },
  registry: {
    level: 'error',
    name: 'RegistryUnavailable',
    short: 'The registry could not be asked about a package.',
    help: 'Without the registry answer the package could not be verified. Re-run, or check the registry settings and token.',
    severity: 5.8,
  },
  signature: {
    level: 'error',
    name: 'RegistrySignature',
    short: 'A missing or invalid registry signature.',
    help: 'The registry signature over name, version and integrity did not verify against the trusted keys.',
    severity: 8.1,
  },
  provenance: {
    level: 'error',
    name: 'Provenance',
    short: 'Missing or mismatching build provenance.',
    help: 'The policy requires a Sigstore provenance attestation for this package, or the attestation does not match the package or the expected repository.',
    severity: 5.2,
  },
  publisher: {
    level: 'error',
    name: 'UnexpectedPublisher',
    short: 'A version published by an account the policy does not expect.',
    help: 'The publisher of this version is not among the policy `publishers`. A changed publisher can mean a taken-over account.',
    severity: 6.1,
  },
  'release-age': {
    level: 'warning',
    name: 'RecentRelease',
    short: 'A version released very recently.',
    help: 'Malicious releases are usually found within days. Wait for the version to age, or review it closely.',
    severity: 4.0,
  },
  exists: {
    level: 'error',
    name: 'PackageMissing',
    short: 'A package or version the registry does not have.',
    help: 'The registry has no such package or version (unpublished, private, or a name that can be claimed by anyone).',
    severity: 7.0,
  },
  deprecated: {
    level: 'warning',
    name: 'Deprecated',
    short: 'An archived MCP server, or a package version the registry marks deprecated.',
    help: 'The MCP project archived this server (the built-in corpus knows which, so this works offline), or the registry marks the version deprecated. It gets no fixes any more: move to the maintained replacement the message names, or drop it.',
    severity: 3.5,
  },
  remote: {
    level: 'error',
    name: 'RemoteServer',
    short: 'A remote MCP server over http, or on a host the policy does not list.',
    help: 'A remote server receives what the agent sends it. Its `url` must be https, and when the policy lists `remotes.hosts`, its host must be one of them.',
    severity: 6.0,
  },
  secret: {
    level: 'error',
    name: 'LiteralSecret',
    short: 'A literal token, key or password committed in a config.',
    help: 'Credentials in `env`, `headers`, `args` or a package-manager config are readable by everyone with the repository. Use an input (`${input:token}`) or an environment reference, and revoke the committed one. The value is never shown in findings.',
    severity: 9.1,
  },
  launcher: {
    level: 'error',
    name: 'UnsafeLauncher',
    short: 'An MCP server started by a shell, a downloader, inline code, an unknown subcommand, or a container with host access.',
    help: 'Only known launchers (npx, pnpm/yarn dlx, bunx, uvx, pipx, uv, docker/podman, mcp-remote) can be traced to a package; node/python/deno on a file, npm/pnpm run, uv run, cargo run, go run and dotnet run run the repository\'s own code. A shell pipeline, `curl`, `--privileged`, or a host-root mount runs what no review saw.',
    severity: 7.5,
  },
  'launcher-path': {
    level: 'warning',
    name: 'PathLauncher',
    short: 'An MCP server started by a program on PATH that the gate cannot trace to a package.',
    help: 'The command names a program the client looks up on PATH (`github-mcp-server stdio`): whatever is installed under that name on the machine runs, at whatever version. If your team installs it on purpose, allow it by name under `launchers.allow` in the policy; otherwise start it through a launcher the gate can trace (npx, uvx, docker run) with a pinned version. Shells and downloaders are `launcher` errors, never this.',
    severity: 5.9,
  },
  bundle: {
    level: 'error',
    name: 'McpBundle',
    short: 'A .mcpb bundle that is malformed, hostile, unsigned where the policy requires it, or asks for broad access.',
    help: 'Bundles are read in memory with limits and never unpacked. Their manifest must be valid for its version, the entry point must exist, the command must match the server type, and a signature or pinned sha256 is required when the policy says so.',
    severity: 7.6,
  },
  'server-json': {
    level: 'error',
    name: 'ServerJson',
    short: 'A server.json that the MCP registry would not trust.',
    help: 'Packages in server.json need exact versions (no ranges or `latest`), a known `registryType`, `fileSha256` for mcpb packages, and https remotes.',
    severity: 4.8,
  },
  template: {
    level: 'warning',
    name: 'ReleaseTemplate',
    short: 'A server.json whose packages are release-time templates, so what clients install is not known yet.',
    help: 'Placeholders like `${VERSION}`, `{{version}}` or `<owner>` in a package identifier or version are filled in when the server is released. A concrete package name is still judged; a placeholder name or version is not. Run the gate on the server.json the release publishes, or list the files that are templates by design under `server-json.templates` in the policy.',
    severity: 4.2,
  },
  'config-shape': {
    level: 'notice',
    name: 'UnknownConfigShape',
    short: 'An MCP client config whose shape the gate does not know: it read no servers from it.',
    help: 'The file is named like an MCP client config but has none of the keys its client reads (`mcpServers`, or `servers` in .vscode/mcp.json), for example a bare `{ "name": { "url": … } }` map. Clients will not read such servers either: move them under the key the client reads. Nothing in the file was judged.',
    severity: 2.0,
  },
  'registry-config': {
    level: 'error',
    name: 'RegistryConfig',
    short: 'A package-manager setting that changes where packages come from or turns off verification.',
    help: 'A registry or scope that the policy does not name, an extra index beside the official one (dependency confusion), http, or disabled TLS/checksum checks. Point it at the policy registry, or change the policy on the base branch.',
    severity: 7.0,
  },
} satisfies Record<string, RuleInfo>;

/** Stable rule ids: the catalogue's keys. */
export type RuleId = keyof typeof CATALOGUE;

export const RULES: Readonly<Record<RuleId, RuleInfo>> = CATALOGUE;

/** Every rule id, in the catalogue's order (the order of the README table and of SARIF's rule list). */
export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Each rule at its default level: the policy's `rules` before the policy file is read. */
export function defaultRuleLevels(): Record<RuleId, RuleLevel> {
  return Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].level])) as Record<RuleId, RuleLevel>;
}
