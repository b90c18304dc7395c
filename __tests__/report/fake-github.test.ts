// The stand-in must refuse what GitHub refuses, or tests against it prove nothing.
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';

const TOKEN = 'fake-token-for-tests';
let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({
    token: TOKEN,
    routes: {
      'GET /repos/:owner/:repo/contents/*': (req) => ({ status: 200, body: { path: req.params['*'], ref: req.query.get('ref') } }),
    },
  });
});
afterEach(async () => fake.close());

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<{ status: number; body: any }> {
  const res = await fetch(fake.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const annotation = (over: Record<string, unknown> = {}) => ({
  path: 'package.json',
  start_line: 3,
  end_line: 3,
  annotation_level: 'failure',
  message: 'bad',
  ...over,
});
const RUNS = '/repos/o/r/check-runs';

test('requires the token and records requests without it', async () => {
  expect((await call('POST', RUNS, { name: 'x', head_sha: 'abc' }, null)).status).toBe(401);
  expect((await call('POST', RUNS, { name: 'x', head_sha: 'abc' }, 'wrong')).status).toBe(401);
  expect((await call('POST', RUNS, { name: 'x', head_sha: 'abc' })).status).toBe(201);
  expect(fake.requests).toHaveLength(3);
  expect(fake.requests[2]).toMatchObject({ method: 'POST', path: RUNS, body: { name: 'x', head_sha: 'abc' } });
  expect(fake.requests[2].headers).not.toHaveProperty('authorization');
  expect(JSON.stringify(fake.requests)).not.toContain(TOKEN);
});

test.each([
  ['no name', { head_sha: 'abc' }, /"name" wasn't supplied/],
  ['no head_sha', { name: 'x' }, /"head_sha" wasn't supplied/],
  ['bad status', { name: 'x', head_sha: 'a', status: 'done' }, /not a valid status/],
  ['bad conclusion', { name: 'x', head_sha: 'a', conclusion: 'passed' }, /not a valid conclusion/],
  ['stale conclusion', { name: 'x', head_sha: 'a', conclusion: 'stale' }, /not a valid conclusion/],
  ['completed without conclusion', { name: 'x', head_sha: 'a', status: 'completed' }, /"conclusion" wasn't supplied/],
  ['output without summary', { name: 'x', head_sha: 'a', output: { title: 't' } }, /"summary" wasn't supplied/],
  ['summary too long', { name: 'x', head_sha: 'a', output: { title: 't', summary: 'x'.repeat(65536) } }, /longer than 65535/],
  ['51 annotations', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: Array(51).fill(annotation()) } }, /Only 50/],
  ['bad level', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [annotation({ annotation_level: 'error' })] } }, /annotation_level/],
  ['no path', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [annotation({ path: undefined })] } }, /"path"/],
  ['line 0', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [annotation({ start_line: 0 })] } }, /start_line/],
  ['no message', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [annotation({ message: undefined })] } }, /"message"/],
])('422 like GitHub: %s', async (_name, body, message) => {
  const res = await call('POST', RUNS, body);
  expect(res.status).toBe(422);
  expect(res.body.message).toMatch(message);
  expect(fake.checkRuns.size).toBe(0);
});

test('keeps state: PATCHes append annotations, conclusion completes, output replaced', async () => {
  const created = await call('POST', RUNS, { name: 'gate', head_sha: 'abc', status: 'in_progress' });
  const id = created.body.id;
  const batch = (n: number) => Array.from({ length: n }, (_, i) => annotation({ start_line: i + 1, end_line: i + 1 }));
  expect((await call('PATCH', `${RUNS}/${id}`, { status: 'completed' })).status).toBe(422);
  const first = await call('PATCH', `${RUNS}/${id}`, { conclusion: 'failure', output: { title: 'a', summary: 's1', annotations: batch(50) } });
  expect(first.status).toBe(200);
  const second = await call('PATCH', `${RUNS}/${id}`, { output: { title: 'b', summary: 's2', annotations: batch(7) } });
  expect(second.body).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'b', annotations_count: 57 } });
  expect(fake.checkRuns.get(id).output.annotations).toHaveLength(57);
  expect((await call('GET', `${RUNS}/${id}/annotations`)).body).toHaveLength(57);
  expect((await call('PATCH', `${RUNS}/999`, { conclusion: 'success' })).status).toBe(404);
  expect((await call('PATCH', `/repos/o/other/check-runs/${id}`, { conclusion: 'success' })).status).toBe(404);
});

test('extra routes answer before the built-ins, with params and query', async () => {
  const res = await call('GET', '/repos/o/r/contents/.github/policy.yml?ref=abc');
  expect(res).toEqual({ status: 200, body: { path: '.github/policy.yml', ref: 'abc' } });
  expect((await call('GET', '/repos/o/r/pulls/1')).status).toBe(404);
});

test.each([
  [403, 'Resource not accessible by integration'],
  [404, 'Not Found'],
  [500, 'Server Error'],
] as const)('checks: %d answers every check-run request that way', async (status, message) => {
  await fake.close();
  fake = await startFakeGitHub({ token: TOKEN, checks: status });
  const res = await call('POST', RUNS, { name: 'x', head_sha: 'abc' });
  expect(res.status).toBe(status);
  expect(res.body.message).toBe(message);
});
