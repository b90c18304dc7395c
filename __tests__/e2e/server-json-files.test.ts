// A file at a server.json path is never passed over in silence: a broken MCP registry manifest that no
// longer names the registry's $schema is a parse-error at its line; some other tool's server.json is a
// note in the report naming the file and why it was not read as one. The bundled CLI judges a pull
// request in a real git repository.
import { lineOf } from '../helpers/git-repo';
import { checkPr, filePr, where } from './servers';

const WEB_SERVER = '{\n  "port": 8080,\n  "host": "0.0.0.0",\n  "static": "public"\n}\n';

test('a registry manifest without its $schema whose packages are not a list fails as a parse-error at that line', async () => {
  const text = '{\n  "name": "io.github.acme/weather",\n  "version": "1.0.0",\n  "packages": {\n    "npm": "@acme/weather-mcp"\n  }\n}\n';
  const res = await checkPr(filePr({ 'server.json': text }, {}, 'version: 1\n'));
  expect(res.code).toBe(1);
  expect(where(res.findings, 'parse-error')).toEqual([{ file: 'server.json', line: lineOf(text, '"packages"') }]);
  expect(res.findings[0].message).toBe('server.json is not a valid server-json file: packages must be an array, found an object. Nothing in it was judged.');
});

test('invalid JSON at a server.json path with a registry name fails as a parse-error at its line', async () => {
  const text = '{\n  "name": "io.github.acme/weather",\n  "version" "1.0.0",\n  "websiteUrl": "https://acme.example"\n}\n';
  const res = await checkPr(filePr({ '.mcp/server.json': text }, {}, 'version: 1\n'));
  expect(res.code).toBe(1);
  expect(where(res.findings, 'parse-error')).toEqual([{ file: '.mcp/server.json', line: lineOf(text, '"1.0.0"') }]);
});

test("a web server's server.json added by the pull request is a note, not a finding", async () => {
  const res = await checkPr(filePr({ 'web/server.json': WEB_SERVER }, {}, 'version: 1\n'));
  expect(res.findings).toEqual([]);
  expect(res.code).toBe(0);
  expect(res.report.notes).toContainEqual(
    expect.stringMatching(/^web\/server\.json was not read as an MCP registry server\.json: it has no MCP \$schema and none of the registry's fields .*; its keys are "port", "host", "static"\. If it is one, give it the registry's "\$schema"/),
  );
  expect(res.report.servers).toEqual([]);
});

test("an unchanged web server's server.json in the tree is a note too, for the inventory", async () => {
  const config = JSON.stringify({ mcpServers: { fetch: { command: 'uvx', args: ['mcp-server-fetch==2025.4.7'] } } }, null, 2) + '\n';
  const res = await checkPr(filePr({ '.mcp.json': config }, { 'web/server.json': WEB_SERVER }, 'version: 1\n'));
  expect(res.report.notes).toContainEqual(expect.stringMatching(/^web\/server\.json was not read as an MCP registry server\.json: .* \(unchanged in this PR\)$/));
});

describe("a release bump of the server a server.json publishes is the project's own release, not a dependency", () => {
  // Shape of mongodb-js/mongodb-mcp-server@5fefa7ab:server.json ("chore: release mongodb-mcp-server
  // v2.1.0"): the registry manifest of the repository's own server, an npm package and an OCI image by
  // tag, both moved to the new version. The image cannot be pinned by digest before the release builds it,
  // and the new npm version is not published yet when the release PR is reviewed.
  const manifest = (v: string, image = 'docker.io/mongodb/mongodb-mcp-server', npm = 'mongodb-mcp-server') =>
    `${JSON.stringify(
      {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: 'io.github.mongodb-js/mongodb-mcp-server',
        description: 'MongoDB Model Context Protocol Server',
        repository: { url: 'https://github.com/mongodb-js/mongodb-mcp-server', source: 'github' },
        version: v,
        packages: [
          { registryType: 'npm', identifier: npm, version: v, transport: { type: 'stdio' } },
          { registryType: 'oci', identifier: `${image}:${v}`, transport: { type: 'stdio' } },
        ],
      },
      null,
      2,
    )}\n`;
  const POLICY = 'version: 1\nallow:\n  - name: mongodb-mcp-server\n  - name: docker.io/mongodb/mongodb-mcp-server\n    ecosystem: oci\n';

  test('same packages at a new version pass, under the policy and under the built-in default; the report says why', async () => {
    for (const policy of [POLICY, undefined]) {
      const res = await checkPr(filePr({ 'server.json': manifest('2.1.0') }, { 'server.json': manifest('2.0.1-alpha.5') }, policy));
      expect(res.findings).toEqual([]);
      expect(res.code).toBe(0);
      expect(res.report.notes.join('\n')).toContain(`docker.io/mongodb/mongodb-mcp-server (server.json:${lineOf(manifest('2.1.0'), '"docker.io/mongodb/mongodb-mcp-server:2.1.0"')}: a release of the server this server.json publishes (2.0.1-alpha.5 -> 2.1.0))`);
    }
  });

  test('another image or package under the release bump is judged: the attack fails on its line', async () => {
    const head = manifest('2.1.0', 'docker.io/mongodb-mcp/mongodb-mcp-server');
    const res = await checkPr(filePr({ 'server.json': head }, { 'server.json': manifest('2.0.1-alpha.5') }, POLICY));
    expect(res.code).toBe(1);
    const line = lineOf(head, '"docker.io/mongodb-mcp/mongodb-mcp-server:2.1.0"');
    expect(res.findings.filter((f) => f.level === 'error').map((f) => [f.rule, f.file, f.line])).toEqual([
      ['unknown', 'server.json', line],
      ['unpinned', 'server.json', line],
    ]);
  });

  test('a server.json added by the pull request is judged in full (not a release of something the base published)', async () => {
    const head = manifest('2.1.0');
    const res = await checkPr(filePr({ 'server.json': head }, {}, 'version: 1\nallow:\n  - name: mongodb-mcp-server\n'));
    expect(res.code).toBe(1);
    const line = lineOf(head, '"docker.io/mongodb/mongodb-mcp-server:2.1.0"');
    expect(res.findings.filter((f) => f.level === 'error').map((f) => [f.rule, f.line])).toEqual([
      ['unknown', line],
      ['unpinned', line],
    ]);
  });
});
