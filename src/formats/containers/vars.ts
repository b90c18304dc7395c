// Variables in the image references of Dockerfiles (`ARG`) and compose files (`.env`, defaults): an image
// is read (ecosystems/oci.ts) only once its variables are known.

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` from `vars`; `$$`
 * is a literal `$` when `dollarEscape`. Returns undefined when a variable has no known value.
 */
export function substituteVars(text: string, vars: ReadonlyMap<string, string>, dollarEscape = false): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\{[^}]*\}?/g, (all, braced?: string, op?: string, word?: string, bare?: string) => {
    if (all === '$$') return dollarEscape ? '$' : all;
    const name = braced ?? bare;
    if (name === undefined) {
      unresolved = true;
      return all;
    }
    const value = vars.get(name);
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (op) {
      case ':-':
        return nonEmpty ? value : (word ?? '');
      case '-':
        return set ? value : (word ?? '');
      case ':+':
        return nonEmpty ? (word ?? '') : '';
      case '+':
        return set ? (word ?? '') : '';
      default:
        if (!set) unresolved = true;
        return value ?? all;
    }
  });
  return unresolved ? undefined : out;
}
