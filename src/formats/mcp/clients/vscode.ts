// VS Code: .vscode/mcp.json and the user profile's mcp.json, servers under `servers` (with `inputs`).
import { endsWith, isVscodeUserMcp } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const vscodeMcp = {
  id: 'vscode-mcp',
  matches: (path) => endsWith(path, '.vscode', 'mcp.json') || isVscodeUserMcp(path),
  parse: (text, path) => parseJsonConfig(text, path, 'vscode', ['servers']),
  inventory: 'servers',
} satisfies Format;
