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
