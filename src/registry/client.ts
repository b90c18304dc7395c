// The only code that talks to a registry. HTTP through npm-registry-fetch (proxy, TLS, auth
// scoping); the retry policy is ours because a body that is cut off or is not JSON must be retried
// like a 5xx, which make-fetch-happen's own retry cannot see.
import npmFetch from 'npm-registry-fetch';
import type { NpmRegistryPolicy } from '../types.js';
import { own } from '../own.js';

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
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ERR_SOCKET_TIMEOUT', 'ECONNABORTED', 'EBODYREAD']);

/** A URL fit for a message: no user name or password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(unparseable URL)';
  }
}

/** npm's "nerf dart" for a registry URL: the config key prefix its token is filed under. */
export function nerfDart(registry: string): string {
  const u = new URL(registry);
  return `//${u.host}${u.pathname.endsWith('/') ? u.pathname : u.pathname + '/'}`;
}

interface FetchFailure {
  statusCode?: number;
  code?: string;
  name?: string;
  type?: string;
  message?: string;
  headers?: { get?(name: string): string | null };
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
  if (e instanceof SyntaxError) return `the answer is not valid JSON (${e.message})`;
  return e.code ? `${e.code}: ${e.message}` : (e.message ?? String(e));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readBody(body: AsyncIterable<Buffer | string>, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxBytes) throw new RegistryRequestError(`${redactUrl(url)} answered more than ${maxBytes} bytes`, redactUrl(url));
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * A client for one policy: the token in `env[tokenEnv]` goes only to the policy registry's host
 * (npm-registry-fetch matches it by nerf dart); proxies come from HTTPS_PROXY / NO_PROXY in `env`.
 */
export function createClient(policy: NpmRegistryPolicy, opts: ClientOptions): RegistryClient {
  const env = opts.env;
  const token = policy.tokenEnv ? own(env, policy.tokenEnv) : undefined;
  const base: Record<string, unknown> = {
    registry: policy.url,
    proxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
    maxSockets: opts.maxSockets,
    retry: { retries: 0 },
    timeout: opts.timeoutMs,
    headers: { accept: 'application/json' },
    preferOnline: true,
  };
  if (token) base[`${nerfDart(policy.url)}:_authToken`] = token;

  async function attempt<T>(url: string, read: (res: Awaited<ReturnType<typeof npmFetch>>) => Promise<T>): Promise<T> {
    let lastError: FetchFailure = {};
    for (let i = 0; i <= opts.retries; i++) {
      if (i > 0) await sleep(retryAfterMs(lastError) ?? opts.backoffMs * 2 ** (i - 1));
      try {
        const res = await npmFetch(url, { ...base, signal: AbortSignal.timeout(opts.timeoutMs) } as npmFetch.Options);
        return await read(res);
      } catch (e) {
        const failure = e as FetchFailure;
        if (e instanceof RegistryRequestError || !isRetryable(failure)) throw asRequestError(failure, url, opts.timeoutMs);
        lastError = failure;
      }
    }
    throw asRequestError(lastError, url, opts.timeoutMs, opts.retries + 1);
  }

  return {
    async json(url, maxBytes = DEFAULT_MAX_JSON) {
      try {
        return await attempt(url, async (res) => {
          const text = (await readBody(res.body as AsyncIterable<Buffer>, maxBytes, url)).toString('utf8');
          return { found: true as const, body: JSON.parse(text) as unknown };
        });
      } catch (e) {
        const status = (e as RegistryRequestError).status;
        if (status === 404 || status === 410) return { found: false, status };
        throw e;
      }
    },
    bytes(url, maxBytes = DEFAULT_MAX_BYTES) {
      return attempt(url, (res) => readBody(res.body as AsyncIterable<Buffer>, maxBytes, url));
    },
  };
}

function asRequestError(e: FetchFailure, url: string, timeoutMs: number, attempts?: number): RegistryRequestError {
  if (e instanceof RegistryRequestError) return e;
  const safe = redactUrl(url);
  const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  return new RegistryRequestError(`GET ${safe} failed${tries}: ${describe(e, timeoutMs)}`, safe, statusOf(e));
}
