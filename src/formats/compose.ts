// Compose files (compose.yaml, docker-compose.yml, compose.override.yaml...): the image of each
// service. `${VAR:-default}` takes its default; a variable without one leaves the image unknown
// (specType 'invalid', spec as written). YAML merge keys (`<<: *base`) are followed.
import { isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Dependency, ParsedFile } from '../types.js';
import { fileName, type Format, ParseError } from './format.js';
import { imageFields, substituteVars, unresolvedImage } from './oci-image.js';
import { readYamlDocument, type YamlClient, type YamlDoc } from './yaml-doc.js';

export type { YamlDoc } from './yaml-doc.js';

/**
 * Compose files and workflows, read as Go's yaml.v3 (Compose) and GitHub's parser read them: a lone
 * CR ends a line, merge keys (`<<`) merge, a duplicate key is an error, an alias inside the node its
 * anchor names is an error.
 */
export function readYaml(text: string, file: string): YamlDoc {
  return readYamlDocument(text, file, composeYamlClient(file));
}

/** How Compose (and GitHub, for workflows) read YAML; exported for the property tests, which compare it with the `yaml` package. */
export function composeYamlClient(file: string): YamlClient {
  return { label: fileName(file), loneCrBreaks: true, options: { merge: true, uniqueKeys: true, prettyErrors: false, strict: true }, cycles: 'refuse' };
}

/** Entries merge keys may copy in one file; a chain of merges otherwise grows quadratically or worse. */
export const MAX_MERGED_ENTRIES = 100_000;

type Entries = Map<string, { key: Node; value: Node | null }>;
const entriesOf = new WeakMap<YAMLMap, Entries>();
const mergedSoFar = new WeakMap<object, number>();

/**
 * A map's entries (key string -> key node and value node), following merge keys (`<<`) for what it
 * does not set itself. Each map is expanded once per document; the entries copied through merges are
 * counted, and past MAX_MERGED_ENTRIES the file is refused (a merge of merges of merges is an entity
 * expansion attack, not a config).
 */
export function mapEntries(y: YamlDoc, map: YAMLMap, depth = 0): Entries {
  const known = entriesOf.get(map);
  if (known !== undefined) return known;
  const out: Entries = new Map();
  const merged: Node[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    // With merge keys on, `<<` reads as a symbol; String() of it would be `Symbol(<<)`.
    const key = !isScalar(keyNode) ? undefined : typeof keyNode.value === 'symbol' ? keyNode.value.description : String(keyNode.value);
    if (key === undefined) continue;
    if (key === '<<' && depth < 16) {
      merged.push(pair.value as Node);
      continue;
    }
    out.set(key, { key: keyNode, value: (pair.value as Node | null) ?? null });
  }
  for (const m of merged) {
    const targets = isAlias(m) ? [y.resolve(m)] : isMap(m) ? [m] : isSeq(m) ? m.items.map((x) => y.resolve(x)) : [];
    for (const t of targets) {
      if (!isMap(t) || t === map) continue;
      const from = mapEntries(y, t, depth + 1);
      const work = (mergedSoFar.get(y.doc) ?? 0) + from.size;
      mergedSoFar.set(y.doc, work);
      if (work > MAX_MERGED_ENTRIES) {
        throw new ParseError(`YAML merge keys (<<) in ${y.label} copy more than ${MAX_MERGED_ENTRIES} entries, past the limit the gate reads: write the entries out`, y.file, y.lineOf(m));
      }
      for (const [k, v] of from) if (!out.has(k)) out.set(k, v);
    }
  }
  entriesOf.set(map, out);
  return out;
}

/** The value node with aliases resolved. */
export function deref(y: YamlDoc, node: Node | null | undefined): Node | null | undefined {
  return y.resolve(node);
}

export function typeOf(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value} (${JSON.stringify(node.value)})`;
  return 'a list';
}

function parseCompose(text: string, file: string): ParsedFile {
  const y = readYaml(text, file);
  const root = y.doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { deps: [] };
  if (!isMap(root)) throw new ParseError(`a compose file must be a mapping, found ${typeOf(root)}`, file, y.lineOf(root));
  const services = mapEntries(y, root).get('services');
  if (services === undefined) return { deps: [] };
  const svcMap = deref(y, services.value);
  if (svcMap === null || svcMap === undefined || (isScalar(svcMap) && svcMap.value === null)) return { deps: [] };
  if (!isMap(svcMap)) throw new ParseError(`services must be a mapping, found ${typeOf(svcMap)}`, file, y.lineOf(svcMap));
  const deps: Dependency[] = [];
  for (const [name, { key, value }] of mapEntries(y, svcMap)) {
    const svc = deref(y, value);
    if (svc === null || svc === undefined || (isScalar(svc) && svc.value === null)) continue;
    if (!isMap(svc)) throw new ParseError(`services.${name} must be a mapping, found ${typeOf(svc)}`, file, y.lineOf(svc ?? key));
    const image = mapEntries(y, svc).get('image');
    if (image === undefined) continue; // built from source only
    const imageNode = deref(y, image.value);
    if (!isScalar(imageNode) || typeof imageNode.value !== 'string') {
      throw new ParseError(`services.${name}.image must be a string, found ${typeOf(imageNode)}`, file, y.lineOf(imageNode ?? image.key));
    }
    const raw = imageNode.value;
    // Compose interpolates from the environment and .env, which the gate cannot see: only defaults resolve.
    const resolved = substituteVars(raw, new Map(), true);
    const fields = resolved === undefined ? unresolvedImage(raw) : imageFields(resolved);
    deps.push({ ...fields, file, line: y.lineOf(image.key), kind: 'manifest', key: `services/${name}` });
  }
  return { deps };
}

/** compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml, and their `.override`/`.<env>` variants. */
export function isComposeName(base: string): boolean {
  return /^(docker-)?compose(\.[A-Za-z0-9_-]+)*\.ya?ml$/.test(base);
}

export const compose = {
  id: 'compose',
  matches: (path) => {
    const p = path.replace(/\\/g, '/');
    return (
      isComposeName(fileName(p)) &&
      // a workflow that happens to be called compose.yml belongs to the workflow format
      !/^\.github\/workflows\/[^/]+$/.test(p) &&
      !p
        .split('/')
        .slice(0, -1)
        .some((s) => s === 'node_modules' || s === 'vendor')
    );
  },
  parse: (text, path) => parseCompose(text, path),
} satisfies Format;
