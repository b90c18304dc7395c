// Cursor: .cursor/mcp.json, servers under `mcpServers`.
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const cursorMcp = {
  id: 'cursor-mcp',
  matches: (path) => endsWith(path, '.cursor', 'mcp.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'cursor', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;
