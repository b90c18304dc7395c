// Shared by the package-manager registry configuration formats (.npmrc, .yarnrc.yml, .yarnrc,
// bunfig.toml, pip.conf, uv.toml, .cargo/config.toml): collecting settings with unique keys, keeping
// credentials out of setting values (redact/urls.ts strips them). TOML files are read with
// ../readers/toml.ts.
import type { Ecosystem, FileIssue, ParsedFile, RegistrySetting } from '../../types.js';
import { lineIndex, ParseError } from '../format.js';
import { findSecret, fingerprint, maskSecret, secretIssue, type SecretHit } from '../../redact/secrets.js';
import { cleanUrl } from '../../redact/urls.js';

export type Effect = RegistrySetting['effect'];

/** Text of a config file without a byte order mark; a NUL byte means it is not a text file at all. */
export function configText(text: string, file: string, label: string): string {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError(`${label} is not a text file (it contains a NUL byte)`, file, lineIndex(text)(nul));
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The lines of a text, without line terminators (`\n`, `\r\n`). */
export function textLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Whether a config value reads as false / true the way the tools read booleans. */
export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|0|no|off)$/i.test(value.trim()));
}
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|1|yes|on)$/i.test(value.trim()));
}

/** Reads a secret hit so that the message says "a literal credential", not "a literal literal credential". */
function worded(hit: SecretHit): SecretHit {
  return hit.kind === 'literal credential' ? { ...hit, kind: 'credential' } : hit;
}

/**
 * The settings and issues of one registry config file. Keys are unique: a later setting with the
 * same key replaces an earlier one (as the tools read the last), an issue with the same key (same
 * setting, same credential) is kept once.
 */
export class RegistryConfig {
  private readonly settings = new Map<string, RegistrySetting>();
  private readonly issues = new Map<string, FileIssue>();

  constructor(
    readonly file: string,
    readonly ecosystem: Ecosystem,
    /** How messages name the file: `.npmrc`, `pip.conf`. */
    readonly label: string,
  ) {}

  add(line: number, key: string, setting: string, value: string, effect: Effect, scope?: string): void {
    // Whatever the setting, a credential pasted into its value never reaches the output.
    // Some keys embed the value (`ca[]/<value>`, `<setting>/<host>`): the credential is masked there too.
    const cleaned = cleanUrl(value);
    if (cleaned.hits.length > 0) {
      for (const { hit } of cleaned.hits) key = key.split(hit.value).join(maskSecret(hit));
      for (const { part, hit } of cleaned.hits) this.secret(line, `${key}/value`, `${part.replace(' in the URL', '')} of \`${setting}\` in ${this.label}`, hit);
      value = cleaned.value;
    }
    const s: RegistrySetting = { file: this.file, line, key, ecosystem: this.ecosystem, setting, value, effect };
    if (scope !== undefined) s.scope = scope;
    this.settings.set(key, s);
  }

  /** A setting whose value is a URL: userinfo is stripped from the value and reported when literal. */
  addUrl(line: number, key: string, setting: string, url: string, effect: Effect, scope?: string): void {
    this.add(line, key, setting, this.url(line, key, setting, url), effect, scope);
  }

  /** `url` without credentials; the literal ones become `secret` issues. */
  url(line: number, key: string, setting: string, url: string): string {
    const { value, hits } = cleanUrl(url);
    for (const { part, hit } of hits) this.secret(line, `${key}/url`, `${part} of \`${setting}\` in ${this.label}`, hit);
    return value;
  }

  /**
   * A setting that holds a credential (`_authToken`, `npmAuthToken`, `token`): a `secret` issue when
   * the value is literal, nothing when it is a reference (`${NPM_TOKEN}`). Never a setting.
   * `name` is what the credential detector is told the key is called.
   */
  credential(line: number, key: string, setting: string, value: string, name = setting): void {
    const hit = findSecret(name, value);
    if (hit) this.secret(line, key, `\`${setting}\` in ${this.label}`, hit);
  }

  /** Any other value: a `secret` issue when it has a token's shape or a secret-like name. */
  scan(line: number, key: string, setting: string, value: string): void {
    this.credential(line, key, setting, value, setting);
  }

  secret(line: number, key: string, where: string, hit: SecretHit): void {
    const issue = secretIssue(line, key, where, worded(hit));
    if (!this.issues.has(issue.key)) this.issues.set(issue.key, issue);
  }

  result(): ParsedFile {
    return { deps: [], settings: [...this.settings.values()], issues: [...this.issues.values()] };
  }
}

/** What a certificate setting shows instead of the PEM text: a short fingerprint, so a change is visible. */
export function certificateValue(pem: string): string {
  return pem.includes('-----BEGIN') ? `certificate sha256:${fingerprint(pem.trim())}` : pem;
}
