// Container images: Dockerfiles (and Containerfiles) and compose files.
import type { Format } from '../format.js';
import { compose } from './compose.js';
import { dockerfile } from './dockerfile.js';

export const CONTAINER_FORMATS: readonly Format[] = [dockerfile, compose];
