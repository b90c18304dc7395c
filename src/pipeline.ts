import { existsSync, readFileSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { dirname, resolve as resolvePath } from 'node:path';
import type { Draft } from './checks/check.js';
import { CHECKS } from './checks/index.js';
import { EMPTY_TREE, resolveContext, type ContextInputs, type ResolvedContext } from './context/index.js';
import { NO_FACTS, type Facts } from './facts.js';
import { formatFor } from './formats/index.js';
import { mcpReasons, sdkDependents } from './inventory/classify.js';
import { coverageOf } from './inventory/coverage.js';
import { cargoWorkspaceEntry, ownCode, ownRelease } from './inventory/own.js';
import { mergeRelated, relatedEntries, type JudgedDraft } from './merge-findings.js';
import { readRelatedFiles } from './read-related.js';
import { diffDependencies, diffKeyed } from './inventory/diff.js';
import { readBundleCa } from './policy/bundle-trust.js';
import { DEFAULT_POLICY_PATH, loadPolicy, MAX_POLICY_BYTES, PolicyError, WHOLE_POLICY, type PolicyText } from './policy/index.js';
import { bundleInventory, effectiveRegistries, serverInventory } from './inventory/servers.js';
import { readChangedFile, readInventoryFiles, type ChangedFile } from './read-files.js';
import type { Change, Dependency, FileIssue, InventoryEntry, InventoryItem, McpServer, Policy, RegistrySetting, Report } from './types.js';
import { conclude, countLevels, decide } from './verdict.js';
import { VERSION } from './version.js';

export interface GateOptions extends ContextInputs {
  /** Policy path inside the repository, read from the base commit (default .github/mcp-policy.yml). */
  policyPath?: string;
  /** CLI only: a policy file on disk, read as is. */
  policyFile?: string;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  /** Fetch nothing from registries; report what was not verified. */
  offline?: boolean;
  /** Registry facts for the changed MCP packages (the Facts stage); none when absent. */
  gatherFacts?: (items: readonly InventoryItem[], policy: Policy) => Promise<Facts>;
  log?: (message: string) => void;
  /** An already resolved context (`scan`: a directory source) instead of one resolved from git or the event. */
  context?: ResolvedContext;
  /** Where a long run is (files read, packages verified): the CLI shows it on a terminal. */
  progress?: (stage: 'read' | 'verify', done: number, total: number) => void;
}

async function readPolicy(opts: GateOptions, ctx: ResolvedContext): Promise<PolicyText> {
  if (opts.policyFile) return { kind: 'file', path: opts.policyFile, text: readPolicyFile(opts.policyFile) };
  const path = opts.policyPath || DEFAULT_POLICY_PATH;
  if (ctx.base === EMPTY_TREE) return { kind: 'default', path };
  const res = await ctx.source.read(ctx.base, path, MAX_POLICY_BYTES);
  if (res.kind === 'absent') return { kind: 'default', path };
  if (res.kind === 'unreadable') {
    throw new PolicyError(`cannot be read in the base commit: ${res.reason}: the policy must be a UTF-8 text file of at most ${MAX_POLICY_BYTES} bytes`, path, 1, WHOLE_POLICY);
  }
  return { kind: 'base', path, commit: ctx.base, text: res.text };
}

/** A --policy file as text; a missing or unreadable file is a PolicyError naming it, not a stack trace. */
function readPolicyFile(path: string): string {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_POLICY_BYTES) {
      throw new PolicyError(`is more than the ${MAX_POLICY_BYTES} bytes a policy may have: shorten its lists (a glob like @acme/* covers a whole scope)`, path, 1, WHOLE_POLICY);
    }
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof PolicyError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new PolicyError(`cannot be read (${why}): check the --policy path`, path, 1, WHOLE_POLICY);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PolicyError('is not UTF-8 text: save the policy as UTF-8 YAML', path, 1, WHOLE_POLICY);
  }
}

/** The policy with the CA certificates of `bundles.ca` read from where the policy came from (the base commit, or next to a policy file). */
async function withBundleCa(policy: Policy, src: PolicyText, ctx: ResolvedContext): Promise<Policy> {
  const ca = policy.bundles.ca;
  if (ca === undefined || src.kind === 'default') return policy;
  let text: string | undefined;
  if (src.kind === 'file') {
    const file = resolvePath(dirname(src.path), ca.path);
    text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } else {
    const res = await ctx.source.read(src.commit, ca.path, 1024 * 1024);
    if (res.kind === 'unreadable') throw new PolicyError(`${ca.path} cannot be read: ${res.reason}`, src.path, ca.line, 'bundles.ca');
    text = res.kind === 'text' ? res.text : undefined;
  }
  return { ...policy, bundles: { ...policy.bundles, ca: { ...ca, certs: readBundleCa(text, src.path, ca) } } };
}

function inventoryEntry(item: InventoryItem): InventoryEntry {
  const d = item.dep;
  return {
    ecosystem: d.ecosystem,
    name: d.name,
    version: d.version,
    spec: d.spec,
    source: d.resolved ?? d.registry ?? (d.kind === 'manifest' ? d.spec : d.kind === 'config' ? 'the default registry, fetched when the client starts it' : undefined),
    integrity: d.integrity,
    file: d.file,
    line: d.line,
    change: item.change.type,
    why: item.mcp,
  };
}

/** Every rule on every changed dependency, server and setting; each dependency's drafts say which entry they are about. */
function runChecks(
  items: readonly InventoryItem[],
  servers: readonly McpServer[],
  settings: readonly RegistrySetting[],
  policy: Policy,
  facts: Facts,
  now: Date,
): JudgedDraft[] {
  const judged: JudgedDraft[] = [];
  const ctx = { policy, facts, now };
  for (const item of items) {
    if (item.change.type !== 'added' && item.change.type !== 'changed') continue;
    for (const check of CHECKS) {
      if (!check.run || ((check.scope ?? 'mcp') === 'mcp' && item.mcp.length === 0)) continue;
      for (const draft of check.run(item, ctx)) judged.push({ draft, dep: item.dep });
    }
  }
  for (const server of servers) for (const check of CHECKS) if (check.server) for (const draft of check.server(server, ctx)) judged.push({ draft });
  for (const setting of settings) for (const check of CHECKS) if (check.setting) for (const draft of check.setting(setting, ctx)) judged.push({ draft });
  return judged;
}

/** The note that says which changed entries were the project's own code, so the evidence shows what was not judged as a package. */
function ownNote(own: readonly { dep: Dependency; why: string }[]): string | undefined {
  if (own.length === 0) return undefined;
  const shown = own.slice(0, 10).map(({ dep, why }) => `${dep.name} (${dep.file}:${dep.line}: ${why})`);
  return `Not judged as dependencies, the project's own code: ${shown.join('; ')}${own.length > 10 ? ` and ${own.length - 10} more` : ''}.`;
}

/**
 * Issues a file shows at head that it did not show at base (same rule, key and message). A
 * `template` issue of a file the policy lists under `server-json.templates` is the file working as
 * intended, not news.
 */
function newIssues(f: ChangedFile, policy: Policy): Draft[] {
  const id = (i: FileIssue) => `${i.rule}\0${i.key}\0${i.message}`;
  const old = new Set((f.before.issues ?? []).map(id));
  const acceptedTemplate = policy.serverJson.templates.some((g) => picomatch.isMatch(f.change.path, g, { dot: true }));
  return (f.after.issues ?? [])
    .filter((i) => !old.has(id(i)))
    .filter((i) => !(i.rule === 'template' && acceptedTemplate))
    .map((i) => ({ rule: i.rule, file: f.change.path, line: i.line, message: i.message, ecosystem: i.ecosystem, name: i.name, version: i.version }));
}

function title(report: Pick<Report, 'conclusion' | 'counts'>, judged: number, scan: boolean): string {
  const { error, warning } = report.counts;
  if (report.conclusion === 'neutral') return scan ? 'Nothing MCP-related found' : 'No MCP-related dependency changes';
  const parts = [`${error} error${error === 1 ? '' : 's'}`, `${warning} warning${warning === 1 ? '' : 's'}`];
  const what = scan ? `MCP-related entr${judged === 1 ? 'y' : 'ies'} found` : `MCP-related change${judged === 1 ? '' : 's'}`;
  return `${report.conclusion === 'failure' ? 'Blocked' : 'Passed'}: ${parts.join(', ')} in ${judged} ${what}`;
}

/** The whole gate: context -> changes -> inventory -> facts -> findings -> verdict, as one Report. */
export async function runGate(opts: GateOptions): Promise<Report> {
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const ctx = opts.context ?? (await resolveContext(opts));
  const scan = ctx.event === 'scan';
  for (const note of ctx.notes) log(note);
  const policyText = await readPolicy(opts, ctx);
  const policy = await withBundleCa(loadPolicy(policyText), policyText, ctx);
  const notes = [...ctx.notes];
  if (policyText.kind === 'default') {
    const where = scan ? 'in the scanned directory (or none was looked for: pass --policy FILE)' : 'in the base commit';
    notes.push(`No policy at ${policyText.path} ${where}: the built-in default policy applies (well-known MCP packages allowed, everything else MCP-related is unknown).`);
  }

  const changed = await ctx.source.changedPaths(ctx.from, ctx.head);
  const policyPath = opts.policyFile ? undefined : policyText.path;
  const drafts: Draft[] = [];
  const policyChange = changed.find((c) => c.path === policyPath);
  if (policyChange) {
    drafts.push({
      rule: 'policy-changed',
      file: policyChange.path,
      line: 1,
      message: `This PR ${policyChange.status === 'deleted' ? 'deletes' : policyChange.status === 'added' ? 'adds' : 'changes'} the gate's policy. It is judged by the policy of the base commit; the new policy applies once merged, so it needs a reviewer who owns it.`,
    });
  }

  const parsed: ChangedFile[] = [];
  const readable = changed.filter((c) => formatFor(c.path));
  for (const c of readable) {
    parsed.push(await readChangedFile(ctx, c.path, c.status, policy));
    opts.progress?.('read', parsed.length, readable.length);
  }
  for (const f of parsed) drafts.push(...f.drafts, ...newIssues(f, policy));
  // Why a changed file was not read as the format its path suggests (a web server's server.json).
  for (const f of parsed) notes.push(...(f.after.notes ?? []));

  const changes: Change[] = parsed.flatMap((f) => diffDependencies(f.before.deps, f.after.deps));
  const dependents = sdkDependents(parsed.flatMap((f) => [...f.after.deps, ...f.before.deps]));
  const serverChanges = parsed.flatMap((f) => diffKeyed(f.before.servers ?? [], f.after.servers ?? [], (s) => s.key));
  const settingChanges = parsed.flatMap((f) => diffKeyed(f.before.settings ?? [], f.after.settings ?? [], (s) => s.key));
  const newServers = serverChanges.flatMap((c) => (c.type === 'added' || c.type === 'changed' ? [c.after!] : []));
  const newSettings = settingChanges.flatMap((c) => (c.type === 'added' || c.type === 'changed' ? [c.after!] : []));
  // The project's own code (workspace packages, folders of this repository, its own Go modules) is not a
  // dependency; a manifest entry at head learns which lockfile entry pins it (the one the package
  // manager would use, read at head when the PR does not change it).
  const related = await readRelatedFiles(ctx, policy, parsed);
  notes.push(...related.notes);
  const ownContext = { goModules: related.goModules, cargoRoots: related.cargoRoots };
  const own: { dep: Dependency; why: string }[] = [];
  const items: InventoryItem[] = [];
  for (const change of changes) {
    const dep = (change.after ?? change.before) as Dependency;
    // A Cargo `{ workspace = true }` entry asks for what the workspace root's entry asks for.
    const inherited = cargoWorkspaceEntry(dep, related.cargoRoots);
    const asked = inherited === undefined ? dep : { ...dep, spec: inherited.spec, specType: inherited.specType, version: inherited.version };
    const lock = change.after !== undefined && dep.kind === 'manifest' ? coverageOf(asked, related.lockfiles) : undefined;
    const linked = lock?.entry === undefined ? undefined : ownCode(lock.entry, ownContext);
    const why = ownCode(dep, ownContext) ?? (linked === undefined ? undefined : `resolved by ${lock!.entry!.file} to ${linked}`) ?? ownRelease(change);
    const mcp = mcpReasons(dep, policy, dependents);
    if (why !== undefined) {
      if (mcp.length && (change.type === 'added' || change.type === 'changed')) own.push({ dep, why });
      continue;
    }
    items.push(lock === undefined ? { change, dep, mcp } : { change, dep, mcp, lock });
  }
  const ownSummary = ownNote(own);
  if (ownSummary !== undefined) notes.push(ownSummary);
  const judgedItems = items.filter((i) => i.mcp.length && (i.change.type === 'added' || i.change.type === 'changed'));
  const facts = opts.gatherFacts && judgedItems.length ? await opts.gatherFacts(judgedItems, policy) : NO_FACTS;

  const unverified = new Set(facts.log.filter((r) => r.result === 'skipped').map((r) => `${r.name}@${r.version ?? '?'}`));
  if (unverified.size) {
    notes.push(
      `Not verified against the registry (${opts.offline || !policy.verify.registry ? 'offline run or verify.registry: false' : 'see the verification log'}): ${[...unverified].slice(0, 20).join(', ')}${unverified.size > 20 ? ` and ${unverified.size - 20} more` : ''}.`,
    );
  }
  const judgedDrafts = runChecks(items, newServers, newSettings, policy, facts, now);
  const checkDrafts = judgedDrafts.map((j) => j.draft);
  // One problem, one finding: a package's findings of one rule in its manifest and lockfile entries merge.
  drafts.push(...mergeRelated(judgedDrafts, relatedEntries(items)));
  const findings = decide(drafts, policy, now);

  // A dependency that a rule caught counts in the inventory even when its name does not look MCP-related.
  const flagged = new Set(checkDrafts.map((d) => `${d.file}\0${d.line}`));
  const inventory = items
    .filter((i) => i.mcp.length || flagged.has(`${i.dep.file}\0${i.dep.line}`))
    .map((i) => (i.mcp.length ? i : { ...i, mcp: checkDrafts.filter((d) => d.file === i.dep.file && d.line === i.dep.line).map((d) => `flagged by ${d.rule}`) }))
    .map(inventoryEntry)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);

  // The installation audit: every MCP server and registry setting in the head tree, changed or not.
  const unchanged = await readInventoryFiles(ctx, policy, new Set(changed.map((c) => c.path)));
  notes.push(...unchanged.notes);
  const servers = serverInventory(serverChanges, parsed, unchanged.files, policy);
  const bundles = bundleInventory(parsed, unchanged.files, policy, now);
  const registryConfig = effectiveRegistries(parsed, unchanged.files, policy);

  const judged =
    judgedItems.length +
    parsed.filter((f) => f.drafts.length).length +
    newServers.length +
    newSettings.length;
  const counts = countLevels(findings);
  const conclusion = conclude(findings, judged);
  return {
    tool: { name: 'mcp-supply-gate', version: VERSION },
    conclusion,
    title: title({ conclusion, counts }, judged, scan),
    base: ctx.base,
    head: ctx.head,
    policy: { ...policy.source, note: policyText.kind === 'default' ? 'built-in default policy' : undefined },
    counts,
    findings,
    dependencies: inventory,
    servers,
    bundles,
    registryConfig,
    verification: facts.log,
    files: parsed.map((f) => ({ path: f.change.path, status: f.change.status, format: f.format })),
    notes,
  };
}
