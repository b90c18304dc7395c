// Rule `template`: a server.json whose packages are release-time templates (`${VERSION}`, `<owner>`),
// so what clients install is not known yet. A file the policy lists under `server-json.templates` is a
// template by design: working as intended, not news.
import picomatch from 'picomatch';
import { issueDraft, type Check } from './check.js';

export const template: Check = {
  rule: 'template',
  issue(issue, file, { policy }) {
    const accepted = policy.serverJson.templates.some((g) => picomatch.isMatch(file, g, { dot: true }));
    return accepted ? [] : [issueDraft(issue, file)];
  },
};
