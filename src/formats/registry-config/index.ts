// Package-manager registry configuration: where packages come from and whether they are verified.
import type { Format } from '../format.js';
import { bunfig } from './bunfig.js';
import { cargoConfig } from './cargo-config.js';
import { goEnv } from './go-env.js';
import { npmrc } from './npmrc.js';
import { pipConf } from './pip-conf.js';
import { uvToml } from './uv-toml.js';
import { yarnrc, yarnrcYml } from './yarnrc.js';

export const REGISTRY_CONFIG_FORMATS: readonly Format[] = [npmrc, yarnrcYml, yarnrc, bunfig, pipConf, uvToml, cargoConfig, goEnv];
