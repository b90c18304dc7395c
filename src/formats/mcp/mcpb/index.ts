// .mcpb (and the older .dxt) MCP bundles: a zip archive with a manifest.json at its root that tells a
// client (Claude Desktop, ...) which command to run, and usually the server's whole node_modules. The
// bundle itself becomes one Dependency (integrity = sha256 of the file, signature = its signature block
// verified against the bytes, see signature.ts), the packages inside it become Dependency entries
// of their own, the server it runs becomes an McpServer, and what the manifest or the archive shows by
// itself becomes FileIssues. Everything sits on line 1: the file is binary. The archive is read with the limits of zip.ts and never unpacked.
import { createHash } from 'node:crypto';
import type { Dependency, McpServer, ParsedFile } from '../../../types.js';
import { type Format, ParseError } from '../../format.js';
import { parseJsonDocument } from '../../readers/json.js';
import { argSecrets } from '../launch/secrets.js';
import { findSecret, maskSecret, secretIssue, type SecretHit } from '../../../redact/secrets.js';
import { readBundleSignature } from './signature.js';
import { readZip } from '../../readers/zip.js';
import type { ZipArchive, ZipLimits } from '../../readers/zip-format.js';
import { fileName } from '../../../common/paths.js';
import { bundledPackages } from './packages.js';
import { Issues, isStr, type Obj, MAX_METADATA_BYTES, utf8, isObj } from './common.js';
import { slashed } from '../../../common/paths.js';

/** Manifest versions the spec (github.com/modelcontextprotocol/mcpb, MANIFEST.md) has defined. */
export const MANIFEST_VERSIONS = ['0.1', '0.2', '0.3', '0.4'] as const;
const SERVER_TYPES = ['node', 'python', 'binary', 'uv'] as const;
const USER_CONFIG_TYPES = ['string', 'number', 'boolean', 'directory', 'file'];
const PLATFORMS = ['darwin', 'win32', 'linux'];

/** Commands that run whatever they are told, or fetch it: never a bundle's launcher. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'csh', 'tcsh', 'fish', 'ash', 'busybox', 'cmd', 'powershell', 'pwsh', 'curl', 'wget', 'nc', 'ncat', 'osascript']);
/** Flags that make an interpreter run code given inline instead of a file. */
const INLINE_FLAGS = new Set(['-c', '/c', '/k', '-e', '--eval', '-p', '--print', '-command', '-encodedcommand', '-ec', '-enc']);

/** The bundle's name when the manifest cannot be trusted: the file name without its extension. */
function fileStem(path: string): string {
  return fileName(path).replace(/\.(mcpb|dxt)$/i, '');
}

function parseMcpb(bytes: Uint8Array, file: string, limits?: Partial<ZipLimits>): ParsedFile {
  const issues = new Issues();
  const bundle: Dependency = {
    ecosystem: 'mcpb',
    name: fileStem(file),
    file,
    line: 1,
    kind: 'bundle',
    key: 'bundle',
    specType: 'version',
    integrity: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  };
  // The zip is read as it was signed (for the newer layout, with its comment length lowered back).
  const signed = readBundleSignature(bytes);
  bundle.signature = signed.signature;

  // Claude Desktop runs on macOS and Windows, whose disks ignore case: `Manifest.json` beside
  // `manifest.json` is two manifests in the archive and one file once installed.
  const zip = readZip(signed.zip, limits, { caseInsensitive: true });
  const hostile = (): ParsedFile => {
    for (const p of zip.problems) {
      const prefix = p.code === 'not-zip' || p.code === 'truncated' ? 'the bundle is not a readable zip archive' : 'the archive is unsafe to unpack';
      issues.add('bundle', `archive/${p.code}${p.entry === undefined ? '' : `/${p.entry}`}`, `${prefix}: ${p.message}. Nothing else in it was trusted.`);
    }
    return { deps: [bundle], servers: [], issues: issues.list };
  };
  if (zip.problems.length > 0) return hostile();

  // Reading is bounded by the limits; a problem found while inflating (a lying size, a bad CRC) makes
  // the bundle hostile as surely as one found in the central directory.
  const manifest = readManifest(zip, issues);
  const packages = bundledPackages(zip, file, issues);
  if (zip.problems.length > 0) return hostile();

  const servers: McpServer[] = [];
  if (manifest !== undefined) {
    if (isStr(manifest.name) && manifest.name !== '') bundle.name = manifest.name;
    if (isStr(manifest.version) && manifest.version !== '') bundle.version = manifest.version;
    const server = checkManifest(manifest, zip, file, issues);
    if (server !== undefined) servers.push(server);
  }
  return { deps: [bundle, ...packages], servers, issues: issues.list };
}

/** manifest.json as a plain object, or undefined after an issue says why it cannot be read. */
function readManifest(zip: ZipArchive, issues: Issues): Obj | undefined {
  // Lookups compare names as the client's disk does (see readZip): a lone `Manifest.JSON` is the
  // manifest on macOS and Windows, so it is read and checked; on a case-sensitive disk it is missing.
  const found = zip.find('manifest.json');
  if (found === undefined || found.isDirectory) {
    issues.add('bundle', 'manifest', 'the archive has no manifest.json at its root: it is not an MCP bundle a client can install');
    return undefined;
  }
  if (found.path !== 'manifest.json') {
    issues.add('bundle', 'manifest/lookalike', `the archive's manifest is named "${found.name}", not manifest.json: clients on a case-sensitive disk do not find it, on macOS and Windows they do. Rename it manifest.json`);
  }
  const data = zip.read('manifest.json', MAX_METADATA_BYTES);
  if (data === undefined) return undefined; // the reason is in zip.problems
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    issues.add('bundle', 'manifest', 'manifest.json is not valid UTF-8');
    return undefined;
  }
  try {
    parseJsonDocument(text, 'manifest.json');
    const value: unknown = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    if (!isObj(value)) {
      issues.add('bundle', 'manifest', 'manifest.json must be a JSON object');
      return undefined;
    }
    return value;
  } catch (err) {
    const where = err instanceof ParseError ? ` (line ${err.line} of manifest.json)` : '';
    const why = err instanceof Error ? err.message : String(err);
    issues.add('bundle', 'manifest', `manifest.json is not valid JSON${where}: ${why}`);
    return undefined;
  }
}

/** Required fields, types, the launch command and user_config; returns the server the bundle runs. */
function checkManifest(m: Obj, zip: ZipArchive, file: string, issues: Issues): McpServer | undefined {
  const bad = (key: string, message: string): void => issues.add('bundle', `manifest/${key}`, message);

  const versionField = m.manifest_version !== undefined ? 'manifest_version' : m.dxt_version !== undefined ? 'dxt_version' : undefined;
  if (versionField === undefined) bad('manifest_version', 'manifest.json has no manifest_version (or the older dxt_version)');
  else {
    const v = m[versionField];
    if (!isStr(v) || !(MANIFEST_VERSIONS as readonly string[]).includes(v)) {
      bad('manifest_version', `manifest.json ${versionField} ${JSON.stringify(v)} is not a version of the bundle spec this gate knows (${MANIFEST_VERSIONS.join(', ')})`);
    }
  }
  for (const field of ['name', 'version', 'description'] as const) {
    if (m[field] === undefined) bad(field, `manifest.json has no ${field}, which every manifest version requires`);
    else if (!isStr(m[field]) || m[field] === '') bad(field, `manifest.json ${field} must be a non-empty string`);
  }
  if (!isObj(m.author)) bad('author', 'manifest.json has no author object, which every manifest version requires');
  else if (!isStr(m.author.name) || m.author.name === '') bad('author.name', 'manifest.json author.name is missing or not a string');

  checkUserConfig(m.user_config, issues);

  const s = m.server;
  if (!isObj(s)) {
    bad('server', 'manifest.json has no server object: nothing says what the bundle runs');
    return undefined;
  }
  const type = s.type;
  const knownType = isStr(type) && (SERVER_TYPES as readonly string[]).includes(type) ? (type as (typeof SERVER_TYPES)[number]) : undefined;
  if (type === undefined) bad('server.type', 'manifest.json has no server.type');
  else if (knownType === undefined) bad('server.type', `manifest.json server.type ${JSON.stringify(type)} is not one of ${SERVER_TYPES.join(', ')}`);

  let entry: string | undefined;
  if (s.entry_point === undefined) bad('server.entry_point', 'manifest.json has no server.entry_point');
  else if (!isStr(s.entry_point) || s.entry_point === '') bad('server.entry_point', 'manifest.json server.entry_point must be a non-empty string');
  else {
    entry = normalizeInside(s.entry_point);
    if (entry === undefined) {
      issues.add('launcher', 'manifest/server.entry_point', `manifest.json server.entry_point "${s.entry_point}" points outside the bundle`);
    } else if (!hasFile(zip, entry)) {
      bad('server.entry_point', `manifest.json server.entry_point "${s.entry_point}" is not in the archive`);
    }
  }

  const server: McpServer = { file, line: 1, key: 'bundle', name: bundleName(m, file), client: 'mcpb', transport: 'stdio', launcher: launcherOf(knownType) };
  const cfg = s.mcp_config;
  if (cfg === undefined) {
    if (knownType !== 'uv') bad('server.mcp_config', 'manifest.json has no server.mcp_config: nothing says how to start the server');
    return server;
  }
  if (!isObj(cfg)) {
    bad('server.mcp_config', 'manifest.json server.mcp_config must be an object');
    return server;
  }
  const launch = readLaunch(cfg, 'server.mcp_config', issues);
  if (launch === undefined) return server;
  server.command = launch.command;
  server.args = launch.args;
  if (launch.env.length > 0) server.env = launch.env;
  const shell = checkLaunch(launch, 'server.mcp_config', knownType, entry, zip, issues);
  if (shell) server.launcher = 'shell';

  const overrides = cfg.platform_overrides;
  if (isObj(overrides)) {
    for (const [platform, o] of Object.entries(overrides)) {
      const where = `server.mcp_config.platform_overrides.${platform}`;
      if (!PLATFORMS.includes(platform)) bad(where, `manifest.json ${where}: "${platform}" is not a platform (darwin, win32, linux)`);
      if (!isObj(o)) {
        bad(where, `manifest.json ${where} must be an object`);
        continue;
      }
      const merged = readLaunch({ command: cfg.command, args: cfg.args, ...o }, where, issues);
      if (merged !== undefined && checkLaunch(merged, where, knownType, entry, zip, issues)) server.launcher = 'shell';
    }
  } else if (overrides !== undefined) {
    bad('server.mcp_config.platform_overrides', 'manifest.json server.mcp_config.platform_overrides must be an object');
  }
  return server;
}

/** Whether the archive holds a file (not a directory entry) that unpacks to `name`. */
function hasFile(zip: ZipArchive, name: string): boolean {
  const e = zip.find(name);
  return e !== undefined && !e.isDirectory;
}

function bundleName(m: Obj, file: string): string {
  return isStr(m.name) && m.name !== '' ? m.name : fileStem(file);
}

function launcherOf(type: string | undefined): string {
  if (type === 'uv') return 'uv run';
  return type ?? 'unknown';
}

interface Launch {
  where: string;
  command: string;
  args: string[];
  env: string[];
}

/** command, args and env of an mcp_config (or a platform override merged over it); secrets in env become issues. */
function readLaunch(cfg: Obj, where: string, issues: Issues): Launch | undefined {
  const bad = (key: string, message: string): void => issues.add('bundle', `manifest/${key}`, message);
  let ok = true;
  if (!isStr(cfg.command) || cfg.command.trim() === '') {
    bad(`${where}.command`, `manifest.json ${where}.command is missing or not a string`);
    ok = false;
  }
  let args: string[] = [];
  if (cfg.args !== undefined) {
    if (!Array.isArray(cfg.args) || !cfg.args.every(isStr)) {
      bad(`${where}.args`, `manifest.json ${where}.args must be an array of strings`);
      ok = false;
    } else args = cfg.args;
  }
  const env: string[] = [];
  if (cfg.env !== undefined) {
    if (!isObj(cfg.env)) bad(`${where}.env`, `manifest.json ${where}.env must be an object`);
    else {
      for (const [name, value] of Object.entries(cfg.env)) {
        env.push(name);
        if (!isStr(value)) {
          bad(`${where}.env.${name}`, `manifest.json ${where}.env.${name} must be a string`);
          continue;
        }
        const hit = findSecret(name, value);
        if (hit !== undefined) {
          issues.push(secretIssue(1, `manifest/${where}.env/${name}`, `env ${name} in manifest.json ${where} of the bundle`, hit, 'Declare it in user_config with "sensitive": true and refer to it as ${user_config.<key>}, and revoke this one.'));
        }
      }
    }
  }
  if (!ok) return undefined;
  // Literal credentials in the arguments (or in a command string's words) are reported, and masked in
  // the launch itself so neither the server's args nor any message carries them.
  let command = (cfg.command as string).trim();
  args = [...args];
  for (const f of argSecrets(args.map((value) => ({ value, line: 1 })), { value: command, line: 1 })) {
    issues.push(secretIssue(1, `manifest/${where}.args${f.name === undefined ? '' : `/${f.name}`}`, `${f.name === undefined ? 'an argument' : `argument ${f.name}`} in manifest.json ${where} of the bundle`, f.hit, 'Declare it in user_config with "sensitive": true and refer to it as ${user_config.<key>}, and revoke this one.'));
    if (f.arg === undefined) command = masked(command, f.hit);
    else args[f.arg] = masked(args[f.arg], f.hit);
  }
  return { where, command, args, env };
}

/** `text` with the credential masked; the whole text when the credential is not there as written (URL-encoded). */
function masked(text: string, hit: SecretHit): string {
  const out = text.split(hit.value).join(maskSecret(hit));
  return out === text ? maskSecret(hit) : out;
}

/** A path inside the bundle for `p` (`${__dirname}/x`, `./x`, `x`), or undefined when it climbs out or is absolute. */
function normalizeInside(p: string): string | undefined {
  let rest = slashed(p.replace(/^\$\{__dirname\}(?=$|[\\/])/, ''));
  if (rest !== slashed(p) && rest.startsWith('/')) rest = rest.slice(1);
  if (rest.startsWith('/') || /^[A-Za-z]:/.test(rest) || rest.startsWith('~') || rest.includes('$')) return undefined;
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return undefined;
    out.push(seg);
  }
  return out.length === 0 ? undefined : out.join('/');
}

function commandName(command: string): string {
  return fileName(command)
    .toLowerCase()
    .replace(/\.(exe|cmd|bat|ps1|com)$/, '');
}

/**
 * Checks one launch: a shell, an inline script, or a command or argument outside the bundle is a
 * `launcher` issue; a command that does not fit server.type is a `bundle` issue. Returns whether the
 * launch goes through a shell.
 */
function checkLaunch(launch: Launch, where: string, type: string | undefined, entry: string | undefined, zip: ZipArchive, issues: Issues): boolean {
  const { command, args } = launch;
  const name = commandName(command);
  const shown = [command, ...args].join(' ');
  const viaEnv = name === 'env' && args.length > 0 ? commandName(args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? '') : undefined;
  if (SHELLS.has(name) || (viaEnv !== undefined && SHELLS.has(viaEnv))) {
    issues.add('launcher', `manifest/${where}.command`, `manifest.json ${where}.command runs "${name === 'env' ? viaEnv : name}" (${truncate(shown)}): a bundle that launches a shell or a downloader can run anything, not the code it ships`);
    return true;
  }
  const inline = args.find((a) => INLINE_FLAGS.has(a.toLowerCase()));
  if (inline !== undefined) {
    issues.add('launcher', `manifest/${where}.args`, `manifest.json ${where} runs code given inline with "${inline}" (${truncate(shown)}) instead of a file in the bundle`);
    return true;
  }
  const outsidePath = isPathLike(command) && (command.startsWith('${__dirname}') ? normalizeInside(command) === undefined : true);
  if (outsidePath) {
    issues.add('launcher', `manifest/${where}.command`, `manifest.json ${where}.command "${command}" is a path outside the bundle: it runs whatever is at that path on the user's machine`);
  }
  const escaping = args.find((a) => a.includes('${__dirname}') && normalizeInside(a.slice(a.indexOf('${__dirname}'))) === undefined);
  if (escaping !== undefined) {
    issues.add('launcher', `manifest/${where}.args`, `manifest.json ${where}.args "${escaping}" reaches outside the bundle`);
  }
  if (outsidePath) return false;

  const misfit = (message: string): void => issues.add('bundle', `manifest/${where}.command`, `manifest.json ${where}: ${message}`);
  const runsEntry = (): boolean => {
    const script = args.find((a) => !a.startsWith('-'));
    return entry === undefined || (script !== undefined && normalizeInside(script) === entry);
  };
  if (type === 'node') {
    if (name !== 'node') misfit(`server.type is "node" but the command is "${command}", not node`);
    else if (!runsEntry()) misfit(`node does not run server.entry_point "${entry}" (expected \${__dirname}/${entry} as its script)`);
  } else if (type === 'python') {
    if (!/^python(3(\.\d+)?)?$/.test(name)) misfit(`server.type is "python" but the command is "${command}", not python`);
    else if (!args.includes('-m') && !runsEntry()) misfit(`python does not run server.entry_point "${entry}" (expected \${__dirname}/${entry} as its script)`);
  } else if (type === 'uv') {
    if (name !== 'uv') misfit(`server.type is "uv" but the command is "${command}", not uv`);
  } else if (type === 'binary') {
    const target = command.startsWith('${__dirname}') ? normalizeInside(command) : undefined;
    if (target === undefined) misfit(`server.type is "binary" but the command "${command}" is not a file in the bundle (\${__dirname}/...)`);
    else if (!hasFile(zip, target)) misfit(`the command "${command}" is not in the archive`);
  }
  return false;
}

function isPathLike(command: string): boolean {
  return /[\\/]/.test(command) || /^[A-Za-z]:/.test(command) || command.startsWith('~') || command.startsWith('$') || command.startsWith('%');
}

function truncate(s: string, max = 120): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const HOME = /^(\$\{HOME\}|\$HOME|~|%USERPROFILE%|\$\{USERPROFILE\}|%HOMEPATH%)[\\/]*$/i;
const ROOT = /^([\\/]+|[A-Za-z]:[\\/]*)$/;

/** user_config: unknown types, directory/file defaults that hand over the whole home or disk, literal secrets. */
function checkUserConfig(uc: unknown, issues: Issues): void {
  if (uc === undefined) return;
  if (!isObj(uc)) {
    issues.add('bundle', 'manifest/user_config', 'manifest.json user_config must be an object');
    return;
  }
  for (const [key, opt] of Object.entries(uc)) {
    const where = `user_config.${key}`;
    if (!isObj(opt)) {
      issues.add('bundle', `manifest/${where}`, `manifest.json ${where} must be an object`);
      continue;
    }
    if (!isStr(opt.type) || !USER_CONFIG_TYPES.includes(opt.type)) {
      issues.add('bundle', `manifest/${where}.type`, `manifest.json ${where}.type ${JSON.stringify(opt.type)} is not one of ${USER_CONFIG_TYPES.join(', ')}`);
    }
    const defaults = Array.isArray(opt.default) ? opt.default.filter(isStr) : isStr(opt.default) ? [opt.default] : [];
    if (opt.type === 'directory' || opt.type === 'file') {
      const broad = defaults.find((d) => HOME.test(d.trim()) || ROOT.test(d.trim()));
      if (broad !== undefined) {
        const what = HOME.test(broad.trim()) ? 'the whole home directory' : 'the whole disk';
        issues.add('bundle', `manifest/${where}`, `manifest.json ${where} asks for broad access: its ${opt.type} default "${broad}" hands the server ${what}`);
      }
    }
    if (opt.sensitive === true || opt.type === 'string') {
      for (const d of defaults) {
        const hit = findSecret(opt.sensitive === true ? 'secret' : key, d);
        if (hit !== undefined) issues.push(secretIssue(1, `manifest/${where}.default`, `the default of ${where} in manifest.json of the bundle`, hit));
      }
    }
  }
}

/** Parses a bundle with custom archive limits (tests, or a policy that lowers them). */
export function parseMcpbBytes(bytes: Uint8Array, path: string, limits?: Partial<ZipLimits>): ParsedFile {
  try {
    return parseMcpb(bytes, path, limits);
  } catch (err) {
    // Every reader above reports instead of throwing; this is the last line against a crash.
    if (err instanceof ParseError) throw err;
    throw new ParseError(`could not read the bundle: ${err instanceof Error ? err.message : String(err)}`, path, 1);
  }
}

export const mcpb = {
  id: 'mcpb',
  matches: (path) => /\.(mcpb|dxt)$/i.test(path),
  parse: (_text, path) => {
    throw new ParseError('binary format: read with parseBytes', path, 1);
  },
  parseBytes: (bytes, path) => parseMcpbBytes(bytes, path),
  inventory: 'servers',
} satisfies Format;
