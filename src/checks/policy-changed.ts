// Rule `policy-changed`: the pull request edits the gate's policy. It is judged by the base commit's
// policy (the PR does not judge itself), so the edit itself needs a reviewer who owns the policy. A
// --policy file given on the command line is no file of the pull request.
import type { Check } from './check.js';

export const policyChanged: Check = {
  rule: 'policy-changed',
  file(change, { policy }) {
    if (policy.source.kind === 'file' || change.path !== policy.source.path) return [];
    const what = change.status === 'deleted' ? 'deletes' : change.status === 'added' ? 'adds' : 'changes';
    return [
      {
        rule: 'policy-changed',
        file: change.path,
        line: 1,
        message: `This PR ${what} the gate's policy. It is judged by the policy of the base commit; the new policy applies once merged, so it needs a reviewer who owns it.`,
      },
    ];
  },
};
