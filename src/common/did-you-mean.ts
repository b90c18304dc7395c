import { closest, distance } from 'fastest-levenshtein';

/** The known word `word` is a near miss of (an edit or two away, fewer for short words), for "did you mean". */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0 || word === '') return undefined;
  const best = closest(word, known as string[]);
  return distance(word, best) <= Math.max(1, Math.min(3, Math.floor(best.length / 3))) ? best : undefined;
}
