// URLs carry credentials in three places: the userinfo (`user:password@`, `token@`), a query parameter
// named like a secret (`?access_token=`), and a token shape anywhere (some services put keys in the
// path). Every place that shows, keeps or judges a URL reads those parts here:
// - safeUrl / shownUrl / safeText: what a message, the evidence or an error text may show;
// - cleanUrl: a configured URL kept as a setting, its credentials masked and reported;
// - redactUrl: an index or source URL kept in a dependency, where a bare `token@` is a credential
//   (pip and cargo send it as the password) and an ssh login name is not;
// - urlSecret: whether a URL a server is started with carries a credential.
import { findSecret, maskSecret, type SecretHit } from './secrets.js';

/** A URL for messages and evidence: no userinfo, query or fragment (they can carry tokens). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * A configured URL shown as evidence: cut by safeUrl() when it carries a `user:password@`, a query or
 * a fragment, otherwise exactly as written (so `direct`, `off` and tidy URLs read as configured).
 */
export function shownUrl(value: string): string {
  return /[@?#]/.test(value) && URL.canParse(value) ? safeUrl(value) : value;
}

/** A URL inside free text: a scheme, `://`, and everything up to white space or a quote. */
const URL_IN_TEXT = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]+/g;

/**
 * Free text (an error message, a server's answer) fit for a message or a report: each URL in it cut
 * down by safeUrl(), and each of `secrets` (credentials the caller holds: a token, a URL's password)
 * masked wherever it still appears. Secrets shorter than 4 characters are not masked: that would
 * garble the text and hides next to nothing.
 */
export function safeText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('****');
  return out.replace(URL_IN_TEXT, (u) => safeUrl(u));
}

// ---------------------------------------------------------------------------------------------
// The parts of a URL that can hold a credential

/** `scheme://`, the authority, and the rest (path, query, fragment). */
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/s;

/** A userinfo's credential, and which part of it holds it. */
interface UserinfoSecret {
  hit: SecretHit;
  /** 'password': `user:password@`; 'user': a user name alone (`token@`, `token:@`). */
  part: 'password' | 'user';
}

/**
 * The credential in a userinfo (the authority before its last `@`: a password may hold an `@`).
 * `user:password` is a credential when the password is literal (or the user is token-shaped);
 * `token:` (an empty password) carries a token as the user name. A user name alone counts when it
 * has a token's shape, or whatever it is when `bareUser` is 'credential'.
 */
function userinfoSecret(userinfo: string, bareUser: 'credential' | 'token-shaped', decode: (s: string) => string = (s) => s): UserinfoSecret | undefined {
  const colon = userinfo.indexOf(':');
  const user = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? undefined : decode(userinfo.slice(colon + 1));
  if (password !== undefined && password !== '') {
    const hit = findSecret('password', password) ?? findSecret(undefined, user);
    return hit && { hit, part: 'password' };
  }
  const hit = password === '' || bareUser === 'credential' ? findSecret('token', user) : findSecret(undefined, user);
  return hit && { hit, part: 'user' };
}

interface QueryReading {
  /** The parameter's name as the secret detector is told it (decoded, or renamed). */
  name?: (raw: string) => string;
  value?: (raw: string) => string;
  /** Whether `?=value` (no name) is read too: the detector then looks for token shapes only. */
  unnamed?: boolean;
}

/** Each query parameter named like a secret with a literal value (`?token=ghp_...`), in order. */
function querySecrets(query: string, { name = (s) => s, value = (s) => s, unnamed = false }: QueryReading = {}): { param: string; hit: SecretHit }[] {
  const out: { param: string; hit: SecretHit }[] = [];
  for (const p of query.split('&')) {
    const eq = p.indexOf('=');
    if (eq === -1 || (eq === 0 && !unnamed)) continue;
    const param = name(p.slice(0, eq));
    const hit = findSecret(param, value(p.slice(eq + 1)));
    if (hit) out.push({ param, hit });
  }
  return out;
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Configured URLs

/** A URL with the credentials taken out, and the literal credentials found in it. */
export interface CleanUrl {
  value: string;
  hits: { part: string; hit: SecretHit }[];
}

/**
 * `url` without userinfo (`https://user:pass@host/` -> `https://host/`, also when the userinfo is a
 * `${REFERENCE}`), with any recognisable token elsewhere in it masked. The literal credentials are
 * returned so the caller can report them.
 */
export function cleanUrl(url: string): CleanUrl {
  const hits: CleanUrl['hits'] = [];
  let value = url.trim();
  const m = URL_PARTS.exec(value);
  const at = m === null ? -1 : m[2].lastIndexOf('@');
  if (m !== null && at !== -1) {
    value = m[1] + m[2].slice(at + 1) + m[3];
    const found = userinfoSecret(m[2].slice(0, at), 'token-shaped');
    if (found) hits.push({ part: found.part === 'password' ? 'the credentials in the URL' : 'the user name in the URL', hit: found.hit });
  }
  // `?access_token=...`, `&api_key=...`: a query parameter named like a secret holds one.
  const query = /\?([^#]*)/.exec(value);
  if (query) {
    for (const { param, hit } of querySecrets(query[1])) {
      hits.push({ part: `the ${param} parameter in the URL`, hit });
      value = value.split(hit.value).join(maskSecret(hit));
    }
  }
  for (let guard = 0; guard < 5; guard++) {
    const hit = findSecret(undefined, value);
    if (!hit) break;
    hits.push({ part: 'a token in the URL', hit });
    value = value.split(hit.value).join(maskSecret(hit));
  }
  return { value, hits };
}

/** A URL with any userinfo removed and tokens masked, and the literal credentials found in it. */
export interface RedactedUrl {
  url: string;
  hits: SecretHit[];
}

/**
 * Removes any userinfo (`user:password@`, `token@`, `${VAR}@`) from an index or source URL and masks
 * token shapes anywhere else in it (`?token=ghp_...`, as cleanUrl does). A literal userinfo (pip and
 * cargo send a bare `token@` as the password) or token comes back in `hits` for a `secret` issue; a
 * `${VAR}` reference is stripped without one; an ssh login name (`git+ssh://git@host/`) is no
 * credential (ssh takes no password in a URL) and stays. The returned URL never holds a credential.
 */
export function redactUrl(url: string): RedactedUrl {
  const m = URL_PARTS.exec(url);
  if (!m) {
    const cleaned = cleanUrl(url);
    return cleaned.hits.length > 0 ? { url: cleaned.value, hits: cleaned.hits.map((h) => h.hit) } : { url, hits: [] };
  }
  const [, scheme, authority, rest] = m;
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at);
  const user = decodeComponent(userinfo);
  const sshLogin = at !== -1 && !userinfo.includes(':') && /(^|\+)ssh:\/\/$/i.test(scheme) && /^[A-Za-z0-9._-]+$/.test(user) && !findSecret(undefined, user);
  const hits: SecretHit[] = [];
  const found = at === -1 || sshLogin ? undefined : userinfoSecret(userinfo, 'credential', decodeComponent);
  if (found) hits.push(found.hit);
  // Tokens elsewhere (path, query, fragment): with no userinfo left, cleanUrl only masks them.
  const cleaned = cleanUrl(`${scheme}${authority.slice(at + 1)}${rest}`);
  for (const h of cleaned.hits) hits.push(h.hit);
  const value = sshLogin ? `${scheme}${userinfo}@${cleaned.value.slice(scheme.length)}` : cleaned.value;
  return { url: value, hits };
}

// ---------------------------------------------------------------------------------------------
// URLs a server is started with

/** Query parameter names that hold a key whatever they are called (`?key=`, `?sig=`). */
const KEY_PARAMS = /^(key|sig|signature|auth)$/i;

/** A URL component as a form encodes it (`+` for a space). */
function decodeForm(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * A credential a URL carries: `https://user:pass@host`, a token as user, a `?api_key=`/`?token=`
 * query parameter, or a token-shaped string anywhere in it (some services put keys in the path).
 */
export function urlSecret(url: string): SecretHit | undefined {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(url);
  if (!m) return findSecret(undefined, url);
  const at = m[1].lastIndexOf('@');
  // A user name with an empty password (`name:@`) is read as a user name alone: only a token shape counts.
  const raw = at === -1 ? undefined : m[1].slice(0, at);
  const userinfo = raw !== undefined && raw.indexOf(':') === raw.length - 1 ? raw.slice(0, -1) : raw;
  const found = userinfo === undefined ? undefined : userinfoSecret(userinfo, 'token-shaped', decodeForm);
  if (found) return found.hit;
  if (m[3] !== undefined) {
    const name = (n: string) => (KEY_PARAMS.test(decodeForm(n)) ? 'api_key' : decodeForm(n));
    const [first] = querySecrets(m[3].slice(1), { name, value: decodeForm, unnamed: true });
    if (first) return first.hit;
  }
  return findSecret(undefined, m[2]);
}
