// GitHub Actions workflows.
import type { Format } from '../format.js';
import { workflow } from './workflow.js';

export const ACTIONS_FORMATS: readonly Format[] = [workflow];
