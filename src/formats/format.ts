import type { Dependency, FileIssue, ParsedFile } from '../types.js';

/** Other files of the same commit a format asked to see (`go.sum` beside `go.mod`): path -> text, undefined when absent. */
export type Companions = Readonly<Record<string, string | undefined>>;

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
  parse(text: string, path: string, companions?: Companions): Dependency[] | ParsedFile;
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

/** A parse result in its full shape. */
export function asParsed(result: Dependency[] | ParsedFile): ParsedFile {
  return Array.isArray(result) ? { deps: result } : result;
}

const WHERE: Record<Dependency['kind'], string> = {
  manifest: 'a dependency',
  lockfile: 'a locked package',
  config: 'a package an MCP server launches',
  bundle: 'a package inside the bundle',
};

/**
 * The result with every dependency whose name, or the name it is installed under, is empty or blank
 * taken out and reported as a `parse-error` at its line (`{"dependencies": {"": "^7.0.0"}}`, a
 * lockfile entry `node_modules/`, `npx -y ""`). No package manager or client installs a package
 * without a name, and judged as a package named "" it would match no policy entry. Every format's
 * result goes through this on its way into the pipeline (read-files.ts), so no format can let one in.
 */
export function withoutNamelessDeps(parsed: ParsedFile): ParsedFile {
  const nameless = (parsed.deps ?? []).filter((d) => d.name.trim() === '' || (d.alias !== undefined && d.alias.trim() === ''));
  if (nameless.length === 0) return parsed;
  const issues: FileIssue[] = nameless.map((d) => {
    const empty = d.name.trim() === '' ? 'name' : 'installed name';
    const spec = d.spec ?? d.version;
    return {
      rule: 'parse-error',
      line: d.line,
      key: `nameless/${d.key}`,
      ecosystem: d.ecosystem,
      message: `${WHERE[d.kind]} (${d.ecosystem}, entry "${d.key}"${spec === undefined || spec === '' ? '' : `, version ${JSON.stringify(spec)}`}) has an empty ${empty}: nothing can install it and the gate cannot judge it. Write the package's name, or remove the entry.`,
    };
  });
  return { ...parsed, deps: parsed.deps.filter((d) => !nameless.includes(d)), issues: [...(parsed.issues ?? []), ...issues] };
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

// Reported lines are GitHub's lines (LF, CRLF and a lone CR end a line): see lines.ts.
export { lineIndex, lineCount } from './readers/lines.js';

/** Whether a repository path lies inside an installed node_modules tree (not the project's own files). */
export function underNodeModules(path: string): boolean {
  return path.split('/').slice(0, -1).includes('node_modules');
}
