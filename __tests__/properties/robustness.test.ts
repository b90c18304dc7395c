// For every format in FORMATS: mutated seed files and generated documents of its grammar never crash
// the reader, never change a prototype, never report a line outside the file, and never let a nameless
// dependency through (invariants.ts). A format without an entry in PROPERTY_FORMATS or without seeds
// fails here.
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import type { Format } from '../../src/formats/format.js';
import { FORMATS } from '../../src/formats/index.js';
import { own } from '../../src/common/own.js';
import { corpus, type Seed } from './corpus.js';
import { PROPERTY_FORMATS } from './formats.js';
import { document, structuredVariants, vocabulary } from './generators.js';
import { seedsOfGrammar } from './inputs.js';
import { checkedParse } from './invariants.js';
import { mutatedBytes, mutatedText, PROTO_KEYS, type Grammar } from './mutate.js';
import { params, SEED_LABEL } from './settings.js';

const SEEDS = corpus();

/** Runs per property and format: ~45 formats x 3 properties stay within the suite's time budget. */
const RUNS = { mutated: 120, generated: 60, generatedMutated: 40 };

describe(`every format in FORMATS has property tests ${SEED_LABEL}`, () => {
  it('each format has an entry in PROPERTY_FORMATS, and each entry is a format', () => {
    expect(Object.keys(PROPERTY_FORMATS).sort()).toEqual(FORMATS.map((f) => f.id).sort());
  });

  it.each(FORMATS.map((f) => [f.id, f] as const))('%s has seeds it reads without an error', (_id, format) => {
    const seeds = SEEDS.get(format.id) ?? [];
    expect(seeds.length).toBeGreaterThan(0);
    for (const seed of seeds) {
      expect(format.matches(seed.path)).toBe(true);
      // bun.lockb is refused whatever it holds; every other seed is a valid file of its format.
      if (format.id === 'bun-lockb') continue;
      const outcome = checkedParse(format, seed);
      if (outcome.kind === 'error') throw new Error(`seed ${seed.path} does not parse: ${outcome.error.message}`);
    }
  });
});

/** The seed whose path the generated documents of `grammar` use (Continue reads .json and .yaml: pick by extension). */
function pathFor(seeds: Seed[], grammar: Grammar | 'zip' | 'none'): Seed {
  if (grammar === 'yaml') return seeds.find((s) => /\.ya?ml$/i.test(s.path)) ?? seeds[0];
  if (grammar === 'json') return seeds.find((s) => /\.json$/i.test(s.path)) ?? seeds[0];
  return seeds[0];
}

const textFormats = FORMATS.filter((f) => !f.parseBytes);
const byteFormats = FORMATS.filter((f) => f.parseBytes);

describe(`text formats: mutated and generated files ${SEED_LABEL}`, () => {
  describe.each(textFormats.filter((f) => own(PROPERTY_FORMATS, f.id) !== undefined).map((f) => [f.id, f] as const))('%s', (id, format: Format) => {
    const props = PROPERTY_FORMATS[id];
    const seeds = SEEDS.get(id) ?? [];
    const grammar = props.grammar as Grammar;

    it('mutated seeds: a result or a ParseError, prototypes intact, lines in the file, no nameless dependency', () => {
      // A format that reads companion files (go.mod reads go.sum) sometimes gets a mutated companion too.
      const companionTexts = seeds.flatMap((s) => Object.values(s.companions ?? {}).filter((t): t is string => t !== undefined));
      const companionsMutated = companionTexts.length === 0 ? fc.constant(undefined) : fc.option(mutatedText(companionTexts, 'lines'), { nil: undefined });
      fc.assert(
        fc.property(mutatedText(seeds.map((s) => s.text), grammar), companionsMutated, ({ seed, text }, companion) => {
          const base = seeds[seed];
          const companions = base.companions && companion !== undefined ? Object.fromEntries(Object.keys(base.companions).map((k) => [k, companion.text])) : base.companions;
          checkedParse(format, { path: base.path, text, companions });
        }),
        params(RUNS.mutated),
      );
    });

    const v = vocabulary(format, seeds);
    const at = pathFor(seeds, grammar);
    // Documents of the grammar from the format's words, and (where the grammar has a reader) the
    // seeds edited as data: renamed and cloned entries, retyped values, repeated keys.
    const structured = structuredVariants(grammar, seedsOfGrammar(seeds, grammar).map((s) => s.text), v);
    const generated = structured === undefined ? document(grammar, v) : fc.oneof(document(grammar, v), structured);
    it(`generated ${grammar} documents from the format's vocabulary and its seeds edited as data`, () => {
      fc.assert(
        fc.property(generated, (text) => {
          checkedParse(format, { path: at.path, text, companions: at.companions });
        }),
        params(RUNS.generated),
      );
    });

    it(`generated ${grammar} documents, mutated`, () => {
      const mutated = generated.chain((text) => mutatedText([text], grammar));
      fc.assert(
        fc.property(mutated, ({ text }) => {
          checkedParse(format, { path: at.path, text, companions: at.companions });
        }),
        params(RUNS.generatedMutated),
      );
    });
  });
});

/** Entry names a hostile bundle uses: traversal, absolute and drive paths, case and prototype lookalikes. */
const HOSTILE_NAMES = [
  '../evil.js',
  '/etc/passwd',
  'C:\\evil.js',
  'a/../../b',
  'Manifest.json',
  'MANIFEST.JSON',
  './manifest.json',
  'manifest.json/',
  'server\\index.js',
  'a\0b',
  'nul',
  'con.txt',
  'server/node_modules/__proto__/package.json',
  'server/node_modules/constructor/package.json',
  ...PROTO_KEYS.map((k) => `node_modules/${k}/package.json`),
  'server/node_modules/@scope/package.json',
  'server/node_modules/zo\u0301d/package.json',
  'server/node_modules/ZOD/package.json',
];

/** Bundles rebuilt from a seed with the manifest (or a package.json) mutated and entries renamed. */
function restructuredBundles(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const unpacked = seeds.map((b) => {
    try {
      return unzipSync(b);
    } catch {
      return undefined;
    }
  }).filter((x): x is Unzipped => x !== undefined && Object.keys(x).length > 0);
  return fc
    .record({
      bundle: fc.nat({ max: unpacked.length - 1 }),
      target: fc.nat(),
      renames: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE_NAMES)), { maxLength: 2 }),
      manifest: fc.nat(),
    })
    .chain(({ bundle, target, renames }) => {
      const files = unpacked[bundle];
      const names = Object.keys(files);
      const jsonNames = names.filter((n) => n.endsWith('.json'));
      const edited = jsonNames[target % jsonNames.length];
      const text = new TextDecoder().decode(files[edited]);
      return mutatedText([text], 'json').map(({ text: mutated }) => {
        const out: Zippable = {};
        names.forEach((n, k) => {
          const renamed = renames.find(([r]) => r % names.length === k);
          out[renamed ? renamed[1] : n] = n === edited ? strToU8(mutated) : files[n];
        });
        return zipSync(out, { mtime: new Date('2025-06-01T00:00:00Z') });
      });
    });
}

describe(`binary formats: mutated bytes and rebuilt bundles ${SEED_LABEL}`, () => {
  describe.each(byteFormats.filter((f) => own(PROPERTY_FORMATS, f.id) !== undefined).map((f) => [f.id, f] as const))('%s', (id, format: Format) => {
    const seeds = SEEDS.get(id) ?? [];
    const bytes = seeds.map((s) => s.bytes!);

    it('mutated bytes: a result or a ParseError, prototypes intact, lines in the file, no nameless dependency', () => {
      fc.assert(
        fc.property(mutatedBytes(bytes), ({ seed, bytes: b }) => {
          checkedParse(format, { path: seeds[seed].path, text: '', bytes: b });
        }),
        params(RUNS.mutated),
      );
    });

    if (PROPERTY_FORMATS[id].grammar === 'zip') {
      it('bundles rebuilt with a mutated manifest or package.json and hostile entry names', () => {
        fc.assert(
          fc.property(restructuredBundles(bytes), (b) => {
            checkedParse(format, { path: seeds[0].path, text: '', bytes: b });
          }),
          params(RUNS.generated),
        );
      });
    }
  });
});
