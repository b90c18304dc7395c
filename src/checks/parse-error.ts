// Rule `parse-error`: the gate does not pass what it could not read. A changed file that could not be
// read (too large, binary) or is not a valid file of its format is one finding at the line where reading
// failed; an entry no package manager could install (an empty name, a name npm refuses) is taken out of
// its file's entries and becomes one at its line, so nothing is built or fetched from it.
import type { Dependency, ParsedFile, FileIssue } from '../types.js';
import { npmNameProblem } from '../ecosystems/npm-registry.js';
import { type Check, issueDraft } from './check.js';

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
 * result goes through this on its way into the pipeline (pipeline/changeset.ts), so no format can let one in.
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

/**
 * npm entries with a name npm itself refuses leave the file's entries before anything is built from
 * them (a registry URL, a tarball path, a typosquat comparison) and become parse errors on their
 * line. Lockfiles and bundles carry names no spec parser has seen; manifests and launch commands go
 * through npm-package-arg, which already reads such a spec as invalid.
 */
function withoutInvalidNpmNames(parsed: Required<ParsedFile>): Required<ParsedFile> {
  const issues: FileIssue[] = [];
  const deps = parsed.deps.filter((d) => {
    if (d.ecosystem !== 'npm' || (d.kind !== 'lockfile' && d.kind !== 'bundle')) return true;
    const problem = npmNameProblem(d.name);
    if (problem === undefined) return true;
    issues.push({
      rule: 'parse-error',
      line: d.line,
      key: `npm-name/${d.key}`,
      ecosystem: 'npm',
      message: `The entry for ${JSON.stringify(d.name)} does not name an npm package (${problem}). npm would refuse it; the gate judged nothing in it and asked no registry about it. Correct the name or remove the entry.`,
    });
    return false;
  });
  return issues.length === 0 ? parsed : { ...parsed, deps, issues: [...parsed.issues, ...issues] };
}

/** Every format's result on its way into the pipeline: the entries nothing can install become parse errors. */
export function withoutUninstallableEntries(parsed: ParsedFile): Required<ParsedFile> {
  const result = withoutNamelessDeps(parsed);
  return withoutInvalidNpmNames({ deps: result.deps ?? [], servers: result.servers ?? [], settings: result.settings ?? [], issues: result.issues ?? [], notes: result.notes ?? [] });
}

export const parseError: Check = {
  rule: 'parse-error',
  file(change) {
    if (change.unreadable?.side === 'head') {
      return [{ rule: 'parse-error', file: change.path, line: 1, message: `${change.path} was not read: ${change.unreadable.reason}. Nothing in it was judged.` }];
    }
    const bad = change.invalid;
    if (bad === undefined) return [];
    return [{ rule: 'parse-error', file: change.path, line: bad.line, message: `${change.path} is not a valid ${bad.format} file: ${bad.message}. Nothing in it was judged.` }];
  },
  issue: (issue, file) => [issueDraft(issue, file)],
};
