// MCP client configs: the files through which most MCP servers enter a repository. Each server entry
// becomes an McpServer (with the line of its name), the packages its command launches become
// Dependency entries (kind 'config'), and what the file shows by itself becomes FileIssues: a launcher
// that cannot be traced to a package or gives a container the host ('launcher'), and literal
// credentials in env, headers, args or URLs ('secret', masked).
//
// Clients and their files (JSON is read as JSONC everywhere: comments and trailing commas are
// tolerated even where a client is strict, because this gate judges what a file launches, not whether
// the client would load it):
//   Claude Code `.mcp.json` (and Visual Studio's, at a solution root: `servers` + `inputs`), Claude Desktop `claude_desktop_config.json`, Cursor `.cursor/mcp.json`,
//   Windsurf `mcp_config.json`: `mcpServers`; VS Code `.vscode/mcp.json`: `servers` + `inputs`;
//   Gemini CLI `.gemini/settings.json`: `mcpServers`; Codex `.codex/config.toml`: `[mcp_servers.<name>]`;
//   Zed `.zed/settings.json`: `context_servers`; Continue `.continue/mcpServers/*.yaml|*.yml|*.json`
//   (and `.continue/config.yaml`): a `mcpServers` list; any other `mcp.json`: `mcpServers` or `servers`.
// User-level configs (what `scan --user` reads): Claude Code's `~/.claude.json` (`mcpServers` at the
// top and under each `projects.<dir>`), VS Code's user-profile `<Code>/User/mcp.json` (as
// `.vscode/mcp.json`), Zed's Windows `%APPDATA%\Zed\settings.json` (as `.zed/settings.json`).
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';
import { parseLaunch, splitCommandLine, type Launch } from '../mcp/launch.js';
import type { Dependency, FileIssue, McpServer, ParsedFile } from '../types.js';
import { fileName, type Format, lineIndex, ParseError, underNodeModules } from './format.js';
import { readYamlDocument } from './yaml-doc.js';
import {
  expectObject,
  expectString,
  membersOf,
  parseJsonDocument,
  pathLabel,
  stringMember,
  typeName,
  withDepthGuard,
  type JsonDocument,
  type JsonMember,
  type JsonNode,
} from './json-positions.js';
import { findSecret, secretIssue, type SecretHit } from './secrets.js';
import { isTable, optString, optTable, parseTomlDocument, tomlLabel, tomlTypeName, valueAt, type TomlDocument } from './toml-lines.js';

/** A value with the 1-based line where the file defines it. */
interface At<T = string> {
  value: T;
  line: number;
}

interface Named extends At {
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

// ---------------------------------------------------------------------------------------------
// From entries to servers, dependencies and issues

const HTTP_TYPES = new Set(['http', 'streamable-http', 'streamablehttp', 'streamable_http', 'streamable']);

function transportOf(entry: ServerEntry, client: string, launch: Launch | undefined): McpServer['transport'] {
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

class Collector {
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

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** A literal credential found in a launch's arguments; `arg` is its index in `args` (undefined: a word of the command string). */
export interface ArgSecret {
  line: number;
  name?: string;
  arg?: number;
  hit: SecretHit;
}

/**
 * Literal credentials in arguments: `--api-key=sk-...`, `--token sk-...`, `KEY=value`,
 * `Authorization: Bearer ...`, a token-shaped argument, a URL with credentials. A single-string
 * command (`"npx -y pkg --api-key=..."`) has its words after the first scanned as arguments too.
 */
export function argSecrets(args: readonly { value: string; line: number }[], cmd?: { value: string; line: number }): ArgSecret[] {
  const words = cmd && /\s/.test(cmd.value.trim()) ? splitCommandLine(cmd.value).slice(1).map((value) => ({ line: cmd.line, value, arg: undefined as number | undefined })) : [];
  const all = [...words, ...args.map((a, i) => ({ line: a.line, value: a.value, arg: i as number | undefined }))];
  const out: ArgSecret[] = [];
  all.forEach((a, k) => {
    const v = a.value;
    const prev = k > 0 ? all[k - 1].value : undefined;
    let name: string | undefined;
    let value = v;
    let hit: SecretHit | undefined;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(v)) {
      hit = urlSecret(v);
      name = 'url';
    } else if (/^--?[A-Za-z][\w.-]*=/.test(v)) {
      const eq = v.indexOf('=');
      name = v.slice(0, eq);
      value = v.slice(eq + 1);
      hit = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? urlSecret(value) : findSecret(name.replace(/^-+/, ''), value);
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      const eq = v.indexOf('=');
      name = v.slice(0, eq);
      hit = findSecret(name, v.slice(eq + 1));
    } else if (/^[A-Za-z][A-Za-z0-9-]*:\s/.test(v) || /^[A-Za-z][A-Za-z0-9-]*:\S/.test(v) && !v.includes('/')) {
      const colon = v.indexOf(':');
      name = v.slice(0, colon);
      hit = findSecret(name, v.slice(colon + 1).trim());
    } else if (prev !== undefined && /^--?[A-Za-z][\w.-]*$/.test(prev) && !v.startsWith('-')) {
      name = prev;
      hit = findSecret(prev.replace(/^-+/, ''), v);
    } else {
      hit = findSecret(undefined, v);
    }
    if (!hit) return;
    const f: ArgSecret = { line: a.line, hit };
    if (name !== undefined) f.name = name;
    if (a.arg !== undefined) f.arg = a.arg;
    out.push(f);
  });
  return out;
}

/**
 * A credential a URL carries: `https://user:pass@host`, a token as user, a `?api_key=`/`?token=`
 * query parameter, or a token-shaped string anywhere in it (some services put keys in the path).
 */
export function urlSecret(url: string): SecretHit | undefined {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(url);
  if (!m) return findSecret(undefined, url);
  const authority = m[1];
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const hit =
      colon === -1 ? findSecret(undefined, decode(userinfo)) : findSecret('password', decode(userinfo.slice(colon + 1))) ?? findSecret(undefined, decode(userinfo.slice(0, colon)));
    if (hit) return hit;
  }
  if (m[3] !== undefined) {
    for (const part of m[3].slice(1).split('&')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      const name = decode(part.slice(0, eq));
      const hit = findSecret(/^(key|sig|signature|auth)$/i.test(name) ? 'api_key' : name, decode(part.slice(eq + 1)));
      if (hit) return hit;
    }
  }
  return findSecret(undefined, m[2]);
}

// ---------------------------------------------------------------------------------------------
// JSON / JSONC configs

interface JsonReadOptions {
  /** Zed: `command` may be `{ path, args, env }`; `source: "extension"`; `settings` may hold credentials. */
  zed?: boolean;
}

function stringArray(doc: JsonDocument, member: JsonMember | undefined, label: string): At[] {
  if (member === undefined) return [];
  if (member.value.type !== 'array') {
    throw new ParseError(`${label} must be an array of strings, found ${typeName(member.value)}`, doc.file, doc.lineOf(member.value));
  }
  return (member.value.children ?? []).map((node, k) => ({ value: expectString(doc, node, `${label}[${k}]`), line: doc.lineOf(node) }));
}

function stringMap(doc: JsonDocument, member: JsonMember | undefined, label: string): Named[] {
  if (member === undefined || member.value.type === 'null') return [];
  return [...expectObject(doc, member.value, label).values()].map((m) => ({
    name: m.key,
    value: expectString(doc, m.value, pathLabel(label, m.key)),
    line: m.line,
  }));
}

/** Every string below a node (Zed extension settings), with its key, for the secret scan. */
function nestedStrings(doc: JsonDocument, node: JsonNode, label: string, key: string, out: ServerEntry['extra'], depth = 0): void {
  if (depth > 20 || out.length > 1000) return;
  if (node.type === 'object') {
    for (const m of membersOf(doc, node).values()) {
      if (m.value.type === 'string') {
        out.push({ name: m.key, value: m.value.value as string, line: m.line, where: `setting ${pathLabel(label, m.key)}`, key: `${key}/${m.key}` });
      } else nestedStrings(doc, m.value, pathLabel(label, m.key), `${key}/${m.key}`, out, depth + 1);
    }
  } else if (node.type === 'array') {
    for (const child of node.children ?? []) nestedStrings(doc, child, label, key, out, depth + 1);
  }
}

function readJsonServers(doc: JsonDocument, section: JsonMember, sectionName: string, options: JsonReadOptions = {}): ServerEntry[] {
  const out: ServerEntry[] = [];
  for (const m of expectObject(doc, section.value, sectionName).values()) {
    const label = pathLabel(sectionName, m.key);
    const fields = expectObject(doc, m.value, label);
    const entry: ServerEntry = { name: m.key, key: `${sectionName}/${m.key}`, line: m.line, args: [], env: [], headers: [], extra: [] };
    const type = stringMember(doc, fields, 'type', label);
    if (type !== undefined) entry.type = type;
    const command = fields.get('command');
    let args = fields.get('args');
    let env = fields.get('env');
    let argsLabel = pathLabel(label, 'args');
    let envLabel = pathLabel(label, 'env');
    if (command !== undefined && options.zed && command.value.type === 'object') {
      // Zed's older shape: "command": { "path": "npx", "args": [...], "env": {...} }
      const inner = membersOf(doc, command.value);
      const commandLabel = pathLabel(label, 'command');
      const path = stringMember(doc, inner, 'path', commandLabel);
      if (path !== undefined) entry.command = { value: path, line: inner.get('path')!.line };
      args = inner.get('args') ?? args;
      env = inner.get('env') ?? env;
      argsLabel = pathLabel(commandLabel, 'args');
      envLabel = pathLabel(commandLabel, 'env');
    } else if (command !== undefined) {
      entry.command = { value: expectString(doc, command.value, pathLabel(label, 'command')), line: command.line };
    }
    entry.args = stringArray(doc, args, argsLabel);
    entry.env = stringMap(doc, env, envLabel);
    entry.headers = stringMap(doc, fields.get('headers'), pathLabel(label, 'headers'));
    for (const field of ['url', 'httpUrl', 'serverUrl']) {
      const url = stringMember(doc, fields, field, label);
      if (url !== undefined) {
        entry.url = { value: url, line: fields.get(field)!.line, field };
        break;
      }
    }
    if (options.zed) {
      if (stringMember(doc, fields, 'source', label) === 'extension') entry.extension = true;
      const settings = fields.get('settings');
      if (settings !== undefined) nestedStrings(doc, settings.value, pathLabel(label, 'settings'), `${entry.key}/settings`, entry.extra);
    }
    out.push(entry);
  }
  return out;
}

/** VS Code `inputs`: a literal `default` for a password input is a committed credential. */
function vscodeInputs(doc: JsonDocument, top: Map<string, JsonMember>, c: Collector): void {
  const inputs = top.get('inputs');
  if (inputs === undefined) return;
  if (inputs.value.type !== 'array') {
    throw new ParseError(`inputs must be an array, found ${typeName(inputs.value)}`, doc.file, doc.lineOf(inputs.value));
  }
  (inputs.value.children ?? []).forEach((node, k) => {
    const label = `inputs[${k}]`;
    const fields = expectObject(doc, node, label);
    const id = stringMember(doc, fields, 'id', label) ?? String(k);
    const def = fields.get('default');
    if (def === undefined || def.value.type !== 'string') return;
    const password = fields.get('password')?.value.value === true;
    const hit = findSecret(password ? 'password' : id, def.value.value as string);
    c.secret(def.line, `inputs/${id}/default`, `the default of input "${id}"`, hit);
  });
}

function jsonTop(text: string, file: string): { doc: JsonDocument; top: Map<string, JsonMember> } {
  const doc = parseJsonDocument(text, file, { jsonc: true });
  if (doc.root.type !== 'object') {
    throw new ParseError(`${fileName(file)} must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  }
  return { doc, top: membersOf(doc, doc.root) };
}

function parseJsonConfig(text: string, file: string, client: string, sections: readonly string[], options: JsonReadOptions = {}): ParsedFile {
  return withDepthGuard(file, () => {
    rejectBinary(text, file);
    const { doc, top } = jsonTop(text, file);
    const c = new Collector(file, client);
    let read = false;
    for (const name of sections) {
      const section = top.get(name);
      if (section === undefined) continue;
      read = true;
      if (section.value.type === 'null') continue;
      for (const entry of readJsonServers(doc, section, name, options)) c.add(entry);
    }
    if (!read) shapeNotice(doc, top, file, client, sections, c);
    if (client === 'vscode' || (client === 'claude-code' && top.has('servers'))) vscodeInputs(doc, top, c);
    return c.result();
  });
}

/**
 * Claude Code's user file `~/.claude.json`: user-scope servers in the top-level `mcpServers`, and
 * local-scope servers under `projects.<directory>.mcpServers`. The rest of the file (history, caches,
 * OAuth account details) is not read.
 */
function parseClaudeUser(text: string, file: string): ParsedFile {
  return withDepthGuard(file, () => {
    rejectBinary(text, file);
    const { doc, top } = jsonTop(text, file);
    const c = new Collector(file, 'claude-code');
    const user = top.get('mcpServers');
    if (user !== undefined && user.value.type !== 'null') for (const entry of readJsonServers(doc, user, 'mcpServers')) c.add(entry);
    const projects = top.get('projects');
    if (projects !== undefined && projects.value.type !== 'null') {
      for (const project of expectObject(doc, projects.value, 'projects').values()) {
        const label = pathLabel('projects', project.key);
        if (project.value.type !== 'object') continue;
        const servers = membersOf(doc, project.value).get('mcpServers');
        if (servers === undefined || servers.value.type === 'null') continue;
        for (const entry of readJsonServers(doc, servers, pathLabel(label, 'mcpServers'))) c.add(entry);
      }
    }
    return c.result();
  });
}

/** Files whose only purpose is to list MCP servers: any other content is a shape the gate does not know. */
const DEDICATED = new Set(['claude-code', 'cursor', 'vscode', 'windsurf', 'mcp-json']);
const SERVER_FIELDS = ['command', 'args', 'url', 'httpUrl', 'serverUrl', 'type'];

/**
 * A config with none of the keys its client reads for servers is said out loud (`config-shape`, a
 * notice), never passed as "0 servers": a bare `{ "name": { "url": … } }` map, `mcpServers` in a VS
 * Code file, a typo. General settings files (Claude Desktop, Gemini, Zed) only when a top-level
 * entry looks like a server.
 */
function shapeNotice(doc: JsonDocument, top: Map<string, JsonMember>, file: string, client: string, sections: readonly string[], c: Collector): void {
  const members = [...top.values()].filter((m) => m.key !== '$schema' && !((client === 'vscode' || client === 'claude-code') && m.key === 'inputs'));
  if (members.length === 0) return;
  const looksLikeServer = (m: JsonMember) => m.value.type === 'object' && [...membersOf(doc, m.value).keys()].some((k) => SERVER_FIELDS.includes(k));
  const bare = members.filter(looksLikeServer);
  if (bare.length === 0 && !DEDICATED.has(client)) return;
  const expected = sections.map((k) => `"${k}"`).join(' or ');
  const names = (list: JsonMember[]) => list.slice(0, 5).map((m) => `"${m.key}"`).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
  const message =
    bare.length > 0
      ? `${file} has no ${expected} key: its top level is a bare map of servers (${names(bare)}, each { "command" | "url": … }), a shape its client does not read, so neither the client nor the gate sees these servers. Put them under ${expected} to have them used and judged.`
      : `${file} has none of the keys its client reads servers from (${expected}); its top-level keys are ${names(members)}. The gate read no servers from it: if it configures MCP servers, move them under ${expected}.`;
  c.issue({ rule: 'config-shape', line: (bare[0] ?? members[0]).line, key: 'config-shape', message });
}

function rejectBinary(text: string, file: string): void {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError('the file contains NUL bytes: it is not a text config', file, lineIndex(text)(nul));
}

// ---------------------------------------------------------------------------------------------
// Codex: .codex/config.toml

function parseCodex(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file);
  const c = new Collector(file, 'codex');
  const table = optTable(doc, ['mcp_servers']);
  if (table === undefined) return c.result();
  for (const name of Object.keys(table)) {
    const path = ['mcp_servers', name];
    if (!isTable(table[name])) throw tomlWrongType(doc, path, table[name], 'a table');
    const entry: ServerEntry = { name, key: `mcp_servers/${name}`, line: doc.line(path), args: [], env: [], headers: [], extra: [] };
    const command = optString(doc, [...path, 'command']);
    if (command !== undefined) entry.command = { value: command, line: doc.line([...path, 'command']) };
    const args = valueAt(doc.data, [...path, 'args']);
    if (args !== undefined) {
      if (!Array.isArray(args)) throw tomlWrongType(doc, [...path, 'args'], args, 'an array of strings');
      entry.args = args.map((a, k) => {
        if (typeof a !== 'string') throw tomlWrongType(doc, [...path, 'args', k], a, 'a string');
        return { value: a, line: doc.line([...path, 'args', k]) };
      });
    }
    entry.env = tomlStringMap(doc, [...path, 'env']);
    entry.headers = tomlStringMap(doc, [...path, 'http_headers']);
    const url = optString(doc, [...path, 'url']);
    if (url !== undefined) entry.url = { value: url, line: doc.line([...path, 'url']), field: 'url' };
    // Codex speaks streamable HTTP to a `url`.
    if (url !== undefined && command === undefined) entry.type = 'http';
    c.add(entry);
  }
  return c.result();
}

function tomlWrongType(doc: TomlDocument, path: (string | number)[], value: unknown, expected: string): ParseError {
  return new ParseError(`${tomlLabel(path)} must be ${expected}, found ${tomlTypeName(value)}`, doc.file, doc.line(path));
}

function tomlStringMap(doc: TomlDocument, path: string[]): Named[] {
  const t = optTable(doc, path);
  if (t === undefined) return [];
  return Object.entries(t).map(([name, value]) => {
    if (typeof value !== 'string') throw tomlWrongType(doc, [...path, name], value, 'a string');
    return { name, value, line: doc.line([...path, name]) };
  });
}

// ---------------------------------------------------------------------------------------------
// Continue: .continue/mcpServers/*.yaml (a block with a `mcpServers` list) and its JSON form

function parseContinue(text: string, file: string): ParsedFile {
  if (/\.json$/i.test(file)) return parseJsonConfig(text, file, 'continue', ['mcpServers']);
  rejectBinary(text, file);
  // Continue reads these files with the `yaml` package's defaults: a duplicate key is an error there
  // (so the gate must not read a file Continue refuses), and only LF and CRLF end a line.
  const y = readYamlDocument(text, file, { label: fileName(file), loneCrBreaks: false, options: { uniqueKeys: true, prettyErrors: false } });
  const doc = y.doc;
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? y.lineOf(node) : 1);
  const c = new Collector(file, 'continue');
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return c.result();
  if (!isMap(root)) throw new ParseError(`${fileName(file)} must be a YAML mapping, found ${yamlTypeName(root)}`, file, lineOf(root));
  const resolve = (node: unknown): unknown => y.resolve(node);
  const section = yamlPair(root, 'mcpServers');
  if (section === undefined) return c.result();
  const list = resolve(section.value);
  if (list === null || (isScalar(list) && list.value === null)) return c.result();
  if (!isSeq(list)) throw new ParseError(`mcpServers must be a list of servers, found ${yamlTypeName(list)}`, file, lineOf(list as YamlNode));
  const seen = new Set<string>();
  list.items.forEach((raw, k) => {
    const item = resolve(raw);
    const label = `mcpServers[${k}]`;
    if (!isMap(item)) throw new ParseError(`${label} must be a mapping, found ${yamlTypeName(item)}`, file, lineOf(item as YamlNode));
    const scalar = (key: string): At | undefined => {
      const pair = yamlPair(item, key);
      if (pair === undefined) return undefined;
      const v = resolve(pair.value);
      if (v === null || (isScalar(v) && v.value === null)) return undefined;
      if (!isScalar(v) || typeof v.value === 'object') throw new ParseError(`${label}.${key} must be a string, found ${yamlTypeName(v)}`, file, lineOf(v as YamlNode));
      return { value: String(v.value), line: lineOf(pair.key as YamlNode) };
    };
    const name = scalar('name') ?? scalar('uses');
    if (name === undefined) throw new ParseError(`${label} has no name`, file, lineOf(item));
    const key = `mcpServers/${name.value}`;
    if (seen.has(key)) throw new ParseError(`mcpServers has two servers named "${name.value}"`, file, name.line);
    seen.add(key);
    const entry: ServerEntry = { name: name.value, key, line: name.line, args: [], env: [], headers: [], extra: [] };
    const type = scalar('type');
    if (type !== undefined) entry.type = type.value;
    entry.command = scalar('command');
    const url = scalar('url');
    if (url !== undefined) entry.url = { ...url, field: 'url' };
    const args = yamlPair(item, 'args');
    if (args !== undefined) {
      const seq = resolve(args.value);
      if (!isSeq(seq)) throw new ParseError(`${label}.args must be a list of strings, found ${yamlTypeName(seq)}`, file, lineOf(seq as YamlNode));
      entry.args = seq.items.map((a, j) => {
        const v = resolve(a);
        if (!isScalar(v) || v.value === null || typeof v.value === 'object') {
          throw new ParseError(`${label}.args[${j}] must be a string, found ${yamlTypeName(v)}`, file, lineOf(v as YamlNode));
        }
        return { value: String(v.value), line: lineOf(v) };
      });
    }
    entry.env = yamlStringMap(item, 'env', `${label}.env`);
    const options = yamlPair(item, 'requestOptions');
    const optionsMap = options === undefined ? undefined : resolve(options.value);
    entry.headers = [
      ...yamlStringMap(item, 'headers', `${label}.headers`),
      ...(isMap(optionsMap) ? yamlStringMap(optionsMap, 'headers', `${label}.requestOptions.headers`) : []),
    ];
    if (entry.command === undefined) delete entry.command;
    c.add(entry);
  });
  return c.result();

  function yamlStringMap(map: YAMLMap, key: string, label: string): Named[] {
    const pair = yamlPair(map, key);
    if (pair === undefined) return [];
    const v = resolve(pair.value);
    if (v === null || (isScalar(v) && v.value === null)) return [];
    if (!isMap(v)) throw new ParseError(`${label} must be a mapping, found ${yamlTypeName(v)}`, file, lineOf(v as YamlNode));
    return v.items.map((p) => {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
      const val = resolve(p.value);
      if (val !== null && (!isScalar(val) || typeof val.value === 'object')) {
        throw new ParseError(`${label}.${k} must be a string, found ${yamlTypeName(val)}`, file, lineOf(val as YamlNode));
      }
      return { name: k, value: val === null || val.value === null ? '' : String(val.value), line: lineOf(p.key as YamlNode) };
    });
  }
}

function yamlPair(map: YAMLMap, key: string): { key: unknown; value: unknown } | undefined {
  let found: { key: unknown; value: unknown } | undefined;
  for (const p of map.items) if (isScalar(p.key) && p.key.value === key) found = p;
  return found;
}

function yamlTypeName(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value} (${JSON.stringify(node.value)})`;
  return 'nothing';
}

// ---------------------------------------------------------------------------------------------
// Paths

function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/');
}

/** Whether the path ends with these segments (`['.vscode', 'mcp.json']`), outside node_modules. */
function endsWith(path: string, ...tail: string[]): boolean {
  const segs = segments(path);
  if (underNodeModules(segs.join('/')) || segs.length < tail.length || isContinueFile(path)) return false;
  return tail.every((t, k) => segs[segs.length - tail.length + k] === t);
}

/** VS Code's user-profile mcp.json: `<Code|Code - Insiders|VSCodium>/User/mcp.json` (and `User/profiles/<id>/mcp.json`). */
function isVscodeUserMcp(path: string): boolean {
  const segs = segments(path);
  if (segs[segs.length - 1] !== 'mcp.json' || underNodeModules(segs.join('/'))) return false;
  const user = segs[segs.length - 2] === 'User' ? segs.length - 2 : segs[segs.length - 4] === 'User' && segs[segs.length - 3] === 'profiles' ? segs.length - 4 : -1;
  return user > 0 && VSCODE_FLAVOURS.has(segs[user - 1]);
}

const VSCODE_FLAVOURS = new Set(['Code', 'Code - Insiders', 'VSCodium']);

function isContinueFile(path: string): boolean {
  const segs = segments(path);
  if (underNodeModules(segs.join('/'))) return false;
  const n = segs.length;
  if (n >= 3 && segs[n - 3] === '.continue' && segs[n - 2] === 'mcpServers' && /\.(ya?ml|json)$/i.test(segs[n - 1])) return true;
  return n >= 2 && segs[n - 2] === '.continue' && /^config\.ya?ml$/i.test(segs[n - 1]);
}

// ---------------------------------------------------------------------------------------------
// Formats

export const claudeCodeMcp = {
  id: 'claude-code-mcp',
  matches: (path) => endsWith(path, '.mcp.json'),
  // Claude Code reads `mcpServers`; Visual Studio reads the same file at a solution's root with VS Code's
  // `servers` + `inputs` (modelcontextprotocol/csharp-sdk@e85068ef:.mcp.json). Both launch what is there.
  parse: (text, path) => parseJsonConfig(text, path, 'claude-code', ['mcpServers', 'servers']),
  inventory: 'servers',
} satisfies Format;

export const claudeDesktopConfig = {
  id: 'claude-desktop-config',
  matches: (path) => endsWith(path, 'claude_desktop_config.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'claude-desktop', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;

export const cursorMcp = {
  id: 'cursor-mcp',
  matches: (path) => endsWith(path, '.cursor', 'mcp.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'cursor', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;

export const vscodeMcp = {
  id: 'vscode-mcp',
  matches: (path) => endsWith(path, '.vscode', 'mcp.json') || isVscodeUserMcp(path),
  parse: (text, path) => parseJsonConfig(text, path, 'vscode', ['servers']),
  inventory: 'servers',
} satisfies Format;

export const geminiSettings = {
  id: 'gemini-settings',
  matches: (path) => endsWith(path, '.gemini', 'settings.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'gemini', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;

export const codexConfig = {
  id: 'codex-config',
  matches: (path) => endsWith(path, '.codex', 'config.toml'),
  parse: (text, path) => parseCodex(text, path),
  inventory: 'servers',
} satisfies Format;

export const zedSettings = {
  id: 'zed-settings',
  matches: (path) => endsWith(path, '.zed', 'settings.json') || endsWith(path, '.config', 'zed', 'settings.json') || endsWith(path, 'AppData', 'Roaming', 'Zed', 'settings.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'zed', ['context_servers'], { zed: true }),
  inventory: 'servers',
} satisfies Format;

export const windsurfMcp = {
  id: 'windsurf-mcp',
  matches: (path) => endsWith(path, 'mcp_config.json'),
  parse: (text, path) => parseJsonConfig(text, path, 'windsurf', ['mcpServers']),
  inventory: 'servers',
} satisfies Format;

export const continueMcp = {
  id: 'continue-mcp',
  matches: (path) => isContinueFile(path),
  parse: (text, path) => parseContinue(text, path),
  inventory: 'servers',
} satisfies Format;

export const claudeUserConfig = {
  id: 'claude-user-config',
  matches: (path) => endsWith(path, '.claude.json'),
  parse: (text, path) => parseClaudeUser(text, path),
  inventory: 'servers',
} satisfies Format;

export const genericMcpJson = {
  id: 'mcp-json',
  matches: (path) => endsWith(path, 'mcp.json') && !endsWith(path, '.cursor', 'mcp.json') && !endsWith(path, '.vscode', 'mcp.json') && !isVscodeUserMcp(path),
  parse: (text, path) => parseJsonConfig(text, path, 'mcp-json', ['mcpServers', 'servers']),
  inventory: 'servers',
} satisfies Format;

/** Every MCP client config format; their `matches` never overlap. */
export const MCP_CONFIG_FORMATS: readonly Format[] = [
  claudeCodeMcp,
  claudeDesktopConfig,
  cursorMcp,
  vscodeMcp,
  geminiSettings,
  codexConfig,
  zedSettings,
  windsurfMcp,
  continueMcp,
  claudeUserConfig,
  genericMcpJson,
];
