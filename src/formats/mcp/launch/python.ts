// uvx, uv tool run and pipx run fetch a package from a Python index; uv run and python run code
// already in the repository or on the machine.
import { splitFlag, LaunchBuilder, short, isPathLike, type LaunchedPackage, MAX_SPEC } from './builder.js';
import { PYTHON, programName } from '../../../ecosystems/launchers.js';
import { splitCommandLine } from '../../readers/shell-words.js';
import { commandLineRequirement } from '../../../ecosystems/pypi.js';

const UV_VALUE_FLAGS = new Set([
  '--from', '--with', '--with-editable', '--with-requirements', '--index-url', '--default-index', '--extra-index-url',
  '--index', '--find-links', '--python', '--directory', '--project', '--config-file', '--cache-dir', '--index-strategy',
  '--keyring-provider', '--resolution', '--prerelease', '--exclude-newer', '--exclude-newer-package', '--link-mode',
  '--refresh-package', '--reinstall-package', '--upgrade-package', '--no-build-package', '--no-binary-package',
  '--only-binary', '--no-build-isolation-package', '--config-setting', '--python-preference', '--color', '--env-file',
  '--constraints', '--constraint', '--overrides', '--override', '--build-constraints', '--build-constraint',
  '--allow-insecure-host', '--trusted-host', '--python-platform', '--torch-backend', '--fork-strategy', '--extra',
  '--group', '--only-group', '--no-group', '--package', '--no-extra', '--python-version',
]);

const UV_SHORT_VALUE = new Set(['-i', '-p', '-f', '-w', '-c', '-b', '-C', '-P']);

interface PythonOptions {
  from?: string;
  with: string[];
  registry?: string;
  extra: string[];
  /** Index of the first positional (the command), if any. */
  positional?: number;
  /** `--directory` / `--project`: the project uv runs in. */
  directory?: string;
}

/** uv's options up to the first positional; `--with` and index flags are collected. */
function uvOptions(argv: readonly string[], start: number): PythonOptions {
  const o: PythonOptions = { with: [], extra: [] };
  for (let i = start; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      if (i + 1 < argv.length) o.positional = i + 1;
      return o;
    }
    if (!arg.startsWith('-') || arg === '-') {
      o.positional = i;
      return o;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) [name, inline] = splitFlag(arg);
    else {
      name = arg.slice(0, 2);
      inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      if (!UV_SHORT_VALUE.has(name)) continue; // -q, -v, -n, -U, or a cluster of boolean flags
    }
    if (!UV_VALUE_FLAGS.has(name) && !UV_SHORT_VALUE.has(name)) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) return o;
    if (name === '--from') o.from = value;
    else if (name === '--with' || name === '-w') o.with.push(value);
    else if (name === '--index-url' || name === '-i' || name === '--default-index') o.registry = value;
    else if (name === '--directory' || name === '--project') o.directory = value;
    else if (name === '--extra-index-url' || name === '--index') o.extra.push(indexUrl(value));
  }
  return o;
}

/** `--index name=https://...` names an index; the URL is what matters. */
export function indexUrl(value: string): string {
  const m = /^[A-Za-z0-9_.-]+=(.+:\/\/.*)$/.exec(value);
  return m ? m[1] : value;
}

function addPython(b: LaunchBuilder, spec: string, o: PythonOptions): void {
  const pkg = pypiPackage(spec);
  if (pkg.specType === 'version' || pkg.specType === 'range' || pkg.specType === 'tag') {
    if (o.registry !== undefined) pkg.registry = o.registry;
    if (o.extra.length > 0) pkg.extraRegistries = [...o.extra];
  }
  b.add(pkg);
}

/** uvx / uv tool run: `--from pkg cmd`, or `pkg[@version|==version]` as the command. */
export function uvTool(b: LaunchBuilder, launcher: string, argv: readonly string[], start: number): void {
  b.launcher = launcher;
  const o = uvOptions(argv, start);
  if (o.from !== undefined) addPython(b, o.from, o);
  else if (o.positional !== undefined) addPython(b, argv[o.positional], o);
  else b.problem('no-package', `runs ${launcher} without naming a package`);
  for (const w of o.with) addPython(b, w, o);
}

/** uv [global options] (run | tool run | x) ... */
export function uv(b: LaunchBuilder, argv: readonly string[]): void {
  const global = uvOptions(argv, 0);
  const sub = global.positional;
  if (sub !== undefined && argv[sub] === 'tool' && argv[sub + 1] === 'run') return uvTool(b, 'uvx', argv, sub + 2);
  if (sub !== undefined && argv[sub] === 'tool' && argv[sub + 1] === 'uvx') return uvTool(b, 'uvx', argv, sub + 2);
  if (sub !== undefined && argv[sub] === 'run') {
    b.launcher = 'uv run';
    const o = uvOptions(argv, sub + 1);
    o.registry ??= global.registry;
    o.extra.unshift(...global.extra);
    for (const w of [...global.with, ...o.with]) addPython(b, w, o);
    const target = o.positional === undefined ? undefined : argv[o.positional];
    // The project it runs in (--directory, --project) and a script given by path decide whose code it is.
    for (const dir of [global.directory, o.directory]) b.projectAt(dir);
    if (target !== undefined && (isPathLike(target) || /\.py$/i.test(target))) b.runsFrom(target, `uv run ${short(target)}`);
    b.markLocal(`uv run${target === undefined ? '' : ` ${short(target)}`}`);
    if (target === undefined) b.note("runs the project's own environment (uv run)");
    else if (PYTHON.test(programName(target))) b.note(`runs ${short(target)} in the project's environment: its packages come from the project's lockfile`);
    else if (isPathLike(target) || /\.py$/i.test(target)) b.note(`runs ${short(target)}: code in the repository, not from a registry`);
    else b.note(`runs \`${short(target)}\` from the project's environment: its packages come from the project's lockfile`);
    return;
  }
  b.untraced('uv', sub === undefined ? '' : argv[sub]);
}

const PIPX_VALUE_FLAGS = new Set(['--spec', '--index-url', '-i', '--pip-args', '--python', '--backend', '--fetch-missing-python']);

/** pipx run [--spec SPEC] [--index-url URL] [--pip-args ARGS] app ... */
export function pipx(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] !== 'run') {
    b.untraced('pipx', argv[0]);
    return;
  }
  b.launcher = 'pipx run';
  const o: PythonOptions = { with: [], extra: [] };
  let spec: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      if (i + 1 < argv.length) o.positional = i + 1;
      break;
    }
    if (!arg.startsWith('-')) {
      o.positional = i;
      break;
    }
    const [name, inline] = splitFlag(arg);
    if (!PIPX_VALUE_FLAGS.has(name)) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) break;
    if (name === '--spec') spec = value;
    else if (name === '--index-url' || name === '-i') o.registry = value;
    else if (name === '--pip-args') pipArgs(value, o);
  }
  const app = o.positional === undefined ? undefined : argv[o.positional];
  if (spec === undefined && app !== undefined && /^https?:\/\//i.test(app)) {
    b.problem('remote-script', `runs a script downloaded from ${short(app)}: what it runs cannot be traced to a package`);
    return;
  }
  if (spec !== undefined) addPython(b, spec, o);
  else if (app !== undefined) addPython(b, app, o);
  else b.problem('no-package', 'runs pipx run without naming a package');
}

/** Index flags inside pipx's `--pip-args "..."`. */
function pipArgs(value: string, o: PythonOptions): void {
  const tokens = splitCommandLine(value);
  for (let i = 0; i < tokens.length; i++) {
    const [name, inline] = splitFlag(tokens[i]);
    if (name === '--index-url' || name === '-i') o.registry = inline ?? tokens[++i];
    else if (name === '--extra-index-url') {
      const v = inline ?? tokens[++i];
      if (v !== undefined) o.extra.push(v);
    }
  }
}

/**
 * A Python requirement as uvx / pipx take it (ecosystems/pypi.ts reads every Python requirement):
 * `pkg`, `pkg==1.2.3`, `pkg>=1`, `pkg[extra]`, uvx's `pkg@1.2.3` and `pkg@latest`,
 * `pkg @ git+https://...`, or a bare URL / path.
 */
export function pypiPackage(raw: string): LaunchedPackage {
  const s = raw.trim();
  if (s.length > MAX_SPEC) return { ecosystem: 'pypi', name: short(s, 214), spec: short(s, 214), specType: 'invalid' };
  return { ecosystem: 'pypi', ...commandLineRequirement(s) };
}

export function python(b: LaunchBuilder, argv: readonly string[]): void {
  b.launcher = 'python';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-m') {
      b.note(`runs the module ${short(argv[i + 1] ?? '')} from the Python environment on the machine: not from a registry the config names`);
      return;
    }
    if (arg === '-c') {
      b.problem('inline-code', 'runs inline Python code (python -c): what it runs cannot be traced to a package');
      return;
    }
    if (arg === '-W' || arg === '-X' || arg === '--check-hash-based-pycs') {
      i++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') continue;
    b.runsFrom(arg, `python ${short(arg)}`);
    b.note(`runs ${short(arg)}: code in the repository or on the machine, not from a registry`);
    return;
  }
  b.note('runs python without a script');
}
