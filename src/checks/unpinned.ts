import { draftFor, type Check } from './check.js';

/** A manifest entry must name one exact version; lockfiles always do. */
export const unpinned: Check = {
  rule: 'unpinned',
  run(item) {
    const d = item.dep;
    if (d.kind !== 'manifest' || d.ecosystem !== 'npm') return [];
    const spec = d.spec ?? '';
    if (d.specType === 'range' || d.specType === 'tag' || (d.specType === 'alias' && !d.version)) {
      return [draftFor(item, 'unpinned', `${d.alias ?? d.name} is asked for as "${spec || '*'}", not an exact version: any release matching it installs, including one published tomorrow`)];
    }
    if (d.specType === 'git' && !/#[0-9a-f]{40}$/i.test(spec)) {
      return [draftFor(item, 'unpinned', `${d.alias ?? d.name} comes from git "${spec}" without a full commit hash: the branch or tag can move`)];
    }
    if (d.specType === 'invalid') {
      return [draftFor(item, 'unpinned', `${d.alias ?? d.name} has a version spec the gate cannot read: "${spec}"`)];
    }
    return [];
  },
};
