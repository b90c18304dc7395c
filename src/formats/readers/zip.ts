import { type Eocd, type ZipProblem, EOCD_SIZE, MAX_COMMENT, u32, SIG_EOCD, SIG_LOCAL, u16, SIG_EOCD64_LOCATOR, SIG_CENTRAL, type ZipArchive, type ZipLimits, type ZipReadOptions, DEFAULT_ZIP_LIMITS, type RawEntry, decodeName, entryPath, entryKey, S_IFMT, S_IFLNK, refuse, type ZipEntry, fields, CENTRAL_HEADER } from './zip-format.js';
import { checkEntries, extract } from './zip-entries.js';
// An in-memory zip reader for archives that may be hostile (.mcpb bundles in a pull request). It reads
// the end-of-central-directory record and the central directory itself, checks every entry's name,
// attributes and local header without inflating anything, and inflates only the entries a caller asks
// for, with fflate's streaming Inflate fed in small slices so the ACTUAL output is counted and reading
// stops as soon as it passes what the entry declared (declared sizes lie) or a limit. Nothing is ever
// written to disk. Problems are returned, never thrown.

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
    const { flags, method, crc, compressedSize, size, nameLength, extraLength, commentLength, externalAttributes, localOffset } = fields(bytes, at, CENTRAL_HEADER);
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
