// The bundled CLI, online, against real registries on loopback: what a lockfile entry's name can make
// the gate ask for.
import { lineOf, type LockPackage } from '../helpers/git-repo';
import { TestRegistry } from '../helpers/npm-registry';
import { runCli } from '../helpers/run-dist';
import { pullRequest } from './scenario';

const TOKEN = 'npm_e2eS3cr3tT0kenValue0123456789abcdef';
const started: TestRegistry[] = [];

async function start(): Promise<TestRegistry> {
  const r = await TestRegistry.start();
  started.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

function policy(url: string, signer: TestRegistry): string {
  const k = signer.policyKey();
  return `version: 1
registries:
  npm:
    url: "${url}"
    token-env: MSG_REGISTRY_TOKEN
    keys:
      - keyid: "${k.keyid}"
        key: "${k.key}"
allow:
  - name: "@modelcontextprotocol/*"
`;
}

/** The CLI on a PR that adds `lock` (and the same names to package.json unless `lockOnly`), with the token in its environment. */
async function check(lock: LockPackage[], policyText: string, opts: { env?: NodeJS.ProcessEnv; format?: string; lockOnly?: boolean } = {}) {
  const s = opts.lockOnly
    ? pullRequest({ lock }, { policy: policyText })
    : pullRequest({ deps: Object.fromEntries(lock.map((p) => [p.name, p.version])), lock }, { policy: policyText });
  const res = await runCli(['check', '--repo', s.repo.dir, '--base', s.base, '--head', s.merge, '--format', opts.format ?? 'json'], {
    cwd: s.repo.dir,
    env: { MSG_REGISTRY_TOKEN: TOKEN, ...opts.env },
  });
  return { s, res, report: opts.format === undefined || opts.format === 'json' ? JSON.parse(res.stdout) : undefined };
}

describe("a lockfile entry's name cannot send the gate anywhere", () => {
  test('names that resolve to another host, port or path are parse errors on their lines, and nobody is asked anything', async () => {
    const registry = await start();
    const bystander = await start();
    const port = new URL(bystander.url).port;
    const names = [`\\\\127.0.0.1:${port}\\fz-mcp`, `\\127.0.0.1:${port}\\fz-mcp`, `//127.0.0.1:${port}/fz-mcp`, `http://127.0.0.1:${port}/fz-mcp`, '../../fz-mcp'];
    const lock = names.map((n) => ({ name: n, version: '1.0.0' }));
    // The registry sits under a path, so `../../fz-mcp` resolved against it would leave that path.
    const { s, res, report } = await check(lock, policy(`${registry.url}npm/`, registry), { lockOnly: true });
    expect(bystander.requests).toEqual([]);
    expect(registry.requests).toEqual([]);
    expect(res.code).toBe(1);
    const lockText = s.files['package-lock.json'];
    const errors = report.findings.filter((f: any) => f.rule === 'parse-error');
    expect(errors.map((f: any) => [f.file, f.line])).toEqual(names.map((n) => ['package-lock.json', lineOf(lockText, JSON.stringify(`node_modules/${n}`))]));
    for (const [i, f] of errors.entries()) {
      expect(f.message).toContain(`The entry for ${JSON.stringify(names[i])} does not name an npm package (`);
      expect(f.message).toContain('Correct the name or remove the entry.');
    }
    expect(report.findings.filter((f: any) => f.rule !== 'parse-error')).toEqual([]);
  });
});
