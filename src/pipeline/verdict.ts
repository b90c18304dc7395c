// The Verdict stage: each draft at the level the policy gives its rule, exceptions applied (an excepted
// finding stays, as a notice with the exception's reason), and the conclusion.
import type { Draft } from '../checks/check.js';
import { exceptionFor, isExpired } from '../policy/match.js';
import type { Conclusion, Finding, Level } from '../types.js';
import type { Policy } from '../policy/types.js';
import { expiredException } from '../checks/exception-expired.js';
import type { Verdict } from './types.js';

const ORDER: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Give each draft its level from the policy, apply exceptions, and report expired exceptions.
 * An excepted finding stays in the report as a notice, with the exception's reason, so the evidence
 * shows what was waived and why.
 */
export function decide(drafts: readonly Draft[], policy: Policy, now: Date): Finding[] {
  const findings: Finding[] = [];
  const expiredSeen = new Set<number>();
  for (const draft of drafts) {
    const level = policy.rules[draft.rule];
    if (level === 'off') continue;
    const exception = exceptionFor(policy, draft.name, draft.ecosystem, draft.rule);
    if (exception && !isExpired(exception, now)) {
      findings.push({ ...draft, level: 'notice', excepted: exception.reason });
      continue;
    }
    findings.push({ ...draft, level });
    if (exception && !expiredSeen.has(exception.line)) {
      expiredSeen.add(exception.line);
      const expiredLevel = policy.rules['exception-expired'];
      if (expiredLevel !== 'off') findings.push({ ...expiredException(exception, draft, policy), level: expiredLevel });
    }
  }
  return sortFindings(dedupe(findings));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\0${f.file}\0${f.line}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => ORDER[a.level] - ORDER[b.level] || a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

export function countLevels(findings: readonly Finding[]): Record<Level, number> {
  const counts: Record<Level, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
}

/** failure on any error; neutral when nothing MCP-related changed and nothing was found; success otherwise. */
export function conclude(findings: readonly Finding[], judged: number): Conclusion {
  if (findings.some((f) => f.level === 'error')) return 'failure';
  if (judged === 0 && findings.length === 0) return 'neutral';
  return 'success';
}

/** The Verdict of a run that judged `judged` changed things. */
export function verdict(drafts: readonly Draft[], policy: Policy, now: Date, judged: number): Verdict {
  const findings = decide(drafts, policy, now);
  return { findings, counts: countLevels(findings), conclusion: conclude(findings, judged), judged };
}
