// The GitHub API client (@actions/github: Octokit, its REST endpoint map, undici): built into its own
// file, dist/lazy-github.js, and loaded when a client is first used (common/github-client.ts).
export { getOctokit } from '@actions/github';
