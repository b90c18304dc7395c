// The programs an MCP client config may start, and what the gate knows of each: the launchers it
// traces to a package (npx, uvx, docker...), the toolchains that run the repository's own code, and the
// shells and downloaders whose command lines no review sees. The policy's `launchers.allow` may name
// programs on PATH, never one of these.

/** The program a command names: its file name, lower-cased, without a Windows extension. */
export function programName(command: string): string {
  const base = command.slice(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1).toLowerCase();
  return base.replace(/\.(exe|cmd|bat|ps1)$/, '');
}

/** Shells: what they run is a command line, not a package. */
export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'pwsh', 'powershell']);

/** Python interpreters: they run a script or module already on the machine. */
export const PYTHON = /^(python|python3|python3\.\d+|python2(\.\d+)?|py|pypy3?)$/;

/** Programs that fetch from the network: started as a server, what they fetch cannot be traced. */
export const DOWNLOADERS = new Set(['curl', 'wget', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod']);

/** Programs whose arguments the gate reads. */
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

/** Whether the gate reads this program's arguments (a launcher, a toolchain, an interpreter, a shell, a downloader). */
export function isKnown(program: string): boolean {
  return KNOWN.has(program) || PYTHON.test(program);
}
