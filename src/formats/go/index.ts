// Go modules: go.mod, with go.sum as its companion, and go.sum by itself.
import { dependencyFormat, type Format } from '../format.js';
import { goMod, goSum } from './go-mod.js';

export const GO_FORMATS: readonly Format[] = [dependencyFormat(goMod), dependencyFormat(goSum)];
