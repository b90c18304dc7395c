// npx, npm exec, pnpm dlx, yarn dlx and bunx fetch a package from the npm registry; npm/pnpm/yarn/bun
// run and exec run the repository's own scripts.
import { LaunchBuilder, short, splitFlag, type LaunchedPackage, remoteUrl, MAX_SPEC } from './builder.js';
import { shellCommand } from './wrappers.js';
import { programName } from '../../../ecosystems/launchers.js';
import { packageArg } from '../../../ecosystems/npm.js';

/** npm config flags that take a value as the next argument (everything else unknown is boolean, as nopt reads it). */
const NPM_VALUE_FLAGS = new Set([
  '--package', '--registry', '--call', '--cache', '--prefix', '--userconfig', '--globalconfig', '--loglevel',
  '--node-options', '--shell', '--script-shell', '--workspace', '--tag', '--allow-build', '--reporter', '--dir',
  '--filter', '--cwd',
]);

const NPM_SHORT_VALUE = new Set(['-p', '-c', '-w', '-C']);

/** Index of the subcommand: the first argument that is neither a flag nor a flag's value. */
function subcommandIndex(argv: readonly string[]): number {
  return argv.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && isValueFlag(argv[i - 1])));
}

export function npm(b: LaunchBuilder, argv: readonly string[]): void {
  const sub = subcommandIndex(argv);
  const name = sub === -1 ? undefined : argv[sub];
  if (name === 'exec' || name === 'x') {
    // Config flags may come before the subcommand too (`npm --registry=x exec ...`).
    const rest = sub === 0 ? argv.slice(1) : [...argv.slice(0, sub), ...argv.slice(sub + 1)];
    return npmExec(b, 'npm exec', rest, 0);
  }
  if (name !== undefined && ['run', 'run-script', 'start', 'test', 'rum', 'urn'].includes(name)) {
    b.runsScript(`npm ${name}`);
    return;
  }
  b.untraced('npm', name);
}

export function pnpm(b: LaunchBuilder, argv: readonly string[]): void {
  const sub = subcommandIndex(argv);
  const name = sub === -1 ? undefined : argv[sub];
  if (name === 'dlx') {
    const rest = sub === 0 ? argv.slice(1) : [...argv.slice(0, sub), ...argv.slice(sub + 1)];
    return npmExec(b, 'pnpm dlx', rest, 0);
  }
  if (name === 'exec') {
    b.launcher = 'binary';
    b.markLocal('pnpm exec');
    b.note("runs a binary of the repository's installed dependencies (pnpm exec): its version is the lockfile's");
    return;
  }
  if (name !== undefined && ['run', 'start', 'test'].includes(name)) {
    b.runsScript(`pnpm ${name}`);
    return;
  }
  b.untraced('pnpm', name);
}

function isValueFlag(arg: string): boolean {
  return (NPM_VALUE_FLAGS.has(arg) || NPM_SHORT_VALUE.has(arg)) && !arg.includes('=');
}

export function yarn(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] === 'dlx') return npmExec(b, 'yarn dlx', argv, 1);
  b.launcher = 'node';
  b.markLocal('yarn');
  b.note("runs a script or binary of the repository's own project (yarn): code in the repository or its lockfile");
}

export function bun(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] === 'x') return npmExec(b, 'bunx', argv, 1);
  b.launcher = 'node';
  const target = argv[0] === 'run' ? argv.slice(1).find((a) => !a.startsWith('-')) : argv.find((a) => !a.startsWith('-'));
  b.markLocal(`bun ${target === undefined ? 'run' : short(target)}`);
  b.note(`runs ${target === undefined ? 'a script' : short(target)} with bun: code in the repository, not from a registry`);
}

/**
 * npx / npm exec / pnpm dlx / yarn dlx / bunx. Flags up to the first positional; `--package`/`-p`
 * name the packages (then the positional is the binary to run), otherwise the positional is the
 * package spec. Everything after the positional belongs to the server.
 */
export function npmExec(b: LaunchBuilder, launcher: string, argv: readonly string[], start: number): void {
  b.launcher = launcher;
  const packageSpecs: string[] = [];
  let registry: string | undefined;
  const scoped = new Map<string, string>();
  let shellMode = false;
  let positional: number | undefined;
  for (let i = start; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      if (i + 1 < argv.length) positional = i + 1;
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = splitFlag(arg);
      const takeValue = (): string | undefined => inline ?? argv[++i];
      if (name === '--package') {
        const v = takeValue();
        if (v !== undefined) packageSpecs.push(v);
      } else if (name === '--registry') {
        registry = takeValue();
      } else if (/^--@[^:/]+:registry$/.test(name)) {
        const v = inline ?? argv[++i];
        if (v !== undefined) scoped.set(name.slice(2, name.indexOf(':')), v);
      } else if (name === '--call') {
        const script = takeValue();
        if (script !== undefined) shellCommand(b, script);
      } else if (name === '--shell-mode') {
        shellMode = true;
      } else if (NPM_VALUE_FLAGS.has(name) && inline === undefined) {
        i++;
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const flag = arg.slice(0, 2);
      const attached = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      if (flag === '-p') {
        const v = attached ?? argv[++i];
        if (v !== undefined) packageSpecs.push(v);
      } else if (flag === '-c') {
        if (launcher === 'pnpm dlx') shellMode = true;
        else {
          const script = attached ?? argv[++i];
          if (script !== undefined) shellCommand(b, script);
        }
      } else if (NPM_SHORT_VALUE.has(flag) && attached === undefined) {
        i++;
      }
      continue;
    }
    positional = i;
    break;
  }
  if (shellMode && positional !== undefined) {
    shellCommand(b, argv.slice(positional).join(' '));
    return;
  }
  const registryFor = (name: string): string | undefined => {
    if (name.startsWith('@')) {
      const scope = name.slice(0, name.indexOf('/'));
      if (scoped.has(scope)) return scoped.get(scope);
    }
    return registry;
  };
  const addNpm = (spec: string): LaunchedPackage => {
    const pkg = npmPackage(spec);
    const reg = registryFor(pkg.name);
    if (reg !== undefined && (pkg.specType === 'version' || pkg.specType === 'range' || pkg.specType === 'tag')) pkg.registry = reg;
    b.add(pkg);
    return pkg;
  };
  let remote = false;
  for (const spec of packageSpecs) if (addNpm(spec).name === 'mcp-remote') remote = true;
  if (packageSpecs.length === 0) {
    if (positional === undefined) {
      b.problem('no-package', `runs ${launcher} without naming a package`);
      return;
    }
    if (addNpm(argv[positional]).name === 'mcp-remote') remote = true;
  } else if (positional !== undefined && programName(argv[positional]) === 'mcp-remote') {
    remote = true;
  }
  if (remote) remoteUrl(b, argv, positional === undefined ? argv.length : positional + 1);
}

/** An npm package spec as npx takes it (ecosystems/npm.ts reads every npm spec). A bare name runs the `latest` tag. */
export function npmPackage(raw: string): LaunchedPackage {
  if (raw.length > MAX_SPEC) return { ecosystem: 'npm', name: short(raw, 214), spec: short(raw, 214), specType: 'invalid' };
  return { ecosystem: 'npm', ...packageArg(raw) };
}
