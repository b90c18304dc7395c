// Literal credentials in files a PR changes: one detector for MCP client configs (env, headers,
// args) and package-manager configs (.npmrc _authToken, .yarnrc.yml npmAuthToken, pip.conf URLs).
// A value is never kept or printed: findings carry a mask and a short fingerprint only. URLs are
// read for credentials and stripped of them in urls.ts.
import { createHash } from 'node:crypto';
import type { FileIssue } from '../types.js';

/** Token shapes that are credentials whatever the key is called. */
const TOKEN_PATTERNS: readonly { kind: string; re: RegExp; prefix?: number }[] = [
  { kind: 'GitHub token', re: /\b(gh[pousr]_[A-Za-z0-9]{30,})\b/, prefix: 4 },
  { kind: 'GitHub token', re: /\b(github_pat_[A-Za-z0-9_]{20,})\b/, prefix: 11 },
  { kind: 'npm token', re: /\b(npm_[A-Za-z0-9]{30,})\b/, prefix: 4 },
  { kind: 'AWS access key', re: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/, prefix: 4 },
  { kind: 'Slack token', re: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/, prefix: 5 },
  { kind: 'Anthropic API key', re: /\b(sk-ant-[A-Za-z0-9_-]{20,})/, prefix: 7 },
  { kind: 'OpenAI API key', re: /\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,})/, prefix: 3 },
  { kind: 'Stripe key', re: /\b((?:sk|rk)_live_[A-Za-z0-9]{16,})\b/, prefix: 8 },
  { kind: 'Google API key', re: /\b(AIza[0-9A-Za-z_-]{35})\b/, prefix: 4 },
  { kind: 'GitLab token', re: /\b(glpat-[A-Za-z0-9_-]{20,})\b/, prefix: 6 },
  { kind: 'JSON Web Token', re: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/, prefix: 3 },
  { kind: 'private key', re: /(-----BEGIN [A-Z ]*PRIVATE KEY-----)/ },
];

/** Key names whose literal value is a credential. */
const SECRET_KEY = /(token|secret|passw(or)?d|passwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credential|_auth\b|^auth$|authorization|bearer|session[-_]?key|client[-_]?secret)/i;

/** A value that refers to a secret kept elsewhere: `${input:x}`, `${env:X}`, `${X}`, `$X`, `%X%`, `{{ secrets.X }}`. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return /\$\{[^}]*\}/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v) || /\{\{[^}]*\}\}/.test(v) || /^env:/i.test(v);
}

/**
 * Text that is obviously not a real credential: `<your-token>`, `YOUR_API_KEY`, `xxxx`, `changeme`, and
 * the name of a credential with a counter, as test fixtures write them (`token123`, `password1`:
 * modelcontextprotocol/python-sdk@37a6bb07:tests/client/config/mcp.json sends `Bearer token123`).
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return (
    v.length < 8 ||
    /^(token|secret|passw(or)?d|pass|key|api[-_]?key|auth|bearer|credentials?)[-_]?\d{0,6}$/i.test(v) ||
    /^<[^>]*>$/.test(v) ||
    /^\[[^\]]*\]$/.test(v) ||
    /(^|[^a-z])your[-_ ]?/i.test(v) ||
    /^(x+|\*+|\.+|-+|0+)$/i.test(v) ||
    /(example|placeholder|changeme|replace[-_ ]?me|dummy|redacted|insert[-_ ]?here|todo)/i.test(v) ||
    /^(true|false|null|none|undefined)$/i.test(v)
  );
}

export interface SecretHit {
  kind: string;
  /** The credential itself (the matched part of the value). Never print it: use maskSecret(). */
  value: string;
  /** How many leading characters are a public type prefix (`ghp_`), safe to show. */
  prefix: number;
}

/**
 * Whether `value` (set under key `name`, if any) is a literal credential. Recognised token shapes
 * count under any key; any other literal counts under a key named like a secret (token, password,
 * api_key, authorization...) unless it is a reference or a placeholder.
 */
export function findSecret(name: string | undefined, value: string): SecretHit | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  for (const p of TOKEN_PATTERNS) {
    const m = p.re.exec(value);
    if (m && !isReference(m[1])) return { kind: p.kind, value: m[1], prefix: p.prefix ?? 0 };
  }
  if (!name || !SECRET_KEY.test(name) || isReference(value)) return undefined;
  // `Bearer <literal>` / `Basic <literal>` in a header: the credential is the second word.
  const scheme = /^(Bearer|Basic|Token)\s+(\S+)$/i.exec(value.trim());
  const literal = scheme ? scheme[2] : value.trim();
  if (isReference(literal) || isPlaceholder(literal)) return undefined;
  return { kind: scheme ? `${scheme[1]} credential` : 'credential', value: literal, prefix: 0 };
}

/** A shown form that says what it is without saying what it is: `ghp_****` / `****`. */
export function maskSecret(hit: Pick<SecretHit, 'value' | 'prefix'>): string {
  return `${hit.value.slice(0, Math.min(hit.prefix, 11))}****`;
}

/** A short fingerprint to tell two different literals apart between base and head (not reversible in practice). */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/**
 * The `secret` issue for a credential found at `line`; `key` is the setting's identity in the file
 * (`mcpServers/github/env/GITHUB_TOKEN`), `where` says it in words (`env GITHUB_TOKEN of server "github"`).
 */
export function secretIssue(line: number, key: string, where: string, hit: SecretHit, advice?: string): FileIssue {
  return {
    rule: 'secret',
    line,
    key: `${key}#${fingerprint(hit.value)}`,
    message: `${where} is a literal ${hit.kind} (${maskSecret(hit)}) committed to the repository: anyone who can read it can use it. ${advice ?? 'Refer to an input or an environment variable instead, and revoke this one.'}`,
  };
}
