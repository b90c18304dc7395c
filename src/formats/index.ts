// The registry of file formats. A new format is one module plus one line in FORMATS.
import type { Format } from './format.js';
import { bunLock, bunLockb } from './bun-lock.js';
import { bunfig } from './bunfig.js';
import { cargoConfig } from './cargo-config.js';
import { mcpb } from './mcpb.js';
import { serverJson } from './server-json.js';
import { npmrc } from './npmrc.js';
import { pipConf } from './pip-conf.js';
import { uvToml } from './uv-toml.js';
import { yarnrc, yarnrcYml } from './yarnrc.js';
import { packageJson } from './package-json.js';
import { packageLock } from './package-lock.js';
import { pnpmLock } from './pnpm-lock.js';
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
];

/** The format that reads the file at this repository-relative path, if any. */
export function formatFor(path: string): Format | undefined {
  return FORMATS.find((format) => format.matches(path));
}
