// Where base and head come from: each event the action supports, input overrides, the GitHub API
// fallback when commits cannot be fetched, and the file-size limit.
import { execFileSync } from 'node:child_process';
import { startFakeGitHub, type FakeGitHub, type RouteHandler } from '../helpers/fake-github';
import { TestRepo, gitIn, lineOf, packageJson, packageLock, tempDir } from '../helpers/git-repo';
import { runAction } from '../helpers/run-dist';
import { POLICY, pullRequest } from './scenario';

let github: FakeGitHub;
afterEach(async () => {
  await github?.close();
});

const DENIED = { deps: { 'postmark-mcp': '1.0.16' } };

test('push: base is the event\'s "before", the check run goes on "after"', async () => {
  github = await startFakeGitHub();
  const s = pullRequest(DENIED);
  const res = await runAction({ workspace: s.repo.dir, eventName: 'push', payload: { before: s.base, after: s.head }, sha: s.head, apiUrl: github.url });
  expect(res.code).toBe(1);
  expect(res.report.base).toBe(s.base);
  expect([...github.checkRuns.values()][0].head_sha).toBe(s.head);
});

test('push of a new branch (before is all zeros): base is the parent', async () => {
  github = await startFakeGitHub();
  const s = pullRequest(DENIED);
  const res = await runAction({ workspace: s.repo.dir, eventName: 'push', payload: { before: '0'.repeat(40), after: s.head }, sha: s.head, apiUrl: github.url });
  expect(res.report.base).toBe(s.base);
  expect(res.code).toBe(1);
});

test('merge_group: base_sha and head_sha', async () => {
  github = await startFakeGitHub();
  const s = pullRequest(DENIED);
  const res = await runAction({ workspace: s.repo.dir, eventName: 'merge_group', payload: { merge_group: { base_sha: s.base, head_sha: s.merge } }, sha: s.merge, apiUrl: github.url });
  expect(res.code).toBe(1);
  expect(res.report).toMatchObject({ base: s.base, head: s.merge });
});

test('workflow_dispatch with base and head inputs', async () => {
  github = await startFakeGitHub();
  const s = pullRequest(DENIED);
  const res = await runAction({ workspace: s.repo.dir, eventName: 'workflow_dispatch', payload: {}, sha: s.head, apiUrl: github.url, inputs: { base: 'main', head: s.head } });
  expect(res.code).toBe(1);
  expect(res.report.base).toBe(s.base);
});

test('pull_request_target: the PR head is read as text from its commit, the policy from base', async () => {
  github = await startFakeGitHub();
  const s = pullRequest(DENIED);
  gitIn(s.repo.dir, 'checkout', '-q', '--detach', s.base);
  const res = await runAction({ workspace: s.repo.dir, eventName: 'pull_request_target', payload: s.payload, sha: s.base, apiUrl: github.url });
  expect(res.code).toBe(1);
  expect(res.report).toMatchObject({ base: s.base, head: s.head });
  expect([...github.checkRuns.values()][0].head_sha).toBe(s.head);
});

test('commits that cannot be fetched are read through the GitHub compare and contents APIs', async () => {
  const s = pullRequest(DENIED);
  const show = (sha: string, path: string) => execFileSync('git', ['show', `${sha}:${path}`], { cwd: s.repo.dir });
  const routes: Record<string, RouteHandler> = {
    'GET /repos/:owner/:repo/compare/*': (req) => {
      const [from, to] = decodeURIComponent(req.params['*']).split('...');
      const names = gitIn(s.repo.dir, 'diff', '--name-status', from, to).split('\n').filter(Boolean);
      const files = names.map((l) => {
        const [code, filename] = l.split('\t');
        return { filename, status: code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified' };
      });
      return { status: 200, body: { merge_base_commit: { sha: gitIn(s.repo.dir, 'merge-base', from, to) }, files } };
    },
    'GET /repos/:owner/:repo/contents/*': (req) => {
      const path = decodeURIComponent(req.params['*']);
      try {
        return { status: 200, body: show(req.query.get('ref') as string, path), headers: { 'content-type': 'application/vnd.github.raw' } };
      } catch {
        return { status: 404, body: { message: 'Not Found' } };
      }
    },
  };
  github = await startFakeGitHub({ routes });
  // A workspace that has none of the commits, and an origin that cannot serve them.
  const empty = tempDir('msg-empty-');
  gitIn(empty, 'init', '-q');
  gitIn(empty, 'remote', 'add', 'origin', `file://${tempDir('msg-nowhere-')}/missing.git`);
  const res = await runAction({ workspace: empty, eventName: 'pull_request', payload: s.payload, sha: s.merge, apiUrl: github.url });
  expect(res.code).toBe(1);
  expect(res.report.notes.join('\n')).toContain('GitHub API');
  expect(res.report.findings.find((f: any) => f.rule === 'denied')).toMatchObject({ file: 'package.json', line: lineOf(s.files['package.json'], '"postmark-mcp"') });
  expect(res.report.policy).toMatchObject({ kind: 'base', commit: s.base });
  expect(github.requests.some((r) => r.path.includes('/contents/'))).toBe(true);
});

test('a changed file over the size limit is a parse-error finding, not a hang or a pass', async () => {
  github = await startFakeGitHub();
  const policy = `${POLICY}limits:\n  max-file-bytes: 2000\n`;
  const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`pkg-${i}`, '1.0.0']));
  const s = pullRequest({ files: { 'package-lock.json': packageLock(many, Object.keys(many).map((n) => ({ name: n, version: '1.0.0' }))) } }, { policy });
  const res = await runAction({ workspace: s.repo.dir, eventName: 'pull_request', payload: s.payload, sha: s.merge, apiUrl: github.url });
  expect(res.code).toBe(1);
  const f = res.report.findings.find((x: any) => x.rule === 'parse-error');
  expect(f).toMatchObject({ file: 'package-lock.json', line: 1 });
  expect(f.message).toMatch(/over the 2000-byte limit/);
});

test('a binary file where a lockfile should be is reported, not judged', async () => {
  github = await startFakeGitHub();
  const s = pullRequest({ files: { 'package.json': Buffer.from([0x7b, 0x00, 0x01, 0x02]) as unknown as string } });
  const res = await runAction({ workspace: s.repo.dir, eventName: 'pull_request', payload: s.payload, sha: s.merge, apiUrl: github.url });
  expect(res.code).toBe(1);
  expect(res.report.findings[0]).toMatchObject({ rule: 'parse-error', file: 'package.json' });
  expect(res.report.findings[0].message).toContain('binary');
});

test('a repository with no git at all: exit status 2 with a clear message', async () => {
  github = await startFakeGitHub();
  const res = await runAction({ workspace: tempDir('msg-nogit-'), eventName: 'pull_request', payload: pullRequest(DENIED).payload, sha: 'a'.repeat(40), apiUrl: github.url, inputs: { 'github-token': '' } });
  expect(res.code).toBe(2);
  expect(res.stdout).toMatch(/not a git repository/);
});

test('first commit of a repository (no parent): every file counts as added', async () => {
  github = await startFakeGitHub();
  const repo = new TestRepo();
  const sha = repo.commit({ 'package.json': packageJson({ 'postmark-mcp': '1.0.16' }) });
  const res = await runAction({ workspace: repo.dir, eventName: 'push', payload: { before: '0'.repeat(40), after: sha }, sha, apiUrl: github.url });
  expect(res.code).toBe(1);
  expect(res.report.policy.kind).toBe('default');
  expect(res.report.findings.map((f: any) => f.rule)).toContain('denied');
});
