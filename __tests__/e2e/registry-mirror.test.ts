// Issue "quiet on healthy MCP repositories", class 10: registries and mirrors without signatures.
// Two registries on 127.0.0.1: one plays the public registry (it serves the real signature of a real
// version, from the registry signature vectors, checked against the npm keys the gate ships), the
// other plays a company mirror that serves the same version with its signatures stripped and no
// /-/npm/v1/keys. The bundled CLI runs on a real pull request that installs through the mirror.
import fs from 'node:fs';
import path from 'node:path';
import { lineOf, type LockPackage } from '../helpers/git-repo';
import { TestRegistry } from '../helpers/npm-registry';
import { runCli } from '../helpers/run-dist';
import { pullRequest } from './scenario';

// A real publish of the public registry, signed with its current key (the vectors the suite already
// keeps under fixtures/registry, copied from the workplace's registry signature vectors).
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/registry/npm-registry-signatures.json'), 'utf8')) as {
  signatures: { name: string; version: string; integrity: string; keyid: string; sig: string }[];
};
const REAL = vectors.signatures.find((s) => s.name === '@anthropic-ai/claude-code' && s.version === '2.1.98')!;
const PUBLISHED = '2026-01-10T00:00:00.000Z';

let publicRegistry: TestRegistry;
let mirror: TestRegistry;
beforeEach(async () => {
  publicRegistry = await TestRegistry.start();
  mirror = await TestRegistry.start();
  mirror.servesKeys = false;
});
afterEach(async () => {
  await publicRegistry.close();
  await mirror.close();
});

function policy(npm: string): string {
  return `version: 1
mcp:
  include: ["${REAL.name}"]
allow:
  - name: "${REAL.name}"
registries:
  npm:
${npm}
`;
}

/** The real version on both registries: signed on the public one, stripped on the mirror. */
function publishBoth(mirrorIntegrity = REAL.integrity) {
  publicRegistry.publish({ name: REAL.name, version: REAL.version, integrity: REAL.integrity, signatures: [{ keyid: REAL.keyid, sig: REAL.sig }], publishedAt: PUBLISHED });
  mirror.publish({ name: REAL.name, version: REAL.version, integrity: mirrorIntegrity, signature: 'none', publishedAt: PUBLISHED });
}

async function gate(policyText: string, integrity = REAL.integrity) {
  const lock: LockPackage[] = [{ name: REAL.name, version: REAL.version, resolved: mirror.tarballUrl(REAL.name, REAL.version), integrity }];
  const s = pullRequest({ deps: { [REAL.name]: REAL.version }, lock }, { policy: policyText });
  const res = await runCli(['check', '--repo', s.repo.dir, '--base', s.base, '--head', s.merge, '--format', 'json'], { cwd: s.repo.dir });
  let report: any;
  try {
    report = JSON.parse(res.stdout);
  } catch {
    throw new Error(`no JSON report (exit ${res.code}): ${res.stdout}\n${res.stderr}`);
  }
  return { s, res, report, lockLine: lineOf(s.files['package-lock.json'], `"node_modules/${REAL.name}"`) };
}

describe('a mirror that strips signatures', () => {
  test('without verify-with: the signature finding names the mirror, the shipped keys it compared against, and the ways out', async () => {
    publishBoth();
    const { res, report, lockLine } = await gate(policy(`    url: ${mirror.url}`));
    expect(res.code).toBe(1);
    // One finding for the version package.json asks for and package-lock.json pins: on the lockfile line, package.json named.
    const sig = report.findings.filter((f: any) => f.rule === 'signature');
    expect(sig.map((f: any) => [f.level, f.file, f.related?.map((r: any) => r.file)])).toEqual([['error', 'package-lock.json', ['package.json']]]);
    expect(sig[0]).toMatchObject({ line: lockLine, name: REAL.name });
    const m: string = sig[0].message;
    expect(m).toContain(`${REAL.name}@${REAL.version}: ${mirror.url} served no registry signature (dist.signatures) for this version`);
    expect(m).toContain('compared against the public npm registry keys shipped with the gate');
    expect(m).toContain(REAL.keyid);
    expect(m).toContain('registries.npm.verify-with: https://registry.npmjs.org/');
    expect(m).toContain('registries.npm.keys');
    expect(m).toContain('rules.signature');
    expect(m).toContain('[ESIGNATUREMISSING]');
    // Nothing was asked of the public registry.
    expect(publicRegistry.requests).toEqual([]);
  });

  test('with verify-with: the real signature is checked on the public packument with the shipped keys; the report says where each fact came from', async () => {
    publishBoth();
    const { res, report } = await gate(policy(`    url: ${mirror.url}\n    verify-with: ${publicRegistry.url}`));
    expect(report.findings).toEqual([]);
    expect(res.code).toBe(0);
    const log = (check: string) => report.verification.filter((r: any) => r.check === check);
    expect(log('signature')).toEqual([
      expect.objectContaining({ result: 'pass', registry: publicRegistry.url, detail: expect.stringContaining(`keyid ${REAL.keyid} from the public npm registry keys shipped with the gate`) }),
    ]);
    expect(log('exists')).toEqual([expect.objectContaining({ result: 'pass', registry: mirror.url })]);
    expect(log('integrity').map((r: any) => [r.result, r.registry])).toEqual(
      expect.arrayContaining([
        ['pass', publicRegistry.url],
        ['pass', mirror.url],
      ]),
    );
    // The public registry was asked for the packument only: installs still come from the mirror.
    expect(publicRegistry.requests.map((r) => r.path)).toEqual([`/${REAL.name}`]);
  });

  test('with verify-with: bytes on the mirror that the public registry never signed are an integrity error naming both registries', async () => {
    const other = 'sha512-' + Buffer.alloc(64, 9).toString('base64');
    publishBoth(other);
    const { res, report, lockLine } = await gate(policy(`    url: ${mirror.url}\n    verify-with: ${publicRegistry.url}`), other);
    expect(res.code).toBe(1);
    const integrity = report.findings.filter((f: any) => f.rule === 'integrity');
    expect(integrity.map((f: any) => [f.level, f.file, f.related?.map((r: any) => r.file)])).toEqual([['error', 'package-lock.json', ['package.json']]]);
    expect(integrity[0].line).toBe(lockLine);
    expect(integrity[0].message).toContain(`${mirror.url} serves integrity ${other}, but ${publicRegistry.url} (registries.npm.verify-with) has ${REAL.integrity}`);
    // The public signature itself is fine: it vouches for other bytes.
    expect(report.findings.filter((f: any) => f.rule === 'signature')).toEqual([]);
  });

  test('with verify-with: a version only the mirror has cannot be vouched for', async () => {
    mirror.publish({ name: REAL.name, version: REAL.version, integrity: REAL.integrity, signature: 'none', publishedAt: PUBLISHED });
    const { res, report } = await gate(policy(`    url: ${mirror.url}\n    verify-with: ${publicRegistry.url}`));
    expect(res.code).toBe(1);
    const sig = report.findings.find((f: any) => f.rule === 'signature');
    expect(sig.message).toContain(`is on ${mirror.url} but not on ${publicRegistry.url} (registries.npm.verify-with)`);
    expect(sig.message).toContain('registries.npm.scopes');
    expect(sig.message).toContain('[ESIGNATUREMISSING]');
  });

  test('with keys: registry and a mirror that serves no keys, the log says no keys were published (nothing to compare)', async () => {
    publishBoth();
    const { report } = await gate(policy(`    url: ${mirror.url}\n    keys: registry`));
    const sig = report.verification.find((r: any) => r.check === 'signature');
    expect(sig).toMatchObject({ result: 'skipped', registry: mirror.url });
    expect(sig.detail).toContain('answered HTTP 404: the registry publishes no keys');
  });
});

describe('verify-with in the policy is validated like the other keys', () => {
  test.each([
    ['the install registry itself', (m: string) => `    url: ${m}\n    verify-with: ${m}`, 'registries.npm.verify-with: is the registry packages are installed from'],
    ['not a URL', (m: string) => `    url: ${m}\n    verify-with: public-npm`, 'registries.npm.verify-with: not a URL'],
  ])('%s: exit 2 naming the file and line', async (_what, npm, detail) => {
    const text = policy(npm(mirror.url));
    const s = pullRequest({ deps: { [REAL.name]: REAL.version } }, { policy: text });
    const res = await runCli(['check', '--repo', s.repo.dir, '--base', s.base, '--head', s.merge, '--offline'], { cwd: s.repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`.github/mcp-policy.yml:${lineOf(text, 'verify-with')}: ${detail}`);
  });
});
