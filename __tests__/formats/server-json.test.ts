import { serverJson } from '../../src/formats/mcp/server-json/index.js';
import { parseImageRef } from '../../src/ecosystems/oci.js';
import { asParsed } from '../../src/formats/format.js';
import type { Dependency, ParsedFile } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const GOOD = 'server-json/server.json';
const LEGACY = 'server-json/legacy/server.json';

function parse(file: string, text = fixture(file)): ParsedFile {
  return asParsed(serverJson.parse(text, file));
}

function dep(r: ParsedFile, key: string): Dependency {
  const d = r.deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${r.deps.map((x) => x.key).join(', ')}`);
  return d;
}

/** A current-schema server.json with the given packages/remotes, pretty-printed so lines can be found. */
function doc(extra: Record<string, unknown>): string {
  return `${JSON.stringify(
    { $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json', name: 'io.github.u/s', version: '1.0.0', ...extra },
    null,
    2,
  )}\n`;
}

describe('server.json (current schema)', () => {
  const text = fixture(GOOD);
  const r = parse(GOOD, text);

  it('has no issues', () => {
    expect(r.issues).toEqual([]);
  });

  it('one dependency per package, on the line of its identifier', () => {
    expect(r.deps.map((d) => [d.key, d.ecosystem, d.line])).toEqual([
      ['packages/npm:@example/weather-mcp', 'npm', lineOf(text, '"identifier"', '"registryType": "npm"')],
      ['packages/pypi:weather-mcp', 'pypi', lineOf(text, '"identifier"', '"registryType": "pypi"')],
      ['packages/oci:ghcr.io/example/weather-mcp', 'oci', lineOf(text, '"identifier"', '"registryType": "oci"')],
      ['packages/mcpb:weather-tools.mcpb', 'mcpb', lineOf(text, '"identifier"', '"registryType": "mcpb"')],
    ]);
    for (const d of r.deps) expect(d).toMatchObject({ kind: 'manifest', server: 'server', file: GOOD });
  });

  it('npm and pypi: exact versions and the registry', () => {
    expect(dep(r, 'packages/npm:@example/weather-mcp')).toMatchObject({
      name: '@example/weather-mcp',
      version: '1.4.2',
      spec: '1.4.2',
      specType: 'version',
      registry: 'https://registry.npmjs.org',
    });
    expect(dep(r, 'packages/pypi:weather-mcp')).toMatchObject({ name: 'weather-mcp', version: '1.4.2', specType: 'version', registry: 'https://pypi.org' });
  });

  it('oci: the image name, tag, digest and registry host', () => {
    expect(dep(r, 'packages/oci:ghcr.io/example/weather-mcp')).toMatchObject({
      name: 'ghcr.io/example/weather-mcp',
      version: '1.4.2',
      integrity: 'sha256:5e2b7a3cd1f0e4b8a9c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8',
      registry: 'ghcr.io',
      specType: 'version',
    });
  });

  it('mcpb: the file name, the download URL and the file hash', () => {
    expect(dep(r, 'packages/mcpb:weather-tools.mcpb')).toMatchObject({
      name: 'weather-tools.mcpb',
      version: '1.4.2',
      resolved: 'https://github.com/example/weather-mcp/releases/download/v1.4.2/weather-tools.mcpb',
      integrity: 'sha256:fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce',
    });
  });

  it('the server on the line of its name, and one server per remote on the line of its url', () => {
    expect(r.servers).toEqual([
      {
        file: GOOD,
        line: lineOf(text, '"name": "io.github.example/weather"'),
        key: 'server',
        name: 'io.github.example/weather',
        client: 'server-json',
        transport: 'stdio',
        launcher: 'npx',
        env: ['WEATHER_API_KEY', 'WEATHER_UNITS'],
      },
      {
        file: GOOD,
        line: lineOf(text, '"url": "https://mcp.example.com/weather/mcp"'),
        key: 'remotes/https://mcp.example.com/weather/mcp',
        name: 'io.github.example/weather',
        client: 'server-json',
        transport: 'http',
        url: 'https://mcp.example.com/weather/mcp',
      },
      {
        file: GOOD,
        line: lineOf(text, '"url": "https://mcp.example.com/weather/sse"'),
        key: 'remotes/https://mcp.example.com/weather/sse',
        name: 'io.github.example/weather',
        client: 'server-json',
        transport: 'sse',
        url: 'https://mcp.example.com/weather/sse',
      },
    ]);
  });

  it('keys stay the same when versions change', () => {
    const bumped = text.replace(/1\.4\.2/g, '1.5.0').replace('5e2b7a3c', 'aaaaaaaa');
    const r2 = parse(GOOD, bumped);
    expect(r2.deps.map((d) => d.key)).toEqual(r.deps.map((d) => d.key));
    expect(r2.deps.map((d) => d.version)).toEqual(['1.5.0', '1.5.0', '1.5.0', '1.5.0']);
  });
});

describe('server.json (snake_case drafts)', () => {
  const text = fixture(LEGACY);
  const r = parse(LEGACY, text);

  it('reads registry_type, registry_name, environment_variables and transport_type', () => {
    expect(r.issues).toEqual([]);
    expect(r.deps.map((d) => [d.key, d.name, d.version, d.line])).toEqual([
      ['packages/npm:@modelcontextprotocol/server-brave-search', '@modelcontextprotocol/server-brave-search', '1.0.2', lineOf(text, '"identifier"')],
      // The earliest drafts: `registry_name: docker` and the package `name`.
      ['packages/oci:mcp/brave-search', 'mcp/brave-search', '1.0.2', lineOf(text, '"name": "mcp/brave-search"')],
    ]);
    expect(dep(r, 'packages/oci:mcp/brave-search')).toMatchObject({ registry: 'docker.io', specType: 'tag' });
    expect(r.servers!.map((s) => [s.key, s.transport])).toEqual([
      ['server', 'stdio'],
      ['remotes/https://mcp.example.org/brave/sse', 'sse'],
    ]);
    expect(r.servers![0].env).toEqual(['BRAVE_API_KEY']);
  });
});

describe('server.json issues', () => {
  it.each([
    ['a range', '^1.2.0', 'range', /version "\^1\.2\.0" is not one exact version/],
    ['latest', 'latest', 'tag', /version "latest" is not one exact version/],
    ['no version', undefined, 'range', /has no version/],
  ])('npm package with %s', (_what, version, specType, message) => {
    const text = doc({ packages: [{ registryType: 'npm', identifier: 'mcp-thing', ...(version === undefined ? {} : { version }) }] });
    const r = parse(GOOD, text);
    expect(r.deps[0]).toMatchObject({ specType, line: lineOf(text, '"identifier"') });
    expect(r.deps[0].version).toBeUndefined();
    expect(r.issues).toEqual([
      expect.objectContaining({ rule: 'server-json', key: 'packages/npm:mcp-thing', line: lineOf(text, '"identifier"'), message: expect.stringMatching(message) }),
    ]);
  });

  it.each([
    ['>=1.0', 'range'],
    ['latest', 'tag'],
    ['1.0.0rc1', 'version'],
  ])('pypi version %s is %s', (version, specType) => {
    const r = parse(GOOD, doc({ packages: [{ registryType: 'pypi', identifier: 'mcp-thing', version }] }));
    expect(r.deps[0].specType).toBe(specType);
    expect(r.issues!.length).toBe(specType === 'version' ? 0 : 1);
  });

  it('mcpb without fileSha256, or with a malformed one', () => {
    const text = doc({
      packages: [
        { registryType: 'mcpb', identifier: 'https://example.com/a.mcpb' },
        { registryType: 'mcpb', identifier: 'https://example.com/b.mcpb', fileSha256: 'abc123' },
        { registryType: 'mcpb', identifier: 'http://example.com/c.mcpb', fileSha256: 'a'.repeat(64) },
      ],
    });
    const r = parse(GOOD, text);
    expect(r.issues!.map((i) => [i.key, i.line])).toEqual([
      ['packages/mcpb:a.mcpb', lineOf(text, '"identifier": "https://example.com/a.mcpb"')],
      ['packages/mcpb:b.mcpb', lineOf(text, '"identifier": "https://example.com/b.mcpb"')],
      ['packages/mcpb:c.mcpb', lineOf(text, '"identifier": "http://example.com/c.mcpb"')],
    ]);
    expect(r.issues![0].message).toMatch(/has no fileSha256/);
    expect(r.issues![1].message).toMatch(/fileSha256 is not a SHA-256/);
    expect(r.issues![2].message).toMatch(/is not downloaded over https/);
    expect(r.deps.map((d) => d.integrity)).toEqual([undefined, undefined, `sha256:${'a'.repeat(64)}`]);
  });

  it('an unknown registryType and a nuget package: no dependency, an issue each', () => {
    const text = doc({
      packages: [
        { registryType: 'cargo', identifier: 'mcp-rs', version: '1.0.0' },
        { registryType: 'nuget', identifier: 'Knapcode.SampleMcpServer', version: '0.5.0' },
      ],
    });
    const r = parse(GOOD, text);
    expect(r.deps).toEqual([]);
    expect(r.issues!.map((i) => [i.key, i.line])).toEqual([
      ['packages/cargo:mcp-rs', lineOf(text, '"identifier": "mcp-rs"')],
      ['packages/nuget:Knapcode.SampleMcpServer', lineOf(text, '"identifier": "Knapcode.SampleMcpServer"')],
    ]);
    expect(r.issues![1].message).toMatch(/cannot check NuGet/);
  });

  it('oci images tagged latest or not at all', () => {
    const text = doc({ packages: [{ registryType: 'oci', identifier: 'mcp/a:latest' }, { registryType: 'oci', identifier: 'docker.io/mcp/b' }] });
    const r = parse(GOOD, text);
    expect(r.deps.map((d) => [d.name, d.version, d.specType, d.registry])).toEqual([
      ['mcp/a', 'latest', 'tag', 'docker.io'],
      ['docker.io/mcp/b', undefined, 'tag', 'docker.io'],
    ]);
    expect(r.issues!.map((i) => i.message)).toEqual([expect.stringMatching(/is tagged latest/), expect.stringMatching(/is not tagged/)]);
  });

  it('a remote over plain http', () => {
    const text = doc({ remotes: [{ type: 'sse', url: 'http://mcp.example.com/sse' }, { type: 'streamable-http', url: '{baseUrl}/mcp' }] });
    const r = parse(GOOD, text);
    expect(r.issues).toEqual([
      expect.objectContaining({ rule: 'server-json', key: 'remotes/http://mcp.example.com/sse/url', line: lineOf(text, '"url": "http://') }),
    ]);
    // Remotes only: the remotes are the servers; no package-less `server` entry.
    expect(r.servers!.map((s) => s.key)).toEqual(['remotes/http://mcp.example.com/sse', 'remotes/{baseUrl}/mcp']);
  });

  it('no packages and no remotes', () => {
    const text = doc({ packages: [] });
    const r = parse(GOOD, text);
    expect(r.issues).toEqual([expect.objectContaining({ key: 'packages', line: lineOf(text, '"packages"') })]);
    expect(parse(GOOD, doc({})).issues).toEqual([expect.objectContaining({ key: 'packages', line: lineOf(doc({}), '"name"') })]);
  });

  it('a literal secret as an environment variable default or a header value', () => {
    const token = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
    const text = doc({
      packages: [
        {
          registryType: 'npm',
          identifier: 'gh-mcp',
          version: '1.0.0',
          environmentVariables: [
            { name: 'GITHUB_TOKEN', isSecret: true, default: token },
            { name: 'API_KEY', isSecret: true, default: '<your-api-key>' },
          ],
        },
      ],
      remotes: [{ type: 'streamable-http', url: 'https://x.example/mcp', headers: [{ name: 'Authorization', value: 'Bearer s3cr3t-l1teral-value' }] }],
    });
    const r = parse(GOOD, text);
    expect(r.issues!.map((i) => [i.rule, i.key.replace(/#[0-9a-f]{12}$/, ''), i.line])).toEqual([
      ['secret', 'packages/npm:gh-mcp/env/GITHUB_TOKEN/default', lineOf(text, '"default"', '"GITHUB_TOKEN"')],
      ['secret', 'remotes/https://x.example/mcp/headers/Authorization/value', lineOf(text, '"value": "Bearer')],
    ]);
    expect(JSON.stringify(r.issues)).not.toContain(token);
    expect(JSON.stringify(r.issues)).not.toContain('s3cr3t-l1teral-value');
  });

  it('the same package twice gets distinct keys', () => {
    const r = parse(GOOD, doc({ packages: [{ registryType: 'npm', identifier: 'a', version: '1.0.0' }, { registryType: 'npm', identifier: 'a', version: '1.0.0', transport: { type: 'sse' } }] }));
    expect(r.deps.map((d) => d.key)).toEqual(['packages/npm:a', 'packages/npm:a#2']);
  });
});

describe('server.json that is not ours, or broken', () => {
  // These read as nothing before, silently; a note now says which file was passed over and why.
  it.each([
    ['another tool\'s server.json', '{ "port": 8080, "host": "0.0.0.0" }', /: it has no MCP \$schema and none of the registry's fields \(packages, remotes, version_detail, websiteUrl, website_url, a name like io\.github\.user\/server\); its keys are "port", "host"\. If it is one, give it the registry's "\$schema"/],
    ['another tool\'s server.json with its own $schema and a packages list', '{ "$schema": "https://json.schemastore.org/ws-server.json", "packages": ["static"] }', /: its \$schema is "https:\/\/json\.schemastore\.org\/ws-server\.json", not the MCP registry's server\.schema\.json\./],
    ['another tool\'s broken server.json', '{ "port": 8080, ', /: it is not JSON the registry accepts \(line 1: .*\) and names no MCP \$schema and none of the registry's fields\./],
    ['another tool\'s server.json with comments', '{\n  // the dev server\n  "port": 8080\n}\n', /: it is not JSON the registry accepts \(line 2: /],
    ['a top-level array', '[1, 2]', /: it is an array, not an object\./],
    ['an empty file', '', /: it is not JSON the registry accepts \(line 1: the file is empty; expected a JSON object\)/],
  ])('%s: no entries, and a note naming the file and why', (_what, text, why) => {
    const r = parse('config/server.json', text);
    expect(r).toEqual({ deps: [], notes: [expect.stringMatching(why)] });
    expect(r.notes![0]).toMatch(/^config\/server\.json was not read as an MCP registry server\.json: /);
  });

  it.each([
    ['packages that are not a list', { name: 'io.github.acme/weather', version: '1.0.0', packages: { npm: '@acme/weather' } }, '"packages"', 'packages must be an array, found an object'],
    ['remotes that are a string', { name: 'acme weather', remotes: 'https://mcp.acme.example/mcp' }, '"remotes"', 'remotes must be an array, found a string ("https://mcp.acme.example/mcp")'],
    ['an older draft\'s version_detail beside broken packages', { name: 'weather', version_detail: { version: '1.0.0' }, packages: [{ registry_name: 'npm', name: 7 }] }, '"name": 7', 'packages[0].name must be a string, found a number (7)'],
  ])('without a $schema, a broken registry manifest (%s) is a ParseError at its line', (_what, value, at, message) => {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const err = parseErrorOf(() => parse('server.json', text));
    expect(err).toMatchObject({ line: lineOf(text, at), message });
  });

  it('without a $schema, invalid JSON that names a registry field is a ParseError at its line', () => {
    const text = '{\n  "name": "io.github.acme/weather",\n  "packages": {\n    "npm" "@acme/weather"\n  }\n}\n';
    expect(parseErrorOf(() => parse('server.json', text)).line).toBe(lineOf(text, '"npm"'));
  });

  it('a registry name alone makes it a registry manifest, which then lists nothing to install', () => {
    const text = '{\n  "name": "io.github.acme/weather",\n  "version": "1.0.0"\n}\n';
    const r = parse('server.json', text);
    expect(r.notes).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ rule: 'server-json', key: 'packages', line: lineOf(text, '"name"'), message: expect.stringMatching(/lists no packages and no remotes/) })]);
  });

  it('registry _meta makes it a registry manifest', () => {
    const text = `${JSON.stringify({ name: 'weather', _meta: { 'io.modelcontextprotocol.registry/publisher-provided': {} } }, null, 2)}\n`;
    expect(parse('server.json', text).issues).toEqual([expect.objectContaining({ key: 'packages' })]);
  });

  it('a broken MCP server.json is a ParseError with its line', () => {
    const text = fixture(GOOD);
    const bad = replaceOnce(text, '"version": "1.4.2",\n      "runtimeHint"', '"version": "1.4.2"\n      "runtimeHint"');
    const err = parseErrorOf(() => parse(GOOD, bad));
    expect(err.line).toBe(lineOf(bad, '"runtimeHint"'));
  });

  it('a field of the wrong type is a ParseError naming it', () => {
    const text = doc({ packages: [{ registryType: 'npm', identifier: 42 }] });
    const err = parseErrorOf(() => parse(GOOD, text));
    expect(err).toMatchObject({ line: lineOf(text, '42'), message: 'packages[0].identifier must be a string, found a number (42)' });
    const notArray = doc({ packages: { a: 1 } });
    expect(parseErrorOf(() => parse(GOOD, `${notArray.slice(0, -2)}, "remotes": [] }\n`)).message).toBe('packages must be an array, found an object');
  });
});

describe('server-json matches', () => {
  it.each([
    ['server.json', true],
    ['.mcp/server.json', true],
    ['node_modules/x/server.json', false],
    ['my-server.json', false],
    ['server.json5', false],
  ])('%s -> %s', (p, expected) => {
    expect(serverJson.matches(p)).toBe(expected);
  });

  it('is a servers format', () => {
    expect(serverJson).toMatchObject({ id: 'server-json', inventory: 'servers' });
  });
});

describe('parseImageRef', () => {
  it.each([
    ['mcp/fs', { name: 'mcp/fs' }],
    ['mcp/fs:1.2', { name: 'mcp/fs', tag: '1.2' }],
    ['ghcr.io/o/r:v1@sha256:' + 'ab'.repeat(32), { registry: 'ghcr.io', name: 'ghcr.io/o/r', tag: 'v1', digest: 'sha256:' + 'ab'.repeat(32) }],
    ['localhost:5000/x', { registry: 'localhost:5000', name: 'localhost:5000/x' }],
    ['https://x/y', undefined],
    ['Bad/Upper', undefined],
    ['a b', undefined],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });
});

describe('release-time templates', () => {
  it('a version placeholder in an image identifier: one template issue, the concrete image name still a dependency, no other issue', () => {
    // Shape: github/github-mcp-server@44d9e132:server.json (oci identifier "ghcr.io/github/github-mcp-server:${VERSION}").
    const text = doc({ version: '${VERSION}', packages: [{ registryType: 'oci', identifier: 'ghcr.io/acme/widgets-mcp:${VERSION}', transport: { type: 'stdio' } }] });
    const r = parse(GOOD, text);
    expect(r.issues).toEqual([{ rule: 'template', key: 'template', line: lineOf(text, '"identifier"'), message: expect.stringContaining('packages[0] "ghcr.io/acme/widgets-mcp:${VERSION}" (${VERSION})') }]);
    expect(r.issues![0].message).toContain('server-json: templates: ["' + GOOD + '"]');
    expect(r.deps).toEqual([expect.objectContaining({ ecosystem: 'oci', name: 'ghcr.io/acme/widgets-mcp', registry: 'ghcr.io', specType: 'template' })]);
    expect(r.deps[0].version).toBeUndefined();
  });

  it('placeholders in the package name: no dependency, one issue listing every templated package', () => {
    // Shape: modelcontextprotocol/registry@d16328e8:tools/publisher/server.json (legacy fields, `<owner>` placeholders, a typo'd registry_name).
    const text = `${JSON.stringify(
      {
        name: 'io.github.<owner>/<server-name>',
        packages: [
          { registry_name: 'npm', name: 'io.github.<owner>/<server-name>', version: '0.2.23' },
          { registry_name: 'docker>', name: 'io.github.<owner>/<server-name>-cli', version: '0.123.223' },
        ],
        version_detail: { version: '0.0.1-<publisher_version>' },
      },
      null,
      4,
    )}\n`;
    const r = parse('tools/publisher/server.json', text);
    expect(r.deps).toEqual([]);
    expect(r.issues!.map((i) => [i.rule, i.line])).toEqual([['template', lineOf(text, '"name": "io.github.<owner>/<server-name>"', '"registry_name": "npm"')]]);
    expect(r.issues![0].message).toContain('packages[0] "io.github.<owner>/<server-name>" (<owner>, <server-name>); packages[1] "io.github.<owner>/<server-name>-cli"');
    expect(r.issues![0].message).toContain('none of it was judged');
  });

  it('{{version}} and $VERSION count; the schema\'s own {variable} in a remote URL does not', () => {
    const text = doc({
      packages: [
        { registryType: 'npm', identifier: '@acme/widgets-mcp', version: '{{version}}' },
        { registryType: 'pypi', identifier: 'widgets-mcp', version: '$VERSION' },
      ],
      remotes: [{ type: 'streamable-http', url: 'https://{tenant}.widgets.example/mcp' }],
    });
    const r = parse(GOOD, text);
    expect(r.issues!.map((i) => i.rule)).toEqual(['template']);
    expect(r.deps.map((d) => [d.ecosystem, d.name, d.specType])).toEqual([
      ['npm', '@acme/widgets-mcp', 'template'],
      ['pypi', 'widgets-mcp', 'template'],
    ]);
  });

  it('angle brackets in an environment variable default are a hint for the user, not a template', () => {
    const text = doc({ packages: [{ registryType: 'npm', identifier: 'widgets-mcp', version: '1.0.0', environmentVariables: [{ name: 'API_KEY', default: '<your-api-key>' }] }] });
    expect(parse(GOOD, text).issues).toEqual([]);
  });
});
