// The fixture check index.test.ts does for registered formats, for the Go, Cargo, container and
// workflow formats: every fixture file they claim parses, with lines inside the file and unique keys.
import { cargoLock } from '../../src/formats/cargo/cargo-lock.js';
import { cargoToml } from '../../src/formats/cargo/cargo-toml.js';
import { compose } from '../../src/formats/containers/compose.js';
import { dockerfile } from '../../src/formats/containers/dockerfile.js';
import { asParsed, type FormatModule as Format } from '../../src/formats/format.js';
import { goEnv } from '../../src/formats/registry-config/go-env.js';
import { goMod, goSum } from '../../src/formats/go/go-mod.js';
import { workflow } from '../../src/formats/actions/workflow.js';
import { ParseError } from '../../src/formats/format.js';
import { fixture, fixtureFiles } from './helpers.js';

const FORMATS: Format[] = [goMod, goSum, goEnv, cargoToml, cargoLock, dockerfile, compose, workflow];

describe('Go, Cargo, container and workflow fixtures', () => {
  const files = fixtureFiles();

  it('are each claimed by at most one of these formats', () => {
    const doubly = files.filter((f) => FORMATS.filter((x) => x.matches(f)).length > 1);
    expect(doubly).toEqual([]);
  });

  it('parse, with lines inside the file and unique keys', () => {
    const claimed = files.filter((f) => FORMATS.some((x) => x.matches(f)));
    expect(claimed.sort()).toEqual(
      [
        '.github/workflows/ci.yml',
        'cargo/mcp-notes/Cargo.lock',
        'cargo/mcp-notes/Cargo.toml',
        'containers/gateway/Dockerfile',
        'containers/gateway/compose.yaml',
        'go/app/go.env',
        'go/app/go.mod',
        'go/app/go.sum',
      ].sort(),
    );
    for (const file of claimed) {
      const format = FORMATS.find((x) => x.matches(file))!;
      const text = fixture(file);
      const companions = Object.fromEntries((format.companions?.(file) ?? []).map((c) => [c, files.includes(c) ? fixture(c) : undefined]));
      const parsed = asParsed(format.parse(text, file, companions));
      const lines = text.split('\n').length;
      for (const list of [parsed.deps, parsed.settings ?? [], parsed.issues ?? []]) {
        for (const d of list) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
        }
        expect(new Set(list.map((d) => d.key)).size).toBe(list.length);
      }
      for (const d of parsed.deps) expect(d.file).toBe(file);
      expect(parsed.deps.length + (parsed.settings?.length ?? 0)).toBeGreaterThan(0);
    }
  });
});

describe('damaged fixtures', () => {
  // A small deterministic generator, so a failure reproduces.
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const NOISE = ['\u0000', '\uFFFD', '"', "'", '`', '[', ']', '{', '}', '(', ')', '=', '=>', '\\', '\n', '\r\n', '#', '//', '<<EOF', '${', ':', '@', '-', '\u00a0', '\t', '"""', "'''", '*a', '&a', '<<'];
  const samples: [Format, string][] = [
    [goMod, 'go/app/go.mod'],
    [goSum, 'go/app/go.sum'],
    [goEnv, 'go/app/go.env'],
    [cargoToml, 'cargo/mcp-notes/Cargo.toml'],
    [cargoLock, 'cargo/mcp-notes/Cargo.lock'],
    [dockerfile, 'containers/gateway/Dockerfile'],
    [compose, 'containers/gateway/compose.yaml'],
    [workflow, '.github/workflows/ci.yml'],
  ];

  it.each(samples.map(([f, file]) => [f.id, f, file] as const))('%s: truncated or noisy text gives entries or a ParseError inside the file, nothing else', (_id, format, file) => {
    const text = fixture(file);
    for (let round = 0; round < 300; round++) {
      let t = text;
      if (round % 3 === 0) t = t.slice(0, rand(t.length + 1));
      else {
        for (let k = 0; k < 1 + rand(4); k++) {
          const at = rand(t.length + 1);
          t = t.slice(0, at) + NOISE[rand(NOISE.length)] + t.slice(at + (round % 2 === 0 ? rand(5) : 0));
        }
      }
      let result: unknown;
      try {
        result = format.parse(t, file, {});
      } catch (err) {
        if (!(err instanceof ParseError)) throw new Error(`round ${round}: ${String(err)} for ${JSON.stringify(t.slice(0, 200))}`);
        expect(err.line).toBeGreaterThanOrEqual(1);
        expect(err.line).toBeLessThanOrEqual(t.split('\n').length);
        continue;
      }
      const parsed = asParsed(result as Parameters<typeof asParsed>[0]);
      for (const d of parsed.deps) expect(d.line).toBeLessThanOrEqual(t.split('\n').length);
      expect(new Set(parsed.deps.map((d) => d.key)).size).toBe(parsed.deps.length);
    }
  });
});
