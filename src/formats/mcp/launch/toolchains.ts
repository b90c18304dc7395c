// cargo run, go run and dotnet run build the project's own code; `go run path@version` fetches a module.
import { LaunchBuilder, short, splitFlag, type LaunchedPackage } from './builder.js';
import { isExactGoQuery } from '../../../ecosystems/go.js';

/** cargo [+toolchain] [options] run|r [options] [-- args]: builds and runs the project's own crate. */
export function cargo(b: LaunchBuilder, argv: readonly string[]): void {
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
      if (name === '--manifest-path') b.projectAt(inline ?? argv[j + 1]);
    }
    b.markLocal('cargo run');
    b.note("runs code from this repository: cargo run builds the project's own crate, its dependencies pinned by Cargo.lock");
    return;
  }
  b.untraced('cargo', sub);
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
export function goCommand(b: LaunchBuilder, argv: readonly string[]): void {
  if (argv[0] !== 'run') {
    b.untraced('go', argv[0]);
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
    const exact = isExactGoQuery(version);
    const pkg: LaunchedPackage = { ecosystem: 'go', name: path, spec: version || 'latest', specType: exact ? 'version' : 'tag' };
    if (exact) pkg.version = version;
    b.add(pkg);
    return;
  }
  if (/^\.{0,2}$/.test(target) || /^\.{1,2}[\\/]/.test(target) || /\.go$/.test(target) || !target.split('/')[0].includes('.')) {
    const dirFlag = argv.findIndex((a, k) => k < i && (a === '-C' || a === '--C'));
    for (const path of [dirFlag === -1 ? undefined : argv[dirFlag + 1], target]) b.projectAt(path);
    b.markLocal(`go run ${short(target)}`);
    b.note(`runs code from this repository: go run builds ${short(target)}, its dependencies pinned by go.mod and go.sum`);
    return;
  }
  b.note(`runs ${short(target)} at the version the repository's go.mod requires (pinned by go.sum)`);
}

/** dotnet run [--project p] / dotnet path.dll / dotnet exec path.dll: the project's own build. */
export function dotnet(b: LaunchBuilder, argv: readonly string[]): void {
  const sub = argv.find((a) => !a.startsWith('-'));
  if (sub === 'run' || sub === 'watch') {
    b.launcher = 'dotnet run';
    for (let j = 0; j < argv.length; j++) {
      const [name, inline] = splitFlag(argv[j]);
      if (name === '--project') b.projectAt(inline ?? argv[j + 1]);
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
  b.untraced('dotnet', sub);
}
