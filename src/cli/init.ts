// `mcp-supply-gate init`: a starting policy from what the repository holds now. The tree is read as
// `scan` reads it (files on disk, no registry contacted) under the built-in default policy, and every
// MCP package, launched package, bundle, remote host and configured registry it finds becomes an
// entry, so the gate starts from "what we have is what we reviewed" and the next PR that brings
// something new is what it stops. Comments in the file say what each section does and what to do next.
import { EMPTY_TREE } from '../context/index.js';
import { scanContext } from '../context/scan.js';
import { runGate } from '../pipeline/index.js';
import { DEFAULT_OCI_REGISTRIES, DEFAULT_POLICY_PATH } from '../policy/defaults.js';
import type { Ecosystem } from '../types.js';
import type { Report } from '../report/types.js';
import { VERSION } from '../common/version.js';
import { canonicalName } from '../ecosystems/common.js';

/** The schema beside the policy; editors (yaml-language-server) complete and check keys with it. */
export const SCHEMA_FILE = 'mcp-policy.schema.json';

interface Allow {
  name: string;
  ecosystem: Ecosystem;
  versions: Set<string>;
  /** Where it was found, for the comment. */
  where: Set<string>;
  integrity: Map<string, string>;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);

export async function initPolicy(opts: { repo: string; cwd: string }): Promise<{ text: string; summary: string; report: Report }> {
  const scan = scanContext({ paths: [opts.repo], cwd: opts.repo, env: {} });
  // Judged under the built-in default whatever policy is there now: init describes the tree, not a policy.
  const report = await runGate({ repoDir: opts.repo, context: { ...scan.context, base: EMPTY_TREE }, offline: true });
  return { ...render(report), report };
}

function collect(report: Report): Allow[] {
  const byKey = new Map<string, Allow>();
  const add = (ecosystem: Ecosystem, name: string, version: string | undefined, where: string) => {
    const key = `${ecosystem}\0${canonicalName(name, ecosystem)}`;
    let a = byKey.get(key);
    if (!a) byKey.set(key, (a = { name, ecosystem, versions: new Set(), where: new Set(), integrity: new Map() }));
    if (version) a.versions.add(version);
    a.where.add(where);
    return a;
  };
  for (const d of report.dependencies) {
    if (d.change === 'removed' || d.ecosystem === 'mcpb') continue;
    add(d.ecosystem, d.name, d.version, d.file);
  }
  for (const s of report.servers) for (const p of s.packages) if (p.ecosystem !== 'mcpb') add(p.ecosystem, p.name, p.version, s.file);
  for (const b of report.bundles) {
    if (b.change === 'removed') continue;
    const a = add('mcpb', b.name, b.version, b.file);
    if (b.version && b.sha256) a.integrity.set(b.version, b.sha256);
  }
  const order: Ecosystem[] = ['npm', 'pypi', 'go', 'cargo', 'oci', 'github-actions', 'mcpb'];
  return [...byKey.values()].sort((x, y) => order.indexOf(x.ecosystem) - order.indexOf(y.ecosystem) || x.name.localeCompare(y.name));
}

/** The `versions` values of an entry: one range for most ecosystems, one entry per version on PyPI (PEP 440 has no "or"). */
function versionRanges(a: Allow): (string | undefined)[] {
  const versions = [...a.versions].sort();
  if (versions.length === 0) return [undefined];
  if (a.ecosystem === 'pypi') return versions.map((v) => `==${v}`);
  return [versions.join(' || ')];
}

function allowLines(a: Allow): string[] {
  const out: string[] = [];
  const from = [...a.where].sort();
  for (const range of versionRanges(a)) {
    out.push(`  - name: ${q(a.name)}`);
    out.push(`    ecosystem: ${a.ecosystem}`);
    if (range !== undefined) out.push(`    versions: ${q(range)}`);
    else out.push('    # no exact version in the repository (a range, a tag or none): pin one, then add versions: "<it>"');
    if (a.integrity.size > 0) {
      out.push('    integrity:                        # this exact file: another file with the same version fails');
      for (const [v, sha] of a.integrity) out.push(`      ${q(v)}: ${q(sha)}`);
    }
    out.push(`    reason: ${q(`in the repository when the policy was written (${from.slice(0, 3).join(', ')}${from.length > 3 ? `, +${from.length - 3} more` : ''})`)}`);
  }
  return out;
}

function registryLines(report: Report): { lines: string[]; count: number } {
  const fromConfig = report.registryConfig.effective.filter((e) => !e.from.startsWith('policy'));
  const npm = fromConfig.filter((e) => e.ecosystem === 'npm');
  const npmDefault = npm.find((e) => !e.scope);
  const scopes = npm.filter((e) => e.scope);
  const pypi = fromConfig.find((e) => e.ecosystem === 'pypi' && !e.scope);
  const go = fromConfig.find((e) => e.ecosystem === 'go');
  const cargo = fromConfig.filter((e) => e.ecosystem === 'cargo');
  const ociHosts = new Set(
    report.dependencies.filter((d) => d.ecosystem === 'oci').map((d) => d.name.split('/')[0]).filter((h) => h.includes('.') || h.includes(':')).map((h) => h.toLowerCase()),
  );
  for (const s of report.servers) for (const p of s.packages) if (p.ecosystem === 'oci' && p.name.split('/')[0].includes('.')) ociHosts.add(p.name.split('/')[0].toLowerCase());
  const extraOci = [...ociHosts].filter((h) => !DEFAULT_OCI_REGISTRIES.includes(h)).sort();
  const lines: string[] = [];
  let count = 0;
  const note = (e: { from: string }) => `  # set by ${e.from}`;
  if (npmDefault || scopes.length) {
    lines.push('  npm:');
    if (npmDefault) {
      lines.push(`    url: ${q(npmDefault.url)}${note(npmDefault)}`);
      count++;
    }
    if (scopes.length) {
      lines.push('    scopes:');
      for (const s of scopes) lines.push(`      ${q(s.scope!)}: ${q(s.url)}${note(s)}`);
      count += scopes.length;
    }
  }
  if (pypi) {
    lines.push('  pypi:', `    url: ${q(pypi.url)}${note(pypi)}`);
    count++;
  }
  if (go) {
    lines.push('  go:', `    proxy: [${q(go.url)}]${note(go)}`);
    count++;
  }
  if (cargo.length) {
    lines.push('  cargo:', `    urls: [${cargo.map((c) => q(c.url)).join(', ')}]  # set by ${cargo.map((c) => c.from).join(', ')}`);
    count += cargo.length;
  }
  if (extraOci.length) {
    lines.push('  oci:', `    registries: [${[...DEFAULT_OCI_REGISTRIES, ...extraOci].map(q).join(', ')}]  # the defaults and the hosts of the images in use`);
    count += extraOci.length;
  }
  return { lines, count };
}

function render(report: Report): { text: string; summary: string } {
  const allows = collect(report);
  const registries = registryLines(report);
  const hosts = [...new Set(report.servers.filter((s) => s.url).map((s) => hostOf(s.url!)).filter((h): h is string => h !== undefined))].sort();
  const bundles = allows.filter((a) => a.ecosystem === 'mcpb' && a.integrity.size > 0).length;
  const perEcosystem = new Map<string, number>();
  for (const a of allows) perEcosystem.set(a.ecosystem, (perEcosystem.get(a.ecosystem) ?? 0) + 1);

  const L: string[] = [
    `# yaml-language-server: $schema=./${SCHEMA_FILE}`,
    `# mcp-supply-gate policy, written by \`mcp-supply-gate init\` (${VERSION}) from what the repository held then.`,
    '#',
    '# The gate reads this file from the BASE commit of a pull request, so a PR cannot loosen its own policy.',
    '# Next steps:',
    '#   1. Review the allow list below: each entry is something the repository already uses. Remove what',
    '#      you have not reviewed; the next PR that brings it back will then need a reviewer.',
    '#   2. Commit this file on the default branch and add the gate to a workflow (README: "Quick start").',
    '#      Start with `warn-only: true` while the team adopts it, then make the check required.',
    '#   3. Run `mcp-supply-gate scan` locally to see what the gate sees, under this policy.',
    'version: 1',
    '',
    '# MCP-related packages are found by name and by what they depend on; add your own with globs.',
    'mcp:',
    '  include: []                         # e.g. ["@acme/agent-*"]: also MCP-related',
    '  exclude: []                         # never MCP-related (a deny entry still applies)',
    '',
    '# The gate\'s built-in lists. With a policy file, only this allow list counts as allowed.',
    'builtin:',
    '  allow-well-known: false             # true: the gate\'s corpus of well-known MCP packages counts as allowed too',
    '  deny-known-malicious: true          # deny the gate\'s list of known-malicious MCP packages',
    '',
  ];
  if (registries.lines.length) {
    L.push('# Where packages come from: the registries the repository\'s configs name. A config that points', '# elsewhere later is a `registry-config` finding.', 'registries:', ...registries.lines, '');
  } else {
    L.push('# Where packages come from: no registry config in the repository, so the public registries', '# (registry.npmjs.org, pypi.org, proxy.golang.org, crates.io) are expected. Set them here:', '# registries:', '#   npm:', '#     url: https://registry.npmjs.org/', '');
  }
  if (hosts.length) {
    L.push('# Remote MCP servers may connect to these hosts only (globs allowed).', 'remotes:', `  hosts: [${hosts.map(q).join(', ')}]`, '');
  } else {
    L.push('# Remote MCP servers: list the hosts they may connect to, or leave this out to require https only.', '# remotes:', '#   hosts: ["api.githubcopilot.com"]', '');
  }
  L.push(
    '# .mcpb bundles need a signature by a trusted signer, or their sha256 pinned in an allow entry.',
    'bundles:',
    '  require: signature-or-sha256        # none | signature | sha256 | signature-or-sha256',
    '  # signers: [{name: "Acme Corp", sha256: "<certificate SHA-256>"}]',
    '',
    '# What may be used, at which versions. The exact versions the repository uses now; widen a range',
    '# (versions: ">=1.2.0") only after reviewing what it admits.',
  );
  if (allows.length) L.push('allow:', ...allows.flatMap(allowLines));
  else L.push('allow: []                             # nothing MCP-related was found');
  L.push(
    '',
    '# Never allowed, whatever the allow list says.',
    'deny: []',
    '#  - name: postmark-mcp',
    '#    versions: "*"',
    '#    reason: "Exfiltrated mail, Sept 2025"',
    '',
    '# Level per rule id (error | warning | notice | off); the rest keep their defaults (README: "Rules").',
    'rules: {}',
    '',
    '# Time-boxed exceptions: a rule (or "*") that does not apply to a package until a date.',
    'exceptions: []',
    '#  - name: "@acme/legacy-mcp"',
    '#    rules: [unpinned]',
    '#    reason: "Pinned in the next release"',
    '#    expires: 2026-12-31',
    '',
  );
  const parts = [...perEcosystem].map(([e, n]) => `${e} ${n}`);
  const summary =
    `${allows.length} allow entr${allows.length === 1 ? 'y' : 'ies'}${parts.length ? ` (${parts.join(', ')})` : ''}, ` +
    `${bundles} bundle sha256 pin${bundles === 1 ? '' : 's'}, ${registries.count} registr${registries.count === 1 ? 'y' : 'ies'} from the repository's configs` +
    (hosts.length ? `, ${hosts.length} remote host${hosts.length === 1 ? '' : 's'}` : '');
  return { text: L.join('\n'), summary };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

export { DEFAULT_POLICY_PATH };
