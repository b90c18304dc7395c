// Any other mcp.json: servers under `mcpServers` or `servers`.
import { endsWith, isVscodeUserMcp } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const genericMcpJson = {
  id: 'mcp-json',
  matches: (path) => endsWith(path, 'mcp.json') && !endsWith(path, '.cursor', 'mcp.json') && !endsWith(path, '.vscode', 'mcp.json') && !isVscodeUserMcp(path),
  parse: (text, path) => parseJsonConfig(text, path, 'mcp-json', ['mcpServers', 'servers']),
  inventory: 'servers',
} satisfies Format;
