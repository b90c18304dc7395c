// Sigstore bundle parsing and verification: built into dist/lazy-sigstore.js, loaded when an
// attestation is verified (registry/provenance.ts).
export * as bundle from '@sigstore/bundle';
export * as specs from '@sigstore/protobuf-specs';
export * as verify from '@sigstore/verify';
