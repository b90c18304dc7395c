// What the launch readers share: the result they build (packages, problems, notes), and the small
// readings of arguments every launcher needs.

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
export const MAX_WRAPPERS = 4;

/** Longer specs are not handed to the spec parsers (npm names are at most 214 characters). */
export const MAX_SPEC = 2048;

/** Reads one command line into a builder; wrappers (`cmd /c`, `env`, a shell) call it again, one level deeper. */
export type Dispatch = (b: LaunchBuilder, command: string, args: readonly string[], depth: number) => void;

export class LaunchBuilder {
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

  /** `dispatch` reads a command into this builder: passed in, so the wrappers can unwrap without importing the reader that imports them. */
  constructor(private readonly dispatch: Dispatch) {}

  /** Reads a wrapped command into this builder, one wrapper deeper. */
  read(command: string, args: readonly string[], depth: number): void {
    this.dispatch(this, command, args, depth);
  }

  /** An empty builder for a command read on its own (the command of a shell script), with the same reader. */
  child(): LaunchBuilder {
    return new LaunchBuilder(this.dispatch);
  }

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

  /** A subcommand the gate does not read (`npm install`, `cargo build`): what it runs cannot be traced. */
  untraced(tool: string, sub: string | undefined, what = 'a package'): void {
    this.launcher = 'unknown';
    this.problem('unknown-command', `runs \`${tool} ${short(sub ?? '')}\`, which the gate cannot trace to ${what}`);
  }

  /** `npm run x`, `pnpm start`: a script of the repository's package.json. */
  runsScript(how: string): void {
    this.launcher = 'node';
    this.markLocal(how);
    this.note("runs a script of the repository's package.json: code in the repository, not from a registry");
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

  /** A project or folder it builds from (`--manifest-path`, `--project`, `-C`): outside the repository, it is the machine's. */
  projectAt(path: string | undefined): void {
    if (path !== undefined && !isRepositoryPath(path)) this.outside ??= path;
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
 * Whether a path names a file of the repository the config sits in: relative (`./x.js`, `dist/x.js`,
 * `x.py`) or under the editor's workspace folder. Absolute and home paths are the machine's.
 */
export function isRepositoryPath(path: string): boolean {
  if (/^\$\{(workspaceFolder|workspaceRoot|projectRoot)\}/.test(path)) return true;
  if (/^([\\/]|~|\$|%|[A-Za-z]:[\\/])/.test(path)) return false;
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path);
}

/** Whether a command is a path to a program rather than a name looked up on PATH. */
export function isPathLike(command: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|~|\$|%|[A-Za-z]:[\\/])/.test(command) || /[\\/]/.test(command);
}

export function short(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** A `--name=value` flag split in two (the value undefined when there is no `=`). */
export function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** The first `http(s)://` argument from `start`: the remote an mcp-remote connects to. */
export function remoteUrl(b: LaunchBuilder, argv: readonly string[], start: number): void {
  for (let i = start; i < argv.length; i++) {
    if (/^https?:\/\//i.test(argv[i])) {
      b.url = argv[i];
      return;
    }
  }
  b.note('runs mcp-remote without a URL');
}
