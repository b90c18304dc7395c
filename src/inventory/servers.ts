// The installation audit the control asks for: every MCP server in the head tree (client configs,
// bundles, server.json) with what it launches and from where, and the registry configuration each
// ecosystem resolves to. Pure functions over parsed files.
import { isExpectedRegistry } from '../policy/match.js';
import type { ChangedFile } from '../read-files.js';
import type {
  ChangeType,
  Dependency,
  EffectiveRegistry,
  McpServer,
  ParsedFile,
  Policy,
  RegistryConfigEntry,
  RegistrySetting,
  ServerInventoryEntry,
} from '../types.js';

export interface KeyedChange<T> {
  type: ChangeType;
  before?: T;
  after?: T;
}

/** Base vs head entries matched by key; an entry whose content differs is 'changed'. */
export function diffKeyed<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): KeyedChange<T>[] {
  const old = new Map(before.map((t) => [key(t), t]));
  const out: KeyedChange<T>[] = [];
  for (const t of after) {
    const prev = old.get(key(t));
    old.delete(key(t));
    if (!prev) out.push({ type: 'added', after: t });
    else out.push({ type: sameContent(prev, t) ? 'unchanged' : 'changed', before: prev, after: t });
  }
  for (const prev of old.values()) out.push({ type: 'removed', before: prev });
  return out;
}

/** Equal apart from where they sit in the file. */
function sameContent(a: unknown, b: unknown): boolean {
  const strip = (v: unknown) => JSON.stringify(v, (k, x) => (k === 'line' ? undefined : x));
  return strip(a) === strip(b);
}

/** A URL for the evidence: no userinfo, query or fragment (they can carry tokens). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** The executable only: arguments, and the rest of a single-string command, can carry values. */
function executable(command: string): string {
  return command.trim().split(/\s+/)[0] ?? '';
}

function entry(server: McpServer, deps: readonly Dependency[], change: ChangeType): ServerInventoryEntry {
  return {
    file: server.file,
    line: server.line,
    name: server.name,
    client: server.client,
    transport: server.transport,
    launcher: server.launcher,
    command: server.command === undefined ? undefined : executable(server.command),
    url: server.url === undefined ? undefined : safeUrl(server.url),
    packages: deps
      .filter((d) => d.server === server.key)
      .map((d) => ({ ecosystem: d.ecosystem, name: d.name, version: d.version, spec: d.spec, integrity: d.integrity, registry: d.registry ?? d.resolved })),
    change,
  };
}

/** Every MCP server at head (changed files compared with base; unchanged files as they are), and removed ones. */
export function serverInventory(changed: readonly ChangedFile[], unchanged: readonly { parsed: ParsedFile }[]): ServerInventoryEntry[] {
  const out: ServerInventoryEntry[] = [];
  for (const f of changed) {
    for (const c of diffKeyed(f.before.servers ?? [], f.after.servers ?? [], (s) => s.key)) {
      out.push(c.after ? entry(c.after, f.after.deps, c.type) : entry(c.before!, f.before.deps, 'removed'));
    }
  }
  for (const f of unchanged) for (const s of f.parsed.servers ?? []) out.push(entry(s, f.parsed.deps, 'unchanged'));
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Shallower files decide over deeper ones (the repository root's .npmrc is what CI and most members use). */
function depth(file: string): number {
  return file.split('/').length;
}

export function effectiveRegistries(
  changed: readonly ChangedFile[],
  unchanged: readonly { path: string; parsed: ParsedFile }[],
  policy: Policy,
): { settings: RegistryConfigEntry[]; effective: EffectiveRegistry[] } {
  const all = [...changed.map((f) => f.after.settings ?? []), ...unchanged.map((f) => f.parsed.settings ?? [])].flat();
  const settings: RegistryConfigEntry[] = all
    .map((s) => ({ ecosystem: s.ecosystem, scope: s.scope, setting: s.setting, value: s.value, effect: s.effect, file: s.file, line: s.line }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const effective: EffectiveRegistry[] = [];
  const deciding = new Map<string, RegistrySetting>();
  for (const s of all.filter((x) => x.effect === 'registry').sort((a, b) => depth(a.file) - depth(b.file) || a.file.localeCompare(b.file))) {
    const id = `${s.ecosystem}\0${s.scope ?? ''}`;
    if (!deciding.has(id)) deciding.set(id, s);
  }
  for (const s of deciding.values()) {
    effective.push({ ecosystem: s.ecosystem, scope: s.scope, url: s.value, from: `${s.file}:${s.line}`, expected: isExpectedRegistry(s, policy) });
  }
  const defaults: [RegistrySetting['ecosystem'], string][] = [
    ['npm', policy.registries.npm.url],
    ['pypi', policy.registries.pypi.url],
    ['go', policy.registries.go.proxy[0]],
    ['cargo', policy.registries.cargo.urls[0]],
  ];
  for (const [ecosystem, url] of defaults) {
    if (!deciding.has(`${ecosystem}\0`)) effective.push({ ecosystem, url, from: 'policy default (no config file sets it)', expected: true });
  }
  for (const [scope, url] of Object.entries(policy.registries.npm.scopes)) {
    if (!deciding.has(`npm\0${scope}`)) effective.push({ ecosystem: 'npm', scope, url, from: 'policy (no config file sets it)', expected: true });
  }
  return { settings, effective: effective.sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || (a.scope ?? '').localeCompare(b.scope ?? '')) };
}
