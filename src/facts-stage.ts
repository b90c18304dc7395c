import type { GateOptions } from './pipeline.js';
import { gatherFacts } from './registry/index.js';

/** The Facts stage as the fronts wire it: registry verification of the changed MCP packages. */
export function factsStage(opts: { env: NodeJS.ProcessEnv; offline?: boolean }): GateOptions['gatherFacts'] {
  return (items, policy) => gatherFacts(items, policy, { now: new Date(), env: opts.env, offline: opts.offline || !policy.verify.registry });
}
