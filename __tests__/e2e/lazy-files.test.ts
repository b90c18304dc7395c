// The libraries only some runs need are built into dist/lazy-*.js, loaded on first use (scripts/build.mjs).
// Shown from outside: the bundled CLI, copied without its lazy files, still does every run that needs
// none of them (an offline check of npm manifests and lockfiles, an MCP config), byte for byte as with
// them; and a run that needs one (a yarn.lock) fails without it, so the copy really lacks what it lacks.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { TestRepo, fakeIntegrity, packageJson, packageLock, tarballUrl, tempDir } from '../helpers/git-repo';
import { baseEnv, isolatedDist, runNode } from '../helpers/run-dist';

function distWithout(pattern: RegExp): string {
  const dir = path.join(tempDir('msg-dist-slim-'), 'dist');
  mkdirSync(dir);
  for (const f of readdirSync(isolatedDist())) if (!pattern.test(f)) copyFileSync(path.join(isolatedDist(), f), path.join(dir, f));
  return dir;
}

const repo = new TestRepo();
const base = repo.commit({ 'README.md': '# app\n' });
const head = repo.commit({
  'package.json': packageJson({ '@modelcontextprotocol/server-memory': '^2026.1.0', 'left-pad': '1.3.0' }),
  'package-lock.json': packageLock({ '@modelcontextprotocol/server-memory': '^2026.1.0', 'left-pad': '1.3.0' }, [
    { name: '@modelcontextprotocol/server-memory', version: '2026.1.0', resolved: tarballUrl('@modelcontextprotocol/server-memory', '2026.1.0'), integrity: fakeIntegrity('m') },
    { name: 'left-pad', version: '1.3.0', resolved: tarballUrl('left-pad', '1.3.0'), integrity: fakeIntegrity('l') },
  ]),
  '.mcp.json': JSON.stringify({ mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2026.1.0'] } } }, null, 2),
});
const check = (dist: string, h = head) => runNode(path.join(dist, 'cli.js'), ['check', '--repo', repo.dir, '--base', base, '--head', h, '--offline', '--format', 'json'], { cwd: repo.dir, env: baseEnv() });

test('dist/ has lazy files, and the entry bundles name them', () => {
  const lazy = readdirSync(isolatedDist()).filter((f) => /^lazy-.*\.js$/.test(f));
  expect(lazy).toEqual(expect.arrayContaining(['lazy-github.js', 'lazy-http.js', 'lazy-sigstore.js', 'lazy-x509.js', 'lazy-yarn.js']));
});

test('an offline check of npm files and an MCP config runs without any lazy file, with the same report', async () => {
  const full = await check(isolatedDist());
  const slim = await check(distWithout(/^lazy-/));
  expect(slim.stderr).toBe(full.stderr);
  expect(slim.code).toBe(full.code);
  const report = JSON.parse(slim.stdout);
  expect(report.dependencies.map((d: { name: string }) => d.name)).toContain('@modelcontextprotocol/server-memory');
  expect(slim.stdout).toBe(full.stdout);
  expect(slim.code).toBe(0);
});

test('a run that needs a lazy file fails without it: the slim copy is really missing something', async () => {
  const h = repo.commit({ 'yarn.lock': '# yarn lockfile v1\n\n\n"@modelcontextprotocol/server-memory@^2026.1.0":\n  version "2026.1.0"\n  resolved "https://registry.yarnpkg.com/@modelcontextprotocol/server-memory/-/server-memory-2026.1.0.tgz#0"\n  integrity sha512-AAAA\n' });
  expect((await check(isolatedDist(), h)).stdout).toContain('yarn.lock');
  const slim = await check(distWithout(/^lazy-yarn\.js$/), h);
  expect(`${slim.stdout}${slim.stderr}`).toMatch(/lazy-yarn\.js/);
});
