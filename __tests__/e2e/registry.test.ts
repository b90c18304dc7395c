// The bundled action verifying changed MCP packages against a real registry on 127.0.0.1 that signs
// what it serves, the way the public registry does.
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { lineOf, type LockPackage } from '../helpers/git-repo';
import { TestRegistry } from '../helpers/npm-registry';
import { runAction } from '../helpers/run-dist';
import { pullRequest } from './scenario';

let github: FakeGitHub;
let registry: TestRegistry;

beforeEach(async () => {
  github = await startFakeGitHub({ token: 'fake-token' });
  registry = await TestRegistry.start();
});
afterEach(async () => {
  await github.close();
  await registry.close();
});

function policy(): string {
  const k = registry.policyKey();
  return `version: 1
registries:
  npm:
    url: ${registry.url}
    keys:
      - keyid: "${k.keyid}"
        key: "${k.key}"
allow:
  - name: "@modelcontextprotocol/*"
verify:
  min-days: 3
`;
}

function lockEntry(name: string, version: string, integrity: string): LockPackage {
  return { name, version, resolved: registry.tarballUrl(name, version), integrity };
}

async function gate(lock: LockPackage[]) {
  const deps = Object.fromEntries(lock.map((p) => [p.name, p.version]));
  const s = pullRequest({ deps, lock }, { policy: policy() });
  const res = await runAction({ workspace: s.repo.dir, eventName: 'pull_request', payload: s.payload, sha: s.merge, apiUrl: github.url, inputs: { offline: 'false' } });
  return { s, res };
}

test('a valid, signed package passes, and the verification log says against which key', async () => {
  const p = registry.publish({ name: '@modelcontextprotocol/server-memory', version: '2026.1.0' });
  const { res } = await gate([lockEntry('@modelcontextprotocol/server-memory', '2026.1.0', p.integrity)]);
  expect(res.report.findings).toEqual([]);
  expect(res.code).toBe(0);
  const sig = res.report.verification.find((r: any) => r.check === 'signature');
  expect(sig).toMatchObject({ name: '@modelcontextprotocol/server-memory', version: '2026.1.0', result: 'pass' });
  expect(sig.detail).toContain(registry.key.keyid);
});

test('a forged signature fails on the lockfile line, naming package and version', async () => {
  const p = registry.publish({ name: '@modelcontextprotocol/server-memory', version: '2026.1.0', signature: 'forged' });
  const { s, res } = await gate([lockEntry('@modelcontextprotocol/server-memory', '2026.1.0', p.integrity)]);
  expect(res.code).toBe(1);
  const f = res.report.findings.find((x: any) => x.rule === 'signature');
  expect(f).toMatchObject({ level: 'error', file: 'package-lock.json', line: lineOf(s.files['package-lock.json'], '"node_modules/@modelcontextprotocol/server-memory"') });
  expect(f.message).toContain('@modelcontextprotocol/server-memory@2026.1.0');
});

test('an integrity that differs from the registry fails', async () => {
  registry.publish({ name: '@modelcontextprotocol/server-memory', version: '2026.1.0' });
  const { res } = await gate([lockEntry('@modelcontextprotocol/server-memory', '2026.1.0', 'sha512-' + Buffer.alloc(64, 7).toString('base64'))]);
  expect(res.code).toBe(1);
  expect(res.report.findings.map((f: any) => f.rule)).toContain('integrity');
});

test('a package the registry does not know fails as exists', async () => {
  const { res } = await gate([lockEntry('@modelcontextprotocol/server-hallucinated', '1.0.0', 'sha512-' + Buffer.alloc(64, 1).toString('base64'))]);
  expect(res.code).toBe(1);
  expect(res.report.findings.find((f: any) => f.rule === 'exists').message).toContain('server-hallucinated');
});

test('a registry that keeps answering 500 is a registry finding, not a pass', async () => {
  const p = registry.publish({ name: '@modelcontextprotocol/server-memory', version: '2026.1.0' });
  registry.faults.push({ kind: 'status', status: 500, times: 1000 });
  const { res } = await gate([lockEntry('@modelcontextprotocol/server-memory', '2026.1.0', p.integrity)]);
  expect(res.code).toBe(1);
  expect(res.report.findings.map((f: any) => f.rule)).toContain('registry');
});

test('a version published yesterday is reported by release-age', async () => {
  const p = registry.publish({ name: '@modelcontextprotocol/server-memory', version: '2026.1.0', publishedAt: new Date(Date.now() - 86_400_000).toISOString() });
  const { res } = await gate([lockEntry('@modelcontextprotocol/server-memory', '2026.1.0', p.integrity)]);
  const f = res.report.findings.find((x: any) => x.rule === 'release-age');
  expect(f).toMatchObject({ level: 'warning', name: '@modelcontextprotocol/server-memory' });
  expect(res.code).toBe(0);
});
