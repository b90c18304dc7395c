// What an MCP client config's `command` + `args` launch. Most servers enter a repository as
// `"command": "npx", "args": ["-y", "some-mcp"]`, which runs whatever the registry serves today; this
// module reads such a command line the way the launcher would and says which packages (npm, PyPI, OCI
// images) it fetches, with the spec it asks for, and what about it cannot be traced to a package.
// Pure: it never runs, resolves or looks up anything. Every loop is one pass over the arguments.
import { valid as pep440Valid, validRange as pep440ValidRange } from '@renovatebot/pep440';
import npa from 'npm-package-arg';
import semver from 'semver';

export interface LaunchedPackage {
  ecosystem: 'npm' | 'pypi' | 'oci' | 'go';
  /** npm/PyPI: the package name; OCI: the image name as written, without tag or digest; Go: the package path of `go run path@version`. */
  name: string;
  /** One exact version (npm/PyPI pins), or the image tag. */
  version?: string;
  /** What was asked for: `0.0.41`, `^1`, `latest`, `==1.2.3`, a git/URL/path spec, an image tag or digest. */
  spec: string;
  specType: 'version' | 'range' | 'tag' | 'git' | 'remote' | 'file' | 'directory' | 'invalid';
  /** OCI: `sha256:<hex>` when the image is pinned by digest. */
  integrity?: string;
  /** The registry or index it comes from (`--registry`, `--index-url`, the image's registry host). */
  registry?: string;
  /** Further indexes consulted too (`--extra-index-url`, `--index`). */
  extraRegistries?: string[];
}

export interface Launch {
  /**
   * 'npx', 'npm exec', 'pnpm dlx', 'yarn dlx', 'bunx', 'uvx', 'uv run', 'pipx run', 'docker run',
   * 'podman run', 'node', 'python', 'cargo run', 'go run', 'dotnet run', 'mcp-remote', 'binary' (a
   * path), 'path' (a program looked up on PATH: see `program`), 'shell', 'unknown'.
   */
  launcher: string;
  /** For launcher 'path': the program's name as the client looks it up on PATH (lower case, no .exe). */
  program?: string;
  /**
   * Set when what runs is the repository's own code (`cargo run`, `go run .`, `npm run`, `uv run`,
   * `node ./x.js`): the words the inventory shows, starting "runs code from this repository".
   */
  local?: string;
  /**
   * Set when what runs is a program, script or project at a path outside the repository (`/Users/me/x/dist/index.js`,
   * `~/bin/server`, `cargo run --manifest-path /home/me/rmcp/Cargo.toml`): the path. Whatever is there on
   * the machine runs; the `launcher-path` rule reports it.
   */
  outside?: string;
  packages: LaunchedPackage[];
  /** The remote server it connects to (`mcp-remote <url>`). */
  url?: string;
  /** What is risky or untraceable about the command, in words (`runs the container with --privileged`). */
  problems: string[];
  /** A short stable id for each entry of `problems`, same order (`privileged`, `mount:/var/run/docker.sock`). */
  problemIds: string[];
  /** Facts worth knowing that are not problems (`runs code from the repository, not from a registry`). */
  notes: string[];
}

/** How many wrappers (`cmd /c`, `sh -c`, `env`) are unwrapped before giving up. */
const MAX_WRAPPERS = 4;
/** Longer specs are not handed to the spec parsers (npm names are at most 214 characters). */
const MAX_SPEC = 2048;

class LaunchBuilder {
  launcher = 'unknown';
  program?: string;
  local?: string;
  outside?: string;
  readonly packages: LaunchedPackage[] = [];
  url?: string;
  readonly problems: string[] = [];
  readonly problemIds: string[] = [];
  readonly notes: string[] = [];
  private readonly seenPackages = new Set<string>();
  private readonly seenProblems = new Set<string>();
  private readonly seenNotes = new Set<string>();

  add(pkg: LaunchedPackage): void {
    const id = `${pkg.ecosystem}:${pkg.name}`;
    if (this.seenPackages.has(id)) return;
    this.seenPackages.add(id);
    this.packages.push(pkg);
  }

  problem(id: string, text: string): void {
    if (this.seenProblems.has(id)) return;
    this.seenProblems.add(id);
    this.problemIds.push(id);
    this.problems.push(text);
  }

  note(text: string): void {
    if (this.seenNotes.has(text)) return;
    this.seenNotes.add(text);
    this.notes.push(text);
  }

  /** What runs is the repository's own code: the inventory's "runs code from this repository (how)". */
  markLocal(how: string): void {
    this.local ??= `runs code from this repository (${how})`;
  }

  /** What runs is at `path`: the repository's own code when the path is inside it, else a path on the machine. */
  runsFrom(path: string, how: string): void {
    if (isRepositoryPath(path)) this.markLocal(how);
    else this.outside ??= path;
  }

  result(): Launch {
    const out: Launch = {
      launcher: this.launcher,
      packages: this.packages,
      problems: this.problems,
      problemIds: this.problemIds,
      notes: this.notes,
    };
    if (this.url !== undefined) out.url = this.url;
    if (this.program !== undefined) out.program = this.program;
    if (this.local !== undefined && this.outside === undefined) out.local = this.local;
    if (this.outside !== undefined) out.outside = this.outside;
    return out;
  }
}

/**
 * Reads a client config's `command` and `args` as the launcher would. A command with spaces and no
 * args (`"npx -y @playwright/mcp@0.0.41"`) is split like a shell would split simple words.
 */
export function parseLaunch(command: string, args: readonly string[]): Launch {
  const b = new LaunchBuilder();
  dispatch(b, command, args, 0);
  return b.result();
}

// ---------------------------------------------------------------------------------------------
// Command lines

/** Splits a simple command line on whitespace, honouring '...' and "..." (with \" inside "..."). */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (inToken) out.push(cur);
  return out;
}

/** The program a command names: its file name, lower-cased, without a Windows extension. */
export function programName(command: string): string {
  const base = command.slice(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1).toLowerCase();
  return base.replace(/\.(exe|cmd|bat|ps1)$/, '');
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'pwsh', 'powershell']);
const PYTHON = /^(python|python3|python3\.\d+|python2(\.\d+)?|py|pypy3?)$/;
/** Programs that fetch from the network: started as a server, what they fetch cannot be traced. */
const DOWNLOADERS = new Set(['curl', 'wget', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod']);
const KNOWN = new Set([
  'npx', 'npm', 'pnpm', 'pnpx', 'yarn', 'bunx', 'bun', 'uvx', 'uv', 'pipx', 'docker', 'podman', 'node', 'nodejs',
  'deno', 'mcp-remote', 'cmd', 'env', 'cargo', 'go', 'dotnet', 'dnx', ...SHELLS, ...DOWNLOADERS,
]);

/**
 * Programs the gate traces itself (or refuses, like shells): a policy cannot allow them as programs
 * on PATH, because what they run is decided by their arguments.
 */
export function isTracedProgram(name: string): boolean {
  const p = programName(name);
  return isKnown(p) || PYTHON.test(p);
}

/** Whether a program name is a shell or a downloader: these stay `launcher` errors whatever the policy allows. */
export function isShellOrDownloader(name: string): boolean {
  const p = programName(name);
  return SHELLS.has(p) || DOWNLOADERS.has(p) || p === 'cmd' || p === 'env';
}

function isKnown(program: string): boolean {
  return KNOWN.has(program) || PYTHON.test(program);
}

/**
 * Whether a path names a file of the repository the config sits in: relative (`./x.js`, `dist/x.js`,
 * `x.py`) or under the editor's workspace folder. Absolute and home paths are the machine's.
 */
function isRepositoryPath(path: string): boolean {
  if (/^\$\{(workspaceFolder|workspaceRoot|projectRoot)\}/.test(path)) return true;
  if (/^([\\/]|~|\$|%|[A-Za-z]:[\\/])/.test(path)) return false;
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
}

/** Whether a command is a path to a program rather than a name looked up on PATH. */
function isPathLike(command: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|~|\$|%|[A-Za-z]:[\\/])/.test(command) || /[\\/]/.test(command);
}

function dispatch(b: LaunchBuilder, command: string, args: readonly string[], depth: number): void {
  let cmd = command.trim();
  let argv = args;
  if (cmd === '') {
    b.launcher = 'unknown';
    b.problem('empty-command', 'has an empty command');
    return;
  }
  if (/\s/.test(cmd) && !isKnown(programName(cmd))) {
    const tokens = splitCommandLine(cmd);
    // `"npx -y pkg"` as one string; a path with spaces (`C:\Program Files\x\server.exe`) with args is left whole.
    if (tokens.length > 0 && (args.length === 0 || isKnown(programName(tokens[0])))) {
      cmd = tokens[0];
      argv = tokens.length === 1 ? args : [...tokens.slice(1), ...args];
    }
  }
  const program = programName(cmd);
  if (depth > MAX_WRAPPERS && (program === 'cmd' || program === 'env' || SHELLS.has(program))) {
    b.launcher = 'unknown';
    b.problem('wrappers', 'wraps the command in too many shells to follow');
    return;
  }
  switch (program) {
    case 'npx':
      return npmExec(b, 'npx', argv, 0);
    case 'npm':
      return npm(b, argv);
    case 'pnpm':
    case 'pnpx':
      return program === 'pnpx' ? npmExec(b, 'pnpm dlx', argv, 0) : pnpm(b, argv);
    case 'yarn':
      return yarn(b, argv);
    case 'bunx':
      return npmExec(b, 'bunx', argv, 0);
    case 'bun':
      return bun(b, argv);
    case 'uvx':
      return uvTool(b, 'uvx', argv, 0);
    case 'uv':
      return uv(b, argv);
    case 'pipx':
      return pipx(b, argv);
    case 'docker':
    case 'podman':
      return container(b, program, argv);
    case 'node':
    case 'nodejs':
      return node(b, argv);
    case 'deno':
      return deno(b, argv);
    case 'cargo':
      return cargo(b, argv);
    case 'go':
      return goCommand(b, argv);
    case 'dotnet':
      return dotnet(b, argv);
    case 'dnx':
      b.launcher = 'unknown';
      b.problem('nuget', `runs the NuGet package ${short(argv.find((a) => !a.startsWith('-')) ?? '')} through dnx, which the gate cannot check: pin and review it by hand, or run it from a container image by digest`);
      return;
    case 'mcp-remote':
      b.launcher = 'mcp-remote';
      b.add({ ecosystem: 'npm', name: 'mcp-remote', spec: '*', specType: 'range' });
      b.note('runs an mcp-remote installed on the machine: its version is whatever is installed there');
      remoteUrl(b, argv, 0);
      return;
    case 'cmd':
      return windowsCmd(b, argv, depth);
    case 'env':
      return envWrapper(b, argv, depth);
    default:
      break;
  }
  if (SHELLS.has(program)) return shell(b, program, argv, depth);
  if (PYTHON.test(program)) return python(b, argv);
  if (DOWNLOADERS.has(program)) {
    b.launcher = 'shell';
    b.problem('download', `runs ${program}, which fetches from the network: what it fetches cannot be traced to a package`);
    return;
  }
  if (isPathLike(cmd)) {
    b.launcher = 'binary';
    b.runsFrom(cmd, short(cmd));
    b.note(`runs ${cmd}: code in the repository or on the machine, not from a registry`);
    return;
  }
  // A program looked up on PATH: whatever is installed there runs. Not a problem of the file by
  // itself; the `launcher-path` rule reports it, unless the policy allows the program by name.
  if (program.length > 255) {
    // No file system has a file name this long: it is not a program anyone installed.
    b.launcher = 'unknown';
    b.problem('unknown-command', `runs \`${short(cmd)}\`, which is not a program name: what it runs cannot be traced to a package`);
    return;
  }
  b.launcher = 'path';
  b.program = program;
  b.note(`runs \`${short(cmd)}\` from PATH: whatever is installed on the machine under that name, not a package the gate can trace`);
}

function short(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** A `--name=value` flag split in two (the value undefined when there is no `=`). */
function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** The first `http(s)://` argument from `start`: the remote an mcp-remote connects to. */
function remoteUrl(b: LaunchBuilder, argv: readonly string[], start: number): void {
  for (let i = start; i < argv.length; i++) {
    if (/^https?:\/\//i.test(argv[i])) {
      b.url = argv[i];
      return;
    }
  }
  b.note('runs mcp-remote without a URL');
}

// ---------------------------------------------------------------------------------------------
// npm, pnpm, yarn, bun

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

function npm(b: LaunchBuilder, argv: readonly string[]): void {
  const sub = subcommandIndex(argv);
  const name = sub === -1 ? undefined : argv[sub];
  if (name === 'exec' || name === 'x') {
    // Config flags may come before the subcommand too (`npm --registry=x exec ...`).
    const rest = sub === 0 ? argv.slice(1) : [...argv.slice(0, sub), ...argv.slice(sub + 1)];
    return npmExec(b, 'npm exec', rest, 0);
  }
  if (name !== undefined && ['run', 'run-script', 'start', 'test', 'rum', 'urn'].includes(name)) {
    b.launcher = 'node';
    b.markLocal(`npm ${name}`);
    b.note("runs a script of the repository's package.json: code in the repository, not from a registry");
    return;
  }
  b.launcher = 'unknown';
  b.problem('unknown-command', `runs \`npm ${short(name ?? '')}\`, which the gate cannot trace to a package`);
}

function pnpm(b: LaunchBuilder, argv: readonly string[]): void {
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
    b.launcher = 'node';
    b.markLocal(`pnpm ${name}`);
    b.note("runs a script of the repository's package.json: code in the repository, not from a registry");
    return;
  }
  b.launcher = 'unknown';
  b.problem('unknown-command', `runs \`pnpm ${short(name ?? '')}\`, which the gate cannot trace to a package`);
}

function isValueFlag(arg: string): boolean {
  return (NPM_VALUE_FLAGS.has(arg) || NPM_SHORT_VALUE.has(arg)) && !arg.includes('=');
}

function yarn(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] === 'dlx') return npmExec(b, 'yarn dlx', argv, 1);
  b.launcher = 'node';
  b.markLocal('yarn');
  b.note("runs a script or binary of the repository's own project (yarn): code in the repository or its lockfile");
}

function bun(b: LaunchBuilder, argv: readonly string[]): void {
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
function npmExec(b: LaunchBuilder, launcher: string, argv: readonly string[], start: number): void {
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

/** An npm package spec as npm-package-arg reads it. A bare name runs the `latest` tag. */
export function npmPackage(raw: string): LaunchedPackage {
  if (raw.length > MAX_SPEC) return { ecosystem: 'npm', name: short(raw, 214), spec: short(raw, 214), specType: 'invalid' };
  let parsed: npa.Result;
  try {
    parsed = npa(raw, '/');
    if (parsed.type === 'alias') parsed = (parsed as npa.AliasResult).subSpec;
  } catch {
    return { ecosystem: 'npm', name: raw, spec: raw, specType: 'invalid' };
  }
  const name = parsed.name ?? raw;
  const rawSpec = parsed.rawSpec;
  switch (parsed.type) {
    case 'version': {
      const fetch = parsed.fetchSpec ?? rawSpec;
      return { ecosystem: 'npm', name, version: semver.valid(fetch, true) ?? fetch, spec: rawSpec, specType: 'version' };
    }
    case 'range':
      // `pkg` alone (npa reads it as the range `*`) runs whatever `latest` is today.
      if (parsed.raw === parsed.name || rawSpec === '') return { ecosystem: 'npm', name, spec: 'latest', specType: 'tag' };
      return { ecosystem: 'npm', name, spec: rawSpec, specType: 'range' };
    case 'tag':
      return { ecosystem: 'npm', name, spec: rawSpec, specType: 'tag' };
    case 'git':
    case 'remote':
    case 'file':
    case 'directory':
      return { ecosystem: 'npm', name, spec: rawSpec, specType: parsed.type };
    default:
      return { ecosystem: 'npm', name, spec: rawSpec, specType: 'invalid' };
  }
}

// ---------------------------------------------------------------------------------------------
// Python: uvx, uv, pipx, python

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
    else if (name === '--extra-index-url' || name === '--index') o.extra.push(indexUrl(value));
    else if (name === '--directory' || name === '--project') o.directory = value;
  }
  return o;
}

/** `--index name=https://...` names an index; the URL is what matters. */
function indexUrl(value: string): string {
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
function uvTool(b: LaunchBuilder, launcher: string, argv: readonly string[], start: number): void {
  b.launcher = launcher;
  const o = uvOptions(argv, start);
  if (o.from !== undefined) addPython(b, o.from, o);
  else if (o.positional !== undefined) addPython(b, argv[o.positional], o);
  else b.problem('no-package', `runs ${launcher} without naming a package`);
  for (const w of o.with) addPython(b, w, o);
}

/** uv [global options] (run | tool run | x) ... */
function uv(b: LaunchBuilder, argv: readonly string[]): void {
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
    for (const dir of [global.directory, o.directory]) if (dir !== undefined && !isRepositoryPath(dir)) b.outside ??= dir;
    if (target !== undefined && (isPathLike(target) || /\.py$/i.test(target))) b.runsFrom(target, `uv run ${short(target)}`);
    b.markLocal(`uv run${target === undefined ? '' : ` ${short(target)}`}`);
    if (target === undefined) b.note("runs the project's own environment (uv run)");
    else if (PYTHON.test(programName(target))) b.note(`runs ${short(target)} in the project's environment: its packages come from the project's lockfile`);
    else if (isPathLike(target) || /\.py$/i.test(target)) b.note(`runs ${short(target)}: code in the repository, not from a registry`);
    else b.note(`runs \`${short(target)}\` from the project's environment: its packages come from the project's lockfile`);
    return;
  }
  b.launcher = 'unknown';
  b.problem('unknown-command', `runs \`uv ${short(sub === undefined ? '' : argv[sub])}\`, which the gate cannot trace to a package`);
}

const PIPX_VALUE_FLAGS = new Set(['--spec', '--index-url', '-i', '--pip-args', '--python', '--backend', '--fetch-missing-python']);

/** pipx run [--spec SPEC] [--index-url URL] [--pip-args ARGS] app ... */
function pipx(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] !== 'run') {
    b.launcher = 'unknown';
    b.problem('unknown-command', `runs \`pipx ${short(argv[0] ?? '')}\`, which the gate cannot trace to a package`);
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

const PY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

/**
 * A Python requirement as uvx / pipx take it: `pkg`, `pkg==1.2.3`, `pkg>=1`, `pkg[extra]`, uvx's
 * `pkg@1.2.3` and `pkg@latest`, `pkg @ git+https://...`, or a bare URL / path.
 */
export function pypiPackage(raw: string): LaunchedPackage {
  const s = raw.trim();
  if (s.length > MAX_SPEC) return { ecosystem: 'pypi', name: short(s, 214), spec: short(s, 214), specType: 'invalid' };
  if (isPythonLocation(s)) return { ecosystem: 'pypi', name: s, spec: s, specType: pythonLocationType(s) };
  // Anything else starts with a project name: `owner/repo` or `name junk` is not a requirement.
  const m = PY_NAME.exec(s);
  if (!m) return { ecosystem: 'pypi', name: s, spec: s, specType: 'invalid' };
  const name = m[0];
  let rest = s.slice(name.length).trimStart();
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return { ecosystem: 'pypi', name, spec: s, specType: 'invalid' };
    rest = rest.slice(close + 1).trimStart();
  }
  const semi = rest.indexOf(';');
  if (semi !== -1) rest = rest.slice(0, semi);
  rest = rest.trim();
  if (rest === '') return { ecosystem: 'pypi', name, spec: '*', specType: 'range' };
  if (rest.startsWith('@')) {
    const target = rest.slice(1).trim();
    if (isPythonLocation(target)) return { ecosystem: 'pypi', name, spec: target, specType: pythonLocationType(target) };
    if (target === 'latest') return { ecosystem: 'pypi', name, spec: 'latest', specType: 'tag' };
    if (/^[A-Za-z0-9_.+!-]+$/.test(target) && pep440Valid(target) !== null) return { ecosystem: 'pypi', name, version: target, spec: `==${target}`, specType: 'version' };
    return { ecosystem: 'pypi', name, spec: rest, specType: 'invalid' };
  }
  if (!validPep440Range(rest)) return { ecosystem: 'pypi', name, spec: rest, specType: 'invalid' };
  const exact = /^(===|==)\s*([A-Za-z0-9_.+!-]+)$/.exec(rest);
  if (exact) return { ecosystem: 'pypi', name, version: exact[2], spec: rest, specType: 'version' };
  return { ecosystem: 'pypi', name, spec: rest, specType: 'range' };
}

function validPep440Range(spec: string): boolean {
  try {
    return pep440ValidRange(spec) === true;
  } catch {
    return false;
  }
}

function isPythonLocation(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s) || /^(git|hg|svn|bzr)\+/i.test(s) || /^file:/i.test(s) || /^[.~/\\]/.test(s) || /^[A-Za-z]:[\\/]/.test(s);
}

function pythonLocationType(s: string): LaunchedPackage['specType'] {
  if (/^(git|hg|svn|bzr)\+/i.test(s)) return 'git';
  const bare = s.replace(/[?#].*$/, '');
  if (/^(https?|ftp):\/\//i.test(s)) return 'remote';
  return /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i.test(bare) ? 'file' : 'directory';
}

function python(b: LaunchBuilder, argv: readonly string[]): void {
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

// ---------------------------------------------------------------------------------------------
// node, deno

const NODE_VALUE_FLAGS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--title', '--input-type', '--stack-size', '--max-old-space-size']);

function node(b: LaunchBuilder, argv: readonly string[]): void {
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

function deno(b: LaunchBuilder, argv: readonly string[]): void {
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

// ---------------------------------------------------------------------------------------------
// cargo, go, dotnet: the project's own code, built by its toolchain

/** cargo [+toolchain] [options] run|r [options] [-- args]: builds and runs the project's own crate. */
function cargo(b: LaunchBuilder, argv: readonly string[]): void {
  const valueFlags = new Set(['-C', '--config', '-Z', '--color', '--manifest-path', '--package', '-p', '--bin', '--example', '--target-dir']);
  let i = 0;
  while (i < argv.length && (argv[i].startsWith('-') || argv[i].startsWith('+'))) i += valueFlags.has(argv[i]) ? 2 : 1;
  const sub = argv[i];
  if (sub === 'run' || sub === 'r') {
    b.launcher = 'cargo run';
    // The crate it builds: --manifest-path (before or after `run`, up to `--`).
    const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
    for (let j = 0; j < end; j++) {
      const [name, inline] = splitFlag(argv[j]);
      if (name === '--manifest-path') {
        const value = inline ?? argv[j + 1];
        if (value !== undefined && !isRepositoryPath(value)) b.outside ??= value;
      }
    }
    b.markLocal('cargo run');
    b.note("runs code from this repository: cargo run builds the project's own crate, its dependencies pinned by Cargo.lock");
    return;
  }
  b.launcher = 'unknown';
  b.problem('unknown-command', `runs \`cargo ${short(sub ?? '')}\`, which the gate cannot trace to a package`);
}

/** `go run` build flags that take a value (everything else it accepts is boolean). */
const GO_VALUE_FLAGS = new Set([
  '-C', '-exec', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-tags', '-mod', '-modfile', '-o', '-p', '-pkgdir',
  '-toolexec', '-overlay', '-pgo', '-covermode', '-coverpkg', '-buildmode', '-compiler', '-installsuffix', '-modcacherw',
]);

/**
 * go run [build flags] package|files [args]. `path@version` downloads that module from the Go proxy,
 * outside the project's go.mod: a package like any other. Anything else builds the project's own
 * code (`.`, `./cmd/server`, `main.go`) or a package at the version the project's go.mod pins.
 */
function goCommand(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] !== 'run') {
    b.launcher = 'unknown';
    b.problem('unknown-command', `runs \`go ${short(argv[0] ?? '')}\`, which the gate cannot trace to a package`);
    return;
  }
  b.launcher = 'go run';
  let i = 1;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-')) break;
    const name = arg.replace(/^--/, '-');
    if (GO_VALUE_FLAGS.has(name) && !name.includes('=')) i++;
  }
  const target = argv[i];
  if (target === undefined) {
    b.problem('no-package', 'runs go run without naming a package');
    return;
  }
  const at = target.lastIndexOf('@');
  if (at > 0 && !/^[.\/~]/.test(target)) {
    const path = target.slice(0, at);
    const version = target.slice(at + 1);
    const exact = /^v\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$/.test(version) || /^[0-9a-f]{40}$/.test(version);
    const pkg: LaunchedPackage = { ecosystem: 'go', name: path, spec: version || 'latest', specType: exact ? 'version' : 'tag' };
    if (exact) pkg.version = version;
    b.add(pkg);
    return;
  }
  if (/^\.{0,2}$/.test(target) || /^\.{1,2}[\\/]/.test(target) || /\.go$/.test(target) || !target.split('/')[0].includes('.')) {
    const dirFlag = argv.findIndex((a, k) => k < i && (a === '-C' || a === '--C'));
    for (const path of [dirFlag === -1 ? undefined : argv[dirFlag + 1], target]) if (path !== undefined && !isRepositoryPath(path)) b.outside ??= path;
    b.markLocal(`go run ${short(target)}`);
    b.note(`runs code from this repository: go run builds ${short(target)}, its dependencies pinned by go.mod and go.sum`);
    return;
  }
  b.note(`runs ${short(target)} at the version the repository's go.mod requires (pinned by go.sum)`);
}

/** dotnet run [--project p] / dotnet path.dll / dotnet exec path.dll: the project's own build. */
function dotnet(b: LaunchBuilder, argv: readonly string[]): void {
  const sub = argv.find((a) => !a.startsWith('-'));
  if (sub === 'run' || sub === 'watch') {
    b.launcher = 'dotnet run';
    for (let j = 0; j < argv.length; j++) {
      const [name, inline] = splitFlag(argv[j]);
      const project = name === '--project' ? (inline ?? argv[j + 1]) : undefined;
      if (project !== undefined && !isRepositoryPath(project)) b.outside ??= project;
    }
    b.markLocal(`dotnet ${sub}`);
    b.note("runs code from this repository: dotnet builds the project's own code, its packages from the project's NuGet references");
    return;
  }
  const dll = sub === 'exec' ? argv[argv.indexOf('exec') + 1] : sub;
  if (dll !== undefined && /\.dll$/i.test(dll)) {
    b.launcher = 'dotnet run';
    b.runsFrom(dll, `dotnet ${short(dll)}`);
    b.note(`runs ${short(dll)}: code in the repository or on the machine, not from a registry`);
    return;
  }
  b.launcher = 'unknown';
  b.problem('unknown-command', `runs \`dotnet ${short(sub ?? '')}\`, which the gate cannot trace to a package`);
}

// ---------------------------------------------------------------------------------------------
// Containers

const DOCKER_VALUE_FLAGS = new Set([
  '--add-host', '--annotation', '--attach', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop',
  '--cgroup-parent', '--cgroupns', '--cidfile', '--cpu-count', '--cpu-percent', '--cpu-period', '--cpu-quota',
  '--cpu-rt-period', '--cpu-rt-runtime', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--detach-keys',
  '--device', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops', '--device-write-bps',
  '--device-write-iops', '--dns', '--dns-option', '--dns-opt', '--dns-search', '--domainname', '--entrypoint', '--env',
  '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval', '--health-retries',
  '--health-start-interval', '--health-start-period', '--health-timeout', '--hostname', '--ip', '--ip6', '--ipc',
  '--isolation', '--kernel-memory', '--label', '--label-file', '--link', '--link-local-ip', '--log-driver', '--log-opt',
  '--mac-address', '--memory', '--memory-reservation', '--memory-swap', '--memory-swappiness', '--mount', '--name',
  '--network', '--net', '--network-alias', '--net-alias', '--oom-score-adj', '--pid', '--pids-limit', '--platform',
  '--publish', '--pull', '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout',
  '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '--user', '--userns', '--uts', '--volume', '--volume-driver',
  '--volumes-from', '--workdir', '--cgroup-conf', '--cgroups', '--arch', '--os', '--variant', '--secret', '--pod',
  '--uidmap', '--gidmap', '--subuidname', '--subgidname', '--requires', '--tz', '--umask', '--authfile', '--creds',
  '--decryption-key', '--image-volume', '--init-path', '--passwd-entry', '--personality', '--pidfile', '--preserve-fds',
  '--rdt-class', '--seccomp-policy', '--sdnotify', '--timeout', '--unsetenv', '--retry', '--retry-delay',
  '--chrootdirs', '--conmon-pidfile', '--group-entry', '--hostuser', '--log-level', '--cert-dir', '--mount-options',
]);
/** Short flags that take a value (`-e X`, `-eX`, `-e=X`); the rest (`-i`, `-t`, `-d`, `-P`, `-q`) are boolean. */
const DOCKER_SHORT_VALUE = new Set(['e', 'v', 'p', 'w', 'u', 'l', 'h', 'm', 'c', 'a']);

function container(b: LaunchBuilder, program: 'docker' | 'podman', argv: readonly string[]): void {
  // docker [--context x | -H host | --config dir ...] (run | container run) ...
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const [name, inline] = splitFlag(argv[i]);
    i += (['--context', '-c', '-H', '--host', '--config', '-l', '--log-level', '--connection', '--url', '--identity', '--remote'].includes(name) && inline === undefined) ? 2 : 1;
  }
  let sub = argv[i];
  if (sub === 'container') sub = argv[++i];
  if (sub !== 'run') {
    b.launcher = 'unknown';
    b.problem('unknown-command', `runs \`${program} ${short(sub ?? '')}\`, which the gate cannot trace to an image`);
    return;
  }
  b.launcher = `${program} run`;
  for (i = i + 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = splitFlag(arg);
      if (DOCKER_VALUE_FLAGS.has(name)) {
        const value = inline ?? argv[++i];
        if (value !== undefined) containerOption(b, name, value);
      } else if (name === '--privileged' && (inline === undefined || inline === 'true')) {
        b.problem('privileged', 'runs the container with --privileged: it gets full access to the host');
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of short flags (`-it`, `-ie VAR`): the first one that takes a value takes the rest or the next argument.
      for (let k = 1; k < arg.length; k++) {
        const c = arg[k];
        if (!DOCKER_SHORT_VALUE.has(c)) continue;
        const rest = arg.slice(k + 1).replace(/^=/, '');
        const value = rest !== '' ? rest : argv[++i];
        if (value !== undefined) containerOption(b, `-${c}`, value);
        break;
      }
      continue;
    }
    break;
  }
  if (i >= argv.length) {
    b.problem('no-image', `runs ${program} run without an image`);
    return;
  }
  b.add(imagePackage(argv[i]));
}

/** Host paths whose mount gives a container the machine: the root, a home directory, the container engine's socket. */
function dangerousMount(source: string): { id: string; what: string } | undefined {
  const s = source.trim().replace(/\\/g, '/');
  const path = s.length > 1 ? s.replace(/\/+$/, '') : s;
  if (path === '/' || /^[A-Za-z]:\/?$/.test(path)) return { id: 'mount-root', what: 'the host root directory' };
  if (/(^|\/)(docker|podman)\.sock$/.test(path)) return { id: 'mount-socket', what: `the container engine socket ${path}` };
  if (
    /^(~|\$HOME|\$\{HOME\}|%USERPROFILE%|\$env:USERPROFILE|\$\{env:HOME\}|\$\{userHome\}|\/root|\/home\/[^/]+|\/Users\/[^/]+|[A-Za-z]:\/Users\/[^/]+)$/i.test(path)
  ) {
    return { id: 'mount-home', what: `the home directory ${path}` };
  }
  return undefined;
}

function containerOption(b: LaunchBuilder, flag: string, value: string): void {
  switch (flag) {
    case '-v':
    case '--volume': {
      // host:container[:opts]; a Windows drive letter (`C:\x:/y`) keeps its colon.
      const m = /^([A-Za-z]:[\\/][^:]*|[^:]*)(?::|$)/.exec(value);
      const source = m ? m[1] : value;
      const hit = dangerousMount(source);
      if (hit) b.problem(hit.id, `mounts ${hit.what} into the container (${short(value)})`);
      return;
    }
    case '--mount': {
      for (const part of value.split(',')) {
        const [k, v] = splitFlag(part.trim());
        if ((k === 'source' || k === 'src') && v !== undefined) {
          const hit = dangerousMount(v);
          if (hit) b.problem(hit.id, `mounts ${hit.what} into the container (${short(value)})`);
        }
      }
      return;
    }
    case '--network':
    case '--net':
      if (value === 'host') b.problem('network-host', 'runs the container on the host network (--network host)');
      return;
    case '--pid':
      if (value === 'host') b.problem('pid-host', "shares the host's process namespace with the container (--pid host)");
      return;
    case '--ipc':
      if (value === 'host') b.problem('ipc-host', "shares the host's IPC namespace with the container (--ipc host)");
      return;
    case '--cap-add':
      for (const cap of value.split(',')) {
        const c = cap.trim().toUpperCase().replace(/^CAP_/, '');
        if (c === 'ALL' || c === 'SYS_ADMIN') b.problem(`cap-${c.toLowerCase()}`, `adds the ${c} capability to the container (--cap-add ${c})`);
      }
      return;
    case '--security-opt':
      if (/^(seccomp|apparmor)[=:]unconfined$/i.test(value) || /^label[=:]disable$/i.test(value)) {
        b.problem('security-opt', `turns off the container's confinement (--security-opt ${short(value)})`);
      }
      return;
    default:
      return;
  }
}

/** An image reference: `[host[:port]/]path[:tag][@sha256:hex]`. */
export function imagePackage(ref: string): LaunchedPackage {
  if (ref.length > MAX_SPEC) return { ecosystem: 'oci', name: short(ref, 214), spec: short(ref, 214), specType: 'invalid' };
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest;
  const first = name.split('/')[0];
  const registry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
  const validName = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
  const path = registry === 'docker.io' && !name.startsWith('docker.io/') ? name : name.slice(first.length + 1);
  const ok =
    validName.test(path) &&
    (tag === undefined || /^[\w][\w.-]{0,127}$/.test(tag)) &&
    (digest === undefined || /^sha256:[a-f0-9]{64}$/.test(digest));
  if (!ok) return { ecosystem: 'oci', name, spec: ref, specType: 'invalid', registry };
  const pkg: LaunchedPackage = { ecosystem: 'oci', name, spec: digest ?? tag ?? 'latest', specType: digest ? 'version' : 'tag', registry };
  if (tag !== undefined) pkg.version = tag;
  if (digest !== undefined) pkg.integrity = digest;
  return pkg;
}

// ---------------------------------------------------------------------------------------------
// Wrappers: cmd /c, env, shells

function windowsCmd(b: LaunchBuilder, argv: readonly string[], depth: number): void {
  const c = argv.findIndex((a) => /^\/[ck]$/i.test(a));
  if (c === -1) {
    b.launcher = 'shell';
    b.problem('shell', 'runs cmd without /c: what it runs cannot be traced to a package');
    return;
  }
  const rest = argv.slice(c + 1);
  const line = rest.join(' ');
  if (rest.length === 0) {
    b.launcher = 'shell';
    b.problem('shell', 'runs cmd /c without a command');
    return;
  }
  if (/[&|<>^]/.test(line) || /%[A-Za-z_]/.test(rest[0])) {
    b.launcher = 'shell';
    b.problem('shell', `runs a cmd command line (${short(line)}); cannot be traced to a package`);
    return;
  }
  // `cmd /c npx -y pkg` (args split) or `cmd /c "npx -y pkg"` (one string).
  const tokens = rest.length === 1 ? splitCommandLine(rest[0]) : rest;
  b.note('unwrapped cmd /c');
  dispatch(b, tokens[0] ?? '', tokens.slice(1), depth + 1);
}

function envWrapper(b: LaunchBuilder, argv: readonly string[], depth: number): void {
  let i = 0;
  while (i < argv.length && (argv[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]))) {
    if (argv[i] === '-S' || argv[i] === '--split-string') {
      return shellCommand(b, argv.slice(i + 1).join(' '));
    }
    i += argv[i] === '-u' || argv[i] === '--unset' || argv[i] === '-C' || argv[i] === '--chdir' ? 2 : 1;
  }
  if (i >= argv.length) {
    b.launcher = 'unknown';
    b.problem('unknown-command', 'runs env without a command');
    return;
  }
  dispatch(b, argv[i], argv.slice(i + 1), depth + 1);
}

const POWERSHELL_VALUE_FLAGS = /^-(executionpolicy|ep|ex|windowstyle|w|version|v|inputformat|outputformat|of|configurationname|workingdirectory|wd|settingsfile|custompipename)$/i;

function shell(b: LaunchBuilder, program: string, argv: readonly string[], depth: number): void {
  b.launcher = 'shell';
  const powershell = program === 'pwsh' || program === 'powershell';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (powershell && /^-(e|ec|encodedcommand)$/i.test(arg)) {
      b.problem('shell', `runs an encoded PowerShell command (${program} ${arg}); cannot be traced to a package`);
      return;
    }
    if (powershell ? POWERSHELL_VALUE_FLAGS.test(arg) : arg === '-o' || arg === '+o' || arg === '--rcfile' || arg === '--init-file') {
      i++;
      continue;
    }
    const isCommandFlag = powershell ? /^-(c|command)$/i.test(arg) : /^-[A-Za-z]*c[A-Za-z]*$/.test(arg) && !arg.startsWith('--');
    if (isCommandFlag) {
      const script = argv[i + 1];
      if (script === undefined) {
        b.problem('shell', `runs ${program} -c without a command`);
        return;
      }
      b.problem('shell', `runs a shell command (${program} -c "${short(script)}"); cannot be traced to a package`);
      shellScript(b, script, depth);
      return;
    }
    if (powershell && /^-(f|file)$/i.test(arg)) {
      b.note(`runs the script ${short(argv[i + 1] ?? '')}: code in the repository or on the machine, not from a registry`);
      return;
    }
    if (arg.startsWith('-')) continue;
    b.note(`runs the script ${short(arg)} with ${program}: code in the repository or on the machine, not from a registry`);
    return;
  }
  b.problem('shell', `runs ${program} without a script; cannot be traced to a package`);
}

/** `npx -c` / `pnpm dlx -c` / `env -S`: a shell command inside a launcher. */
function shellCommand(b: LaunchBuilder, script: string): void {
  b.problem('shell', `runs a shell command ("${short(script)}"); cannot be traced to a package`);
  shellScript(b, script, MAX_WRAPPERS);
}

/**
 * The packages of a simple script (`npx -y pkg`), which is parsed for them; anything with pipes,
 * command lists, substitutions or downloads is a problem of its own and is not parsed.
 */
function shellScript(b: LaunchBuilder, script: string, depth: number): void {
  const complex = /[|;&`<>]|\$\(|\n/.test(script);
  const download = /(^|[\s/'"])(curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)(\s|$)/i.test(script);
  if (download) b.problem('shell-download', `downloads and runs code from the network (${short(script)})`);
  if (complex) b.problem('shell-complex', `runs a command line with pipes, lists or substitutions (${short(script)})`);
  if (complex || download) return;
  const tokens = splitCommandLine(script.length > 100_000 ? script.slice(0, 100_000) : script);
  if (tokens.length === 0) return;
  const inner = new LaunchBuilder();
  dispatch(inner, tokens[0], tokens.slice(1), depth + 1);
  for (const p of inner.packages) b.add(p);
  if (inner.url !== undefined) b.url = inner.url;
  inner.problems.forEach((p, k) => {
    if (inner.problemIds[k] !== 'unknown-command') b.problem(inner.problemIds[k], p);
  });
}
