// The GitHub API client (@actions/github: Octokit, its REST endpoint map, undici), loaded when a
// client is first used. A run that never talks to the GitHub API (the CLI; the action without a
// token) does not initialise it: in the bundle, a dynamically imported module's code runs on its
// first import.
import type { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

/** A client made on first use: each call answers the same one, @actions/github loaded once. */
export function lazyOctokit(...args: Parameters<typeof getOctokit>): () => Promise<Octokit> {
  let client: Promise<Octokit> | undefined;
  return () => (client ??= import('../lazy/github.js').then((github) => github.getOctokit(...args)));
}
