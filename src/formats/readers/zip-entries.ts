// What is checked of each entry before and when its bytes are read: names, methods, flags, sizes and
// ratios over the central directory; the local header against it; the data inflated within its limits
// and its CRC.
import { Inflate } from 'fflate';
import { type RawEntry, type ZipLimits, type ZipProblem, unsafePathReason, refuse, entryPath, u32, SIG_LOCAL, sameBytes, decodeName, READ_FLAGS, hex, SIG_DATA_DESCRIPTOR, crc32, INFLATE_SLICE, fields, LOCAL_HEADER } from './zip-format.js';

/** Name, method, flag, size and layout checks over the whole central directory; no inflating. */
export function checkEntries(bytes: Uint8Array, entries: RawEntry[], cdOffset: number, lim: ZipLimits, problems: ZipProblem[]): void {
  const seen = new Map<string, RawEntry>();
  let declaredTotal = 0;
  for (const e of entries) {
    const unsafe = unsafePathReason(e.name);
    if (unsafe !== undefined) refuse(e, problems, 'unsafe-path', `entry "${e.name}" has ${unsafe}: unpacking it could write outside the bundle's folder`);
    const first = seen.get(e.key);
    // Two folder entries for one folder are harmless; anything else written twice to one place is
    // whichever copy the unpacking tool happens to keep.
    if (first === undefined) seen.set(e.key, e);
    else if (!(first.isDirectory && e.isDirectory)) duplicate(e, first, problems);
    if (e.flags & 0x41) refuse(e, problems, 'encrypted', `entry "${e.name}" is encrypted: its contents cannot be checked`);
    else if (e.method !== 0 && e.method !== 8) refuse(e, problems, 'method', `entry "${e.name}" uses compression method ${e.method}; only stored (0) and deflate (8) are supported`);
    else if (e.method === 0 && e.size !== e.compressedSize) refuse(e, problems, 'size-mismatch', `entry "${e.name}" is stored uncompressed but declares ${e.size} bytes from ${e.compressedSize}`);
    if (e.size > lim.maxEntryBytes) refuse(e, problems, 'too-large', `entry "${e.name}" declares ${e.size} bytes, more than the limit of ${lim.maxEntryBytes} for one entry`);
    else if (e.size > lim.ratioFloorBytes && e.size > e.compressedSize * lim.maxRatio) {
      refuse(e, problems, 'ratio', `entry "${e.name}" expands ${ratio(e.size, e.compressedSize)}x (${e.compressedSize} -> ${e.size} bytes), more than the limit of ${lim.maxRatio}x: a zip bomb`);
    }
    declaredTotal += e.size;
    checkLocalHeader(bytes, e, cdOffset, problems);
  }
  // A file that is also the folder of another entry: unpackers either fail or replace one with the other.
  for (const e of entries) {
    const segments = e.key.split('/');
    for (let n = 1; n < segments.length; n++) {
      const parent = seen.get(segments.slice(0, n).join('/'));
      if (parent !== undefined && !parent.isDirectory) {
        refuse(e, problems, 'duplicate', `entry "${e.name}" lies inside "${parent.name}", which is a file: different tools would unpack different contents`);
        break;
      }
    }
  }
  if (declaredTotal > lim.maxTotalBytes) {
    problems.push({ code: 'total-too-large', message: `the archive unpacks to ${declaredTotal} bytes, more than the limit of ${lim.maxTotalBytes}` });
  }
  // Entries whose data overlap reuse the same compressed bytes many times over (the overlapping zip bomb).
  const laid = entries.filter((e) => e.dataOffset !== undefined).sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < laid.length; i++) {
    const prev = laid[i - 1];
    if (prev.dataEnd! > laid[i].localOffset) {
      refuse(laid[i], problems, 'overlap', `entries "${prev.name}" and "${laid[i].name}" overlap in the archive: a zip bomb or a disguised archive`);
      prev.readable = false;
    }
  }
}

export function duplicate(e: RawEntry, first: RawEntry, problems: ZipProblem[]): void {
  if (e.name === first.name) {
    refuse(e, problems, 'duplicate', `entry "${e.name}" appears more than once: different tools would unpack different contents`);
    return;
  }
  const why =
    entryPath(e.name) === entryPath(first.name)
      ? 'the same path once unpacked'
      : 'the same file on a disk that ignores case (macOS, Windows)';
  refuse(e, problems, 'duplicate', `entry "${e.name}" and entry "${first.name}" are ${why}: different tools would unpack different contents`);
}

export function ratio(size: number, compressed: number): string {
  return compressed === 0 ? '∞' : String(Math.round(size / compressed));
}

/**
 * The local header must exist and describe the same entry as the central directory: name, read flags,
 * method, CRC and sizes (or, with a data descriptor, the descriptor after the data must hold them). A
 * tool that unpacks by walking local headers (streaming unzippers, some antivirus and CI scanners)
 * would otherwise see other names or other bytes than this reader. The data must lie before the
 * central directory.
 */
function checkLocalHeader(bytes: Uint8Array, e: RawEntry, cdOffset: number, problems: ZipProblem[]): void {
  const at = e.localOffset;
  if (at + 30 > cdOffset || u32(bytes, at) !== SIG_LOCAL) {
    refuse(e, problems, 'local-header', `entry "${e.name}" has no local header where the central directory says`);
    return;
  }
  const { flags: localFlags, method: localMethod, crc: localCrc, compressedSize: localCompressed, size: localSize, nameLength, extraLength } = fields(bytes, at, LOCAL_HEADER);
  const localName = bytes.subarray(at + 30, Math.min(at + 30 + nameLength, bytes.length));
  if (!sameBytes(localName, e.nameBytes)) {
    const shown = decodeName(localName);
    const unsafe = unsafePathReason(shown);
    refuse(
      e,
      problems,
      unsafe === undefined ? 'local-header' : 'unsafe-path',
      `entry "${e.name}" is named "${shown}" in its local header${unsafe === undefined ? '' : ` (${unsafe})`}: tools that read local headers would unpack something else`,
    );
    return;
  }
  if (localFlags & 0x41) refuse(e, problems, 'encrypted', `entry "${e.name}" is encrypted (local header): its contents cannot be checked`);
  const disagree = (what: string): void =>
    refuse(e, problems, 'local-header', `entry "${e.name}" has ${what} in its local header than in the central directory: tools that read local headers would unpack something else`);
  if ((localFlags & READ_FLAGS) !== (e.flags & READ_FLAGS)) {
    disagree(`other flags (0x${hex(localFlags & READ_FLAGS, 4)}, not 0x${hex(e.flags & READ_FLAGS, 4)})`);
    return;
  }
  if (localMethod !== e.method) {
    disagree(`another compression method (${localMethod}, not ${e.method})`);
    return;
  }
  const dataOffset = at + 30 + nameLength + extraLength;
  if (dataOffset + e.compressedSize > cdOffset) {
    refuse(e, problems, 'truncated', `entry "${e.name}" claims ${e.compressedSize} compressed bytes that run past the end of its data`);
    return;
  }
  let dataEnd = dataOffset + e.compressedSize;
  const mismatch = sizeMismatch(e, localCrc, localCompressed, localSize);
  if ((e.flags & 0x08) === 0) {
    if (mismatch !== undefined) {
      disagree(mismatch);
      return;
    }
  } else {
    // With a data descriptor the local header may leave CRC and sizes at zero; what it does say must agree.
    if (mismatch !== undefined && (localCrc !== 0 || localCompressed !== 0 || localSize !== 0)) {
      disagree(mismatch);
      return;
    }
    const descriptor = readDescriptor(bytes, dataEnd, cdOffset, e);
    if (descriptor === undefined) {
      refuse(e, problems, 'local-header', `entry "${e.name}" has no data descriptor matching the central directory's CRC and sizes after its data: tools that read local headers would unpack something else`);
      return;
    }
    dataEnd = descriptor;
  }
  e.dataOffset = dataOffset;
  e.dataEnd = dataEnd;
}

/** How CRC and sizes differ from the central directory's, in words, or undefined when they agree. */
function sizeMismatch(e: RawEntry, crc: number, compressed: number, size: number): string | undefined {
  if (compressed !== e.compressedSize || size !== e.size) return `other sizes (${compressed} -> ${size} bytes, not ${e.compressedSize} -> ${e.size})`;
  if (crc !== e.crc32) return `another CRC-32 (${hex(crc)}, not ${hex(e.crc32)})`;
  return undefined;
}

/**
 * The end of the data descriptor at `at` (with or without its optional signature) when it holds the
 * entry's CRC and sizes, or undefined. Both layouts are tried: a CRC can equal the signature's bytes.
 */
function readDescriptor(bytes: Uint8Array, at: number, cdOffset: number, e: RawEntry): number | undefined {
  const matches = (o: number): boolean => o + 12 <= cdOffset && sizeMismatch(e, u32(bytes, o), u32(bytes, o + 4), u32(bytes, o + 8)) === undefined;
  if (at + 4 <= cdOffset && u32(bytes, at) === SIG_DATA_DESCRIPTOR && matches(at + 4)) return at + 16;
  if (matches(at)) return at + 12;
  return undefined;
}

/**
 * Inflates one entry, stopping as soon as the output passes its declared size (which was already held
 * to the limits): a lying size or a bomb costs at most one slice's output beyond it.
 */
export function extract(bytes: Uint8Array, e: RawEntry, problems: ZipProblem[]): { data?: Uint8Array; produced: number } {
  const input = bytes.subarray(e.dataOffset!, e.dataOffset! + e.compressedSize);
  if (e.method === 0) {
    const data = input.slice();
    return crc32(data) === e.crc32 ? { data, produced: data.length } : crcProblem(e, problems, data.length);
  }
  const out = new Uint8Array(e.size);
  let produced = 0;
  let overflow = false;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (produced + chunk.length > e.size) overflow = true;
    else out.set(chunk, produced);
    produced += chunk.length;
    if (final) done = true;
  });
  try {
    for (let pos = 0; pos < input.length && !overflow && !done; pos += INFLATE_SLICE) {
      const end = Math.min(pos + INFLATE_SLICE, input.length);
      inflater.push(input.subarray(pos, end), end === input.length);
    }
    if (input.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    problems.push({ code: 'corrupt', entry: e.name, message: `entry "${e.name}" is not valid deflate data (${err instanceof Error ? err.message : String(err)})` });
    return { produced };
  }
  if (overflow) {
    problems.push({
      code: 'size-mismatch',
      entry: e.name,
      message: `entry "${e.name}" inflates past the ${e.size} bytes its central directory declares (stopped after ${produced}): the declared size lies, a zip bomb`,
    });
    return { produced };
  }
  if (!done || produced !== e.size) {
    problems.push({
      code: 'size-mismatch',
      entry: e.name,
      message: `entry "${e.name}" inflates to ${produced} bytes${done ? '' : ' and ends early'}, not the ${e.size} its central directory declares`,
    });
    return { produced };
  }
  return crc32(out) === e.crc32 ? { data: out, produced } : crcProblem(e, problems, produced);
}

function crcProblem(e: RawEntry, problems: ZipProblem[], produced: number): { produced: number } {
  problems.push({ code: 'crc', entry: e.name, message: `entry "${e.name}" does not match its CRC-32: the archive is damaged or was edited` });
  return { produced };
}
