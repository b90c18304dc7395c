import { WELL_KNOWN_MCP } from '../policy/corpus.js';
import { allowEntriesFor } from '../policy/match.js';
import { NPM_POPULARITY, Popularity } from '../policy/popularity.js';
import type { Ecosystem } from '../types.js';
import type { Policy } from '../policy/types.js';
import { draftFor, type Check } from './check.js';
import { detectTyposquat, ESTABLISHED_SHARE, typosquatIndex, type KnownName, type SquatMatch, type TyposquatIndex } from './typosquat/detect.js';
import { describeTechnique } from './typosquat/techniques.js';

const GLOB = /[*?[\]{}!]/;

/** The shipped npm download snapshot, indexed once per process. */
export const NPM_DOWNLOADS = new Popularity(NPM_POPULARITY);

/**
 * A snapshot package is a target (a name squats would imitate) when it is popular enough for the
 * snapshot to judge its look-alikes: with at least floor / ESTABLISHED_SHARE downloads, a look-alike
 * the snapshot does not list (fewer than `floor`) is surely below the established share.
 */
export const FAMOUS_DOWNLOADS = Math.ceil(NPM_DOWNLOADS.snapshot.floor / ESTABLISHED_SHARE);

const indexCache = new WeakMap<Policy, TyposquatIndex>();

/**
 * Names a squat would imitate: the policy's exact allow entries, packages denied in every version
 * (known malicious: a look-alike is the attacker's next attempt), the curated corpus, then the famous
 * names of the popularity snapshot.
 */
export function knownNames(policy: Policy): KnownName[] {
  const fromAllow: KnownName[] = policy.allow
    .filter((a) => a.line > 0 && !GLOB.test(a.name))
    .map((a) => ({ name: a.name, ecosystem: a.ecosystem, source: 'allow' }));
  const fromDeny: KnownName[] = policy.deny
    .filter((d) => d.versions.trim() === '*' && !GLOB.test(d.name))
    .map((d) => ({ name: d.name, ecosystem: d.ecosystem, source: 'deny' }));
  const fromCorpus: KnownName[] = WELL_KNOWN_MCP.map((c) => ({ name: c.name, ecosystem: c.ecosystem, source: 'corpus' }));
  const famous: KnownName[] = NPM_DOWNLOADS.atLeast(FAMOUS_DOWNLOADS).map((name) => ({ name, ecosystem: 'npm', source: 'popular' }));
  return [...fromAllow, ...fromDeny, ...fromCorpus, ...famous];
}

/** The index over the known names of a policy, built once per run (the policy object is the run's). */
export function typosquatIndexFor(policy: Policy): TyposquatIndex {
  let index = indexCache.get(policy);
  if (!index) {
    index = typosquatIndex(knownNames(policy), NPM_DOWNLOADS);
    indexCache.set(policy, index);
  }
  return index;
}

/** What the rule says about a name under a policy: the package it imitates, or null (allowed names are never squats). */
export function typosquatOf(name: string, ecosystem: Ecosystem, policy: Policy): SquatMatch | null {
  if (allowEntriesFor(policy, name, ecosystem).length) return null;
  return detectTyposquat(name, ecosystem, typosquatIndexFor(policy));
}

/** Judges every added or changed dependency: a squat need not look MCP-related to imitate an MCP package. */
export const typosquat: Check = {
  rule: 'typosquat',
  scope: 'all',
  run(item, { policy, facts }) {
    const d = item.dep;
    const match = typosquatOf(d.name, d.ecosystem, policy);
    if (!match) return [];
    // Online, what the registry said about the version adds who published it and when.
    const v = d.ecosystem === 'npm' && d.version ? facts.npm.get(d.name)?.versions?.[d.version] : undefined;
    const registry = v?.exists && (v.publishedAt || v.publisher) ? `Registry: ${d.name}@${d.version} was published ${v.publishedAt ? `on ${v.publishedAt.slice(0, 10)}` : 'at an unknown time'} by ${v.publisher ?? 'an unknown user'}.` : undefined;
    return [draftFor(item, 'typosquat', squatMessage(d.name, match, registry))];
  },
};

/** Which package, by which change, how popular each is, and what to do next. */
export function squatMessage(name: string, m: SquatMatch, registry?: string): string {
  const whose = {
    allow: 'an allowlisted package',
    deny: 'a denied (known-malicious) package',
    corpus: 'a well-known MCP package',
    popular: 'a popular MCP package',
  }[m.source];
  const scope = m.imitatesScope !== undefined ? `; its scope imitates @${m.imitatesScope}, so it could be any package of that scope` : '';
  const parts = [`${name} looks like a typosquat of ${m.imitates}, ${whose}: ${describeTechnique(m.technique)} [${m.technique}]${scope}.`];
  if (m.popularity) parts.push(popularityLine(name, m.imitates, m.popularity));
  if (registry) parts.push(registry);
  const allow = `if ${name} is genuinely a different package, allow it by its exact name in the policy's allow list (or an exception for the typosquat rule)`;
  parts.push(
    m.source === 'deny'
      ? `Check who publishes ${name} before anything else; ${allow}.`
      : `If you meant ${m.imitates}, depend on that instead; ${allow}.`,
  );
  return parts.join(' ');
}

function popularityLine(name: string, imitates: string, p: NonNullable<SquatMatch['popularity']>): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const target = p.target !== undefined ? n(p.target) : 'not listed';
  let own: string;
  if (p.candidate !== undefined) own = n(p.candidate);
  else if (p.covered) own = `fewer than ${n(p.floor)} (not listed)`;
  else own = 'unknown (the snapshot lists only MCP-named packages)';
  if (p.candidateScope !== undefined && p.candidateScope !== p.candidate) own += `, ${n(p.candidateScope)} for its whole scope`;
  let verdict = '';
  if (p.target !== undefined && (p.candidate !== undefined || p.candidateScope !== undefined || p.covered)) {
    const best = Math.max(p.candidate ?? 0, p.candidateScope ?? 0);
    const share = best > 0 ? `${((100 * best) / p.target).toPrecision(2)}% of it` : 'a tiny share of it';
    verdict = `: ${share}, short of the ${ESTABLISHED_SHARE * 100}% that would make it established`;
  }
  return `npm downloads a month (snapshot of ${p.taken}): ${imitates} ${target}; ${name} ${own}${verdict}.`;
}
