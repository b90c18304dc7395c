// Cargo's grammar: version requirements (a bare `1.2.3` is a caret range; only `=1.2.3` pins one
// version), read as Cargo.toml states them and as node-semver ranges for comparing with Cargo.lock.
import semver from 'semver';

/** A Cargo version requirement as a node-semver range: a bare `1.2.3` is Cargo's default caret, `^1.2.3`. */
export function cargoRange(req: string): string | undefined {
  const parts = req
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return '*';
  const range = parts.map((p) => (/^[=<>~^*]/.test(p) ? p.replace(/^=\s*/, '') : `^${p}`)).join(' ');
  return semver.validRange(range) === null ? undefined : range;
}

const COMPARATOR = /^(=|>=|<=|>|<|~|\^)?\s*(\d+)(?:\.(\d+|\*|x|X))?(?:\.(\d+|\*|x|X))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * A Cargo version requirement: `1.2.3` means `^1.2.3` (a range); only a single `=1.2.3` is one exact
 * version. Requirements Cargo rejects come back as 'invalid', never a throw.
 */
export function classifyCargoReq(req: string): { specType: string; version?: string } {
  const parts = req.split(',').map((p) => p.trim());
  if (parts.length === 1 && (parts[0] === '*' || parts[0] === '')) return { specType: 'range' };
  const matches = parts.map((p) => COMPARATOR.exec(p) ?? (/^\*$|^\d+\.\*$|^\d+\.\d+\.\*$/.test(p) ? [] : null));
  if (matches.some((m) => m === null)) return { specType: 'invalid' };
  const m = matches[0]!;
  if (parts.length === 1 && m[1] === '=' && m[3] !== undefined && m[4] !== undefined && /^\d+$/.test(m[3]) && /^\d+$/.test(m[4])) {
    return { specType: 'version', version: `${m[2]}.${m[3]}.${m[4]}${m[5] ?? ''}${m[6] ?? ''}` };
  }
  return { specType: 'range' };
}
