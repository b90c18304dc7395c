// Runs the bundled action and CLI as child processes, the way the Actions runner does, from a copy of
// dist/ with no node_modules anywhere near it.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './git-repo';

const ROOT = path.resolve(__dirname, '..', '..');
let isolated: string | undefined;

/** dist/ copied to a temp dir, so a bundle that still needs node_modules fails here as it would on a runner. */
export function isolatedDist(): string {
  if (!isolated) {
    isolated = path.join(tempDir('msg-dist-'), 'dist');
    mkdirSync(isolated);
    // Every file: the two entry bundles and the lazy-*.js files they load on first use.
    for (const f of readdirSync(path.join(ROOT, 'dist'))) copyFileSync(path.join(ROOT, 'dist', f), path.join(isolated, f));
  }
  return isolated;
}

export interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(script: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A clean environment: nothing of the test runner's own GitHub or npm settings leaks in. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  return { ...env, ...extra };
}

export interface ActionRun extends ProcResult {
  outputs: Record<string, string>;
  summary: string;
  report?: any;
}

/** Parse GITHUB_OUTPUT's `name<<delimiter` blocks. */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

export async function runAction(opts: {
  workspace: string;
  eventName: string;
  payload: unknown;
  sha: string;
  apiUrl: string;
  inputs?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}): Promise<ActionRun> {
  const runner = tempDir('msg-runner-');
  const eventPath = path.join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.payload));
  const outputFile = path.join(runner, 'output');
  const summaryFile = path.join(runner, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputs = { 'github-token': 'fake-token', policy: '.github/mcp-policy.yml', offline: 'true', ...opts.inputs };
  const env = baseEnv({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: opts.sha,
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '42',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runner,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...opts.env,
  });
  const res = await runNode(path.join(isolatedDist(), 'index.js'), [], { cwd: opts.workspace, env });
  const outputs = readOutputs(outputFile);
  const report = outputs.report && existsSync(outputs.report) ? JSON.parse(readFileSync(outputs.report, 'utf8')) : undefined;
  return { ...res, outputs, summary: readFileSync(summaryFile, 'utf8'), report };
}

export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ProcResult> {
  return runNode(path.join(isolatedDist(), 'cli.js'), args, { cwd: opts.cwd, env: baseEnv(opts.env) });
}
