// node and deno run a script: the repository's own, one on the machine, or (deno) one fetched by URL
// or from npm: or jsr:.
import { LaunchBuilder, splitFlag, short } from './builder.js';
import { npmPackage } from './npm.js';

const NODE_VALUE_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--title', '--input-type', '--stack-size', '--max-old-space-size']);

export function node(b: LaunchBuilder, argv: readonly string[]): void {
  b.launcher = 'node';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = splitFlag(arg);
    if (name === '-e' || name === '--eval' || name === '-p' || name === '--print') {
      b.problem('inline-code', 'runs inline JavaScript (node -e): what it runs cannot be traced to a package');
      return;
    }
    if (NODE_VALUE_FLAGS.has(name) && inline === undefined) {
      i++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') continue;
    b.runsFrom(arg, `node ${short(arg)}`);
    b.note(`runs ${short(arg)}: code in the repository or on the machine, not from a registry`);
    return;
  }
  b.note('runs node without a script');
}

const DENO_VALUE_FLAGS = new Set(['-c', '--config', '--import-map', '--cert', '--location', '--seed', '--ext', '--env-file']);

export function deno(b: LaunchBuilder, argv: readonly string[]): void {
  b.launcher = 'node';
  const sub = argv[0];
  if (sub === 'task') {
    b.markLocal('deno task');
    b.note('runs a task of the repository\'s deno.json: code in the repository, not from a registry');
    return;
  }
  const start = sub === 'run' || sub === 'serve' ? 1 : 0;
  for (let i = start; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = splitFlag(arg);
    if (DENO_VALUE_FLAGS.has(name) && inline === undefined) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg.startsWith('npm:')) {
      b.add(npmPackage(arg.slice(4)));
    } else if (arg.startsWith('jsr:')) {
      b.problem('jsr', `runs the JSR package ${short(arg.slice(4))}, which the gate cannot check`);
    } else if (/^https?:\/\//i.test(arg)) {
      b.problem('remote-script', `runs code straight from ${short(arg)}: what it runs cannot be traced to a package`);
    } else {
      b.runsFrom(arg, `deno ${short(arg)}`);
      b.note(`runs ${short(arg)}: code in the repository or on the machine, not from a registry`);
    }
    return;
  }
  b.note('runs deno without a script');
}
