// Valid files whose keys are named like the properties every JavaScript object inherits (`constructor`,
// `__proto__`, `toString`, `hasOwnProperty`) are read as what they say: no parse-error, and the real
// settings beside those keys are judged at their lines. The bundled CLI judges a pull request in a real
// git repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, strToU8, zipSync } from 'fflate';
import { lineOf } from '../helpers/git-repo';
import { checkPr, filePr, sha256, where } from './servers';

describe('files with keys named like Object.prototype properties', () => {
  const workflow = `name: ci
on: push
env:
  constructor: x
  __proto__: y
  npm_config_constructor: "1"
  GOPROXY: https://proxy.acme.example
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      toString: z
      hasOwnProperty: w
    steps:
      - run: echo hi
`;
  const dockerfile = `FROM node:20-alpine@sha256:${'a'.repeat(64)}
ENV constructor=x __proto__=y toString=z
ENV npm_config_constructor=1 npm_config_registry=https://npm.acme.example/
`;
  const goEnv = `constructor=x
hasOwnProperty=w
GOPROXY=https://goproxy.acme.example
`;

  test('a workflow, a Dockerfile and a go.env are read, and their registry settings judged at their lines', async () => {
    const res = await checkPr(filePr({ '.github/workflows/ci.yml': workflow, Dockerfile: dockerfile, 'go.env': goEnv }, {}, 'version: 1\n'));
    expect(where(res.findings, 'parse-error')).toEqual([]);
    expect(where(res.findings, 'registry-config')).toEqual([
      { file: '.github/workflows/ci.yml', line: lineOf(workflow, 'GOPROXY') },
      { file: 'Dockerfile', line: lineOf(dockerfile, 'npm_config_registry') },
      { file: 'go.env', line: lineOf(goEnv, 'GOPROXY') },
    ]);
    expect(res.code).toBe(1);
    // Nothing else: the variables named like prototype properties change no package source.
    expect(res.findings.map((f) => f.rule)).toEqual(['registry-config', 'registry-config', 'registry-config']);
  });
});

describe('a bundle whose manifest version is named like a prototype property', () => {
  const MCPB = path.join(__dirname, '..', 'fixtures', 'formats', 'mcpb');

  test.each(['constructor', 'toString'])('version "%s" is not pinned by the policy\'s pins of other versions', async (version) => {
    const entries = unzipSync(new Uint8Array(readFileSync(path.join(MCPB, 'good.mcpb'))));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
    entries['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version }, null, 2));
    const bytes = Buffer.from(zipSync(entries, { mtime: new Date('2025-06-01T00:00:00Z') }));
    const policy = `version: 1
allow:
  - name: weather-tools
    ecosystem: mcpb
    integrity:
      "1.4.2": "sha256:${'0'.repeat(64)}"
  - name: "@modelcontextprotocol/sdk"
  - name: zod
  - name: cross-spawn
  - name: which
`;
    const res = await checkPr(filePr({ 'tools/weather.mcpb': bytes }, {}, policy));
    expect(res.stderr).not.toMatch(/could not run|TypeError/);
    expect(res.code).toBe(1);
    expect(res.findings).toEqual([
      expect.objectContaining({
        rule: 'bundle',
        file: 'tools/weather.mcpb',
        line: 1,
        message: expect.stringContaining(`bundle weather-tools@${version} (tools/weather.mcpb) carries no signature block (MCPB_SIG_V1); and it is not pinned by sha256 either`),
      }),
    ]);
    expect(res.findings[0].message).toContain(`integrity: {"${version}": "sha256:${sha256(bytes)}"}`);
  });
});
