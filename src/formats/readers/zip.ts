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

/** How the archive will be unpacked, which decides when two names are one file. */
export interface ZipReadOptions {
  /**
   * The archive is unpacked on a disk that ignores case and Unicode normalisation (macOS, Windows: the
   * platforms Claude Desktop runs on), so `Manifest.json` and `manifest.json` are one file there.
   */
  caseInsensitive?: boolean;
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
  /** Where an unpacker writes it (entryPath): `./a//b` and `a\b` are both `a/b`. */
  path: string;
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
  /**
   * The entry an unpacker would write where `name` is (a file or a directory): names are compared as
   * entryKey does, so `./manifest.json` is found as `manifest.json`.
   */
  find(name: string): ZipEntry | undefined;
  /** Whether find(name) finds an entry. */
  has(name: string): boolean;
  /**
   * The contents of the file entry find(name) finds, or undefined when there is none, it is refused,
   * or it fails while inflating (the reason is appended to problems). `maxBytes` lowers the size limit
   * for this read.
   */
  read(name: string, maxBytes?: number): Uint8Array | undefined;
  /** Bytes inflated so far by read(), over all entries. */
  readonly inflatedBytes: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const SIG_DATA_DESCRIPTOR = 0x08074b50;
/** General-purpose flags that change how an entry is read: encrypted (0, 6), data descriptor (3), UTF-8 name (11). */
const READ_FLAGS = 0x0849;
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

/**
 * The path an unpacker writes `name` to: `\` read as a separator (Windows tools do), empty and `.`
 * segments dropped, no trailing `/`. Two entries with the same path are one file once unpacked, and
 * which contents win depends on the tool.
 */
export function entryPath(name: string): string {
  return name
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/**
 * The identity of an entry on the disk it is unpacked to: its entryPath, and on a case-insensitive
 * disk also Unicode-normalised (macOS treats NFC and NFD spellings as one name), without the trailing
 * dots and spaces Windows drops from each segment, and lower-cased.
 */
export function entryKey(name: string, caseInsensitive = false): string {
  const path = entryPath(name);
  if (!caseInsensitive) return path;
  return path
    .normalize('NFC')
    .split('/')
    .map((s) => s.replace(/[. ]+$/, '') || s)
    .join('/')
    .toLowerCase();
}

interface RawEntry extends ZipEntry {
  nameBytes: Uint8Array;
  localOffset: number;
  flags: number;
  /** entryKey of the name, for duplicates and lookups. */
  key: string;
  /** Offset of the entry's data, once the local header checked out. */
  dataOffset?: number;
  /** Where the entry's bytes end: its data, and its data descriptor when it has one. */
  dataEnd?: number;
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
  return { entries: [], problems: [problem], fatal: true, find: () => undefined, has: () => false, read: () => undefined, inflatedBytes: 0 };
}

/**
 * Reads the central directory of `bytes` and checks every entry without inflating anything. Refused
 * entries are listed but read() returns undefined for them; problems say why.
 */
export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}, options: ZipReadOptions = {}): ZipArchive {
  const lim: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const caseInsensitive = options.caseInsensitive === true;
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
      path: entryPath(name),
      key: entryKey(name, caseInsensitive),
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

  const byKey = new Map<string, RawEntry>();
  for (const e of entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
  const publicEntry = ({ name, path, size, compressedSize, isDirectory, method, crc32: c, readable }: RawEntry): ZipEntry => ({
    name,
    path,
    size,
    compressedSize,
    isDirectory,
    method,
    crc32: c,
    readable,
  });
  const lookup = (name: string): RawEntry | undefined => byKey.get(entryKey(name, caseInsensitive));
  let inflated = 0;
  const archive: ZipArchive = {
    entries: entries.map(publicEntry),
    problems,
    fatal: false,
    find: (name) => {
      const e = lookup(name);
      return e === undefined ? undefined : publicEntry(e);
    },
    has: (name) => lookup(name) !== undefined,
    read(name, maxBytes) {
      const e = lookup(name);
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

function duplicate(e: RawEntry, first: RawEntry, problems: ZipProblem[]): void {
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

function ratio(size: number, compressed: number): string {
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
  const localFlags = u16(bytes, at + 6);
  const localMethod = u16(bytes, at + 8);
  const localCrc = u32(bytes, at + 14);
  const localCompressed = u32(bytes, at + 18);
  const localSize = u32(bytes, at + 22);
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

function hex(n: number, width = 8): string {
  return n.toString(16).padStart(width, '0');
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
