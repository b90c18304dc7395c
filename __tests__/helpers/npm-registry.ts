// A real npm registry on 127.0.0.1 for tests: packuments (full and abbreviated), gzipped tarballs
// with their true sha512, /-/npm/v1/keys, /-/npm/v1/attestations/<name>@<version>, and registry
// signatures over `${name}@${version}:${integrity}` made with an ECDSA P-256 key generated here,
// keyid as npm computes it (OpenSSH SHA-256 fingerprint). It can misbehave on request.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface SigningKey {
  keyid: string;
  /** base64 SPKI DER */
  key: string;
  privateKey: crypto.KeyObject;
}

/** How the registry signs one version. */
export type SignatureMode = 'valid' | 'forged' | 'unknown-key' | 'none';

export interface PublishOptions {
  name: string;
  version: string;
  /** Files of the tarball, under package/. package.json is added when absent. */
  files?: Record<string, string>;
  /** time[version]; default: 30 days before now. */
  publishedAt?: string;
  npmUser?: string;
  deprecated?: string;
  signature?: SignatureMode;
  /** Serve (and sign) this dist.integrity instead of the tarball's true one. */
  integrity?: string;
  /** Serve these dist.signatures as given (real ones, from the registry signature vectors) instead of signing. */
  signatures?: { keyid: string; sig: string }[];
  /** Body for /-/npm/v1/attestations/<name>@<version>; lists dist.attestations in the packument. */
  attestations?: unknown;
  /** Whether dist.attestations lists a provenance predicate (default: when attestations are given). */
  provenance?: boolean;
}

export interface Published {
  integrity: string;
  tarball: string;
  bytes: Buffer;
}

export type Fault =
  | { kind: 'status'; status: number; times: number; match?: RegExp; retryAfter?: string }
  | { kind: 'hang'; match?: RegExp; times?: number }
  | { kind: 'truncate'; match?: RegExp; times?: number }
  | { kind: 'garbage'; match?: RegExp; times?: number }
  | { kind: 'reset'; match?: RegExp; times?: number }
  /** Answer 200 with this body instead. */
  | { kind: 'body'; body: string; match?: RegExp; times?: number }
  /** Answer `status` (302 by default) with `Location: <to><the request's path and query, less dropPrefix>`. */
  | { kind: 'redirect'; to: string; status?: number; dropPrefix?: string; match?: RegExp; times?: number };

export interface SeenRequest {
  path: string;
  accept?: string;
  authorization?: string;
  /** Every header as received (lower-case names). */
  headers: http.IncomingHttpHeaders;
}

export interface StartOptions {
  /** Loopback address to listen on (default 127.0.0.1); 127.0.0.2 is another host on Linux. */
  host?: string;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

/** The OpenSSH-style fingerprint npm uses as keyid, computed independently of the code under test. */
export function sshFingerprint(publicKey: crypto.KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  const wire = Buffer.concat([str(Buffer.from('ecdsa-sha2-nistp256')), str(Buffer.from('nistp256')), str(point)]);
  return 'SHA256:' + crypto.createHash('sha256').update(wire).digest('base64').replace(/=+$/, '');
}

export function generateSigningKey(): SigningKey {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { keyid: sshFingerprint(publicKey), key: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey };
}

function sign(key: SigningKey, message: string): string {
  return crypto.sign('sha256', Buffer.from(message), key.privateKey).toString('base64');
}

/** A ustar header + body for one regular file. */
function tarEntry(path: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => header.write(text, offset, length, 'utf8');
  put(path, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(content.length.toString(8).padStart(11, '0') + '\0', 124, 12);
  put('00000000000\0', 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, pad]);
}

/** A real npm tarball: gzipped tar with package/... entries. */
export function buildTarball(files: Record<string, string>): Buffer {
  const entries = Object.entries(files).map(([p, text]) => tarEntry(`package/${p}`, Buffer.from(text)));
  return zlib.gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

export function sha512Integrity(data: Buffer): string {
  return 'sha512-' + crypto.createHash('sha512').update(data).digest('base64');
}

interface StoredVersion {
  manifest: Record<string, unknown>;
  publishedAt: string;
  bytes: Buffer;
  attestations?: unknown;
}

export class TestRegistry {
  readonly key: SigningKey = generateSigningKey();
  /** A key the registry does not publish, for "signed by an unknown key". */
  readonly strangerKey: SigningKey = generateSigningKey();
  readonly requests: SeenRequest[] = [];
  faults: Fault[] = [];
  /** Delay before every answer. */
  latencyMs = 0;
  /** Whether /-/npm/v1/keys answers (404 otherwise, like a registry that does not sign). */
  servesKeys = true;
  /**
   * Answers wait until `until()` is true (checked every few ms) or `timeoutMs` passed: a test can ask
   * whether requests were in flight together. `releasedBy` says which came first.
   */
  hold?: { until: () => boolean; timeoutMs: number; releasedBy?: 'condition' | 'timeout' };
  /** Requests received and not yet answered, now and at most. */
  inFlight = 0;
  peakInFlight = 0;
  /** TCP connections accepted (fewer than requests when clients reuse them). */
  connections = 0;
  private readonly packages = new Map<string, Map<string, StoredVersion>>();
  private readonly sockets = new Set<import('node:net').Socket>();
  private server!: http.Server;
  url = '';

  static async start(opts: StartOptions = {}): Promise<TestRegistry> {
    const r = new TestRegistry();
    await r.listen(opts);
    return r;
  }

  private async listen(opts: StartOptions): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
    this.server.on(opts.tls ? 'secureConnection' : 'connection', () => this.connections++);
    this.server.on('connection', (s: import('node:net').Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    const host = opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    this.url = `${opts.tls ? 'https' : 'http'}://${host}:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The keys endpoint entry for the registry's key, as a policy would list it. */
  policyKey(expires: string | null = null) {
    return { keyid: this.key.keyid, key: this.key.key, expires };
  }

  tarballUrl(name: string, version: string): string {
    return `${this.url}${name}/-/${name.split('/').pop()}-${version}.tgz`;
  }

  publish(o: PublishOptions): Published {
    const files = { 'package.json': JSON.stringify({ name: o.name, version: o.version }), ...o.files };
    const bytes = buildTarball(files);
    const integrity = o.integrity ?? sha512Integrity(bytes);
    const tarball = this.tarballUrl(o.name, o.version);
    const dist: Record<string, unknown> = {
      integrity,
      shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
      tarball,
    };
    const message = `${o.name}@${o.version}:${integrity}`;
    switch (o.signatures ? 'given' : (o.signature ?? 'valid')) {
      case 'given':
        dist.signatures = o.signatures;
        break;
      case 'valid':
        dist.signatures = [{ keyid: this.key.keyid, sig: sign(this.key, message) }];
        break;
      case 'forged':
        dist.signatures = [{ keyid: this.key.keyid, sig: sign(this.strangerKey, message) }];
        break;
      case 'unknown-key':
        dist.signatures = [{ keyid: this.strangerKey.keyid, sig: sign(this.strangerKey, message) }];
        break;
      case 'none':
        break;
    }
    if (o.attestations !== undefined) {
      dist.attestations = {
        url: `${this.url}-/npm/v1/attestations/${o.name}@${o.version}`,
        ...((o.provenance ?? true) ? { provenance: { predicateType: 'https://slsa.dev/provenance/v1' } } : {}),
      };
    }
    const manifest: Record<string, unknown> = { name: o.name, version: o.version, dist, _npmUser: { name: o.npmUser ?? 'alice', email: 'a@example.com' } };
    if (o.deprecated) manifest.deprecated = o.deprecated;
    const versions = this.packages.get(o.name) ?? new Map<string, StoredVersion>();
    versions.set(o.version, {
      manifest,
      publishedAt: o.publishedAt ?? new Date(Date.now() - 30 * 86_400_000).toISOString(),
      bytes,
      attestations: o.attestations,
    });
    this.packages.set(o.name, versions);
    return { integrity, tarball, bytes };
  }

  private packument(name: string, abbreviated: boolean): unknown {
    const versions = this.packages.get(name)!;
    const list = [...versions.entries()];
    const time: Record<string, string> = {};
    for (const [v, s] of list) time[v] = s.publishedAt;
    const latest = list[list.length - 1][0];
    if (abbreviated) {
      // npm's corgi: install-relevant fields only, no time or _npmUser.
      const slim = Object.fromEntries(list.map(([v, s]) => [v, { name, version: v, dist: s.manifest.dist, deprecated: s.manifest.deprecated }]));
      return { name, modified: new Date().toISOString(), 'dist-tags': { latest }, versions: slim };
    }
    return {
      _id: name,
      name,
      'dist-tags': { latest },
      versions: Object.fromEntries(list.map(([v, s]) => [v, s.manifest])),
      time: { created: time[list[0][0]], modified: time[latest], ...time },
    };
  }

  private async held(hold: NonNullable<TestRegistry['hold']>): Promise<void> {
    const deadline = Date.now() + hold.timeoutMs;
    while (hold.releasedBy === undefined) {
      if (hold.until()) hold.releasedBy = 'condition';
      else if (Date.now() >= deadline) hold.releasedBy = 'timeout';
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  private takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => !f.match || f.match.test(path));
    if (i < 0) return undefined;
    const f = this.faults[i];
    const times = 'times' in f && f.times !== undefined ? f.times : Infinity;
    if (times <= 1) this.faults.splice(i, 1);
    else this.faults[i] = { ...f, times: times - 1 } as Fault;
    return f;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    this.requests.push({ path, accept: req.headers.accept, authorization: req.headers.authorization, headers: { ...req.headers } });
    if (this.hold) await this.held(this.hold);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.takeFault(path);
    if (fault?.kind === 'hang') return; // never answer; the client must give up
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'redirect') {
      const rest = (req.url ?? '/').slice(fault.dropPrefix?.length ?? 0);
      res.writeHead(fault.status ?? 302, { location: fault.to.replace(/\/$/, '') + (rest.startsWith('/') ? rest : `/${rest}`) });
      res.end();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
      res.end(JSON.stringify({ error: `injected ${fault.status}` }));
      return;
    }
    const answer = this.route(path, req.headers.accept ?? '');
    if (!answer) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"Not found"}');
      return;
    }
    let body = answer.body;
    if (fault?.kind === 'garbage') body = Buffer.from('<html>Service Unavailable</html>');
    if (fault?.kind === 'body') body = Buffer.from(fault.body);
    if (fault?.kind === 'truncate') {
      // Promise the whole body, send half, hang up: a cut-off JSON document.
      res.writeHead(200, { 'content-type': answer.type, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    res.writeHead(200, { 'content-type': answer.type, 'content-length': String(body.length) });
    res.end(body);
  }

  private route(path: string, accept: string): { body: Buffer; type: string } | undefined {
    const json = (v: unknown) => ({ body: Buffer.from(JSON.stringify(v)), type: 'application/json' });
    if (path === '/-/npm/v1/keys') {
      if (!this.servesKeys) return undefined;
      return json({ keys: [{ expires: null, keyid: this.key.keyid, keytype: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256', key: this.key.key }] });
    }
    const att = path.match(/^\/-\/npm\/v1\/attestations\/(.+)@([^@]+)$/);
    if (att) {
      const stored = this.packages.get(att[1])?.get(att[2]);
      return stored?.attestations !== undefined ? json(stored.attestations) : undefined;
    }
    const tgz = path.match(/^\/((?:@[^/]+\/)?[^/]+)\/-\/([^/]+)\.tgz$/);
    if (tgz) {
      const versions = this.packages.get(tgz[1]);
      const base = tgz[1].split('/').pop()!;
      const version = tgz[2].startsWith(base + '-') ? tgz[2].slice(base.length + 1) : '';
      const stored = versions?.get(version);
      return stored ? { body: stored.bytes, type: 'application/octet-stream' } : undefined;
    }
    const name = path.slice(1);
    if (!this.packages.has(name)) return undefined;
    const abbreviated = accept.includes('application/vnd.npm.install-v1+json');
    const doc = this.packument(name, abbreviated);
    return { ...json(doc), type: abbreviated ? 'application/vnd.npm.install-v1+json' : 'application/json' };
  }
}
