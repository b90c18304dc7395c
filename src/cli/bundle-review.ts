// The pre-install review of one .mcpb bundle, as a person would do it by hand before clicking
// "install": who made it, what it runs (the exact command and arguments), what it asks the user for,
// what it carries, its hash and who signed it. Read from the bundle's own bytes (the manifest, never
// unpacked to disk) and from the report's evidence (hash, signature under the policy); the findings
// follow it in the report. Everything shown comes from the bundle: terminal-safe, one line each.
import { readBundleSignature } from '../formats/mcp/mcpb/signature.js';
import { parseMcpbBytes } from '../formats/mcp/mcpb/index.js';
import { readZip } from '../formats/readers/zip.js';
import type { Report } from '../report/types.js';
import { terminalSafe } from '../report/text.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const MANIFEST_MAX = 1024 * 1024;
/** Bundled packages listed one per line up to this many; the count says the rest. */
const PACKAGES_SHOWN = 50;

function manifestOf(bytes: Uint8Array): Obj | undefined {
  try {
    const zip = readZip(readBundleSignature(bytes).zip);
    if (zip.problems.length) return undefined;
    const data = zip.read('manifest.json', MANIFEST_MAX);
    if (!data) return undefined;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
    const value: unknown = JSON.parse(text);
    return isObj(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Lines of the review of the bundle `display` (as the report names it) with these bytes. */
export function bundleReview(bytes: Uint8Array, display: string, report: Report): string[] {
  const safe = (s: string) => terminalSafe(s);
  const m = manifestOf(bytes);
  const parsed = parseMcpbBytes(bytes, display);
  const evidence = report.bundles.find((b) => b.file === display);
  const server = parsed.servers?.[0];
  const out: string[] = [`Bundle ${safe(display)}: what installing it would do`];
  const row = (label: string, value: string) => out.push(`  ${label.padEnd(12)} ${value}`);
  if (!m) {
    row('manifest', 'not readable (see the findings): nothing below comes from it');
  } else {
    const author = isObj(m.author) ? [str(m.author.name), str(m.author.email) && `<${m.author.email}>`, str(m.author.url)].filter(Boolean).join(' ') : undefined;
    row('name', safe(`${str(m.name) ?? '(none)'}${str(m.display_name) ? ` ("${m.display_name}")` : ''}`));
    row('version', safe(str(m.version) ?? '(none)'));
    row('author', safe(author || '(none)'));
    if (str(m.description)) row('description', safe(m.description as string));
    const s = isObj(m.server) ? m.server : {};
    row('server type', safe(`${str(s.type) ?? '(none)'}${str(s.entry_point) ? `, entry point ${s.entry_point}` : ''}`));
  }
  if (server?.command !== undefined) {
    row('runs', safe([server.command, ...(server.args ?? [])].map(shellWord).join(' ')));
    if (server.env?.length) row('sets env', safe(server.env.join(', ')));
  } else {
    row('runs', 'no command could be read from the manifest');
  }
  const overrides = m && isObj(m.server) && isObj(m.server.mcp_config) && isObj(m.server.mcp_config.platform_overrides) ? Object.keys(m.server.mcp_config.platform_overrides) : [];
  if (overrides.length) row('', safe(`with other commands on ${overrides.join(', ')} (platform_overrides in manifest.json)`));

  const uc = m && isObj(m.user_config) ? Object.entries(m.user_config) : [];
  out.push(`  user_config  ${uc.length === 0 ? 'asks for nothing' : `asks for ${uc.length} value${uc.length === 1 ? '' : 's'}:`}`);
  for (const [key, raw] of uc) {
    const f = isObj(raw) ? raw : {};
    const traits = [str(f.type) ?? 'untyped', f.required === true ? 'required' : 'optional', f.sensitive === true ? 'sensitive' : undefined, f.multiple === true ? 'several' : undefined].filter(Boolean);
    const def = f.default === undefined ? '' : `, default ${JSON.stringify(f.default)}`;
    const what = [str(f.title), str(f.description)].filter(Boolean).join(': ');
    out.push(`    - ${safe(key)} (${traits.join(', ')}${safe(def)})${what ? ` ${safe(what)}` : ''}`);
  }

  const packages = parsed.deps.filter((d) => d.key !== 'bundle');
  out.push(`  carries      ${packages.length === 0 ? 'no packages the gate recognises' : `${packages.length} package${packages.length === 1 ? '' : 's'}:`}`);
  for (const p of packages.slice(0, PACKAGES_SHOWN)) out.push(`    - ${safe(`${p.ecosystem} ${p.name}${p.version ? `@${p.version}` : ''}`)}`);
  if (packages.length > PACKAGES_SHOWN) out.push(`    ... and ${packages.length - PACKAGES_SHOWN} more (all are in --format json)`);

  row('sha256', safe(evidence?.sha256 ?? parsed.deps.find((d) => d.key === 'bundle')?.integrity ?? '(unknown)'));
  if (evidence) {
    const sig = evidence.signature;
    row('signature', safe(`${sig.status}: ${sig.detail}`));
    if (sig.signer) row('signed by', safe(`${sig.signer}${sig.fingerprint ? ` (certificate SHA-256 ${sig.fingerprint})` : ''}`));
  }
  return out;
}

/** An argument as a shell would need it quoted, so the line reads as the exact command. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./${}-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
