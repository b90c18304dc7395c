// A policy the gate cannot use stops it with exit status 2 and one line
// `mcp-supply-gate: invalid policy: FILE:LINE: KEY: what is wrong: what to do`, never a stack trace.
// The policy sits in the base commit of a real git repository (or is a --policy file on disk), and the
// bundled CLI runs on the pull request.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf, tempDir } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';
import { filePr } from './servers';

const POLICY = '.github/mcp-policy.yml';
const CHANGE = { 'package.json': JSON.stringify({ name: 'app', dependencies: { '@modelcontextprotocol/sdk': '1.17.0' } }, null, 2) + '\n' };

async function gate(policy: string | Buffer, extraArgs: string[] = []) {
  const pr = filePr(CHANGE, typeof policy === 'string' ? {} : { [POLICY]: policy }, typeof policy === 'string' ? policy : undefined);
  return runCli(['check', '--repo', pr.repo.dir, '--base', pr.base, '--head', pr.merge, '--format', 'json', '--offline', ...extraArgs], { cwd: pr.repo.dir });
}

/** The one line the CLI prints for an invalid policy; fails on a stack trace or anything else on stderr. */
function policyError(res: { code: number | null; stdout: string; stderr: string }, file = POLICY): { line: number; key: string; detail: string } {
  expect(res.code).toBe(2);
  expect(res.stdout).toBe('');
  expect(res.stderr).not.toMatch(/\n\s+at |ReferenceError|TypeError|RangeError|could not run/);
  const lines = res.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const m = /^mcp-supply-gate: invalid policy: (.+?):(\d+): (.+?): (.+)$/.exec(lines[0]);
  if (m === null) throw new Error(`not FILE:LINE: KEY: detail: ${res.stderr}`);
  expect(m[1]).toBe(file);
  return { line: Number(m[2]), key: m[3], detail: m[4] };
}

function aliasBomb(): string {
  const lines = ['version: 1', 'deny:', '  - name: a0', '    reason: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) lines.push(`  - name: a${i}`, `    reason: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('an invalid base policy: exit status 2 and FILE:LINE: KEY: what to do', () => {
  test('an alias bomb (billion laughs)', async () => {
    const text = aliasBomb();
    const e = policyError(await gate(text));
    expect(e.line).toBe(lineOf(text, '&l3'));
    expect(e.key).toMatch(/^deny\.3\.reason\.\d+$/);
    expect(e.detail).toMatch(/aliases expand the policy by more than \d+ values \(an alias bomb, "billion laughs"\): write the values out/);
  });

  test.each<[string, string, string, string, RegExp]>([
    ['nesting thousands deep', `version: 1\nmcp:\n  include: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'include', 'mcp.include.0.0...', /nested more than \d+ levels deep/],
    ['a duplicate key', 'version: 1\nrules:\n  unknown: error\n  unknown: off\n', 'unknown: off', 'rules.unknown', /set twice in the same mapping/],
    ['a !!timestamp tag', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    expires: !!timestamp 2026-02-30\n', 'expires', 'exceptions.0.expires', /the tag !!timestamp is not used in a policy/],
    ['a day that does not exist', 'version: 1\nexceptions:\n  - name: x\n    reason: y\n    expires: 2026-02-30\n', 'expires', 'exceptions.0.expires', /not a date: "2026-02-30": write the day as YYYY-MM-DD/],
    ['a glob that can never match', 'version: 1\ndeny:\n  - name: "[z-a]*"\n', 'name', 'deny.0.name', /is not a glob that can match/],
    ['a range only loose semver reads', 'version: 1\ndeny:\n  - name: postmark-mcp\n    versions: ">=1.0.16beta"\n', 'versions', 'deny.0.versions', /is not a valid version range/],
    ['an alias with no anchor', 'version: 1\nallow: *nope\n', '*nope', 'allow', /names no anchor set before it/],
    ['a list as a key', 'version: 1\n? [allow, deny]\n: []\n', '?', '["allow","deny"]', /a key must be a plain name/],
  ])('%s', async (_what, text, at, key, detail) => {
    const e = policyError(await gate(text));
    expect(e).toEqual({ line: lineOf(text, at), key, detail: expect.stringMatching(detail) });
  });

  test('a policy over the size limit', async () => {
    const text = `version: 1\nallow:\n${'  - name: x\n'.repeat(100_000)}`;
    const e = policyError(await gate(text));
    expect(e).toEqual({ line: 1, key: '(document)', detail: expect.stringMatching(/cannot be read in the base commit: .*the policy must be a UTF-8 text file of at most 1048576 bytes/) });
  });

  test('a policy that is not UTF-8 text', async () => {
    const e = policyError(await gate(Buffer.from([0x76, 0x65, 0x72, 0x3a, 0x20, 0xff, 0xfe, 0x00, 0x0a])));
    expect(e).toEqual({ line: 1, key: '(document)', detail: expect.stringMatching(/cannot be read in the base commit: .*UTF-8 text file/) });
  });
});

describe('an invalid --policy file', () => {
  test('a file that does not exist', async () => {
    const missing = path.join(tempDir('msg-policy-'), 'nope.yml');
    const e = policyError(await gate('version: 1\n', ['--policy', missing]), missing);
    expect(e).toEqual({ line: 1, key: '(document)', detail: expect.stringMatching(/^cannot be read \(no such file\): check the --policy path, or write a starting policy with `mcp-supply-gate init`/) });
  });

  test('a file over the size limit', async () => {
    const big = path.join(tempDir('msg-policy-'), 'big.yml');
    writeFileSync(big, `version: 1\n#${'x'.repeat(1024 * 1024)}\n`);
    const e = policyError(await gate('version: 1\n', ['--policy', big]), big);
    expect(e).toEqual({ line: 1, key: '(document)', detail: expect.stringMatching(/more than the 1048576 bytes a policy may have/) });
  });

  test('an alias bomb in a --policy file', async () => {
    const file = path.join(tempDir('msg-policy-'), 'bomb.yml');
    const text = aliasBomb();
    writeFileSync(file, text);
    const e = policyError(await gate('version: 1\n', ['--policy', file]), file);
    expect(e.line).toBe(lineOf(text, '&l3'));
    expect(e.detail).toMatch(/alias bomb/);
  });
});
