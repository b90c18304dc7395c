// MCP client configs: the files through which most MCP servers enter a repository. Each server entry
// becomes an McpServer (with the line of its name), the packages its command launches become
// Dependency entries (kind 'config'), and what the file shows by itself becomes FileIssues: a launcher
// that cannot be traced to a package or gives a container the host ('launcher'), and literal
// credentials in env, headers, args or URLs ('secret', masked).
//
// Clients and their files (JSON is read as JSONC everywhere: comments and trailing commas are
// tolerated even where a client is strict, because this gate judges what a file launches, not whether
// the client would load it):
//   Claude Code `.mcp.json`, Claude Desktop `claude_desktop_config.json`, Cursor `.cursor/mcp.json`,
//   Windsurf `mcp_config.json`: `mcpServers`; VS Code `.vscode/mcp.json`: `servers` + `inputs`;
//   Gemini CLI `.gemini/settings.json`: `mcpServers`; Codex `.codex/config.toml`: `[mcp_servers.<name>]`;
//   Zed `.zed/settings.json`: `context_servers`; Continue `.continue/mcpServers/*.yaml|*.yml|*.json`
//   (and `.continue/config.yaml`): a `mcpServers` list; any other `mcp.json`: `mcpServers` or `servers`.
// User-level configs (what `scan --user` reads): Claude Code's `~/.claude.json` (`mcpServers` at the
// top and under each `projects.<dir>`), VS Code's user-profile `<Code>/User/mcp.json` (as
// `.vscode/mcp.json`), Zed's Windows `%APPDATA%\Zed\settings.json` (as `.zed/settings.json`).
import type { Format } from '../../format.js';
import { claudeCodeMcp } from './claude-code.js';
import { claudeDesktopConfig } from './claude-desktop.js';
import { cursorMcp } from './cursor.js';
import { vscodeMcp } from './vscode.js';
import { geminiSettings } from './gemini.js';
import { codexConfig } from './codex.js';
import { zedSettings } from './zed.js';
import { windsurfMcp } from './windsurf.js';
import { continueMcp } from './continue.js';
import { claudeUserConfig } from './claude-user.js';
import { genericMcpJson } from './mcp-json.js';
/** Every MCP client config format; their `matches` never overlap. */
export const MCP_CONFIG_FORMATS: readonly Format[] = [
  claudeCodeMcp,
  claudeDesktopConfig,
  cursorMcp,
  vscodeMcp,
  geminiSettings,
  codexConfig,
  zedSettings,
  windsurfMcp,
  continueMcp,
  claudeUserConfig,
  genericMcpJson,
];
