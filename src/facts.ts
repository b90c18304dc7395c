// What the Facts stage learned from registries, handed to the checks. Types only.
// Owned by the registry room (src/registry/); checks read it and never fetch.
import type { VerificationRecord } from './types.js';

/**
 * The registry signature over `${name}@${version}:${integrity}` (dist.signatures), judged the way
 * pacote does. Codes are pacote's: EINTEGRITYSIGNATURE (does not verify), EMISSINGSIGNATUREKEY (no
 * trusted key has that keyid), EEXPIREDSIGNATUREKEY (the key expired before the version was published),
 * plus ESIGNATUREMISSING (the registry publishes keys but serves no signature for this version).
 */
export type SignatureFacts =
  | { status: 'verified'; keyids: string[] }
  | {
      status: 'invalid';
      code: 'EINTEGRITYSIGNATURE' | 'EMISSINGSIGNATUREKEY' | 'EEXPIREDSIGNATUREKEY' | 'ESIGNATUREMISSING';
      keyid?: string;
      message: string;
    }
  /** The registry publishes no keys and serves no signature: nothing to verify. */
  | { status: 'unsigned'; reason: string }
  /** The check could not be made (keys unreadable): fail closed. */
  | { status: 'error'; message: string };

/** Where a verified provenance statement says the package was built. */
export interface ProvenanceSource {
  /** 'github.com/owner/repo', without scheme or `.git`. */
  repository?: string;
  /** '.github/workflows/publish.yml@refs/tags/v1.0.0' */
  workflow?: string;
  /** The signing certificate's identity (for GitHub: the workflow URI). */
  identity?: string;
  issuer?: string;
  commit?: string;
  predicateType: string;
}

/**
 * The Sigstore attestations the registry lists for a version (dist.attestations), verified offline
 * against the trusted root that ships with the gate. Codes are pacote's: EATTESTATIONSUBJECT,
 * EATTESTATIONVERIFY, EMISSINGSIGNATUREKEY, EEXPIREDSIGNATUREKEY.
 */
export type ProvenanceFacts =
  | { status: 'verified'; provenance?: ProvenanceSource; publishAttestation: boolean; predicateTypes: string[] }
  | { status: 'invalid'; code: string; message: string }
  /** The registry lists no attestations for this version. */
  | { status: 'absent' }
  /** The attestations could not be fetched or read. */
  | { status: 'error'; message: string };

/** What the registry says about one version. */
export interface NpmVersionFacts {
  version: string;
  /** False when the packument has no such version. */
  exists: boolean;
  /** dist.integrity (or the sha1 from dist.shasum for old publishes). */
  integrity?: string;
  /** dist.shasum, hex sha1, when present. */
  shasum?: string;
  /** dist.tarball */
  tarball?: string;
  /** time[version], ISO. */
  publishedAt?: string;
  /** _npmUser.name */
  publisher?: string;
  deprecated?: string;
  /** dist.attestations.provenance is listed (used for "lost provenance" without verifying old bundles). */
  listsProvenance: boolean;
  /** Set for the versions a PR brings (not for base versions, which are only looked up). */
  signature?: SignatureFacts;
  provenance?: ProvenanceFacts;
  /** The highest earlier version that listed provenance, when this one lists none. */
  earlierProvenance?: string;
  /** Result of downloading the tarball and checking it against dist.integrity (verify-tarballs). */
  tarballCheck?: { ok: boolean; detail: string };
  /** Requests about this version that failed after retries (attestations, tarball): the `registry` rule reports them. */
  errors?: string[];
  /**
   * With `registries.npm.verify-with`: the registry whose packument the signature and provenance were
   * checked on, and the integrity it has for this version (the installed bytes must be those).
   */
  verifiedAt?: { registry: string; integrity?: string; shasum?: string };
}

/** What the registry says about one npm package (filled in by src/registry/). */
export interface NpmPackageFacts {
  name: string;
  /** The registry URL asked (the policy's, or a scope's). */
  registry?: string;
  /** Set when the packument could not be fetched or read: the `registry` rule reports it. */
  error?: string;
  /** Set when nothing was fetched on purpose ('offline'); checks report nothing, the log says skipped. */
  skipped?: string;
  /** False when the registry answers 404 for the package. */
  exists?: boolean;
  /** time.unpublished, when the package was unpublished. */
  unpublished?: string;
  /** Facts per version, for the versions the PR brings and the base versions they replace. */
  versions?: Record<string, NpmVersionFacts>;
}

export interface Facts {
  /** Registry answers per npm package name, gathered once per run. Empty when verification is off. */
  npm: Map<string, NpmPackageFacts>;
  /** Evidence: what was checked for each package, against which key or identity, and the result. */
  log: VerificationRecord[];
}

export const NO_FACTS: Facts = { npm: new Map(), log: [] };
