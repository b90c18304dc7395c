// Size limits GitHub documents for what we publish, and helpers to stay within them.
// Report text comes from the pull request (package names, messages, paths): treat it as hostile.

/** Checks API: `output.summary` and `output.text`, 65535 characters each. */
export const CHECK_OUTPUT_MAX = 65535;
/** Job summary (GITHUB_STEP_SUMMARY): 1 MiB per step. */
export const STEP_SUMMARY_MAX = 1024 * 1024;
/** Checks API annotation `message` and `raw_details`: 64 KB. */
export const ANNOTATION_MESSAGE_MAX_BYTES = 64 * 1024 - 1;
/** Checks API annotation `title`: 255 characters. */
export const ANNOTATION_TITLE_MAX = 255;
/** Checks API: annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** UTF-8 size: never less than the UTF-16 length, so a byte budget also holds as a character budget. */
export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cut to at most `max` UTF-16 units without splitting a surrogate pair, marking the cut with `…`. */
export function clipChars(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end) + '…';
}

/** Cut to at most `max` UTF-8 bytes on a character boundary, marking the cut with `…` (3 bytes). */
export function clipBytes(text: string, max: number): string {
  if (byteSize(text) <= max) return text;
  if (max < 3) return '';
  const buf = Buffer.from(text, 'utf8');
  let end = max - 3;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8') + '…';
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
