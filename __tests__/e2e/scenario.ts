// Pull-request scenarios on real git repositories: a base commit with a policy, a PR commit on top,
// and GitHub's merge commit, with the event payload GitHub would send.
import { TestRepo, fakeIntegrity, packageJson, packageLock, type LockPackage } from '../helpers/git-repo';

export const PLAYWRIGHT_PIN = fakeIntegrity('@playwright/mcp@0.0.41 real bytes');

export const POLICY = `version: 1
mcp:
  include: ["@acme/agent-*"]
  exclude: ["mcpx-unrelated"]
allow:
  - name: "@modelcontextprotocol/*"
    versions: ">=2025.1.0"
  - name: "@playwright/mcp"
    versions: "0.0.41"
    integrity:
      "0.0.41": "${PLAYWRIGHT_PIN}"
deny:
  - name: postmark-mcp
    versions: "*"
    reason: "Exfiltrated mail, Sept 2025"
rules:
  install-scripts: warning
`;

export const BASE_DEPS: Record<string, string> = { 'left-pad': '1.3.0' };
export const BASE_LOCK: LockPackage[] = [{ name: 'left-pad', version: '1.3.0' }];

export interface Scenario {
  repo: TestRepo;
  base: string;
  head: string;
  merge: string;
  payload: Record<string, unknown>;
  files: Record<string, string>;
}

/** Base: policy + package.json + lockfile. PR: `deps` and `lock` added to them (or raw file overrides). */
export function pullRequest(
  change: { deps?: Record<string, string>; lock?: LockPackage[]; files?: Record<string, string | null> },
  base: { policy?: string | null; files?: Record<string, string> } = {},
): Scenario {
  const repo = new TestRepo();
  const baseFiles: Record<string, string | null> = {
    'package.json': packageJson(BASE_DEPS),
    'package-lock.json': packageLock(BASE_DEPS, BASE_LOCK),
    'README.md': '# demo\n',
    ...base.files,
  };
  if (base.policy !== null) baseFiles['.github/mcp-policy.yml'] = base.policy ?? POLICY;
  const baseSha = repo.commit(baseFiles, 'base');
  repo.branch('feature');
  const deps = { ...BASE_DEPS, ...change.deps };
  const files: Record<string, string | null> = {};
  if (change.deps) files['package.json'] = packageJson(deps);
  if (change.lock) files['package-lock.json'] = packageLock(deps, [...BASE_LOCK, ...change.lock]);
  Object.assign(files, change.files);
  const head = repo.commit(files, 'pr');
  const merge = repo.mergeCommit(baseSha, head);
  const payload = {
    action: 'synchronize',
    number: 7,
    pull_request: { number: 7, base: { sha: baseSha, ref: 'main' }, head: { sha: head, ref: 'feature' } },
    repository: { full_name: 'acme/widgets', name: 'widgets', owner: { login: 'acme' } },
  };
  const written: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) if (typeof v === 'string') written[k] = v;
  return { repo, base: baseSha, head, merge, payload, files: written };
}
