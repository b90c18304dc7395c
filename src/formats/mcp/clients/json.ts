// The JSON (JSONC) client configs: a section of server entries (`mcpServers`, `servers`,
// `context_servers`) read with lines; a file with none of its client's sections is said out loud.
import { type JsonDocument, type JsonMember, typeName, expectString, expectObject, pathLabel, type JsonNode, membersOf, stringMember, parseJsonDocument, withDepthGuard } from '../../readers/json.js';
import { type At, type Named, type ServerEntry, Collector } from './entries.js';
import { ParseError } from '../../format.js';
import { findSecret } from '../../../redact/secrets.js';
import { fileName } from '../../../common/paths.js';
import type { ParsedFile } from '../../../types.js';
import { lineIndex } from '../../readers/lines.js';

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

export function readJsonServers(doc: JsonDocument, section: JsonMember, sectionName: string, options: JsonReadOptions = {}): ServerEntry[] {
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

export function jsonTop(text: string, file: string): { doc: JsonDocument; top: Map<string, JsonMember> } {
  const doc = parseJsonDocument(text, file, { jsonc: true });
  if (doc.root.type !== 'object') {
    throw new ParseError(`${fileName(file)} must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  }
  return { doc, top: membersOf(doc, doc.root) };
}

export function parseJsonConfig(text: string, file: string, client: string, sections: readonly string[], options: JsonReadOptions = {}): ParsedFile {
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

export function rejectBinary(text: string, file: string): void {
  const nul = text.indexOf('\0');
  if (nul !== -1) throw new ParseError('the file contains NUL bytes: it is not a text config', file, lineIndex(text)(nul));
}
