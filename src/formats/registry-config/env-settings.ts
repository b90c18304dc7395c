// Environment variables that change where packages come from or weaken their checks: Go (GOPROXY,
// GOSUMDB, GOPRIVATE, GOINSECURE, GOFLAGS...), npm (npm_config_registry, strict-ssl, Node's TLS switch)
// and pip/uv index URLs. Shared by every place that sets such variables: workflow `env:` blocks and
// go.env files. A credential in a value becomes a `secret` issue; the setting keeps a masked value.
import type { Ecosystem, FileIssue, RegistrySetting } from '../../types.js';
import { redactUrl } from '../../redact/urls.js';
import { isFalse } from './common.js';
import { findSecret, secretIssue, type SecretHit } from '../../redact/secrets.js';

export interface EnvWhere {
  file: string;
  line: number;
  /** Identity of the variable within its file (`jobs/build/env/GOPROXY`); settings and issues derive theirs from it. */
  key: string;
  /** The variable in words for messages (`env GOPROXY of job "build"`); defaults to `env NAME`. */
  where?: string;
  /** What to do instead, for the secret message. */
  advice?: string;
}

type Effect = RegistrySetting['effect'];

interface Rule {
  ecosystem: Ecosystem;
  /** The effect for this value, or undefined when the value changes nothing worth reporting. */
  effect: (value: string) => Effect | undefined;
}

const always =
  (effect: Effect) =>
  (): Effect =>
    effect;

/** Variables whose effect depends on their value. */
const BY_VALUE: Record<string, Rule> = {
  GOPROXY: { ecosystem: 'go', effect: (v) => (v.trim() === 'off' ? 'other' : 'registry') },
  GOSUMDB: { ecosystem: 'go', effect: (v) => (v.trim() === 'off' ? 'checksum-off' : 'other') },
  NODE_TLS_REJECT_UNAUTHORIZED: { ecosystem: 'npm', effect: (v) => (v.trim() === '0' ? 'tls-off' : undefined) },
};

/** Variables that have one effect whatever their value, by ecosystem and effect. */
const ALWAYS: Partial<Record<Ecosystem, Partial<Record<Effect, string[]>>>> = {
  go: { 'checksum-off': ['GONOSUMDB', 'GONOSUMCHECK', 'GOPRIVATE'], other: ['GONOPROXY', 'GOVCS'], 'insecure-host': ['GOINSECURE'] },
  pypi: {
    registry: ['PIP_INDEX_URL', 'UV_INDEX_URL', 'UV_DEFAULT_INDEX'],
    'extra-registry': ['PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'UV_EXTRA_INDEX_URL', 'UV_INDEX', 'UV_FIND_LINKS'],
    'insecure-host': ['PIP_TRUSTED_HOST', 'UV_INSECURE_HOST'],
    other: ['PIP_NO_INDEX'],
  },
};

/** Exact variable names (case-sensitive, as the tools read them). A Map: a variable may be named `constructor`. */
const RULES = new Map<string, Rule>([
  ...Object.entries(BY_VALUE),
  ...Object.entries(ALWAYS).flatMap(([ecosystem, effects]) =>
    Object.entries(effects).flatMap(([effect, names]) => names.map((name): [string, Rule] => [name, { ecosystem: ecosystem as Ecosystem, effect: always(effect as Effect) }])),
  ),
]);

/** npm reads `npm_config_<name>` case-insensitively; `-` and `_` are the same in config names. */
const NPM_RULES = new Map<string, (value: string) => Effect | undefined>([
  ['registry', always('registry')],
  ['strict_ssl', (v) => (isFalse(v) ? 'tls-off' : undefined)],
  ['ignore_scripts', (v) => (isFalse(v) ? 'scripts-on' : undefined)],
  ['package_lock', (v) => (isFalse(v) ? 'lockfile-off' : undefined)],
]);

/**
 * The value with every part of a `,` / `|` list (GOPROXY, PIP_FIND_LINKS, UV_INDEX...) cleaned: userinfo
 * stripped, token shapes masked. `${{ ... }}` expressions are never split. The literal credentials
 * found come back for `secret` issues; the shown value never holds them.
 */
function cleanValue(value: string): { shown: string; hits: SecretHit[] } {
  const hits: SecretHit[] = [];
  const parts: string[] = [];
  const seps: string[] = [];
  let from = 0;
  for (const m of value.matchAll(/\$\{\{[\s\S]*?\}\}|[,|]/g)) {
    if (m[0].length !== 1) continue;
    parts.push(value.slice(from, m.index));
    seps.push(m[0]);
    from = m.index! + 1;
  }
  parts.push(value.slice(from));
  const shown = parts
    .map((part, i) => {
      // The part's own spaces kept around it. String trim takes exactly `\s`; a regex
      // `^(\s*)([\s\S]*?)(\s*)$` backtracks quadratically on a run of spaces inside the value.
      const core = part.trim();
      const lead = part.length - part.trimStart().length;
      const r = redactUrl(core);
      hits.push(...r.hits);
      return `${part.slice(0, lead)}${r.url}${part.slice(lead + core.length)}${seps[i] ?? ''}`;
    })
    .join('');
  return { shown, hits };
}

/** Settings of GOFLAGS: `-insecure` allows plain HTTP fetches; `-mod=mod` lets builds rewrite go.mod. */
function goflagsSettings(name: string, value: string, w: EnvWhere): RegistrySetting[] {
  const out: RegistrySetting[] = [];
  const flags = value.split(/\s+/).filter(Boolean);
  const base = { file: w.file, line: w.line, ecosystem: 'go' as const, setting: name, value };
  if (flags.some((f) => /^--?insecure(=true)?$/.test(f))) out.push({ ...base, key: `${w.key}#insecure`, effect: 'insecure-host' });
  if (flags.some((f) => /^--?mod=mod$/.test(f))) out.push({ ...base, key: `${w.key}#mod`, effect: 'other' });
  return out;
}

/** What setting environment variable `name` to `value` means for package sources (none for most variables). */
export function settingsFromEnv(name: string, value: string, where: EnvWhere): RegistrySetting[] {
  const { shown } = cleanValue(value);
  const base = { file: where.file, line: where.line, key: where.key, setting: name, value: shown };
  if (name === 'GOFLAGS') return goflagsSettings(name, shown, where);
  const rule = RULES.get(name);
  if (rule !== undefined) {
    const effect = rule.effect(value);
    return effect === undefined ? [] : [{ ...base, ecosystem: rule.ecosystem, effect }];
  }
  const npm = /^npm_config_(.+)$/i.exec(name);
  if (npm !== null) {
    const cfg = npm[1].toLowerCase().replace(/-/g, '_');
    const scoped = /^(@[^:]+):registry$/.exec(cfg);
    if (scoped !== null) return [{ ...base, ecosystem: 'npm', effect: 'registry', scope: scoped[1] }];
    const effect = NPM_RULES.get(cfg)?.(value);
    return effect === undefined ? [] : [{ ...base, ecosystem: 'npm', effect }];
  }
  return [];
}

/** The `secret` issues for the literal credentials in the variable's value (a token, a secret-named literal, URL userinfo). */
export function secretFromEnv(name: string, value: string, where: EnvWhere): FileIssue[] {
  const { hits } = cleanValue(value);
  if (hits.length === 0) {
    const hit = findSecret(name, value);
    if (hit !== undefined) hits.push(hit);
  }
  const issues = new Map<string, FileIssue>();
  for (const hit of hits) {
    const issue = secretIssue(where.line, where.key, where.where ?? `env ${name}`, hit, where.advice);
    issues.set(issue.key, issue);
  }
  return [...issues.values()];
}

/** Both at once: the settings and the secret issues for one variable. */
export function readEnvVariable(name: string, value: string, where: EnvWhere): { settings: RegistrySetting[]; issues: FileIssue[] } {
  return { settings: settingsFromEnv(name, value, where), issues: secretFromEnv(name, value, where) };
}
