// The reader of the files around changed manifests, on a real git repository: it reads at head the
// lockfiles of the directories above a changed manifest, up to the one that locks it, and nothing else;
// go.mod module lines come from the base commit. The git source is real; the wrapper only records paths.
import { resolveContext } from '../../src/context/index';
import type { TreeSource } from '../../src/context/source';
import { parsePolicy } from '../../src/policy/index';
import { readChangedFile } from '../../src/pipeline/changeset';
import { readRelatedFiles } from '../../src/pipeline/related';
import { TestRepo } from '../helpers/git-repo';

const policy = parsePolicy('version: 1\n', { kind: 'file', path: 'p.yml' });
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

async function related(base: Record<string, string>, change: Record<string, string>) {
  const repo = new TestRepo();
  const from = repo.commit({ 'README.md': '#\n', ...base }, 'base');
  const head = repo.commit(change, 'pr');
  const ctx = await resolveContext({ repoDir: repo.dir, base: from, head });
  const reads: string[] = [];
  const real = ctx.source;
  const recording: TreeSource = {
    label: real.label,
    changedPaths: (a, b) => real.changedPaths(a, b),
    read: (commit, path, max) => {
      reads.push(`${commit === head ? 'head' : commit === from ? 'base' : commit}:${path}`);
      return real.read(commit, path, max);
    },
    readBytes: (commit, path, max) => real.readBytes(commit, path, max),
    list: (commit) => real.list(commit),
  };
  const c = { ...ctx, source: recording };
  const parsed = await Promise.all(Object.keys(change).map((p) => readChangedFile(c, p, 'modified', policy)));
  reads.length = 0;
  return { result: await readRelatedFiles(c, policy, parsed), reads };
}

test('reads the lockfiles up the tree to the one that locks the manifest, unchanged ones at head, and no other', async () => {
  const lock = (members: string[]) =>
    json({
      name: 'root',
      lockfileVersion: 3,
      packages: Object.fromEntries([
        ['', { name: 'root' }],
        ...members.map((m) => [`node_modules/${m}`, { resolved: m, link: true }]),
        ['node_modules/@modelcontextprotocol/sdk', { version: '1.30.0', resolved: 'https://registry.npmjs.org/@modelcontextprotocol/sdk/-/sdk-1.30.0.tgz', integrity: `sha512-${'A'.repeat(86)}==` }],
      ]),
    });
  const pkg = (range: string) => json({ name: 'x', dependencies: { '@modelcontextprotocol/sdk': range } });
  const { result, reads } = await related(
    {
      'package-lock.json': lock(['src/a']),
      // A lockfile on the way up that does not list src/a: passed, not taken.
      'src/package-lock.json': lock([]),
      'src/a/package.json': pkg('^1.29.0'),
      // Elsewhere in the tree: never read.
      'other/package-lock.json': lock([]),
      'other/pyproject.toml': '[project]\nname = "o"\n',
    },
    { 'src/a/package.json': pkg('^1.30.0') },
  );
  expect([...result.lockfiles.keys()].sort()).toEqual(['package-lock.json', 'src/package-lock.json']);
  expect(reads.sort()).toEqual(['head:package-lock.json', 'head:src/package-lock.json']);
  expect(result.goModules).toEqual([]);
});

test('go.mod module paths of the base commit, in the changed directory and above', async () => {
  const { result, reads } = await related(
    { 'go.mod': 'module github.com/acme/agent\n\ngo 1.23\n', 'tools/go.mod': 'module github.com/acme/agent/tools\n' },
    { 'tools/go.mod': 'module github.com/evil/renamed\n\ngo 1.23\n' },
  );
  expect(result.goModules.sort()).toEqual(['github.com/acme/agent', 'github.com/acme/agent/tools']);
  expect(reads.filter((r) => r.endsWith('go.mod')).sort()).toEqual(['base:go.mod', 'base:tools/go.mod']);
});

test('nothing is read when no changed file is a manifest a lockfile pins', async () => {
  const { result, reads } = await related({ 'package-lock.json': json({ lockfileVersion: 3, packages: {} }) }, { '.mcp.json': json({ mcpServers: {} }) });
  expect(reads).toEqual([]);
  expect(result.lockfiles.size).toBe(0);
});
