// The YAML readers: each as strict as the client it stands for, lines as the client splits them and
// as GitHub numbers them, cost bounded (nesting depth, merge expansion) and aliases resolved in one pass.
import { compose } from '../../src/formats/containers/compose.js';
import { MAX_MERGED_ENTRIES } from '../../src/formats/readers/yaml.js';
import { asParsed } from '../../src/formats/format.js';
import { continueMcp } from '../../src/formats/mcp/clients/continue.js';
import { pnpmLock } from '../../src/formats/npm/pnpm-lock.js';
import { yarnrcYml } from '../../src/formats/registry-config/yarnrc.js';
import { MAX_YAML_DEPTH } from '../../src/formats/readers/yaml.js';
import { lineOf, parseErrorOf } from './helpers.js';

const CONTINUE = '.continue/mcpServers/tools.yaml';

describe('nesting depth is bounded, never a crash', () => {
  it.each([
    ['flow', (n: number) => `services:\n  a:\n    image: nginx\nx-deep: ${'['.repeat(n)}${']'.repeat(n)}\n`],
    // Compact nested block sequences: `- - - x` is three levels deep on one line.
    ['block', (n: number) => `services:\n  a:\n    image: nginx\nx-deep:\n  ${'- '.repeat(n)}x\n`],
    // Found by the property tests: the same followed by a less indented line overflowed the YAML
    // parser's stack (a RangeError, not a parse-error) before the depth was checked.
    ['block, then a less indented key', (n: number) => `services:\n  a:\n    image: nginx\nx-deep:\n  ${'- '.repeat(n)}\nversion: "3"\n`],
  ])('%s nesting: 10^5 levels is a parse-error naming the file, the line and the limit', (_kind, deep) => {
    const text = deep(100_000);
    const err = parseErrorOf(() => compose.parse(text, 'compose.yaml'));
    expect(err.file).toBe('compose.yaml');
    expect(err.message).toContain(`more than ${MAX_YAML_DEPTH} deep`);
    expect(err.line).toBeGreaterThanOrEqual(lineOf(text, 'x-deep'));
    expect(err.line).toBeLessThanOrEqual(text.split('\n').length - 1);
    // Just under the limit is read.
    expect(asParsed(compose.parse(deep(MAX_YAML_DEPTH - 2), 'compose.yaml')).deps.map((d) => d.name)).toEqual(['nginx']);
  });
});

describe('aliases', () => {
  it('resolves 4,000 aliases in .yarnrc.yml (each used to walk the whole document: 49 s)', () => {
    const hosts = Array.from({ length: 4_000 }, (_, k) => `  - &h${k} host${k}.example`).join('\n');
    const again = Array.from({ length: 4_000 }, (_, k) => `    k${k}: *h${k}`).join('\n');
    const text = `unsafeHttpWhitelist:\n${hosts}\nnpmScopes:\n  acme:\n${again}\n    npmRegistryServer: *h3999\n`;
    const { settings } = asParsed(yarnrcYml.parse(text, '.yarnrc.yml'));
    expect(settings!.filter((s) => s.effect === 'insecure-host')).toHaveLength(4_000);
    expect(settings!.find((s) => s.scope === '@acme')).toMatchObject({ value: 'host3999.example', line: lineOf(text, 'npmRegistryServer') });
  });

  it('an alias with no anchor before it is a parse-error, as in every YAML client', () => {
    const text = 'npmRegistryServer: *nowhere\n';
    expect(parseErrorOf(() => yarnrcYml.parse(text, '.yarnrc.yml'))).toMatchObject({ line: 1, message: expect.stringContaining('*nowhere') });
  });

  it('expands each merged map once (a fan-out of 8 over 12 levels used to mean 8^12 copies)', () => {
    const levels = ['x-0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}'];
    for (let k = 1; k < 12; k++) levels.push(`x-${k}: &l${k}\n  <<: [${Array.from({ length: 8 }, () => `*l${k - 1}`).join(', ')}]\n  k${k}: ${k}`);
    const text = `${levels.join('\n')}\nservices:\n  a:\n    <<: *l11\n    image: nginx\n`;
    expect(asParsed(compose.parse(text, 'compose.yaml')).deps.map((d) => d.name)).toEqual(['nginx']);
  });

  it('refuses merge keys that copy more entries than the limit, on the line of the merge', () => {
    const keys = Array.from({ length: 1_000 }, (_, k) => `  k${k}: ${k}`).join('\n');
    const text = `x-base: &base\n${keys}\nservices:\n  a:\n    <<: [${Array.from({ length: 101 }, () => '*base').join(', ')}]\n    image: nginx\n`;
    const err = parseErrorOf(() => compose.parse(text, 'compose.yaml'));
    expect(err.message).toContain(`more than ${MAX_MERGED_ENTRIES} entries`);
    expect(err.line).toBe(lineOf(text, '<<: ['));
  });
});

describe('as strict as the client', () => {
  it('Continue refuses a duplicate key, so the gate does too', () => {
    const text = 'name: tools\nmcpServers:\n  - name: a\n    command: npx\n    command: evil\n';
    expect(parseErrorOf(() => continueMcp.parse(text, CONTINUE))).toMatchObject({ line: lineOf(text, 'command: evil'), message: expect.stringContaining('invalid YAML') });
  });

  // Found writing the property tests' reference for Continue: it reads with YAML.parse, whose toJS
  // refuses aliases that expand past its resource limit; the gate read such a file.
  it('Continue refuses aliases that expand past the yaml package\'s limit (YAML.parse), so the gate does too', () => {
    const text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nmcpServers:\n  - name: fetch\n    command: uvx\n    args: [mcp-server-fetch]\n';
    expect(parseErrorOf(() => continueMcp.parse(text, CONTINUE))).toMatchObject({ line: lineOf(text, '*a'), message: expect.stringContaining('Excessive alias count') });
    // A few aliases are what people write, and read.
    const fine = 'x-args: &args [mcp-server-fetch]\nmcpServers:\n  - name: fetch\n    command: uvx\n    args: *args\n';
    expect(asParsed(continueMcp.parse(fine, CONTINUE)).servers!.map((s) => [s.name, s.args])).toEqual([['fetch', ['mcp-server-fetch']]]);
  });

  it('a collection as a key in a Continue config is read without a warning on stderr', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const text = 'mcpServers:\n  - name: fetch\n    command: uvx\n    env:\n      ? [a, b]\n      : x\n';
      continueMcp.parse(text, CONTINUE);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  // Found by the property tests (a mutated compose.yaml moved `services:` under the anchored map, so
  // `<<: *mcp-defaults` merged a map into itself): Compose's yaml.v3 refuses it, the gate read it.
  it('Compose (yaml.v3) refuses an alias inside the node its anchor names, so the gate does too', () => {
    const merge = 'x-defaults: &d\n  restart: always\n  services:\n    a:\n      <<: *d\n      image: nginx\n';
    expect(parseErrorOf(() => compose.parse(merge, 'compose.yaml'))).toMatchObject({ line: lineOf(merge, '<<: *d'), message: expect.stringContaining('inside the node its anchor &d names') });
    const plain = 'services: &s\n  a:\n    image: nginx\n    links: *s\n';
    expect(parseErrorOf(() => compose.parse(plain, 'compose.yaml'))).toMatchObject({ line: lineOf(plain, '*s') });
    // An alias after its anchored node is the ordinary case, still read.
    const after = 'x-img: &img nginx:1\nservices:\n  a:\n    image: *img\n';
    expect(asParsed(compose.parse(after, 'compose.yaml')).deps.map((d) => d.name)).toEqual(['nginx']);
  });

  // Found by the property tests comparing the gate with js-yaml (pnpm's reader): js-yaml refuses a
  // scalar with a character outside YAML's printable set (VT, FF, C0 and C1 controls, lone
  // surrogates), the yaml package reads it.
  it('pnpm (js-yaml) refuses a non-printable character in a value or key, and a control character in a quoted one', () => {
    const base = "lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n";
    expect(parseErrorOf(() => pnpmLock.parse(`${base}packages:\n  a@1.0.0\u000b:\n    resolution: {integrity: sha512-x}\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 6, message: expect.stringContaining('non-printable characters (U+000B)') });
    expect(parseErrorOf(() => pnpmLock.parse(`${base}x: "\u0001"\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 5, message: expect.stringContaining('control character (U+0001)') });
    expect(parseErrorOf(() => pnpmLock.parse(`${base}x: a\ud800b\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 5 });
    // In a comment js-yaml does not look: neither does the gate.
    expect(() => pnpmLock.parse(`${base}# \u0001\n`, 'pnpm-lock.yaml')).not.toThrow();
  });

  // Found by the property tests comparing the gate with js-yaml: after a byte order mark the yaml
  // package took no indentation from the following spaces, so it read a top-level key indented by
  // one space and the next one at column 0 as one map (js-yaml refuses it), and refused two keys both
  // indented by one space (js-yaml reads them).
  it('a byte order mark is dropped before reading, as js-yaml and yaml.v3 drop it; lines unchanged', () => {
    const base = "lockfileVersion: '9.0'\nimporters:\n  .: {}\n";
    const uneven = `\uFEFF ${base}`;
    expect(parseErrorOf(() => pnpmLock.parse(uneven, 'pnpm-lock.yaml')).line).toBe(2);
    // Keys indented alike after the BOM are one map, read on their lines.
    const even = '\uFEFF services:\n   a:\n     image: nginx\n version: "3"\n';
    expect(asParsed(compose.parse(even, 'compose.yaml')).deps.map((d) => [d.name, d.line])).toEqual([['nginx', 3]]);
  });

  it('pnpm (js-yaml) refuses an unknown tag; a lockfile with an alias or merge key is refused as hand-edited', () => {
    const base = "lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n";
    expect(parseErrorOf(() => pnpmLock.parse(`${base}x: !evil 1\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 5, message: expect.stringContaining('!evil') });
    expect(parseErrorOf(() => pnpmLock.parse(`${base}packages: *nowhere\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 5 });
    expect(parseErrorOf(() => pnpmLock.parse(`${base}a: &a {x: 1}\nb: *a\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 5 });
    expect(parseErrorOf(() => pnpmLock.parse(`${base}snapshots:\n  <<: {x: 1}\n`, 'pnpm-lock.yaml'))).toMatchObject({ line: 6, message: expect.stringContaining('merge key') });
  });

  it('.yarnrc.yml and pnpm-lock.yaml end lines at a lone CR (js-yaml); Continue does not (the yaml package)', () => {
    const text = '# managed by ops\rnpmRegistryServer: "http://evil.example/"\r';
    expect(asParsed(yarnrcYml.parse(text, '.yarnrc.yml')).settings!.map((s) => [s.setting, s.line])).toEqual([['npmRegistryServer', 2]]);
    const pnpm = "lockfileVersion: '9.0'\r\rimporters:\r  .: {}\rx: !evil 1\r";
    expect(parseErrorOf(() => pnpmLock.parse(pnpm, 'pnpm-lock.yaml')).line).toBe(5);
    expect(asParsed(continueMcp.parse('# c\rmcpServers:\r  - name: a\r', CONTINUE)).servers).toEqual([]);
  });
});

describe('duplicate keys found in one pass', () => {
  it('still refuses a duplicate among 20,000 keys (the composer rescanned the map per key: 11 s), on the duplicate', () => {
    const pkgs = Array.from({ length: 20_000 }, (_, k) => `  p${k}@1.0.0:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n`).join('');
    const base = `lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n\npackages:\n${pkgs}`;
    expect(pnpmLock.parse(base, 'pnpm-lock.yaml')).toHaveLength(20_000);
    const dup = `${base}  p7@1.0.0:\n    resolution: {integrity: sha512-${'B'.repeat(86)}==}\n`;
    expect(parseErrorOf(() => pnpmLock.parse(dup, 'pnpm-lock.yaml'))).toMatchObject({ line: dup.split('\n').length - 2, message: expect.stringContaining('Map keys must be unique') });
  });

  it('follows the yaml package: 1 and 1.0 are one key, "1" is another, repeated merge keys are allowed', () => {
    expect(parseErrorOf(() => continueMcp.parse('name: t\nx:\n  1: a\n  1.0: b\n', CONTINUE)).line).toBe(4);
    expect(asParsed(continueMcp.parse('name: t\nx:\n  1: a\n  "1": b\n', CONTINUE)).servers).toEqual([]);
    const merges = `x-a: &a {image: a}\nx-b: &b {command: b}\nservices:\n  s:\n    <<: *a\n    <<: *b\n`;
    expect(asParsed(compose.parse(merges, 'compose.yaml')).deps.map((d) => d.name)).toEqual(['a']);
  });
});
