// Registry URLs from names and versions a pull request supplies: built by encoding, never by URL
// resolution, so no name reaches another path, port or host.
import npa from 'npm-package-arg';
import { source } from '../../src/checks/source.js';
import { NO_FACTS } from '../../src/types.js';
import { defaultPolicy } from '../../src/policy/index.js';
import { registryCheck } from '../../src/checks/registry.js';
import { gatherFacts } from '../../src/registry/index.js';
import { attestationsUrl, escapedName, InvalidPackageName, keysUrl, npmNameProblem, packumentUrl, registryBase, tarballUrl } from '../../src/ecosystems/npm-registry.js';
import { TestRegistry } from '../helpers/npm-registry.js';
import { added, lockEntry } from './items.js';
import { testPolicy } from './policy.js';

const REGISTRY = 'https://npm.example.internal/npm/';

/** Names npm installs today, old rules included (capitals, `~'!()*`, core module names). */
const VALID = ['left-pad', '@modelcontextprotocol/server-git', 'JSONStream', '@Scope/Pkg', 'http', 'a.b_c-d~e', "wow!('*)", '@../x'];

/** Names from lockfiles that point a naive `new URL(name, registry)` elsewhere. */
const HOSTILE = [
  '\\\\127.0.0.1:9\\fz-mcp',
  '\\127.0.0.1:9\\fz-mcp',
  '//evil.example/x',
  'http://evil.example/x',
  '../../x',
  '..',
  '.',
  '@scope/../x',
  '@scope/..',
  'a/b',
  '@a/b/c',
  'a%2fb',
  '%2e%2e',
  'a b',
  'a?b',
  'a#b',
  ' left-pad',
  '',
  'node_modules',
];

describe('npm package names', () => {
  it.each(VALID)('accepts %j as npm does for existing packages', (name) => {
    expect(npmNameProblem(name)).toBeUndefined();
  });

  it('accepts a name longer than 214 characters: new ones are refused, old ones still install', () => {
    expect(npmNameProblem('x'.repeat(215))).toBeUndefined();
  });

  it.each(HOSTILE)('refuses %j, naming the rule it breaks', (name) => {
    expect(npmNameProblem(name)).toEqual(expect.any(String));
    expect(() => escapedName(name)).toThrow(InvalidPackageName);
    expect(() => packumentUrl(REGISTRY, name)).toThrow(InvalidPackageName);
    expect(() => tarballUrl(REGISTRY, name, '1.0.0')).toThrow(InvalidPackageName);
    expect(() => attestationsUrl(REGISTRY, name, '1.0.0')).toThrow(InvalidPackageName);
  });

  it('agrees with npm itself: npm-package-arg refuses what is refused here', () => {
    // An empty name is no name to npa (it reads the spec alone); everything else it refuses.
    for (const name of HOSTILE.filter((n) => n !== '')) expect(() => npa.resolve(name, '1.0.0')).toThrow();
    for (const name of VALID) expect(npa.resolve(name, '1.0.0').name).toBe(name);
  });
});

describe('registry URLs', () => {
  it.each(VALID)('escapes %j as npm-package-arg does (escapedName, which pacote appends)', (name) => {
    expect(escapedName(name)).toBe(npa.resolve(name, '1.0.0').escapedName);
  });

  it.each(VALID)('keeps the packument of %j one segment under the registry path', (name) => {
    const url = new URL(packumentUrl(REGISTRY, name));
    expect(url.origin).toBe('https://npm.example.internal');
    expect(url.pathname.startsWith('/npm/')).toBe(true);
    expect(url.pathname.slice('/npm/'.length)).not.toContain('/');
    expect(url.search).toBe('');
  });

  it('asks for scoped packuments as @scope%2fname, with or without a trailing slash on the registry', () => {
    expect(packumentUrl(REGISTRY, '@modelcontextprotocol/server-git')).toBe('https://npm.example.internal/npm/@modelcontextprotocol%2fserver-git');
    expect(packumentUrl('https://npm.example.internal/npm', 'left-pad')).toBe('https://npm.example.internal/npm/left-pad');
    expect(keysUrl('https://npm.example.internal/npm')).toBe('https://npm.example.internal/npm/-/npm/v1/keys');
  });

  it('builds on the registry without its userinfo, query or fragment', () => {
    const reg = 'https://user:s3cr3t-pass@npm.example.internal:8443/npm/?token=s3cr3t-query#frag';
    expect(registryBase(reg)).toBe('https://npm.example.internal:8443/npm/');
    for (const url of [packumentUrl(reg, 'left-pad'), keysUrl(reg), attestationsUrl(reg, 'left-pad', '1.0.0'), tarballUrl(reg, 'left-pad', '1.0.0')]) {
      expect(url).not.toMatch(/s3cr3t|frag|user/);
      expect(url.startsWith('https://npm.example.internal:8443/npm/')).toBe(true);
    }
  });

  it('encodes the version: a lockfile version cannot walk out of the attestations or tarball path', () => {
    const evil = '1.0.0/../../../other-pkg/-/other-pkg-6.6.6';
    expect(new URL(attestationsUrl(REGISTRY, 'left-pad', evil)).pathname).toBe('/npm/-/npm/v1/attestations/left-pad@1.0.0%2F..%2F..%2F..%2Fother-pkg%2F-%2Fother-pkg-6.6.6');
    expect(new URL(tarballUrl(REGISTRY, 'left-pad', evil)).pathname.startsWith('/npm/left-pad/-/left-pad-1.0.0%2F')).toBe(true);
    expect(tarballUrl(REGISTRY, '@scope/pkg', '1.2.3')).toBe('https://npm.example.internal/npm/@scope/pkg/-/pkg-1.2.3.tgz');
  });

  it("takes only the path of the packument's attestations URL, on the registry's origin", () => {
    expect(attestationsUrl(REGISTRY, 'left-pad', '1.0.0', 'https://elsewhere.example/-/npm/v1/attestations/left-pad@1.0.0')).toBe(
      'https://npm.example.internal/-/npm/v1/attestations/left-pad@1.0.0',
    );
    // `https://r//evil.example/x` has the path `//evil.example/x`; resolved as a URL that would be the host evil.example.
    expect(new URL(attestationsUrl(REGISTRY, 'left-pad', '1.0.0', 'https://npm.example.internal//evil.example/x')).host).toBe('npm.example.internal');
    expect(new URL(attestationsUrl(REGISTRY, 'left-pad', '1.0.0', '//evil.example/x')).host).toBe('npm.example.internal');
  });
});

describe('the source check compares tarballs by encoded URLs', () => {
  const policy = defaultPolicy('(test)');

  it("does not take another package's tarball for a version that walks out of the path", () => {
    const name = '@modelcontextprotocol/server-git';
    const other = 'https://registry.npmjs.org/other-pkg/-/other-pkg-6.6.6.tgz';
    const item = added(lockEntry(name, '1.0.0/../../../../other-pkg/-/other-pkg-6.6.6', { resolved: other }));
    const drafts = source.run!(item, { policy, facts: NO_FACTS, now: new Date() });
    expect(drafts).toEqual([expect.objectContaining({ rule: 'source', message: expect.stringContaining("is not the registry's tarball") })]);
  });

  it('still accepts the real tarball', () => {
    const name = '@modelcontextprotocol/server-git';
    const item = added(lockEntry(name, '1.0.0', { resolved: 'https://registry.npmjs.org/@modelcontextprotocol/server-git/-/server-git-1.0.0.tgz' }));
    expect(source.run!(item, { policy, facts: NO_FACTS, now: new Date() })).toEqual([]);
  });

  it('reports a lockfile name npm refuses instead of building a URL from it', () => {
    const item = added(lockEntry('../../x', '1.0.0', { resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz' }));
    expect(source.run!(item, { policy, facts: NO_FACTS, now: new Date() })).toEqual([expect.objectContaining({ rule: 'source', message: expect.stringContaining('has a name npm refuses') })]);
  });
});

describe('the registry stage, handed a name npm refuses', () => {
  it('asks nothing of anyone, and fails closed with a registry finding', async () => {
    const registry = await TestRegistry.start();
    const bystander = await TestRegistry.start();
    try {
      const port = new URL(bystander.url).port;
      const names = [`\\\\127.0.0.1:${port}\\fz-mcp`, `//127.0.0.1:${port}/fz-mcp`, `http://127.0.0.1:${port}/fz-mcp`, '../../fz-mcp'];
      const items = names.map((n) => added(lockEntry(n, '1.0.0')));
      const policy = testPolicy({ url: `${registry.url}npm/`, keys: 'registry' });
      const facts = await gatherFacts(items, policy, { now: new Date(), env: {}, timeoutMs: 1000, retries: 0 });
      expect(bystander.requests).toEqual([]);
      expect(registry.requests).toEqual([]);
      const findings = items.flatMap((i) => registryCheck.run!(i, { policy, facts, now: new Date() }));
      expect(findings.map((f) => f.name)).toEqual(names);
      for (const f of findings) expect(f.message).toMatch(/is not a valid npm package name \(.+\), so no registry was asked about it/);
    } finally {
      await registry.close();
      await bystander.close();
    }
  });
});
