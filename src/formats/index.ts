// The registry of file formats. A new format is one module plus one line in FORMATS.
import type { Format } from './format.js';
import { bunLock, bunLockb } from './npm/bun-lock.js';
import { bunfig } from './registry-config/bunfig.js';
import { cargoConfig } from './registry-config/cargo-config.js';
import { cargoLock } from './cargo/cargo-lock.js';
import { cargoToml } from './cargo/cargo-toml.js';
import { compose } from './containers/compose.js';
import { dockerfile } from './containers/dockerfile.js';
import { goEnv } from './registry-config/go-env.js';
import { goMod, goSum } from './go/go-mod.js';
import { workflow } from './actions/workflow.js';
import { MCP_CONFIG_FORMATS } from './mcp/clients.js';
import { mcpb } from './mcp/mcpb.js';
import { serverJson } from './mcp/server-json.js';
import { npmrc } from './registry-config/npmrc.js';
import { pipConf } from './registry-config/pip-conf.js';
import { uvToml } from './registry-config/uv-toml.js';
import { yarnrc, yarnrcYml } from './registry-config/yarnrc.js';
import { packageJson } from './npm/package-json.js';
import { packageLock } from './npm/package-lock.js';
import { pipfile, pipfileLock } from './pypi/pipfile.js';
import { pnpmLock } from './npm/pnpm-lock.js';
import { pyproject } from './pypi/pyproject.js';
import { poetryLock, pylock, uvLock } from './pypi/locks.js';
import { requirementsTxt } from './pypi/requirements.js';
import { yarnLock } from './npm/yarn-lock.js';

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
