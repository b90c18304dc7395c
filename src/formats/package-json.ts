// package.json: what a project asks for. Every dependency section, bundled names and overrides become
// Dependency entries with the line of their key, specs classified by npm's own parser (npm-package-arg).
import npa from 'npm-package-arg';
import semver from 'semver';
import type { Dependency } from '../types.js';
import { fileName, type Format, ParseError, underNodeModules } from './format.js';
import {
  expectObject,
  expectString,
  membersOf,
  parseJsonDocument,
  pathLabel,
  typeName,
  withDepthGuard,
  type JsonDocument,
  type JsonMember,
} from './json-positions.js';

const SPEC_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const BUNDLE_SECTIONS = ['bundleDependencies', 'bundledDependencies'] as const;

/** How a spec string reads: the fields of a Dependency that come from the spec. */
export interface SpecInfo {
  name: string;
  alias?: string;
  spec: string;
  specType: string;
  version?: string;
}

/**
 * Classifies `spec` as npm would for a dependency installed under `installedName`. Specs npm rejects
 * (a bad name, an unknown protocol) come back as specType 'invalid' with the raw spec, never a throw;
 * `workspace:` (pnpm/yarn) is 'workspace'.
 */
export function classifySpec(installedName: string, spec: string): SpecInfo {
  if (spec.startsWith('workspace:')) return { name: installedName, spec, specType: 'workspace' };
  // pnpm's catalogs (`catalog:`, `catalog:<name>`): the version range is the workspace catalog's entry
  // (pnpm-workspace.yaml), and pnpm-lock.yaml records what it resolved to (its `catalogs` section).
  if (/^catalog:/.test(spec)) return { name: installedName, spec, specType: 'catalog' };
  // pnpm's and Yarn's symlink to a folder (`link:../core`, Yarn's `portal:`), which npm's parser does not know.
  if (/^(link|portal):./.test(spec)) return { name: installedName, spec, specType: 'directory' };
  let parsed: npa.Result;
  try {
    // A fixed base keeps file specs independent of the process's working directory; we never use
    // the resolved path, only the type.
    parsed = npa.resolve(installedName, spec, '/');
  } catch {
    return { name: installedName, spec, specType: 'invalid' };
  }
  if (parsed.type === 'alias') {
    const target = (parsed as npa.AliasResult).subSpec;
    const info: SpecInfo = {
      name: target.name ?? installedName,
      alias: installedName,
      spec: target.rawSpec === '' ? '*' : target.rawSpec,
      specType: 'alias',
    };
    const version = exactVersion(target);
    if (version !== undefined) info.version = version;
    return info;
  }
  const info: SpecInfo = { name: installedName, spec, specType: parsed.type };
  const version = exactVersion(parsed);
  if (version !== undefined) info.version = version;
  return info;
}

function exactVersion(parsed: npa.Result): string | undefined {
  if (parsed.type !== 'version' || parsed.fetchSpec === null) return undefined;
  // npa accepts loose forms like "=1.2.3" and "v1.2.3"; the registry knows them as "1.2.3".
  return semver.valid(parsed.fetchSpec, true) ?? parsed.fetchSpec;
}

function sectionEntries(doc: JsonDocument, member: JsonMember): { member: JsonMember; spec: string }[] {
  const entries = expectObject(doc, member.value, member.key);
  return [...entries.values()].map((m) => ({
    member: m,
    spec: expectString(doc, m.value, pathLabel(member.key, m.key)),
  }));
}

/** Names listed as optional in peerDependenciesMeta. */
function optionalPeers(doc: JsonDocument, top: Map<string, JsonMember>): Set<string> {
  const meta = top.get('peerDependenciesMeta');
  const out = new Set<string>();
  if (meta === undefined || meta.value.type !== 'object') return out;
  for (const m of membersOf(doc, meta.value).values()) {
    if (m.value.type !== 'object') continue;
    const optional = membersOf(doc, m.value).get('optional');
    if (optional?.value.value === true) out.add(m.key);
  }
  return out;
}

function specDependencies(doc: JsonDocument, top: Map<string, JsonMember>): Dependency[] {
  const peersOptional = optionalPeers(doc, top);
  const out: Dependency[] = [];
  for (const section of SPEC_SECTIONS) {
    const member = top.get(section);
    if (member === undefined) continue;
    for (const { member: m, spec } of sectionEntries(doc, member)) {
      const dep: Dependency = {
        ecosystem: 'npm',
        ...classifySpec(m.key, spec),
        file: doc.file,
        line: m.line,
        kind: 'manifest',
        key: `${section}/${m.key}`,
      };
      if (section === 'devDependencies') dep.dev = true;
      if (section === 'optionalDependencies' || (section === 'peerDependencies' && peersOptional.has(m.key))) {
        dep.optional = true;
      }
      out.push(dep);
    }
  }
  return out;
}

/** bundleDependencies: a list of names, or a boolean (true = all dependencies, which adds no new names). */
function bundledDependencies(doc: JsonDocument, top: Map<string, JsonMember>): Dependency[] {
  const out: Dependency[] = [];
  for (const section of BUNDLE_SECTIONS) {
    const member = top.get(section);
    if (member === undefined || member.value.type === 'boolean') continue;
    if (member.value.type !== 'array') {
      throw new ParseError(
        `${section} must be an array of package names or a boolean, found ${typeName(member.value)}`,
        doc.file,
        doc.lineOf(member.value),
      );
    }
    (member.value.children ?? []).forEach((item, i) => {
      const name = expectString(doc, item, `${section}[${i}]`);
      out.push({ ecosystem: 'npm', name, file: doc.file, line: doc.lineOf(item), kind: 'manifest', key: `${section}/${name}` });
    });
  }
  return out;
}

/** Specs of the project's direct dependencies, which override values may reference as `$name`. */
function directSpecs(deps: Dependency[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of deps) {
    const installed = d.alias ?? d.name;
    if (out.has(installed)) continue;
    const raw = d.specType === 'alias' ? `npm:${d.name}@${d.spec}` : d.spec;
    if (raw !== undefined) out.set(installed, raw);
  }
  return out;
}

/**
 * overrides: `"name": spec`, or `"name": { ".": spec, child: ... }` for a subtree. Keys may carry a
 * selector (`foo@^2`). Each spec becomes an entry keyed `overrides/parent>child`.
 */
function overrideDependencies(doc: JsonDocument, top: Map<string, JsonMember>, direct: Map<string, string>): Dependency[] {
  const member = top.get('overrides');
  if (member === undefined) return [];
  const out: Dependency[] = [];
  const walk = (node: JsonMember, label: string, path: string[]): void => {
    for (const m of expectObject(doc, node.value, label).values()) {
      const childLabel = pathLabel(label, m.key);
      if (m.key === '.') {
        // "." sets the version of the package whose subtree this is.
        const spec = expectString(doc, m.value, childLabel);
        out.push(overrideEntry(doc, path, spec, m.line, direct));
      } else if (m.value.type === 'object') {
        walk(m, childLabel, [...path, m.key]);
      } else {
        const spec = expectString(doc, m.value, childLabel);
        out.push(overrideEntry(doc, [...path, m.key], spec, m.line, direct));
      }
    }
  };
  walk(member, 'overrides', []);
  return out;
}

function overrideEntry(doc: JsonDocument, path: string[], rawSpec: string, line: number, direct: Map<string, string>): Dependency {
  const selector = path[path.length - 1];
  const name = selectorName(selector);
  // `$foo` means "the spec the project gives foo"; an unknown reference stays as written and is invalid.
  const referenced = rawSpec.startsWith('$') ? direct.get(rawSpec.slice(1)) : rawSpec;
  const info = referenced === undefined ? { name, spec: rawSpec, specType: 'invalid' } : classifySpec(name, referenced);
  return { ecosystem: 'npm', ...info, file: doc.file, line, kind: 'manifest', key: `overrides/${path.join('>')}` };
}

/** The package name in an override key such as `foo`, `@scope/foo` or `foo@^2`. */
function selectorName(selector: string): string {
  const at = selector.indexOf('@', 1);
  return at === -1 ? selector : selector.slice(0, at);
}

function parsePackageJson(text: string, file: string): Dependency[] {
  const doc = parseJsonDocument(text, file);
  if (doc.root.type !== 'object') {
    throw new ParseError(`package.json must be a JSON object, found ${typeName(doc.root)}`, file, doc.lineOf(doc.root));
  }
  const top = membersOf(doc, doc.root);
  const specs = specDependencies(doc, top);
  return [...specs, ...bundledDependencies(doc, top), ...overrideDependencies(doc, top, directSpecs(specs))];
}

export const packageJson = {
  id: 'package-json',
  matches: (path) => {
    const p = path.replace(/\\/g, '/');
    return fileName(p) === 'package.json' && !underNodeModules(p);
  },
  parse: (text, path) => withDepthGuard(path, () => parsePackageJson(text, path)),
} satisfies Format;
