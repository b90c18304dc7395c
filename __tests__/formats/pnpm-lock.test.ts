import { parse as parseYaml } from 'yaml';
import { pnpmLock } from '../../src/formats/npm/pnpm-lock.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const V9 = 'pnpm-v9/pnpm-lock.yaml';
const V6 = 'pnpm-v6/pnpm-lock.yaml';

function parse(rel: string, text = fixture(rel)): Dependency[] {
  return pnpmLock.parse(text, rel);
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(' | ')}`);
  return d;
}

const GIT_SHA = '8f3c2a1b9d4e5f60718293a4b5c6d7e8f9012345';
const GITLAB_SHA = '0d1c2b3a4958675746352413021f1e1d1c1b1a19';

describe('pnpm-lock.yaml v9 (pnpm 9)', () => {
  const text = fixture(V9);
  const deps = parse(V9, text);
  const packages = Object.keys(parseYaml(text).packages);

  it('has one entry per packages key, on the line of that key (not its snapshot)', () => {
    expect(deps.map((d) => d.key)).toEqual(packages);
    for (const d of deps) {
      expect(d).toMatchObject({ ecosystem: 'npm', kind: 'lockfile', file: V9 });
      expect(d.line).toBe(lineOf(text, `  ${d.key.startsWith('@') ? `'${d.key}'` : d.key}:\n    resolution`));
      expect(d.line).toBeLessThan(lineOf(text, '\nsnapshots:'));
    }
  });

  it('reads an MCP package, taking requires from its snapshot (with the peer suffix), leaving out optional peers', () => {
    const sdk = entry(deps, '@modelcontextprotocol/sdk@1.32.2');
    expect(sdk).toMatchObject({
      name: '@modelcontextprotocol/sdk',
      version: '1.32.2',
      integrity: 'sha512-SWsVtH/0vULSQStoZ6xxH2K09Li8fXYTMC64ZeogCdpZ3XSi1eCPOByV1OpuJxuI3OcmHhosDWYyii07tpPsLw==',
      line: lineOf(text, "'@modelcontextprotocol/sdk@1.32.2':"),
    });
    expect(sdk.requires).toEqual(expect.arrayContaining(['express', 'zod-to-json-schema']));
    // @cfworker/json-schema is a peer of the SDK marked optional in peerDependenciesMeta.
    expect(text.slice(text.indexOf("  '@modelcontextprotocol/sdk@1.32.2':"))).toMatch(/peerDependenciesMeta:\n\s+'@cfworker\/json-schema':\n\s+optional: true/);
    expect(sdk.requires).not.toContain('@cfworker/json-schema');
    expect(sdk.resolved).toBeUndefined();
    expect(entry(deps, '@playwright/mcp@0.0.83').requires).toEqual(['playwright', 'playwright-core']);
  });

  it('reads a tarball from a foreign registry as resolved', () => {
    expect(entry(deps, '@acme/mcp-server@1.2.4')).toMatchObject({
      specType: 'remote',
      resolved: 'https://npm.acme.example/@acme/mcp-server/-/mcp-server-1.2.4.tgz',
      integrity: expect.stringMatching(/^sha512-/),
    });
  });

  it('reads git, codeload and directory resolutions with the version field', () => {
    expect(entry(deps, `mcp-gitlab-tool@git+https://gitlab.com/acme/mcp-gitlab-tool.git#${GITLAB_SHA}`)).toMatchObject({
      name: 'mcp-gitlab-tool',
      version: '2.0.0',
      specType: 'git',
      resolved: `git+https://gitlab.com/acme/mcp-gitlab-tool.git#${GITLAB_SHA}`,
    });
    expect(entry(deps, `mcp-git-tool@https://codeload.github.com/acme/mcp-git-tool/tar.gz/${GIT_SHA}`)).toMatchObject({
      name: 'mcp-git-tool',
      version: '0.3.1',
      specType: 'git',
      requires: ['@modelcontextprotocol/sdk'],
    });
    expect(entry(deps, 'local-tool@file:tools/local-tool')).toMatchObject({ name: 'local-tool', version: '0.0.1', specType: 'directory', resolved: 'tools/local-tool' });
  });

  it('marks a package reached only through an npm alias', () => {
    expect(entry(deps, 'is-odd@2.0.0')).toMatchObject({ name: 'is-odd', alias: 'odd-alias' });
    expect(entry(deps, 'is-odd@3.0.1').alias).toBeUndefined();
  });

  it('takes optional from the snapshot', () => {
    expect(entry(deps, 'core-js@3.41.0').optional).toBe(true);
    expect(deps.filter((d) => d.optional !== undefined).map((d) => d.key)).toEqual(['core-js@3.41.0']);
  });

  it('merges peer variants of one package into one entry', () => {
    const twoVariants = replaceOnce(
      text,
      "  '@hono/node-server@2.1.8(hono@4.13.19)':\n",
      "  '@hono/node-server@2.1.8(hono@4.12.0)':\n    dependencies:\n      hono: 4.12.0\n      extra-peer-helper: 1.0.0\n\n  '@hono/node-server@2.1.8(hono@4.13.19)':\n",
    );
    const hono = parse(V9, twoVariants).filter((d) => d.name === '@hono/node-server');
    expect(hono).toHaveLength(1);
    expect(hono[0].requires).toEqual(['hono', 'extra-peer-helper']);
  });
});

describe('pnpm-lock.yaml v6 (pnpm 8)', () => {
  const text = fixture(V6);
  const deps = parse(V6, text);

  it('keys registry packages by their /name@version key without peers, each on its key line', () => {
    expect(deps.map((d) => d.key)).toEqual(Object.keys(parseYaml(text).packages).map((k) => k.replace(/\(.*$/, '')));
    expect(entry(deps, '/@hono/node-server@2.1.8').line).toBe(lineOf(text, '  /@hono/node-server@2.1.8(hono@4.13.19):'));
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });

  it('reads requiresBuild, dev and optional as recorded', () => {
    expect(entry(deps, '/core-js@3.41.0')).toMatchObject({ hasInstallScript: true, optional: true, dev: false });
    expect(entry(deps, '/is-number@7.0.0').dev).toBe(true);
    expect(deps.filter((d) => d.hasInstallScript).map((d) => d.key)).toEqual(['/core-js@3.41.0']);
  });

  it('reads requires from the package entry, optional peers left out', () => {
    expect(entry(deps, '/@modelcontextprotocol/sdk@1.32.2').requires).toEqual(expect.arrayContaining(['express']));
    expect(entry(deps, '/@modelcontextprotocol/sdk@1.32.2').requires).not.toContain('@cfworker/json-schema');
  });

  it('names non-registry packages from their name field', () => {
    expect(entry(deps, `github.com/acme/mcp-git-tool/${GIT_SHA}`)).toMatchObject({
      name: 'mcp-git-tool',
      version: '0.3.1',
      specType: 'git',
      resolved: `https://codeload.github.com/acme/mcp-git-tool/tar.gz/${GIT_SHA}`,
      line: lineOf(text, `  github.com/acme/mcp-git-tool/${GIT_SHA}:`),
    });
    expect(entry(deps, `gitlab.com/acme/mcp-gitlab-tool/${GITLAB_SHA}`)).toMatchObject({ specType: 'git', resolved: `git+https://gitlab.com/acme/mcp-gitlab-tool.git#${GITLAB_SHA}` });
    expect(entry(deps, 'file:tools/local-tool')).toMatchObject({ name: 'local-tool', specType: 'directory' });
    expect(entry(deps, '/@acme/mcp-server@1.2.4').resolved).toBe('https://npm.acme.example/@acme/mcp-server/-/mcp-server-1.2.4.tgz');
  });

  it('marks the aliased package', () => {
    expect(entry(deps, '/is-odd@2.0.0').alias).toBe('odd-alias');
  });

  it('reads lockfileVersion 5.4 keys (/name/1.2.3_peer)', () => {
    const v5 = `lockfileVersion: 5.4

specifiers:
  '@playwright/mcp': ^0.0.30

dependencies:
  '@playwright/mcp': 0.0.30_zod@3.25.0

packages:

  /@playwright/mcp/0.0.30_zod@3.25.0:
    resolution: {integrity: sha512-abc=}
    dependencies:
      playwright: 1.53.0
    dev: false

  /playwright/1.53.0:
    resolution: {integrity: sha512-def=}
    requiresBuild: true
    dev: false
`;
    expect(parse(V6, v5)).toEqual([
      expect.objectContaining({ name: '@playwright/mcp', version: '0.0.30', key: '/@playwright/mcp/0.0.30', line: lineOf(v5, '  /@playwright/mcp/0.0.30_zod'), requires: ['playwright'] }),
      expect.objectContaining({ name: 'playwright', version: '1.53.0', key: '/playwright/1.53.0', hasInstallScript: true }),
    ]);
  });
});

describe('pnpm-lock.yaml files pnpm would reject', () => {
  const text = fixture(V9);

  it('a YAML syntax error, at its line', () => {
    const bad = replaceOnce(text, "    engines: {node: '>=16.9.0'}\n", "    engines: {node: '>=16.9.0'\n");
    const err = parseErrorOf(() => parse(V9, bad));
    expect(err.message).toMatch(/invalid YAML/);
    // The YAML reader notices the unclosed flow mapping at the next key, not at the line that opened it.
    expect(err.line).toBe(lineOf(bad, '  is-number@4.0.0:', "engines: {node: '>=16.9.0'\n"));
  });

  it('a duplicate key, at the second one', () => {
    const bad = replaceOnce(text, '  hono@4.13.19:\n    resolution', '  zod@4.6.7:\n    resolution: {}\n\n  hono@4.13.19:\n    resolution');
    const err = parseErrorOf(() => parse(V9, bad));
    expect(err.line).toBe(lineOf(bad, '  zod@4.6.7:', '  hono@4.13.19:\n'));
    expect(err.line).toBeGreaterThan(lineOf(bad, '  zod@4.6.7:'));
  });

  it('an unsupported or missing lockfileVersion', () => {
    const bad = replaceOnce(text, "lockfileVersion: '9.0'", "lockfileVersion: '42.0'");
    expect(parseErrorOf(() => parse(V9, bad))).toMatchObject({ line: lineOf(bad, "lockfileVersion: '42.0'"), message: expect.stringMatching(/not supported/) });
    const none = 'packages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\n';
    expect(parseErrorOf(() => parse(V9, none))).toMatchObject({ line: lineOf(none, 'packages:'), message: expect.stringMatching(/no lockfileVersion/) });
  });

  it('a top level that is not a mapping', () => {
    const list = '- a\n- b\n';
    expect(parseErrorOf(() => parse(V9, list))).toMatchObject({ line: lineOf(list, '- a'), message: expect.stringMatching(/must be a mapping/) });
  });

  it('a resolution that is not a mapping, at its line', () => {
    const bad = replaceOnce(text, '  zod@4.6.7:\n    resolution: {integrity', '  zod@4.6.7:\n    resolution: [integrity');
    const fixed = bad.replace(/(\[integrity[^}\n]*)\}/, '$1]');
    const err = parseErrorOf(() => parse(V9, fixed));
    expect(err.line).toBe(lineOf(fixed, '    resolution: [integrity'));
  });

  it('dev that is not a boolean', () => {
    const bad = replaceOnce(fixture(V6), '    requiresBuild: true\n', '    requiresBuild: sometimes\n');
    const err = parseErrorOf(() => parse(V6, bad));
    expect(err).toMatchObject({ line: lineOf(bad, 'requiresBuild: sometimes'), message: expect.stringMatching(/requiresBuild must be true or false/) });
  });

  it('binary garbage', () => {
    expect(parseErrorOf(() => parse(V9, '\u0000\u0001PK\u0003')).line).toBe(1);
  });

  it('absurd nesting', () => {
    const deep = `lockfileVersion: '9.0'\npackages: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(parseErrorOf(() => parse(V9, deep)).line).toBe(lineOf(deep, 'packages:'));
  });
});

describe('pnpm-lock matches', () => {
  it.each([
    ['pnpm-lock.yaml', true],
    ['apps/web/pnpm-lock.yaml', true],
    ['node_modules/.pnpm/lock.yaml', false],
    ['node_modules/x/pnpm-lock.yaml', false],
    ['pnpm-workspace.yaml', false],
  ])('%s -> %s', (path, expected) => {
    expect(pnpmLock.matches(path)).toBe(expected);
  });
});
