// The installation audit the control asks for: every MCP server in the head tree (client configs,
// bundles, server.json) with what it launches and from where, and the registry configuration each
// ecosystem resolves to. Pure functions over parsed files.
import { safeUrl, shownUrl } from '../../redact/urls.js';
import { expectedRegistries, isExpectedRegistry } from '../../policy/match.js';
import type { KeyedChange } from './diff.js';
import { judgeBundleSignature } from '../../policy/bundle-trust.js';
import type { BundleInventoryEntry, EffectiveRegistry, RegistryConfigEntry, ServerInventoryEntry } from '../../report/types.js';
import type { ChangeType, Dependency, McpServer, ParsedFile, RegistrySetting } from '../../types.js';
import type { Policy } from '../../policy/types.js';
import type { ChangedFile } from '../types.js';

/** The executable only: arguments, and the rest of a single-string command, can carry values. */
function executable(command: string): string {
  return command.trim().split(/\s+/)[0] ?? '';
}

function entry(server: McpServer, deps: readonly Dependency[], change: ChangeType, policy: Policy): ServerInventoryEntry {
  return {
    file: server.file,
    line: server.line,
    name: server.name,
    client: server.client,
    transport: server.transport,
    launcher: server.launcher,
    command: server.command === undefined ? undefined : executable(server.command),
    local: server.local,
    program: server.program === undefined ? undefined : { name: server.program, allowed: policy.launchers.allow.includes(server.program) },
    url: server.url === undefined ? undefined : safeUrl(server.url),
    packages: deps
      .filter((d) => d.server === server.key && d.file === server.file)
      .map((d) => ({ ecosystem: d.ecosystem, name: d.name, version: d.version, spec: d.spec, integrity: d.integrity, registry: d.registry ?? d.resolved })),
    change,
  };
}

/**
 * Every MCP server at head (the changed files' servers as diffed against base; unchanged files as
 * they are), and removed ones.
 */
export function serverInventory(
  changes: readonly KeyedChange<McpServer>[],
  changed: readonly ChangedFile[],
  unchanged: readonly { parsed: ParsedFile }[],
  policy: Policy,
): ServerInventoryEntry[] {
  const launched = (side: 'before' | 'after') => changed.flatMap((f) => f[side].deps.filter((d) => d.server));
  const [headDeps, baseDeps] = [launched('after'), launched('before')];
  const out = changes.map((c) => (c.after ? entry(c.after, headDeps, c.type, policy) : entry(c.before!, baseDeps, 'removed', policy)));
  for (const f of unchanged) for (const s of f.parsed.servers ?? []) out.push(entry(s, f.parsed.deps, 'unchanged', policy));
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function bundleEntry(d: Dependency, change: ChangeType, policy: Policy, now: Date): BundleInventoryEntry {
  const trust = judgeBundleSignature(d.signature, policy.bundles, now);
  return {
    file: d.file,
    name: d.name,
    version: d.version,
    sha256: d.integrity,
    signature: { status: trust.status, detail: trust.detail, signer: trust.signer?.subject, fingerprint: trust.signer?.sha256, layout: d.signature?.layout },
    change,
  };
}

/** Every bundle at head (changed files as diffed against base, unchanged files as they are), and removed ones. */
export function bundleInventory(
  changed: readonly ChangedFile[],
  unchanged: readonly { parsed: ParsedFile }[],
  policy: Policy,
  now: Date,
): BundleInventoryEntry[] {
  const isBundle = (d: Dependency) => d.ecosystem === 'mcpb' && d.kind === 'bundle';
  const out: BundleInventoryEntry[] = [];
  for (const f of changed) {
    const before = f.before.deps.find(isBundle);
    const after = f.after.deps.find(isBundle);
    if (after) out.push(bundleEntry(after, before === undefined ? 'added' : before.integrity === after.integrity ? 'unchanged' : 'changed', policy, now));
    else if (before) out.push(bundleEntry(before, 'removed', policy, now));
  }
  for (const f of unchanged) for (const d of f.parsed.deps.filter(isBundle)) out.push(bundleEntry(d, 'unchanged', policy, now));
  return out.sort((a, b) => a.file.localeCompare(b.file));
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
  for (const ecosystem of ['npm', 'pypi', 'go', 'cargo'] as const) {
    const url = expectedRegistries({ ecosystem }, policy)[0];
    // A policy URL may carry a user:password or a ?token= (the client uses the former); the evidence shows neither.
    if (!deciding.has(`${ecosystem}\0`)) effective.push({ ecosystem, url: shownUrl(url), from: 'policy default (no config file sets it)', expected: true });
  }
  for (const [scope, url] of Object.entries(policy.registries.npm.scopes)) {
    if (!deciding.has(`npm\0${scope}`)) effective.push({ ecosystem: 'npm', scope, url: shownUrl(url), from: 'policy (no config file sets it)', expected: true });
  }
  return { settings, effective: effective.sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || (a.scope ?? '').localeCompare(b.scope ?? '')) };
}
