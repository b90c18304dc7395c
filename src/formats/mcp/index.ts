// MCP servers: client configs (one module per client under clients/), .mcpb bundles and the MCP
// registry's server.json.
import type { Format } from '../format.js';
import { MCP_CONFIG_FORMATS } from './clients/index.js';
import { mcpb } from './mcpb/index.js';
import { serverJson } from './server-json/index.js';

export const MCP_FORMATS: readonly Format[] = [...MCP_CONFIG_FORMATS, mcpb, serverJson];
