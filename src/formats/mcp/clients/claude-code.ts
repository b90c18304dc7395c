// Claude Code: .mcp.json in the project, servers under `mcpServers`.
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const claudeCodeMcp = {
  id: 'claude-code-mcp',
  matches: (path) => endsWith(path, '.mcp.json'),
  // Claude Code reads `mcpServers`; Visual Studio reads the same file at a solution's root with VS Code's
  // `servers` + `inputs` (modelcontextprotocol/csharp-sdk@e85068ef:.mcp.json). Both launch what is there.
  parse: (text, path) => parseJsonConfig(text, path, 'claude-code', ['mcpServers', 'servers']),
  inventory: 'servers',
} satisfies Format;
