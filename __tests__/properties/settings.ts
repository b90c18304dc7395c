// Seed and size of the property runs. Fixed by default so a CI failure reproduces on any machine;
// FC_SEED picks another seed, FC_RUNS runs every property that many times (for long local runs:
// `FC_RUNS=5000 FC_SEED=$RANDOM npx jest __tests__/properties`). A failure prints the seed, the path
// and the shrunk counterexample (fast-check's report), so `FC_SEED=<seed>` replays it.
import fc from 'fast-check';

function intFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, found ${JSON.stringify(raw)}`);
  return n;
}

export const SEED = intFromEnv('FC_SEED') ?? 0x5eed_2026;
const RUNS = intFromEnv('FC_RUNS');

/** The largest generated or mutated input, in UTF-16 units: enough for long lines and deep nesting, cheap to parse. */
export const MAX_INPUT = 48 * 1024;

/**
 * Parameters of one property: the seed, and `runs` unless FC_RUNS overrides it. The defaults keep the
 * whole property suite within about 30-60 s of `npx jest` on a 2-core machine.
 */
export function params<T>(runs: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  return { seed: SEED, numRuns: RUNS ?? runs, ...extra };
}

/** A suffix for describe() titles, so the seed in use shows in every report line. */
export const SEED_LABEL = `(fast-check seed ${SEED}${RUNS === undefined ? '' : `, ${RUNS} runs`}; FC_SEED/FC_RUNS to change)`;
