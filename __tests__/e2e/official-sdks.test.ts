// Issue "quiet on healthy MCP repositories", class 4: the official MCP SDKs of every ecosystem the
// gate reads, and the MCP project's helper packages, are well known; the built-in default policy
// (no policy file in the repository) allows them. Each test replays, in a real git repository, the
// shape of a real pull request that the gate used to block, and runs the bundled CLI on it.
// Fixtures are written by hand; each names the real file whose shape it follows.
import { createHash } from 'node:crypto';
import { lineOf, packageLock } from '../helpers/git-repo';
import { checkPr, filePr, where } from './servers';

/** A go.sum-shaped hash (h1: base64 SHA-256), made up: the gate reads it, never checks it offline. */
function h1(seed: string): string {
  return `h1:${createHash('sha256').update(seed).digest('base64')}`;
}

// Shape: github/github-mcp-server@96a3d782:go.mod and go.sum (Dependabot-style bump of the Go SDK).
function goMod(sdk: string): string {
  return `module github.com/acme/widgets-mcp

go 1.25.0

require (
	github.com/google/go-github/v82 v82.0.0
	github.com/modelcontextprotocol/go-sdk ${sdk}
	github.com/spf13/cobra v1.10.2
)
`;
}

function goSum(sdk: string): string {
  return [
    `github.com/google/go-github/v82 v82.0.0 ${h1('go-github')}`,
    `github.com/google/go-github/v82 v82.0.0/go.mod ${h1('go-github/go.mod')}`,
    `github.com/modelcontextprotocol/go-sdk ${sdk} ${h1(`go-sdk ${sdk}`)}`,
    `github.com/modelcontextprotocol/go-sdk ${sdk}/go.mod ${h1('go-sdk/go.mod')}`,
    `github.com/spf13/cobra v1.10.2 ${h1('cobra')}`,
    `github.com/spf13/cobra v1.10.2/go.mod ${h1('cobra/go.mod')}`,
    '',
  ].join('\n');
}

function errors(findings: { level: string }[]) {
  return findings.filter((f) => f.level === 'error');
}

describe('official SDKs under the built-in default policy (no policy file)', () => {
  test('a Dependabot bump of modelcontextprotocol/go-sdk passes, and the inventory says why it counts', async () => {
    const pr = filePr({ 'go.mod': goMod('v1.7.0'), 'go.sum': goSum('v1.7.0') }, { 'go.mod': goMod('v1.7.0-pre.3'), 'go.sum': goSum('v1.7.0-pre.3') });
    const res = await checkPr(pr);
    expect(errors(res.findings)).toEqual([]);
    expect(res.findings.filter((f) => f.level === 'warning')).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.conclusion).toBe('success');
    const sdk = res.report.dependencies.filter((d: any) => d.name === 'github.com/modelcontextprotocol/go-sdk');
    expect(sdk.map((d: any) => `${d.file} ${d.version} ${d.change}`)).toEqual(['go.mod v1.7.0 changed', 'go.sum v1.7.0 added', 'go.sum v1.7.0-pre.3 removed']);
    expect(sdk[0].why).toContain('a well-known MCP package');
  });

  test('the split TypeScript SDK v2 packages pass, as the inspector pins them', async () => {
    // Shape: modelcontextprotocol/inspector@672f9f41:package.json (exact v2 pins in dependencies).
    const manifest = (deps: Record<string, string>) => JSON.stringify({ name: 'inspector-like', version: '2.2.0', private: true, dependencies: deps }, null, 2) + '\n';
    const v2 = {
      '@modelcontextprotocol/client': '2.0.0',
      '@modelcontextprotocol/core': '2.0.0',
      '@modelcontextprotocol/express': '2.0.0',
      '@modelcontextprotocol/hono': '2.0.0',
      '@modelcontextprotocol/node': '2.0.0',
      '@modelcontextprotocol/server': '2.0.0',
      '@modelcontextprotocol/server-legacy': '2.0.0',
    };
    const after = manifest({ ...v2, hono: '4.12.18' });
    const res = await checkPr(filePr({ 'package.json': after }, { 'package.json': manifest({ '@modelcontextprotocol/sdk': '1.29.0', hono: '4.12.18' }) }));
    expect(errors(res.findings)).toEqual([]);
    expect(res.code).toBe(0);
    const added = res.report.dependencies.filter((d: any) => d.change === 'added').map((d: any) => d.name).sort();
    expect(added).toEqual(Object.keys(v2).sort());
    expect(res.report.dependencies.filter((d: any) => d.change === 'removed').map((d: any) => d.name)).toEqual(['@modelcontextprotocol/sdk']);
    for (const d of res.report.dependencies) expect(d.why).toContain('a well-known MCP package');
  });

  test('the conformance harness bump in a pnpm workspace passes', async () => {
    // Shape: modelcontextprotocol/typescript-sdk@a81ef34a:test/conformance/package.json (devDependency pin).
    const manifest = (v: string) =>
      JSON.stringify({ name: '@acme/test-conformance', private: true, devDependencies: { '@modelcontextprotocol/conformance': v, tsx: '4.20.6' } }, null, 2) + '\n';
    const res = await checkPr(filePr({ 'test/conformance/package.json': manifest('0.2.0-alpha.11') }, { 'test/conformance/package.json': manifest('0.2.0-alpha.10') }));
    expect(errors(res.findings)).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.dependencies).toEqual([expect.objectContaining({ name: '@modelcontextprotocol/conformance', version: '0.2.0-alpha.11', change: 'changed' })]);
  });

  test('rmcp and rmcp-macros in Cargo.lock pass', async () => {
    // Shape: a Cargo.lock v4 as cargo writes it for a crate depending on rmcp (modelcontextprotocol/rust-sdk@4a738b9d:examples/servers/Cargo.toml).
    const lock = (v: string) => `# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 4

[[package]]
name = "acme-server"
version = "0.1.0"
dependencies = [
 "rmcp",
]

[[package]]
name = "rmcp"
version = "${v}"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "${createHash('sha256').update(`rmcp ${v}`).digest('hex')}"
dependencies = [
 "rmcp-macros",
]

[[package]]
name = "rmcp-macros"
version = "${v}"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "${createHash('sha256').update(`rmcp-macros ${v}`).digest('hex')}"
`;
    const res = await checkPr(filePr({ 'Cargo.lock': lock('3.1.4') }, { 'Cargo.lock': lock('3.1.3') }));
    expect(errors(res.findings)).toEqual([]);
    expect(res.code).toBe(0);
    const changed = res.report.dependencies.filter((d: any) => d.change !== 'removed');
    expect(changed.map((d: any) => `${d.ecosystem} ${d.name}@${d.version}`).sort()).toEqual(['cargo rmcp-macros@3.1.4', 'cargo rmcp@3.1.4']);
  });

  test('mcp-types beside mcp in a uv.lock passes', async () => {
    // Shape: modelcontextprotocol/python-sdk@57394b05 (mcp depends on mcp-types) as a consumer's uv.lock records it.
    const wheel = (n: string, v: string) => `{ url = "https://files.pythonhosted.org/packages/ab/cd/${n.replace('-', '_')}-${v}-py3-none-any.whl", hash = "sha256:${createHash('sha256').update(`${n}${v}`).digest('hex')}" }`;
    const lock = (v: string) => `version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "mcp"
version = "${v}"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "mcp-types" },
]
wheels = [
    ${wheel('mcp', v)},
]

[[package]]
name = "mcp-types"
version = "${v}"
source = { registry = "https://pypi.org/simple" }
wheels = [
    ${wheel('mcp-types', v)},
]
`;
    const res = await checkPr(filePr({ 'uv.lock': lock('2.3.0') }, { 'uv.lock': lock('2.2.0') }));
    expect(errors(res.findings)).toEqual([]);
    expect(res.code).toBe(0);
    expect(res.report.dependencies.filter((d: any) => d.change !== 'removed').map((d: any) => `${d.name}@${d.version}`).sort()).toEqual(['mcp-types@2.3.0', 'mcp@2.3.0']);
  });

  test('a name in the protocol scope that the project never published is still unknown', async () => {
    const manifest = JSON.stringify({ name: 'x', version: '1.0.0', dependencies: { '@modelcontextprotocol/server-hallucinated': '1.0.0' } }, null, 2) + '\n';
    const res = await checkPr(filePr({ 'package.json': manifest }));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'unknown')).toEqual([{ file: 'package.json', line: lineOf(manifest, '"@modelcontextprotocol/server-hallucinated"') }]);
  });

  test('a Go module that only looks official is still unknown', async () => {
    const mod = goMod('v1.7.0').replace('github.com/modelcontextprotocol/go-sdk', 'github.com/modelcontextprotocol-dev/go-sdk');
    const res = await checkPr(filePr({ 'go.mod': mod }));
    expect(res.code).toBe(1);
    expect(where(res.findings, 'unknown')).toEqual([{ file: 'go.mod', line: lineOf(mod, 'github.com/modelcontextprotocol-dev/go-sdk') }]);
  });

  test('the popular packages the v2 middleware names reuse are not typosquats of them', async () => {
    const before = JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }, null, 2) + '\n';
    const after = JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { express: '5.2.1', hono: '4.12.18', fastify: '5.6.2', '@types/express': '5.0.6', 'left-pad': '1.3.0' } }, null, 2) + '\n';
    const res = await checkPr(filePr({ 'package.json': after }, { 'package.json': before }));
    expect(res.findings).toEqual([]);
    expect(res.report.conclusion).toBe('neutral');
  });
});

describe('the split v2 SDK marks its dependents as MCP-related, like the v1 SDK', () => {
  test('a package built on @modelcontextprotocol/server is judged: unknown under the default policy', async () => {
    const deps = { 'acme-widgets-tools': '1.2.0', '@modelcontextprotocol/server': '2.4.0' };
    const lock = packageLock(deps, [
      { name: 'acme-widgets-tools', version: '1.2.0', dependencies: { '@modelcontextprotocol/server': '^2.4.0' } },
      { name: '@modelcontextprotocol/server', version: '2.4.0' },
    ]);
    const res = await checkPr(filePr({ 'package-lock.json': lock }));
    expect(res.code).toBe(1);
    const unknown = res.findings.filter((f) => f.rule === 'unknown');
    expect(unknown.map((f) => [f.file, f.line, f.name])).toEqual([['package-lock.json', lineOf(lock, '"node_modules/acme-widgets-tools"'), 'acme-widgets-tools']]);
    expect(unknown[0].message).toContain('depends on an MCP SDK');
  });
});
