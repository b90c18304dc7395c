// The pure steps that keep the gate quiet on healthy repositories: which lockfile pins a manifest
// entry (coverage), what is the project's own code (own), and one finding per problem (merge).
import type { Draft } from '../../src/checks/check';
import { CHECKS } from '../../src/checks/index';
import { NO_FACTS } from '../../src/types';
import { parsePolicy } from '../../src/policy/index';
import { admits, coverageOf, governs, lockfileCandidates } from '../../src/pipeline/inventory/coverage';
import { ownCode, sameGoRepository } from '../../src/pipeline/inventory/own';
import { repositoryPath } from '../../src/common/paths';
import { mergeRelated, relatedEntries, type JudgedDraft } from '../../src/pipeline/merge-findings';
import type { Dependency, InventoryItem } from '../../src/types';
import { cargoRange } from '../../src/ecosystems/cargo';
import { poetryToPep440 } from '../../src/ecosystems/pypi';

function dep(over: Partial<Dependency> & Pick<Dependency, 'name' | 'file'>): Dependency {
  return { ecosystem: 'npm', line: 1, kind: 'manifest', key: `dependencies/${over.name}`, ...over };
}

const lockEntry = (file: string, name: string, version: string, over: Partial<Dependency> = {}): Dependency =>
  dep({ file, name, version, kind: 'lockfile', key: `node_modules/${name}`, line: 40, ...over });

describe('coverage: the lockfile the package manager would use', () => {
  test('candidates: beside the manifest, then each directory above it; go.sum only beside go.mod', () => {
    expect(lockfileCandidates('src/everything/package.json').map((d) => d[0])).toEqual(['src/everything/package-lock.json', 'src/package-lock.json', 'package-lock.json']);
    expect(lockfileCandidates('pyproject.toml')).toEqual([['uv.lock', 'poetry.lock', 'pylock.toml']]);
    expect(lockfileCandidates('svc/go.mod')).toEqual([['svc/go.sum']]);
    expect(lockfileCandidates('requirements.txt')).toEqual([]);
  });

  // Shape of modelcontextprotocol/servers@7112282c: src/*/package.json ask ^1.30.0, the root package-lock.json
  // pins 1.30.0 and links each workspace member (`"node_modules/<member>": { "resolved": "src/<dir>", "link": true }`).
  const manifest = dep({ file: 'src/everything/package.json', name: '@modelcontextprotocol/sdk', spec: '^1.30.0', specType: 'range', line: 33 });
  const member = (dir: string) => lockEntry('package-lock.json', `@modelcontextprotocol/server-${dir.split('/').pop()}`, '0.6.3', { specType: 'directory', resolved: dir });

  test('a range pinned by the workspace root lockfile is covered by that entry', () => {
    const pinned = lockEntry('package-lock.json', '@modelcontextprotocol/sdk', '1.30.0');
    const cov = coverageOf(manifest, new Map([['package-lock.json', [member('src/everything'), lockEntry('package-lock.json', 'zod', '4.0.0'), pinned]]]));
    expect(cov).toEqual({ files: ['package-lock.json'], entry: pinned });
  });

  test('the nearest lockfile decides, even when one further up pins the package', () => {
    const cov = coverageOf(
      manifest,
      new Map([
        ['src/everything/package-lock.json', [lockEntry('src/everything/package-lock.json', 'zod', '4.0.0')]],
        ['package-lock.json', [member('src/everything'), lockEntry('package-lock.json', '@modelcontextprotocol/sdk', '1.30.0')]],
      ]),
    );
    expect(cov).toEqual({ files: ['src/everything/package-lock.json'] });
  });

  test('a lockfile above that does not list the project as a workspace member does not lock it', () => {
    // Shape of jlowin/fastmcp@12cb58f2: examples/apps/qr_server/pyproject.toml asks for "fastmcp"; the root
    // uv.lock locks the root project only (fastmcp itself, editable ".").
    const example = dep({ ecosystem: 'pypi', file: 'examples/apps/qr_server/pyproject.toml', name: 'fastmcp', spec: '', specType: 'range', key: 'project.dependencies/fastmcp' });
    // (A dynamic version: uv.lock records none for the editable root.)
    const root = [lockEntry('uv.lock', 'fastmcp', '', { ecosystem: 'pypi', specType: 'directory', resolved: '.', key: 'fastmcp', version: undefined })];
    expect(coverageOf(example, new Map([['uv.lock', root]]))).toEqual({ files: [], outside: ['uv.lock'] });
    const withMember = [...root, lockEntry('uv.lock', 'fastmcp-app-examples', '0.1.0', { ecosystem: 'pypi', specType: 'directory', resolved: 'examples/apps/qr_server', key: 'fastmcp-app-examples' })];
    // As a workspace member (listed as editable) it is locked by the root, and its "fastmcp" is the root project.
    expect(coverageOf(example, new Map([['uv.lock', withMember]]))).toEqual({ files: ['uv.lock'], entry: root[0] });
    expect(governs('package-lock.json', [member('src/memory')], 'src/everything/package.json')).toBe(false);
    expect(governs('package-lock.json', [], 'package.json')).toBe(true);
    // Yarn 1 lists no workspaces: taken to lock the folders below it; pnpm and Cargo the same.
    expect(governs('yarn.lock', [lockEntry('yarn.lock', 'zod', '1.0.0')], 'packages/a/package.json')).toBe(true);
    expect(governs('yarn.lock', [lockEntry('yarn.lock', 'app', '1.0.0', { specType: 'workspace', resolved: '.' })], 'packages/a/package.json')).toBe(false);
    expect(governs('bun.lock', [], 'packages/a/package.json')).toBe(true);
    expect(governs('bun.lock', [lockEntry('bun.lock', 'b', '1.0.0', { specType: 'workspace', resolved: 'packages/b' })], 'packages/a/package.json')).toBe(false);
    expect(governs('bun.lock', [lockEntry('bun.lock', 'a', '1.0.0', { specType: 'workspace', resolved: 'packages/a' })], 'packages/a/package.json')).toBe(true);
    expect(governs('Cargo.lock', [], 'examples/x/Cargo.toml')).toBe(true);
    expect(governs('poetry.lock', [], 'sub/pyproject.toml')).toBe(false);
  });

  test('a stale lockfile (a version outside the range) does not cover it, and says what it pins', () => {
    const cov = coverageOf(manifest, new Map([['package-lock.json', [member('src/everything'), lockEntry('package-lock.json', '@modelcontextprotocol/sdk', '1.29.0')]]]));
    expect(cov).toEqual({ files: ['package-lock.json'], others: ['1.29.0'] });
    expect(coverageOf(manifest, new Map())).toEqual({ files: [] });
  });

  test("npm's install path decides between nested and hoisted copies", () => {
    const hoisted = lockEntry('package-lock.json', 'x-mcp', '1.4.0');
    const nested = lockEntry('package-lock.json', 'x-mcp', '2.1.0', { key: 'src/a/node_modules/x-mcp' });
    const lock = new Map([['package-lock.json', [lockEntry('package-lock.json', 'a', '1.0.0', { specType: 'directory', resolved: 'src/a' }), hoisted, nested]]]);
    expect(coverageOf(dep({ file: 'src/a/package.json', name: 'x-mcp', spec: '^1.0.0', specType: 'range' }), lock).entry).toBe(hoisted);
    expect(coverageOf(dep({ file: 'src/a/package.json', name: 'x-mcp', spec: '>=1.0.0', specType: 'range' }), lock).entry).toBe(nested);
  });

  test('a range npm links to a workspace folder (package-lock `link: true`) is covered by the link', () => {
    // Shape of modelcontextprotocol/inspector@452d8ddb: "@modelcontextprotocol/inspector-cli": "^0.17.3" and a link to cli/.
    const link = lockEntry('package-lock.json', '@modelcontextprotocol/inspector-cli', '0.17.2', { specType: 'directory', resolved: 'cli' });
    const m = dep({ file: 'package.json', name: '@modelcontextprotocol/inspector-cli', spec: '^0.17.3', specType: 'range' });
    expect(coverageOf(m, new Map([['package-lock.json', [link]]])).entry).toBe(link);
  });

  test('PEP 440 for PyPI (names per PEP 503), Poetry carets, Cargo default carets', () => {
    const py = (spec: string, key = 'project.dependencies/mcp') => dep({ ecosystem: 'pypi', file: 'pyproject.toml', name: 'MCP', spec, specType: 'range', key });
    const uv = new Map([['uv.lock', [lockEntry('uv.lock', 'mcp', '1.28.1', { ecosystem: 'pypi', key: 'mcp' })]]]);
    expect(coverageOf(py('>=1.23'), uv).entry?.version).toBe('1.28.1');
    expect(coverageOf(py('>=1.29'), uv)).toEqual({ files: ['uv.lock'], others: ['1.28.1'] });
    expect(coverageOf(py(''), uv).entry?.version).toBe('1.28.1');
    expect(admits(py('^1.2', 'tool.poetry.dependencies/mcp'), '1.28.1')).toBe(true);
    expect(admits(py('^1.2', 'tool.poetry.dependencies/mcp'), '2.0.0')).toBe(false);
    expect(admits(py('~1.28', 'tool.poetry.dependencies/mcp'), '1.29.0')).toBe(false);
    expect(admits(py('>=1.0,<2 || ^3', 'tool.poetry.dependencies/mcp'), '3.1')).toBe(true);
    expect(poetryToPep440('^0.2.3')).toEqual(['>=0.2.3,<0.3']);
    // rmcp = "0.9.1" means ^0.9.1 to Cargo.
    const rmcp = dep({ ecosystem: 'cargo', file: 'Cargo.toml', name: 'rmcp', spec: '0.9.1', specType: 'range', key: 'dependencies/rmcp' });
    expect(admits(rmcp, '0.9.3')).toBe(true);
    expect(admits(rmcp, '0.10.0')).toBe(false);
    expect(cargoRange('>=1.2, <1.5')).toBe('>=1.2 <1.5');
    expect(cargoRange('=1.2.3')).toBe('1.2.3');
    // An exact version covers only itself; a tag or git spec is not covered by a version.
    expect(admits(dep({ file: 'package.json', name: 'a', spec: '1.2.3', specType: 'version', version: '1.2.3' }), '1.2.3')).toBe(true);
    expect(admits(dep({ file: 'package.json', name: 'a', spec: 'latest', specType: 'tag' }), '1.2.3')).toBe(false);
  });
});

describe("own: the project's own code is not a dependency", () => {
  const ctx = { goModules: ['github.com/github/github-mcp-server'], cargoRoots: new Map<string, Dependency[]>() };

  test('relative references stay inside the repository or are not local', () => {
    expect(repositoryPath('src/a/package.json', 'file:../b')).toBe('src/b');
    expect(repositoryPath('uv.lock', '.')).toBe('.');
    expect(repositoryPath('examples/server/auth/go.mod', '../../../')).toBe('.');
    expect(repositoryPath('examples/go.mod', '../../outside')).toBeUndefined();
    expect(repositoryPath('package.json', 'file:/etc/x')).toBeUndefined();
    expect(repositoryPath('package.json', 'C:\\x')).toBeUndefined();
    expect(repositoryPath('package.json', 'https://x/y')).toBeUndefined();
    // Yarn Berry: relative to the workspace that asked for it.
    expect(repositoryPath('yarn.lock', 'portal:../tools/x::locator=app%40workspace%3Apackages%2Fa')).toBe('packages/tools/x');
  });

  test('workspace specs, folders inside the repository, own Go modules; not a folder outside nor a fork', () => {
    expect(ownCode(dep({ file: 'packages/client/package.json', name: '@modelcontextprotocol/core', spec: 'workspace:*', specType: 'workspace' }), ctx)).toBe('a package of this workspace (workspace:*)');
    expect(ownCode(dep({ ecosystem: 'pypi', file: 'src/git/uv.lock', name: 'mcp-server-git', kind: 'lockfile', specType: 'directory', resolved: '.' }), ctx)).toBe('the folder src/git of this repository');
    expect(ownCode(dep({ file: 'package.json', name: 'evil-mcp', spec: 'file:../../evil', specType: 'directory' }), ctx)).toBeUndefined();
    expect(ownCode(dep({ ecosystem: 'go', file: 'cmd/x/go.mod', name: 'github.com/github/github-mcp-server/pkg', version: 'v1.0.0', specType: 'version' }), ctx)).toContain('a module of this repository');
    expect(ownCode(dep({ ecosystem: 'go', file: 'go.mod', name: 'github.com/github/github-mcp-server', specType: 'remote', resolved: 'github.com/evil/fork@v1.0.0' }), ctx)).toBeUndefined();
    expect(ownCode(dep({ ecosystem: 'go', file: 'go.mod', name: 'github.com/modelcontextprotocol/go-sdk', version: 'v1.7.0', specType: 'version' }), ctx)).toBeUndefined();
    expect(ownCode(lockEntry('package-lock.json', 'left-pad', '1.3.0'), ctx)).toBeUndefined();
  });

  test('{ workspace = true } in Cargo takes the workspace root entry: a path inside the repository is own code', () => {
    // Shape of modelcontextprotocol/rust-sdk: [workspace.dependencies] rmcp = { version = "3.1.4", path = "./crates/rmcp" }.
    const root = [dep({ ecosystem: 'cargo', file: 'Cargo.toml', name: 'rmcp', key: 'workspace/dependencies/rmcp', specType: 'directory', resolved: './crates/rmcp', line: 7 })];
    const member = dep({ ecosystem: 'cargo', file: 'examples/servers/Cargo.toml', name: 'rmcp', key: 'dependencies/rmcp', specType: 'workspace', spec: 'workspace' });
    expect(ownCode(member, { goModules: [], cargoRoots: new Map([['Cargo.toml', root]]) })).toBe('the folder crates/rmcp of this repository (inherited from Cargo.toml:7)');
    const fromRegistry = [{ ...root[0], specType: 'range', spec: '0.9', resolved: undefined }];
    expect(ownCode(member, { goModules: [], cargoRoots: new Map([['Cargo.toml', fromRegistry]]) })).toBeUndefined();
  });

  test('Go repositories: the forge path decides on the big forges, nesting elsewhere', () => {
    expect(sameGoRepository('github.com/modelcontextprotocol/go-sdk/examples/x', 'github.com/modelcontextprotocol/go-sdk')).toBe(true);
    expect(sameGoRepository('github.com/modelcontextprotocol/go-sdk', 'github.com/modelcontextprotocol/go-sdkx')).toBe(false);
    expect(sameGoRepository('golang.org/x/tools/gopls', 'golang.org/x/tools')).toBe(true);
    expect(sameGoRepository('golang.org/x/tool', 'golang.org/x/tools')).toBe(false);
  });
});

describe('merge: one problem, one finding', () => {
  const item = (d: Dependency, lock?: Dependency): InventoryItem => ({ change: { type: 'added', after: d }, dep: d, mcp: ['x'], ...(lock ? { lock: { files: [lock.file], entry: lock } } : {}) });
  const draft = (d: Dependency, rule: Draft['rule'], message = `${rule} of ${d.name}`): JudgedDraft => ({ draft: { rule, file: d.file, line: d.line, message, name: d.name }, dep: d });

  // Shape of github/github-mcp-server@96a3d782: go.mod:13 requires the go-sdk, go.sum:42 has its hash.
  const goSdk = 'github.com/modelcontextprotocol/go-sdk';
  const require = dep({ ecosystem: 'go', file: 'go.mod', name: goSdk, version: 'v1.7.0', spec: 'v1.7.0', specType: 'remote', resolved: 'github.com/evil/go-sdk@v1.7.1', key: `require/${goSdk}`, line: 13 });
  const replace = dep({ ecosystem: 'go', file: 'go.mod', name: goSdk, version: 'v1.7.0', specType: 'remote', resolved: 'github.com/evil/go-sdk@v1.7.1', key: `replace/${goSdk}`, line: 20 });
  const sum = dep({ ecosystem: 'go', file: 'go.sum', name: goSdk, version: 'v1.7.0', kind: 'lockfile', key: `${goSdk}@v1.7.0`, line: 42 });
  const items = [item(require, sum), item(replace), item(sum)];

  test('go.mod, its replace and go.sum: one unknown on the require line, one source on the replace line', () => {
    const merged = mergeRelated([draft(require, 'unknown'), draft(replace, 'unknown'), draft(sum, 'unknown'), draft(require, 'source'), draft(replace, 'source')], relatedEntries(items));
    expect(merged).toEqual([
      { rule: 'unknown', file: 'go.mod', line: 13, name: goSdk, message: `unknown of ${goSdk} (the same for go.mod:20, go.sum:42)`, related: [{ file: 'go.mod', line: 20 }, { file: 'go.sum', line: 42 }] },
      { rule: 'source', file: 'go.mod', line: 20, name: goSdk, message: `source of ${goSdk} (the same for go.mod:13)`, related: [{ file: 'go.mod', line: 13 }] },
    ]);
  });

  test('manifest and lockfile: a package rule on the manifest line, a bytes rule on the lockfile line; other packages and other findings untouched', () => {
    const m = dep({ file: 'package.json', name: 'acme-mcp', spec: 'file:../x.tgz', specType: 'file', line: 6 });
    const l = lockEntry('package-lock.json', 'acme-mcp', '1.0.0', { line: 20 });
    const other = lockEntry('package-lock.json', 'other-mcp', '1.0.0', { line: 30 });
    const fileIssue: Draft = { rule: 'parse-error', file: 'x.json', line: 1, message: 'bad' };
    const merged = mergeRelated(
      [draft(m, 'unknown'), { draft: fileIssue }, draft(l, 'unknown'), draft(m, 'source'), draft(l, 'source'), draft(l, 'integrity', 'weak'), draft(l, 'integrity', 'pin'), draft(other, 'unknown')],
      relatedEntries([item(m, l), item(l), item(other)]),
    );
    expect(merged.map((d) => [d.rule, `${d.file}:${d.line}`, d.related])).toEqual([
      ['unknown', 'package.json:6', [{ file: 'package-lock.json', line: 20 }]],
      ['parse-error', 'x.json:1', undefined],
      ['source', 'package-lock.json:20', [{ file: 'package.json', line: 6 }]],
      ['integrity', 'package-lock.json:20', undefined],
      ['integrity', 'package-lock.json:20', undefined],
      ['unknown', 'package-lock.json:30', undefined],
    ]);
  });

  test('the same package at the same version twice in one file is one finding; another version is another', () => {
    // Shape of github/github-mcp-server@9bdbcaa5: one action pinned by SHA in two jobs of one workflow.
    const use = (line: number, version: string) => dep({ ecosystem: 'github-actions', file: '.github/workflows/mcp-diff.yml', name: 'SamMorrowDrums/mcp-server-diff', version, specType: 'version', key: `jobs/j${line}/uses`, line });
    const [a, b, c] = [use(58, 'a'.repeat(40)), use(123, 'a'.repeat(40)), use(200, 'b'.repeat(40))];
    const merged = mergeRelated([draft(a, 'unknown'), draft(b, 'unknown'), draft(c, 'unknown')], relatedEntries([item(a), item(b), item(c)]));
    expect(merged.map((d) => [d.line, d.related])).toEqual([
      [58, [{ file: '.github/workflows/mcp-diff.yml', line: 123 }]],
      [200, undefined],
    ]);
  });
});

describe('rules on a manifest range, with and without the lockfile pin', () => {
  const policy = parsePolicy('version: 1\nallow:\n  - name: "@modelcontextprotocol/sdk"\n    versions: ">=1.25.0"\n', { kind: 'file', path: 'p.yml' });
  const run = (it: InventoryItem) =>
    CHECKS.flatMap((c) => c.run?.(it, { policy, facts: NO_FACTS, now: new Date('2026-11-21') }) ?? []).map((d: Draft) => [d.rule, d.message]);
  const m = dep({ file: 'src/everything/package.json', name: '@modelcontextprotocol/sdk', spec: '^1.20.0', specType: 'range', line: 33 });
  const pin = lockEntry('package-lock.json', '@modelcontextprotocol/sdk', '1.30.0', { line: 155 });
  const it = (lock?: InventoryItem['lock']): InventoryItem => ({ change: { type: 'changed', after: m }, dep: m, mcp: ['x'], ...(lock ? { lock } : {}) });

  test('pinned: a range notice naming the pin, no unpinned, no version (the lockfile entry is what installs)', () => {
    expect(run(it({ files: ['package-lock.json'], entry: pin }))).toEqual([
      ['range', '@modelcontextprotocol/sdk is asked for as "^1.20.0", a range; package-lock.json:155 pins 1.30.0, so that version is what installs, and a newer one comes only with a lockfile change (judged when it happens)'],
    ]);
  });

  test('not pinned: unpinned, saying why and what to do', () => {
    const rules = (lock?: InventoryItem['lock']) => run(it(lock)).map(([rule]: string[]) => rule).sort();
    expect(rules({ files: [] })).toEqual(['unpinned', 'version']);
    expect(run(it({ files: [] })).find(([r]: string[]) => r === 'unpinned')?.[1]).toContain('no lockfile beside src/everything/package.json or above it pins it');
    expect(run(it({ files: ['package-lock.json'], others: ['1.19.0'] })).find(([r]: string[]) => r === 'unpinned')?.[1]).toContain('package-lock.json pins 1.19.0, which "^1.20.0" does not admit: the lockfile is out of date');
    expect(run(it({ files: ['package-lock.json'] })).find(([r]: string[]) => r === 'unpinned')?.[1]).toContain('package-lock.json does not list it');
  });

  test('a peer range is a notice: the installing project picks the version', () => {
    const peer = { ...m, key: 'peerDependencies/@modelcontextprotocol/sdk', spec: '^1.25.0', optional: true };
    expect(run({ change: { type: 'added', after: peer }, dep: peer, mcp: ['x'], lock: { files: [] } }).map(([r]: string[]) => r)).toEqual(['range']);
  });
});
