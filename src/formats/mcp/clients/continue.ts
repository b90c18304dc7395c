// Continue: .continue/mcpServers/*.yaml (a block with a `mcpServers` list) and its JSON form, and
// .continue/config.yaml.
import { isMap, isScalar, isSeq, visit, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../../../types.js';
import { parseJsonConfig, rejectBinary } from './json.js';
import { readYamlDocument, type YamlClient } from '../../readers/yaml.js';
import { fileName } from '../../../common/paths.js';
import { Collector, type At, type ServerEntry, type Named } from './entries.js';
import { ParseError, type Format } from '../../format.js';
import { isContinueFile } from './paths.js';

/**
 * Continue reads its YAML files with the `yaml` package's defaults: a duplicate key is an error there
 * (so the gate must not read a file Continue refuses), and only LF and CRLF end a line.
 */
export function continueYamlClient(file: string): YamlClient {
  return { label: fileName(file), loneCrBreaks: false, options: { uniqueKeys: true, prettyErrors: false }, bomToken: true };
}

function parseContinue(text: string, file: string): ParsedFile {
  if (/\.json$/i.test(file)) return parseJsonConfig(text, file, 'continue', ['mcpServers']);
  rejectBinary(text, file);
  const y = readYamlDocument(text, file, continueYamlClient(file));
  const doc = y.doc;
  const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? y.lineOf(node) : 1);
  // Continue reads the file with YAML.parse, which builds the value with the yaml package's toJS: what
  // toJS refuses (aliases expanding past its resource limit) Continue refuses, so the gate does too.
  // toJS is bounded by that same limit. (Maps as maps: a collection as a key is no warning on stderr.)
  try {
    doc.toJS({ mapAsMap: true });
  } catch (err) {
    let alias: YamlNode | undefined;
    visit(doc, { Alias: (_key, node) => void (alias ??= node) });
    throw new ParseError(`invalid YAML: ${(err as Error).message}; Continue refuses the file`, file, lineOf(alias));
  }
  const c = new Collector(file, 'continue');
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return c.result();
  if (!isMap(root)) throw new ParseError(`${fileName(file)} must be a YAML mapping, found ${yamlTypeName(root)}`, file, lineOf(root));
  const resolve = (node: unknown): unknown => y.resolve(node);
  const section = yamlPair(root, 'mcpServers');
  if (section === undefined) return c.result();
  const list = resolve(section.value);
  if (list === null || (isScalar(list) && list.value === null)) return c.result();
  if (!isSeq(list)) throw new ParseError(`mcpServers must be a list of servers, found ${yamlTypeName(list)}`, file, lineOf(list as YamlNode));
  const seen = new Set<string>();
  list.items.forEach((raw, k) => {
    const item = resolve(raw);
    const label = `mcpServers[${k}]`;
    if (!isMap(item)) throw new ParseError(`${label} must be a mapping, found ${yamlTypeName(item)}`, file, lineOf(item as YamlNode));
    const scalar = (key: string): At | undefined => {
      const pair = yamlPair(item, key);
      if (pair === undefined) return undefined;
      const v = resolve(pair.value);
      if (v === null || (isScalar(v) && v.value === null)) return undefined;
      if (!isScalar(v) || typeof v.value === 'object') throw new ParseError(`${label}.${key} must be a string, found ${yamlTypeName(v)}`, file, lineOf(v as YamlNode));
      return { value: String(v.value), line: lineOf(pair.key as YamlNode) };
    };
    const name = scalar('name') ?? scalar('uses');
    if (name === undefined) throw new ParseError(`${label} has no name`, file, lineOf(item));
    const key = `mcpServers/${name.value}`;
    if (seen.has(key)) throw new ParseError(`mcpServers has two servers named "${name.value}"`, file, name.line);
    seen.add(key);
    const entry: ServerEntry = { name: name.value, key, line: name.line, args: [], env: [], headers: [], extra: [] };
    const type = scalar('type');
    if (type !== undefined) entry.type = type.value;
    entry.command = scalar('command');
    const url = scalar('url');
    if (url !== undefined) entry.url = { ...url, field: 'url' };
    const args = yamlPair(item, 'args');
    if (args !== undefined) {
      const seq = resolve(args.value);
      if (!isSeq(seq)) throw new ParseError(`${label}.args must be a list of strings, found ${yamlTypeName(seq)}`, file, lineOf(seq as YamlNode));
      entry.args = seq.items.map((a, j) => {
        const v = resolve(a);
        if (!isScalar(v) || v.value === null || typeof v.value === 'object') {
          throw new ParseError(`${label}.args[${j}] must be a string, found ${yamlTypeName(v)}`, file, lineOf(v as YamlNode));
        }
        return { value: String(v.value), line: lineOf(v) };
      });
    }
    entry.env = yamlStringMap(item, 'env', `${label}.env`);
    const options = yamlPair(item, 'requestOptions');
    const optionsMap = options === undefined ? undefined : resolve(options.value);
    entry.headers = [
      ...yamlStringMap(item, 'headers', `${label}.headers`),
      ...(isMap(optionsMap) ? yamlStringMap(optionsMap, 'headers', `${label}.requestOptions.headers`) : []),
    ];
    if (entry.command === undefined) delete entry.command;
    c.add(entry);
  });
  return c.result();

  function yamlStringMap(map: YAMLMap, key: string, label: string): Named[] {
    const pair = yamlPair(map, key);
    if (pair === undefined) return [];
    const v = resolve(pair.value);
    if (v === null || (isScalar(v) && v.value === null)) return [];
    if (!isMap(v)) throw new ParseError(`${label} must be a mapping, found ${yamlTypeName(v)}`, file, lineOf(v as YamlNode));
    return v.items.map((p) => {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
      const val = resolve(p.value);
      if (val !== null && (!isScalar(val) || typeof val.value === 'object')) {
        throw new ParseError(`${label}.${k} must be a string, found ${yamlTypeName(val)}`, file, lineOf(val as YamlNode));
      }
      return { name: k, value: val === null || val.value === null ? '' : String(val.value), line: lineOf(p.key as YamlNode) };
    });
  }
}

function yamlPair(map: YAMLMap, key: string): { key: unknown; value: unknown } | undefined {
  let found: { key: unknown; value: unknown } | undefined;
  for (const p of map.items) if (isScalar(p.key) && p.key.value === key) found = p;
  return found;
}

function yamlTypeName(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value} (${JSON.stringify(node.value)})`;
  return 'nothing';
}

export const continueMcp = { id: 'continue-mcp', matches: (path) => isContinueFile(path), parse: parseContinue, inventory: 'servers' } satisfies Format;
