import { NO_FACTS } from './facts.js';
import type { GateOptions } from './pipeline.js';

/** The Facts stage as the fronts wire it: registry verification of the changed MCP packages. */
export function factsStage(_opts: { env: NodeJS.ProcessEnv; offline?: boolean }): GateOptions['gatherFacts'] {
  return async () => NO_FACTS;
}
