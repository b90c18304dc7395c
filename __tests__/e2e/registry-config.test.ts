// Issue 6 acceptance: a PR must not change where packages come from. Registry settings a PR adds
// are judged against the base commit's policy, on their lines; the report carries the effective
// registry configuration at head. The bundled CLI runs on real pull requests.
import { lineOf, packageLock } from '../helpers/git-repo';
import { checkPr, filePr, where } from './servers';

const POLICY = `version: 1
registries:
  npm:
    scopes:
      "@acme": https://npm.acme.example/
allow:
  - name: "@modelcontextprotocol/*"
  - name: "@acme/*"
`;

const NPMRC = '; project npm settings\nengine-strict=true\n';

describe('.npmrc', () => {
  test('registry= pointing elsewhere fails on its line, and the evidence shows npm resolving there', async () => {
    const npmrc = `${NPMRC}registry=https://registry.evil.example/\n`;
    const res = await checkPr(filePr({ '.npmrc': npmrc }, { '.npmrc': NPMRC }, POLICY));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'registry-config')).toEqual([{ file: '.npmrc', line: lineOf(npmrc, 'registry=') }]);
    expect(res.findings.find((f) => f.rule === 'registry-config')!.message).toContain('https://registry.npmjs.org/');
    expect(res.report.registryConfig.effective).toContainEqual(
      expect.objectContaining({ ecosystem: 'npm', url: 'https://registry.evil.example/', from: `.npmrc:${lineOf(npmrc, 'registry=')}`, expected: false }),
    );
  });

  test('mapping @modelcontextprotocol to another registry fails', async () => {
    const npmrc = `${NPMRC}@modelcontextprotocol:registry=https://npm.evil.example/\n`;
    const res = await checkPr(filePr({ '.npmrc': npmrc }, { '.npmrc': NPMRC }, POLICY));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'registry-config')).toEqual([{ file: '.npmrc', line: lineOf(npmrc, '@modelcontextprotocol:registry') }]);
  });

  test('a literal _authToken fails as secret and is masked in every output', async () => {
    const token = 'npm_' + 'Q4x'.repeat(12);
    const npmrc = `${NPMRC}//registry.npmjs.org/:_authToken=${token}\n`;
    const res = await checkPr(filePr({ '.npmrc': npmrc }, { '.npmrc': NPMRC }, POLICY));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'secret')).toEqual([{ file: '.npmrc', line: lineOf(npmrc, '_authToken') }]);
    expect(res.stdout + res.stderr).not.toContain(token);
    expect(res.stdout + res.stderr).not.toContain(token.slice(4, 16));
  });

  test('a comment-only change passes; a scope pointed at the registry the policy names passes', async () => {
    const base = `${NPMRC}@acme:registry=https://npm.acme.example/\n`;
    const commented = `# a comment\n${base}`;
    const res = await checkPr(filePr({ '.npmrc': commented }, { '.npmrc': base }, POLICY));
    expect(res.findings).toEqual([]);
    expect(res.code).toBe(0);
    // It was read: the setting is in the evidence, at its new line.
    expect(res.report.registryConfig.settings).toContainEqual(expect.objectContaining({ file: '.npmrc', scope: '@acme', line: lineOf(commented, '@acme:registry') }));

    const added = await checkPr(filePr({ '.npmrc': base }, { '.npmrc': NPMRC }, POLICY));
    expect(added.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(added.code).toBe(0);
    expect(added.report.registryConfig.effective).toContainEqual(expect.objectContaining({ ecosystem: 'npm', scope: '@acme', url: 'https://npm.acme.example/', expected: true }));
  });
});

test('.yarnrc.yml checksumBehavior: ignore fails', async () => {
  const yarnrc = 'nodeLinker: node-modules\nchecksumBehavior: ignore\n';
  const res = await checkPr(filePr({ '.yarnrc.yml': yarnrc }, { '.yarnrc.yml': 'nodeLinker: node-modules\n' }, POLICY));
  expect(res.code).toBe(1);
  expect(where(res.findings, 'registry-config')).toEqual([{ file: '.yarnrc.yml', line: lineOf(yarnrc, 'checksumBehavior') }]);
});

test('pip.conf adding an extra-index-url fails', async () => {
  const base = '[global]\ntimeout = 60\n';
  const conf = `${base}extra-index-url = https://pypi.acme.example/simple\n`;
  const res = await checkPr(filePr({ 'pip.conf': conf }, { 'pip.conf': base }, POLICY));
  expect(res.code).toBe(1);
  expect(where(res.findings, 'registry-config')).toEqual([{ file: 'pip.conf', line: lineOf(conf, 'extra-index-url') }]);
});

test('a private scope package resolved from the public registry in the lockfile fails as source', async () => {
  const lock = packageLock({ '@acme/agent-tools': '1.0.0' }, [{ name: '@acme/agent-tools', version: '1.0.0' }]);
  const res = await checkPr(filePr({ 'package-lock.json': lock }, {}, POLICY));
  expect(res.code).toBe(1);
  const f = res.findings.find((x) => x.rule === 'source')!;
  expect(f).toMatchObject({ file: 'package-lock.json', line: lineOf(lock, '"node_modules/@acme/agent-tools"') });
  expect(f.message).toContain('https://npm.acme.example/');
});
