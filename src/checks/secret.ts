// Rule `secret`: a literal token, key or password committed in a config. The formats find them as they
// read (src/redact/ holds the detector and the masking): an MCP client config's env, headers, args and
// URLs, a bundle's manifest, a server.json, a package-manager config, a workflow's env. Each new one is
// reported at its line, masked (`ghp_****`); the value is never kept or shown.
import { issueDraft, type Check } from './check.js';

export const secret: Check = {
  rule: 'secret',
  issue: (issue, file) => [issueDraft(issue, file)],
};
