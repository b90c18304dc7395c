// Only real dependency edges make a package MCP-related. Two real shapes, written out by hand in each
// lockfile format:
//  - @google/genai 1.52.0 has an *optional* peer on @modelcontextprotocol/sdk (peerDependenciesMeta);
//    shape of modelcontextprotocol/typescript-sdk@ba27d201e:pnpm-lock.yaml, where pnpm 9 also lists the
//    resolved optional peer among the snapshot's optionalDependencies.
//  - @modelcontextprotocol/ext-apps 1.7.5 has a *required* peer on the SDK; shape of
//    modelcontextprotocol/inspector@672f9f41:package-lock.json.
// The optional peer is not in `requires`, the required one is, and only the latter makes a package an
// SDK dependent (src/inventory/classify.ts).
import { bunLock } from '../../src/formats/npm/bun-lock.js';
import { packageLock } from '../../src/formats/npm/package-lock.js';
import { pnpmLock } from '../../src/formats/npm/pnpm-lock.js';
import { yarnLock } from '../../src/formats/npm/yarn-lock.js';
import { sdkDependents } from '../../src/pipeline/inventory/classify.js';
import type { Dependency } from '../../src/types.js';

const SDK = '@modelcontextprotocol/sdk';
const I = (c: string) => `sha512-${c.repeat(86)}==`;

function requiresOf(deps: Dependency[], name: string): string[] {
  const d = deps.find((x) => x.name === name);
  if (d === undefined) throw new Error(`no ${name} in ${deps.map((x) => x.name).join(', ')}`);
  return d.requires ?? [];
}

function expectEdges(deps: Dependency[]): void {
  expect(requiresOf(deps, '@google/genai')).not.toContain(SDK);
  expect(requiresOf(deps, '@google/genai')).toContain('ws');
  expect(requiresOf(deps, '@modelcontextprotocol/ext-apps')).toContain(SDK);
  const dependents = sdkDependents(deps);
  expect(dependents.has('@google/genai')).toBe(false);
  expect(dependents.has('@modelcontextprotocol/ext-apps')).toBe(true);
}

test('package-lock.json v3', () => {
  const lock = {
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { '@google/genai': '^1.0.0', '@modelcontextprotocol/ext-apps': '^1.7.4' } },
      'node_modules/@google/genai': {
        version: '1.52.0',
        resolved: 'https://registry.npmjs.org/@google/genai/-/genai-1.52.0.tgz',
        integrity: I('A'),
        dependencies: { 'google-auth-library': '^10.3.0', ws: '^8.18.0' },
        peerDependencies: { [SDK]: '^1.25.2' },
        peerDependenciesMeta: { [SDK]: { optional: true } },
      },
      'node_modules/@modelcontextprotocol/ext-apps': {
        version: '1.7.5',
        resolved: 'https://registry.npmjs.org/@modelcontextprotocol/ext-apps/-/ext-apps-1.7.5.tgz',
        integrity: I('B'),
        dependencies: { '@standard-schema/spec': '^1.1.0', ws: '^8.18.0' },
        peerDependencies: { [SDK]: '^1.29.0', react: '^17.0.0 || ^18.0.0 || ^19.0.0' },
        peerDependenciesMeta: { react: { optional: true } },
      },
    },
  };
  const deps = packageLock.parse(JSON.stringify(lock, null, 2), 'package-lock.json') as Dependency[];
  expectEdges(deps);
  expect(requiresOf(deps, '@modelcontextprotocol/ext-apps')).not.toContain('react');
});

test('pnpm-lock.yaml v9: the optional peer is also left out of the snapshot that resolved it', () => {
  const lock = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@google/genai':
        specifier: ^1.0.0
        version: 1.52.0(@modelcontextprotocol/sdk@1.29.0)
      '@modelcontextprotocol/ext-apps':
        specifier: ^1.7.4
        version: 1.7.5(@modelcontextprotocol/sdk@1.29.0)

packages:

  '@google/genai@1.52.0':
    resolution: {integrity: ${I('A')}}
    engines: {node: '>=20.0.0'}
    peerDependencies:
      '@modelcontextprotocol/sdk': ^1.25.2
    peerDependenciesMeta:
      '@modelcontextprotocol/sdk':
        optional: true

  '@modelcontextprotocol/ext-apps@1.7.5':
    resolution: {integrity: ${I('B')}}
    peerDependencies:
      '@modelcontextprotocol/sdk': ^1.29.0

  '@modelcontextprotocol/sdk@1.29.0':
    resolution: {integrity: ${I('C')}}

  ws@8.18.0:
    resolution: {integrity: ${I('D')}}

snapshots:

  '@google/genai@1.52.0(@modelcontextprotocol/sdk@1.29.0)':
    dependencies:
      ws: 8.18.0
    optionalDependencies:
      '@modelcontextprotocol/sdk': 1.29.0

  '@modelcontextprotocol/ext-apps@1.7.5(@modelcontextprotocol/sdk@1.29.0)':
    dependencies:
      '@modelcontextprotocol/sdk': 1.29.0
      ws: 8.18.0

  '@modelcontextprotocol/sdk@1.29.0': {}

  ws@8.18.0: {}
`;
  expectEdges(pnpmLock.parse(lock, 'pnpm-lock.yaml') as Dependency[]);
});

test('yarn.lock (Berry)', () => {
  const lock = `__metadata:
  version: 8
  cacheKey: 10c0

"@google/genai@npm:^1.0.0":
  version: 1.52.0
  resolution: "@google/genai@npm:1.52.0"
  dependencies:
    ws: "npm:^8.18.0"
  peerDependencies:
    "@modelcontextprotocol/sdk": ^1.25.2
  peerDependenciesMeta:
    "@modelcontextprotocol/sdk":
      optional: true
  checksum: 10c0/${'a'.repeat(128)}
  languageName: node
  linkType: hard

"@modelcontextprotocol/ext-apps@npm:^1.7.4":
  version: 1.7.5
  resolution: "@modelcontextprotocol/ext-apps@npm:1.7.5"
  dependencies:
    ws: "npm:^8.18.0"
  peerDependencies:
    "@modelcontextprotocol/sdk": ^1.29.0
  checksum: 10c0/${'b'.repeat(128)}
  languageName: node
  linkType: hard
`;
  expectEdges(yarnLock.parse(lock, 'yarn.lock') as Dependency[]);
});

test('bun.lock: optionalPeers', () => {
  const lock = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "@google/genai": "^1.0.0",
        "@modelcontextprotocol/ext-apps": "^1.7.4",
      },
    },
  },
  "packages": {
    "@google/genai": ["@google/genai@1.52.0", "", { "dependencies": { "ws": "^8.18.0" }, "peerDependencies": { "@modelcontextprotocol/sdk": "^1.25.2" }, "optionalPeers": ["@modelcontextprotocol/sdk"] }, "${I('A')}"],

    "@modelcontextprotocol/ext-apps": ["@modelcontextprotocol/ext-apps@1.7.5", "", { "dependencies": { "ws": "^8.18.0" }, "peerDependencies": { "@modelcontextprotocol/sdk": "^1.29.0" } }, "${I('B')}"],
  }
}
`;
  expectEdges(bunLock.parse(lock, 'bun.lock') as Dependency[]);
});
