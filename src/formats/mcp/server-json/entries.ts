// The entries of a server.json: each package it can be installed from (a Dependency on the line of its
// `identifier`, and the McpServer it runs) and each remote endpoint (an McpServer); what the MCP registry
// would not trust about them (FileIssues).
import { valid as pep440Valid } from '@renovatebot/pep440';
import type { Dependency, McpServer } from '../../../types.js';
import { type RegistryType, type Members, Issues, pick, str, REGISTRY_TYPES, arrayItems } from './fields.js';
import { type JsonDocument, pathLabel, membersOf, expectObject } from '../../readers/json.js';
import { parseImageRef, DEFAULT_IMAGE_REGISTRY } from '../../../ecosystems/oci.js';
import { classifySpec } from '../../../ecosystems/npm.js';
import { findSecret, secretIssue } from '../../../redact/secrets.js';
import { cleanUrl } from '../../../redact/urls.js';

interface PackageResult {
  dep?: Dependency;
  env: string[];
  transport: McpServer['transport'];
  launcher?: string;
  /** The package's identifier or version is a release-time template (`${VERSION}`, `<owner>`, `{{version}}`). */
  template?: TemplatedPackage;
}

export interface TemplatedPackage {
  /** `packages[0]` */
  label: string;
  /** What the file says, for the message: `ghcr.io/github/github-mcp-server:${VERSION}`. */
  shown: string;
  placeholders: string[];
  line: number;
  /** Whether the package's name itself is a placeholder (then nothing names what clients install). */
  nameTemplated: boolean;
}

/**
 * Placeholders a release step fills in: `${VERSION}`, `$VERSION`, `{{version}}`, `<owner>`. The
 * schema's own `{variable}` (single braces) is a value the user supplies, not a template.
 */
const PLACEHOLDER = /\$\{[^}\s]{1,80}\}|\{\{[^}]{1,80}\}\}|<[A-Za-z_][\w.-]{0,80}>|\$[A-Z][A-Z0-9_]{1,80}\b/g;

function placeholdersIn(value: string | undefined): string[] {
  return value === undefined ? [] : [...value.matchAll(PLACEHOLDER)].map((m) => m[0]);
}

/** The part of an identifier that names the package (an image without tag/digest, a bundle's file name). */
function namePart(type: RegistryType | undefined, identifier: string): string {
  if (type === 'oci') return identifier.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  if (type === 'mcpb') return fileNameOf(identifier);
  return identifier;
}

const DEFAULT_LAUNCHER: Record<RegistryType, string | undefined> = { npm: 'npx', pypi: 'uvx', oci: 'docker run', nuget: undefined, mcpb: undefined };

export function readPackage(
  doc: JsonDocument,
  p: Members,
  label: string,
  objectLine: number,
  issues: Issues,
  keyFor: (key: string) => string,
): PackageResult {
  const typeMember = pick(p, 'registryType', 'registry_type', 'registry_name');
  const rawType = str(doc, typeMember, pathLabel(label, typeMember?.key ?? 'registryType'));
  const idMember = pick(p, 'identifier', 'name');
  const line = idMember?.line ?? objectLine;
  const identifier = cleaned(str(doc, idMember, pathLabel(label, idMember?.key ?? 'identifier')), line, `${label}.identifier`, issues);
  const version = str(doc, pick(p, 'version'), pathLabel(label, 'version'));
  const registryMember = pick(p, 'registryBaseUrl', 'registry_base_url');
  const registry = cleaned(str(doc, registryMember, pathLabel(label, 'registryBaseUrl')), registryMember?.line ?? objectLine, `${label}.registryBaseUrl`, issues);
  const sha = str(doc, pick(p, 'fileSha256', 'file_sha256'), pathLabel(label, 'fileSha256'));
  const hint = str(doc, pick(p, 'runtimeHint', 'runtime_hint'), pathLabel(label, 'runtimeHint'));

  // The earliest drafts called OCI images `docker`.
  const type = rawType?.toLowerCase() === 'docker' ? 'oci' : rawType?.toLowerCase();
  const known = type !== undefined && (REGISTRY_TYPES as readonly string[]).includes(type) ? (type as RegistryType) : undefined;
  const key = keyFor(`packages/${type ?? 'unknown'}:${identifier ? stableIdentity(known, identifier) : ''}`);
  const env = environment(doc, p, label, key, issues);
  for (const field of ['packageArguments', 'package_arguments', 'runtimeArguments', 'runtime_arguments']) {
    const m = p.get(field);
    if (m === undefined) continue;
    arrayItems(doc, m, pathLabel(label, field)).forEach((node, i) => {
      if (node.type !== 'object') return;
      const a = membersOf(doc, node);
      const argName = a.get('name')?.value.type === 'string' ? (a.get('name')!.value.value as string) : undefined;
      const shown = argName ?? `#${i + 1}`;
      literalSecrets(doc, a, `${key}/${field}/${shown}`, argName?.replace(/^-+/, ''), `argument ${shown} of ${key.slice('packages/'.length)}`, issues);
    });
  }
  const transport = packageTransport(doc, p, label);
  const result: PackageResult = { env, transport, launcher: hint ?? (known ? DEFAULT_LAUNCHER[known] : undefined) };

  if (identifier === undefined || identifier === '') {
    issues.add(objectLine, key, `a package${rawType ? ` of registryType "${rawType}"` : ''} has no identifier: nothing says which package to install`);
    return result;
  }
  const what = `${known ?? 'the'} package "${identifier}"`;
  const pkgIssue = (message: string): void => issues.add(line, key, message, { name: identifier, ...(version ? { version } : {}) });

  const placeholders = [...new Set([...placeholdersIn(identifier), ...placeholdersIn(version)])];
  if (placeholders.length > 0) {
    // A release-time template: what it will name is not known yet. Its other fields are not judged
    // either (they belong to the package the release will write); a concrete name still is.
    const nameTemplated = placeholdersIn(namePart(known, identifier)).length > 0 || known === undefined || known === 'nuget';
    const shown = version !== undefined && placeholdersIn(version).length > 0 && !identifier.includes(version) ? `${identifier}" version "${version}` : identifier;
    result.template = { label, shown, placeholders, line, nameTemplated };
    if (nameTemplated) return result;
    const base: Dependency = { ecosystem: known === 'oci' ? 'oci' : known === 'mcpb' ? 'mcpb' : known, name: identifier, spec: version ?? identifier, specType: 'template', file: doc.file, line, kind: 'manifest', key };
    if (known === 'oci') {
      const ref = parseImageRef(namePart('oci', identifier));
      base.name = ref?.name ?? namePart('oci', identifier);
      base.registry = ref?.registry ?? hostOf(registry) ?? DEFAULT_IMAGE_REGISTRY;
      base.spec = identifier;
    } else if (known === 'mcpb') {
      base.name = namePart('mcpb', identifier);
      base.spec = identifier;
    } else if (registry !== undefined) {
      base.registry = registry;
    }
    result.dep = base;
    return result;
  }

  if (known === undefined) {
    pkgIssue(
      rawType === undefined
        ? `package "${identifier}" has no registryType: nothing says where it is installed from`
        : `package "${identifier}" has registryType "${rawType}", which is not one of ${REGISTRY_TYPES.join(', ')}: it cannot be checked`,
    );
    return result;
  }
  const base: Dependency = { ecosystem: 'npm', name: identifier, file: doc.file, line, kind: 'manifest', key };
  if (registry !== undefined) base.registry = registry;

  if (known === 'nuget') {
    pkgIssue(`package "${identifier}" is a NuGet package; this gate cannot check NuGet packages, so review it by hand`);
    return result;
  }
  if (known === 'npm' || known === 'pypi') {
    base.ecosystem = known;
    const spec = pinning(known, identifier, version);
    Object.assign(base, spec);
    if (spec.specType !== 'version') {
      pkgIssue(
        version === undefined
          ? `${what} has no version: clients install whatever is newest when they start it`
          : `${what} version "${version}" is not one exact version: clients install whatever it resolves to when they start it`,
      );
    }
  } else if (known === 'oci') {
    base.ecosystem = 'oci';
    const ref = parseImageRef(identifier);
    if (ref === undefined) {
      pkgIssue(`${what} is not an image reference`);
      return result;
    }
    base.name = ref.name;
    base.spec = identifier;
    base.registry = ref.registry ?? hostOf(registry) ?? DEFAULT_IMAGE_REGISTRY;
    const tag = ref.tag ?? version;
    if (tag !== undefined) base.version = tag;
    if (ref.digest !== undefined) {
      base.integrity = ref.digest;
      base.specType = 'version';
    } else {
      base.specType = 'tag';
      if (tag === undefined || tag === 'latest') pkgIssue(`${what} is ${tag === 'latest' ? 'tagged latest' : 'not tagged'}: clients run whatever the tag points to when they start it; pin a version tag and a digest (@sha256:...)`);
    }
  } else {
    base.ecosystem = 'mcpb';
    base.name = fileNameOf(identifier);
    base.resolved = identifier;
    base.spec = identifier;
    base.specType = 'remote';
    if (version !== undefined) base.version = version;
    if (sha === undefined) {
      pkgIssue(`${what} has no fileSha256: clients cannot check they downloaded the bundle that was reviewed`);
    } else if (!/^[0-9a-f]{64}$/i.test(sha)) {
      pkgIssue(`${what} fileSha256 is not a SHA-256 (64 hex digits)`);
    } else {
      base.integrity = `sha256:${sha.toLowerCase()}`;
    }
    if (!/^https:\/\//i.test(identifier)) pkgIssue(`${what} is not downloaded over https`);
  }
  result.dep = base;
  return result;
}

/**
 * The part of an identifier that names the package, not the release, so a version bump reads as a
 * change of one entry: an image without its tag and digest, a bundle URL's file name.
 */
function stableIdentity(type: RegistryType | undefined, identifier: string): string {
  if (type === 'oci') return parseImageRef(identifier)?.name ?? identifier;
  if (type === 'mcpb') return fileNameOf(identifier);
  return identifier;
}

/** version/spec/specType of an npm or PyPI package version as server.json states it. */
export function pinning(ecosystem: 'npm' | 'pypi', name: string, version: string | undefined): Partial<Dependency> {
  if (version === undefined || version.trim() === '') return { specType: 'range' };
  if (ecosystem === 'npm') {
    const info = classifySpec(name, version);
    const out: Partial<Dependency> = { spec: version, specType: info.specType === 'version' ? 'version' : info.specType === 'tag' ? 'tag' : 'range' };
    if (info.version !== undefined) out.version = info.version;
    return out;
  }
  if (/^[A-Za-z][A-Za-z0-9._-]*$/.test(version) && !/^v?\d/.test(version)) return { spec: version, specType: 'tag' };
  if (pep440Valid(version) !== null) return { spec: version, specType: 'version', version };
  return { spec: version, specType: 'range' };
}

export function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

function fileNameOf(identifier: string): string {
  try {
    const u = new URL(identifier);
    const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
    return last || identifier;
  } catch {
    return identifier.split('/').filter(Boolean).pop() ?? identifier;
  }
}

function packageTransport(doc: JsonDocument, p: Members, label: string): McpServer['transport'] {
  const t = p.get('transport');
  if (t === undefined || t.value.type !== 'object') return 'stdio';
  const type = str(doc, membersOf(doc, t.value).get('type'), pathLabel(label, 'transport.type'));
  return transportOf(type) ?? 'stdio';
}

export function transportOf(type: string | undefined): McpServer['transport'] | undefined {
  if (type === undefined) return undefined;
  if (type === 'stdio') return 'stdio';
  if (type === 'streamable-http' || type === 'streamable' || type === 'http') return 'http';
  if (type === 'sse') return 'sse';
  return 'unknown';
}

/** Names of a package's environment variables; a literal secret as their value or default is a `secret` issue. */
export function environment(doc: JsonDocument, p: Members, label: string, key: string, issues: Issues): string[] {
  const m = pick(p, 'environmentVariables', 'environment_variables');
  const names: string[] = [];
  arrayItems(doc, m, pathLabel(label, m?.key ?? 'environmentVariables')).forEach((node, i) => {
    const itemLabel = `${label}.${m!.key}[${i}]`;
    const v = expectObject(doc, node, itemLabel);
    const name = str(doc, v.get('name'), pathLabel(itemLabel, 'name'));
    if (name !== undefined) names.push(name);
    literalSecrets(doc, v, `${key}/env/${name ?? i}`, name, `environment variable ${name ?? `#${i + 1}`} of ${key.slice('packages/'.length)}`, issues);
  });
  return names;
}

/** `value` and `default` of a variable or header that hold a literal credential. */
function literalSecrets(doc: JsonDocument, v: Members, key: string, name: string | undefined, where: string, issues: Issues): void {
  const isSecret = pick(v, 'isSecret', 'is_secret')?.value.value === true;
  for (const field of ['value', 'default']) {
    const m = v.get(field);
    if (m === undefined || m.value.type !== 'string') continue;
    const hit = findSecret(isSecret ? 'secret' : name, m.value.value as string);
    if (hit !== undefined) issues.push(secretIssue(m.line, `${key}/${field}`, `the ${field} of ${where} in server.json`, hit, 'Mark it isSecret and leave the value to the user, and revoke this one.'));
  }
}

/** `value` with any credential in it masked (userinfo dropped, token shapes masked); each one found is a `secret` issue. */
export function cleaned(value: string | undefined, line: number, where: string, issues: Issues): string | undefined {
  if (value === undefined) return undefined;
  const { value: clean, hits } = cleanUrl(value);
  if (hits.length === 0) return value;
  for (const { part, hit } of hits) issues.push(secretIssue(line, where, `${part} of ${where} in server.json`, hit));
  return clean;
}

export function readRemote(
  doc: JsonDocument,
  r: Members,
  label: string,
  objectLine: number,
  serverName: string,
  file: string,
  issues: Issues,
  keyFor: (key: string) => string,
): McpServer | undefined {
  const urlMember = r.get('url');
  const line = urlMember?.line ?? objectLine;
  // Credentials in the URL (userinfo, a token in the query) are taken out before it is used anywhere.
  const url = cleaned(str(doc, urlMember, pathLabel(label, 'url')), line, `${label}.url`, issues);
  const type = str(doc, pick(r, 'type', 'transport_type'), pathLabel(label, 'type'));
  if (url === undefined || url === '') {
    issues.add(objectLine, keyFor('remotes/'), 'a remote has no url');
    return undefined;
  }
  const key = keyFor(`remotes/${url}`);
  const remote: McpServer = { file, line, key, name: serverName, client: 'server-json', transport: transportOf(type) ?? 'unknown', url };
  if (type === undefined) issues.add(line, key, `remote "${url}" has no type (streamable-http or sse)`);
  else if (remote.transport === 'unknown') issues.add(line, key, `remote "${url}" has type "${type}", which is not streamable-http or sse`);
  // A URL that starts with a template variable ({baseUrl}/mcp) is filled in by the user: nothing to check here.
  if (!url.startsWith('{') && !/^https:\/\//i.test(url)) {
    issues.add(line, `${key}/url`, `remote "${url}" is not https: requests, tokens and tool results travel in the clear`);
  }
  const headers = r.get('headers');
  arrayItems(doc, headers, pathLabel(label, 'headers')).forEach((node, i) => {
    const itemLabel = `${label}.headers[${i}]`;
    const h = expectObject(doc, node, itemLabel);
    const name = str(doc, h.get('name'), pathLabel(itemLabel, 'name'));
    literalSecrets(doc, h, `${key}/headers/${name ?? i}`, name, `header ${name ?? `#${i + 1}`} of remote "${url}"`, issues);
  });
  return remote;
}
