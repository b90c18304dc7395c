// Which repository paths a format reads. A file of the project is read; a copy inside an installed or
// vendored tree (node_modules/, a Python environment, Go's and Cargo's vendor/) is what an install put
// there, not what the project asks for, and is passed over.
import { fileName, slashed } from '../common/paths.js';

/** Whether a directory of `path` (not its file name) is one of `dirs`. */
function under(dirs: readonly string[]): (path: string) => boolean {
  return (path) =>
    slashed(path)
      .split('/')
      .slice(0, -1)
      .some((p) => dirs.includes(p));
}

/** Inside an installed node_modules tree. */
export const underNodeModules = under(['node_modules']);
/** Inside an installed Python environment or node_modules. */
export const underInstalledTree = under(['node_modules', '.venv', 'venv', 'site-packages']);
/** Inside vendored or installed code (Go's and Cargo's vendor/, node_modules/). */
export const underVendor = under(['node_modules', 'vendor']);

/** Which file names a format reads: one name, several, or a test of the name. */
export type NameTest = string | readonly string[] | RegExp | ((name: string) => boolean);

/**
 * The `matches` of a format known by its file name: the name passes `test`, and the file lies
 * outside the installed trees `outside` tells (node_modules by default).
 */
export function fileNamed(test: NameTest, outside: (path: string) => boolean = underNodeModules): (path: string) => boolean {
  const named =
    typeof test === 'string'
      ? (n: string) => n === test
      : test instanceof RegExp
        ? (n: string) => test.test(n)
        : typeof test === 'function'
          ? test
          : (n: string) => (test as readonly string[]).includes(n);
  return (path) => {
    const p = slashed(path);
    return named(fileName(p)) && !outside(p);
  };
}
