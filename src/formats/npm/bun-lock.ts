// bun.lock: Bun's text lockfile (JSONC: trailing commas allowed). `packages` maps an install path
// (`a`, `a/b`, `@s/a/@s/b`) to an array whose first element is `name@reference` and whose shape
// depends on where the package comes from (https://bun.sh/reference/bun/BunLockFile):
//   npm       ["name@1.2.3", registry ("" = default), INFO, integrity]
//   tarball   ["name@https://...tgz", INFO, integrity?]
//   git       ["name@git+https://...#sha", INFO, bun-tag]   github ["name@github:u/r#sha", INFO, bun-tag]
//   folder    ["name@file:path", INFO]    symlink ["name@link:path", INFO]
//   workspace ["name@workspace:path"]     root    ["name@root:", {bin}]
// bun.lockb, the binary lockfile of Bun before 1.2, cannot be read: its format says so.
import type { Dependency, ParsedFile } from '../../types.js';
import { type DependencyReader, type Format, ParseError, withOptional } from '../format.js';
import { namesOf } from './lockfile-refs.js';
import { booleanMember, expectObject, expectString, membersOf, parseJsonDocument, pathLabel, typeName, withDepthGuard, type JsonDocument, type JsonMember, type JsonNode } from '../readers/json.js';
import { lastPackageName, referenceType, splitAtName } from '../../ecosystems/npm.js';
import { fileNamed } from '../paths.js';

const SUPPORTED_VERSIONS = [0, 1, 2];

/** The packages an entry requires. Bun lists optional peers in `optionalPeers`: no edge, the package works without them. */
function dependencyNames(doc: JsonDocument, info: Map<string, JsonMember>, label: string): string[] | undefined {
  const optionalPeers = new Set<string>();
  const listed = info.get('optionalPeers');
  if (listed !== undefined && listed.value.type === 'array') {
    for (const item of listed.value.children ?? []) if (item.type === 'string') optionalPeers.add(item.value as string);
  }
  const maps = ['dependencies', 'optionalDependencies', 'peerDependencies']
    .filter((s) => info.has(s))
    .map((s) =>
      Object.fromEntries(
        [...expectObject(doc, info.get(s)!.value, pathLabel(label, s)).keys()].filter((k) => s !== 'peerDependencies' || !optionalPeers.has(k)).map((k) => [k, true]),
      ),
    );
  return namesOf(...maps);
}

function infoAt(doc: JsonDocument, items: JsonNode[], index: number, label: string): Map<string, JsonMember> {
  const node = items[index];
  return node === undefined ? new Map() : expectObject(doc, node, `${label}[${index}]`);
}

function stringAt(doc: JsonDocument, items: JsonNode[], index: number, label: string): string | undefined {
  const node = items[index];
  return node === undefined ? undefined : expectString(doc, node, `${label}[${index}]`);
}

function packageEntry(doc: JsonDocument, m: JsonMember): Dependency | undefined {
  const label = pathLabel('packages', m.key);
  if (m.value.type !== 'array') throw new ParseError(`${label} must be an array, found ${typeName(m.value)}`, doc.file, doc.lineOf(m.value));
  const items = m.value.children ?? [];
  if (items.length === 0) throw new ParseError(`${label} is empty; expected ["name@version", ...]`, doc.file, doc.lineOf(m.value));
  const spec = expectString(doc, items[0], `${label}[0]`);
  const split = splitAtName(spec);
  if (split === undefined) throw new ParseError(`${label}[0] ${JSON.stringify(spec)} is not name@version`, doc.file, doc.lineOf(items[0]));
  const [name, ref] = split;
  const installed = lastPackageName(m.key);
  const base: Dependency = { ecosystem: 'npm', name, file: doc.file, line: m.line, kind: 'lockfile', key: m.key };
  if (installed !== name) base.alias = installed;

  // The project's own packages: kept, so a manifest range Bun resolves to a workspace is known as the
  // project's own code, never as a package to judge (pipeline/inventory/own.ts).
  if (ref.startsWith('workspace:')) return withOptional(base, { specType: 'workspace', resolved: ref.slice('workspace:'.length) });
  if (ref.startsWith('root:')) return undefined;
  const type = referenceType(ref);
  let info: Map<string, JsonMember>;
  let extra: Partial<Dependency>;
  if (type === undefined) {
    // A registry package: [spec, registry, INFO, integrity].
    const registry = stringAt(doc, items, 1, label);
    info = infoAt(doc, items, 2, label);
    extra = { version: ref, registry: registry === '' ? undefined : registry, integrity: stringAt(doc, items, 3, label) };
  } else {
    info = infoAt(doc, items, 1, label);
    const third = stringAt(doc, items, 2, label);
    const where = ref.replace(/^(file|link):/, '');
    extra = {
      specType: type,
      resolved: type === 'directory' || type === 'file' ? where : ref,
      // A tarball's third element is its integrity; a git entry's is Bun's cache tag, not a hash.
      integrity: type === 'remote' && third !== undefined && /^sha(1|256|384|512)-/.test(third) ? third : undefined,
    };
  }
  return withOptional(base, {
    ...extra,
    requires: dependencyNames(doc, info, `${label}[info]`),
    hasInstallScript: booleanMember(doc, info, 'hasInstallScript', `${label}[info]`),
  });
}

function parseBunLock(text: string, file: string): Dependency[] {
  const doc = parseJsonDocument(text, file, { jsonc: true });
  if (doc.root.type !== 'object') throw new ParseError(`bun.lock must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  const top = membersOf(doc, doc.root);
  const version = top.get('lockfileVersion');
  if (version === undefined) throw new ParseError('bun.lock has no lockfileVersion', file, 1);
  if (version.value.type !== 'number' || !SUPPORTED_VERSIONS.includes(version.value.value as number)) {
    throw new ParseError(
      `lockfileVersion ${version.value.type === 'number' ? String(version.value.value) : typeName(version.value)} is not supported (expected ${SUPPORTED_VERSIONS.join(', ')})`,
      file,
      doc.lineOf(version.value),
    );
  }
  const packages = top.get('packages');
  if (packages === undefined) return [];
  const out: Dependency[] = [];
  for (const m of expectObject(doc, packages.value, 'packages').values()) {
    const dep = packageEntry(doc, m);
    if (dep !== undefined) out.push(dep);
  }
  return out;
}

export const bunLock = {
  id: 'bun-lock',
  matches: fileNamed('bun.lock'),
  parse: (text, path) => withDepthGuard(path, () => parseBunLock(text, path)),
} satisfies DependencyReader;

const LOCKB_MESSAGE =
  'bun.lockb is a binary lockfile that cannot be reviewed or checked; commit the text lockfile bun.lock instead ' +
  '(Bun 1.2+ writes it by default; with Bun 1.1 run `bun install --save-text-lockfile`, then delete bun.lockb)';

/** The binary lockfile: never readable, always a parse error that says what to do. */
export const bunLockb = {
  id: 'bun-lockb',
  matches: fileNamed('bun.lockb'),
  parse: (_text, path) => {
    throw new ParseError(LOCKB_MESSAGE, path, 1);
  },
  parseBytes: (_bytes, path): ParsedFile => {
    throw new ParseError(LOCKB_MESSAGE, path, 1);
  },
} satisfies Format;
