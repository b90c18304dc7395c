// HTTPS_PROXY / NO_PROXY from the environment the stage is given (not process.env) are honoured.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatherFacts } from '../../src/registry/index.js';
import { TestRegistry } from '../helpers/npm-registry.js';
import { added, lockEntry } from './items.js';
import { testPolicy } from './policy.js';

/** A forwarding HTTP proxy on 127.0.0.1 that records the absolute URLs it was asked for. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const upstream = http.request(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

it('goes through the proxy named in env, and around it for NO_PROXY hosts', async () => {
  const reg = await TestRegistry.start();
  const proxy = await startProxy();
  try {
    const p = reg.publish({ name: 'mcp-proxied', version: '1.0.0' });
    const items = [added(lockEntry('mcp-proxied', '1.0.0', { integrity: p.integrity }))];
    const policy = testPolicy({ url: reg.url, keys: [reg.policyKey()] });
    const opts = { now: new Date(), timeoutMs: 2000, retries: 0 };

    const via = await gatherFacts(items, policy, { ...opts, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });
    expect(via.npm.get('mcp-proxied')?.versions?.['1.0.0']?.signature?.status).toBe('verified');
    expect(proxy.seen).toContain(`${reg.url}mcp-proxied`);

    proxy.seen.length = 0;
    const around = await gatherFacts(items, policy, { ...opts, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect(around.npm.get('mcp-proxied')?.versions?.['1.0.0']?.signature?.status).toBe('verified');
    expect(proxy.seen).toEqual([]);
  } finally {
    await proxy.close();
    await reg.close();
  }
});
