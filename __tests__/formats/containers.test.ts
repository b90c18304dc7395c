import { compose } from '../../src/formats/containers/compose.js';
import { dockerfile } from '../../src/formats/containers/dockerfile.js';
import { asParsed } from '../../src/formats/format.js';
import { imageFields } from '../../src/ecosystems/oci.js';
import { substituteVars } from '../../src/formats/containers/vars.js';
import type { Dependency } from '../../src/types.js';
import { fixture, lineOf, parseErrorOf, replaceOnce } from './helpers.js';

const DOCKERFILE = 'containers/gateway/Dockerfile';
const COMPOSE = 'containers/gateway/compose.yaml';
const DIGEST_A = `sha256:${'ab'.repeat(32)}`;

function entry(deps: Dependency[], key: string): Dependency {
  const d = deps.find((x) => x.key === key);
  if (d === undefined) throw new Error(`no entry ${key}; have ${deps.map((x) => x.key).join(', ')}`);
  return d;
}

function uniqueKeys(deps: { key: string }[]): void {
  expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
}

describe('image references', () => {
  it.each([
    ['node:20', { name: 'node', registry: 'docker.io', version: '20', spec: '20', specType: 'tag' }],
    ['mcp/github', { name: 'mcp/github', registry: 'docker.io', spec: 'latest', specType: 'tag' }],
    [`mcp/fetch@${DIGEST_A}`, { name: 'mcp/fetch', registry: 'docker.io', integrity: DIGEST_A, spec: DIGEST_A, specType: 'version' }],
    [`ghcr.io/github/github-mcp-server:v1@${DIGEST_A}`, { name: 'ghcr.io/github/github-mcp-server', registry: 'ghcr.io', version: 'v1', integrity: DIGEST_A, spec: `v1@${DIGEST_A}`, specType: 'version' }],
    ['localhost/acme/x:1', { name: 'localhost/acme/x', registry: 'localhost', version: '1', spec: '1', specType: 'tag' }],
    ['registry.acme.internal:5000/mcp/notes', { name: 'registry.acme.internal:5000/mcp/notes', registry: 'registry.acme.internal:5000', spec: 'latest', specType: 'tag' }],
    ['docker.io/library/alpine:3.20', { name: 'docker.io/library/alpine', registry: 'docker.io', version: '3.20', spec: '3.20', specType: 'tag' }],
  ])('%s', (ref, expected) => {
    const f = imageFields(ref);
    expect(f).toEqual({ ecosystem: 'oci', ...expected });
  });

  it.each(['Node:20', 'mcp/fetch@sha256:short', 'a//b', 'node:', 'no spaces:1 x'])('%s is invalid, not a throw', (ref) => {
    expect(imageFields(ref)).toMatchObject({ specType: 'invalid', spec: ref });
  });

  it('substitutes variables and defaults, or says it cannot', () => {
    const vars = new Map([['A', '1'], ['E', '']]);
    expect(substituteVars('x:$A-${A}', vars)).toBe('x:1-1');
    expect(substituteVars('${B:-2}/${E:-3}/${E-4}/${A:+5}', vars)).toBe('2/3//5');
    expect(substituteVars('${B}', vars)).toBeUndefined();
    expect(substituteVars('$B', vars)).toBeUndefined();
    expect(substituteVars('a$$b', vars, true)).toBe('a$b');
  });
});

describe('Dockerfile', () => {
  const text = fixture(DOCKERFILE);
  const parsed = asParsed(dockerfile.parse(text, DOCKERFILE));
  const deps = parsed.deps;

  it('lists the syntax frontend, each FROM image and COPY --from images, not stages or heredoc text', () => {
    expect(deps.map((d) => d.key)).toEqual(['syntax', 'FROM/0/build', 'FROM/1/fetch', 'FROM/2/node', 'COPY/ghcr.io/astral-sh/uv#1']);
    expect(deps.map((d) => d.name)).not.toContain('alpine');
    uniqueKeys(deps);
  });

  it('substitutes global ARG defaults into FROM', () => {
    expect(entry(deps, 'FROM/0/build')).toEqual({
      ecosystem: 'oci',
      name: 'node',
      version: '20-bookworm-slim',
      spec: '20-bookworm-slim',
      specType: 'tag',
      registry: 'docker.io',
      file: DOCKERFILE,
      line: lineOf(text, 'FROM --platform'),
      kind: 'manifest',
      key: 'FROM/0/build',
    });
    const digest = /ARG FETCH_DIGEST=(\S+)/.exec(text)![1];
    expect(entry(deps, 'FROM/1/fetch')).toMatchObject({ name: 'mcp/fetch', integrity: digest, specType: 'version', line: lineOf(text, 'FROM mcp/fetch') });
    expect(entry(deps, 'FROM/1/fetch').version).toBeUndefined();
  });

  it('reads the last FROM and the COPY --from image at their lines', () => {
    expect(entry(deps, 'FROM/2/node')).toMatchObject({ name: 'node', version: '20', line: lineOf(text, 'FROM node:20\n') });
    expect(entry(deps, 'COPY/ghcr.io/astral-sh/uv#1')).toMatchObject({ registry: 'ghcr.io', version: '0.8.17', line: lineOf(text, 'COPY --from=ghcr.io') });
    expect(entry(deps, 'syntax')).toMatchObject({ name: 'docker/dockerfile', version: '1.7', line: lineOf(text, '# syntax=') });
  });

  it('reads ENV across a continuation as registry settings', () => {
    expect(parsed.settings).toEqual([
      {
        file: DOCKERFILE,
        line: lineOf(text, 'ENV NODE_ENV'),
        key: 'ENV/2/npm_config_registry',
        setting: 'npm_config_registry',
        value: 'https://registry.npmjs.org/',
        ecosystem: 'npm',
        effect: 'registry',
      },
    ]);
  });

  it('is case-insensitive, joins continuations and skips comments inside them', () => {
    const t = 'from \\\n  # a comment\n  alpine:3.20 \\\n  as base\nfrom base\nFROM scratch\n';
    const d = asParsed(dockerfile.parse(t, 'Dockerfile')).deps;
    expect(d).toEqual([expect.objectContaining({ key: 'FROM/0/base', name: 'alpine', version: '3.20', line: lineOf(t, 'from \\') })]);
  });

  it('honours the escape directive', () => {
    const t = '# escape=`\n\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS win\nRUN dir c:\\\nFROM node:20\n';
    const d = asParsed(dockerfile.parse(t, 'Dockerfile')).deps;
    expect(d.map((x) => [x.key, x.line])).toEqual([
      ['FROM/0/win', lineOf(t, 'FROM mcr')],
      ['FROM/1/node', lineOf(t, 'FROM node')],
    ]);
  });

  it('keeps an image whose variable has no default, as unknown', () => {
    const t = 'ARG BASE\nARG TAG\nFROM ${BASE}\nFROM ghcr.io/acme/mcp:${TAG}\nCOPY --from=${BASE} /a /b\n';
    const d = asParsed(dockerfile.parse(t, 'Dockerfile')).deps;
    expect(d).toEqual([
      expect.objectContaining({ key: 'FROM/0/${BASE}', name: '${BASE}', spec: '${BASE}', specType: 'invalid', line: lineOf(t, 'FROM ${BASE}') }),
      expect.objectContaining({ key: 'FROM/1/ghcr.io/acme/mcp', name: 'ghcr.io/acme/mcp', registry: 'ghcr.io', spec: 'ghcr.io/acme/mcp:${TAG}', specType: 'invalid' }),
    ]);
    expect(d[1].version).toBeUndefined();
  });

  it('does not take an ARG declared after FROM for a later FROM', () => {
    const t = 'FROM alpine:3.20\nARG V=1\nFROM node:${V}\n';
    expect(asParsed(dockerfile.parse(t, 'Dockerfile')).deps[1]).toMatchObject({ specType: 'invalid' });
  });

  it('keys images by name, so a tag bump is a change of the same entry', () => {
    const bumped = replaceOnce(text, 'FROM node:20\n', 'FROM node:22\n');
    const after = asParsed(dockerfile.parse(bumped, DOCKERFILE)).deps;
    expect(after.map((d) => d.key)).toEqual(deps.map((d) => d.key));
    expect(entry(after, 'FROM/2/node').version).toBe('22');
  });

  it('reports a literal token in ENV as a secret, masked', () => {
    const t = `FROM node:20\nENV GITHUB_TOKEN=ghp_${'a1B2'.repeat(9)}\n`;
    const p = asParsed(dockerfile.parse(t, 'Dockerfile'));
    expect(p.issues).toEqual([expect.objectContaining({ rule: 'secret', line: lineOf(t, 'ENV GITHUB_TOKEN') })]);
    expect(p.issues![0].message).not.toContain('a1B2a1B2');
  });

  it.each([
    ['FROM with two arguments', 'FROM node:20 builder\n', 'FROM', /one or three arguments/],
    ['FROM without arguments', '# base\nFROM\n', 'FROM', /one or three arguments/],
    ['an unknown instruction', 'FROM node:20\nRUNN npm ci\n', 'RUNN', /unknown instruction/],
    ['an instruction before FROM', '\nRUN echo hi\nFROM node:20\n', 'RUN', /before the first FROM/],
    ['no FROM', 'ARG X=1\n', 'ARG', /no FROM/],
    ['an empty file', '', '', /no instructions/],
    ['a bad escape directive', '# escape=x\nFROM a\n', 'escape', /escape/],
    ['an unterminated heredoc', 'FROM a\nRUN <<EOF\necho\n', 'RUN', /never terminated/],
    ['binary garbage', 'FROM a\n\u0000\u0001', '\u0000', /binary/],
    ['a JSON file', '{\n  "name": "x"\n}\n', '{', /unknown instruction/],
  ])('rejects %s', (_w, t, needle, message) => {
    const err = parseErrorOf(() => dockerfile.parse(t, 'Dockerfile'));
    expect(err.line).toBe(needle === '' ? 1 : lineOf(t, needle));
    expect(err.message).toMatch(message);
  });

  it.each([
    ['Dockerfile', true],
    ['services/api/Dockerfile', true],
    ['Containerfile', true],
    ['Dockerfile.dev', true],
    ['docker/mcp.Dockerfile', true],
    ['Dockerfile.dockerignore', false],
    ['.dockerignore', false],
    ['vendor/x/Dockerfile', false],
    ['node_modules/x/Dockerfile', false],
    ['Dockerfiles/readme.md', false],
  ])('matches %s -> %s', (p, expected) => {
    expect(dockerfile.matches(p)).toBe(expected);
  });
});

describe('compose', () => {
  const text = fixture(COMPOSE);
  const deps = asParsed(compose.parse(text, COMPOSE)).deps;

  it('has one entry per service with an image, keyed by service', () => {
    expect(deps.map((d) => d.key)).toEqual([
      'services/github',
      'services/github-official',
      'services/time',
      'services/postgres',
      'services/grafana',
      'services/registry-local',
    ]);
    uniqueKeys(deps);
  });

  it('reads a tagged image at the line of its image key', () => {
    expect(entry(deps, 'services/github')).toEqual({
      ecosystem: 'oci',
      name: 'mcp/github',
      version: 'latest',
      spec: 'latest',
      specType: 'tag',
      registry: 'docker.io',
      file: COMPOSE,
      line: lineOf(text, 'image:', 'github:'),
      kind: 'manifest',
      key: 'services/github',
    });
  });

  it('reads a digest-pinned image', () => {
    const digest = /github-mcp-server@(\S+)/.exec(text)![1];
    expect(entry(deps, 'services/github-official')).toMatchObject({
      name: 'ghcr.io/github/github-mcp-server',
      registry: 'ghcr.io',
      integrity: digest,
      specType: 'version',
      line: lineOf(text, 'image:', 'github-official:'),
    });
  });

  it('follows a merge key to the anchored image', () => {
    expect(entry(deps, 'services/time')).toMatchObject({ name: 'mcp/time', version: 'latest', line: lineOf(text, 'image: mcp/time') });
  });

  it('takes ${VAR:-default} and keeps ${VAR} unknown', () => {
    expect(entry(deps, 'services/postgres')).toMatchObject({ name: 'postgres', version: '16.4' });
    expect(entry(deps, 'services/grafana')).toMatchObject({ name: 'grafana/mcp-grafana', specType: 'invalid', spec: 'grafana/mcp-grafana:${GRAFANA_MCP_TAG}' });
    expect(entry(deps, 'services/registry-local')).toMatchObject({ registry: 'localhost:5000', name: 'localhost:5000/acme/mcp-notes', version: '1.2.0' });
  });

  it('reports an unterminated string on the last line of the file, never past it', () => {
    const t = 'services:\n  a:\n    image: "x\n';
    expect(parseErrorOf(() => compose.parse(t, 'compose.yaml')).line).toBe(lineOf(t, 'image: "x'));
  });

  it('reads a file without services, or an empty one, as nothing', () => {
    expect(asParsed(compose.parse('', 'compose.yaml')).deps).toEqual([]);
    expect(asParsed(compose.parse('include:\n  - other.yaml\n', 'compose.yaml')).deps).toEqual([]);
  });

  it.each([
    ['bad indentation', 'services:\n  a:\n    image: x\n   bad: y\n', 'bad', /invalid YAML/],
    ['a tab as indentation', 'services:\n\ta:\n', '\ta', /invalid YAML/],
    ['a duplicate key', 'services:\n  a:\n    image: x\n    image: y\n', 'image: y', /invalid YAML/],
    ['services as a list', 'services:\n  - image: x\n', '- image', /services must be a mapping/],
    ['an image that is a number', 'services:\n  a:\n    image: 42\n', '42', /image must be a string/],
    ['a service that is a string', 'services:\n  a: nginx\n', 'nginx', /services.a must be a mapping/],
    ['a top-level list', '- a\n- b\n', '- a', /must be a mapping/],
  ])('rejects %s', (_w, t, needle, message) => {
    const err = parseErrorOf(() => compose.parse(t, 'compose.yaml'));
    expect(err.line).toBe(lineOf(t, needle));
    expect(err.message).toMatch(message);
  });

  it.each([
    ['compose.yaml', true],
    ['compose.yml', true],
    ['docker-compose.yml', true],
    ['deploy/docker-compose.yaml', true],
    ['docker-compose.prod.yml', true],
    ['compose.override.yaml', true],
    ['composer.json', false],
    ['my-compose.yml', false],
    ['vendor/x/compose.yaml', false],
    ['.github/workflows/compose.yml', false],
    ['deploy/.github/compose.yml', true],
  ])('matches %s -> %s', (p, expected) => {
    expect(compose.matches(p)).toBe(expected);
  });
});
