import { ContextError } from '../context/index.js';
import { GitError } from '../context/git.js';
import { PolicyError } from '../policy/index.js';

/** Errors that mean the gate could not judge: a clear message and exit status 2, never a pass. */
export function couldNotRun(e: unknown, err: (s: string) => void): number {
  if (e instanceof PolicyError) err(`mcp-supply-gate: invalid policy: ${e.message}\n`);
  else if (e instanceof ContextError || e instanceof GitError) err(`mcp-supply-gate: ${e.message}\n`);
  else err(`mcp-supply-gate: could not run: ${(e as Error)?.stack ?? String(e)}\n`);
  return 2;
}
