// Rule `exception-expired`: a policy exception past its `expires` date no longer applies. The verdict,
// which applies exceptions to findings, reports each expired one once, on its line of the policy.
import type { ExceptionEntry, Policy } from '../policy/types.js';
import type { Check, Draft } from './check.js';

/** Reported by the verdict (pipeline/verdict.ts) through expiredException(). */
export const exceptionExpired: Check = { rule: 'exception-expired' };

/** The finding for an exception that expired, found while judging `draft`. */
export function expiredException(exception: ExceptionEntry, draft: Draft, policy: Policy): Draft {
  return {
    rule: 'exception-expired',
    file: policy.source.path,
    line: exception.line,
    name: draft.name,
    ecosystem: draft.ecosystem,
    message: `The exception for ${exception.name} expired on ${exception.expires}; it no longer applies (${exception.reason})`,
  };
}
