// docker run and podman run: the image they pull, and the host access they give the container.
import { LaunchBuilder, splitFlag, short, type LaunchedPackage, MAX_SPEC } from './builder.js';
import { imageFields } from '../../../ecosystems/oci.js';
import { slashed } from '../../../common/paths.js';

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

export function container(b: LaunchBuilder, program: 'docker' | 'podman', argv: readonly string[]): void {
  // docker [--context x | -H host | --config dir ...] (run | container run) ...
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const [name, inline] = splitFlag(argv[i]);
    i += (['--context', '-c', '-H', '--host', '--config', '-l', '--log-level', '--connection', '--url', '--identity', '--remote'].includes(name) && inline === undefined) ? 2 : 1;
  }
  let sub = argv[i];
  if (sub === 'container') sub = argv[++i];
  if (sub !== 'run') {
    b.untraced(program, sub, 'an image');
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
  const s = slashed(source.trim());
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

/** An image reference: `[host[:port]/]path[:tag][@sha256:hex]` (ecosystems/oci.ts reads every image reference). */
export function imagePackage(ref: string): LaunchedPackage {
  if (ref.length > MAX_SPEC) return { ecosystem: 'oci', name: short(ref, 214), spec: short(ref, 214), specType: 'invalid' };
  return imageFields(ref) as LaunchedPackage;
}
