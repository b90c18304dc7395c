import type { Dependency, ParsedFile } from '../types.js';

/** Other files of the same commit a format asked to see (`go.sum` beside `go.mod`): path -> text, undefined when absent. */
export type Companions = Readonly<Record<string, string | undefined>>;

// The contract every file format keeps, and the error it throws. A format reports what a file says
// (dependencies, MCP servers, registry settings) and what it shows by itself (FileIssues), each at
// its line; the rules judge it. Formats are registered in their ecosystem folder's list (npm/index.ts,
// ...), which formats/index.ts joins into FORMATS.

/** One file format: recognises its paths and turns a file into dependency entries (and servers, settings, issues) with lines. */
export interface Format {
  /** Short stable id, shown in reports ('package-json', 'package-lock'). */
  id: string;
  /** Whether this format reads the file at this repository-relative path. */
  matches(path: string): boolean;
  /**
   * Parse the text of the file at `path`. Throws ParseError (with a 1-based line) when the text is
   * not a valid file of this format. Never executes anything; never reads other files except the
   * companions it asked for, which the pipeline passes in.
   */
  parse(text: string, path: string, companions?: Companions): ParsedFile;
  /**
   * Optional, for big files: the base side of a changed file read against its head (the head's text and
   * what `parse` gave for it), reusing what did not change, so the cost follows the change. Gives
   * exactly what `parse(text, path)` gives, or undefined to have `parse` called instead.
   */
  parseBase?(text: string, path: string, head: { text: string; result: ParsedFile }): ParsedFile | undefined;
  /** Binary formats (.mcpb archives): read the bytes instead of text. `parse` is then not called. */
  parseBytes?(bytes: Uint8Array, path: string): ParsedFile;
  /** Repository-relative paths of other files this format wants to see at the same commit (`go.sum` for `go.mod`). */
  companions?(path: string): string[];
  /**
   * Files listed in the whole head tree, not only when changed: MCP client configs, bundles and
   * server.json for the server inventory; registry configs for the effective registry configuration.
   */
  inventory?: 'servers' | 'registries';
}

/**
 * A manifest or lockfile reader that finds dependency entries only (package.json, the JavaScript
 * lockfiles, go.mod, go.sum): its own `parse` gives them as a list, and its folder's list registers
 * it through dependencyFormat(), which gives the ParsedFile every Format returns.
 */
export interface DependencyReader extends Omit<Format, 'parse' | 'parseBase'> {
  parse(text: string, path: string, companions?: Companions): Dependency[];
  parseBase?(text: string, path: string, head: { text: string; deps: readonly Dependency[] }): Dependency[] | undefined;
}

/** What a format module exports: a Format, or a DependencyReader. */
export type FormatModule = Format | DependencyReader;

/** The Format of a dependency-only reader: its entries as a ParsedFile. */
export function dependencyFormat(reader: DependencyReader): Format {
  const { parseBase, ...rest } = reader;
  const format: Format = { ...rest, parse: (text, path, companions) => ({ deps: reader.parse(text, path, companions) }) };
  if (parseBase !== undefined) {
    format.parseBase = (text, path, head) => {
      const deps = parseBase(text, path, { text: head.text, deps: head.result.deps });
      return deps === undefined ? undefined : { deps };
    };
  }
  return format;
}

/** What a format module's `parse` gives, in the ParsedFile shape (a DependencyReader's list as `deps`). */
export function asParsed(result: Dependency[] | ParsedFile): ParsedFile {
  return Array.isArray(result) ? { deps: result } : result;
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

// Reported lines are GitHub's lines (LF, CRLF and a lone CR end a line): see readers/lines.ts.
export { lineIndex, lineCount } from './readers/lines.js';

/**
 * `dep` with the fields of `extra` that are set copied in, so absent fields stay absent (base/head
 * diffs compare them). With `emptyListsUnset`, an empty list (no hashes, no extras) is not set either.
 */
export function withOptional(dep: Dependency, extra: Partial<Dependency>, { emptyListsUnset = false } = {}): Dependency {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined && !(emptyListsUnset && Array.isArray(v) && v.length === 0)) (dep as unknown as Record<string, unknown>)[k] = v;
  }
  return dep;
}
