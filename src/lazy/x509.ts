// CMS / X.509 structures (pkijs on asn1js): built into dist/lazy-x509.js, loaded when a bundle's
// signature block is read (formats/mcp/mcpb/signature.ts).
export * as asn1js from 'asn1js';
export * as pkijs from 'pkijs';
