// Every rule id: its default level and what it means, in words for the people who read the findings
// (README rule table, SARIF help, summaries). Data only; the policy and the reporters both read it.
// Fail closed: anything that lets unverified code run on a developer's machine defaults to `error`.
import type { RuleId, RuleLevel } from './types.js';

export interface RuleInfo {
  /** Default level when the policy does not set one. */
  level: RuleLevel;
  /** PascalCase name for SARIF `reportingDescriptor.name`. */
  name: string;
  /** One line. */
  short: string;
  /** What it checks and what to do about it. */
  help: string;
}

export const RULES: Record<RuleId, RuleInfo> = {
  denied: {
    level: 'error',
    name: 'DeniedPackage',
    short: 'An MCP package version the policy denies.',
    help: 'The policy lists this package and version range under `deny`. Remove it or pick a version outside the denied range.',
  },
  unknown: {
    level: 'error',
    name: 'UnknownMcpPackage',
    short: 'An MCP package the policy does not allow.',
    help: 'The package is MCP-related but not on the policy `allow` list. Review it, then add it to `allow` in the policy on the base branch.',
  },
  version: {
    level: 'error',
    name: 'VersionNotAllowed',
    short: 'An allowed MCP package at a version outside its allowed range.',
    help: 'The policy allows this package only at the versions in its `versions` range. Use an allowed version or widen the range after review.',
  },
  unpinned: {
    level: 'error',
    name: 'UnpinnedMcpPackage',
    short: 'An MCP package referenced without an exact version.',
    help: 'Ranges, tags and `latest` let a new release run without review: a launch (`npx -y pkg`, `uvx pkg@latest`), an image by tag, or a manifest range that no lockfile pins. Pin an exact version, or commit the lockfile that pins the range (then it is a `range` notice).',
  },
  range: {
    level: 'notice',
    name: 'LockedRange',
    short: 'A manifest range that a lockfile pins to one exact version.',
    help: 'The manifest asks for a range (`^1.25.2`, `mcp>=1.23`, `rmcp = "0.9"`), and the lockfile the package manager uses (beside the manifest or at the workspace root above it) pins one version inside it: that version installs, and a new one comes only through a lockfile change, which is judged on its own. A peer dependency range is also reported here: the project that installs the package picks the version. To be stricter, set this rule to `warning` or `error`; to pin in the manifest too, use an exact version.',
  },
  source: {
    level: 'error',
    name: 'UntrustedSource',
    short: 'An MCP package fetched from outside the configured registry.',
    help: 'Git URLs, tarball URLs, local paths and other registries bypass registry signatures. Use the registry, or allow the source explicitly.',
  },
  integrity: {
    level: 'error',
    name: 'IntegrityMismatch',
    short: 'A missing or unexpected integrity hash.',
    help: 'The lockfile records no integrity, or one that differs from the policy or the registry. The bytes installed may not be the bytes reviewed.',
  },
  typosquat: {
    level: 'error',
    name: 'PossibleTyposquat',
    short: 'A package name close to a well-known MCP package.',
    help: 'The name differs from a well-known MCP package by a small edit. Check that the intended package is used.',
  },
  'install-scripts': {
    level: 'warning',
    name: 'InstallScripts',
    short: 'An MCP package that runs scripts at install time.',
    help: 'preinstall/install/postinstall scripts run with the installing user’s rights. Review the scripts or install with scripts disabled.',
  },
  'policy-changed': {
    level: 'warning',
    name: 'PolicyChanged',
    short: 'The pull request edits the gate policy.',
    help: 'The gate evaluates a pull request under the base branch policy; the edit itself needs a maintainer’s review.',
  },
  'parse-error': {
    level: 'error',
    name: 'ParseError',
    short: 'A changed dependency file that could not be read.',
    help: 'The gate does not pass what it could not read. Fix the file at the reported line.',
  },
  'exception-expired': {
    level: 'warning',
    name: 'ExceptionExpired',
    short: 'A policy exception past its expiry date.',
    help: 'The exception no longer applies. Remove it, or renew it with a new date and reason.',
  },
  registry: {
    level: 'error',
    name: 'RegistryUnavailable',
    short: 'The registry could not be asked about a package.',
    help: 'Without the registry answer the package could not be verified. Re-run, or check the registry settings and token.',
  },
  signature: {
    level: 'error',
    name: 'RegistrySignature',
    short: 'A missing or invalid registry signature.',
    help: 'The registry signature over name, version and integrity did not verify against the trusted keys.',
  },
  provenance: {
    level: 'error',
    name: 'Provenance',
    short: 'Missing or mismatching build provenance.',
    help: 'The policy requires a Sigstore provenance attestation for this package, or the attestation does not match the package or the expected repository.',
  },
  publisher: {
    level: 'error',
    name: 'UnexpectedPublisher',
    short: 'A version published by an account the policy does not expect.',
    help: 'The publisher of this version is not among the policy `publishers`. A changed publisher can mean a taken-over account.',
  },
  'release-age': {
    level: 'warning',
    name: 'RecentRelease',
    short: 'A version released very recently.',
    help: 'Malicious releases are usually found within days. Wait for the version to age, or review it closely.',
  },
  exists: {
    level: 'error',
    name: 'PackageMissing',
    short: 'A package or version the registry does not have.',
    help: 'The registry has no such package or version (unpublished, private, or a name that can be claimed by anyone).',
  },
  deprecated: {
    level: 'warning',
    name: 'Deprecated',
    short: 'A deprecated package version.',
    help: 'The registry marks this version as deprecated. Read the deprecation message and upgrade.',
  },
  remote: {
    level: 'error',
    name: 'RemoteServer',
    short: 'A remote MCP server over http, or on a host the policy does not list.',
    help: 'A remote server receives what the agent sends it. Its `url` must be https, and when the policy lists `remotes.hosts`, its host must be one of them.',
  },
  secret: {
    level: 'error',
    name: 'LiteralSecret',
    short: 'A literal token, key or password committed in a config.',
    help: 'Credentials in `env`, `headers`, `args` or a package-manager config are readable by everyone with the repository. Use an input (`${input:token}`) or an environment reference, and revoke the committed one. The value is never shown in findings.',
  },
  launcher: {
    level: 'error',
    name: 'UnsafeLauncher',
    short: 'An MCP server started by a shell, an unknown command, or a container with host access.',
    help: 'Only known launchers (npx, pnpm/yarn dlx, bunx, uvx, pipx, uv, docker/podman, node/python on a path, mcp-remote) can be traced to a package. A shell pipeline, `--privileged`, or a host-root mount runs what no review saw.',
  },
  bundle: {
    level: 'error',
    name: 'McpBundle',
    short: 'A .mcpb bundle that is malformed, hostile, unsigned where the policy requires it, or asks for broad access.',
    help: 'Bundles are read in memory with limits and never unpacked. Their manifest must be valid for its version, the entry point must exist, the command must match the server type, and a signature or pinned sha256 is required when the policy says so.',
  },
  'server-json': {
    level: 'error',
    name: 'ServerJson',
    short: 'A server.json that the MCP registry would not trust.',
    help: 'Packages in server.json need exact versions (no ranges or `latest`), a known `registryType`, `fileSha256` for mcpb packages, and https remotes.',
  },
  'registry-config': {
    level: 'error',
    name: 'RegistryConfig',
    short: 'A package-manager setting that changes where packages come from or turns off verification.',
    help: 'A registry or scope that the policy does not name, an extra index beside the official one (dependency confusion), http, or disabled TLS/checksum checks. Point it at the policy registry, or change the policy on the base branch.',
  },
};
