import type { GateOptions } from './index.js';
import { gatherFacts } from '../registry/index.js';

/** The Facts stage as the fronts wire it: registry verification of the changed MCP packages. */
export function factsStage(opts: { env: NodeJS.ProcessEnv; offline?: boolean; progress?: GateOptions['progress'] }): GateOptions['gatherFacts'] {
  const progress = opts.progress ? (done: number, total: number) => opts.progress!('verify', done, total) : undefined;
  return (items, policy) => gatherFacts(items, policy, { now: new Date(), env: opts.env, offline: opts.offline || !policy.verify.registry, progress });
}
