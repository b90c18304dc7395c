// The bundled CLI, online, against real registries on loopback: where the registry token goes when a
// registry redirects, what a lockfile entry's name can make the gate ask for, and whether a
// credential in the policy's registry URL shows up anywhere in what the gate prints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf, type LockPackage } from '../helpers/git-repo';
import { TestRegistry } from '../helpers/npm-registry';
import { runCli } from '../helpers/run-dist';
import { pullRequest } from './scenario';

const TLS = path.join(__dirname, '..', 'fixtures', 'registry', 'tls');
const TOKEN = 'npm_e2eS3cr3tT0kenValue0123456789abcdef';
const NAME = '@modelcontextprotocol/server-memory';
const started: TestRegistry[] = [];

async function start(opts?: Parameters<typeof TestRegistry.start>[0]): Promise<TestRegistry> {
  const r = await TestRegistry.start(opts);
  started.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.close()));
});

function https(): Promise<TestRegistry> {
  return start({ tls: { key: readFileSync(path.join(TLS, 'key.pem'), 'utf8'), cert: readFileSync(path.join(TLS, 'cert.pem'), 'utf8') } });
}

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

/** The CLI on a PR that makes `change` (see pullRequest), with the token in its environment. */
async function check(change: Parameters<typeof pullRequest>[0], policyText: string, opts: { env?: NodeJS.ProcessEnv; format?: string } = {}) {
  const s = pullRequest(change, { policy: policyText });
  const res = await runCli(['check', '--repo', s.repo.dir, '--base', s.base, '--head', s.merge, '--format', opts.format ?? 'json'], {
    cwd: s.repo.dir,
    env: { MSG_REGISTRY_TOKEN: TOKEN, ...opts.env },
  });
  return { s, res, report: opts.format === undefined || opts.format === 'json' ? JSON.parse(res.stdout) : undefined };
}

/** A PR adding these lockfile entries and the same names to package.json. */
function withDeps(lock: LockPackage[]) {
  return { deps: Object.fromEntries(lock.map((p) => [p.name, p.version])), lock };
}

/** A lockfile entry with the registry's integrity and no `resolved`, so only the registry's answers are judged. */
function entry(name: string, version: string, integrity: string): LockPackage {
  return { name, version, integrity, resolved: null };
}

describe('the registry token goes only to the origin the policy names', () => {
  test('the normal case: the token reaches the policy registry and the package passes', async () => {
    const a = await start();
    const p = a.publish({ name: NAME, version: '2026.1.0' });
    const { res, report } = await check(withDeps([entry(NAME, '2026.1.0', p.integrity)]), policy(a.url, a));
    expect(report.findings).toEqual([]);
    expect(res.code).toBe(0);
    expect(a.requests.map((r) => r.path)).toContain(`/${NAME}`);
    expect(a.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
  });

  test('a redirect to another port of the same host is followed without the token', async () => {
    const a = await start();
    const b = await start();
    const p = b.publish({ name: NAME, version: '2026.1.0' });
    a.faults.push({ kind: 'redirect', to: b.url, times: 99 });
    const { res, report } = await check(withDeps([entry(NAME, '2026.1.0', p.integrity)]), policy(a.url, b));
    expect(new URL(b.url).hostname).toBe(new URL(a.url).hostname);
    expect(a.requests.length).toBeGreaterThan(0);
    expect(a.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(b.requests.map((r) => r.path)).toContain(`/${NAME}`);
    expect(b.requests.map((r) => r.headers.authorization)).toEqual(b.requests.map(() => undefined));
    expect(report.findings).toEqual([]);
    expect(report.verification.find((r: any) => r.check === 'signature')).toMatchObject({ name: NAME, result: 'pass' });
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
  });

  test('a redirect to another host is followed without the token', async () => {
    const a = await start();
    const b = await start({ host: '127.0.0.2' });
    const p = b.publish({ name: NAME, version: '2026.1.0' });
    a.faults.push({ kind: 'redirect', to: b.url, status: 307, times: 99 });
    const { report } = await check(withDeps([entry(NAME, '2026.1.0', p.integrity)]), policy(a.url, b));
    expect(b.requests.length).toBeGreaterThan(0);
    expect(b.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(report.findings).toEqual([]);
  });

  test('an https registry (trusted through NODE_EXTRA_CA_CERTS) gets the token; without that CA it is not trusted at all', async () => {
    const a = await https();
    const p = a.publish({ name: NAME, version: '2026.1.0' });
    const trusted = await check(withDeps([entry(NAME, '2026.1.0', p.integrity)]), policy(a.url, a), { env: { NODE_EXTRA_CA_CERTS: path.join(TLS, 'ca.pem') } });
    expect(trusted.report.findings).toEqual([]);
    expect(a.requests.length).toBeGreaterThan(0);
    expect(a.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    a.requests.length = 0;
    const untrusted = await check({ lock: [entry(NAME, '2026.1.0', p.integrity)] }, policy(a.url, a));
    expect(untrusted.res.code).toBe(1);
    expect(untrusted.report.findings.map((f: any) => f.rule)).toEqual(['registry']);
    expect(untrusted.report.findings[0].message).toMatch(/certificate/i);
    expect(a.requests).toEqual([]);
  });

  test('a redirect from https down to plain http is refused: the http server hears nothing, and the finding says why', async () => {
    const a = await https();
    const b = await start();
    const p = b.publish({ name: NAME, version: '2026.1.0' });
    a.faults.push({ kind: 'redirect', to: b.url, times: 99 });
    const { s, res, report } = await check({ lock: [entry(NAME, '2026.1.0', p.integrity)] }, policy(a.url, b), { env: { NODE_EXTRA_CA_CERTS: path.join(TLS, 'ca.pem') } });
    expect(a.requests.length).toBeGreaterThan(0);
    expect(b.requests).toEqual([]);
    expect(res.code).toBe(1);
    const f = report.findings.find((x: any) => x.rule === 'registry');
    expect(f).toMatchObject({ level: 'error', name: NAME, file: 'package-lock.json', line: lineOf(s.files['package-lock.json'], `"node_modules/${NAME}"`) });
    expect(f.message).toMatch(/the registry redirects it to plain http \(http:\/\/127\.0\.0\.1:\d+\/@modelcontextprotocol%2fserver-memory\), which anyone .* so it was not followed\. Make the registry redirect to https\./);
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
  });
});

describe("a lockfile entry's name cannot send the gate anywhere", () => {
  test('names that resolve to another host, port or path are parse errors on their lines, and nobody is asked anything', async () => {
    const registry = await start();
    const bystander = await start();
    const port = new URL(bystander.url).port;
    const names = [`\\\\127.0.0.1:${port}\\fz-mcp`, `\\127.0.0.1:${port}\\fz-mcp`, `//127.0.0.1:${port}/fz-mcp`, `http://127.0.0.1:${port}/fz-mcp`, '../../fz-mcp'];
    const lock = names.map((n) => ({ name: n, version: '1.0.0' }));
    // The registry sits under a path, so `../../fz-mcp` resolved against it would leave that path.
    const { s, res, report } = await check({ lock }, policy(`${registry.url}npm/`, registry));
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
  test('the same for yarn.lock and pnpm-lock.yaml entries', async () => {
    const registry = await start();
    const bystander = await start();
    const port = new URL(bystander.url).port;
    const integrity = 'sha512-' + Buffer.alloc(64, 1).toString('base64');
    const yarnName = `//127.0.0.1:${port}/fz-mcp`;
    const pnpmName = `\\127.0.0.1:${port}\fz-mcp`;
    const yarn = `# yarn lockfile v1\n\n\n"${yarnName}@1.0.0":\n  version "1.0.0"\n  integrity ${integrity}\n`;
    const pnpm = `lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\npackages:\n\n  '${pnpmName}@1.0.0':\n    resolution: {integrity: ${integrity}}\n\nsnapshots:\n\n  '${pnpmName}@1.0.0': {}\n`;
    const { res, report } = await check({ files: { 'yarn.lock': yarn, 'pnpm-lock.yaml': pnpm } }, policy(registry.url, registry));
    expect(bystander.requests).toEqual([]);
    expect(registry.requests).toEqual([]);
    expect(res.code).toBe(1);
    expect(report.findings.map((f: any) => [f.rule, f.file, f.line])).toEqual([
      ['parse-error', 'pnpm-lock.yaml', lineOf(pnpm, `'${pnpmName}@1.0.0':`)],
      ['parse-error', 'yarn.lock', lineOf(yarn, `"${yarnName}@1.0.0":`)],
    ]);
  });
});

describe('no credential from the policy registry URL is printed', () => {
  const SECRET = /s3cr3t/i;

  test.each([
    ['500', { kind: 'status', status: 500, times: 999 }, 'json'],
    ['404', { kind: 'status', status: 404, times: 999 }, 'json'],
    ['garbage', { kind: 'garbage', times: 999 }, 'json'],
    ['500, as text', { kind: 'status', status: 500, times: 999 }, 'text'],
  ] as const)('a registry with userinfo and ?token= answering %s', async (_what, fault, format) => {
    const a = await start();
    const p = a.publish({ name: NAME, version: '2026.1.0' });
    a.faults.push(fault);
    const url = `${a.url.replace('http://', 'http://bot-s3cr3t-user:pw-s3cr3t-value@')}?token=query-s3cr3t-value&access_token=second-s3cr3t-value`;
    const { res, report } = await check(withDeps([entry(NAME, '2026.1.0', p.integrity)]), policy(url, a), { format });
    expect(res.code).toBe(1);
    expect(a.requests.length).toBeGreaterThan(0);
    // The findings name the registry by scheme, host and path, which is enough to act on.
    expect(res.stdout).toContain(new URL(a.url).host);
    expect(res.stdout).not.toMatch(SECRET);
    expect(res.stderr).not.toMatch(SECRET);
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
    if (report) expect(report.findings.map((f: any) => f.rule)).toContain(fault.kind === 'status' && fault.status === 404 ? 'exists' : 'registry');
  });
});
