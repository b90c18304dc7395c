import semver from 'semver';
import { allowEntriesFor, versionIn } from '../policy/match.js';
import { draftFor, type Check } from './check.js';

/** The version must fall in the range of at least one allow entry that names the package. */
export const version: Check = {
  rule: 'version',
  run(item, { policy }) {
    const d = item.dep;
    const entries = allowEntriesFor(policy, d.name, d.ecosystem);
    const ranged = entries.filter((e) => e.versions && e.versions !== '*');
    if (!entries.length || ranged.length < entries.length) return [];
    const ranges = ranged.map((e) => e.versions as string);
    if (d.version) {
      if (ranges.some((r) => versionIn(d.version, r, d.ecosystem))) return [];
      return [draftFor(item, 'version', `${d.name}@${d.version} is outside the allowed versions (${ranges.join(' or ')})`)];
    }
    // A manifest range: every version it admits must be allowed, unless the governing lockfile pins it
    // (then the pinned version is what installs, and its lockfile entry is what `version` judges).
    if (item.lock?.entry !== undefined) return [];
    if (d.ecosystem === 'npm' && d.spec && semver.validRange(d.spec) && !ranges.some((r) => semver.subset(d.spec as string, r, { includePrerelease: true }))) {
      return [draftFor(item, 'version', `${d.name}@${d.spec} admits versions outside the allowed versions (${ranges.join(' or ')})`)];
    }
    return [];
  },
};
