// The registry of file formats. A new format is one module plus one line in FORMATS.
import type { Format } from './format.js';
import { bunLock, bunLockb } from './bun-lock.js';
import { bunfig } from './bunfig.js';
import { cargoConfig } from './cargo-config.js';
import { cargoLock } from './cargo-lock.js';
import { cargoToml } from './cargo-toml.js';
import { compose } from './compose.js';
import { dockerfile } from './dockerfile.js';
import { goEnv } from './go-env.js';
import { goMod, goSum } from './go-mod.js';
import { workflow } from './workflow.js';
import { MCP_CONFIG_FORMATS } from './mcp-config.js';
import { mcpb } from './mcpb.js';
import { serverJson } from './server-json.js';
import { npmrc } from './npmrc.js';
import { pipConf } from './pip-conf.js';
import { uvToml } from './uv-toml.js';
import { yarnrc, yarnrcYml } from './yarnrc.js';
import { packageJson } from './package-json.js';
import { packageLock } from './package-lock.js';
import { pipfile, pipfileLock } from './pipfile.js';
import { pnpmLock } from './pnpm-lock.js';
import { pyproject } from './pyproject.js';
import { poetryLock, pylock, uvLock } from './python-locks.js';
import { requirementsTxt } from './python-requirements.js';
import { yarnLock } from './yarn-lock.js';

/** Every format the gate reads, in the order they are asked whether they match a path. */
export const FORMATS: readonly Format[] = [
  // npm and the other JavaScript package managers
  packageJson,
  packageLock,
  yarnLock,
  pnpmLock,
  bunLock,
  bunLockb,
  // Python
  requirementsTxt,
  pyproject,
  uvLock,
  poetryLock,
  pylock,
  pipfile,
  pipfileLock,
  // Go, Rust, containers, CI
  goMod,
  goSum,
  cargoToml,
  cargoLock,
  dockerfile,
  compose,
  workflow,
  // MCP client configs
  ...MCP_CONFIG_FORMATS,
  // MCP bundles and the MCP registry's server.json
  mcpb,
  serverJson,
  // package-manager registry configuration
  npmrc,
  yarnrcYml,
  yarnrc,
  bunfig,
  pipConf,
  uvToml,
  cargoConfig,
  goEnv,
];

/** The format that reads the file at this repository-relative path, if any. */
export function formatFor(path: string): Format | undefined {
  return FORMATS.find((format) => format.matches(path));
}
