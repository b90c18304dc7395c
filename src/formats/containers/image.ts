// Container image references (`mcp/github:latest`, `ghcr.io/github/github-mcp-server@sha256:...`) as
// the fields of an 'oci' Dependency. Shared by Dockerfile, compose files and workflow `docker://` steps.
import type { Dependency } from '../../types.js';

/** The fields of an 'oci' Dependency a reference gives. */
export type ImageFields = Pick<Dependency, 'ecosystem' | 'name' | 'version' | 'spec' | 'specType' | 'integrity' | 'registry'>;

// Per the distribution reference grammar: lowercase path components, a tag of word characters,
// a digest `algorithm:hex`.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}$/;

/** Whether the first path component is a registry host (has `.` or `:`, or is localhost). */
function isHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/**
 * Reads an image reference as written. A reference the registry grammar rejects (uppercase path,
 * empty parts, a bad digest) comes back with specType 'invalid' and the raw text, never a throw.
 */
export function imageFields(ref: string): ImageFields {
  const raw = ref.trim();
  const invalid: ImageFields = { ecosystem: 'oci', name: raw, spec: raw, specType: 'invalid' };
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return invalid;
  }
  const parts = rest.split('/');
  const host = parts.length > 1 && isHost(parts[0]) ? parts[0] : undefined;
  const path = host === undefined ? parts : parts.slice(1);
  if (path.length === 0 || !path.every((p) => PATH_COMPONENT.test(p))) return invalid;
  if (host !== undefined && !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host) && !/^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host)) return invalid;
  const out: ImageFields = {
    ecosystem: 'oci',
    name: rest,
    spec: digest === undefined ? (tag ?? 'latest') : tag === undefined ? digest : `${tag}@${digest}`,
    specType: digest === undefined ? 'tag' : 'version',
    registry: host ?? 'docker.io',
  };
  if (tag !== undefined) out.version = tag;
  if (digest !== undefined) out.integrity = digest;
  return out;
}

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

/**
 * A reference with a variable nothing gives a value for (`grafana/mcp-grafana:${TAG}`): which image
 * is unknown, so specType 'invalid' and spec as written; name and registry are kept when the variable
 * is only in the tag or digest.
 */
export function unresolvedImage(raw: string): ImageFields {
  const ref = raw.trim();
  const at = ref.indexOf('@');
  let repo = at === -1 ? ref : ref.slice(0, at);
  const colon = repo.lastIndexOf(':');
  if (colon > repo.lastIndexOf('/')) repo = repo.slice(0, colon);
  if (!repo.includes('$')) {
    const known = imageFields(repo);
    if (known.specType !== 'invalid') return { ecosystem: 'oci', name: known.name, registry: known.registry, spec: ref, specType: 'invalid' };
  }
  return { ecosystem: 'oci', name: ref, spec: ref, specType: 'invalid' };
}
