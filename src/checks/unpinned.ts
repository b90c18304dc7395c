import type { Dependency, Policy } from '../types.js';
import { draftFor, type Check } from './check.js';

function label(d: Dependency): string {
  return d.alias ?? d.name;
}

/** Why an entry of a manifest or config does not name one exact version, or undefined when it does. */
function problem(d: Dependency, policy: Policy): string | undefined {
  const spec = d.spec ?? '';
  // A release-time placeholder (`${VERSION}`): the `template` rule says what was not judged.
  if (d.specType === 'template') return undefined;
  if (d.ecosystem === 'oci') {
    if (d.integrity || !policy.registries.oci.requireDigest) return undefined;
    return `image ${d.name}:${d.version ?? 'latest'} is referenced by tag, not by @sha256: digest: the tag can be moved to other bytes at any time (registries.oci.require-digest)`;
  }
  if (d.ecosystem === 'github-actions') {
    return d.specType === 'version' ? undefined : `action ${d.name}@${d.version ?? spec} is referenced by a tag or branch, not a full commit SHA: whoever controls the repository can move it`;
  }
  if (d.ecosystem === 'mcpb') return undefined;
  if (d.specType === 'git' && !/#[0-9a-f]{40}$/i.test(spec) && !/[?&#](rev|commit)=?[0-9a-f]{40}/i.test(spec) && !(d.resolved && /[0-9a-f]{40}/i.test(d.resolved))) {
    return `${label(d)} comes from git "${spec}" without a full commit hash: the branch or tag can move`;
  }
  if (d.specType === 'invalid') return `${label(d)} has a version spec the gate cannot read: "${spec}"`;
  const loose = d.specType === 'range' || d.specType === 'tag' || (d.specType === 'alias' && !d.version);
  if (!loose) return undefined;
  if (d.kind === 'config') {
    const asked = spec && spec !== 'latest' ? `"${spec}"` : 'no version';
    return `${label(d)} is launched with ${asked}: each start runs whatever ${d.ecosystem === 'pypi' ? 'PyPI' : 'the registry'} serves that day, including a release published last night. Pin an exact version`;
  }
  return `${label(d)} is asked for as "${spec || '*'}", not an exact version: any release matching it installs, including one published tomorrow`;
}

/** Manifests, MCP client configs and images must name one exact version (or digest, or commit); lockfiles always do. */
export const unpinned: Check = {
  rule: 'unpinned',
  run(item, { policy }) {
    const d = item.dep;
    if (d.kind === 'lockfile' || d.kind === 'bundle') return [];
    const why = problem(d, policy);
    return why ? [draftFor(item, 'unpinned', why)] : [];
  },
};
