// Go's module version grammar: what go.mod and go.sum record, and what `go run path@version` asks for.

/** A canonical module version: v1.2.3, pre-releases, pseudo-versions, +incompatible. */
export const GO_VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+incompatible)?$/;

/** Whether a version query names one immutable version: a canonical version or a full commit hash (not `latest`, a branch or a prefix). */
export function isExactGoQuery(version: string): boolean {
  return GO_VERSION.test(version) || /^[0-9a-f]{40}$/.test(version);
}
