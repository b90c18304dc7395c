// Rule `server-json`: a server.json the MCP registry would not trust (a package without an exact
// version, an unknown registryType, an mcpb package without fileSha256, an http remote). The server.json
// reader observes it; each new one is reported at its line.
import { issueDraft, type Check } from './check.js';

export const serverJsonCheck: Check = {
  rule: 'server-json',
  issue: (issue, file) => [issueDraft(issue, file)],
};
