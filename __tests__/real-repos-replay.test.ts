// The replay of real repositories (scripts/real-repos/replay.mjs) is not part of this suite (it needs
// mirrors of public repositories, or GitHub): here it runs against a local bare repository standing in
// for a mirror, so that what it reports, and that it fails on a wrong expectation, is itself tested.
// The committed cases file is validated too (ids, full SHAs, licences, policies, expectations).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf, tempDir, TestRepo } from './helpers/git-repo';
import { baseEnv, runNode } from './helpers/run-dist';

const ROOT = path.resolve(__dirname, '..');
const REPLAY = path.join(ROOT, 'scripts', 'real-repos', 'replay.mjs');

const pkg = `${JSON.stringify({ name: 'widgets', version: '1.0.0', dependencies: { 'acme-mcp-tools': '1.2.0' } }, null, 2)}\n`;
const unknownLine = lineOf(pkg, '"acme-mcp-tools"');

/** A repository with one PR commit, cloned bare into <mirrors>/acme+widgets/repo as the mirrors are laid out. */
function mirror(): { mirrors: string; base: string; head: string } {
  const repo = new TestRepo();
  const base = repo.commit({ 'README.md': '# widgets\n', LICENSE: 'MIT\n' }, 'base');
  const head = repo.commit({ 'package.json': pkg }, 'add a dependency');
  const mirrors = tempDir('msg-mirrors-');
  mkdirSync(path.join(mirrors, 'acme+widgets'));
  execFileSync('git', ['clone', '-q', '--bare', repo.dir, path.join(mirrors, 'acme+widgets', 'repo')]);
  return { mirrors, base, head };
}

function casesFile(cases: unknown[], policies: Record<string, string> = {}): string {
  const dir = tempDir('msg-cases-');
  mkdirSync(path.join(dir, 'policies'));
  for (const [name, text] of Object.entries(policies)) writeFileSync(path.join(dir, 'policies', `${name}.yml`), text);
  const file = path.join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify({ repositories: { 'acme/widgets': { license: 'MIT' }, 'acme/absent': { license: 'MIT' } }, cases }, null, 2));
  return file;
}

async function replay(file: string, mirrors: string, ...args: string[]) {
  const res = await runNode(REPLAY, ['--cases', file, '--json', ...args], { cwd: ROOT, env: baseEnv({ REAL_REPOS_MIRRORS: mirrors, REAL_REPOS_OFFLINE: '1' }), timeoutMs: 120_000 });
  return { code: res.code, stderr: res.stderr, out: res.stdout ? JSON.parse(res.stdout) : undefined };
}

const unknownAt = { rule: 'unknown', level: 'error', file: 'package.json', line: unknownLine, name: 'acme-mcp-tools' };
const common = { kind: 'other', classes: [], reason: 'acme-mcp-tools is MCP-related by name and no allow entry names it' };

describe('scripts/real-repos/replay.mjs on a local mirror', () => {
  test('a case whose expectation matches is ok; a wrong one is a mismatch that says what differs, and the run fails', async () => {
    const { mirrors, base, head } = mirror();
    const file = casesFile([
      { id: 'right', repo: 'acme/widgets', base, head, policy: 'default', ...common, expect: { conclusion: 'failure', findings: [unknownAt] } },
      { id: 'wrong-line', repo: 'acme/widgets', base, head, policy: 'default', ...common, expect: { conclusion: 'failure', findings: [{ ...unknownAt, line: unknownLine + 1 }] } },
      { id: 'wrong-conclusion', repo: 'acme/widgets', base, head, policy: 'default', ...common, kind: 'ordinary', expect: { conclusion: 'success', findings: [] } },
    ]);
    const res = await replay(file, mirrors);
    expect(res.code).toBe(1);
    const byId = Object.fromEntries(res.out.results.map((r: any) => [r.id, r]));
    expect(byId.right.status).toBe('ok');
    expect(byId['wrong-line'].status).toBe('mismatch');
    expect(byId['wrong-line'].problems).toEqual([`missing unknown|error|package.json:${unknownLine + 1} (acme-mcp-tools)`, expect.stringMatching(new RegExp(`^unexpected unknown\\|error\\|package\\.json:${unknownLine} `))]);
    expect(byId['wrong-conclusion'].problems).toEqual(expect.arrayContaining(['conclusion failure, expected success', 'exit status 1, expected 0']));
    expect(res.out.summary).toMatchObject({ cases: 3, ok: 1, mismatch: 2, skipped: 0, repositories: 1 });
  });

  test('an "add this file" case adds the files of a commit to an empty repository; a policy under policies/ is used', async () => {
    const { mirrors, head } = mirror();
    const file = casesFile(
      [
        { id: 'added', repo: 'acme/widgets', addFiles: { commit: head, paths: ['package.json'] }, policy: 'default', ...common, expect: { conclusion: 'failure', findings: [unknownAt] } },
        { id: 'allowed', repo: 'acme/widgets', addFiles: { commit: head, paths: ['package.json'] }, policy: 'allowlist', ...common, kind: 'ordinary', expect: { conclusion: 'success', findings: [] } },
      ],
      { allowlist: 'version: 1\nallow:\n  - name: acme-mcp-tools\n' },
    );
    const res = await replay(file, mirrors);
    expect(res.out.results.map((r: any) => [r.id, r.status])).toEqual([
      ['added', 'ok'],
      ['allowed', 'ok'],
    ]);
    expect(res.code).toBe(0);
  });

  test('a repository with no mirror (and no network allowed) is skipped, said so, and does not fail the run', async () => {
    const { mirrors, base, head } = mirror();
    const file = casesFile([{ id: 'absent', repo: 'acme/absent', base, head, policy: 'default', ...common, expect: { conclusion: 'failure', findings: [unknownAt] } }]);
    const res = await replay(file, mirrors);
    expect(res.code).toBe(0);
    expect(res.out.results[0]).toMatchObject({ id: 'absent', status: 'skipped', detail: expect.stringContaining('no mirror at') });
    expect(res.out.summary).toMatchObject({ skipped: 1, ok: 0 });
  });

  test('a known-wrong case passes while the gate still gives the recorded wrong answer, and fails the run once it changes', async () => {
    const { mirrors, base, head } = mirror();
    const knownWrong = (gateSays: unknown) => ({
      id: 'kw',
      repo: 'acme/widgets',
      base,
      head,
      policy: 'default',
      ...common,
      kind: 'ordinary',
      expect: { conclusion: 'success', findings: [] },
      status: 'known-wrong',
      wrongBecause: 'stands in for a gate defect left open',
      gateSays,
    });
    const still = await replay(casesFile([knownWrong({ conclusion: 'failure', findings: [unknownAt] })]), mirrors);
    expect(still.out.results[0].status).toBe('known-wrong');
    expect(still.code).toBe(0);
    const changed = await replay(casesFile([knownWrong({ conclusion: 'failure', findings: [{ ...unknownAt, rule: 'typosquat' }] })]), mirrors);
    expect(changed.out.results[0].status).toBe('mismatch');
    expect(changed.code).toBe(1);
  });

  test('an invalid cases file stops with status 2 and says what is wrong', async () => {
    const { mirrors, head } = mirror();
    const file = casesFile([{ id: 'bad', repo: 'acme/widgets', base: head.slice(0, 8), head, policy: 'strict', kind: 'ordinary', classes: [11], expect: { conclusion: 'failure', findings: [] } }]);
    const res = await replay(file, mirrors);
    expect(res.code).toBe(2);
    for (const said of ['full 40-hex SHAs', 'policy "strict"', 'classes are', 'a reason', 'a failure needs at least one expected error']) expect(res.stderr).toContain(said);
  });

  test('the committed cases file is valid: full SHAs, a licence per repository, existing policies, coherent expectations', async () => {
    const res = await runNode(REPLAY, ['--only', 'no-such-case', '--json'], { cwd: ROOT, env: baseEnv({ REAL_REPOS_OFFLINE: '1', REAL_REPOS_MIRRORS: tempDir('msg-none-') }) });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).summary.cases).toBe(0);
  });
});
