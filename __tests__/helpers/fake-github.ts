// A stand-in for the GitHub REST API: a real HTTP server on 127.0.0.1. It checks the token, records
// every request (without the token), rejects what GitHub's Checks API rejects with 422, and keeps
// the resulting state of each check run, annotations appended across PATCHes as GitHub does.
// Used by the report tests and by end-to-end tests that run the bundled action as a child process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Lower-case header names; `authorization` removed. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

export interface RouteRequest extends RecordedRequest {
  /** Values of `:name` segments in the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
}

/** `body` is sent as JSON, or as is when it is a Buffer. */
export type RouteAnswer = { status: number; body: unknown; headers?: Record<string, string> };
/** Return undefined to let the built-in handling answer. */
export type RouteHandler = (req: RouteRequest, body: unknown) => RouteAnswer | undefined;

export interface FakeGitHubOptions {
  /** The token requests must carry (`Authorization: token …` or `Bearer …`). Default 'fake-token'. */
  token?: string;
  /** How the check-run endpoints answer: normally, or always with this status. */
  checks?: 'ok' | 403 | 404 | 500;
  /** How the issue-comment endpoints answer: normally, or always with this status. */
  comments?: 'ok' | 403 | 404 | 500;
  /**
   * Extra routes, keyed `METHOD /path/:param/...`; a trailing `/*` matches the rest of the path
   * (as `params['*']`). Tried before the built-in check-run routes.
   */
  routes?: Record<string, RouteHandler>;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  checkRuns: Map<number, any>;
  /** Issue comments by id: body, issue number, author, and how many times each was edited. */
  comments: Map<number, StoredComment>;
  close(): Promise<void>;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  author_association: string;
  edits: number;
}

/** GitHub's limit on an issue comment body, in characters. */
export const COMMENT_BODY_MAX = 65536;

const CHECK_STATUSES = ['queued', 'in_progress', 'completed'];
// `stale` is set by GitHub only; waiting/requested/pending are reserved for Actions.
const CHECK_CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'];
const ANNOTATION_LEVELS = ['notice', 'warning', 'failure'];
const OUTPUT_MAX = 65535;
const ANNOTATION_MESSAGE_MAX = 64 * 1024;
const ANNOTATION_TITLE_MAX = 255;
const ANNOTATIONS_PER_REQUEST = 50;
const DOCS = 'https://docs.github.com/rest/checks/runs';

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = opts.token ?? 'fake-token';
  const requests: RecordedRequest[] = [];
  const checkRuns = new Map<number, any>();
  const comments = new Map<number, StoredComment>();
  let nextCommentId = 1000;
  const routes = compileRoutes(opts.routes ?? {});
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        headers: headersWithoutToken(req.headers),
        body: parseBody(raw),
      };
      requests.push(recorded);
      const answer = respond(recorded, url, req.headers.authorization);
      // A Buffer body is sent as is (raw media types such as the contents API's); anything else as JSON.
      const text = Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(text);
    });
  });

  function respond(r: RecordedRequest, url: URL, authorization: string | undefined): RouteAnswer {
    if (!authorized(authorization, token)) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    if (typeof r.body === 'string') return { status: 400, body: { message: 'Problems parsing JSON' } };
    for (const route of routes) {
      const params = route.match(r.method, url.pathname);
      if (!params) continue;
      const answer = route.handler({ ...r, params, query: url.searchParams }, r.body);
      if (answer) return answer;
    }
    const comment = commentRoutes(r, url);
    if (comment) return comment;
    return checkRunRoutes(r, url.pathname);
  }

  /** Issue comments as the REST API serves them: list (paginated), create, update; 422 past the size limit. */
  function commentRoutes(r: RecordedRequest, url: URL): RouteAnswer | undefined {
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const single = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (!list && !single) return undefined;
    if (opts.comments === 403) return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments', status: '403' } };
    if (opts.comments === 404) return notFound();
    if (opts.comments === 500) return { status: 500, body: { message: 'Server Error' } };
    const body = (r.body ?? {}) as Record<string, any>;
    const tooLong = (b: unknown) => typeof b !== 'string' || b === '' || [...b].length > COMMENT_BODY_MAX;
    const invalidBody = { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${COMMENT_BODY_MAX} characters)` }] } };
    if (list && r.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = [...comments.values()].filter((c) => c.issue === Number(list[1]));
      const data = all.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const headers: Record<string, string> = page < last ? { link: `<${baseUrl()}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : {};
      return { status: 200, body: data, headers };
    }
    if (list && r.method === 'POST') {
      if (tooLong(body.body)) return invalidBody;
      const c: StoredComment = { id: nextCommentId++, issue: Number(list[1]), body: body.body, user: { login: 'github-actions[bot]', type: 'Bot' }, author_association: 'NONE', edits: 0 };
      comments.set(c.id, c);
      return { status: 201, body: c };
    }
    if (single && r.method === 'PATCH') {
      const c = comments.get(Number(single[1]));
      if (!c) return notFound();
      if (tooLong(body.body)) return invalidBody;
      c.body = body.body;
      c.edits++;
      return { status: 200, body: c };
    }
    return notFound();
  }

  function checkRunRoutes(r: RecordedRequest, path: string): RouteAnswer {
    const collection = /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/.exec(path);
    const single = /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)(\/annotations)?$/.exec(path);
    if (!collection && !single) return notFound();
    if (opts.checks === 403) return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' } };
    if (opts.checks === 404) return notFound();
    if (opts.checks === 500) return { status: 500, body: { message: 'Server Error' } };
    const body = (r.body ?? {}) as Record<string, any>;

    if (collection && r.method === 'POST') {
      const problem = validateCheckRun(body, undefined);
      if (problem) return invalid(problem);
      const id = nextId++;
      const run = applyCheckRun({ id, owner: collection[1], repo: collection[2], output: { annotations: [] } }, body);
      run.name = body.name;
      run.head_sha = body.head_sha;
      checkRuns.set(id, run);
      return { status: 201, body: publicRun(run) };
    }
    if (single) {
      const run = checkRuns.get(Number(single[3]));
      if (!run || run.owner !== single[1] || run.repo !== single[2]) return notFound();
      if (single[4] && r.method === 'GET') return { status: 200, body: run.output.annotations };
      if (!single[4] && r.method === 'GET') return { status: 200, body: publicRun(run) };
      if (!single[4] && r.method === 'PATCH') {
        const problem = validateCheckRun(body, run);
        if (problem) return invalid(problem);
        applyCheckRun(run, body);
        return { status: 200, body: publicRun(run) };
      }
    }
    return notFound();
  }

  const baseUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    checkRuns,
    comments,
    // Closing twice is harmless, so tests can close in `finally` and in `afterEach`.
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function authorized(header: string | undefined, token: string): boolean {
  return header === `token ${token}` || header === `Bearer ${token}`;
}

function headersWithoutToken(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization' || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

interface CompiledRoute {
  handler: RouteHandler;
  match(method: string, path: string): Record<string, string> | undefined;
}

function compileRoutes(routes: Record<string, RouteHandler>): CompiledRoute[] {
  return Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ', 2);
    if (!pattern) throw new Error(`fake-github: route key "${key}" must be "METHOD /path"`);
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((seg) => {
        if (seg === '*') {
          names.push('*');
          return '(.*)';
        }
        if (seg.startsWith(':')) {
          names.push(seg.slice(1));
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    const regex = new RegExp(`^${source}$`);
    return {
      handler,
      match(m: string, path: string) {
        if (m.toUpperCase() !== method.toUpperCase()) return undefined;
        const found = regex.exec(path);
        if (!found) return undefined;
        return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])]));
      },
    };
  });
}

function notFound(): RouteAnswer {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}

function invalid(problem: string): RouteAnswer {
  return { status: 422, body: { message: `Invalid request.\n\n${problem}`, documentation_url: DOCS, status: '422' } };
}

/** What GitHub would refuse in a create (run undefined) or update body, as its 422 message words it. */
export function validateCheckRun(body: Record<string, any>, run: Record<string, any> | undefined): string | undefined {
  if (!run) {
    if (typeof body.name !== 'string' || body.name === '') return '"name" wasn\'t supplied.';
    if (typeof body.head_sha !== 'string' || body.head_sha === '') return '"head_sha" wasn\'t supplied.';
  } else if ('name' in body && (typeof body.name !== 'string' || body.name === '')) {
    return 'Invalid value for "name".';
  }
  if ('status' in body && !CHECK_STATUSES.includes(body.status)) return `"${body.status}" is not a valid status.`;
  if ('conclusion' in body && !CHECK_CONCLUSIONS.includes(body.conclusion)) return `"${body.conclusion}" is not a valid conclusion.`;
  const completing = body.status === 'completed' || 'completed_at' in body;
  if (completing && !('conclusion' in body) && !run?.conclusion) return '"conclusion" wasn\'t supplied.';
  if ('output' in body) return validateOutput(body.output);
  return undefined;
}

function validateOutput(output: any): string | undefined {
  if (output === null || typeof output !== 'object') return 'Invalid value for "output".';
  if (typeof output.title !== 'string') return '"title" wasn\'t supplied.';
  if (typeof output.summary !== 'string') return '"summary" wasn\'t supplied.';
  if (output.summary.length > OUTPUT_MAX) return `"summary" is longer than ${OUTPUT_MAX} characters (${output.summary.length}).`;
  if (output.text !== undefined && (typeof output.text !== 'string' || output.text.length > OUTPUT_MAX)) {
    return `"text" is not a string of at most ${OUTPUT_MAX} characters.`;
  }
  if (output.annotations === undefined) return undefined;
  if (!Array.isArray(output.annotations)) return 'Invalid value for "annotations".';
  if (output.annotations.length > ANNOTATIONS_PER_REQUEST) {
    return `Only ${ANNOTATIONS_PER_REQUEST} annotations are allowed per request (got ${output.annotations.length}).`;
  }
  for (const [i, a] of output.annotations.entries()) {
    const problem = validateAnnotation(a);
    if (problem) return `annotations[${i}]: ${problem}`;
  }
  return undefined;
}

function validateAnnotation(a: any): string | undefined {
  if (a === null || typeof a !== 'object') return 'not an object.';
  if (typeof a.path !== 'string' || a.path === '') return '"path" wasn\'t supplied.';
  for (const field of ['start_line', 'end_line']) {
    if (!Number.isInteger(a[field]) || a[field] < 1) return `"${field}" must be a positive integer.`;
  }
  if (a.end_line < a.start_line) return '"end_line" is before "start_line".';
  if (!ANNOTATION_LEVELS.includes(a.annotation_level)) return `"${a.annotation_level}" is not a valid annotation_level.`;
  if (typeof a.message !== 'string' || a.message === '') return '"message" wasn\'t supplied.';
  if (Buffer.byteLength(a.message, 'utf8') > ANNOTATION_MESSAGE_MAX) return '"message" is larger than 64 KB.';
  if (a.title !== undefined && (typeof a.title !== 'string' || a.title.length > ANNOTATION_TITLE_MAX)) {
    return `"title" is not a string of at most ${ANNOTATION_TITLE_MAX} characters.`;
  }
  if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
    return 'start_column and end_column are only allowed when start_line equals end_line.';
  }
  return undefined;
}

/** Folds a valid create/update body into the stored run, appending annotations like GitHub. */
function applyCheckRun(run: Record<string, any>, body: Record<string, any>): Record<string, any> {
  for (const key of ['name', 'details_url', 'external_id', 'started_at', 'completed_at']) {
    if (key in body) run[key] = body[key];
  }
  if ('status' in body) run.status = body.status;
  if ('conclusion' in body) {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  run.status ??= 'queued';
  if (body.output) {
    const { annotations = [], ...rest } = body.output;
    run.output = { ...run.output, ...rest, annotations: [...run.output.annotations, ...annotations] };
  }
  run.updates = (run.updates ?? 0) + 1;
  return run;
}

function publicRun(run: Record<string, any>): unknown {
  const { annotations, ...output } = run.output;
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion ?? null,
    details_url: run.details_url ?? null,
    output: { ...output, annotations_count: annotations.length },
  };
}
