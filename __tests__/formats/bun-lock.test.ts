import { bunLock, bunLockb } from '../../src/formats/npm/bun-lock.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const BUN = 'bun/bun.lock';

function parse(text = fixture(BUN)): Dependency[] {
  return bunLock.parse(text, BUN);
}

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(' | ')}`);
  return d;
}

describe('bun.lock (bun 1.3, lockfileVersion 2)', () => {
  const text = fixture(BUN);
  const deps = parse(text);

  it('keys packages by install path, on the line of the key, skipping the root', () => {
    expect(deps.map((d) => d.key)).toEqual([
      '@acme/mcp-server',
      '@fixture/shared',
      '@hono/node-server',
      '@modelcontextprotocol/sdk',
      '@playwright/mcp',
      'core-js',
      'hono',
      'is-number',
      'is-odd',
      'left-pad',
      'local-tool',
      'mcp-git-tool',
      'mcp-gitlab-tool',
      'odd-alias',
      'playwright',
      'playwright-core',
      'zod',
      'is-odd/is-number',
      'odd-alias/is-number',
    ]);
    for (const d of deps) {
      expect(d).toMatchObject({ ecosystem: 'npm', kind: 'lockfile', file: BUN });
      expect(d.line).toBe(lineOf(text, `    "${d.key}": [`));
    }
  });

  it('keeps a workspace package as the folder it is', () => {
    expect(entry(deps, '@fixture/shared')).toEqual({ ecosystem: 'npm', name: '@fixture/shared', file: BUN, line: lineOf(text, '    "@fixture/shared": ['), kind: 'lockfile', key: '@fixture/shared', specType: 'workspace', resolved: 'packages/shared' });
  });

  it('reads a registry package: version, integrity, requires (optional peers left out)', () => {
    const sdk = entry(deps, '@modelcontextprotocol/sdk');
    expect(sdk).toMatchObject({
      name: '@modelcontextprotocol/sdk',
      version: '1.32.2',
      integrity: 'sha512-SWsVtH/0vULSQStoZ6xxH2K09Li8fXYTMC64ZeogCdpZ3XSi1eCPOByV1OpuJxuI3OcmHhosDWYyii07tpPsLw==',
    });
    expect(sdk.requires).toEqual(expect.arrayContaining(['express', 'zod']));
    // Bun lists the SDK's peer @cfworker/json-schema under optionalPeers: no edge.
    expect(text).toContain('"optionalPeers": ["@cfworker/json-schema"]');
    expect(sdk.requires).not.toContain('@cfworker/json-schema');
    expect(sdk.registry).toBeUndefined();
    expect(sdk.resolved).toBeUndefined();
  });

  it('records a non-default registry', () => {
    expect(entry(deps, '@acme/mcp-server')).toMatchObject({ version: '1.2.4', registry: 'https://npm.acme.example/' });
  });

  it('reads hasInstallScript', () => {
    expect(deps.filter((d) => d.hasInstallScript).map((d) => d.key)).toEqual(['core-js']);
  });

  it('names nested packages by their own name and aliases by the install name', () => {
    expect(entry(deps, 'odd-alias')).toMatchObject({ name: 'is-odd', alias: 'odd-alias', version: '2.0.0' });
    expect(entry(deps, 'odd-alias/is-number')).toMatchObject({ name: 'is-number', version: '4.0.0' });
    expect(entry(deps, 'odd-alias/is-number').alias).toBeUndefined();
  });

  it('reads tarball, git, github and folder packages', () => {
    expect(entry(deps, 'left-pad')).toMatchObject({
      specType: 'remote',
      resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
      integrity: expect.stringMatching(/^sha512-XI5MPzVN/),
    });
    const github = entry(deps, 'mcp-git-tool');
    expect(github).toMatchObject({ specType: 'git', resolved: 'github:acme/mcp-git-tool#8f3c2a1', requires: ['@modelcontextprotocol/sdk'] });
    expect(github.integrity).toBeUndefined(); // the third element is bun's cache tag
    expect(entry(deps, 'mcp-gitlab-tool')).toMatchObject({ specType: 'git', resolved: expect.stringMatching(/^git\+https:\/\/gitlab\.com\//) });
    expect(entry(deps, 'local-tool')).toMatchObject({ specType: 'directory', resolved: 'tools/local-tool', requires: ['odd-alias'] });
  });

  it('reads lockfileVersion 1 (bun 1.2) and comments the same way', () => {
    const v1 = replaceOnce(replaceOnce(text, '"lockfileVersion": 2,', '"lockfileVersion": 1, // bun 1.2'), '  "configVersion": 1,\n', '');
    expect(parse(v1).map((d) => d.key)).toEqual(deps.map((d) => d.key));
  });
});

describe('bun.lock files bun would reject', () => {
  const text = fixture(BUN);

  it('a syntax error, at its line', () => {
    const bad = replaceOnce(text, '"hono": ["hono@4.13.19", "", {},', '"hono": ["hono@4.13.19" "", {},');
    expect(parseErrorOf(() => parse(bad)).line).toBe(lineOf(bad, '"hono": ["hono@4.13.19" ""'));
  });

  it('an unsupported lockfileVersion', () => {
    const bad = replaceOnce(text, '"lockfileVersion": 2,', '"lockfileVersion": 7,');
    expect(parseErrorOf(() => parse(bad))).toMatchObject({ line: lineOf(bad, '"lockfileVersion"'), message: expect.stringMatching(/lockfileVersion 7 is not supported/) });
  });

  it('a package that is not an array, or has a bad first element', () => {
    const notArray = replaceOnce(text, '"hono": ["hono@4.13.19", "", {}, ', '"hono": {"x": ["hono@4.13.19", "", {}, ').replace(/("hono": \{"x": \[[^\]]*\])/, '$1}');
    expect(parseErrorOf(() => parse(notArray))).toMatchObject({ line: lineOf(notArray, '"hono": {"x"'), message: expect.stringMatching(/must be an array/) });
    const noName = replaceOnce(text, '["hono@4.13.19",', '["4.13.19",');
    expect(parseErrorOf(() => parse(noName))).toMatchObject({ line: lineOf(noName, '["4.13.19",'), message: expect.stringMatching(/is not name@version/) });
  });

  it('dependencies of the wrong type', () => {
    const bad = replaceOnce(text, '{ "dependencies": { "is-number": "^6.0.0" } }', '{ "dependencies": ["is-number"] }');
    expect(parseErrorOf(() => parse(bad))).toMatchObject({ line: lineOf(bad, '["is-number"]'), message: expect.stringMatching(/dependencies must be an object/) });
  });

  it('empty, garbage and deeply nested files', () => {
    expect(parseErrorOf(() => parse('')).line).toBe(1);
    expect(parseErrorOf(() => parse('\u0000\u0001bun-lockfile-format-v0\n')).line).toBe(1);
    expect(parseErrorOf(() => parse(`{"lockfileVersion": 1, "packages": {"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)).line).toBe(1);
  });
});

describe('bun.lockb', () => {
  it('is never readable and says to commit bun.lock', () => {
    const err = parseErrorOf(() => bunLockb.parse('\u0000binary', 'app/bun.lockb'));
    expect(err).toMatchObject({ file: 'app/bun.lockb', line: 1 });
    expect(err.message).toMatch(/bun install --save-text-lockfile/);
    expect(parseErrorOf(() => bunLockb.parseBytes(new Uint8Array([0, 1, 2]), 'bun.lockb')).message).toMatch(/commit the text lockfile bun\.lock/);
  });
});

describe('bun matches', () => {
  it.each([
    ['bun.lock', true, false],
    ['apps/x/bun.lock', true, false],
    ['bun.lockb', false, true],
    ['node_modules/x/bun.lock', false, false],
    ['node_modules/x/bun.lockb', false, false],
    ['bun.lock.bak', false, false],
  ])('%s -> bun-lock %s, bun-lockb %s', (path, text, binary) => {
    expect(bunLock.matches(path)).toBe(text);
    expect(bunLockb.matches(path)).toBe(binary);
  });
});
