// Windsurf: mcp_config.json, servers under `mcpServers`.
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const windsurfMcp = {
  id: 'windsurf-mcp',
  matches: (path) => endsWith(path, 'mcp_config.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'windsurf', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;
