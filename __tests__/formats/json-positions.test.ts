import { ParseError } from '../../src/formats/format.js';
import {
  booleanMember,
  expectObject,
  membersOf,
  objectMember,
  parseJsonDocument,
  pathLabel,
  stringMember,
  withDepthGuard,
} from '../../src/formats/readers/json.js';
import { lineOf, parseErrorOf } from './helpers.js';

const TEXT = `{
  "name": "x",
  "flags": { "on": true, "off": "no" },
  "list": [1, 2],
  "name": "y"
}
`;

describe('parseJsonDocument', () => {
  const doc = parseJsonDocument(TEXT, 'dir/file.json');
  const top = membersOf(doc, doc.root);

  it('gives each member the line of its key, the last of repeated keys winning, in the place JSON.parse keeps it', () => {
    // JSON.parse keeps a repeated key where it was first written, with its last value.
    expect([...top.keys()]).toEqual(Object.keys(JSON.parse(TEXT)));
    expect([...top.keys()]).toEqual(['name', 'flags', 'list']);
    expect(top.get('name')?.line).toBe(lineOf(TEXT, '"name": "y"'));
    expect(stringMember(doc, top, 'name', '')).toBe(JSON.parse(TEXT).name);
    expect(top.get('list')?.line).toBe(lineOf(TEXT, '"list"'));
  });

  it('points at the key, not the value, when the value starts on a later line', () => {
    const text = '{\n  "a":\n    {\n      "b": 1\n    }\n}';
    const doc2 = parseJsonDocument(text, 'f.json');
    expect(membersOf(doc2, doc2.root).get('a')?.line).toBe(lineOf(text, '"a"'));
    expect(doc2.lineOf(membersOf(doc2, doc2.root).get('a')!.value)).toBe(lineOf(text, '{', '"a"'));
  });

  it('reads typed members and names the path of a wrong type', () => {
    const flags = objectMember(doc, top, 'flags', '');
    expect(booleanMember(doc, flags, 'on', 'flags')).toBe(true);
    expect(booleanMember(doc, flags, 'missing', 'flags')).toBeUndefined();
    const err = parseErrorOf(() => booleanMember(doc, flags, 'off', 'flags'));
    expect(err).toMatchObject({ file: 'dir/file.json', line: lineOf(TEXT, '"off"') });
    expect(err.message).toBe('flags.off must be true or false, found a string ("no")');
    expect(parseErrorOf(() => objectMember(doc, top, 'list', '')).message).toBe('list must be an object, found an array');
    expect(objectMember(doc, top, 'absent', '').size).toBe(0);
    expect(() => expectObject(doc, doc.root, 'root')).not.toThrow();
  });

  it.each([
    ['missing value', '{\n  "a": \n}', '}'],
    ['single quotes', "{\n  'a': 1\n}", "'a'"],
    ['NaN', '{\n  "a": NaN\n}', 'NaN'],
    ['leading zero', '{\n  "a": 01\n}', '01'],
    ['raw tab in a string', '{\n  "a": "x\ty"\n}', '"x'],
    ['two values', '{}\n{"b": 1}', '{"b"'],
    ['line comment', '{\n  // no\n}', '//'],
  ])('rejects %s at the line of the error, like JSON.parse', (_what, text, at) => {
    expect(() => JSON.parse(text)).toThrow();
    const err = parseErrorOf(() => parseJsonDocument(text, 'f.json'));
    expect(err.line).toBe(lineOf(text, at));
    expect(err.message).toMatch(/^invalid JSON: /);
  });

  it('tolerates a BOM and rejects whitespace-only text', () => {
    expect(parseJsonDocument('\uFEFF{}', 'f.json').root.type).toBe('object');
    expect(parseErrorOf(() => parseJsonDocument(' \n\t', 'f.json')).message).toMatch(/empty/);
  });
});

describe('pathLabel', () => {
  it('quotes keys that are not identifiers', () => {
    expect(pathLabel('', 'packages')).toBe('packages');
    expect(pathLabel('packages', 'node_modules/a')).toBe('packages["node_modules/a"]');
    expect(pathLabel('packages["node_modules/a"]', 'version')).toBe('packages["node_modules/a"].version');
    expect(pathLabel('', '')).toBe('[""]');
  });
});

describe('withDepthGuard', () => {
  it('turns a stack overflow into a ParseError and lets other errors through', () => {
    const recurse = (n: number): number => (n === 0 ? 0 : 1 + recurse(n - 1));
    const err = parseErrorOf(() => withDepthGuard('f.json', () => recurse(1e7)));
    expect(err).toBeInstanceOf(ParseError);
    expect(() => withDepthGuard('f.json', () => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
});
