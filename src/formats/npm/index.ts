// npm and the other JavaScript package managers: the manifest and every lockfile they write.
import { dependencyFormat, type Format } from '../format.js';
import { bunLock, bunLockb } from './bun-lock.js';
import { packageJson } from './package-json.js';
import { packageLock } from './package-lock.js';
import { pnpmLock } from './pnpm-lock.js';
import { yarnLock } from './yarn-lock.js';

export const NPM_FORMATS: readonly Format[] = [
  dependencyFormat(packageJson),
  dependencyFormat(packageLock),
  dependencyFormat(yarnLock),
  dependencyFormat(pnpmLock),
  dependencyFormat(bunLock),
  bunLockb,
];
