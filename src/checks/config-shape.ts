// Rule `config-shape`: an MCP client config with none of the keys its client reads servers from. The
// client config reader notices it; it is said out loud (a notice by default), never passed as "0 servers".
import { issueDraft, type Check } from './check.js';

export const configShape: Check = {
  rule: 'config-shape',
  issue: (issue, file) => [issueDraft(issue, file)],
};
