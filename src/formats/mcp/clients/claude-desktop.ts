// Claude Desktop: claude_desktop_config.json, servers under `mcpServers`.
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const claudeDesktopConfig = {
  id: 'claude-desktop-config',
  matches: (path) => endsWith(path, 'claude_desktop_config.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'claude-desktop', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;
