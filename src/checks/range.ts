import { draftFor, type Check } from './check.js';
import { isManifestRange, isPeerRange } from './unpinned.js';

/**
 * A manifest range that does not by itself decide what installs: the lockfile the package manager uses
 * pins one version inside it (that version installs; a newer one comes only through a lockfile change,
 * which is judged when it happens), or it is a peer range, which the installing project resolves.
 * Normal practice, so a notice by default; `unpinned` keeps ranges no lockfile pins, launches and tags.
 */
export const range: Check = {
  rule: 'range',
  run(item) {
    const d = item.dep;
    if (!isManifestRange(d)) return [];
    const name = d.alias ?? d.name;
    const spec = d.spec || '*';
    const entry = item.lock?.entry;
    if (entry !== undefined && d.specType === 'catalog') {
      return [
        draftFor(
          item,
          'range',
          `${name} is asked for as "${spec}", the entry of the pnpm workspace's ${spec.slice('catalog:'.length) || 'default'} catalog (pnpm-workspace.yaml); ${entry.file}:${entry.line} pins ${entry.version ?? 'it'}, so that version is what installs, and a newer one comes only with a lockfile change (judged when it happens)`,
        ),
      ];
    }
    if (entry !== undefined) {
      return [
        draftFor(
          item,
          'range',
          `${name} is asked for as "${spec}", a range; ${entry.file}:${entry.line} pins ${entry.version ?? entry.resolved ?? 'it'}, so that version is what installs, and a newer one comes only with a lockfile change (judged when it happens)`,
        ),
      ];
    }
    if (isPeerRange(d)) {
      return [draftFor(item, 'range', `${name} is a peer dependency ("${spec}"): the project that installs this package picks the version it gets, so a range is what a peer declaration is`)];
    }
    return [];
  },
};
