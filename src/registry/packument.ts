// Reading a full packument (the registry's document for a package) into facts. Pure; tolerant of
// missing fields, strict about shape: something that is not a packument is an error, not a pass.
import semver from 'semver';
import type { NpmVersionFacts } from '../types.js';
import { emptyTable, own } from '../common/own.js';
import type { RegistrySignature } from './signature.js';
import { attestationsUrl as registryAttestationsUrl } from '../ecosystems/npm-registry.js';

export interface PackumentVersion {
  name?: string;
  version?: string;
  deprecated?: unknown;
  _npmUser?: { name?: unknown };
  dist?: {
    integrity?: unknown;
    shasum?: unknown;
    tarball?: unknown;
    signatures?: unknown;
    attestations?: { url?: unknown; provenance?: { predicateType?: unknown } };
  };
}

export interface Packument {
  name: string;
  versions: Record<string, PackumentVersion>;
  time: Record<string, string>;
}

/** Check the shape of a packument; throws a message naming what is missing. */
export function readPackument(body: unknown, name: string): Packument {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error(`the packument for ${name} is not a JSON object`);
  const p = body as Record<string, unknown>;
  if (typeof p.name === 'string' && p.name !== name) throw new Error(`asked for ${name}, the registry answered with the packument of ${p.name}`);
  const time = p.time && typeof p.time === 'object' ? (p.time as Record<string, string>) : emptyTable<string>();
  const versions = p.versions ?? (own(time, 'unpublished') ? emptyTable() : undefined);
  if (!versions || typeof versions !== 'object' || Array.isArray(versions)) throw new Error(`the packument for ${name} has no "versions" object`);
  return { name, versions: versions as Record<string, PackumentVersion>, time };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function signaturesOf(v: PackumentVersion): RegistrySignature[] {
  const sigs = v.dist?.signatures;
  if (!Array.isArray(sigs)) return [];
  return sigs
    .filter((s): s is { keyid: string; sig: string } => typeof s?.keyid === 'string' && typeof s?.sig === 'string')
    .map((s) => ({ keyid: s.keyid, sig: s.sig }));
}

function listsProvenance(v: PackumentVersion | undefined): boolean {
  return !!v?.dist?.attestations?.provenance;
}

/** The highest version below `version` that listed provenance (for "lost provenance"). */
export function earlierProvenance(p: Packument, version: string): string | undefined {
  if (!semver.valid(version)) return undefined;
  return Object.keys(p.versions)
    .filter((v) => semver.valid(v) && semver.lt(v, version) && listsProvenance(own(p.versions, v)))
    .sort(semver.rcompare)[0];
}

/** The metadata of one version (no verification yet). */
export function versionFacts(p: Packument, version: string): NpmVersionFacts {
  // Versions come from lockfiles and packuments are JSON: only the versions the packument lists count.
  const v = own(p.versions, version);
  if (!v || typeof v !== 'object') return { version, exists: false, listsProvenance: false };
  const deprecated = v.deprecated;
  const facts: NpmVersionFacts = {
    version,
    exists: true,
    integrity: str(v.dist?.integrity),
    shasum: str(v.dist?.shasum),
    tarball: str(v.dist?.tarball),
    publishedAt: str(own(p.time, version)),
    publisher: str(v._npmUser?.name),
    // npm un-deprecates with an empty string, so only a non-empty message counts.
    deprecated: typeof deprecated === 'string' && deprecated !== '' ? deprecated : deprecated === true ? 'deprecated' : undefined,
    listsProvenance: listsProvenance(v),
  };
  if (!facts.listsProvenance) facts.earlierProvenance = earlierProvenance(p, version);
  return facts;
}

/** Where the registry serves this version's attestations, when the packument lists any. */
export function attestationsUrl(v: PackumentVersion, registry: string, name: string, version: string): string | undefined {
  if (!v.dist?.attestations) return undefined;
  return registryAttestationsUrl(registry, name, version, str(v.dist.attestations.url));
}
