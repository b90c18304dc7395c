// How many git processes a check starts, counted by a `git` first on PATH that logs each invocation and
// hands it to the real git: one `cat-file` serves every size and blob, so a PR that changes twelve files
// starts as many processes as one that changes two. A git older than 2.36 (no --batch-command, played
// here by a wrapper that refuses it as such a git does) is served by one --batch-check and one --batch.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { TestRepo, packageJson, packageLock, tempDir } from '../helpers/git-repo';
import { runCli } from '../helpers/run-dist';

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** A directory with a `git` that logs its arguments (one line per process) and runs the real one; `old` refuses --batch-command. */
function gitWrapper(old: boolean): { bin: string; log: string } {
  const bin = tempDir('msg-gitbin-');
  const log = path.join(bin, 'invocations.log');
  const refuse = old
    ? `for a in "$@"; do if [ "$a" = "--batch-command" ]; then echo "error: unknown option \\\`batch-command'" >&2; echo "usage: git cat-file <type> <object>" >&2; exit 129; fi; done\n`
    : '';
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n${refuse}exec '${REAL_GIT}' "$@"\n`);
  chmodSync(path.join(bin, 'git'), 0o755);
  writeFileSync(log, '');
  return { bin, log };
}

/** A base with `apps` projects, and a PR that adds a dependency to each one's package.json and lockfile. */
function prChanging(apps: number) {
  const repo = new TestRepo();
  const base: Record<string, string> = { 'README.md': '# r\n' };
  const head: Record<string, string> = {};
  for (let i = 0; i < apps; i++) {
    const before = { 'left-pad': '1.3.0' };
    const after = { ...before, [`@acme/mcp-server-${i}`]: '1.0.0' };
    base[`apps/a${i}/package.json`] = packageJson(before);
    base[`apps/a${i}/package-lock.json`] = packageLock(before, [{ name: 'left-pad', version: '1.3.0' }]);
    head[`apps/a${i}/package.json`] = packageJson(after);
    head[`apps/a${i}/package-lock.json`] = packageLock(after, [
      { name: 'left-pad', version: '1.3.0' },
      { name: `@acme/mcp-server-${i}`, version: '1.0.0' },
    ]);
  }
  const from = repo.commit(base, 'base');
  const to = repo.commit(head, 'pr');
  return { repo, from, to };
}

async function checkWith(wrapper: { bin: string; log: string }, pr: ReturnType<typeof prChanging>) {
  writeFileSync(wrapper.log, '');
  const res = await runCli(['check', '--repo', pr.repo.dir, '--base', pr.from, '--head', pr.to, '--offline', '--format', 'json'], {
    cwd: pr.repo.dir,
    env: { PATH: `${wrapper.bin}${path.delimiter}${process.env.PATH}` },
  });
  const invocations = readFileSync(wrapper.log, 'utf8').split('\n').filter(Boolean);
  const catFile = invocations.filter((l) => / cat-file /.test(` ${l} `)).map((l) => l.slice(l.indexOf('cat-file')));
  return { res, report: JSON.parse(res.stdout), invocations, catFile };
}

test('one cat-file serves every read: twelve changed files start no more git processes than two', async () => {
  const git = gitWrapper(false);
  const small = await checkWith(git, prChanging(1));
  const large = await checkWith(git, prChanging(6));
  // The reads really happened: every changed file was read at base and head and judged.
  expect(small.report.files).toHaveLength(2);
  expect(large.report.files).toHaveLength(12);
  expect(large.report.dependencies.map((d: { name: string }) => d.name)).toContain('@acme/mcp-server-5');
  expect(large.invocations).toHaveLength(small.invocations.length);
  expect(large.catFile).toEqual(['cat-file --batch-command']);
  expect(small.catFile).toEqual(['cat-file --batch-command']);
  // Nothing per file: no `cat-file -s` or `cat-file blob` next to the batch.
  expect(large.invocations.filter((l) => l.includes(':apps/'))).toEqual([]);
});

test('a git without --batch-command is served by one --batch-check and one --batch, with the same report', async () => {
  const pr = prChanging(6);
  const current = await checkWith(gitWrapper(false), pr);
  const old = await checkWith(gitWrapper(true), pr);
  expect(old.res.code).toBe(current.res.code);
  expect(old.report).toEqual(current.report);
  expect(old.catFile).toEqual(['cat-file --batch-command', 'cat-file --batch-check', 'cat-file --batch']);
  expect(old.invocations).toHaveLength(current.invocations.length + 2);
});
