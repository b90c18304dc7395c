// The action's entry: the runner runs dist/index.js, which only calls run().
import { run } from './main.js';

void run();
