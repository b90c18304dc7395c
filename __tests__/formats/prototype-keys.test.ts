// Keys named like the properties every plain object inherits (`constructor`, `__proto__`, `toString`,
// `hasOwnProperty`) are ordinary names in a file: a variable, a package, a scope, a version. Each input
// here is valid and must read as what it says, with no TypeError from a lookup in a plain object table.
import { asParsed } from '../../src/formats/format.js';
import { cargoConfig } from '../../src/formats/registry-config/cargo-config.js';
import { dockerfile } from '../../src/formats/containers/dockerfile.js';
import { settingsFromEnv, secretFromEnv } from '../../src/formats/registry-config/env-settings.js';
import { goEnv } from '../../src/formats/registry-config/go-env.js';
import { poetryLock } from '../../src/formats/pypi/locks.js';
import { workflow } from '../../src/formats/actions/workflow.js';
import { detectTyposquat, typosquatIndex } from '../../src/checks/typosquat/detect.js';
import { compareIntegrity, digestsOf } from '../../src/registry/integrity.js';
import { versionFacts } from '../../src/registry/packument.js';
import { sortKeys } from '../../src/report/json.js';
import type { ParsedFile } from '../../src/types.js';
import { lineOf } from './helpers.js';

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const at = { file: 'f', line: 3, key: 'k' };
const TOKEN = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';

function settingsOf(r: ParsedFile): [string, string, string, number][] {
  return (r.settings ?? []).map((s) => [s.setting, s.effect, s.value, s.line]);
}

describe('environment variables named like Object.prototype properties', () => {
  it.each(PROTO_NAMES.flatMap((n) => [n, `npm_config_${n}`, `NPM_CONFIG_${n}`]))('%s changes no package source', (name) => {
    expect(settingsFromEnv(name, 'x', at)).toEqual([]);
    expect(secretFromEnv(name, 'x', at)).toEqual([]);
  });

  it('a credential in a variable named constructor is still a secret', () => {
    const [issue] = secretFromEnv('constructor', TOKEN, at);
    expect(issue).toMatchObject({ rule: 'secret', line: 3 });
    expect(issue.message).not.toContain(TOKEN);
  });

  it('the real variables beside them still count', () => {
    expect(settingsFromEnv('npm_config_registry', 'https://npm.acme.example/', at).map((s) => s.effect)).toEqual(['registry']);
    expect(settingsFromEnv('GOPROXY', 'https://proxy.acme.example', at).map((s) => s.effect)).toEqual(['registry']);
  });
});

describe('a GitHub workflow', () => {
  const FILE = '.github/workflows/ci.yml';
  const text = `name: ci
on: push
env:
  constructor: x
  __proto__: y
  toString: z
  hasOwnProperty: w
  npm_config_constructor: v
  GOPROXY: https://proxy.acme.example
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      constructor: ${TOKEN}
      NODE_TLS_REJECT_UNAUTHORIZED: "0"
    steps:
      - uses: actions/checkout@v4
        with:
          constructor: x
          __proto__: y
`;

  it('parses, with the settings of the real variables at their lines', () => {
    const r = asParsed(workflow.parse(text, FILE));
    expect(r.deps.map((d) => [d.name, d.version, d.line])).toEqual([['actions/checkout', 'v4', lineOf(text, 'actions/checkout')]]);
    expect(settingsOf(r)).toEqual([
      ['GOPROXY', 'registry', 'https://proxy.acme.example', lineOf(text, 'GOPROXY')],
      ['NODE_TLS_REJECT_UNAUTHORIZED', 'tls-off', '0', lineOf(text, 'NODE_TLS_REJECT_UNAUTHORIZED')],
    ]);
    expect(r.issues).toEqual([expect.objectContaining({ rule: 'secret', line: lineOf(text, `constructor: ${TOKEN}`), key: expect.stringMatching(/^jobs\/build\/env\/constructor/) })]);
  });
});

describe('a Dockerfile', () => {
  const text = `FROM node:20-alpine
ENV constructor=x __proto__=y toString=z
ENV hasOwnProperty w
ENV npm_config_constructor=1 npm_config_registry=https://npm.acme.example/
`;

  it('parses, with the setting of the real variable', () => {
    const r = asParsed(dockerfile.parse(text, 'Dockerfile'));
    expect(r.deps.map((d) => [d.ecosystem, d.name, d.version])).toEqual([['oci', 'node', '20-alpine']]);
    expect(settingsOf(r)).toEqual([['npm_config_registry', 'registry', 'https://npm.acme.example/', lineOf(text, 'npm_config_registry')]]);
    expect(r.issues).toEqual([]);
  });
});

describe('go.env', () => {
  const text = `# project defaults
constructor=x
__proto__=y
toString=z
hasOwnProperty=w
GOPROXY=https://proxy.acme.example,direct
`;

  it('parses, with the setting of the real variable', () => {
    const r = asParsed(goEnv.parse(text, 'go.env'));
    expect(settingsOf(r)).toEqual([['GOPROXY', 'registry', 'https://proxy.acme.example,direct', lineOf(text, 'GOPROXY')]]);
    expect(r.issues).toEqual([]);
  });
});

describe('.cargo/config.toml', () => {
  it.each(PROTO_NAMES)('replace-with = "%s" names a source the file does not define', (name) => {
    const text = `[source.crates-io]\nreplace-with = "${name}"\n`;
    const r = asParsed(cargoConfig.parse(text, '.cargo/config.toml'));
    expect(settingsOf(r)).toEqual([['source.crates-io.replace-with', 'registry', `${name} (not defined here)`, 2]]);
  });
});

describe('poetry.lock', () => {
  it('a package named constructor without [metadata.files] has no hashes, not a crash', () => {
    const text = `[[package]]
name = "constructor"
version = "1.0.0"
description = ""
optional = false
python-versions = ">=3.8"
files = []

[metadata]
lock-version = "2.0"
python-versions = ">=3.10"
content-hash = "0000"
`;
    const r = asParsed(poetryLock.parse(text, 'poetry.lock'));
    expect(r.deps.map((d) => [d.name, d.version, d.integrity, d.line])).toEqual([['constructor', '1.0.0', undefined, 1]]);
  });
});

describe('names and versions from the registry and the policy', () => {
  it('a version named like a prototype property is not in a packument that does not list it', () => {
    const packument = JSON.parse('{"name":"a","versions":{"1.0.0":{"dist":{}}},"time":{"1.0.0":"2025-01-01T00:00:00Z"}}');
    for (const v of PROTO_NAMES) expect(versionFacts(packument, v)).toEqual({ version: v, exists: false, listsProvenance: false });
  });

  it('an SRI string with an algorithm named constructor is no valid SRI string, not a crash', () => {
    const registry = digestsOf('sha512-' + 'A'.repeat(86) + '==');
    expect(compareIntegrity('constructor-abc', registry)).toEqual({ ok: false, detail: 'the lockfile integrity "constructor-abc" is not a valid SRI string' });
  });

  it('an allowed scope named like a prototype property does not break the typosquat check', () => {
    for (const scope of ['constructor', 'toString']) {
      expect(detectTyposquat(`${scope}-tools`, 'npm', typosquatIndex([{ name: `@${scope}/tools`, ecosystem: 'npm', source: 'allow' }]))).toMatchObject({
        imitates: `@${scope}/tools`,
        technique: 'scope-confusion:unscoped-copy',
      });
    }
  });

  it('the JSON report keeps a key named __proto__ as a key', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":2},"a":3}');
    expect(JSON.stringify(sortKeys(value))).toBe('{"__proto__":{"x":2},"a":3,"b":1}');
  });
});
