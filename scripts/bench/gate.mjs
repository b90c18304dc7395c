// Section `gate`: the whole gate as a person or a runner sees it, against a bare lockfile lint.
// For each size (5,000 and 50,000 packages by default) it builds a real git repository with a generated
// package-lock.json v3 and package.json, a base commit and a PR commit that adds 20 MCP packages and
// bumps 50 others, serves the registry over HTTPS on 127.0.0.1 (a test CA trusted through
// NODE_EXTRA_CA_CERTS, 50 ms before every answer, every version signed), and times, as whole
// processes in turn, `node dist/cli.js check` on the PR and lockfile-lint (the devDependency, 5.0.1)
// on the PR's lockfile. Prints min / median / max wall time, CPU time and peak RSS of each, the median
// of the pairwise ratios gate / lockfile-lint, and the gate's 50k / 5k ratio. Wall time is what the
// issue asks about; on a machine shared with other work, CPU time is the steadier figure.
//
// Environment: BENCH_SIZES (default "5000,50000"), BENCH_RUNS (timed runs per size, default 5; one
// untimed warm-up pair first), BENCH_LATENCY_MS (default 50), BENCH_CLI (the cli.js to time, default
// dist/cli.js: run `npm run build` first), BENCH_DIRECT_SHARE (share of the packages the project
// lists in package.json, default 0.1), BENCH_KEEP=1 keeps the temp repositories, BENCH_PROFILE=1 adds
// three runs of the gate under node --cpu-prof per size and prints where their time went, by phase.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { phaseTimes, printPhases } from './profile-phases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TLS = path.join(root, '__tests__', 'fixtures', 'registry', 'tls');
const MCP_ADDED = 20;
const BUMPED = 50;

/** A small deterministic generator (mulberry32), so every run of the bench builds the same repository. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ba', 'co', 'de', 'fu', 'ga', 'hi', 'jo', 'ka', 'lu', 'me', 'no', 'pi', 'qu', 'ra', 'si', 'to', 'vu', 'wy', 'xe', 'zo'];
const WORDS = ['core', 'utils', 'parser', 'plugin', 'loader', 'runtime', 'types', 'config', 'cli', 'stream', 'http', 'fs', 'path', 'string', 'array', 'object', 'color', 'glob', 'lint', 'test'];
const LICENSES = ['MIT', 'MIT', 'MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause'];

function fakeIntegrity(seed) {
  return `sha512-${crypto.createHash('sha512').update(seed).digest('base64')}`;
}

function tarballUrl(registry, name, version) {
  return `${registry}${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/**
 * A lockfile's worth of packages as npm lays them out: mostly hoisted to node_modules/<name>, some
 * nested under a dependent because it needs another version; each with version, resolved, integrity,
 * a license, dependency edges with ranges, and now and then dev/optional flags, engines, a bin.
 */
function generatePackages(n, registry, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const version = () => `${Math.floor(random() * 12)}.${Math.floor(random() * 30)}.${Math.floor(random() * 20)}`;
  const names = new Set();
  const hoisted = [];
  const nestedShare = 0.08;
  const topCount = Math.round(n * (1 - nestedShare));
  while (hoisted.length < topCount) {
    const stem = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}-${pick(WORDS)}`;
    const name = random() < 0.2 ? `@${pick(SYLLABLES)}${pick(SYLLABLES)}/${stem}` : stem;
    if (names.has(name)) continue;
    names.add(name);
    hoisted.push({ name, version: version(), path: `node_modules/${name}` });
  }
  const nested = [];
  while (hoisted.length + nested.length < n) {
    const parent = pick(hoisted);
    const child = pick(hoisted);
    if (child === parent || parent.name.length === 0) continue;
    const p = `${parent.path}/node_modules/${child.name}`;
    if (nested.some((x) => x.path === p)) continue;
    nested.push({ name: child.name, version: version(), path: p });
  }
  const all = [...hoisted, ...nested];
  for (const p of all) {
    p.resolved = tarballUrl(registry, p.name, p.version);
    p.integrity = fakeIntegrity(`${p.name}@${p.version}`);
    p.license = pick(LICENSES);
    const edges = Math.floor(random() * random() * 8);
    if (edges) {
      p.dependencies = {};
      for (let k = 0; k < edges; k++) {
        const dep = pick(hoisted);
        if (dep.name !== p.name) p.dependencies[dep.name] = `^${dep.version}`;
      }
    }
    const r = random();
    if (r < 0.35) p.dev = true;
    else if (r < 0.38) p.optional = true;
    if (random() < 0.15) p.engines = { node: '>=14' };
    if (random() < 0.04) p.bin = { [p.name.split('/').pop()]: 'bin/cli.js' };
    if (random() < 0.01) p.hasInstallScript = true;
  }
  return { all, hoisted };
}

function lockEntry(p) {
  const e = { version: p.version, resolved: p.resolved, integrity: p.integrity };
  if (p.dev) e.dev = true;
  if (p.optional) e.optional = true;
  if (p.hasInstallScript) e.hasInstallScript = true;
  if (p.license) e.license = p.license;
  if (p.dependencies) e.dependencies = p.dependencies;
  if (p.bin) e.bin = p.bin;
  if (p.engines) e.engines = p.engines;
  return e;
}

function sortedObject(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** package.json and package-lock.json (v3, as npm writes them) for these packages and direct dependencies. */
function projectFiles(all, direct) {
  const deps = sortedObject(Object.fromEntries(direct.filter((p) => !p.dev).map((p) => [p.name, `^${p.version}`])));
  const devDeps = sortedObject(Object.fromEntries(direct.filter((p) => p.dev).map((p) => [p.name, `^${p.version}`])));
  const manifest = { name: 'bench-app', version: '1.0.0', private: true, dependencies: deps, devDependencies: devDeps };
  const packages = { '': { name: 'bench-app', version: '1.0.0', dependencies: deps, devDependencies: devDeps } };
  for (const p of [...all].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) packages[p.path] = lockEntry(p);
  const lock = { name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
  return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'package-lock.json': `${JSON.stringify(lock, null, 2)}\n` };
}

function git(dir, ...args) {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' },
  }).trim();
}

function commit(dir, files, message) {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * The repository for one size: base = policy + package.json + lockfile; PR = 20 MCP packages added
 * (published, signed, on the registry) and 50 direct dependencies bumped, in both files.
 */
export function buildScenario(n, reg, directShare) {
  const random = rng(0x5eed + n);
  const { all, hoisted } = generatePackages(n - MCP_ADDED, reg.url, random);
  const directCount = Math.max(BUMPED, Math.round(n * directShare));
  const direct = hoisted.slice(0, directCount);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mcp-gate-bench-${n}-`));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const policy = [
    'version: 1',
    'registries:',
    '  npm:',
    `    url: "${reg.url}"`,
    '    keys: registry',
    'allow:',
    '  - name: "@bench-mcp/*"',
    '',
  ].join('\n');
  const base = commit(dir, { '.github/mcp-policy.yml': policy, 'README.md': '# bench\n', ...projectFiles(all, direct) }, 'base');

  const mcp = [];
  for (let i = 0; i < MCP_ADDED; i++) {
    const name = `@bench-mcp/server-${WORDS[i % WORDS.length]}-${i}`;
    const version = `1.${i}.0`;
    const published = reg.publish({ name, version, files: { 'index.js': `// ${name}\nconsole.log("mcp server ${i}");\n` } });
    mcp.push({ name, version, path: `node_modules/${name}`, resolved: published.tarball, integrity: published.integrity, license: 'MIT', dependencies: { [hoisted[i].name]: `^${hoisted[i].version}` } });
  }
  // Bumps: the first BUMPED direct dependencies move up a patch version (new resolved and integrity).
  const bumped = new Set(direct.slice(0, BUMPED));
  const after = all.map((p) => {
    if (!bumped.has(p)) return p;
    const [maj, min, pat] = p.version.split('.').map(Number);
    const version = `${maj}.${min}.${pat + 1}`;
    return { ...p, version, resolved: tarballUrl(reg.url, p.name, version), integrity: fakeIntegrity(`${p.name}@${version}`) };
  });
  const directAfter = [...direct.map((p) => after[all.indexOf(p)]), ...mcp];
  const head = commit(dir, projectFiles([...after, ...mcp], directAfter), 'pr: add 20 MCP servers, bump 50 dependencies');
  const lockBytes = fs.statSync(path.join(dir, 'package-lock.json')).size;
  return { dir, base, head, lockBytes, packages: after.length + mcp.length, direct: directAfter.length };
}

// Loaded with -r into each timed process: at exit it writes its own peak RSS (KiB) and CPU time (µs).
const RSS_HOOK = `process.on('exit', () => { try { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify([u.maxRSS, u.userCPUTime + u.systemCPUTime])); } catch {} });\n`;

/**
 * One whole process: wall ms from spawn to exit; its peak RSS (KiB) and CPU ms (user + system, its
 * own, not its git's) from its resourceUsage at exit; exit code and output. On a shared machine the
 * CPU time moves less with the load than the wall time.
 */
function timeProcess(args, env, hook) {
  const rssFile = path.join(hook.dir, `rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', hook.file, ...args], { env: { ...env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let [rssKiB, cpuMs] = [NaN, NaN];
      try {
        const [rss, cpuUs] = JSON.parse(fs.readFileSync(rssFile, 'utf8'));
        [rssKiB, cpuMs] = [rss, cpuUs / 1000];
        fs.rmSync(rssFile);
      } catch {}
      resolve({ ms, rssKiB, cpuMs, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
const mib = (kib) => `${(kib / 1024).toFixed(0).padStart(4)} MiB`;

/** The gate's report must show the real work done: success, every added MCP package verified. */
function checkGateRun(run) {
  if (run.code !== 0) return `exit status ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return 'no JSON report on stdout';
  }
  const verified = report.verification.filter((r) => r.check === 'signature' && r.result === 'pass').length;
  if (report.conclusion !== 'success') return `conclusion ${report.conclusion}: ${report.findings.map((f) => f.message).slice(0, 3).join(' | ')}`;
  if (verified !== MCP_ADDED) return `${verified} of ${MCP_ADDED} registry signatures verified`;
  return undefined;
}

export async function run(bundle) {
  const sizes = (process.env.BENCH_SIZES ?? '5000,50000').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const latency = Number(process.env.BENCH_LATENCY_MS ?? 50);
  const directShare = Number(process.env.BENCH_DIRECT_SHARE ?? 0.1);
  const cli = path.resolve(process.env.BENCH_CLI ?? path.join(root, 'dist', 'cli.js'));
  const lint = path.join(root, 'node_modules', 'lockfile-lint', 'bin', 'lockfile-lint.js');
  const lintVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'lockfile-lint', 'package.json'), 'utf8')).version;
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);

  const { mod, done } = await bundle(`export { TestRegistry } from './__tests__/helpers/npm-registry.ts';`);
  const reg = await mod.TestRegistry.start({ tls: { key: fs.readFileSync(path.join(TLS, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(TLS, 'cert.pem'), 'utf8') } });
  const hookDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-gate-bench-hook-'));
  const hook = { dir: hookDir, file: path.join(hookDir, 'rss.cjs') };
  fs.writeFileSync(hook.file, RSS_HOOK);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NODE_EXTRA_CA_CERTS: path.join(TLS, 'ca.pem') };
  const cleanup = [];
  const medians = new Map();
  let failed = false;
  console.log(`gate: whole processes, ${runs} timed runs each (after one warm-up), in turn; registry over HTTPS on 127.0.0.1 answering after ${latency} ms`);
  console.log(`  gate: node ${path.relative(root, cli)} check (node ${process.version}); lint: lockfile-lint ${lintVersion} --allowed-hosts ${reg.url} --validate-integrity; ${os.cpus().length} cores`);
  try {
    for (const n of sizes) {
      reg.latencyMs = 0;
      const s = buildScenario(n, reg, directShare);
      if (!process.env.BENCH_KEEP) cleanup.push(s.dir);
      reg.latencyMs = latency;
      console.log(`\n  ${n.toLocaleString('en')} packages (${(s.lockBytes / 1048576).toFixed(1)} MiB lockfile, ${s.direct} in package.json); the PR adds ${MCP_ADDED} MCP packages, bumps ${BUMPED} others${process.env.BENCH_KEEP ? `; ${s.dir}` : ''}`);
      const gateArgs = [cli, 'check', '--repo', s.dir, '--base', s.base, '--head', s.head, '--format', 'json'];
      const lintArgs = [lint, '--path', path.join(s.dir, 'package-lock.json'), '--type', 'npm', '--allowed-hosts', reg.url, '--validate-integrity'];
      const gate = [];
      const lintRuns = [];
      for (let i = 0; i <= runs; i++) {
        reg.requests.length = 0;
        const g = await timeProcess(gateArgs, env, hook);
        const requests = reg.requests.length;
        const l = await timeProcess(lintArgs, env, hook);
        const problem = checkGateRun(g);
        if (problem) {
          console.log(`    the gate did not do the work this bench times: ${problem}`);
          failed = true;
          break;
        }
        if (l.code !== 0) {
          console.log(`    lockfile-lint failed (exit ${l.code}): ${(l.stdout + l.stderr).trim().split('\n').slice(0, 3).join(' | ')}`);
          failed = true;
          break;
        }
        if (i === 0) {
          console.log(`    registry requests per gate run: ${requests}`);
          continue; // warm-up
        }
        gate.push(g);
        lintRuns.push(l);
      }
      if (gate.length === 0) continue;
      const row = (label, xs) => {
        const t = stats(xs.map((x) => x.ms));
        const c = stats(xs.map((x) => x.cpuMs));
        const r = stats(xs.map((x) => x.rssKiB));
        console.log(`    ${label}`);
        console.log(`      wall      min ${ms(t.min)}   median ${ms(t.median)}   max ${ms(t.max)}`);
        console.log(`      cpu       min ${ms(c.min)}   median ${ms(c.median)}   max ${ms(c.max)}`);
        console.log(`      peak RSS  min ${mib(r.min)}  median ${mib(r.median)}  max ${mib(r.max)}`);
      };
      row('gate', gate);
      row('lockfile-lint', lintRuns);
      const ratio = (label, key) => {
        const r = stats(gate.map((g, i) => g[key] / lintRuns[i][key]));
        console.log(`    gate / lockfile-lint ${label}: median ${r.median.toFixed(2)}x (pairwise; min ${r.min.toFixed(2)}x, max ${r.max.toFixed(2)}x)`);
      };
      ratio('wall', 'ms');
      ratio('cpu', 'cpuMs');
      if (process.env.BENCH_PROFILE) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-gate-bench-prof-'));
        for (let i = 0; i < 3; i++) await timeProcess(['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', ...gateArgs], env, hook);
        console.log('    where the gate\'s time goes (node --cpu-prof):');
        printPhases(phaseTimes(fs.readdirSync(dir).map((f) => path.join(dir, f))), '      ');
        fs.rmSync(dir, { recursive: true, force: true });
      }
      medians.set(n, { wall: median(gate.map((g) => g.ms)), cpu: median(gate.map((g) => g.cpuMs)) });
    }
    if (medians.size >= 2) {
      const [small, ...rest] = [...medians.keys()].sort((a, b) => a - b);
      for (const big of rest) {
        const [a, b] = [medians.get(big), medians.get(small)];
        console.log(`\n  gate ${big.toLocaleString('en')} / ${small.toLocaleString('en')} packages: wall ${(a.wall / b.wall).toFixed(2)}x, cpu ${(a.cpu / b.cpu).toFixed(2)}x (medians)`);
      }
    }
  } finally {
    await reg.close();
    for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
    fs.rmSync(hookDir, { recursive: true, force: true });
    done();
  }
  if (failed) process.exitCode = 1;
}
