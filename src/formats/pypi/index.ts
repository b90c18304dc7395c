// Python: requirements files, pyproject.toml, Pipfile and the lockfiles of uv, Poetry, Pipenv and PEP 751.
import type { Format } from '../format.js';
import { poetryLock, pylock, uvLock } from './locks.js';
import { pipfile, pipfileLock } from './pipfile.js';
import { pyproject } from './pyproject.js';
import { requirementsTxt } from './requirements.js';

export const PYPI_FORMATS: readonly Format[] = [requirementsTxt, pyproject, uvLock, poetryLock, pylock, pipfile, pipfileLock];
