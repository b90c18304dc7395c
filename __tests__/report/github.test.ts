// The publisher against a real HTTP server that answers like the Checks API (see helpers/fake-github).
import http from 'node:http';
import { CheckRunPublisher, MAX_ANNOTATIONS, type CheckRunTarget } from '../../src/report/github.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { manyFindings, report } from './report-fixture.js';

const TOKEN = 'ghs_s3cr3tT0kenValue1234567890';

interface Captured {
  logs: string[];
  warnings: string[];
  emitted: string[];
}

function publisher(fake: { url: string }, over: Partial<CheckRunTarget> = {}, opts = {}): { pub: CheckRunPublisher; out: Captured } {
  const out: Captured = { logs: [], warnings: [], emitted: [] };
  const target: CheckRunTarget = {
    token: TOKEN,
    apiUrl: fake.url,
    owner: 'octo',
    repo: 'app',
    headSha: 'b'.repeat(40),
    name: 'mcp-supply-gate',
    ...over,
  };
  const log = { info: (m: string) => out.logs.push(m), warning: (m: string) => out.warnings.push(m) };
  const pub = new CheckRunPublisher(target, log, (line) => out.emitted.push(line), { retryDelaysMs: [5, 5], ...opts });
  return { pub, out };
}

function expectNoToken(out: Captured, fake?: FakeGitHub): void {
  const everything = [...out.logs, ...out.warnings, ...out.emitted].join('\n');
  expect(everything).not.toContain(TOKEN);
  if (fake) expect(JSON.stringify(fake.requests)).not.toContain(TOKEN);
}

const annotationCount = (fake: FakeGitHub | undefined, i: number) => (fake!.requests[i].body as any)?.output?.annotations?.length;

describe('CheckRunPublisher', () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  test('120 findings: created in progress, then three PATCHes of 50, 50 and 20 annotations', async () => {
    fake = await startFakeGitHub({ token: TOKEN });
    const { pub, out } = publisher(fake, { detailsUrl: 'https://example.test/run/1' });
    await pub.start();
    const r = report({ findings: manyFindings(120) });
    const result = await pub.complete(r);

    expect(result).toEqual({ mode: 'check-run', checkRunId: 1 });
    expect(fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      'POST /repos/octo/app/check-runs',
      'PATCH /repos/octo/app/check-runs/1',
      'PATCH /repos/octo/app/check-runs/1',
      'PATCH /repos/octo/app/check-runs/1',
    ]);
    expect(fake.requests[0].body).toEqual({
      name: 'mcp-supply-gate',
      head_sha: 'b'.repeat(40),
      status: 'in_progress',
      details_url: 'https://example.test/run/1',
    });
    expect([1, 2, 3].map((i) => annotationCount(fake, i))).toEqual([50, 50, 20]);
    expect((fake.requests[1].body as any).conclusion).toBe('failure');

    const run = fake.checkRuns.get(1);
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe(r.title);
    expect(run.output.summary).toMatch(/^## ❌ mcp-supply-gate/);
    expect(run.output.annotations).toHaveLength(120);
    // Most severe first, every finding annotated once.
    expect(run.output.annotations[0].annotation_level).toBe('failure');
    expect(new Set(run.output.annotations.map((a: any) => a.title)).size).toBe(120);
    expect(out.emitted).toEqual([]);
    expect(out.warnings).toEqual([]);
    expectNoToken(out, fake);
  });

  test('complete without start creates the run completed, then appends the rest', async () => {
    fake = await startFakeGitHub({ token: TOKEN });
    const { pub } = publisher(fake);
    const result = await pub.complete(report({ findings: manyFindings(60) }));
    expect(result.mode).toBe('check-run');
    expect(fake.requests.map((q) => q.method)).toEqual(['POST', 'PATCH']);
    expect((fake.requests[0].body as any).status).toBe('completed');
    expect(fake.checkRuns.get(1).output.annotations).toHaveLength(60);
  });

  test('no findings: one request that still carries the conclusion and summary', async () => {
    fake = await startFakeGitHub({ token: TOKEN });
    const { pub } = publisher(fake);
    await pub.start();
    const result = await pub.complete(report({ findings: [], conclusion: 'success', title: 'No MCP dependency changed' }));
    expect(result.mode).toBe('check-run');
    expect(fake.requests).toHaveLength(2);
    expect(fake.checkRuns.get(1)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  test('403 on a fork PR: one workflow command per finding, one log line saying why, token never shown', async () => {
    fake = await startFakeGitHub({ token: TOKEN, checks: 403 });
    const { pub, out } = publisher(fake);
    await pub.start();
    const result = await pub.complete(report({ findings: manyFindings(120) }));

    expect(result).toEqual({ mode: 'workflow-commands' });
    expect(fake.requests).toHaveLength(1); // refused once, not asked again
    expect(out.emitted).toHaveLength(120);
    expect(out.emitted.filter((l) => l.startsWith('::error file=')).length).toBe(40);
    expect(out.emitted.every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,title=.*::/.test(l))).toBe(true);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('HTTP 403: Resource not accessible by integration');
    expect(out.warnings[0]).toContain('workflow-command annotations');
    expect(out.logs).toEqual([]); // a 4xx is final: no retries
    expectNoToken(out, fake);
  });

  test('404 at complete falls back the same way', async () => {
    fake = await startFakeGitHub({ token: TOKEN, checks: 404 });
    const { pub, out } = publisher(fake);
    const result = await pub.complete(report({ findings: manyFindings(3) }));
    expect(result.mode).toBe('workflow-commands');
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('HTTP 404: Not Found');
    expect(out.emitted).toHaveLength(3);
  });

  test('a wrong token (401) falls back, and the token is not in the log', async () => {
    fake = await startFakeGitHub({ token: 'the-right-token' });
    const { pub, out } = publisher(fake);
    await pub.start();
    expect((await pub.complete(report())).mode).toBe('workflow-commands');
    expect(out.warnings[0]).toContain('HTTP 401: Bad credentials');
    expectNoToken(out, fake);
  });

  test('an API that echoes the token in its error message is redacted', async () => {
    fake = await startFakeGitHub({
      token: TOKEN,
      routes: { 'POST /repos/:owner/:repo/check-runs': () => ({ status: 403, body: { message: `token ${TOKEN} lacks checks:write` } }) },
    });
    const { pub, out } = publisher(fake);
    await pub.start();
    await pub.complete(report());
    expect(out.warnings[0]).toContain('token *** lacks checks:write');
    expectNoToken(out);
  });

  test('5xx is retried a couple of times, then falls back', async () => {
    fake = await startFakeGitHub({ token: TOKEN, checks: 500 });
    const { pub, out } = publisher(fake);
    await pub.start();
    const result = await pub.complete(report());
    expect(result.mode).toBe('workflow-commands');
    expect(fake.requests).toHaveLength(3); // first try + 2 retries, then no more requests
    expect(out.logs).toHaveLength(2);
    expect(out.logs[0]).toMatch(/retrying in 5 ms/);
    expect(out.warnings).toHaveLength(1);
    expect(out.emitted).toHaveLength(3);
  });

  test('a transient 5xx is retried and the check run is still published', async () => {
    let failures = 1;
    fake = await startFakeGitHub({
      token: TOKEN,
      routes: {
        'PATCH /repos/:owner/:repo/check-runs/:id': () => (failures-- > 0 ? { status: 502, body: { message: 'Bad Gateway' } } : undefined),
      },
    });
    const { pub, out } = publisher(fake);
    await pub.start();
    const result = await pub.complete(report({ findings: manyFindings(70) }));
    expect(result.mode).toBe('check-run');
    expect(fake.checkRuns.get(1).output.annotations).toHaveLength(70);
    expect(out.logs).toHaveLength(1);
    expect(out.warnings).toEqual([]);
  });

  test('network errors (nothing listening) are retried, then fall back', async () => {
    const gone = await startFakeGitHub({ token: TOKEN });
    const url = gone.url;
    await gone.close();
    const { pub, out } = publisher({ url });
    await pub.start();
    const result = await pub.complete(report({ findings: manyFindings(4) }));
    expect(result.mode).toBe('workflow-commands');
    expect(out.logs).toHaveLength(2);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/network error: .*ECONNREFUSED/);
    expect(out.emitted).toHaveLength(4);
    expectNoToken(out);
  });

  test('a request that hangs is timed out and retried', async () => {
    const hang = await startHangingServer();
    try {
      const { pub, out } = publisher({ url: hang.url }, {}, { timeoutMs: 100, retryDelaysMs: [5] });
      const result = await pub.complete(report());
      expect(result.mode).toBe('workflow-commands');
      expect(out.warnings[0]).toMatch(/timed out|network error/);
      expect(hang.count()).toBe(2);
    } finally {
      await hang.close();
    }
  });

  test('refused after the first batch: the rest go out as workflow commands, announced once', async () => {
    let patches = 0;
    fake = await startFakeGitHub({
      token: TOKEN,
      routes: {
        'PATCH /repos/:owner/:repo/check-runs/:id': () =>
          ++patches > 1 ? { status: 403, body: { message: 'Resource not accessible by integration' } } : undefined,
      },
    });
    const { pub, out } = publisher(fake);
    await pub.start();
    const result = await pub.complete(report({ findings: manyFindings(120) }));
    expect(result).toEqual({ mode: 'workflow-commands', checkRunId: 1 });
    expect(fake.checkRuns.get(1).output.annotations).toHaveLength(50);
    expect(fake.checkRuns.get(1).conclusion).toBe('failure');
    expect(out.emitted).toHaveLength(70);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('70 of 120 findings');
  });

  test(`annotations are capped at ${MAX_ANNOTATIONS}, most severe kept, and the summary says so`, async () => {
    fake = await startFakeGitHub({ token: TOKEN });
    const { pub } = publisher(fake);
    await pub.start();
    const result = await pub.complete(report({ findings: manyFindings(MAX_ANNOTATIONS + 200) }));
    expect(result.mode).toBe('check-run');
    const run = fake.checkRuns.get(1);
    expect(run.output.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(fake.requests).toHaveLength(1 + MAX_ANNOTATIONS / 50);
    const levels = run.output.annotations.map((a: any) => a.annotation_level);
    expect(levels.filter((l: string) => l === 'notice').length).toBeLessThan(MAX_ANNOTATIONS / 3);
    expect(run.output.summary).toContain(`the ${MAX_ANNOTATIONS} most severe of ${MAX_ANNOTATIONS + 200} findings are annotated`);
    expect(run.output.summary.length).toBeLessThanOrEqual(65535);
  });
});

/** A server that accepts requests and never answers, counting them. */
async function startHangingServer(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer(() => {
    n++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => n,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
