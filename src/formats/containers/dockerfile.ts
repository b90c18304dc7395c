// Dockerfile / Containerfile: the images a build pulls. Every `FROM` (after substituting the global
// `ARG` defaults), every `COPY --from=<image>` / `RUN --mount=...,from=<image>`, and the BuildKit
// `# syntax=` frontend image become 'oci' Dependencies. `ENV` variables that move package sources
// (GOPROXY, PIP_INDEX_URL, npm_config_registry...) become registry settings.
import type { Dependency, FileIssue, ParsedFile, RegistrySetting } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { lineIndex, splitLines, trimEndIndex } from '../readers/lines.js';
import { readEnvVariable } from '../registry-config/env-settings.js';
import { imageFields, unresolvedImage } from '../../ecosystems/oci.js';
import { substituteVars } from './vars.js';
import { fileNamed, underVendor } from '../paths.js';

const INSTRUCTIONS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

interface Instruction {
  /** Upper-cased instruction word. */
  op: string;
  /** Everything after the instruction word, continuation lines joined. */
  rest: string;
  line: number;
}

/** bufio.MaxScanTokenSize - 1: the longest line docker build reads. */
export const MAX_LINE_BYTES = 65_535;

interface Directives {
  escape: string;
  syntax?: { value: string; line: number };
}

/**
 * BuildKit's reDirectives `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` (RE2, linear there) as a scan:
 * the same regex in JavaScript backtracks quadratically on a long run of spaces.
 */
function directive(line: string): { name: string; value: string } | undefined {
  const goSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
  let i = 0;
  while (goSpace(line[i]) || line[i] === '\v') i++; // the line's leading whitespace is trimmed first
  if (line[i] !== '#') return undefined;
  i++;
  while (goSpace(line[i])) i++;
  const nameAt = i;
  if (!/[A-Za-z]/.test(line[i] ?? '')) return undefined;
  while (/[A-Za-z0-9]/.test(line[i] ?? '')) i++;
  const name = line.slice(nameAt, i);
  while (goSpace(line[i])) i++;
  if (line[i] !== '=') return undefined;
  i++;
  while (goSpace(line[i])) i++;
  let end = line.length;
  while (end > i && goSpace(line[end - 1])) end--;
  return end > i ? { name, value: line.slice(i, end) } : undefined;
}

/** Parser directives (`# syntax=`, `# escape=`) at the very top, before any blank line, comment or instruction. */
function directives(lines: string[], lineNo: number[], file: string): { dirs: Directives; start: number } {
  const dirs: Directives = { escape: '\\' };
  const seen = new Set<string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const m = directive(lines[i]);
    if (m === undefined) break;
    const name = m.name.toLowerCase();
    if (seen.has(name)) break; // a repeated directive is an ordinary comment
    seen.add(name);
    if (name === 'escape') {
      if (m.value !== '\\' && m.value !== '`') throw new ParseError(`invalid escape token ${JSON.stringify(m.value)}: must be \` or \\`, file, lineNo[i]);
      dirs.escape = m.value;
    } else if (name === 'syntax') {
      dirs.syntax = { value: m.value, line: lineNo[i] };
    } else if (name !== 'check') {
      break;
    }
  }
  return { dirs, start: i };
}

/** Logical instructions: comments dropped, continuation lines joined, heredoc bodies skipped. */
function instructions(lines: string[], lineNo: number[], start: number, escape: string, file: string): Instruction[] {
  const out: Instruction[] = [];
  // Only the last physical line decides (trimming the whole joined text each time was quadratic).
  const continues = (s: string): boolean => s.slice(0, trimEndIndex(s)).endsWith(escape);
  let i = start;
  while (i < lines.length) {
    const first = lines[i];
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const line = lineNo[i];
    const parts = [first];
    i++;
    for (let last = first; continues(last); ) {
      parts[parts.length - 1] = last.slice(0, trimEndIndex(last)).slice(0, -escape.length);
      // Comment and blank lines inside a continued instruction are dropped, as the builder does.
      while (i < lines.length && (lines[i].trim() === '' || lines[i].trim().startsWith('#'))) i++;
      if (i >= lines.length) break;
      last = lines[i];
      parts.push(last);
      i++;
    }
    const text = parts.join('');
    const m = /^\s*(\S+)(?:\s+([\s\S]*))?$/.exec(text);
    if (m === null) continue;
    const op = m[1].toUpperCase();
    if (!INSTRUCTIONS.has(op)) {
      throw new ParseError(`unknown instruction ${JSON.stringify(m[1].slice(0, 40))}`, file, line);
    }
    const rest = (m[2] ?? '').trim();
    out.push({ op, rest, line });
    // Heredocs (`RUN <<EOF` ... `EOF`): their bodies are data, not instructions.
    const onbuildOp = op === 'ONBUILD' ? rest.split(/\s+/)[0]?.toUpperCase() : op;
    if (onbuildOp === 'RUN' || onbuildOp === 'COPY' || onbuildOp === 'ADD') {
      const heredoc = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
      for (const h of rest.matchAll(heredoc)) {
        const stripTabs = h[1] === '-';
        const end = h[3];
        while (i < lines.length && (stripTabs ? lines[i].replace(/^\t+/, '') : lines[i]) !== end) i++;
        if (i >= lines.length) throw new ParseError(`heredoc <<${end} is never terminated`, file, line);
        i++;
      }
    }
  }
  return out;
}

/** Shell-like words: whitespace-separated, quotes removed, the escape character escaping the next one. */
function words(s: string, escape: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === escape && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === escape && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** `NAME=value` pairs of ARG/ENV (and the legacy `ENV NAME value` form). */
function assignments(op: string, rest: string, escape: string): { name: string; value?: string }[] {
  const ws = words(rest, escape);
  if (op === 'ENV' && ws.length >= 1 && !ws[0].includes('=')) {
    // Legacy `ENV NAME value with spaces`: the value is the rest of the line as written.
    const value = rest.trim().slice(rest.trim().indexOf(ws[0]) + ws[0].length).trim();
    return [{ name: ws[0], value }];
  }
  return ws.map((w) => {
    const eq = w.indexOf('=');
    return eq === -1 ? { name: w } : { name: w.slice(0, eq), value: w.slice(eq + 1) };
  });
}

function parseDockerfile(text: string, file: string): ParsedFile {
  if (text.includes('\u0000')) throw new ParseError('binary data in Dockerfile', file, lineIndex(text)(text.indexOf('\u0000')));
  // BuildKit's scanner ends a line at LF only and trims every CR and LF off its end (trimNewline): a
  // lone CR inside a line stays in it. Lines are reported on GitHub's numbering.
  const github = lineIndex(text);
  const physical = splitLines(text.replace(/^\uFEFF/, ' '), 'lf');
  const lines: string[] = [];
  const lineNo: number[] = [];
  for (const { text: raw, start } of physical) {
    let end = raw.length;
    while (end > 0 && raw[end - 1] === '\r') end--;
    // bufio.Scanner's limit: Docker refuses the whole file past it.
    if (Buffer.byteLength(raw) > MAX_LINE_BYTES) {
      throw new ParseError(`a line longer than ${MAX_LINE_BYTES} bytes: docker build refuses it ("dockerfile line greater than max allowed size"). Shorten the line, for example with \\ continuations`, file, github(start));
    }
    lines.push(raw.slice(0, end));
    lineNo.push(github(start));
  }
  const { dirs, start } = directives(lines, lineNo, file);
  const instrs = instructions(lines, lineNo, start, dirs.escape, file);
  const deps: Dependency[] = [];
  const settings: RegistrySetting[] = [];
  const issues: FileIssue[] = [];

  if (dirs.syntax !== undefined) {
    deps.push({ ...imageFields(dirs.syntax.value), file, line: dirs.syntax.line, kind: 'manifest', key: 'syntax' });
  }

  const globalArgs = new Map<string, string>();
  const stages: string[] = []; // lower-cased stage names, by index ('' when unnamed)
  const copyCounts = new Map<string, number>();
  const envCounts = new Map<string, number>();
  let seenFrom = false;

  const stageNames = new Set<string>();
  const isStageRef = (ref: string): boolean => /^\d+$/.test(ref) || stageNames.has(ref.toLowerCase());
  const pushImage = (raw: string, line: number, key: (name: string) => string, skipUnresolved: boolean): void => {
    const resolved = substituteVars(raw, globalArgs);
    if (resolved === undefined) {
      // A variable the file gives no default for (set with --build-arg): which image is unknown.
      if (skipUnresolved) return;
      const fields = unresolvedImage(raw);
      deps.push({ ...fields, file, line, kind: 'manifest', key: key(fields.name) });
      return;
    }
    if (resolved.toLowerCase() === 'scratch' || isStageRef(resolved)) return;
    const fields = imageFields(resolved);
    deps.push({ ...fields, file, line, kind: 'manifest', key: key(fields.name) });
  };

  for (const ins of instrs) {
    if (ins.op === 'ARG' && !seenFrom) {
      for (const a of assignments('ARG', ins.rest, dirs.escape)) {
        if (a.value === undefined) globalArgs.delete(a.name);
        else globalArgs.set(a.name, substituteVars(a.value, globalArgs) ?? a.value);
      }
      continue;
    }
    if (ins.op === 'FROM') {
      const args = words(ins.rest, dirs.escape).filter((w) => !w.startsWith('--'));
      if (!(args.length === 1 || (args.length === 3 && args[1].toLowerCase() === 'as'))) {
        throw new ParseError('FROM requires either one or three arguments: FROM image [AS name]', file, ins.line);
      }
      const index = stages.length;
      const stage = args.length === 3 ? args[2] : undefined;
      pushImage(args[0], ins.line, (name) => `FROM/${index}/${stage ?? name}`, false);
      stages.push(stage?.toLowerCase() ?? '');
      if (stage !== undefined) stageNames.add(stage.toLowerCase());
      seenFrom = true;
      continue;
    }
    if (!seenFrom) throw new ParseError(`${ins.op} before the first FROM: only ARG may come before FROM`, file, ins.line);
    if (ins.op === 'COPY' || ins.op === 'ADD' || ins.op === 'RUN') {
      for (const w of words(ins.rest, dirs.escape)) {
        if (!w.startsWith('--')) break;
        const from = /^--from=(.+)$/.exec(w)?.[1] ?? (w.startsWith('--mount=') ? /(?:^|,)from=([^,]+)/.exec(w.slice(8))?.[1] : undefined);
        if (from === undefined) continue;
        pushImage(from, ins.line, (name) => {
          const base = `${ins.op}/${name}`;
          const n = (copyCounts.get(base) ?? 0) + 1;
          copyCounts.set(base, n);
          return `${base}#${n}`;
        }, true);
      }
    } else if (ins.op === 'ENV') {
      const stage = stages[stages.length - 1] || String(stages.length - 1);
      for (const a of assignments('ENV', ins.rest, dirs.escape)) {
        if (a.value === undefined) continue;
        const base = `ENV/${stage}/${a.name}`;
        const n = (envCounts.get(base) ?? 0) + 1;
        envCounts.set(base, n);
        const read = readEnvVariable(a.name, a.value, { file, line: ins.line, key: n === 1 ? base : `${base}#${n}`, where: `ENV ${a.name}` });
        settings.push(...read.settings);
        issues.push(...read.issues);
      }
    }
  }
  if (!seenFrom) {
    throw new ParseError(instrs.length === 0 ? 'the Dockerfile has no instructions' : 'the Dockerfile has no FROM instruction', file, instrs[0]?.line ?? 1);
  }
  return { deps, settings, issues };
}

/** `Dockerfile`, `Containerfile`, `Dockerfile.dev`, `api.Dockerfile` (not `Dockerfile.dockerignore`). */
export function isDockerfileName(base: string): boolean {
  if (/\.dockerignore$/i.test(base)) return false;
  return /^(Dockerfile|Containerfile)(\.[^/]+)?$/.test(base) || /^[^/]+\.(Dockerfile|Containerfile|dockerfile)$/.test(base);
}

export const dockerfile = { id: 'dockerfile', matches: fileNamed(isDockerfileName, underVendor), parse: parseDockerfile } satisfies Format;
