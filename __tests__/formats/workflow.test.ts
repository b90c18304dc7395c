import { asParsed } from '../../src/formats/format.js';
import { settingsFromEnv } from '../../src/formats/registry-config/env-settings.js';
import { workflow } from '../../src/formats/actions/workflow.js';
import { readUses } from '../../src/ecosystems/actions.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const CI = '.github/workflows/ci.yml';

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

describe('workflow', () => {
  const text = fixture(CI);
  const parsed = asParsed(workflow.parse(text, CI));
  const deps = parsed.deps;

  it('lists every action, docker step, container, service and reusable workflow', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'jobs/test/services/registry',
      'jobs/test/steps/actions/checkout#1',
      'jobs/test/steps/actions/setup-go#1',
      'jobs/test/steps/actions/setup-node#1',
      'jobs/test/steps/lint#1',
      'jobs/test/steps/docker://ghcr.io/github/github-mcp-server#1',
      'jobs/python/container',
      'jobs/python/steps/actions/checkout#1',
      'jobs/python/steps/astral-sh/setup-uv#1',
      'jobs/release/uses',
    ]);
    expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
  });

  it('reads a SHA-pinned action as an exact version at the line of its uses', () => {
    expect(entry(deps, 'jobs/test/steps/actions/checkout#1')).toEqual({
      ecosystem: 'github-actions',
      name: 'actions/checkout',
      version: '08eba0b27e820071cde6df949e0beb9ba4906955',
      spec: '08eba0b27e820071cde6df949e0beb9ba4906955',
      specType: 'version',
      file: CI,
      line: lineOf(text, 'uses: actions/checkout@08eb'),
      kind: 'manifest',
      key: 'jobs/test/steps/actions/checkout#1',
    });
    expect(entry(deps, 'jobs/test/steps/lint#1')).toMatchObject({ name: 'golangci/golangci-lint-action', specType: 'version', line: lineOf(text, 'uses: golangci') });
  });

  it('reads a tag ref as a tag, with the line of the uses key, not of the step name', () => {
    expect(entry(deps, 'jobs/test/steps/actions/setup-go#1')).toMatchObject({ version: 'v5', spec: 'v5', specType: 'tag', line: lineOf(text, 'uses: actions/setup-go') });
    expect(entry(deps, 'jobs/python/steps/actions/checkout#1')).toMatchObject({ version: 'v4', specType: 'tag', line: lineOf(text, 'uses: actions/checkout@v4') });
  });

  it('reads a reusable workflow with its path', () => {
    expect(entry(deps, 'jobs/release/uses')).toMatchObject({
      ecosystem: 'github-actions',
      name: 'acme/shared-workflows/.github/workflows/release.yml',
      version: 'v2',
      specType: 'tag',
      line: lineOf(text, 'uses: acme/shared-workflows'),
    });
  });

  it('reads docker:// steps, job containers and services as images', () => {
    expect(entry(deps, 'jobs/test/steps/docker://ghcr.io/github/github-mcp-server#1')).toMatchObject({
      ecosystem: 'oci',
      name: 'ghcr.io/github/github-mcp-server',
      registry: 'ghcr.io',
      version: 'v0.13.0',
      specType: 'tag',
      line: lineOf(text, 'uses: docker://'),
    });
    expect(entry(deps, 'jobs/python/container')).toMatchObject({ ecosystem: 'oci', name: 'python', version: '3.12-slim', specType: 'version', line: lineOf(text, 'image: python') });
    expect(entry(deps, 'jobs/test/services/registry')).toMatchObject({ name: 'registry', version: '2', line: lineOf(text, 'image: registry:2') });
  });

  it('reads registry settings from env at workflow, job and step level', () => {
    const s = parsed.settings!.map((x) => [x.key, x.ecosystem, x.effect, x.value, x.line]);
    expect(s).toEqual([
      ['env/GOPROXY', 'go', 'registry', 'https://goproxy.acme.internal,direct', lineOf(text, 'GOPROXY:')],
      ['env/GOFLAGS#mod', 'go', 'other', '-mod=mod', lineOf(text, 'GOFLAGS:')],
      ['jobs/test/env/GONOSUMDB', 'go', 'checksum-off', 'github.com/acme/*', lineOf(text, 'GONOSUMDB:')],
      ['jobs/test/steps/run#1/env/NPM_CONFIG_REGISTRY', 'npm', 'registry', 'https://registry.npmjs.org/', lineOf(text, 'NPM_CONFIG_REGISTRY:')],
      ['jobs/test/steps/run#2/env/GOSUMDB', 'go', 'checksum-off', 'off', lineOf(text, 'GOSUMDB:')],
      ['jobs/test/steps/run#2/env/NODE_TLS_REJECT_UNAUTHORIZED', 'npm', 'tls-off', '0', lineOf(text, 'NODE_TLS_REJECT_UNAUTHORIZED:')],
      ['jobs/python/steps/run#1/env/UV_INDEX_URL', 'pypi', 'registry', 'https://pypi.acme.internal/simple', lineOf(text, 'UV_INDEX_URL:')],
      ['jobs/python/steps/run#1/env/PIP_EXTRA_INDEX_URL', 'pypi', 'extra-registry', 'https://pypi.org/simple', lineOf(text, 'PIP_EXTRA_INDEX_URL:')],
      ['jobs/python/steps/run#1/env/PIP_TRUSTED_HOST', 'pypi', 'insecure-host', 'pypi.acme.internal', lineOf(text, 'PIP_TRUSTED_HOST:')],
    ]);
    expect(new Set(parsed.settings!.map((x) => x.key)).size).toBe(parsed.settings!.length);
  });

  it('does not report a secret reference, but does report a literal token in env or with', () => {
    expect(parsed.issues).toEqual([]);
    const token = `ghp_${'Zy9X'.repeat(9)}`;
    const leaked = replaceOnce(text, 'NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}', `NODE_AUTH_TOKEN: ${token}`);
    const withLeak = replaceOnce(leaked, 'node-version: 20', `node-version: 20\n          token: ${token}`);
    const issues = asParsed(workflow.parse(withLeak, CI)).issues!;
    expect(issues.map((i) => [i.rule, i.line])).toEqual([
      ['secret', lineOf(withLeak, 'token: ghp_')],
      ['secret', lineOf(withLeak, 'NODE_AUTH_TOKEN:')],
    ]);
    expect(issues[1].key).toMatch(/^jobs\/test\/steps\/run#1\/env\/NODE_AUTH_TOKEN#/);
    for (const i of issues) expect(i.message).not.toContain(token);
  });

  it('keeps keys when a step is renamed or a ref is bumped', () => {
    const edited = replaceOnce(replaceOnce(text, 'name: Set up Go', 'name: Install Go'), 'actions/setup-go@v5', 'actions/setup-go@v6');
    const after = asParsed(workflow.parse(edited, CI)).deps;
    expect(after.map((d) => d.key)).toEqual(deps.map((d) => d.key));
    expect(entry(after, 'jobs/test/steps/actions/setup-go#1').version).toBe('v6');
  });

  it('numbers repeated uses of one action within a job', () => {
    const t = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n        with: {path: b}\n';
    const d = asParsed(workflow.parse(t, CI)).deps;
    expect(d.map((x) => [x.key, x.line])).toEqual([
      ['jobs/a/steps/actions/checkout#1', lineOf(t, '- uses: actions/checkout')],
      ['jobs/a/steps/actions/checkout#2', lineOf(t, '- uses: actions/checkout', '- uses: actions/checkout')],
    ]);
  });

  it.each([
    ['uses without a ref', 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout\n', 'uses', /owner\/repo@ref/],
    ['uses that is a list', 'on: push\njobs:\n  a:\n    steps:\n      - uses: [a]\n', 'uses', /must be a string/],
    ['steps as a mapping', 'on: push\njobs:\n  a:\n    steps:\n      x: 1\n', 'x: 1', /steps must be a list/],
    ['a step that is a string', 'on: push\njobs:\n  a:\n    steps:\n      - run echo\n', 'run echo', /must be a mapping/],
    ['no jobs', 'on: push\nname: x\n', 'on', /needs a jobs/],
    ['jobs as a list', 'on: push\njobs:\n  - a\n', '- a', /jobs must be a mapping/],
    ['a job that is a string', 'on: push\njobs:\n  a: b\n', 'a: b', /jobs.a must be a mapping/],
    ['bad YAML', 'on: push\njobs:\n  a:\n    steps:\n     - uses: x@1\n    - run: y\n', '- run', /invalid YAML/],
    ['a scalar document', 'hello\n', 'hello', /must be a mapping/],
  ])('rejects %s', (_w, t, needle, message) => {
    const err = parseErrorOf(() => workflow.parse(t, CI));
    expect(err.line).toBe(lineOf(t, needle));
    expect(err.message).toMatch(message);
  });

  it.each([
    ['.github/workflows/ci.yml', true],
    ['.github/workflows/release.yaml', true],
    ['.github/workflows/sub/x.yml', false],
    ['packages/a/.github/workflows/ci.yml', false],
    ['.github/dependabot.yml', false],
    ['.github/workflows/README.md', false],
  ])('matches %s -> %s', (p, expected) => {
    expect(workflow.matches(p)).toBe(expected);
  });
});

describe('uses values', () => {
  it.each([
    ['actions/checkout@v4', { kind: 'action', name: 'actions/checkout', ref: 'v4' }],
    ['github/codeql-action/init@v3', { kind: 'action', name: 'github/codeql-action/init', ref: 'v3' }],
    ['docker://alpine:3.20', { kind: 'docker', image: 'alpine:3.20' }],
    ['./.github/actions/x', { kind: 'local', path: './.github/actions/x' }],
    ['checkout@v4', { kind: 'invalid', reason: expect.any(String) }],
    ['actions/checkout@', { kind: 'invalid', reason: expect.any(String) }],
  ])('%s', (v, expected) => {
    expect(readUses(v)).toEqual(expected);
  });
});

describe('environment variables', () => {
  const at = { file: 'f', line: 3, key: 'k' };
  it.each([
    ['GOPROXY', 'direct', 'go', 'registry'],
    ['GOPROXY', 'off', 'go', 'other'],
    ['GOSUMDB', 'off', 'go', 'checksum-off'],
    ['GONOSUMCHECK', '1', 'go', 'checksum-off'],
    ['GOPRIVATE', '*.corp', 'go', 'checksum-off'],
    ['GOINSECURE', 'x.corp', 'go', 'insecure-host'],
    ['npm_config_registry', 'https://r', 'npm', 'registry'],
    ['NPM_CONFIG_STRICT_SSL', 'false', 'npm', 'tls-off'],
    ['PIP_INDEX_URL', 'https://i', 'pypi', 'registry'],
    ['UV_DEFAULT_INDEX', 'https://i', 'pypi', 'registry'],
    ['UV_INDEX', 'https://i', 'pypi', 'extra-registry'],
    ['UV_EXTRA_INDEX_URL', 'https://i', 'pypi', 'extra-registry'],
  ])('%s=%s -> %s %s', (name, value, ecosystem, effect) => {
    expect(settingsFromEnv(name, value, at)).toEqual([{ file: 'f', line: 3, key: 'k', setting: name, value, ecosystem, effect }]);
  });

  it.each([
    ['NODE_TLS_REJECT_UNAUTHORIZED', '1'],
    ['NPM_CONFIG_STRICT_SSL', 'true'],
    ['GOFLAGS', '-trimpath'],
    ['FORCE_COLOR', '1'],
    ['PATH', '/usr/bin'],
  ])('%s=%s -> nothing', (name, value) => {
    expect(settingsFromEnv(name, value, at)).toEqual([]);
  });

  it('reads each GOFLAGS flag that matters as its own setting', () => {
    expect(settingsFromEnv('GOFLAGS', '-mod=mod -insecure', at).map((x) => [x.key, x.effect, x.value])).toEqual([
      ['k#insecure', 'insecure-host', '-mod=mod -insecure'],
      ['k#mod', 'other', '-mod=mod -insecure'],
    ]);
  });

  it('reads a scoped npm registry and masks a URL password', () => {
    expect(settingsFromEnv('npm_config_@acme:registry', 'https://npm.acme.dev/', at)).toEqual([
      expect.objectContaining({ scope: '@acme', effect: 'registry' }),
    ]);
    expect(settingsFromEnv('PIP_INDEX_URL', 'https://bot:hunter2hunter2@pypi.acme.dev/simple', at)[0].value).toBe('https://pypi.acme.dev/simple');
  });
});
