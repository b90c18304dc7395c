// What every client config reads into: server entries as the file states them, turned into McpServers,
// the packages their command launches (Dependency, kind 'config'), and what the file shows by itself
// (FileIssues: a launcher that cannot be traced or gives a container the host, a literal credential).
import { type Launch, parseLaunch } from '../launch/index.js';
import { argSecrets } from '../launch/secrets.js';
import type { McpServer, Dependency, FileIssue, ParsedFile } from '../../../types.js';
import { type SecretHit, secretIssue, findSecret } from '../../../redact/secrets.js';
import { urlSecret } from '../../../redact/urls.js';

/** A value with the 1-based line where the file defines it. */
export interface At<T = string> {
  value: T;
  line: number;
}

export interface Named extends At {
  name: string;
}

/** One server entry as a file states it, before reading what it launches. */
export interface ServerEntry {
  name: string;
  /** `mcpServers/<name>` etc. */
  key: string;
  line: number;
  type?: string;
  command?: At;
  args: At[];
  env: Named[];
  headers: Named[];
  /** The remote endpoint and the field it came from (`url`, `httpUrl`, `serverUrl`). */
  url?: At & { field: string };
  /** A Zed extension server: nothing is launched from the config itself. */
  extension?: boolean;
  /** Other strings that may hold a credential (Zed extension settings): `where` names them in messages. */
  extra: (Named & { where: string; key: string })[];
}

const HTTP_TYPES = new Set(['http', 'streamable-http', 'streamablehttp', 'streamable_http', 'streamable']);

export function transportOf(entry: ServerEntry, client: string, launch: Launch | undefined): McpServer['transport'] {
  const t = entry.type?.toLowerCase();
  if (t === 'stdio') return 'stdio';
  if (t === 'sse') return 'sse';
  if (t !== undefined && HTTP_TYPES.has(t)) return 'http';
  if (entry.command !== undefined) return launch?.url !== undefined ? 'http' : 'stdio';
  if (entry.url !== undefined) {
    if (entry.url.field === 'url' && client === 'gemini') return 'sse'; // Gemini CLI: `url` is SSE, `httpUrl` streamable HTTP
    if (entry.url.field === 'url' && /\/sse\/?(\?.*)?$/i.test(entry.url.value)) return 'sse';
    return 'http';
  }
  return 'unknown';
}

export class Collector {
  readonly deps: Dependency[] = [];
  readonly servers: McpServer[] = [];
  readonly issues: FileIssue[] = [];
  private readonly issueKeys = new Set<string>();
  private readonly depKeys = new Set<string>();

  constructor(
    readonly file: string,
    readonly client: string,
  ) {}

  issue(issue: FileIssue): void {
    if (this.issueKeys.has(issue.key)) return;
    this.issueKeys.add(issue.key);
    this.issues.push(issue);
  }

  secret(line: number, key: string, where: string, hit: SecretHit | undefined): void {
    if (hit) this.issue(secretIssue(line, key, where, hit));
  }

  add(entry: ServerEntry): void {
    const launch = entry.command !== undefined && !entry.extension ? parseLaunch(entry.command.value, entry.args.map((a) => a.value)) : undefined;
    const server: McpServer = {
      file: this.file,
      line: entry.line,
      key: entry.key,
      name: entry.name,
      client: this.client,
      transport: transportOf(entry, this.client, launch),
    };
    if (entry.command !== undefined) {
      server.command = entry.command.value;
      server.args = entry.args.map((a) => a.value);
    }
    const url = launch?.url ?? entry.url?.value;
    if (url !== undefined) server.url = url;
    if (launch !== undefined) {
      server.launcher = launch.launcher;
      if (launch.program !== undefined) server.program = launch.program;
      if (launch.local !== undefined) server.local = launch.local;
      // A user's own config (`scan --user`, named ~/...) has no repository to be outside of.
      if (launch.outside !== undefined && !this.file.startsWith('~/')) server.outside = launch.outside;
    }
    if (entry.env.length > 0) server.env = entry.env.map((e) => e.name);
    this.servers.push(server);

    const label = `MCP server "${entry.name}"`;
    if (launch !== undefined) {
      for (const pkg of launch.packages) {
        const key = `${entry.key}#${pkg.ecosystem}:${pkg.name}`;
        if (this.depKeys.has(key)) continue;
        this.depKeys.add(key);
        const dep: Dependency = { ecosystem: pkg.ecosystem, name: pkg.name, spec: pkg.spec, specType: pkg.specType, file: this.file, line: entry.line, kind: 'config', key, server: entry.key };
        if (pkg.version !== undefined) dep.version = pkg.version;
        if (pkg.integrity !== undefined) dep.integrity = pkg.integrity;
        if (pkg.registry !== undefined) dep.registry = pkg.registry;
        if (pkg.extraRegistries !== undefined && pkg.extraRegistries.length > 0) dep.extraRegistries = [...pkg.extraRegistries];
        this.deps.push(dep);
      }
      const line = entry.command?.line ?? entry.line;
      launch.problems.forEach((problem, k) => {
        this.issue({ rule: 'launcher', line, key: `${entry.key}/launcher/${launch.problemIds[k]}`, message: `${label} ${problem}.` });
      });
    }

    for (const e of entry.env) this.secret(e.line, `${entry.key}/env/${e.name}`, `env ${e.name} of ${label}`, findSecret(e.name, e.value));
    for (const h of entry.headers) this.secret(h.line, `${entry.key}/headers/${h.name}`, `header ${h.name} of ${label}`, findSecret(h.name, h.value));
    if (entry.url !== undefined) this.secret(entry.url.line, `${entry.key}/${entry.url.field}`, `the ${entry.url.field} of ${label}`, urlSecret(entry.url.value));
    this.argSecrets(entry, label);
    for (const x of entry.extra) this.secret(x.line, x.key, `${x.where} of ${label}`, findSecret(x.name, x.value));
  }

  /** `--api-key=sk-...`, `--token sk-...`, `KEY=value`, `Authorization: Bearer ...`, a token-shaped argument, a URL with credentials. */
  private argSecrets(entry: ServerEntry, label: string): void {
    for (const f of argSecrets(entry.args, entry.command)) {
      const where = f.name === undefined ? `an argument of ${label}` : `argument ${f.name} of ${label}`;
      this.secret(f.line, `${entry.key}/args${f.name === undefined ? '' : `/${f.name}`}`, where, f.hit);
    }
  }

  result(): ParsedFile {
    return { deps: this.deps, servers: this.servers, issues: this.issues };
  }
}
