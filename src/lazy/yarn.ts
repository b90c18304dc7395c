// Yarn's own lockfile grammar (@yarnpkg/parsers): built into dist/lazy-yarn.js, loaded when a
// yarn.lock is read (formats/npm/yarn-lock.ts).
export { parseSyml } from '@yarnpkg/parsers';
