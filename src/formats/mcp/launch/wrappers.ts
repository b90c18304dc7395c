// What wraps a command: cmd /c, env, shells. A simple wrapped command is unwrapped and read; a shell
// command line, a download or an encoded command cannot be traced to a package.
import { LaunchBuilder, short, MAX_WRAPPERS } from './builder.js';
import { splitCommandLine } from '../../readers/shell-words.js';

export function windowsCmd(b: LaunchBuilder, argv: readonly string[], depth: number): void {
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
  b.read(tokens[0] ?? '', tokens.slice(1), depth + 1);
}

export function envWrapper(b: LaunchBuilder, argv: readonly string[], depth: number): void {
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
  b.read(argv[i], argv.slice(i + 1), depth + 1);
}

const POWERSHELL_VALUE_FLAGS = /^-(executionpolicy|ep|ex|windowstyle|w|version|v|inputformat|outputformat|of|configurationname|workingdirectory|wd|settingsfile|custompipename)$/i;

export function shell(b: LaunchBuilder, program: string, argv: readonly string[], depth: number): void {
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
export function shellCommand(b: LaunchBuilder, script: string): void {
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
  const inner = b.child();
  inner.read(tokens[0], tokens.slice(1), depth + 1);
  for (const p of inner.packages) b.add(p);
  if (inner.url !== undefined) b.url = inner.url;
  inner.problems.forEach((p, k) => {
    if (inner.problemIds[k] !== 'unknown-command') b.problem(inner.problemIds[k], p);
  });
}
