// The packages a bundle ships: node_modules/*/package.json and Python *.dist-info/METADATA inside the
// archive, each a Dependency (kind 'bundle') judged like any other.
import { type ZipArchive, utf8 } from '../../readers/zip-format.js';
import type { Dependency } from '../../../types.js';
import { Issues, MAX_METADATA_BYTES, isObj, isStr, type Obj } from './common.js';

const NODE_PACKAGE = /(?:^|\/)node_modules\/((?:@[^/.][^/]*\/)?[^/@.][^/]*)\/package\.json$/;

const DIST_INFO = /(?:^|\/)([^/]+)\.dist-info\/METADATA$/;

/** The npm packages (node_modules/.../package.json) and Python distributions (*.dist-info/METADATA) inside the archive. */
export function bundledPackages(zip: ZipArchive, file: string, issues: Issues): Dependency[] {
  const out: Dependency[] = [];
  for (const e of zip.entries) {
    if (e.isDirectory) continue;
    // By the path it unpacks to, so `./node_modules/a` and `node_modules/a` get one key.
    if (NODE_PACKAGE.test(e.path)) {
      const dep = npmPackage(zip, e.path, file, issues);
      if (dep !== undefined) out.push(dep);
    } else if (DIST_INFO.test(e.path)) {
      const dep = pythonDistribution(zip, e.path, file, issues);
      if (dep !== undefined) out.push(dep);
    }
  }
  return out;
}

function readJsonEntry(zip: ZipArchive, name: string): { value?: unknown; error?: string; unread?: true } {
  const data = zip.read(name, MAX_METADATA_BYTES);
  if (data === undefined) return { unread: true };
  try {
    return { value: JSON.parse(utf8.decode(data).replace(/^\uFEFF/, '')) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export function npmPackage(zip: ZipArchive, entry: string, file: string, issues: Issues): Dependency | undefined {
  const dir = entry.slice(0, -'/package.json'.length);
  const installed = NODE_PACKAGE.exec(entry)![1];
  const read = readJsonEntry(zip, entry);
  if (read.unread) return undefined;
  const dep: Dependency = { ecosystem: 'npm', name: installed, file, line: 1, kind: 'bundle', key: dir, server: 'bundle' };
  if (read.error !== undefined || !isObj(read.value)) {
    issues.add('bundle', `${dir}/package.json`, `${entry} in the bundle is not a valid package.json${read.error ? ` (${read.error})` : ''}: the package it describes cannot be identified`);
    return dep;
  }
  const pkg = read.value;
  if (isStr(pkg.name) && pkg.name !== '' && pkg.name !== installed) {
    dep.name = pkg.name;
    dep.alias = installed;
  }
  if (isStr(pkg.version) && pkg.version !== '') dep.version = pkg.version;
  const requires = new Set<string>();
  // An optional peer (peerDependenciesMeta) is no edge: the package works without it.
  const meta = isObj(pkg.peerDependenciesMeta) ? (pkg.peerDependenciesMeta as Obj) : {};
  const optionalPeer = (n: string): boolean => Object.prototype.hasOwnProperty.call(meta, n) && isObj(meta[n]) && (meta[n] as Obj).optional === true;
  for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    if (isObj(pkg[section])) for (const n of Object.keys(pkg[section] as Obj)) if (section !== 'peerDependencies' || !optionalPeer(n)) requires.add(n);
  }
  if (requires.size > 0) dep.requires = [...requires];
  const scripts = pkg.scripts;
  if (isObj(scripts) && ['preinstall', 'install', 'postinstall'].some((s) => isStr(scripts[s]) && scripts[s] !== '')) dep.hasInstallScript = true;
  return dep;
}

/** A wheel's METADATA: RFC 822 headers up to the first blank line. */
function pythonDistribution(zip: ZipArchive, entry: string, file: string, issues: Issues): Dependency | undefined {
  const dir = entry.slice(0, -'/METADATA'.length);
  const data = zip.read(entry, MAX_METADATA_BYTES);
  if (data === undefined) return undefined;
  const text = new TextDecoder('utf-8').decode(data);
  const headers = text.split(/\r?\n\r?\n/, 1)[0].split(/\r?\n/);
  const get = (h: string): string[] =>
    headers.filter((l) => l.toLowerCase().startsWith(`${h.toLowerCase()}:`)).map((l) => l.slice(h.length + 1).trim());
  const name = get('Name')[0];
  const version = get('Version')[0];
  if (!name) {
    issues.add('bundle', `${dir}/METADATA`, `${entry} in the bundle has no Name: the distribution it describes cannot be identified`);
    return undefined;
  }
  const dep: Dependency = { ecosystem: 'pypi', name, file, line: 1, kind: 'bundle', key: dir, server: 'bundle' };
  if (version) dep.version = version;
  const requires = get('Requires-Dist')
    .map((r) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(r)?.[0])
    .filter((n): n is string => n !== undefined);
  if (requires.length > 0) dep.requires = [...new Set(requires)];
  return dep;
}
