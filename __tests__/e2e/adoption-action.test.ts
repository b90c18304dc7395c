// The bundled action on real pull requests against the stand-in GitHub API: the one PR comment
// (created, then edited in place; truncated to GitHub's limit; skipped with a note when refused), the
// SARIF file validated against the SARIF 2.1.0 schema, and the warn-only rollout.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { COMMENT_BODY_MAX, startFakeGitHub, type FakeGitHub } from '../helpers/fake-github';
import { lineOf } from '../helpers/git-repo';
import { runAction } from '../helpers/run-dist';
import { pullRequest, type Scenario } from './scenario';

let github: FakeGitHub;
afterEach(async () => {
  await github?.close();
});

async function gate(s: Scenario, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  return runAction({ workspace: s.repo.dir, eventName: 'pull_request', payload: s.payload, sha: s.merge, apiUrl: github.url, inputs, env });
}

const failing = () => pullRequest({ deps: { 'acme-mcp-tools': '1.2.3' }, lock: [{ name: 'acme-mcp-tools', version: '1.2.3' }] });
const MARKER = '<!-- mcp-supply-gate:comment mcp-supply-gate -->';

describe('the pull request comment', () => {
  test('created once, then edited in place on the next run: one comment, same id', async () => {
    github = await startFakeGitHub();
    const s = failing();
    const first = await gate(s);
    expect(first.code).toBe(1);
    expect(github.comments.size).toBe(1);
    const [comment] = [...github.comments.values()];
    expect(comment.issue).toBe(7);
    expect(comment.body.startsWith(MARKER)).toBe(true);
    expect(comment.body).toContain('❌ MCP supply-chain gate: Blocked');
    // Findings grouped by file, each location linked to its line at the head commit.
    const pkgLine = lineOf(s.files['package.json'], '"acme-mcp-tools"');
    expect(comment.body).toContain('**package.json**');
    expect(comment.body).toContain(`[package.json:${pkgLine}](https://github.com/acme/widgets/blob/${s.merge}/package.json#L${pkgLine})`);
    expect(comment.body).toContain('`acme-mcp-tools@1.2.3`');
    expect(comment.body).toMatch(/<details><summary>MCP-related dependencies in this pull request \(2\)<\/summary>/);

    const second = await gate(s);
    expect(second.code).toBe(1);
    expect(github.comments.size).toBe(1);
    expect([...github.comments.values()][0]).toMatchObject({ id: comment.id, edits: 1 });
    const posts = github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'));
    expect(posts).toHaveLength(1);
    expect(second.stdout).toContain(`Pull request comment updated (id ${comment.id})`);
  });

  test('a PR that becomes clean gets its comment updated to say so, not left stale', async () => {
    github = await startFakeGitHub();
    await gate(failing());
    const id = [...github.comments.keys()][0];
    const clean = pullRequest({ files: { 'README.md': '# demo\n\nNo MCP here.\n' } });
    const res = await gate(clean);
    expect(res.code).toBe(0);
    expect(github.comments.size).toBe(1);
    const body = github.comments.get(id)!.body;
    expect(body).toContain('No findings: this pull request changes nothing MCP-related.');
    expect(body).not.toContain('acme-mcp-tools');
  });

  test('a clean PR that never had a comment gets none', async () => {
    github = await startFakeGitHub();
    const res = await gate(pullRequest({ files: { 'README.md': '# demo\n\nNo MCP here.\n' } }));
    expect(res.code).toBe(0);
    expect(github.comments.size).toBe(0);
  });

  test('a marker planted by the PR author is not taken for the gate\'s comment', async () => {
    github = await startFakeGitHub();
    github.comments.set(1, { id: 1, issue: 7, body: `${MARKER}\nplanted`, user: { login: 'outsider', type: 'User' }, author_association: 'NONE', edits: 0 });
    await gate(failing());
    expect(github.comments.get(1)!.body).toBe(`${MARKER}\nplanted`);
    expect(github.comments.size).toBe(2);
  });

  test('huge: truncated within 65,536 characters, pointing to the check run', async () => {
    github = await startFakeGitHub();
    const deps: Record<string, string> = {};
    for (let i = 0; i < 400; i++) deps[`acme-mcp-tool-${String(i).padStart(3, '0')}`] = '1.0.0';
    const s = pullRequest({ deps, lock: Object.keys(deps).map((name) => ({ name, version: '1.0.0' })) });
    const res = await gate(s);
    expect(res.code).toBe(1);
    // One finding per package (package.json and its lockfile entry are one problem, merged).
    expect(res.report.findings.length).toBeGreaterThanOrEqual(400);
    const [comment] = [...github.comments.values()];
    expect([...comment.body].length).toBeLessThanOrEqual(COMMENT_BODY_MAX);
    expect([...comment.body].length).toBeGreaterThan(COMMENT_BODY_MAX - 5000);
    const run = [...github.checkRuns.values()][0];
    expect(comment.body).toContain(`_Truncated to fit a comment: the full list is in [the check run](${run.html_url ?? 'https://github.com/acme/widgets/actions/runs/42'})._`);
  });

  test.each([403, 404, 500] as const)('comments answered with %i: said once in the log, exit status unchanged', async (status) => {
    github = await startFakeGitHub({ comments: status });
    const res = await gate(failing());
    expect(res.code).toBe(1);
    expect(res.outputs.conclusion).toBe('failure');
    const warnings = res.stdout.split('\n').filter((l) => l.includes('Pull request comment not posted'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`HTTP ${status}`);
    if (status === 403) expect(warnings[0]).toContain('pull-requests: write');
    expect(res.stdout + res.stderr).not.toContain('fake-token');
    // The check run still carries the verdict.
    expect([...github.checkRuns.values()][0].conclusion).toBe('failure');
  });

  test('comment: false posts nothing', async () => {
    github = await startFakeGitHub();
    await gate(failing(), { comment: 'false' });
    expect(github.requests.some((r) => r.path.includes('/comments'))).toBe(false);
  });
});

describe('SARIF from the action', () => {
  // The OASIS SARIF 2.1.0 schema (draft-04) as Microsoft's SARIF tooling ships it. One of its patterns
  // (a language tag) is not valid under the regular expressions' unicode flag, hence unicodeRegExp: false.
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const compile = () => addFormats(new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false })).compile(schema);

  test('written where asked, valid SARIF 2.1.0, with helpUri, informationUri and security-severity per rule', async () => {
    github = await startFakeGitHub();
    const s = failing();
    const res = await gate(s, { sarif: 'results/mcp.sarif' }, { GITHUB_ACTION_REPOSITORY: 'acme/mcp-supply-gate', GITHUB_ACTION_REF: 'v1.2.3' });
    expect(res.code).toBe(1);
    expect(res.outputs.sarif).toBe(path.join(s.repo.dir, 'results/mcp.sarif'));
    const sarif = JSON.parse(readFileSync(res.outputs.sarif, 'utf8'));
    const validate = compile();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.informationUri).toBe('https://github.com/acme/mcp-supply-gate');
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`https://github.com/acme/mcp-supply-gate/blob/v1.2.3/README.md#rule-${rule.id}`);
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    const results = sarif.runs[0].results;
    // package.json and its lockfile entry are one problem: one result, the lockfile a related location.
    const unknown = results.find((r: any) => r.ruleId === 'unknown' && r.locations[0].physicalLocation.artifactLocation.uri === 'package.json');
    expect(unknown.relatedLocations.map((l: any) => l.physicalLocation.artifactLocation.uri)).toContain('package-lock.json');
  });

  test('the schema rejects a broken SARIF (the validation can fail)', () => {
    const validate = compile();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] })).toBe(false);
  });

  test('not written when the gate could not run: an empty SARIF would close open alerts', async () => {
    github = await startFakeGitHub();
    const s = pullRequest({ deps: { 'acme-mcp-tools': '1.2.3' } }, { policy: 'version: 1\nallow: [\n' });
    const res = await gate(s, { sarif: 'mcp.sarif' });
    expect(res.code).toBe(2);
    expect(res.outputs.sarif).toBeUndefined();
    expect(res.stdout).toContain('SARIF not written to mcp.sarif');
  });
});

describe('warn-only rollout', () => {
  test('the same failing PR: neutral and exit 0 with warn-only, failure and exit 1 without', async () => {
    github = await startFakeGitHub();
    const s = failing();
    const blocking = await gate(s);
    expect(blocking.code).toBe(1);
    expect(blocking.outputs.conclusion).toBe('failure');
    const warn = await gate(s, { 'warn-only': 'true' });
    expect(warn.code).toBe(0);
    expect(warn.outputs.conclusion).toBe('neutral');
    const runs = [...github.checkRuns.values()];
    expect(runs.map((r) => r.conclusion)).toEqual(['failure', 'neutral']);
    // Reported as usual: annotations, findings, and the comment says it does not block yet.
    expect(runs[1].output.annotations.length).toBe(runs[0].output.annotations.length);
    expect(runs[1].output.annotations.length).toBeGreaterThan(0);
    expect(warn.report.findings).toEqual(blocking.report.findings);
    expect([...github.comments.values()][0].body).toContain('Report-only mode (`warn-only: true`)');
    expect(warn.report.title).toMatch(/^Report only \(warn-only\): Blocked/);
  });
});
