// Where the real tool's grammar is available as a library, the gate and that grammar agree on whether a
// file is valid and on what it contains (references.ts, reference-pip.ts). Each format's reference is
// named in PROPERTY_FORMATS; a format there with a reference and no agreement property here fails.
import { createRequire } from 'node:module';
import { parseSyml } from '@yarnpkg/parsers';
import fc from 'fast-check';
import { compose } from '../../src/formats/containers/compose.js';
import { composeYamlClient } from '../../src/formats/readers/yaml.js';
import type { Format } from '../../src/formats/format.js';
import { FORMATS } from '../../src/formats/index.js';
import { parseJsonDocument, type JsonNode } from '../../src/formats/readers/json.js';
import { continueYamlClient } from '../../src/formats/mcp/clients/continue.js';
import { PNPM_YAML } from '../../src/formats/npm/pnpm-lock.js';
import { parseTomlDocument } from '../../src/formats/readers/toml.js';
import { YARNRC_YAML } from '../../src/formats/registry-config/yarnrc.js';
import { readYamlDocument, MAX_YAML_DEPTH, type YamlClient, type YamlDoc } from '../../src/formats/readers/yaml.js';
import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Node } from 'yaml';
import type { Dependency, ParsedFile } from '../../src/types.js';
import { corpus } from './corpus.js';
import { PROPERTY_FORMATS, type Reference } from './formats.js';
import { requirementsFile } from './generators.js';
import { inputsFor } from './inputs.js';
import { checkedParse, type Outcome } from './invariants.js';
import { mutatedText } from './mutate.js';
import { NotARequirement, pipRequirements } from './reference-pip.js';
import { at, jsoncReference, jsonReference, keysAt, TOO_DEEP, tomlReference, yamlData, yamlReference, type Data, type Reading } from './references.js';
import { params, SEED_LABEL } from './settings.js';

const SEEDS = corpus();
const RUNS = 150;

const byReference = (ref: Reference): Format[] => FORMATS.filter((f) => PROPERTY_FORMATS[f.id]?.reference === ref);

/** Data in one canonical text: map keys sorted (the order of keys is not what a file contains), numbers and strings as JSON writes them. */
export function canonical(d: Data | undefined): string {
  if (d instanceof Map) return `{${[...d.keys()].sort().map((k) => `${JSON.stringify(k)}:${canonical(d.get(k))}`).join(',')}}`;
  if (Array.isArray(d)) return `[${d.map(canonical).join(',')}]`;
  if (d instanceof Date) return `date:${d.toISOString()}`;
  if (typeof d === 'bigint') return `${d}n`;
  return JSON.stringify(d) ?? 'undefined';
}

const sorted = (xs: string[]): string[] => [...xs].sort();

/** Describes a disagreement for fast-check's report. */
function disagree(what: string, text: string, detail: string): Error {
  return new Error(`${what}\n${detail}\ninput: ${JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…` : text)}`);
}

function outcomeOf(format: Format, path: string, text: string): Outcome {
  // The invariants hold here too: a crash or a line outside the file fails the agreement property.
  return checkedParse(format, { path, text });
}

const entriesOf = (o: Outcome): ParsedFile | undefined => (o.kind === 'parsed' ? o.result : undefined);

// ---------------------------------------------------------------------------------------------------
// JSON

/** The gate's JSON tree as Data: a repeated key keeps its last value, as with JSON.parse. */
function fromJsonTree(node: JsonNode): Data {
  if (node.type === 'object') {
    const m = new Map<string, Data>();
    for (const p of node.children ?? []) if (p.children?.length === 2) m.set(String(p.children[0].value), fromJsonTree(p.children[1]));
    return m;
  }
  if (node.type === 'array') return (node.children ?? []).map(fromJsonTree);
  return node.value as Data;
}

function gateJson(text: string, path: string, jsonc: boolean): Reading {
  let root: JsonNode;
  try {
    root = parseJsonDocument(text, path, { jsonc }).root;
  } catch (err) {
    return { valid: false, why: (err as Error).message };
  }
  try {
    return { valid: true, data: fromJsonTree(root) };
  } catch (err) {
    if (err instanceof RangeError) return { valid: true, data: TOO_DEEP };
    throw err;
  }
}

/** Whether two readings hold different data; data too deep to compare on either side is not compared. */
function differ(a: Data, b: Data): boolean {
  if (a === TOO_DEEP || b === TOO_DEEP) return false;
  try {
    return canonical(a) !== canonical(b);
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** The gate's reader refused valid JSON only at its documented depth limit (its parser recurses per level). */
const depthLimit = (r: Reading): boolean => !r.valid && /nested too deeply/.test(r.why);

/** What each JSON format contains, by the tool's documentation: the entries the gate must read, no more, no fewer. */
const JSON_CONTENT: Record<string, (data: Data, result: ParsedFile) => [string[], string[]] | undefined> = {
  // npm: the four dependency maps of package.json (https://docs.npmjs.com/cli/configuring-npm/package-json).
  'package-json': (data, r) => {
    const sections = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
    const gate = r.deps.map((d) => d.key).filter((k) => sections.some((s) => k.startsWith(`${s}/`)));
    return [sorted(gate), sorted(sections.flatMap((s) => keysAt(data, s).map((k) => `${s}/${k}`)))];
  },
  // npm 7+: the `packages` map by install path (the root "" and workspace folders are not packages);
  // lockfileVersion 1: the nested `dependencies` tree.
  'package-lock': (data, r) => {
    const version = at(data, 'lockfileVersion');
    const installPath = (k: string): boolean => k.startsWith('node_modules/') || k.includes('/node_modules/');
    if (version !== 1 && version !== undefined && at(data, 'packages') instanceof Map) return [sorted(r.deps.map((d) => d.key)), sorted(keysAt(data, 'packages').filter(installPath))];
    const paths: string[] = [];
    const walk = (tree: Data | undefined, prefix: string): void => {
      if (!(tree instanceof Map)) return;
      for (const [k, v] of tree) {
        paths.push(`${prefix}node_modules/${k}`);
        walk(at(v, 'dependencies'), `${prefix}node_modules/${k}/`);
      }
    };
    walk(at(data, 'dependencies'), '');
    return [sorted(r.deps.map((d) => d.key)), sorted(paths)];
  },
  // pipenv: `default` and `develop`, package name -> entry.
  'pipfile-lock': (data, r) => [sorted(r.deps.map((d) => `${d.dev ? 'develop' : 'default'}/${d.name}`)), sorted(['default', 'develop'].flatMap((s) => keysAt(data, s).map((k) => `${s}/${k}`)))],
};

/** The sections each MCP client reads servers from (its documentation), for the JSONC configs. */
const SERVER_SECTIONS: Record<string, string[]> = {
  // A repository's .mcp.json is Claude Code's and Visual Studio's file; Visual Studio lists `servers`.
  'claude-code-mcp': ['mcpServers', 'servers'],
  'claude-desktop-config': ['mcpServers'],
  'cursor-mcp': ['mcpServers'],
  'vscode-mcp': ['servers'],
  'gemini-settings': ['mcpServers'],
  'zed-settings': ['context_servers'],
  'windsurf-mcp': ['mcpServers'],
  'mcp-json': ['mcpServers', 'servers'],
};

function serverNames(data: Data, id: string): string[] | undefined {
  if (id === 'claude-user-config') {
    const projects = at(data, 'projects');
    const nested = projects instanceof Map ? [...projects.values()].flatMap((p) => keysAt(p, 'mcpServers')) : [];
    return [...keysAt(data, 'mcpServers'), ...nested];
  }
  const sections = SERVER_SECTIONS[id];
  return sections === undefined ? undefined : sections.flatMap((s) => keysAt(data, s));
}

describe(`JSON files agree with JSON.parse ${SEED_LABEL}`, () => {
  describe.each(byReference('json').map((f) => [f.id, f] as const))('%s', (id, format) => {
    it('the reader accepts exactly what JSON.parse accepts (after a BOM), with the same data; the format reads every entry', () => {
      fc.assert(
        fc.property(inputsFor(format, SEEDS.get(id)!, 'json'), ({ path, text }) => {
          const ref = jsonReference(text);
          const gate = gateJson(text, path, false);
          if (ref.valid && depthLimit(gate)) return;
          if (ref.valid !== gate.valid) throw disagree(`JSON.parse says ${ref.valid ? 'valid' : 'invalid'}, the gate's reader ${gate.valid ? 'valid' : 'invalid'}`, text, ref.valid ? (gate as { why: string }).why : ref.why);
          if (ref.valid && gate.valid && differ(ref.data, gate.data)) throw disagree('the gate reads other data than JSON.parse', text, `${canonical(gate.data).slice(0, 400)}\n!=\n${canonical(ref.data).slice(0, 400)}`);
          const outcome = outcomeOf(format, path, text);
          const result = entriesOf(outcome);
          if (!ref.valid) {
            // server.json at a path other tools use too is never silent: invalid JSON is a ParseError or a note, with no entries.
            const silentOrNote = result !== undefined && (result.deps.length > 0 || (result.servers ?? []).length > 0 || (result.notes ?? []).length === 0);
            if (silentOrNote) throw disagree('the format read entries from a file JSON.parse refuses', text, ref.why);
            return;
          }
          if (outcome.kind === 'error' && /^invalid JSON|^the file is empty/.test(outcome.error.message)) throw disagree('the format calls valid JSON a syntax error', text, outcome.error.message);
          const content = result === undefined || ref.data === TOO_DEEP ? undefined : JSON_CONTENT[id]?.(ref.data, result);
          if (content !== undefined && canonical(content[0]) !== canonical(content[1])) throw disagree('the format read other entries than the file holds', text, `gate ${JSON.stringify(content[0])}\nfile ${JSON.stringify(content[1])}`);
        }),
        params(RUNS),
      );
    });
  });
});

describe(`JSONC files agree with jsonc-parser (and accept all JSON) ${SEED_LABEL}`, () => {
  describe.each(byReference('jsonc').map((f) => [f.id, f] as const))('%s', (id, format) => {
    it("the reader accepts exactly what jsonc-parser's parse accepts, with the same data; every server of the client's sections is read", () => {
      fc.assert(
        fc.property(inputsFor(format, SEEDS.get(id)!, 'json'), ({ path, text }) => {
          const ref = jsoncReference(text);
          const gate = gateJson(text, path, true);
          if (ref.valid !== gate.valid) throw disagree(`jsonc-parser says ${ref.valid ? 'valid' : 'invalid'}, the gate's reader ${gate.valid ? 'valid' : 'invalid'}`, text, ref.valid ? (gate as { why: string }).why : ref.why);
          if (ref.valid && gate.valid && differ(ref.data, gate.data)) throw disagree('the gate reads other data than jsonc-parser', text, `${canonical(gate.data).slice(0, 400)}\n!=\n${canonical(ref.data).slice(0, 400)}`);
          // JSONC is a superset: whatever JSON.parse reads, the gate reads the same.
          const strict = jsonReference(text);
          if (strict.valid && !depthLimit(gate) && (!gate.valid || differ(strict.data, gate.data))) throw disagree('JSON.parse reads this file, the JSONC reader does not read the same', text, gate.valid ? 'other data' : gate.why);
          const outcome = outcomeOf(format, path, text);
          const result = entriesOf(outcome);
          if (!ref.valid) {
            if (result !== undefined) throw disagree('the format read a file jsonc-parser refuses', text, ref.why);
            return;
          }
          if (outcome.kind === 'error' && /^invalid JSON|^the file is empty/.test(outcome.error.message)) throw disagree('the format calls valid JSONC a syntax error', text, outcome.error.message);
          const expected = ref.data === TOO_DEEP ? undefined : serverNames(ref.data, id);
          if (result !== undefined && expected !== undefined) {
            const gateNames = sorted((result.servers ?? []).map((s) => s.name));
            if (canonical(gateNames) !== canonical(sorted(expected))) throw disagree("the format read other servers than the client's sections hold", text, `gate ${JSON.stringify(gateNames)}\nfile ${JSON.stringify(sorted(expected))}`);
          }
        }),
        params(RUNS),
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// YAML

/** The client each YAML format stands for, as the format reads it (the gate's side). */
function yamlClientOf(id: string, path: string): YamlClient {
  if (id === 'pnpm-lock') return PNPM_YAML;
  if (id === 'compose' || id === 'workflow') return composeYamlClient(path);
  if (id === 'yarnrc-yml') return YARNRC_YAML;
  if (id === 'continue-mcp') return continueYamlClient(path);
  throw new Error(`test setup: no YAML client for ${id}`);
}

/**
 * The reference for a client: the `yaml` package with the client's documented options, plus what
 * yaml-doc.ts documents as the gate's own rules for every client (each a deliberate limit, not a
 * grammar): a NUL byte is refused (it is outside YAML's printable set, and js-yaml refuses it too), no
 * more than MAX_YAML_DEPTH nested collections, and for pnpm no anchors, aliases or merge keys (pnpm
 * never writes them).
 */
function yamlReferenceFor(id: string, client: YamlClient, text: string): Reading {
  if (text.includes('\0')) return { valid: false, why: 'NUL' };
  let ref: Reading;
  try {
    ref = yamlReference(text, {
      loneCrBreaks: client.loneCrBreaks,
      options: { ...client.options },
      unknownTagsRefused: client.unknownTags === 'error',
      // Compose (Go's yaml.v3) refuses an anchor whose node holds its own alias; so does GitHub's reader.
      cyclesRefused: id === 'compose' || id === 'workflow',
      // Continue reads with YAML.parse: the yaml package's toJS and its alias limits, a BOM as a token.
      toJS: id === 'continue-mcp',
      dropBom: id !== 'continue-mcp',
    });
  } catch (err) {
    if (err instanceof RangeError) return { valid: false, why: 'nested past what the yaml package can read' };
    throw err;
  }
  if (!ref.valid) return ref;
  const crs = client.loneCrBreaks ? text.replace(/\r(?!\n)/g, '\n') : text;
  const source = id !== 'continue-mcp' && crs.startsWith('\uFEFF') ? crs.slice(1) : crs;
  const { depth, anchors } = shape(source, client);
  if (depth > MAX_YAML_DEPTH) return { valid: false, why: `${depth} levels deep` };
  if (client.anchors === 'refuse' && anchors) return { valid: false, why: 'anchors, aliases or merge keys' };
  if (client.printable === 'js-yaml' && unprintable(source, client)) return { valid: false, why: 'a scalar js-yaml refuses as non-printable' };
  return ref;
}

/**
 * js-yaml's rule (lib/loader.js, captureSegment): a plain or block scalar must not hold a character of
 * PATTERN_NON_PRINTABLE, a quoted one no control character but tab (line breaks fold away).
 */
function unprintable(source: string, client: YamlClient): boolean {
  const nonPrintable = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
  let found = false;
  for (const doc of yamlParseAll(source, client)) {
    visit(doc, {
      Scalar: (_key, node) => {
        if (!node.range) return;
        const raw = source.slice(node.range[0], node.range[1]);
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        if (quoted ? /[\x00-\x08\x0B\x0C\x0E-\x1F]/.test(raw) : nonPrintable.test(raw)) found = true;
      },
    });
  }
  return found;
}

/** Nesting depth of collections, and whether anchors, aliases or merge keys appear, from the yaml package's own tree. */
function shape(source: string, client: YamlClient): { depth: number; anchors: boolean } {
  const docs = yamlParseAll(source, client);
  let depth = 0;
  let anchors = false;
  for (const doc of docs) {
    visit(doc, {
      Node: (_key, node, path) => {
        if (isMap(node) || isSeq(node)) depth = Math.max(depth, path.filter((p) => isMap(p) || isSeq(p)).length + 1);
        if ((node as Node).anchor || node.constructor.name === 'Alias') anchors = true;
      },
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.value === '<<') anchors = true;
      },
    });
  }
  return { depth, anchors };
}

function yamlParseAll(source: string, client: YamlClient) {
  const docs = parseAllDocuments(source, client.options);
  return Array.isArray(docs) ? docs : [];
}

function gateYaml(text: string, path: string, client: YamlClient): Reading {
  let y: YamlDoc;
  try {
    y = readYamlDocument(text, path, client);
  } catch (err) {
    return { valid: false, why: (err as Error).message };
  }
  // The same conversion as the reference's, aliases through the gate's own one-pass resolution.
  return { valid: true, data: yamlData(y.doc.contents, (alias) => y.resolve(alias)) };
}

describe(`YAML files agree with the yaml package read with each client's options ${SEED_LABEL}`, () => {
  describe.each(byReference('yaml').map((f) => [f.id, f] as const))('%s', (id, format) => {
    it("the reader accepts exactly what the client's reading accepts, with the same data (aliases resolved); the format reads only valid files", () => {
      fc.assert(
        fc.property(inputsFor(format, SEEDS.get(id)!, 'yaml'), ({ path, text }) => {
          const client = yamlClientOf(id, path);
          // .yarnrc.yml: Yarn decodes the file with its BOM dropped, as the format does.
          const body = id === 'yarnrc-yml' && text.startsWith('\uFEFF') ? text.slice(1) : text;
          const ref = yamlReferenceFor(id, client, body);
          const gate = gateYaml(body, path, client);
          if (ref.valid !== gate.valid) throw disagree(`the yaml package (client options) says ${ref.valid ? 'valid' : 'invalid'}, the gate's reader ${gate.valid ? 'valid' : 'invalid'}`, text, ref.valid ? (gate as { why: string }).why : ref.why);
          if (ref.valid && gate.valid && differ(ref.data, gate.data)) throw disagree('the gate reads other data than the yaml package', text, `${canonical(gate.data).slice(0, 400)}\n!=\n${canonical(ref.data).slice(0, 400)}`);
          const outcome = outcomeOf(format, path, text);
          if (!ref.valid && outcome.kind === 'parsed') throw disagree('the format read a file its client refuses', text, ref.why);
          if (ref.valid && id === 'continue-mcp' && outcome.kind === 'parsed') {
            const list = at(ref.data, 'mcpServers');
            const expected = Array.isArray(list) ? list.map((s) => String(at(s, 'name') ?? at(s, 'uses'))) : [];
            const gateNames = (outcome.result.servers ?? []).map((s) => s.name);
            if (canonical(sorted(gateNames)) !== canonical(sorted(expected))) throw disagree('the format read other servers than mcpServers lists', text, `gate ${JSON.stringify(gateNames)}\nfile ${JSON.stringify(expected)}`);
          }
        }),
        params(RUNS),
      );
    });
  });

  it('compose reads the images of the services the file holds', () => {
    // Sanity of the YAML content check itself: a file whose data has services with images reads them.
    const r = outcomeOf(compose, 'compose.yaml', 'services:\n  a:\n    image: nginx:1\n  b:\n    image: redis\n');
    expect(r.kind === 'parsed' ? r.result.deps.map((d: Dependency) => d.name).sort() : r.error.message).toEqual(['nginx', 'redis']);
  });
});

// The real readers of two YAML clients are libraries here: js-yaml (pnpm's; the copy @yarnpkg/parsers
// depends on) and @yarnpkg/parsers' parseSyml (Yarn's own reader of .yarnrc.yml). The gate reads YAML
// with the yaml package, which follows the YAML 1.2 spec where js-yaml is lenient in a few places, and
// the reverse in two; those are named here, each by the message of the refusal, and any other
// disagreement fails.
const jsYaml = createRequire(require.resolve('@yarnpkg/parsers'))('js-yaml') as { load(text: string): unknown };

/** The gate refuses, js-yaml reads: the yaml package keeps the spec's limits (and the gate its own depth limit). */
const GATE_STRICTER = [
  /The : indicator must be at most 1024 chars/, // an implicit key longer than the spec's 1024 characters
  /Missing closing ["']quote/, // a quoted scalar's next line not indented past its key
  /Comments must be separated from other tokens/, // `"value"#comment`
  /must be sufficiently indented/, // a flow collection's next line not indented past its key: `s: {\n0}`
  /nests collections more than/, // MAX_YAML_DEPTH
];
/** js-yaml refuses, the gate reads (a file pnpm or Yarn would not install from: no package is judged wrongly). */
const GATE_LENIENT = [
  /bad indentation of a mapping entry/, // `s: 0` then ` :`
  /incomplete explicit mapping pair/, // an empty key: `:` at the start of a line
  /a multiline key may not be an implicit key/, // a quoted key running over a line break
];

function toolReading(read: () => unknown): Reading {
  try {
    read();
    return { valid: true, data: null };
  } catch (err) {
    return { valid: false, why: (err as Error).message.split('\n')[0] };
  }
}

describe(`YAML files agree with the client's own reader where it is a library ${SEED_LABEL}`, () => {
  const cases: [string, (text: string) => Reading, (text: string, path: string) => Reading][] = [
    // pnpm reads its lockfile with js-yaml's load; the gate's refusal of anchors is its own policy
    // (pnpm never writes them), left out of this comparison.
    ['pnpm-lock', (text) => toolReading(() => jsYaml.load(text)), (text, path) => toolReading(() => readYamlDocument(text, path, { ...PNPM_YAML, anchors: undefined }))],
    // Yarn reads .yarnrc.yml with parseSyml, which also wants a mapping (an empty file is {}).
    ['yarnrc-yml', (text) => toolReading(() => parseSyml(text.replace(/^\uFEFF/, ''))), (text, path) => toolReading(() => FORMATS.find((f) => f.id === 'yarnrc-yml')!.parse(text, path))],
  ];
  it.each(cases)('%s: the gate reads no file the client refuses, and refuses no file it reads but for the named spec limits', (id, tool, gate) => {
    const format = FORMATS.find((f) => f.id === id)!;
    fc.assert(
      fc.property(inputsFor(format, SEEDS.get(id)!, 'yaml'), ({ path, text }) => {
        const t = tool(text);
        const g = gate(text, path);
        if (g.valid && !t.valid && !GATE_LENIENT.some((re) => re.test(t.why))) throw disagree(`the client's reader refuses the file, the gate reads it`, text, t.why);
        // The format's own checks (a setting of the wrong type) are not YAML: only YAML refusals count.
        const yamlRefusal = !g.valid && /YAML|NUL|nests collections|alias|anchor|tag/.test(g.why);
        if (t.valid && yamlRefusal && !GATE_STRICTER.some((re) => re.test(g.why))) throw disagree(`the client's reader reads the file, the gate refuses it`, text, g.why);
      }),
      params(RUNS),
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// TOML

/** What each TOML format contains at the keys its tool documents: the entries the gate must read. */
const TOML_CONTENT: Record<string, (data: Data, result: ParsedFile) => [string[], string[]]> = {
  // Cargo: the dependency tables, their target-specific variants, workspace.dependencies, [patch.*] and [replace].
  'cargo-toml': (data, r) => {
    const sections = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];
    const keys: string[] = [];
    const tables = (prefix: string[], t: Data | undefined): void => {
      for (const s of sections) for (const k of keysAt(t, s)) keys.push([...prefix, s, k].join('/'));
    };
    tables([], data);
    const target = at(data, 'target');
    if (target instanceof Map) for (const [cfg, t] of target) tables(['target', cfg], t);
    for (const k of keysAt(data, 'workspace', 'dependencies')) keys.push(`workspace/dependencies/${k}`);
    const patch = at(data, 'patch');
    if (patch instanceof Map) for (const [source, t] of patch) for (const k of keysAt(t)) keys.push(`patch/${source}/${k}`);
    for (const k of keysAt(data, 'replace')) keys.push(`replace/${k}`);
    return [sorted(r.deps.map((d) => d.key)), sorted(keys)];
  },
  // Cargo.lock, uv.lock, poetry.lock: one [[package]] per package; pylock.toml (PEP 751): [[packages]].
  // A Cargo.lock package without `source` is a workspace member or a path package: the project's own code.
  'cargo-lock': (data, r) => [sorted(r.deps.map((d) => d.name)), sorted(tableNames(data, 'package', (p) => at(p, 'source') !== undefined))],
  'uv-lock': (data, r) => [sorted(r.deps.map((d) => d.name)), sorted(tableNames(data, 'package'))],
  'poetry-lock': (data, r) => [sorted(r.deps.map((d) => d.name)), sorted(tableNames(data, 'package'))],
  pylock: (data, r) => [sorted(r.deps.map((d) => d.name)), sorted(tableNames(data, 'packages'))],
  // Pipfile: [packages] and [dev-packages], name -> requirement.
  pipfile: (data, r) => [sorted(r.deps.map((d) => `${d.dev ? 'dev-packages' : 'packages'}/${d.name}`)), sorted(['packages', 'dev-packages'].flatMap((s) => keysAt(data, s).map((k) => `${s}/${k}`)))],
  // pyproject.toml: the PEP 508 lists of [project] (PEP 621), [dependency-groups] (PEP 735) and uv's
  // dev-dependencies, named by each string's PEP 508 name; Poetry's dependency tables, by key (but
  // `python`, the interpreter). Compared as sets: uv sources may give one name several entries.
  pyproject: (data, r) => {
    const names = new Set<string>();
    const pep508 = (list: Data | undefined): void => {
      if (!Array.isArray(list)) return;
      for (const item of list) if (typeof item === 'string') names.add(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/.exec(item.trim())?.[0] ?? '');
    };
    const poetry = (table: Data | undefined): void => {
      if (!(table instanceof Map)) return;
      for (const [k, v] of table) if (k !== 'python' && !(Array.isArray(v) && v.length === 0)) names.add(k);
    };
    pep508(at(data, 'project', 'dependencies'));
    for (const group of ['optional-dependencies']) for (const k of keysAt(data, 'project', group)) pep508(at(data, 'project', group, k));
    for (const k of keysAt(data, 'dependency-groups')) pep508(at(data, 'dependency-groups', k));
    pep508(at(data, 'tool', 'uv', 'dev-dependencies'));
    poetry(at(data, 'tool', 'poetry', 'dependencies'));
    poetry(at(data, 'tool', 'poetry', 'dev-dependencies'));
    for (const g of keysAt(data, 'tool', 'poetry', 'group')) poetry(at(data, 'tool', 'poetry', 'group', g, 'dependencies'));
    return [sorted([...new Set(r.deps.map((d) => d.name))]), sorted([...names])];
  },
  // Codex: one server per [mcp_servers.<name>].
  'codex-config': (data, r) => [sorted((r.servers ?? []).map((s) => s.name)), sorted(keysAt(data, 'mcp_servers'))],
};

function tableNames(data: Data, key: string, keep: (table: Data) => boolean = () => true): string[] {
  const list = at(data, key);
  return Array.isArray(list) ? list.filter(keep).map((p) => String(at(p, 'name'))) : [];
}

describe(`TOML files agree with smol-toml ${SEED_LABEL}`, () => {
  describe.each(byReference('toml').map((f) => [f.id, f] as const))('%s', (id, format) => {
    it('the reader accepts exactly what smol-toml accepts, with the same data; the format reads every entry at the known keys', () => {
      fc.assert(
        fc.property(inputsFor(format, SEEDS.get(id)!, 'toml'), ({ path, text }) => {
          const ref = tomlReference(text);
          // The gate's data is smol-toml's (toml-lines.ts): validity is what its own checks (NUL, BOM, limits) could change.
          let gate: Reading;
          try {
            parseTomlDocument(text, path);
            gate = { valid: true, data: null };
          } catch (err) {
            gate = { valid: false, why: (err as Error).message };
          }
          if (ref.valid !== gate.valid) throw disagree(`smol-toml says ${ref.valid ? 'valid' : 'invalid'}, the gate's reader ${gate.valid ? 'valid' : 'invalid'}`, text, ref.valid ? (gate as { why: string }).why : ref.why);
          const outcome = outcomeOf(format, path, text);
          if (!ref.valid) {
            if (outcome.kind === 'parsed') throw disagree('the format read a file smol-toml refuses', text, ref.why);
            return;
          }
          if (outcome.kind === 'error' && /not valid TOML|^invalid TOML/.test(outcome.error.message)) throw disagree('the format calls valid TOML invalid', text, outcome.error.message);
          const content = outcome.kind === 'parsed' && ref.data !== TOO_DEEP ? TOML_CONTENT[id]?.(ref.data, outcome.result) : undefined;
          if (content !== undefined && canonical(content[0]) !== canonical(content[1])) throw disagree('the format read other entries than the file holds at the known keys', text, `gate ${JSON.stringify(content[0])}\nfile ${JSON.stringify(content[1])}`);
        }),
        params(RUNS),
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// requirements files

describe(`requirements files agree with pip's line rules (Python's str.splitlines) ${SEED_LABEL}`, () => {
  const format = FORMATS.find((f) => f.id === 'requirements')!;

  it('reads the requirements (name and line) a reference of pip reads from generated files', () => {
    fc.assert(
      fc.property(requirementsFile(), ({ text }) => {
        const expected = pipRequirements(text).map((r) => `${r.name}@${r.line}`);
        const outcome = outcomeOf(format, 'requirements.txt', text);
        if (outcome.kind === 'error') throw disagree('the gate refuses a file of requirement lines pip reads', text, `${outcome.error.message} (line ${outcome.error.line}); pip reads ${JSON.stringify(expected)}`);
        const gate = outcome.result.deps.map((d) => `${d.name}@${d.line}`);
        if (canonical(sorted(gate)) !== canonical(sorted(expected))) throw disagree('the gate reads other requirements than pip', text, `gate ${JSON.stringify(gate)}\npip  ${JSON.stringify(expected)}`);
      }),
      params(400),
    );
  });

  it('mutated generated files: whatever the gate reads, pip reads the same names', () => {
    fc.assert(
      fc.property(
        requirementsFile().chain((r) => mutatedText([r.text], 'pip')),
        ({ text }) => {
          const outcome = outcomeOf(format, 'requirements.txt', text);
          if (outcome.kind === 'error') return;
          let expected: string[];
          try {
            expected = pipRequirements(text).map((r) => r.name);
          } catch (err) {
            // A line pip refuses or reads as a URL or a path: outside what the reference reads, no comparison.
            if (err instanceof NotARequirement) return;
            throw err;
          }
          const gate = outcome.result.deps.map((d) => d.name);
          if (canonical(sorted(gate)) !== canonical(sorted(expected))) throw disagree('the gate reads other requirements than pip', text, `gate ${JSON.stringify(gate)}\npip  ${JSON.stringify(expected)}`);
        },
      ),
      params(RUNS),
    );
  });
});

describe('every format with a reference grammar has an agreement property', () => {
  it.each(FORMATS.filter((f) => PROPERTY_FORMATS[f.id]?.reference !== undefined).map((f) => [f.id, PROPERTY_FORMATS[f.id].reference] as const))('%s (%s)', (id, ref) => {
    const covered = ref === 'json' || ref === 'jsonc' || ref === 'toml' || ref === 'pip' || (ref === 'yaml' && ['pnpm-lock', 'compose', 'workflow', 'yarnrc-yml', 'continue-mcp'].includes(id));
    expect(covered).toBe(true);
  });
});
