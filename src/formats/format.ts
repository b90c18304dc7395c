import type { Dependency } from '../types.js';

/** One file format: recognises its paths and turns a file's text into dependency entries with lines. */
export interface Format {
  /** Short stable id, shown in reports ('package-json', 'package-lock'). */
  id: string;
  /** Whether this format reads the file at this repository-relative path. */
  matches(path: string): boolean;
  /**
   * Parse the text of the file at `path`. Throws ParseError (with a 1-based line) when the text is
   * not a valid file of this format. Never executes anything; never reads other files.
   */
  parse(text: string, path: string): Dependency[];
}

/** A file that could not be read as its format claims, with the line where reading failed. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** A line index for many lookups in one text: O(log n) per offset. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
