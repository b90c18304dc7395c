// One long-lived `git cat-file` for every blob a run reads, instead of two processes per file. Git
// 2.36 and later answer sizes and contents through one `--batch-command` process (`info` first, so a
// file over the size limit is never sent through the pipe); older git through a `--batch-check` and a
// `--batch` process. Requests are answered in the order they were written, so any number may be in
// flight. While nothing is asked the processes keep no event loop alive; they are ended after a moment
// of idleness (a long-lived host such as a test runner does not collect them), and when the event loop
// has nothing else to do, so a run's exit waits for its git to end instead of leaving it behind.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { GitError, GIT_ENV, GIT_SAFE_ARGS } from './git.js';

export type ObjectInfo = { found: true; oid: string; type: string; size: number } | { found: false };

/**
 * How long an unused process is kept for the next read: longer than a slow registry stage between the
 * changed files and the inventory files, so one run keeps one process.
 */
const IDLE_MS = 5000;
const FOUND = /^([0-9a-f]{40}|[0-9a-f]{64}) ([a-z]+) (\d+)$/;

export interface Answer {
  info: ObjectInfo;
  /** The contents, when they were asked for and the object was found. */
  bytes?: Buffer;
}

interface Pending {
  /** The command as written, for error messages. */
  line: string;
  /** Whether a found object's contents follow its header. */
  body: boolean;
  /** Undefined: this git does not know the mode (answered by onUnsupported). */
  resolve: (v: Answer | undefined) => void;
  reject: (e: Error) => void;
}

/** Processes still running, closed when the host's event loop runs dry (see closeAllOnExit). */
const live = new Set<BatchProcess>();
let exitHookInstalled = false;

function closeAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'beforeExit' comes when nothing else keeps the loop alive: end each git, and let the loop wait for it.
  process.on('beforeExit', () => {
    for (const p of [...live]) p.close();
  });
}

/** One `git cat-file <mode>` process and its answers, in order. */
class BatchProcess {
  private child?: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The answer whose contents are still arriving, copied straight into their own buffer (`filled` counts the newline after them too). */
  private header?: { info: ObjectInfo & { found: true }; bytes: Buffer; filled: number };
  private stderr = '';
  private answered = 0;
  private idle?: NodeJS.Timeout;
  /** Called when the process ended before answering anything (git too old for this mode). */
  onUnsupported?: (pending: Pending[]) => void;

  constructor(
    private readonly dir: string,
    private readonly mode: '--batch-command' | '--batch-check' | '--batch',
  ) {}

  /** Spawns lazily; `spawned` counts the processes this object started (for tests of the count). */
  spawned = 0;

  request(line: string, body: boolean): Promise<Answer | undefined> {
    return new Promise((resolve, reject) => {
      const child = this.start();
      this.queue.push({ line, body, resolve, reject });
      this.busy(true);
      child.stdin.write(`${line}\n`);
    });
  }

  /** Ends the process (git exits at the end of its input); anything still awaited fails. */
  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    live.delete(this);
    // git ends at the end of its input; until it has, the host does not exit without it.
    child.ref();
    child.stdin.end();
    for (const p of this.queue.splice(0)) p.reject(new GitError(['cat-file', this.mode], `closed while waiting for ${p.line}`, null));
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const args = [...GIT_SAFE_ARGS, 'cat-file', this.mode];
    const child = spawn('git', args, { cwd: this.dir, env: { ...process.env, ...GIT_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.spawned++;
    this.child = child;
    live.add(this);
    closeAllOnExit();
    this.answered = 0;
    this.stderr = '';
    this.chunks = [];
    this.buffered = 0;
    this.header = undefined;
    child.stdout.on('data', (d: Buffer) => this.receive(d));
    child.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < 64 * 1024) this.stderr += d.toString('utf8');
    });
    // A write after git died is answered by the exit handler; the pipe's own error must not crash the run.
    child.stdin.on('error', () => {});
    child.on('error', (e) => this.ended(child, new GitError(['cat-file', this.mode], e.message, null)));
    child.on('close', (code, signal) => this.ended(child, new GitError(['cat-file', this.mode], this.stderr || `exited while answering ${this.queue[0]?.line ?? 'nothing'}`, code ?? (signal ? null : 0))));
    return child;
  }

  private ended(child: ChildProcessWithoutNullStreams, error: GitError): void {
    // A process closed on purpose has nothing left to answer; the queue belongs to its successor.
    if (this.child !== child) return;
    this.child = undefined;
    live.delete(this);
    if (this.queue.length === 0) return;
    const pending = this.queue.splice(0);
    if (this.answered === 0 && this.onUnsupported && /usage|unknown option|batch-command/i.test(this.stderr)) {
      this.onUnsupported(pending);
      return;
    }
    for (const p of pending) p.reject(error);
  }

  /** Keeps the event loop alive while answers are awaited, and only then. */
  private busy(waiting: boolean): void {
    const child = this.child;
    if (!child) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    const pipes = [child.stdin, child.stdout, child.stderr] as unknown as Socket[];
    if (waiting) {
      child.ref();
      for (const p of pipes) p.ref();
      return;
    }
    child.unref();
    for (const p of pipes) p.unref();
    this.idle = setTimeout(() => this.close(), IDLE_MS);
    this.idle.unref();
  }

  private receive(data: Buffer): void {
    if (this.queue.length === 0 && !this.header) return; // git says nothing unasked
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      const p = this.queue[0];
      if (!p) return;
      if (!this.header) {
        const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        const nl = all.indexOf(0x0a);
        if (nl < 0) {
          this.chunks = [all];
          return;
        }
        const line = all.subarray(0, nl).toString('utf8');
        const rest = all.subarray(nl + 1);
        this.chunks = rest.length ? [rest] : [];
        this.buffered = rest.length;
        const m = FOUND.exec(line);
        if (!m) {
          // `<object> missing` / `<object> ambiguous`: nothing follows.
          this.answer({ info: { found: false } });
          continue;
        }
        const info = { found: true as const, oid: m[1], type: m[2], size: Number(m[3]) };
        if (!p.body) {
          this.answer({ info });
          continue;
        }
        this.header = { info, bytes: Buffer.allocUnsafe(info.size), filled: 0 };
      }
      // The contents, then a newline: copied once, as they come, into a buffer of their size.
      const h = this.header;
      const end = h.info.size + 1;
      while (h.filled < end && this.chunks.length > 0) {
        const chunk = this.chunks[0];
        const take = Math.min(end - h.filled, chunk.length);
        const content = Math.min(take, h.info.size - h.filled);
        if (content > 0) chunk.copy(h.bytes, h.filled, 0, content);
        h.filled += take;
        this.buffered -= take;
        if (take === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(take);
      }
      if (h.filled < end) return;
      this.header = undefined;
      this.answer({ info: h.info, bytes: h.bytes });
    }
  }

  private answer(a: Answer): void {
    const p = this.queue.shift()!;
    this.answered++;
    if (this.queue.length === 0) this.busy(false);
    p.resolve(a);
  }
}

/** A name cat-file's line protocol can carry: no line break (git would cut the name there) and no trailing CR (git strips it). */
export function batchable(name: string): boolean {
  return !/[\n\r]/.test(name);
}

/**
 * Sizes and contents of objects named `<commit>:<path>`, through one `git cat-file --batch-command`
 * (or, on git before 2.36, one `--batch-check` and one `--batch`) for the whole run.
 */
export class CatFile {
  private command?: BatchProcess;
  private check?: BatchProcess;
  private contentsProcess?: BatchProcess;
  private legacy = false;

  constructor(private readonly dir: string) {}

  /** Processes started so far (tests count them). */
  get processes(): number {
    return (this.command?.spawned ?? 0) + (this.check?.spawned ?? 0) + (this.contentsProcess?.spawned ?? 0);
  }

  /** Type and size of an object, or `found: false`. */
  async info(name: string): Promise<ObjectInfo> {
    if (!this.legacy) {
      const res = await this.viaCommand(`info ${name}`, false);
      if (res !== undefined) return res.info;
    }
    this.check ??= new BatchProcess(this.dir, '--batch-check');
    return (await this.check.request(name, false))!.info;
  }

  /** Type, size and contents of an object (`bytes` undefined when it is not found). */
  async contents(name: string): Promise<Answer> {
    if (!this.legacy) {
      const res = await this.viaCommand(`contents ${name}`, true);
      if (res !== undefined) return res;
    }
    this.contentsProcess ??= new BatchProcess(this.dir, '--batch');
    return (await this.contentsProcess.request(name, true))!;
  }

  close(): void {
    this.command?.close();
    this.check?.close();
    this.contentsProcess?.close();
  }

  /** Through --batch-command; undefined when this git does not have it (then every later request goes the legacy way). */
  private viaCommand(line: string, body: boolean): Promise<Answer | undefined> {
    if (!this.command) {
      this.command = new BatchProcess(this.dir, '--batch-command');
      this.command.onUnsupported = (pending) => {
        this.legacy = true;
        for (const p of pending) p.resolve(undefined);
      };
    }
    return this.command.request(line, body);
  }
}
