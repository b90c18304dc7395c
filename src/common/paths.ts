// Repository paths: normally with `/`, though a `\` is read as a separator too (a path typed on
// Windows); their file names and directories, and where a relative reference in a file points.

/** The directory of a repository path, with a trailing slash ('' for the root). */
export function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at === -1 ? '' : path.slice(0, at + 1);
}

/**
 * The repository path a local reference from `file` points at, or undefined when it is not a relative
 * path inside the repository (absolute, a URL, `~`, or `..` past the root).
 */
export function repositoryPath(file: string, reference: string): string | undefined {
  let ref = slashed(reference.trim());
  let base = dirOf(file);
  // Yarn Berry: `portal:./x::locator=app%40workspace%3Apackages%2Fa` is relative to the locator's workspace.
  const locator = /::locator=(.*)$/.exec(ref);
  if (locator !== null) {
    ref = ref.slice(0, locator.index);
    let decoded = locator[1];
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return undefined;
    }
    const ws = /@workspace:(.*)$/.exec(decoded);
    if (ws === null) return undefined;
    const wsPath = repositoryPath(file, ws[1] === '' ? '.' : ws[1]);
    if (wsPath === undefined) return undefined;
    base = wsPath === '.' ? '' : `${wsPath}/`;
  }
  ref = ref.replace(/^(file|link|portal):(\/\/)?/, '');
  if (ref === '' || ref.startsWith('/') || ref.startsWith('~') || /^[A-Za-z]:/.test(ref) || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined;
  const parts: string[] = [];
  for (const seg of `${base}${ref}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/** The last segment of `path` (its file name), backslashes treated as `/`. */
export function fileName(path: string): string {
  const p = slashed(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The repository path with forward slashes. */
export function slashed(path: string): string {
  return path.replace(/\\/g, '/');
}
