// The inputs the agreement properties draw for a format: its seeds mutated as text, its seeds edited
// as data and written back (structured variants), and those mutated as text.
import fc from 'fast-check';
import type { Format } from '../../src/formats/format.js';
import type { Seed } from './corpus.js';
import { structuredVariants, vocabulary } from './generators.js';
import { mutatedText, type Grammar } from './mutate.js';

export interface Input {
  path: string;
  text: string;
}

/** Seeds of `format` whose text is of `grammar` (Continue reads .json and .yaml files). */
export function seedsOfGrammar(seeds: readonly Seed[], grammar: Grammar): Seed[] {
  const ext = grammar === 'json' ? /\.json$/i : grammar === 'yaml' ? /\.ya?ml$/i : grammar === 'toml' ? /\.toml$|\.lock$|Pipfile$/i : /./;
  const fit = seeds.filter((s) => ext.test(s.path));
  return fit.length > 0 ? fit : [...seeds];
}

/** Mutated seeds, structured variants and mutated structured variants, each with the path of a seed of the grammar. */
export function inputsFor(format: Format, allSeeds: readonly Seed[], grammar: Grammar): fc.Arbitrary<Input> {
  const seeds = seedsOfGrammar(allSeeds, grammar);
  const path = seeds[0].path;
  const mutated = mutatedText(
    seeds.map((s) => s.text),
    grammar,
  ).map(({ seed, text }) => ({ path: seeds[seed].path, text }));
  const structured = structuredVariants(
    grammar,
    seeds.map((s) => s.text),
    vocabulary(format, allSeeds),
  );
  if (structured === undefined) return mutated;
  return fc.oneof(
    { weight: 2, arbitrary: mutated },
    { weight: 2, arbitrary: structured.map((text) => ({ path, text })) },
    { weight: 1, arbitrary: structured.chain((text) => mutatedText([text], grammar)).map(({ text }) => ({ path, text })) },
  );
}
