// The policy file as YAML: read within its limits (size, nesting, what aliases add up to), every key's
// line recorded, and every problem a PolicyError naming the file, the line and the key.
import * as YAML from 'yaml';

/** An invalid policy: the gate cannot run (exit status 2). Names the file, line and key. */
export class PolicyError extends Error {
  constructor(
    readonly detail: string,
    readonly file: string,
    readonly line: number,
    readonly key: string,
  ) {
    super(`${file}:${line}: ${key ? `${key}: ` : ''}${detail}`);
    this.name = 'PolicyError';
  }
}

/** The YAML as plain data plus the line of every key path ('allow.0.name'). */
export interface Located {
  data: unknown;
  lines: Map<string, number>;
}

/** Most bytes a policy may have: the limit the base commit's policy is read with, for a --policy file too. */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** Deepest nesting of mappings and lists. The policy's own shape is at most 5 levels deep. */
export const MAX_POLICY_DEPTH = 32;

/** Most values aliases may add once expanded; an alias bomb ("billion laughs") adds billions. */
export const MAX_ALIAS_VALUES = 10_000;

/** The key of an error about the policy as a whole (its size, a second document). */
export const WHOLE_POLICY = '(document)';

/** A key path for messages: `mcp.include.0`, cut after a few segments when nesting runs away. */
export function shownPath(path: readonly string[]): string {
  return path.length <= 4 ? path.join('.') : `${path.slice(0, 4).join('.')}...`;
}

/**
 * Refuses nesting deeper than MAX_POLICY_DEPTH before the document is composed: the YAML library
 * composes (and this loader walks) recursively, so `[[[[...` thousands deep would exhaust the stack.
 * The library's CST parser is iterative, and so is this walk.
 */
export function checkDepth(tokens: readonly YAML.CST.Token[], file: string, lineAt: (offset: number) => number): void {
  const stack = tokens.map((token) => ({ token, depth: 0, path: [] as string[] }));
  while (stack.length > 0) {
    const { token, depth, path } = stack.pop()!;
    if (depth > MAX_POLICY_DEPTH) {
      throw new PolicyError(
        `is nested more than ${MAX_POLICY_DEPTH} levels deep, and a policy needs at most 5: look for brackets [ { that are never closed or indentation that keeps growing, and fix the YAML there`,
        file,
        lineAt(token.offset),
        shownPath(path) || WHOLE_POLICY,
      );
    }
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth, path });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const isMap = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
      token.items.forEach((item, i) => {
        const key = 'key' in item && item.key ? YAML.CST.resolveAsScalar(item.key)?.value : undefined;
        const p = [...path, isMap ? (key ?? '?') : String(i)];
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1, path: p });
        if (item.value) stack.push({ token: item.value, depth: depth + 1, path: p });
      });
    }
  }
}

/** What to do about a YAML error or warning, by its code. */
export function yamlDetail(problem: YAML.YAMLError | YAML.YAMLWarning): string {
  const first = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return 'this key is set twice in the same mapping, and YAML readers disagree on which value wins: keep one';
    case 'TAG_RESOLVE_FAILED':
      return `${first.replace('Unresolved tag: ', 'the tag ').replace('tag:yaml.org,2002:', '!!')} is not used in a policy: remove it and write the value plainly (a date as 2027-01-31, text in quotes)`;
    case 'NON_STRING_KEY':
      return 'a key must be a plain name, not a list or mapping: write the key as text';
    case 'MULTIPLE_DOCS':
      return 'the policy is one YAML document: remove the "---" line and what follows it, or merge the two';
    default:
      return `not valid YAML: ${first}: fix the YAML at this line`;
  }
}

/** The key path of the deepest entry whose text holds `offset`, or of the last top-level key before it. */
export function keyAt(doc: YAML.Document, offset: number): string {
  let found: string | undefined;
  const visit = (node: unknown, path: string): void => {
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as YAML.Node | null;
        const start = keyNode?.range?.[0] ?? (pair.value as YAML.Node | null)?.range?.[0];
        const end = (pair.value as YAML.Node | null)?.range?.[2] ?? keyNode?.range?.[2];
        const p = path ? `${path}.${keyName(keyNode)}` : keyName(keyNode);
        if (start === undefined || end === undefined) continue;
        if (path === '' && start <= offset) found = p;
        if (start <= offset && offset <= end) {
          found = p;
          visit(pair.value, p);
        }
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        const range = (item as YAML.Node | null)?.range;
        if (range && range[0] <= offset && offset <= range[2]) {
          found = `${path}.${i}`;
          visit(item, `${path}.${i}`);
        }
      });
    }
  };
  visit(doc.contents, '');
  return found ?? WHOLE_POLICY;
}

export function keyName(node: YAML.Node | null): string {
  return YAML.isScalar(node) ? String(node.value) : String(node);
}

export function readYaml(text: string, file: string): Located {
  const lineCounter = new YAML.LineCounter();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw new PolicyError(
      `is ${bytes} bytes, more than the ${MAX_POLICY_BYTES} bytes a policy may have: a policy lists rules and package names, so shorten the lists (a glob like @acme/* covers a whole scope)`,
      file,
      1,
      WHOLE_POLICY,
    );
  }
  // The text is parsed to CST tokens once, checked for depth, then composed as parseDocument does.
  const tokens = Array.from(new YAML.Parser(lineCounter.addNewLine).parse(text));
  checkDepth(tokens, file, (offset) => lineCounter.linePos(offset).line);
  // stringKeys: a key must be text (a list or mapping as a key is an error, not "[ a, b ]");
  // resolveKnownTags off: !!timestamp, !!binary, !!set, !!omap are unresolved tags, reported below.
  const composer = new YAML.Composer({ uniqueKeys: true, stringKeys: true, resolveKnownTags: false });
  const docs = Array.from(composer.compose(tokens, true, text.length));
  const doc = docs[0];
  if (docs.length > 1) {
    throw new PolicyError(yamlDetail(new YAML.YAMLParseError([docs[1].range[0], docs[1].range[1]], 'MULTIPLE_DOCS', '')), file, lineCounter.linePos(docs[1].range[0]).line, WHOLE_POLICY);
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? lineCounter.linePos(problem.pos[0]).line;
    throw new PolicyError(yamlDetail(problem), file, line, keyAt(doc, problem.pos[0]));
  }
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const fail = (node: unknown, path: string, detail: string): never => {
    throw new PolicyError(detail, file, lineOf(node), path || WHOLE_POLICY);
  };
  // One walk records the line of every key and checks every alias: it names an anchor set before it,
  // is not part of the value it names, and what aliases add up to stays under MAX_ALIAS_VALUES. The
  // values of each node (aliases expanded) are counted once, in document order, where anchors come
  // before their aliases; nesting is bounded by checkDepth, so the recursion is too.
  const lines = new Map<string, number>();
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let added = 0;
  const walk = (node: unknown, path: string, recordLines: boolean): number => {
    if (YAML.isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) fail(node, path, `the alias *${node.source} names no anchor set before it: define &${node.source} earlier, or write the value out`);
      if (open.has(target)) fail(node, path, `the alias *${node.source} is part of the value it names, which would never end: write the value out`);
      const size = sizes.get(target) ?? 1;
      added += size;
      if (added > MAX_ALIAS_VALUES) {
        fail(node, path, `aliases expand the policy by more than ${MAX_ALIAS_VALUES} values (an alias bomb, "billion laughs"): write the values out instead of aliasing aliases`);
      }
      return size;
    }
    let size = 1;
    open.add(node);
    if (YAML.isMap(node)) {
      for (const pair of node.items) {
        const p = path ? `${path}.${keyName(pair.key as YAML.Node | null)}` : keyName(pair.key as YAML.Node | null);
        if (recordLines) lines.set(p, lineOf(pair.key));
        size += walk(pair.key, p, false) + walk(pair.value, p, recordLines);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = `${path}.${i}`;
        if (recordLines) lines.set(p, lineOf(item));
        size += walk(item, p, recordLines);
      });
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  walk(doc.contents, '', true);
  try {
    // Aliases were bounded above, so the library's own alias limit (which throws a bare ReferenceError) is off.
    return { data: doc.toJS({ maxAliasCount: -1 }), lines };
  } catch (err) {
    throw new PolicyError(`could not be read: ${(err as Error).message}: fix the YAML, or write it without anchors and aliases`, file, 1, WHOLE_POLICY);
  }
}
