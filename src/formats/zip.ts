// An in-memory zip reader for archives that may be hostile (.mcpb bundles in a pull request). It reads
// the end-of-central-directory record and the central directory itself, checks every entry's name,
// attributes and local header without inflating anything, and inflates only the entries a caller asks
// for, with fflate's streaming Inflate fed in small slices so the ACTUAL output is counted and reading
// stops as soon as it passes what the entry declared (declared sizes lie) or a limit. Nothing is ever
// written to disk. Problems are returned, never thrown.
import { Inflate } from 'fflate';

export interface ZipLimits {
  /** Most entries the central directory may list. */
  maxEntries: number;
  /** Largest uncompressed size of one entry (declared or actual). */
  maxEntryBytes: number;
  /** Largest sum of the declared uncompressed sizes, and of the bytes actually inflated by read(). */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of one entry, once it is over `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this are not held to `maxRatio` (a small run of spaces compresses 200x honestly). */
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 10_000,
  maxEntryBytes: 50 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export type ZipProblemCode =
  | 'not-zip'
  | 'truncated'
  | 'zip64'
  | 'multi-disk'
  | 'too-many-entries'
  | 'unsafe-path'
  | 'duplicate'
  | 'symlink'
  | 'directory'
  | 'encrypted'
  | 'method'
  | 'too-large'
  | 'total-too-large'
  | 'ratio'
  | 'local-header'
  | 'overlap'
  | 'size-mismatch'
  | 'crc'
  | 'corrupt';

/** Something wrong with the archive; `entry` names the entry it is about (undefined: the archive as a whole). */
export interface ZipProblem {
  code: ZipProblemCode;
  entry?: string;
  message: string;
}

export interface ZipEntry {
  /** The name as the central directory records it (decoded; may be unsafe, see problems). */
  name: string;
  /** Declared uncompressed size. */
  size: number;
  /** Declared compressed size. */
  compressedSize: number;
  isDirectory: boolean;
  /** 0 stored, 8 deflate; anything else is refused. */
  method: number;
  crc32: number;
  /** Whether the entry passed every check and read() may inflate it. */
  readable: boolean;
}

export interface ZipArchive {
  /** Every entry of the central directory, in its order (empty when the archive could not be read at all). */
  entries: ZipEntry[];
  /** Problems found so far; read() appends what it finds while inflating. */
  problems: ZipProblem[];
  /** Whether the archive could not be read at all (not a zip, truncated, ZIP64, too many entries). */
  fatal: boolean;
  /** Whether an entry with exactly this name exists (a file or a directory). */
  has(name: string): boolean;
  /**
   * The contents of a file entry, or undefined when it does not exist, is refused, or fails while
   * inflating (the reason is appended to problems). `maxBytes` lowers the size limit for this read.
   */
  read(name: string, maxBytes?: number): Uint8Array | undefined;
  /** Bytes inflated so far by read(), over all entries. */
  readonly inflatedBytes: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** Compressed bytes pushed to the inflater at a time: deflate expands at most ~1032x, so one push yields about 1 MiB at most. */
const INFLATE_SLICE = 1024;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

let crcTable: Uint32Array | undefined;
/** CRC-32 (the zip polynomial) of `data`. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeName(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Not UTF-8 (flag bit 11 unset, CP437 in old tools): a byte-per-character reading keeps it readable.
    return latin1.decode(bytes);
  }
}

/**
 * Why a name is not a safe relative path inside the archive, or undefined when it is: `..` segments,
 * absolute paths, drive letters and other `:` (Windows streams), backslashes, NUL and control
 * characters, empty segments.
 */
export function unsafePathReason(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name.includes('\\')) return 'a backslash (a path separator on Windows)';
  if (/[\u0000-\u001f]/.test(name)) return 'a control character';
  if (name.startsWith('/')) return 'an absolute path';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment that climbs out of the bundle';
  if (segments.some((s) => s.includes(':'))) return /^[A-Za-z]:/.test(name) ? 'a drive letter' : 'a ":" (a drive letter or an alternate data stream on Windows)';
  if (segments.some((s) => s === '')) return 'an empty path segment';
  return undefined;
}

interface RawEntry extends ZipEntry {
  nameBytes: Uint8Array;
  localOffset: number;
  flags: number;
  /** Offset of the entry's data, once the local header checked out. */
  dataOffset?: number;
}

interface Eocd {
  offset: number;
  entries: number;
  cdSize: number;
  cdOffset: number;
}

/**
 * Finds the end-of-central-directory record. The last candidate whose comment ends exactly at the end
 * of the file wins; failing that (bytes appended after the archive, such as a signature block that
 * was not counted in the comment), the last candidate whose central directory checks out.
 */
function findEocd(bytes: Uint8Array): Eocd | ZipProblem {
  if (bytes.length < EOCD_SIZE) return { code: 'not-zip', message: `the file is ${bytes.length} bytes, too short to be a zip archive` };
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  const candidates: number[] = [];
  for (let i = bytes.length - EOCD_SIZE; i >= lowest; i--) {
    if (bytes[i] === 0x50 && u32(bytes, i) === SIG_EOCD) candidates.push(i);
  }
  if (candidates.length === 0) {
    const localAtStart = bytes.length >= 4 && u32(bytes, 0) === SIG_LOCAL;
    return localAtStart
      ? { code: 'truncated', message: 'the archive is truncated: it starts like a zip but its end-of-central-directory record is missing' }
      : { code: 'not-zip', message: 'the file is not a zip archive (no end-of-central-directory record)' };
  }
  const read = (at: number): Eocd & { exact: boolean; valid: boolean; zip64: boolean; disks: boolean } => {
    const entries = u16(bytes, at + 10);
    const cdSize = u32(bytes, at + 12);
    const cdOffset = u32(bytes, at + 16);
    const commentLength = u16(bytes, at + 20);
    const zip64 =
      entries === 0xffff ||
      cdSize === 0xffffffff ||
      cdOffset === 0xffffffff ||
      (at >= 20 && u32(bytes, at - 20) === SIG_EOCD64_LOCATOR);
    const disks = u16(bytes, at + 4) !== 0 || u16(bytes, at + 6) !== 0 || u16(bytes, at + 8) !== entries;
    const valid =
      cdOffset + cdSize === at && (entries === 0 ? cdSize === 0 : cdSize >= 46 && u32(bytes, cdOffset) === SIG_CENTRAL);
    return { offset: at, entries, cdSize, cdOffset, exact: at + EOCD_SIZE + commentLength === bytes.length, valid, zip64, disks };
  };
  const all = candidates.map(read);
  const chosen = all.find((c) => c.exact && (c.valid || c.zip64)) ?? all.find((c) => c.valid || c.zip64) ?? all.find((c) => c.exact);
  if (chosen === undefined) {
    return { code: 'corrupt', message: 'the end-of-central-directory record points outside the archive or at no central directory' };
  }
  if (chosen.zip64) return { code: 'zip64', message: 'the archive uses ZIP64, which this reader does not support: it cannot be checked' };
  if (chosen.disks) return { code: 'multi-disk', message: 'the archive claims to span several disks: it cannot be checked' };
  if (!chosen.valid) return { code: 'corrupt', message: 'the end-of-central-directory record points outside the archive or at no central directory' };
  return chosen;
}

function fatalArchive(problem: ZipProblem): ZipArchive {
  return { entries: [], problems: [problem], fatal: true, has: () => false, read: () => undefined, inflatedBytes: 0 };
}

/**
 * Reads the central directory of `bytes` and checks every entry without inflating anything. Refused
 * entries are listed but read() returns undefined for them; problems say why.
 */
export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): ZipArchive {
  const lim: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const eocd = findEocd(bytes);
  if ('code' in eocd) return fatalArchive(eocd);
  if (eocd.entries > lim.maxEntries) {
    return fatalArchive({
      code: 'too-many-entries',
      message: `the archive lists ${eocd.entries} entries, more than the limit of ${lim.maxEntries}`,
    });
  }

  const problems: ZipProblem[] = [];
  const entries: RawEntry[] = [];
  let at = eocd.cdOffset;
  const cdEnd = eocd.cdOffset + eocd.cdSize;
  for (let i = 0; i < eocd.entries; i++) {
    if (at + 46 > cdEnd || u32(bytes, at) !== SIG_CENTRAL) {
      return fatalArchive({ code: 'corrupt', message: `the central directory is damaged at entry ${i + 1} of ${eocd.entries}` });
    }
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    const compressedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const externalAttributes = u32(bytes, at + 38);
    const localOffset = u32(bytes, at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > cdEnd) {
      return fatalArchive({ code: 'corrupt', message: `the central directory is damaged at entry ${i + 1} of ${eocd.entries}` });
    }
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = decodeName(nameBytes);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      return fatalArchive({ code: 'zip64', entry: name, message: `entry "${name}" uses ZIP64 sizes, which this reader does not support: the archive cannot be checked` });
    }
    const unixMode = externalAttributes >>> 16;
    entries.push({
      name,
      nameBytes,
      size,
      compressedSize,
      // Only the name decides: unpackers write a name without '/' as a file whatever its attributes say.
      isDirectory: name.endsWith('/'),
      method,
      crc32: crc,
      readable: true,
      localOffset,
      flags,
    });
    if ((unixMode & S_IFMT) === S_IFLNK) refuse(entries[i], problems, 'symlink', `entry "${name}" is a symbolic link, which could point anywhere on the machine that unpacks it`);
    const attrDirectory = (unixMode & S_IFMT) === 0o040000 || (externalAttributes & 0x10) !== 0;
    if (attrDirectory && !name.endsWith('/')) {
      refuse(entries[i], problems, 'directory', `entry "${name}" is marked as a directory but its name does not end with "/": tools disagree on whether it is a file`);
    } else if (name.endsWith('/') && size > 0) {
      refuse(entries[i], problems, 'directory', `entry "${name}" is a directory that declares ${size} bytes of data: something is hidden in it`);
    }
    at = next;
  }
  if (at !== cdEnd) problems.push({ code: 'corrupt', message: 'the central directory is longer than the entries it lists: something is hidden in it' });

  checkEntries(bytes, entries, eocd.cdOffset, lim, problems);

  const byName = new Map<string, RawEntry>();
  for (const e of entries) if (!byName.has(e.name)) byName.set(e.name, e);
  let inflated = 0;
  const archive: ZipArchive = {
    entries: entries.map(({ name, size, compressedSize, isDirectory, method, crc32: c, readable }) => ({
      name,
      size,
      compressedSize,
      isDirectory,
      method,
      crc32: c,
      readable,
    })),
    problems,
    fatal: false,
    has: (name) => byName.has(name),
    read(name, maxBytes) {
      const e = byName.get(name);
      if (e === undefined || !e.readable || e.isDirectory || e.dataOffset === undefined) return undefined;
      const budget = Math.min(lim.maxEntryBytes, maxBytes ?? Infinity, lim.maxTotalBytes - inflated);
      if (e.size > budget) {
        problems.push({
          code: e.size > lim.maxEntryBytes ? 'too-large' : 'total-too-large',
          entry: e.name,
          message: `entry "${e.name}" is ${e.size} bytes, more than the ${budget} bytes left to read`,
        });
        e.readable = false;
        return undefined;
      }
      const result = extract(bytes, e, problems);
      inflated += result.produced;
      if (result.data === undefined) e.readable = false;
      return result.data;
    },
    get inflatedBytes() {
      return inflated;
    },
  };
  return archive;
}

function refuse(e: RawEntry, problems: ZipProblem[], code: ZipProblemCode, message: string): void {
  e.readable = false;
  problems.push({ code, entry: e.name, message });
}

/** Name, method, flag, size and layout checks over the whole central directory; no inflating. */
function checkEntries(bytes: Uint8Array, entries: RawEntry[], cdOffset: number, lim: ZipLimits, problems: ZipProblem[]): void {
  const seen = new Set<string>();
  let declaredTotal = 0;
  for (const e of entries) {
    const unsafe = unsafePathReason(e.name);
    if (unsafe !== undefined) refuse(e, problems, 'unsafe-path', `entry "${e.name}" has ${unsafe}: unpacking it could write outside the bundle's folder`);
    if (seen.has(e.name)) refuse(e, problems, 'duplicate', `entry "${e.name}" appears more than once: different tools would unpack different contents`);
    seen.add(e.name);
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
  if (declaredTotal > lim.maxTotalBytes) {
    problems.push({ code: 'total-too-large', message: `the archive unpacks to ${declaredTotal} bytes, more than the limit of ${lim.maxTotalBytes}` });
  }
  // Entries whose data overlap reuse the same compressed bytes many times over (the overlapping zip bomb).
  const laid = entries.filter((e) => e.dataOffset !== undefined).sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < laid.length; i++) {
    const prev = laid[i - 1];
    if (prev.dataOffset! + prev.compressedSize > laid[i].localOffset) {
      refuse(laid[i], problems, 'overlap', `entries "${prev.name}" and "${laid[i].name}" overlap in the archive: a zip bomb or a disguised archive`);
      prev.readable = false;
    }
  }
}

function ratio(size: number, compressed: number): string {
  return compressed === 0 ? '∞' : String(Math.round(size / compressed));
}

/** The local header must exist, name the same entry, and its data must lie before the central directory. */
function checkLocalHeader(bytes: Uint8Array, e: RawEntry, cdOffset: number, problems: ZipProblem[]): void {
  const at = e.localOffset;
  if (at + 30 > cdOffset || u32(bytes, at) !== SIG_LOCAL) {
    refuse(e, problems, 'local-header', `entry "${e.name}" has no local header where the central directory says`);
    return;
  }
  const nameLength = u16(bytes, at + 26);
  const extraLength = u16(bytes, at + 28);
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
  if (u16(bytes, at + 6) & 0x41) refuse(e, problems, 'encrypted', `entry "${e.name}" is encrypted (local header): its contents cannot be checked`);
  const dataOffset = at + 30 + nameLength + extraLength;
  if (dataOffset + e.compressedSize > cdOffset) {
    refuse(e, problems, 'truncated', `entry "${e.name}" claims ${e.compressedSize} compressed bytes that run past the end of its data`);
    return;
  }
  e.dataOffset = dataOffset;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Inflates one entry, stopping as soon as the output passes its declared size (which was already held
 * to the limits): a lying size or a bomb costs at most one slice's output beyond it.
 */
function extract(bytes: Uint8Array, e: RawEntry, problems: ZipProblem[]): { data?: Uint8Array; produced: number } {
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
