// What a new user meets first, through the bundled CLI: each mistake answered with what to do next.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lineOf, tempDir, TestRepo } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';

describe('check: --repo and --policy told apart from what they are not', () => {
  test('--repo that is not a git repository points to scan, not to actions/checkout', async () => {
    const dir = tempDir('msg-plain-');
    const res = await runCli(['check', '--repo', dir], { cwd: tempDir('msg-cwd-') });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${dir} is not a git repository`);
    expect(res.stderr).toContain(`mcp-supply-gate scan ${dir}`);
    expect(res.stderr).not.toContain('actions/checkout');
  });

  test('--repo that does not exist, and one that is a file', async () => {
    const cwd = tempDir('msg-cwd-');
    writeFileSync(path.join(cwd, 'package.json'), '{}');
    const missing = await runCli(['check', '--repo', 'nope'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--repo nope: no such directory');
    const file = await runCli(['check', '--repo', 'package.json'], { cwd });
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('--repo package.json is a file, not a directory');
    expect(file.stderr).toContain('mcp-supply-gate scan package.json');
  });

  test('an empty repository says to commit first', async () => {
    const repo = new TestRepo();
    const res = await runCli(['check'], { cwd: repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('a git repository without commits yet');
    expect(res.stderr).toContain('git add -A && git commit');
  });

  test('--policy naming a missing file says how to write one', async () => {
    const repo = new TestRepo();
    repo.commit({ 'README.md': '# x\n' });
    const res = await runCli(['check', '--policy', 'policy.yml'], { cwd: repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('invalid policy: policy.yml:1: (document): cannot be read (no such file)');
    expect(res.stderr).toContain('mcp-supply-gate init');
    expect(res.stderr).not.toContain('ENOENT');
  });

  test('a bare repository (a mirror, git clone --bare) is judged from its commits, as a work tree is', async () => {
    // The replay of real repositories (scripts/real-repos) runs check on bare mirrors; `rev-parse
    // --show-toplevel` has no answer there and used to stop the run with a raw git error.
    const repo = new TestRepo();
    const base = repo.commit({ 'README.md': '# x\n' }, 'base');
    const pkg = JSON.stringify({ dependencies: { 'acme-mcp-x': '1.0.0' } }, null, 2);
    const head = repo.commit({ 'package.json': pkg }, 'pr');
    const bare = path.join(tempDir('msg-bare-'), 'mirror.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    const res = await runCli(['check', '--repo', bare, '--base', base, '--head', head, '--format', 'json', '--offline'], { cwd: tempDir('msg-cwd-') });
    expect(res.stderr).not.toContain('work tree');
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout);
    expect([report.base, report.head]).toEqual([base, head]);
    expect(report.findings.map((f: any) => [f.rule, f.file, f.line])).toContainEqual(['unknown', 'package.json', lineOf(pkg, '"acme-mcp-x"')]);
  });

  test('run from a subdirectory, check judges the repository it is in', async () => {
    const repo = new TestRepo();
    repo.commit({ 'README.md': '# x\n' }, 'base');
    repo.commit({ 'package.json': JSON.stringify({ dependencies: { 'acme-mcp-x': '1.0.0' } }, null, 2) }, 'pr');
    mkdirSync(path.join(repo.dir, 'sub'));
    const res = await runCli(['check', '--format', 'json', '--offline'], { cwd: path.join(repo.dir, 'sub') });
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).findings.map((f: any) => f.file)).toContain('package.json');
  });
});

describe('mistyped commands and options: did you mean', () => {
  test.each([
    [['chek'], 'unknown command "chek"; did you mean "check"?'],
    [['check', '--polcy', 'x.yml'], 'unknown option --polcy; did you mean --policy?'],
    [['scan', '--usr'], 'unknown option --usr; did you mean --user?'],
    [['check', '--format', 'jsn'], '--format must be text, json, markdown or sarif, not "jsn"; did you mean "json"?'],
    [['init', '--forse'], 'unknown option --forse; did you mean --force?'],
    [['scan', '--base', 'main'], 'unknown option --base (it is an option of `check`)'],
  ])('%j', async (args, message) => {
    const res = await runCli(args, { cwd: tempDir('msg-cwd-') });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(message);
  });

  test('no command lists the commands', async () => {
    const res = await runCli([], { cwd: tempDir('msg-cwd-') });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('name a command: check, scan or init');
  });

  test('a mistyped policy key names file, line and the key it resembles', async () => {
    const repo = new TestRepo();
    repo.commit({ '.github/mcp-policy.yml': 'version: 1\nrules:\n  unkown: warning\n' }, 'base');
    repo.commit({ 'README.md': '# x\n' }, 'pr');
    const res = await runCli(['check', '--offline'], { cwd: repo.dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('.github/mcp-policy.yml:3: rules.unkown: unknown key "unkown": check its spelling, did you mean "unknown"? (known keys here:');
  });
});
