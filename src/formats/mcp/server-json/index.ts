// server.json: how a server describes itself to the MCP registry (schema
// https://static.modelcontextprotocol.io/schemas/<date>/server.schema.json). Each package it can be
// installed from becomes a Dependency on the line of its `identifier`; the server itself and each remote
// endpoint become McpServer entries; unpinned versions, unhashed bundles, plain-http remotes and literal
// secrets become FileIssues. Field names changed from snake_case to camelCase on 2025-09-16 and older
// drafts used `registry_name`/`name`/`version_detail`/`transport_type`: all are read.
// A file at a server.json path is never passed over in silence: one that looks like a registry
// manifest (an MCP `$schema`, or any field only a registry manifest has) is read as one, so what is
// wrong with it is a ParseError at its line; anything else (a web server's config, another tool's
// file) is a note naming the file and why it was not read as a registry manifest.
import type { Dependency, FileIssue, McpServer, ParsedFile } from '../../../types.js';
import { type Format, ParseError } from '../../format.js';
import { expectObject, membersOf, parseJsonDocument, typeName, withDepthGuard, type JsonDocument } from '../../readers/json.js';
import { fileNamed } from '../../paths.js';
import { type Members, Issues, str, arrayItems } from './fields.js';
import { type TemplatedPackage, readPackage, readRemote } from './entries.js';

/** Fields only an MCP registry manifest has (in the current and the older spellings). */
const REGISTRY_FIELDS = ['packages', 'remotes', 'version_detail', 'websiteUrl', 'website_url'];
/** A registry name: reverse DNS, a slash, the server (`io.github.user/weather`). */
const REGISTRY_NAME = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\/[A-Za-z0-9._-]+$/;
const SCHEMA_URL = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/**
 * Why the object is not an MCP registry manifest, or undefined when it is one: an MCP `$schema`, any
 * registry-only field (whatever its type, so a broken one is reported, not skipped), a registry name,
 * or registry `_meta`. Another `$schema`, or none of these, is some other file.
 */
function notRegistryManifest(doc: JsonDocument, top: Members): string | undefined {
  const schema = top.get('$schema')?.value;
  if (schema?.type === 'string' && /modelcontextprotocol/i.test(String(schema.value))) return undefined;
  if (schema?.type === 'string') return `its $schema is ${JSON.stringify(String(schema.value).slice(0, 120))}, not the MCP registry's server.schema.json`;
  if (REGISTRY_FIELDS.some((f) => top.has(f))) return undefined;
  const name = top.get('name')?.value;
  if (name?.type === 'string' && REGISTRY_NAME.test(String(name.value))) return undefined;
  const meta = top.get('_meta')?.value;
  if (meta?.type === 'object' && [...membersOf(doc, meta).keys()].some((k) => /modelcontextprotocol/i.test(k))) return undefined;
  const keys = [...top.keys()].slice(0, 8).map((k) => JSON.stringify(k));
  return `it has no MCP $schema and none of the registry's fields (${REGISTRY_FIELDS.join(', ')}, a name like io.github.user/server)${keys.length > 0 ? `; its keys are ${keys.join(', ')}${top.size > 8 ? ', ...' : ''}` : ''}`;
}

/** The text names the MCP schema, a registry-only field or a registry name: a syntax error then is this format's error. */
function mentionsServerJson(text: string): boolean {
  return (
    /modelcontextprotocol/i.test(text) ||
    new RegExp(`"(${REGISTRY_FIELDS.join('|')})"\\s*:`).test(text) ||
    /"name"\s*:\s*"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\/[A-Za-z0-9._-]+"/.test(text)
  );
}

/** What a server.json that is not a registry manifest reads as: no entries, and a note saying why. */
function notRead(file: string, why: string): ParsedFile {
  return {
    deps: [],
    notes: [
      `${file} was not read as an MCP registry server.json: ${why}. If it is one, give it the registry's "$schema" (${SCHEMA_URL}) and fix what the gate then reports.`,
    ],
  };
}

/** Keys unique within the file: a repeated identity gets `#2`, `#3` in file order, which is stable. */
function uniqueKeys(): (key: string) => string {
  const seen = new Map<string, number>();
  return (key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  };
}

function parseServerJson(text: string, file: string): ParsedFile {
  let doc: JsonDocument;
  try {
    doc = parseJsonDocument(text, file);
  } catch (err) {
    if (!(err instanceof ParseError) || mentionsServerJson(text)) throw err;
    // Nothing in it names the registry: some other tool's file, which may allow comments (JSONC).
    return notRead(file, `it is not JSON the registry accepts (line ${err.line}: ${err.message}) and names no MCP $schema and none of the registry's fields`);
  }
  if (doc.root.type !== 'object') {
    if (!mentionsServerJson(text)) return notRead(file, `it is ${typeName(doc.root)}, not an object`);
    throw new ParseError(`server.json must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  }
  const top = membersOf(doc, doc.root);
  const other = notRegistryManifest(doc, top);
  if (other !== undefined) return notRead(file, other);

  const issues = new Issues();
  const nameMember = top.get('name');
  const name = str(doc, nameMember, 'name');
  const serverLine = nameMember?.line ?? 1;
  if (name === undefined || name === '') issues.add(serverLine, 'name', 'server.json has no name (the reverse-DNS name the registry lists it under, like io.github.user/server)');

  const server: McpServer = { file, line: serverLine, key: 'server', name: name || 'server', client: 'server-json', transport: 'unknown' };
  const deps: Dependency[] = [];
  const remotes: McpServer[] = [];
  const env = new Set<string>();
  const packageKey = uniqueKeys();
  const remoteKey = uniqueKeys();

  const packagesMember = top.get('packages');
  const remotesMember = top.get('remotes');
  const packageNodes = arrayItems(doc, packagesMember, 'packages');
  const remoteNodes = arrayItems(doc, remotesMember, 'remotes');
  if (packageNodes.length === 0 && remoteNodes.length === 0) {
    issues.add(
      packagesMember?.line ?? remotesMember?.line ?? serverLine,
      'packages',
      'server.json lists no packages and no remotes: nothing says where the server comes from',
    );
  }

  const templated: TemplatedPackage[] = [];
  packageNodes.forEach((node, i) => {
    const label = `packages[${i}]`;
    const p = expectObject(doc, node, label);
    const result = readPackage(doc, p, label, doc.lineOf(node), issues, packageKey);
    if (result.template !== undefined) templated.push(result.template);
    if (result.dep !== undefined) deps.push(result.dep);
    for (const n of result.env) env.add(n);
    if (i === 0) {
      server.transport = result.transport;
      if (result.launcher !== undefined) server.launcher = result.launcher;
    }
  });

  remoteNodes.forEach((node, i) => {
    const label = `remotes[${i}]`;
    const r = expectObject(doc, node, label);
    const remote = readRemote(doc, r, label, doc.lineOf(node), name || 'server', file, issues, remoteKey);
    if (remote !== undefined) remotes.push(remote);
  });

  if (templated.length > 0) issues.list.push(templateIssue(file, templated));
  if (env.size > 0) server.env = [...env];
  for (const d of deps) d.server = 'server';
  // The server entry stands for what its packages install: with remotes only, the remotes are the
  // servers, and a package-less entry would show up in the inventory as a phantom.
  const servers = packageNodes.length > 0 ? [server, ...remotes] : remotes;
  return { deps, servers, issues: issues.list };
}

/** One `template` issue per file, naming each templated package and what to do. */
function templateIssue(file: string, templated: readonly TemplatedPackage[]): FileIssue {
  const list = templated.map((t) => `${t.label} "${t.shown}" (${t.placeholders.join(', ')})`).join('; ');
  const anyName = templated.some((t) => t.nameTemplated);
  const judged = anyName
    ? templated.every((t) => t.nameTemplated)
      ? 'nothing in it says what clients will install, so none of it was judged'
      : 'where a name is a placeholder nothing was judged; a concrete name was judged, its version was not'
    : 'the package names were judged (allow, deny, typosquat), their versions were not';
  return {
    rule: 'template',
    line: templated[0].line,
    key: 'template',
    message:
      `${file} is a release-time template, not what clients install: ${list} ${templated.length === 1 ? 'is' : 'are'} filled in when the server is released, and ${judged}. ` +
      `Check the server.json your release publishes (run the gate on it in the release workflow); if this file is a template by design, ` +
      `say so in the policy (server-json: templates: ["${file}"]).`,
  };
}

export const serverJson = {
  id: 'server-json',
  matches: fileNamed('server.json'),
  parse: (text, path) => withDepthGuard(path, () => parseServerJson(text, path)),
  inventory: 'servers',
} satisfies Format;
