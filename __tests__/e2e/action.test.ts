// The bundled action, run as the Actions runner runs it, on real pull requests in real git repositories,
// against a stand-in GitHub API that checks what it is sent.
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { fakeIntegrity, lineOf, packageJson } from '../helpers/git-repo';
import { runAction, runCli } from '../helpers/run-dist';
import { PLAYWRIGHT_PIN, pullRequest, type Scenario } from './scenario';

let github: FakeGitHub;

beforeEach(async () => {
  github = await startFakeGitHub({ token: 'fake-token' });
});
afterEach(async () => {
  await github.close();
});

async function gate(s: Scenario, opts: { workspace?: string; inputs?: Record<string, string> } = {}) {
  return runAction({
    workspace: opts.workspace ?? s.repo.dir,
    eventName: 'pull_request',
    payload: s.payload,
    sha: s.merge,
    apiUrl: github.url,
    inputs: opts.inputs,
  });
}

function onlyRun(): any {
  expect(github.checkRuns.size).toBe(1);
  return [...github.checkRuns.values()][0];
}

function annotationsOf(run: any): { path: string; line: number; level: string; message: string }[] {
  return run.output.annotations.map((a: any) => ({ path: a.path, line: a.start_line, level: a.annotation_level, message: a.message }));
}

describe('pull requests that must fail', () => {
  test('a denied package: check run fails with one annotation on its package.json line that names its lockfile line', async () => {
    const s = pullRequest({ deps: { 'postmark-mcp': '1.0.16' }, lock: [{ name: 'postmark-mcp', version: '1.0.16' }] });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const run = onlyRun();
    expect(run.head_sha).toBe(s.head);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    const denied = annotationsOf(run).filter((a) => a.message.includes('denied'));
    // One cause, one annotation: on the manifest line a maintainer edits, the lockfile entry named in it.
    expect(denied).toEqual([expect.objectContaining({ path: 'package.json', line: lineOf(s.files['package.json'], '"postmark-mcp"'), level: 'failure' })]);
    expect(denied[0].message).toContain('Exfiltrated mail');
    expect(denied[0].message).toContain(`package-lock.json:${lineOf(s.files['package-lock.json'], '"node_modules/postmark-mcp"')}`);
    expect(res.outputs.conclusion).toBe('failure');
    expect(res.report.findings.some((f: any) => f.rule === 'denied' && f.name === 'postmark-mcp')).toBe(true);
    expect(res.summary).toContain('postmark-mcp');
  });

  test('an unknown MCP package', async () => {
    const s = pullRequest({ deps: { 'acme-mcp-tools': '1.2.3' }, lock: [{ name: 'acme-mcp-tools', version: '1.2.3' }] });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const unknown = res.report.findings.filter((f: any) => f.rule === 'unknown');
    expect(unknown.map((f: any) => [f.file, f.line, f.related])).toEqual([
      ['package.json', lineOf(s.files['package.json'], '"acme-mcp-tools"'), [{ file: 'package-lock.json', line: lineOf(s.files['package-lock.json'], '"node_modules/acme-mcp-tools"') }]],
    ]);
    const entry = res.report.dependencies.find((d: any) => d.name === 'acme-mcp-tools' && d.file === 'package-lock.json');
    expect(entry).toMatchObject({ change: 'added', version: '1.2.3', why: ['name contains "mcp"'] });
  });

  test('a typosquat of an allowlisted package names what it imitates', async () => {
    const s = pullRequest({ deps: { 'playwright-mcp': '1.0.0' }, lock: [{ name: 'playwright-mcp', version: '1.0.0' }] });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const squat = res.report.findings.find((f: any) => f.rule === 'typosquat' && f.file === 'package.json');
    expect(squat).toMatchObject({ level: 'error', name: 'playwright-mcp', line: lineOf(s.files['package.json'], '"playwright-mcp"') });
    expect(squat.message).toContain('@playwright/mcp');
  });

  test('an MCP dependency asked for with a ^ range', async () => {
    const s = pullRequest({ deps: { '@modelcontextprotocol/server-memory': '^2025.8.4' } });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const run = onlyRun();
    expect(annotationsOf(run)).toContainEqual(
      expect.objectContaining({ path: 'package.json', line: lineOf(s.files['package.json'], 'server-memory'), level: 'failure' }),
    );
    expect(res.report.findings.map((f: any) => f.rule)).toEqual(['unpinned']);
  });

  test('a lockfile entry resolved from another host', async () => {
    const s = pullRequest({
      deps: { '@modelcontextprotocol/server-filesystem': '2025.8.21' },
      lock: [{ name: '@modelcontextprotocol/server-filesystem', version: '2025.8.21', resolved: 'https://evil.example.com/server-filesystem-2025.8.21.tgz' }],
    });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const f = res.report.findings.find((x: any) => x.rule === 'source');
    expect(f).toMatchObject({ file: 'package-lock.json', line: lineOf(s.files['package-lock.json'], '"node_modules/@modelcontextprotocol/server-filesystem"') });
    expect(f.message).toContain('evil.example.com');
  });

  test('a lockfile pointing an MCP package at another package\'s tarball on the registry', async () => {
    const s = pullRequest({
      deps: { '@modelcontextprotocol/server-filesystem': '2025.8.21' },
      lock: [{ name: '@modelcontextprotocol/server-filesystem', version: '2025.8.21', resolved: 'https://registry.npmjs.org/evil-pkg/-/evil-pkg-1.0.0.tgz' }],
    });
    const res = await gate(s);
    expect(res.code).toBe(1);
    expect(res.report.findings.find((x: any) => x.rule === 'source').message).toContain('not the registry\'s tarball');
  });

  test('an integrity that differs from the pin', async () => {
    const s = pullRequest({
      deps: { '@playwright/mcp': '0.0.41' },
      lock: [{ name: '@playwright/mcp', version: '0.0.41', integrity: fakeIntegrity('tampered bytes') }],
    });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const f = res.report.findings.find((x: any) => x.rule === 'integrity');
    expect(f).toMatchObject({ file: 'package-lock.json', level: 'error', line: lineOf(s.files['package-lock.json'], '"node_modules/@playwright/mcp"') });
    expect(f.message).toContain(PLAYWRIGHT_PIN);
  });

  test('a malformed lockfile in the PR', async () => {
    const broken = '{\n  "name": "demo",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {},\n    "node_modules/x-mcp": { "version": "1.0.0", }\n  }\n}\n';
    const s = pullRequest({ files: { 'package-lock.json': broken } });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const f = res.report.findings.find((x: any) => x.rule === 'parse-error');
    expect(f).toMatchObject({ file: 'package-lock.json', level: 'error', line: lineOf(broken, '"node_modules/x-mcp"') });
    expect(onlyRun().conclusion).toBe('failure');
  });
});

describe('pull requests that must pass', () => {
  test('an allowlisted, pinned addition', async () => {
    const s = pullRequest({
      deps: { '@playwright/mcp': '0.0.41' },
      lock: [{ name: '@playwright/mcp', version: '0.0.41', integrity: PLAYWRIGHT_PIN }],
    });
    const res = await gate(s);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const run = onlyRun();
    expect(run.conclusion).toBe('success');
    expect(run.output.annotations).toEqual([]);
    expect(res.report.dependencies.map((d: any) => [d.name, d.file, d.change])).toEqual([
      ['@playwright/mcp', 'package-lock.json', 'added'],
      ['@playwright/mcp', 'package.json', 'added'],
    ]);
  });

  test('a change to a non-MCP dependency is neutral', async () => {
    const s = pullRequest({ deps: { 'left-pad': '1.3.0', lodash: '4.17.21' }, lock: [{ name: 'lodash', version: '4.17.21' }] });
    const res = await gate(s);
    expect(res.code).toBe(0);
    expect(onlyRun().conclusion).toBe('neutral');
    expect(res.report.findings).toEqual([]);
    expect(res.report.files.map((f: any) => f.path).sort()).toEqual(['package-lock.json', 'package.json']);
  });

  test('removing an MCP dependency passes', async () => {
    const base = {
      files: {
        'package.json': packageJson({ 'left-pad': '1.3.0', 'acme-mcp-tools': '1.2.3' }),
      },
    };
    const s = pullRequest({ files: { 'package.json': packageJson({ 'left-pad': '1.3.0' }) } }, base);
    const res = await gate(s);
    expect(res.code).toBe(0);
    expect(res.report.findings).toEqual([]);
    expect(res.report.dependencies).toEqual([expect.objectContaining({ name: 'acme-mcp-tools', change: 'removed' })]);
  });
});

describe('policy', () => {
  test('a PR that loosens the policy is judged by the base policy, and the edit is reported', async () => {
    const s = pullRequest({
      deps: { 'postmark-mcp': '1.0.16' },
      files: { '.github/mcp-policy.yml': 'version: 1\nallow:\n  - name: "*"\n' },
    });
    const res = await gate(s);
    expect(res.code).toBe(1);
    const rules = res.report.findings.map((f: any) => f.rule);
    expect(rules).toContain('denied');
    expect(rules).toContain('policy-changed');
    expect(res.report.policy).toMatchObject({ kind: 'base', commit: s.base, path: '.github/mcp-policy.yml' });
  });

  test('an invalid base policy stops the gate with exit status 2, naming file, line and key', async () => {
    const bad = 'version: 1\nrules:\n  unknwn: error\n';
    const s = pullRequest({ deps: { 'acme-mcp-tools': '1.2.3' } }, { policy: bad });
    const res = await gate(s);
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('.github/mcp-policy.yml:3');
    expect(res.stdout).toContain('rules.unknwn');
    expect(onlyRun().conclusion).toBe('failure');
  });

  test('without a policy file the built-in default applies and says so', async () => {
    const s = pullRequest({ deps: { '@playwright/mcp': '0.0.41', 'acme-mcp-tools': '1.0.0' } }, { policy: null });
    const res = await gate(s);
    expect(res.code).toBe(1);
    expect(res.report.policy.kind).toBe('default');
    expect(res.report.notes.join('\n')).toContain('built-in default policy');
    const names = res.report.findings.filter((f: any) => f.rule === 'unknown').map((f: any) => f.name);
    expect(names).toEqual(['acme-mcp-tools']);
  });
});

describe('the runner environment', () => {
  test('a fetch-depth 1 checkout of the merge commit: the base commit is fetched', async () => {
    const s = pullRequest({ deps: { 'postmark-mcp': '1.0.16' } });
    const clone = s.repo.shallowClone(s.merge);
    const res = await gate(s, { workspace: clone });
    expect(res.code).toBe(1);
    expect(res.report.base).toBe(s.base);
    expect(res.report.findings.map((f: any) => f.rule)).toEqual(expect.arrayContaining(['denied']));
    expect(res.report.policy.kind).toBe('base');
  });

  test('a fork PR whose token may not create check runs: annotations as workflow commands, said once', async () => {
    await github.close();
    github = await startFakeGitHub({ token: 'fake-token', checks: 403 });
    const s = pullRequest({ deps: { 'postmark-mcp': '1.0.16' } });
    const res = await gate(s);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`::error file=package.json,line=${lineOf(s.files['package.json'], '"postmark-mcp"')}`));
    expect(res.stdout.match(/Check run not published/g)).toHaveLength(1);
    expect(res.report.conclusion).toBe('failure');
    expect(res.stdout + res.stderr).not.toContain('fake-token');
  });

  test('the token is never printed', async () => {
    const s = pullRequest({ deps: { 'postmark-mcp': '1.0.16' } });
    const res = await gate(s);
    expect(res.stdout + res.stderr + res.summary).not.toContain('fake-token');
    for (const r of github.requests) expect(JSON.stringify(r)).not.toContain('fake-token');
  });

  test('the CLI gives the same findings as the action on the same repository', async () => {
    const s = pullRequest({
      deps: { 'postmark-mcp': '1.0.16', '@modelcontextprotocol/server-memory': '^2025.8.4', 'playwright-mcp': '1.0.0' },
      lock: [{ name: 'postmark-mcp', version: '1.0.16' }, { name: 'playwright-mcp', version: '1.0.0' }],
    });
    const action = await gate(s);
    const cli = await runCli(['check', '--repo', s.repo.dir, '--base', s.base, '--head', s.merge, '--format', 'json', '--offline'], { cwd: s.repo.dir });
    expect(cli.code).toBe(1);
    const fromCli = JSON.parse(cli.stdout);
    expect(fromCli.findings).toEqual(action.report.findings);
    expect(fromCli.dependencies).toEqual(action.report.dependencies);
    // denied and typosquat once each for the two locked packages (manifest and lockfile merged), unknown and unpinned for the unlocked range.
    expect(fromCli.findings.length).toBeGreaterThanOrEqual(4);
  });
});
