// The registry of file formats. A new format is one module plus one line in FORMATS.
import type { Format } from './format.js';
import { packageJson } from './package-json.js';
import { packageLock } from './package-lock.js';

/** Every format the gate reads, in the order they are asked whether they match a path. */
export const FORMATS: readonly Format[] = [packageJson, packageLock];

/** The format that reads the file at this repository-relative path, if any. */
export function formatFor(path: string): Format | undefined {
  return FORMATS.find((format) => format.matches(path));
}
