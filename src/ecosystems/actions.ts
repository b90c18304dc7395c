// GitHub Actions' grammar: what a `uses:` value names (an action or reusable workflow at a ref, a docker
// image, a local path), and when a ref pins one commit (a full 40-hex SHA; a tag or branch can move).

const FULL_SHA = /^[0-9a-f]{40}$/;

/** What a `uses:` value names: an action or reusable workflow at a ref, a docker image, or a local path. */
export type UsesTarget =
  | { kind: 'action'; name: string; ref: string }
  | { kind: 'docker'; image: string }
  | { kind: 'local'; path: string }
  | { kind: 'invalid'; reason: string };

export function readUses(value: string): UsesTarget {
  const v = value.trim();
  if (v.startsWith('./') || v.startsWith('.\\')) return { kind: 'local', path: v };
  if (v.startsWith('docker://')) {
    const image = v.slice('docker://'.length);
    return image === '' ? { kind: 'invalid', reason: 'docker:// needs an image' } : { kind: 'docker', image };
  }
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return { kind: 'invalid', reason: 'expected owner/repo@ref, ./path or docker://image' };
  const name = v.slice(0, at);
  const parts = name.split('/');
  if (parts.length < 2 || parts.some((p) => p === '')) return { kind: 'invalid', reason: 'expected owner/repo@ref, ./path or docker://image' };
  return { kind: 'action', name, ref: v.slice(at + 1) };
}

/** 'version' for a ref that names one commit (a full SHA), 'tag' for one that can move (a tag or branch). */
export function refSpecType(ref: string): 'version' | 'tag' {
  return FULL_SHA.test(ref) ? 'version' : 'tag';
}
