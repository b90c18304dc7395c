// A dependency with an empty name is a parse-error finding at the entry's line, naming what to fix; the
// rest of the file is still judged, and no entry named "" reaches the report. The bundled CLI judges a
// pull request in a real git repository.
import { lineOf } from '../helpers/git-repo';
import { checkPr, filePr, where } from './servers';

test('package.json, Cargo.toml and an MCP client config with an empty package name', async () => {
  const pkg = '{\n  "name": "app",\n  "dependencies": {\n    "": "^7.0.0",\n    "@modelcontextprotocol/sdk": "1.17.0"\n  }\n}\n';
  const cargo = '[package]\nname = "notes"\nversion = "0.1.0"\n\n[dependencies]\n"" = "1.0"\nrmcp = "=0.8.1"\n';
  const mcp = JSON.stringify({ mcpServers: { empty: { command: 'npx', args: ['-y', ''] } } }, null, 2) + '\n';
  const res = await checkPr(filePr({ 'package.json': pkg, 'Cargo.toml': cargo, '.mcp.json': mcp }, {}, 'version: 1\n'));
  expect(res.code).toBe(1);
  expect(where(res.findings, 'parse-error')).toEqual([
    { file: '.mcp.json', line: lineOf(mcp, '"empty"') },
    { file: 'Cargo.toml', line: lineOf(cargo, '"" = "1.0"') },
    { file: 'package.json', line: lineOf(pkg, '"": "^7.0.0"') },
  ]);
  const npmEmpty = res.findings.find((f) => f.rule === 'parse-error' && f.file === 'package.json')!;
  expect(npmEmpty).toMatchObject({ level: 'error' });
  expect(npmEmpty.message).toBe(
    'a dependency (npm, entry "dependencies/", version "^7.0.0") has an empty name: nothing can install it and the gate cannot judge it. Write the package\'s name, or remove the entry.',
  );
  // The rest of each file is judged: the SDK and rmcp are MCP packages the policy does not allow.
  expect(res.findings.filter((f) => f.rule === 'unknown').map((f) => [f.file, f.name])).toEqual([
    ['Cargo.toml', 'rmcp'],
    ['package.json', '@modelcontextprotocol/sdk'],
  ]);
  expect(res.report.dependencies.filter((d: { name: string }) => d.name.trim() === '')).toEqual([]);
});
