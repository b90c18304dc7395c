// Claude Code's user config, ~/.claude.json: `mcpServers` at the top and under each `projects.<dir>`
// (what `scan --user` reads).
import type { ParsedFile } from '../../../types.js';
import { withDepthGuard, expectObject, pathLabel, membersOf } from '../../readers/json.js';
import { rejectBinary, jsonTop, readJsonServers } from './json.js';
import { Collector } from './entries.js';
import { endsWith } from './paths.js';
import type { Format } from '../../format.js';

/**
 * Claude Code's user file `~/.claude.json`: user-scope servers in the top-level `mcpServers`, and
 * local-scope servers under `projects.<directory>.mcpServers`. The rest of the file (history, caches,
 * OAuth account details) is not read.
 */
function parseClaudeUser(text: string, file: string): ParsedFile {
  return withDepthGuard(file, () => {
    rejectBinary(text, file);
    const { doc, top } = jsonTop(text, file);
    const c = new Collector(file, 'claude-code');
    const user = top.get('mcpServers');
    if (user !== undefined && user.value.type !== 'null') for (const entry of readJsonServers(doc, user, 'mcpServers')) c.add(entry);
    const projects = top.get('projects');
    if (projects !== undefined && projects.value.type !== 'null') {
      for (const project of expectObject(doc, projects.value, 'projects').values()) {
        const label = pathLabel('projects', project.key);
        if (project.value.type !== 'object') continue;
        const servers = membersOf(doc, project.value).get('mcpServers');
        if (servers === undefined || servers.value.type === 'null') continue;
        for (const entry of readJsonServers(doc, servers, pathLabel(label, 'mcpServers'))) c.add(entry);
      }
    }
    return c.result();
  });
}

export const claudeUserConfig = {
  id: 'claude-user-config',
  matches: (path) => endsWith(path, '.claude.json'),
  parse: (text, path) => parseClaudeUser(text, path),
  inventory: 'servers',
} satisfies Format;
