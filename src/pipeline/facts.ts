// The Facts stage: registry answers for the judged items, gathered by src/registry/ (the only room
// that talks to a registry); what could not be verified is said in a note, never passed over.
import { gatherFacts } from '../registry/index.js';
import type { Policy } from '../policy/types.js';
import { NO_FACTS, type Facts } from '../types.js';
import type { GateOptions, Inventory } from './types.js';

/** The Facts stage as the fronts wire it: registry verification of the changed MCP packages. */
export function factsStage(opts: { env: NodeJS.ProcessEnv; offline?: boolean; progress?: GateOptions['progress'] }): GateOptions['gatherFacts'] {
  const progress = opts.progress ? (done: number, total: number) => opts.progress!('verify', done, total) : undefined;
  return (items, policy) => gatherFacts(items, policy, { now: new Date(), env: opts.env, offline: opts.offline || !policy.verify.registry, progress });
}

/** The facts about the judged items (none without a Facts stage), and a note naming what was not verified. */
export async function factsFor(opts: GateOptions, inventory: Inventory, policy: Policy): Promise<{ facts: Facts; notes: string[] }> {
  const facts = opts.gatherFacts && inventory.judged.length ? await opts.gatherFacts(inventory.judged, policy) : NO_FACTS;
  const unverified = new Set(facts.log.filter((r) => r.result === 'skipped').map((r) => `${r.name}@${r.version ?? '?'}`));
  if (unverified.size === 0) return { facts, notes: [] };
  const why = opts.offline || !policy.verify.registry ? 'offline run or verify.registry: false' : 'see the verification log';
  const names = `${[...unverified].slice(0, 20).join(', ')}${unverified.size > 20 ? ` and ${unverified.size - 20} more` : ''}`;
  return { facts, notes: [`Not verified against the registry (${why}): ${names}.`] };
}
