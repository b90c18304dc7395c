// The policy in force: read from the base commit (the pull request does not judge itself), or the
// --policy file, or the built-in default; with the CA certificates bundles.ca names read from where the
// policy came from.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { type ResolvedContext, EMPTY_TREE } from '../context/index.js';
import { type PolicyText, DEFAULT_POLICY_PATH, MAX_POLICY_BYTES, PolicyError, WHOLE_POLICY, loadPolicy } from '../policy/index.js';
import type { Policy } from '../policy/types.js';
import { readBundleCa } from '../policy/bundle-trust.js';
import type { GateOptions } from './types.js';

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

/** The policy in force, and the note that says when it is the built-in default. */
export async function policyInForce(opts: GateOptions, ctx: ResolvedContext): Promise<{ policy: Policy; text: PolicyText; notes: string[] }> {
  const text = await readPolicy(opts, ctx);
  const policy = await withBundleCa(loadPolicy(text), text, ctx);
  const notes: string[] = [];
  if (text.kind === 'default') {
    const where = ctx.event === 'scan' ? 'in the scanned directory (or none was looked for: pass --policy FILE)' : 'in the base commit';
    notes.push(`No policy at ${text.path} ${where}: the built-in default policy applies (well-known MCP packages allowed, everything else MCP-related is unknown).`);
  }
  return { policy, text, notes };
}
