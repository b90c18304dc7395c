import { slashed } from '../../common/paths.js';
// The zip format as the bundle reader sees it: the limits and the result it gives, the record
// signatures, little-endian fields, CRC-32, entry names (UTF-8 or CP437) and the paths they may not name.

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

type ZipProblemCode =
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

export const SIG_EOCD = 0x06054b50;

export const SIG_EOCD64_LOCATOR = 0x07064b50;

export const SIG_CENTRAL = 0x02014b50;

export const SIG_LOCAL = 0x04034b50;

export const SIG_DATA_DESCRIPTOR = 0x08074b50;

/** General-purpose flags that change how an entry is read: encrypted (0, 6), data descriptor (3), UTF-8 name (11). */
export const READ_FLAGS = 0x0849;

export const EOCD_SIZE = 22;

export const MAX_COMMENT = 0xffff;

/** Compressed bytes pushed to the inflater at a time: deflate expands at most ~1032x, so one push yields about 1 MiB at most. */
export const INFLATE_SLICE = 1024;

export const S_IFMT = 0o170000;

export const S_IFLNK = 0o120000;

export const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);

export const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** A record's fixed fields: name -> [offset from the signature, width in bytes], little-endian. */
type Layout = Readonly<Record<string, readonly [number, 2 | 4]>>;

/** The fields of a central directory file header (APPNOTE 4.3.12) the reader uses. */
export const CENTRAL_HEADER = {
  flags: [8, 2],
  method: [10, 2],
  crc: [16, 4],
  compressedSize: [20, 4],
  size: [24, 4],
  nameLength: [28, 2],
  extraLength: [30, 2],
  commentLength: [32, 2],
  externalAttributes: [38, 4],
  localOffset: [42, 4],
} as const satisfies Layout;

/** The fields of a local file header (APPNOTE 4.3.7) the reader compares with the central directory. */
export const LOCAL_HEADER = {
  flags: [6, 2],
  method: [8, 2],
  crc: [14, 4],
  compressedSize: [18, 4],
  size: [22, 4],
  nameLength: [26, 2],
  extraLength: [28, 2],
} as const satisfies Layout;

/** The fields of the record at `at`, read by `layout`. */
export function fields<L extends Layout>(bytes: Uint8Array, at: number, layout: L): { [K in keyof L]: number } {
  const out: Record<string, number> = {};
  for (const [name, [offset, width]] of Object.entries(layout)) out[name] = width === 2 ? u16(bytes, at + offset) : u32(bytes, at + offset);
  return out as { [K in keyof L]: number };
}

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

export const utf8 = new TextDecoder('utf-8', { fatal: true });

const latin1 = new TextDecoder('latin1');

export function decodeName(bytes: Uint8Array): string {
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
  return slashed(name)
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

export interface RawEntry extends ZipEntry {
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

export interface Eocd {
  offset: number;
  entries: number;
  cdSize: number;
  cdOffset: number;
}

export function refuse(e: RawEntry, problems: ZipProblem[], code: ZipProblemCode, message: string): void {
  e.readable = false;
  problems.push({ code, entry: e.name, message });
}

export function hex(n: number, width = 8): string {
  return n.toString(16).padStart(width, '0');
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
