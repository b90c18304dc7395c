import { isAscii } from 'node:buffer';

/** Bytes of a file turned into text the parsers can read, or the reason they cannot. */
export type Decoded = { text: string } | { reason: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 (with or without BOM) and UTF-16 with a BOM are text; anything with NUL bytes or invalid
 * UTF-8 is not, and says so rather than being read as garbage.
 */
export function decodeText(buf: Uint8Array): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)) };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)) };
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const body = buf.subarray(start);
  if (body.includes(0)) return { reason: 'binary content (NUL bytes), not a text file' };
  // Most lockfiles are ASCII: the same text as the UTF-8 decoder gives, in half the time (no validation to do).
  if (isAscii(body)) return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1') };
  try {
    return { text: UTF8.decode(body) };
  } catch {
    return { reason: 'not valid UTF-8 text' };
  }
}
