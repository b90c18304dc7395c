// Claude Code: .mcp.json in the project, servers under `mcpServers`.
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const claudeCodeMcp = {
  id: 'claude-code-mcp',
  matches: (path) => endsWith(path, '.mcp.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'claude-code', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;
