// Gemini CLI: .gemini/settings.json, servers under `mcpServers` (`url` is SSE, `httpUrl` streamable HTTP).
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const geminiSettings = {
  id: 'gemini-settings',
  matches: (path) => endsWith(path, '.gemini', 'settings.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'gemini', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;
