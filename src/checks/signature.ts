// Rule `signature`: the registry signature over `${name}@${version}:${integrity}` must verify with a
// trusted key of that keyid that had not expired when the version was published.
import { type Check, draftFor, existingVersion } from './check.js';

export const signatureCheck: Check = {
  rule: 'signature',
  run(item, ctx) {
    const sig = existingVersion(item, ctx)?.v.signature;
    if (!sig) return [];
    if (sig.status === 'invalid') return [draftFor(item, 'signature', `${sig.message} [${sig.code}]`)];
    if (sig.status === 'error') return [draftFor(item, 'signature', sig.message)];
    return [];
  },
};
