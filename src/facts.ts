// What the Facts stage learned from registries, handed to the checks. Types only.
// Owned by the registry room (src/registry/); checks read it and never fetch.
import type { VerificationRecord } from './types.js';

/** What the registry says about one npm package (filled in by src/registry/). */
export interface NpmPackageFacts {
  name: string;
  /** Set when the packument could not be fetched or read: the `registry` rule reports it. */
  error?: string;
}

export interface Facts {
  /** Registry answers per npm package name, gathered once per run. Empty when verification is off. */
  npm: Map<string, NpmPackageFacts>;
  /** Evidence: what was checked for each package, against which key or identity, and the result. */
  log: VerificationRecord[];
}

export const NO_FACTS: Facts = { npm: new Map(), log: [] };
