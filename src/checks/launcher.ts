// Rule `launcher`: an MCP server started by a shell, a downloader, inline code, a subcommand the gate
// cannot trace, or a container with host access. The launch reader (formats/mcp/launch/) observes it
// in the command line; each new one is reported at the server's command.
import { issueDraft, type Check } from './check.js';

export const launcher: Check = {
  rule: 'launcher',
  issue: (issue, file) => [issueDraft(issue, file)],
};
