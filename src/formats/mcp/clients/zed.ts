// Zed: .zed/settings.json (and the user's), servers under `context_servers`; extension servers launch nothing
// from the file, but their settings may hold credentials.
import { endsWith } from './paths.js';
import { parseJsonConfig } from './json.js';
import type { Format } from '../../format.js';

export const zedSettings = {
  id: 'zed-settings',
  matches: (path) => endsWith(path, '.zed', 'settings.json') || endsWith(path, '.config', 'zed', 'settings.json') || endsWith(path, 'AppData', 'Roaming', 'Zed', 'settings.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'zed', ['context_servers'], { zed: true }),
  inventory: 'servers',
} satisfies Format;
