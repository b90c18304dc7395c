// The Facts stage: for the npm dependencies a PR adds or changes, ask the registry the policy trusts
// (once per package, concurrently, bounded), verify what can be verified, and keep an evidence log.
// Judging (levels, allow entries) is left to the checks.
//
// Requests go out in as few rounds as the answers allow: every package's packument, the vouching
// registry's packument (verify-with) and the signing keys of every registry involved are asked at
// once; only what a packument names (attestations, tarballs) waits for it. All packages of a PR are in
// flight together up to MAX_CONCURRENCY, over keep-alive connections that the later requests reuse.
import type { Facts, LockfileClaims, NpmPackageFacts, NpmVersionFacts, ProvenanceFacts, SignatureFacts, InventoryItem, VerificationRecord } from '../types.js';
import type { NpmRegistryPolicy, Policy } from '../policy/types.js';
import { safeText, safeUrl } from '../redact/urls.js';
import { createClient, RegistryRequestError, type RegistryClient } from './client.js';
import { checkTarballBytes, compareIntegrity, compareResolved, registryIntegrity } from './integrity.js';
import { keysFromPolicy, keysFromRegistryResponse, shippedNpmKeys, type TrustedKey } from './keys.js';
import { attestationsUrl, readPackument, signaturesOf, versionFacts, type Packument } from './packument.js';
import { verifyAttestations } from './provenance.js';
import { pinnedVersion } from '../ecosystems/npm.js';
import { verifyRegistrySignatures } from './signature.js';
import { keysUrl, npmNameProblem, packumentUrl, registryFor, PUBLIC_NPM_REGISTRY } from '../ecosystems/npm-registry.js';
import { emptyTable, own } from '../common/own.js';


export interface FactsOptions {
  now: Date;
  /** HTTPS_PROXY / NO_PROXY / NODE_EXTRA_CA_CERTS / tokens live here. */
  env: NodeJS.ProcessEnv;
  /** CLI --offline: fetch nothing; record every check as 'skipped'. */
  offline?: boolean;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  /** First retry backoff in ms (doubles per attempt). */
  backoffMs?: number;
  /** Called as each package is verified (the CLI's progress line). */
  progress?: (done: number, total: number) => void;
}

const DEFAULTS = { timeoutMs: 15_000, retries: 2, backoffMs: 250 };
/**
 * Packages verified at once: every package of the PR, up to this bound (a PR that changes hundreds of
 * MCP packages asks 64 at a time, so a registry is not hit with hundreds of connections at once). Each
 * package has at most two requests in flight (packument and verify-with packument, or attestations and
 * tarball), so the client keeps up to twice as many sockets per host, and one for the keys.
 */
export const MAX_CONCURRENCY = 64;
const REGISTRY_CHECKS = ['exists', 'integrity', 'signature', 'provenance'] as const;

interface Wanted {
  /** Versions the PR brings: fully verified. */
  head: Set<string>;
  /** Versions they replace: looked up for "publisher changed" and "lost provenance". */
  base: Set<string>;
  items: InventoryItem[];
}

function collect(items: readonly InventoryItem[], log: VerificationRecord[]): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  for (const item of items) {
    if (item.dep.ecosystem !== 'npm' || (item.change.type !== 'added' && item.change.type !== 'changed')) continue;
    const version = pinnedVersion(item.dep);
    if (!version) {
      log.push(record(item.dep.name, undefined, 'registry', 'skipped', `${item.dep.file}:${item.dep.line} pins no exact version (${item.dep.spec ?? 'no spec'}); nothing to verify`));
      continue;
    }
    const w = wanted.get(item.dep.name) ?? { head: new Set(), base: new Set(), items: [] };
    w.head.add(version);
    const before = item.change.before;
    if (before?.version && before.name === item.dep.name && before.version !== version) w.base.add(before.version);
    w.items.push(item);
    wanted.set(item.dep.name, w);
  }
  return wanted;
}

function record(name: string, version: string | undefined, check: string, result: VerificationRecord['result'], detail: string, registry?: string): VerificationRecord {
  const r: VerificationRecord = { ecosystem: 'npm', name, version, check, result, detail };
  // The evidence names the registry without what a policy URL may carry (user:password, ?token=).
  if (registry !== undefined) r.registry = safeUrl(registry);
  return r;
}



/** `source` says in words which keys these are, for messages and the log. */
type KeySet = { keys: TrustedKey[]; source: string } | { error: string };

/**
 * Which keys a registry's signatures are checked with: the policy's choice (`registries.npm.keys`)
 * for the registry it verifies against (its own, or `verify-with`), the scope registry's endpoint
 * otherwise.
 */
function keyLoader(npm: NpmRegistryPolicy, client: RegistryClient): (registry: string) => Promise<KeySet> {
  const cache = new Map<string, Promise<KeySet>>();
  const main = registryFor('x', npm);
  const load = async (registry: string): Promise<KeySet> => {
    const choice = registry === main || registry === npm.verifyWith ? npm.keys : 'registry';
    if (choice === 'npm') return { keys: shippedNpmKeys(), source: 'the public npm registry keys shipped with the gate (Sigstore TUF keys.json)' };
    if (Array.isArray(choice)) return { keys: keysFromPolicy(choice), source: 'the keys listed in the policy (registries.npm.keys)' };
    const url = keysUrl(registry);
    try {
      const answer = await client.json(url);
      if (!answer.found) return { keys: [], source: `the keys of ${safeUrl(url)}, which answered HTTP ${answer.status}: the registry publishes no keys` };
      return { keys: keysFromRegistryResponse(answer.body), source: `the keys ${safeUrl(url)} serves` };
    } catch (e) {
      return { error: `keys from ${safeUrl(url)}: ${(e as Error).message}` };
    }
  };
  return (registry) => {
    let p = cache.get(registry);
    if (!p) cache.set(registry, (p = load(registry)));
    return p;
  };
}

/** Run `fn` over `inputs` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await fn(inputs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}

interface Ctx {
  policy: Policy;
  client: RegistryClient;
  keys: (registry: string) => Promise<KeySet>;
}

function signatureRecord(name: string, version: string, sig: SignatureFacts, keySource: string): VerificationRecord {
  switch (sig.status) {
    case 'verified':
      return record(name, version, 'signature', 'pass', `registry signature verified with keyid ${sig.keyids.join(', ')} from ${keySource}`);
    case 'invalid':
      return record(name, version, 'signature', 'fail', `${sig.code}: ${sig.message} (keys: ${keySource})`);
    case 'unsigned':
      return record(name, version, 'signature', 'skipped', `${sig.reason} (keys: ${keySource})`);
    case 'error':
      return record(name, version, 'signature', 'error', sig.message);
  }
}

function provenanceRecord(name: string, version: string, p: ProvenanceFacts, earlier?: string): VerificationRecord {
  switch (p.status) {
    case 'verified': {
      const src = p.provenance;
      const what = src
        ? `provenance verified offline against the shipped Sigstore trusted root: built from ${src.repository ?? '?'} by ${src.workflow ?? src.identity ?? '?'} (issuer ${src.issuer ?? '?'})`
        : 'attestations verified offline, but none is a build provenance';
      return record(name, version, 'provenance', 'pass', `${what}; attestations: ${p.predicateTypes.join(', ')}`);
    }
    case 'invalid':
      return record(name, version, 'provenance', 'fail', `${p.code}: ${p.message}`);
    case 'absent':
      return record(name, version, 'provenance', earlier ? 'fail' : 'skipped', earlier ? `no attestations, but ${name}@${earlier} had provenance` : 'the registry lists no attestations for this version');
    case 'error':
      return record(name, version, 'provenance', 'error', p.message);
  }
}

/**
 * What a missing signature means and what to do, in full: which registry served no signature, which
 * keys it was compared against, and the three ways out. Mirrors (Artifactory, Verdaccio, Nexus, a
 * company proxy) commonly strip dist.signatures and serve no /-/npm/v1/keys.
 */
function missingSignatureMessage(id: string, registry: string, keySource: string, npm: NpmRegistryPolicy, keyids: string[]): string {
  const viaVerifyWith = npm.verifyWith !== undefined && registry === npm.verifyWith;
  const ways = viaVerifyWith
    ? `Check that ${registry} really is the registry your mirror copies; or set rules.signature to warning if you accept it unsigned`
    : `If ${registry} is a mirror or proxy (Artifactory, Verdaccio, Nexus), it probably strips signatures: set registries.npm.verify-with: ${PUBLIC_NPM_REGISTRY} ` +
      `so the gate checks the signature on the public registry's packument (the integrity your lockfile records must match it); ` +
      `or set registries.npm.keys to the keys your registry signs with; or set rules.signature to warning if you accept unsigned packages from it`;
  return (
    `${id}: ${registry}${viaVerifyWith ? ' (registries.npm.verify-with)' : ''} served no registry signature (dist.signatures) for this version, ` +
    `but it was compared against ${keySource}${keyids.length ? ` (keyids ${keyids.join(', ')})` : ''}, which expect one. ${ways}.`
  );
}

async function verifySignature(
  name: string,
  registry: string,
  v: NpmVersionFacts,
  signed: { integrity?: string; publishedAt?: string; pv: Packument['versions'][string] },
  ctx: Ctx,
  log: VerificationRecord[],
): Promise<void> {
  const keySet = await ctx.keys(registry);
  const id = `${name}@${v.version}`;
  if ('error' in keySet) {
    v.signature = { status: 'error', message: `${id}: cannot check the registry signature of ${registry}: ${keySet.error}` };
    (v.errors ??= []).push(keySet.error);
  } else {
    const sig = verifyRegistrySignatures({ name, version: v.version, integrity: signed.integrity, publishedAt: signed.publishedAt, signatures: signaturesOf(signed.pv) }, keySet.keys);
    if (sig.status === 'invalid' && sig.code === 'ESIGNATUREMISSING') {
      const keyids = [...new Set(keySet.keys.filter((k) => k.usage !== 'attestations').map((k) => k.keyid))];
      sig.message = missingSignatureMessage(id, registry, keySet.source, ctx.policy.registries.npm, keyids);
    } else if (sig.status === 'invalid') {
      sig.message = `${sig.message} (registry ${registry}; keys: ${keySet.source})`;
    }
    v.signature = sig;
  }
  log.push({ ...signatureRecord(name, v.version, v.signature, 'error' in keySet ? 'unavailable' : keySet.source), registry: safeUrl(registry) });
}

async function verifyProvenance(name: string, registry: string, v: NpmVersionFacts, pv: Packument['versions'][string], ctx: Ctx, log: VerificationRecord[]): Promise<void> {
  const url = attestationsUrl(pv, registry, name, v.version);
  if (!url) {
    v.provenance = { status: 'absent' };
  } else if (!v.integrity) {
    v.provenance = { status: 'invalid', code: 'EATTESTATIONSUBJECT', message: `${name}@${v.version} lists attestations but the registry serves no integrity to match them with` };
  } else {
    try {
      const answer = await ctx.client.json(url);
      if (!answer.found) throw new RegistryRequestError(`GET ${safeUrl(url)}: HTTP ${answer.status} although the packument lists attestations`, safeUrl(url), answer.status);
      const keySet = await ctx.keys(registry);
      v.provenance = verifyAttestations(answer.body, { name, version: v.version, integrity: v.integrity }, 'keys' in keySet ? keySet.keys : []);
    } catch (e) {
      const message = (e as Error).message;
      v.provenance = { status: 'error', message: `${name}@${v.version}: attestations could not be read: ${message}` };
      (v.errors ??= []).push(message);
    }
  }
  log.push({ ...provenanceRecord(name, v.version, v.provenance, v.earlierProvenance), registry: safeUrl(registry) });
}

async function verifyTarball(name: string, v: NpmVersionFacts, ctx: Ctx, log: VerificationRecord[]): Promise<void> {
  if (!v.tarball) {
    v.tarballCheck = { ok: false, detail: 'the registry serves no tarball URL' };
  } else {
    try {
      v.tarballCheck = checkTarballBytes(await ctx.client.bytes(v.tarball), registryIntegrity(v.integrity, v.shasum));
    } catch (e) {
      const message = (e as Error).message;
      (v.errors ??= []).push(message);
      v.tarballCheck = { ok: false, detail: `the tarball could not be downloaded: ${message}` };
    }
  }
  log.push(record(name, v.version, 'tarball', v.tarballCheck.ok ? 'pass' : 'fail', v.tarballCheck.detail));
}

/**
 * Lockfile claims vs registry facts, per entry (the same version may sit in several files): compared
 * once here, logged as evidence, and kept in the version's facts for the `integrity` rule.
 */
function judgeLockfileClaims(items: InventoryItem[], facts: NpmPackageFacts, log: VerificationRecord[], registry: string): void {
  for (const item of items) {
    const d = item.dep;
    const version = pinnedVersion(d)!;
    const v = own(facts.versions, version);
    if (!v?.exists) continue;
    const where = `${d.file}:${d.line}`;
    const claims: LockfileClaims = { file: d.file, key: d.key };
    if (d.integrity) {
      const c = (claims.integrity = compareIntegrity(d.integrity, registryIntegrity(v.integrity, v.shasum)));
      log.push(record(d.name, version, 'integrity', c.ok ? 'pass' : 'fail', `${where}: ${c.detail}`, registry));
    }
    if (d.resolved) {
      const c = (claims.resolved = compareResolved(d.resolved, d.name, version, v.tarball));
      log.push(record(d.name, version, 'resolved', c.ok ? 'pass' : 'fail', `${where}: ${c.detail}`, registry));
    }
    // verify-with: what is installed must be the bytes the vouching registry signed.
    const installed = v.integrity ?? d.integrity;
    if (v.verifiedAt?.integrity && installed) claims.vouched = compareIntegrity(installed, registryIntegrity(v.verifiedAt.integrity, v.verifiedAt.shasum));
    (v.claims ??= []).push(claims);
  }
}

/**
 * The packument of the registry that vouches for packages of the install registry
 * (`registries.npm.verify-with`), for the main registry only: a scope's private registry is its
 * own authority. Undefined when there is none; `missing` when it does not know the package.
 */
async function vouchingPackument(name: string, installRegistry: string, ctx: Ctx): Promise<{ registry: string; packument?: Packument } | undefined> {
  const npm = ctx.policy.registries.npm;
  if (npm.verifyWith === undefined || installRegistry !== registryFor('x', npm)) return undefined;
  const answer = await ctx.client.json(packumentUrl(npm.verifyWith, name));
  return answer.found ? { registry: npm.verifyWith, packument: readPackument(answer.body, name) } : { registry: npm.verifyWith };
}

async function gatherPackage(name: string, want: Wanted, ctx: Ctx): Promise<{ facts: NpmPackageFacts; log: VerificationRecord[] }> {
  const log: VerificationRecord[] = [];
  // The pipeline drops entries with invalid names as parse errors; this is the last line before a URL.
  const problem = npmNameProblem(name);
  if (problem !== undefined) {
    const error = `${JSON.stringify(name)} is not a valid npm package name (${problem}), so no registry was asked about it`;
    return { facts: { name, error }, log: [...want.head].map((v) => record(name, v, 'registry', 'error', error)) };
  }
  const registry = registryFor(name, ctx.policy.registries.npm);
  const url = packumentUrl(registry, name);
  const shown = safeUrl(registry);
  const facts: NpmPackageFacts = { name, registry: shown };
  let packument: Packument;
  let vouching: Awaited<ReturnType<typeof vouchingPackument>>;
  // Asked together with the install registry's packument, not after it; unused when that one fails.
  const vouchingAnswer = vouchingPackument(name, registry, ctx);
  vouchingAnswer.catch(() => {});
  try {
    const answer = await ctx.client.json(url);
    if (!answer.found) {
      facts.exists = false;
      for (const v of want.head) log.push(record(name, v, 'exists', 'fail', `${safeUrl(url)} answered HTTP ${answer.status}: the registry does not know ${name}`, shown));
      return { facts, log };
    }
    packument = readPackument(answer.body, name);
    vouching = await vouchingAnswer;
  } catch (e) {
    facts.error = (e as Error).message;
    for (const v of want.head) log.push(record(name, v, 'registry', 'error', facts.error, shown));
    return { facts, log };
  }
  facts.exists = true;
  if (packument.time.unpublished) facts.unpublished = JSON.stringify(packument.time.unpublished);
  facts.versions = emptyTable();
  for (const version of want.base) facts.versions[version] = versionFacts(packument, version);
  for (const version of want.head) {
    const v = versionFacts(packument, version);
    facts.versions[version] = v;
    if (!v.exists) {
      log.push(record(name, version, 'exists', 'fail', `${safeUrl(url)} lists no version ${version} of ${name}`, shown));
      continue;
    }
    log.push(record(name, version, 'exists', 'pass', `published ${v.publishedAt ?? 'at an unknown time'} by ${v.publisher ?? 'an unknown user'}${v.deprecated ? `; deprecated: ${v.deprecated}` : ''}`, shown));
    const pv = own(packument.versions, version)!;
    const tarball = ctx.policy.verify.tarballs ? verifyTarball(name, v, ctx, log) : Promise.resolve();
    if (vouching === undefined) {
      await Promise.all([verifySignature(name, registry, v, { integrity: v.integrity, publishedAt: v.publishedAt, pv }, ctx, log), verifyProvenance(name, registry, v, pv, ctx, log), tarball]);
      continue;
    }
    // verify-with: the signature and provenance are the vouching registry's, over its integrity;
    // the bytes the install registry serves must be those (checked by the integrity rule).
    const vr = vouching.registry;
    const other = vouching.packument === undefined ? undefined : versionFacts(vouching.packument, version);
    if (other === undefined || !other.exists) {
      v.verifiedAt = { registry: vr };
      v.signature = {
        status: 'invalid',
        code: 'ESIGNATUREMISSING',
        message:
          `${name}@${version} is on ${shown} but not on ${vr} (registries.npm.verify-with), so no signature can vouch for it there. ` +
          `If it is a private package, give its scope its own registry (registries.npm.scopes); otherwise your registry serves a version the public registry never published`,
      };
      log.push(record(name, version, 'signature', 'fail', `ESIGNATUREMISSING: ${v.signature.message}`, vr));
      await tarball;
      continue;
    }
    v.verifiedAt = { registry: vr, integrity: other.integrity, shasum: other.shasum };
    v.listsProvenance = other.listsProvenance;
    v.earlierProvenance = other.earlierProvenance;
    const c = compareIntegrity(v.integrity ?? '', registryIntegrity(other.integrity, other.shasum));
    log.push(record(name, version, 'integrity', c.ok ? 'pass' : 'fail', `the integrity ${shown} serves, against ${vr} (registries.npm.verify-with): ${c.ok ? 'equal' : c.detail}`, vr));
    const opv = own(vouching.packument!.versions, version)!;
    // Provenance is checked with the vouching registry's facts (an attestation names its integrity).
    const forProvenance: NpmVersionFacts = { ...v, integrity: other.integrity };
    await Promise.all([
      verifySignature(name, vr, v, { integrity: other.integrity, publishedAt: other.publishedAt, pv: opv }, ctx, log),
      verifyProvenance(name, vr, forProvenance, opv, ctx, log).then(() => {
        v.provenance = forProvenance.provenance;
        if (forProvenance.errors) v.errors = [...(v.errors ?? []), ...forProvenance.errors.filter((e) => !(v.errors ?? []).includes(e))];
      }),
      tarball,
    ]);
  }
  judgeLockfileClaims(want.items, facts, log, shown);
  return { facts, log: sortLog(log) };
}

const CHECK_ORDER = ['registry', 'exists', 'integrity', 'resolved', 'tarball', 'signature', 'provenance'];

/** Concurrent steps finish in any order; the evidence log must not. */
function sortLog(log: VerificationRecord[]): VerificationRecord[] {
  return log
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.version ?? '').localeCompare(b.r.version ?? '') || CHECK_ORDER.indexOf(a.r.check) - CHECK_ORDER.indexOf(b.r.check) || a.i - b.i)
    .map((x) => x.r);
}

/** A bug or a shape nobody foresaw must still fail closed, as a finding, not crash the run. */
function unexpected(name: string, want: Wanted, e: unknown): { facts: NpmPackageFacts; log: VerificationRecord[] } {
  const error = `unexpected error while verifying ${name}: ${safeText((e as Error)?.message ?? String(e))}`;
  return { facts: { name, error }, log: [...want.head].map((v) => record(name, v, 'registry', 'error', error)) };
}

function offlineFacts(wanted: Map<string, Wanted>, log: VerificationRecord[]): Facts {
  const npm = new Map<string, NpmPackageFacts>();
  for (const [name, want] of wanted) {
    npm.set(name, { name, skipped: 'offline' });
    for (const v of want.head) for (const check of REGISTRY_CHECKS) log.push(record(name, v, check, 'skipped', 'offline run: the registry was not asked'));
  }
  return { npm, log };
}

/**
 * The registries whose keys check the signatures of these packages: each package's own registry, or
 * the verify-with registry for those installed from the main one. (The keys of a registry the policy
 * lists keys for are never fetched; keyLoader knows.)
 */
function signingRegistries(names: readonly string[], npm: NpmRegistryPolicy): Set<string> {
  const main = registryFor('x', npm);
  const out = new Set<string>();
  for (const name of names) {
    if (npmNameProblem(name) !== undefined) continue;
    const registry = registryFor(name, npm);
    out.add(npm.verifyWith !== undefined && registry === main ? npm.verifyWith : registry);
  }
  return out;
}

/**
 * Gather registry facts for the npm items that were added or changed with an exact version.
 * Never throws for registry trouble: it lands in the facts (and so in findings) and in the log.
 */
export async function gatherFacts(items: readonly InventoryItem[], policy: Policy, opts: FactsOptions): Promise<Facts> {
  const log: VerificationRecord[] = [];
  const wanted = collect(items, log);
  if (wanted.size === 0) return { npm: new Map(), log };
  if (!policy.verify.registry) {
    for (const [name, want] of wanted) for (const v of want.head) log.push(record(name, v, 'registry', 'skipped', 'registry verification is turned off in the policy (verify.registry: false)'));
    return { npm: new Map(), log };
  }
  if (opts.offline) return offlineFacts(wanted, log);

  const names = [...wanted.keys()].sort();
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(names.length, MAX_CONCURRENCY));
  const client = createClient(policy.registries.npm, {
    env: opts.env,
    timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: opts.retries ?? DEFAULTS.retries,
    backoffMs: opts.backoffMs ?? DEFAULTS.backoffMs,
    // Two requests per package in flight at most, and the keys.
    maxSockets: concurrency * 2 + 1,
  });
  const ctx: Ctx = { policy, client, keys: keyLoader(policy.registries.npm, client) };
  // The keys each signature will be checked with, asked in the same round as the packuments.
  for (const registry of signingRegistries(names, policy.registries.npm)) void ctx.keys(registry);
  let done = 0;
  const results = await mapLimit(names, concurrency, (name) =>
    gatherPackage(name, wanted.get(name)!, ctx)
      .catch((e: unknown) => unexpected(name, wanted.get(name)!, e))
      .finally(() => opts.progress?.(++done, names.length)),
  );
  const npm = new Map<string, NpmPackageFacts>();
  results.forEach((r) => {
    npm.set(r.facts.name, r.facts);
    log.push(...r.log);
  });
  return { npm, log };
}
