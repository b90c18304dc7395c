// One grammar per ecosystem: the same spec means the same thing wherever a file names it. A package a
// client config launches (`npx -y pkg@x`, `uvx pkg==x`, `docker run image`) and the same package in a
// manifest, a requirements line, a Dockerfile or a compose file are read by the same grammar
// (src/ecosystems/), so they get the same fields and the same pin verdict from the `unpinned` rule.
import { unpinned } from '../../src/checks/unpinned.js';
import { asParsed } from '../../src/formats/format.js';
import { formatFor } from '../../src/formats/index.js';
import { parsePolicy } from '../../src/policy/index.js';
import type { Dependency } from '../../src/types.js';
import { NO_FACTS } from '../../src/types.js';

const POLICY = parsePolicy('version: 1\nregistries:\n  oci:\n    require-digest: true\n', { kind: 'file', path: 'policy.yml' });
const SHA = 'ab'.repeat(32);

/** The dependencies a file at `path` declares, read by the format the gate picks for that path. */
function depsOf(path: string, text: string): Dependency[] {
  const format = formatFor(path);
  if (format === undefined) throw new Error(`test setup: no format reads ${path}`);
  return asParsed(format.parse(text, path)).deps;
}

function only(deps: Dependency[]): Dependency {
  if (deps.length !== 1) throw new Error(`expected one dependency, got ${JSON.stringify(deps)}`);
  return deps[0];
}

/** Whether the `unpinned` rule finds the entry unpinned (a new, MCP-related entry with no lockfile). */
function isUnpinned(dep: Dependency): boolean {
  return unpinned.run!({ change: { type: 'added', after: dep }, dep, mcp: ['test'] }, { policy: POLICY, facts: NO_FACTS, now: new Date() }).length > 0;
}

function launched(command: string, args: string[]): Dependency {
  return only(depsOf('.mcp.json', JSON.stringify({ mcpServers: { s: { command, args } } })));
}

/** What a grammar decides about a spec: the fields the checks read, and the pin verdict. */
function reading(d: Dependency) {
  return { ecosystem: d.ecosystem, name: d.name, version: d.version, specType: d.specType, integrity: d.integrity, registry: d.registry, unpinned: isUnpinned(d) };
}

describe('npm: a package.json entry and `npx -y pkg@spec` read the spec alike', () => {
  it.each([
    ['1.2.3', false],
    ['=1.2.3', false],
    ['v1.2.3', false],
    ['^1.2.3', true],
    ['~1.2.3', true],
    ['1.x', true],
    ['>=1.0.0 <2.0.0', true],
    ['*', true],
    ['latest', true],
    ['next', true],
    [`git+https://github.com/acme/mcp.git#${'c'.repeat(40)}`, false],
    ['git+https://github.com/acme/mcp.git#main', true],
    ['https://example.com/acme-mcp-1.0.0.tgz', false],
  ])('%s (unpinned: %s)', (spec, expectUnpinned) => {
    const manifest = only(depsOf('package.json', JSON.stringify({ dependencies: { 'acme-mcp': spec } })));
    const launch = launched('npx', ['-y', `acme-mcp@${spec}`]);
    expect(reading(launch)).toEqual(reading(manifest));
    expect(isUnpinned(manifest)).toBe(expectUnpinned);
  });

  it('an alias names its target in both, pinned in both', () => {
    const manifest = only(depsOf('package.json', JSON.stringify({ dependencies: { local: 'npm:@acme/mcp@1.2.3' } })));
    const launch = launched('npx', ['-y', 'npm:@acme/mcp@1.2.3']);
    expect([launch.name, launch.version, isUnpinned(launch)]).toEqual([manifest.name, manifest.version, isUnpinned(manifest)]);
    expect(isUnpinned(manifest)).toBe(false);
  });
});

describe('OCI: a Dockerfile FROM, a compose image and `docker run image` read the reference alike', () => {
  it.each([
    ['mcp/fetch', true],
    ['mcp/fetch:1.2', true],
    ['ubuntu:24.04', true],
    [`mcp/fetch@sha256:${SHA}`, false],
    [`ghcr.io/acme/mcp:1.0@sha256:${SHA}`, false],
    [`mcp/fetch@sha512:${SHA.repeat(2)}`, false],
    ['localhost:5000/mcp:dev', true],
    ['docker.io/mcp/fetch:1', true],
    ['registry.acme.internal:5000/mcp/notes', true],
    ['Mcp/Fetch', true],
    ['mcp/fetch@sha256:short', true],
    [`mcp/fetch@sha256:${SHA.toUpperCase()}`, true],
  ])('%s (unpinned: %s)', (ref, expectUnpinned) => {
    const dockerfile = only(depsOf('Dockerfile', `FROM ${ref}\n`));
    const compose = only(depsOf('compose.yaml', `services:\n  mcp:\n    image: ${ref}\n`));
    const launch = launched('docker', ['run', '-i', '--rm', ref]);
    expect(reading(compose)).toEqual(reading(dockerfile));
    expect(reading(launch)).toEqual(reading(dockerfile));
    expect([compose.spec, launch.spec]).toEqual([dockerfile.spec, dockerfile.spec]);
    expect(isUnpinned(dockerfile)).toBe(expectUnpinned);
  });
});

describe('PyPI: a requirements line and `uvx` / `pipx run` read the requirement alike', () => {
  it.each([
    ['mcp-server-fetch==2025.4.7', false],
    ['mcp-server-fetch===2025.4.7', false],
    ['mcp-server-fetch[cli]==1.0', false],
    ['mcp-server-fetch', true],
    ['mcp-server-fetch>=1,<2', true],
    ['mcp-server-fetch~=1.2', true],
    ['mcp-server-fetch==1.*', true],
    ['mcp-server-fetch!=1.0', true],
  ])('%s (unpinned: %s)', (requirement, expectUnpinned) => {
    const line = only(depsOf('requirements.txt', `${requirement}\n`));
    const uvx = launched('uvx', [requirement]);
    const pipx = launched('pipx', ['run', requirement]);
    expect(reading(uvx)).toEqual(reading(line));
    expect(reading(pipx)).toEqual(reading(line));
    expect(isUnpinned(line)).toBe(expectUnpinned);
  });

  it('`uvx pkg@1.2.3` is the requirement `pkg==1.2.3`', () => {
    expect(reading(launched('uvx', ['mcp-server-fetch@2025.4.7']))).toEqual(reading(only(depsOf('requirements.txt', 'mcp-server-fetch==2025.4.7\n'))));
  });
});
