// What an MCP client config's `command` + `args` launch. Most servers enter a repository as
// `"command": "npx", "args": ["-y", "some-mcp"]`, which runs whatever the registry serves today; this
// module reads such a command line the way the launcher would and says which packages (npm, PyPI, OCI
// images) it fetches, with the spec it asks for, and what about it cannot be traced to a package.
// Pure: it never runs, resolves or looks up anything. Every loop is one pass over the arguments.
import { DOWNLOADERS, isKnown, programName, PYTHON, SHELLS } from '../../../ecosystems/launchers.js';
export type { Launch, LaunchedPackage } from './builder.js';
import { type Launch, LaunchBuilder, MAX_WRAPPERS, short, remoteUrl, isPathLike } from './builder.js';
import { splitCommandLine } from '../../readers/shell-words.js';
import { npmExec, npm, pnpm, yarn, bun } from './npm.js';
import { uvTool, uv, pipx, python } from './python.js';
import { container } from './container.js';
import { node, deno } from './node.js';
import { cargo, goCommand, dotnet } from './toolchains.js';
import { windowsCmd, envWrapper, shell } from './wrappers.js';

/**
 * Reads a client config's `command` and `args` as the launcher would. A command with spaces and no
 * args (`"npx -y @playwright/mcp@0.0.41"`) is split like a shell would split simple words.
 */
export function parseLaunch(command: string, args: readonly string[]): Launch {
  const b = new LaunchBuilder(dispatch);
  dispatch(b, command, args, 0);
  return b.result();
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
