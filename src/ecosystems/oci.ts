// Container image references (`mcp/github:latest`, `ghcr.io/github/github-mcp-server:v1@sha256:...`),
// read once for every place an image is named: a Dockerfile FROM, a compose `image:`, a workflow
// `docker://` step or job container, a `docker run` / `podman run` in an MCP client config, a
// server.json oci package. Per the distribution reference grammar: an optional registry host,
// lowercase path components, a tag of word characters, a digest `algorithm:hex`.
import type { Dependency } from '../types.js';

/** The fields of an 'oci' Dependency a reference gives. */
export type ImageFields = Pick<Dependency, 'ecosystem' | 'name' | 'version' | 'spec' | 'specType' | 'integrity' | 'registry'>;

/** A valid reference, as written: `name` keeps the registry host when there is one. */
export interface ImageRef {
  /** The registry host (`ghcr.io`, `localhost:5000`) when the reference names one. */
  registry?: string;
  name: string;
  tag?: string;
  digest?: string;
}

/** The registry an image without a host comes from. */
export const DEFAULT_IMAGE_REGISTRY = 'docker.io';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([A-Za-z0-9=_-]{32,})$/;
/** The registered algorithms have one exact form (lowercase hex of their length): registries reject any other. */
const DIGEST_HEX: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha384: /^[a-f0-9]{96}$/, sha512: /^[a-f0-9]{128}$/ };

function validDigest(digest: string): boolean {
  const m = DIGEST.exec(digest);
  if (m === null) return false;
  const exact = Object.hasOwn(DIGEST_HEX, m[1]) ? DIGEST_HEX[m[1]] : undefined;
  return exact === undefined || exact.test(m[2]);
}

/** Whether the first path component is a registry host (has `.` or `:`, or is localhost). */
function isHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Reads an image reference as written; undefined when the registry grammar rejects it. Never throws. */
export function parseImageRef(ref: string): ImageRef | undefined {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!validDigest(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  const host = parts.length > 1 && isHost(parts[0]) ? parts[0] : undefined;
  const path = host === undefined ? parts : parts.slice(1);
  if (path.length === 0 || !path.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (host !== undefined && !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host) && !/^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host)) return undefined;
  const out: ImageRef = { name: rest };
  if (host !== undefined) out.registry = host;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/**
 * An image reference as the fields of a Dependency: pinned (specType 'version') only by a digest; a
 * tag alone, or none (`latest`), is a 'tag'. A reference the grammar rejects comes back with specType
 * 'invalid' and the raw text, never a throw.
 */
export function imageFields(ref: string): ImageFields {
  const image = parseImageRef(ref);
  if (image === undefined) {
    const raw = ref.trim();
    return { ecosystem: 'oci', name: raw, spec: raw, specType: 'invalid' };
  }
  const { tag, digest } = image;
  const out: ImageFields = {
    ecosystem: 'oci',
    name: image.name,
    spec: digest === undefined ? (tag ?? 'latest') : tag === undefined ? digest : `${tag}@${digest}`,
    specType: digest === undefined ? 'tag' : 'version',
    registry: image.registry ?? DEFAULT_IMAGE_REGISTRY,
  };
  if (tag !== undefined) out.version = tag;
  if (digest !== undefined) out.integrity = digest;
  return out;
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
