// The only code that talks to a registry. Transport is make-fetch-happen, npm's HTTP client (proxy,
// NO_PROXY, TLS, sockets). Which credential a URL gets is npm-registry-fetch's own nerf-dart lookup,
// plus the scheme. Redirects are followed here, one hop at a time, each hop judged afresh: left to
// make-fetch-happen, a redirect keeps the Authorization header whenever the host NAME stays the
// same, so a registry on port A could hand the token to whatever listens on port B
// (npm/make-fetch-happen#375), and npm-registry-fetch passes no option to turn that off.
// The retry policy is ours because a body that is cut off or is not JSON must be retried like a 5xx,
// which make-fetch-happen's own retry cannot see. Both libraries (with cacache, minipass, the proxy
// agents) are loaded on the first request: a run that asks no registry does not initialise them.
import type { FetchResponse } from 'make-fetch-happen';
import { safeText, safeUrl } from '../redact/urls.js';
import type { NpmRegistryPolicy } from '../policy/types.js';
import { own } from '../common/own.js';
import { VERSION } from '../common/version.js';

export interface ClientOptions {
  env: NodeJS.ProcessEnv;
  /** Per attempt, headers and body together. */
  timeoutMs: number;
  /** Extra attempts after the first, for 408/429/5xx, resets, timeouts and unreadable bodies. */
  retries: number;
  /** First backoff; doubles per attempt. */
  backoffMs: number;
  /** Sockets per host. */
  maxSockets: number;
}

/** A registry request that failed for good; `message` names the URL (credentials removed) and why. */
export class RegistryRequestError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryRequestError';
  }
}

export type JsonAnswer = { found: true; body: unknown } | { found: false; status: number };

export interface RegistryClient {
  /** GET a JSON document; 404/410 answer `found: false`, anything else unusable throws RegistryRequestError. */
  json(url: string, maxBytes?: number): Promise<JsonAnswer>;
  /** GET bytes (tarballs). */
  bytes(url: string, maxBytes?: number): Promise<Buffer>;
}

const DEFAULT_MAX_JSON = 64 * 1024 * 1024;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const MAX_RETRY_AFTER_MS = 10_000;
/** As many as a browser would follow is far more than a registry needs; npm's default is 20. */
const MAX_REDIRECTS = 10;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ERR_SOCKET_TIMEOUT', 'ECONNABORTED', 'EBODYREAD']);
const USER_AGENT = `mcp-supply-gate/${VERSION} node/${process.version}`;

/** npm's "nerf dart" for a registry URL: the config key prefix its credentials are filed under. */
export function nerfDart(registry: string): string {
  const u = new URL(registry);
  return `//${u.host}${u.pathname.endsWith('/') ? u.pathname : u.pathname + '/'}`;
}

interface NpmAuth {
  regKey: string | false;
  token: string | null;
  auth: string | null;
}
type GetAuth = (uri: string, opts: Record<string, string>) => NpmAuth;

interface HttpLibraries {
  fetch: typeof import('make-fetch-happen');
  getAuth: GetAuth;
}

let libraries: Promise<HttpLibraries> | undefined;

/** make-fetch-happen and npm-registry-fetch, loaded once, on the first request. */
function loadLibraries(): Promise<HttpLibraries> {
  libraries ??= import('../lazy/http.js').then(({ fetch, npmFetch }) => ({
    fetch,
    // Exported by npm-registry-fetch (npm uses it for `npm logout`), missing from its published types.
    getAuth: (npmFetch as unknown as { getAuth: GetAuth }).getAuth,
  }));
  return libraries;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Credentials as npm files them, and every literal that must never be shown. */
interface Credentials {
  /** `//host:port/path/:_authToken` / `:_auth` -> value, for getAuth. */
  config: Record<string, string>;
  /** nerf dart -> the scheme its credential was configured with. */
  schemes: Map<string, string>;
  secrets: string[];
}

/**
 * The token from `env[tokenEnv]` belongs to the policy registry; a `user:password@` in the policy
 * registry's or a scope registry's URL belongs to that registry (npm sends it as Basic auth). Each is
 * filed under its registry's nerf dart, so it goes to that host, port and path prefix only.
 */
function credentialsOf(policy: NpmRegistryPolicy, env: NodeJS.ProcessEnv): Credentials {
  const creds: Credentials = { config: {}, schemes: new Map(), secrets: [] };
  const token = policy.tokenEnv ? own(env, policy.tokenEnv) : undefined;
  const file = (registry: string, withToken: boolean) => {
    const u = new URL(registry);
    const nerf = nerfDart(registry);
    const [user, password] = [decode(u.username), decode(u.password)];
    creds.secrets.push(user, password, u.username, u.password, ...[...u.searchParams].map(([, value]) => value));
    if (creds.schemes.has(nerf)) return;
    if (withToken && token) {
      creds.config[`${nerf}:_authToken`] = token;
      creds.secrets.push(token);
    } else if (u.username || u.password) {
      creds.config[`${nerf}:_auth`] = Buffer.from(`${user}:${password}`).toString('base64');
    } else {
      return;
    }
    creds.schemes.set(nerf, u.protocol);
  };
  file(policy.url, true);
  for (const url of Object.values(policy.scopes)) file(url, false);
  return creds;
}

/**
 * The Authorization header for one request, or none. npm's lookup finds the credential filed under
 * the longest nerf dart that `url` falls under (host and port exact, path prefix by segments); the
 * nerf dart has no scheme, so the scheme is compared here: a token configured for https never goes
 * out over http.
 */
function authorizationFor(url: URL, creds: Credentials, getAuth: GetAuth): string | undefined {
  if (creds.schemes.size === 0) return undefined;
  const auth = getAuth(url.href, creds.config);
  if (!auth.regKey || creds.schemes.get(auth.regKey) !== url.protocol) return undefined;
  if (auth.token) return `Bearer ${auth.token}`;
  return auth.auth ? `Basic ${auth.auth}` : undefined;
}

interface FetchFailure {
  statusCode?: number;
  code?: string;
  name?: string;
  type?: string;
  message?: string;
  headers?: { get?(name: string): string | null };
}

/** A final answer that is not a success, shaped like npm-registry-fetch's HTTP errors. */
class HttpStatus extends Error {
  constructor(
    readonly statusCode: number,
    readonly headers: FetchResponse['headers'],
  ) {
    super(`HTTP ${statusCode}`);
  }
}

function statusOf(e: FetchFailure): number | undefined {
  return typeof e.statusCode === 'number' ? e.statusCode : undefined;
}

export function isRetryable(e: FetchFailure): boolean {
  const status = statusOf(e);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  if (e instanceof SyntaxError) return true;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted' || e.type === 'request-timeout' || e.type === 'body-timeout') return true;
  return RETRY_CODES.has(e.code ?? '') || /premature close|aborted|socket hang up|terminated/i.test(e.message ?? '');
}

function retryAfterMs(e: FetchFailure): number | undefined {
  const header = e.headers?.get?.('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

function describe(e: FetchFailure, timeoutMs: number): string {
  const status = statusOf(e);
  if (status !== undefined) return `HTTP ${status}`;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'request-timeout' || e.type === 'body-timeout') {
    return `no complete answer within ${timeoutMs} ms`;
  }
  // V8 quotes the start of the body ("<html>Serv"...); a body can echo what the request carried, so the quote goes.
  if (e instanceof SyntaxError) return `the answer is not valid JSON (${e.message.replace(/,?\s*"[^"]*"(\.\.\.)?( is not valid JSON)?/g, '')})`;
  return e.code ? `${e.code}: ${e.message}` : (e.message ?? String(e));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readBody(body: AsyncIterable<Buffer | string>, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxBytes) throw new RegistryRequestError(`${safeUrl(url)} answered more than ${maxBytes} bytes`, safeUrl(url));
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** A URL as the gate sends it: a `user:password@` is never sent as written, only as a credential filed for its registry. */
function withoutUserinfo(u: URL): URL {
  const copy = new URL(u.href);
  copy.username = '';
  copy.password = '';
  return copy;
}

/**
 * A client for one policy. Credentials (the token in `env[tokenEnv]`, a `user:password@` in a
 * registry URL) go only to the scheme, host, port and path prefix they were configured for, on the
 * first request and on every redirect; a redirect elsewhere is followed without them, and one from
 * https to plain http is refused. Proxies come from HTTPS_PROXY / NO_PROXY in `env`.
 */
export function createClient(policy: NpmRegistryPolicy, opts: ClientOptions): RegistryClient {
  const env = opts.env;
  const creds = credentialsOf(policy, env);
  const transport = {
    proxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
    maxSockets: opts.maxSockets,
    retry: { retries: 0 },
    timeout: opts.timeoutMs,
    // As npm-registry-fetch sets it: certificates are checked whatever NODE_TLS_REJECT_UNAUTHORIZED says.
    strictSSL: true,
    redirect: 'manual' as const,
  };

  function refused(url: string, why: string): RegistryRequestError {
    return new RegistryRequestError(`GET ${safeUrl(url)} failed: ${why}`, safeUrl(url));
  }

  /** One GET, its redirects followed hop by hop; a success answer, or a throw. */
  async function get(url: string, signal: AbortSignal, { fetch, getAuth }: HttpLibraries): Promise<FetchResponse> {
    const first = withoutUserinfo(new URL(url));
    let current = first;
    for (let hops = 0; ; hops++) {
      const authorization = authorizationFor(current, creds, getAuth);
      const res = await fetch(current.href, {
        ...transport,
        headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...(authorization ? { authorization } : {}) },
        signal,
      });
      if (!REDIRECT_STATUS.has(res.status)) {
        if (res.status >= 200 && res.status < 300) return res;
        res.body.resume();
        throw new HttpStatus(res.status, res.headers);
      }
      res.body.resume();
      const it = current === first ? 'it' : safeUrl(current.href);
      const location = res.headers.get('location');
      if (!location) throw refused(url, `the registry answered HTTP ${res.status} for ${it} with no Location to follow; the registry is misconfigured.`);
      if (hops >= MAX_REDIRECTS) throw refused(url, `more than ${MAX_REDIRECTS} redirects; the registry sends the gate in circles. Fix its redirects.`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw refused(url, `the registry redirects ${it} to something that is not a URL; the registry is misconfigured.`);
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw refused(url, `the registry redirects ${it} to a ${next.protocol} URL; only http and https are followed.`);
      }
      if (current.protocol === 'https:' && next.protocol === 'http:') {
        throw refused(url, `the registry redirects ${it} to plain http (${safeUrl(next.href)}), which anyone on the network path could answer, so it was not followed. Make the registry redirect to https.`);
      }
      current = withoutUserinfo(next);
    }
  }

  async function attempt<T>(url: string, read: (res: FetchResponse) => Promise<T>): Promise<T> {
    // Loaded before the first attempt's time limit starts.
    const lib = await loadLibraries();
    let lastError: FetchFailure = {};
    for (let i = 0; i <= opts.retries; i++) {
      if (i > 0) await sleep(retryAfterMs(lastError) ?? opts.backoffMs * 2 ** (i - 1));
      try {
        return await read(await get(url, AbortSignal.timeout(opts.timeoutMs), lib));
      } catch (e) {
        const failure = e as FetchFailure;
        if (e instanceof RegistryRequestError || !isRetryable(failure)) throw asRequestError(failure, url, opts.timeoutMs, creds.secrets);
        lastError = failure;
      }
    }
    throw asRequestError(lastError, url, opts.timeoutMs, creds.secrets, opts.retries + 1);
  }

  return {
    async json(url, maxBytes = DEFAULT_MAX_JSON) {
      try {
        return await attempt(url, async (res) => {
          const text = (await readBody(res.body, maxBytes, url)).toString('utf8');
          return { found: true as const, body: JSON.parse(text) as unknown };
        });
      } catch (e) {
        const status = (e as RegistryRequestError).status;
        if (status === 404 || status === 410) return { found: false, status };
        throw e;
      }
    },
    bytes(url, maxBytes = DEFAULT_MAX_BYTES) {
      return attempt(url, (res) => readBody(res.body, maxBytes, url));
    },
  };
}

/** The failure as a RegistryRequestError whose message holds no credential: URLs cut to scheme, host and path, known secrets masked. */
function asRequestError(e: FetchFailure, url: string, timeoutMs: number, secrets: readonly string[], attempts?: number): RegistryRequestError {
  if (e instanceof RegistryRequestError) return e;
  const safe = safeUrl(url);
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  return new RegistryRequestError(`GET ${safe} failed${tries}: ${safeText(describe(e, timeoutMs), secrets)}`, safe, statusOf(e));
}
