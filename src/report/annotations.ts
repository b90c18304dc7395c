// Findings as annotations: Checks API objects, and workflow commands for when the API refuses.
import type { Finding, Level } from '../types.js';
import { ANNOTATION_MESSAGE_MAX_BYTES, ANNOTATION_TITLE_MAX, clipBytes, clipChars } from './limits.js';

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

/** One annotation as the Checks API takes it (`output.annotations[]`). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

const CHECK_LEVEL: Record<Level, AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' };
const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', notice: 'notice' };
const LEVEL_ORDER: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

export function toCheckAnnotations(findings: Finding[]): CheckAnnotation[] {
  return findings.map((f) => {
    const line = annotationLine(f.line);
    return {
      path: f.file,
      start_line: line,
      end_line: line,
      annotation_level: CHECK_LEVEL[f.level],
      title: clipChars(annotationTitle(f), ANNOTATION_TITLE_MAX),
      message: clipBytes(annotationMessage(f), ANNOTATION_MESSAGE_MAX_BYTES),
    };
  });
}

/** Most severe first, so a capped list keeps the errors. Stable within a level. */
export function bySeverity(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

function annotationLine(line: number): number {
  // GitHub needs a positive line; a finding about a whole file points at its first line.
  return Number.isFinite(line) && line >= 1 ? Math.trunc(line) : 1;
}

function annotationTitle(f: Finding): string {
  const pkg = f.name ? ` ${f.version ? `${f.name}@${f.version}` : f.name}` : '';
  return `mcp-supply-gate ${f.rule}:${pkg}`;
}

function annotationMessage(f: Finding): string {
  return f.excepted ? `${f.message}\n\nException applied: ${f.excepted}` : f.message;
}

/** Escaping used by @actions/core for the message part of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping used by @actions/core for property values (`file=`, `title=`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,title=…::message`, one line whatever the finding contains. */
export function workflowCommand(f: Finding): string {
  const a = toCheckAnnotations([f])[0];
  const props = [`file=${escapeProperty(a.path)}`, `line=${a.start_line}`, `title=${escapeProperty(a.title)}`].join(',');
  return `::${COMMAND[f.level]} ${props}::${escapeData(a.message)}`;
}
