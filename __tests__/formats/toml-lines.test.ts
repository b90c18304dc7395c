import { parseTomlDocument, type TomlPath } from '../../src/formats/readers/toml.js';
import { fixture, lineOf, parseErrorOf } from './helpers.js';

/** Every value path in parsed TOML data (tables, arrays and their elements, scalars). */
function allPaths(value: unknown, path: (string | number)[] = []): TomlPath[] {
  const out: TomlPath[] = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) value.forEach((v, k) => out.push(...allPaths(v, [...path, k])));
  else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...path, k]));
  }
  return out;
}

describe('toml-lines', () => {
  const tricky = [
    '# [not.a.table] = "comment"',
    'title = "a [bracket] and a = sign"',
    'multi = """',
    '[fake.header]',
    'key = "inside a string"',
    '"""',
    "literal = '''",
    '[[also.fake]]',
    "'''",
    '"quoted.key" = 1',
    'dotted.inner = 2',
    'arr = [',
    '  "one", # a comment ] with a bracket',
    '  { name = "two", extra = ["x"] },',
    '  [3, 4],',
    ']',
    '',
    '[[package]]',
    'name = "first"',
    '',
    '[[package.wheels]]',
    'url = "w1"',
    '',
    '[[package.wheels]]',
    'url = "w2"',
    '',
    '[package.source]',
    'type = "git"',
    '',
    '[[package]]',
    'name = "second"',
    '  [package.source]',
    '  type = "legacy"',
    '',
    '[ "tool" . poetry ]',
    'name = "x"',
    'date = 1979-05-27 07:32:00',
    'after = true',
  ].join('\n');

  it('gives the line of keys, headers and array elements, not of look-alikes inside strings and comments', () => {
    const doc = parseTomlDocument(tricky, 't.toml');
    expect(doc.line(['title'])).toBe(lineOf(tricky, 'title ='));
    expect(doc.line(['multi'])).toBe(lineOf(tricky, 'multi ='));
    expect(doc.line(['literal'])).toBe(lineOf(tricky, 'literal ='));
    expect(doc.has(['fake'])).toBe(false);
    expect(doc.has(['also'])).toBe(false);
    expect(doc.has(['not'])).toBe(false);
    expect(doc.line(['quoted.key'])).toBe(lineOf(tricky, '"quoted.key"'));
    expect(doc.line(['dotted', 'inner'])).toBe(lineOf(tricky, 'dotted.inner'));
    expect(doc.line(['arr', 0])).toBe(lineOf(tricky, '"one"'));
    expect(doc.line(['arr', 1])).toBe(lineOf(tricky, '{ name = "two"'));
    expect(doc.line(['arr', 1, 'extra', 0])).toBe(lineOf(tricky, '["x"]'));
    expect(doc.line(['arr', 2, 1])).toBe(lineOf(tricky, '[3, 4]'));
  });

  it('numbers arrays of tables, and nests tables under the latest element', () => {
    const doc = parseTomlDocument(tricky, 't.toml');
    expect(doc.line(['package', 0])).toBe(lineOf(tricky, '[[package]]'));
    expect(doc.line(['package', 1])).toBe(lineOf(tricky, '[[package]]', 'type = "git"'));
    expect(doc.line(['package', 0, 'wheels', 0])).toBe(lineOf(tricky, '[[package.wheels]]'));
    expect(doc.line(['package', 0, 'wheels', 1, 'url'])).toBe(lineOf(tricky, 'url = "w2"'));
    expect(doc.line(['package', 0, 'source', 'type'])).toBe(lineOf(tricky, 'type = "git"'));
    expect(doc.line(['package', 1, 'source'])).toBe(lineOf(tricky, '[package.source]', 'name = "second"'));
    expect(doc.line(['package', 1, 'source', 'type'])).toBe(lineOf(tricky, 'type = "legacy"'));
    expect(doc.line(['tool', 'poetry', 'name'])).toBe(lineOf(tricky, 'name = "x"'));
    expect(doc.line(['tool', 'poetry', 'after'])).toBe(lineOf(tricky, 'after = true'));
  });

  it('falls back to the nearest defined ancestor for a path it has no line for', () => {
    const doc = parseTomlDocument(tricky, 't.toml');
    expect(doc.line(['package', 1, 'missing'])).toBe(doc.line(['package', 1]));
    expect(doc.line(['nothing'])).toBe(1);
  });

  it.each([
    'python/uv-project/uv.lock',
    'python/uv-project/pyproject.toml',
    'python/poetry-project/poetry.lock',
    'python/poetry-project/pyproject.toml',
    'python/pylock/pylock.toml',
    'python/pipenv-project/Pipfile',
  ])('knows a line for every value smol-toml reads from %s', (rel) => {
    const doc = parseTomlDocument(fixture(rel), rel);
    const missing = allPaths(doc.data).filter((p) => !doc.has(p));
    expect(missing).toEqual([]);
  });

  it('reports a syntax error at the line smol-toml stops at', () => {
    const text = 'a = 1\n[table]\nb = [1,\n2 3]\n';
    const err = parseErrorOf(() => parseTomlDocument(text, 'bad.toml'));
    expect(err.file).toBe('bad.toml');
    expect(err.line).toBe(lineOf(text, '2 3]'));
    expect(err.message).toMatch(/invalid TOML/);
  });

  // Found by the property tests (__tests__/properties): smol-toml numbers the position after a final
  // line break as a line of its own, one past the last line GitHub shows.
  it('reports an error at the end of a file that ends with a line break on the file\'s last line', () => {
    for (const text of ['x = [\n', 'a = 1\nb = \n', 'a = 1\r\nb = [\r\n']) {
      const err = parseErrorOf(() => parseTomlDocument(text, 'eof.toml'));
      expect([text, err.line]).toEqual([text, text.split(/\r?\n/).length - 1]);
    }
  });

  // Found by the property tests: a header of 20,000 dotted parts (40 KB) held the reader for minutes,
  // each prefix of the path encoded whole (k^2).
  it('reads a dotted key or header of 100,000 parts in linear time, with its line', () => {
    const parts = Array(100_000).fill('a').join('.');
    const text = `top = 1\n[${parts}]\nx = 1\n${parts} = 2\n`;
    const path = Array(100_000).fill('a');
    const doc = parseTomlDocument(text, 'deep.toml');
    expect(doc.line([...path, 'x'])).toBe(lineOf(text, 'x = 1'));
    expect(doc.line([...path, ...path])).toBe(lineOf(text, '= 2'));
    expect(doc.has([...path, 'x'])).toBe(true);
    expect(doc.has([...path, 'y'])).toBe(false);
  });

  it('rejects a redefined table and binary garbage with a ParseError', () => {
    const twice = '[a]\nx = 1\n[a]\ny = 2\n';
    expect(parseErrorOf(() => parseTomlDocument(twice, 'x.toml')).line).toBe(lineOf(twice, '[a]', 'x = 1'));
    const binary = 'name = "x"\n\u0000\u0001\u0002';
    expect(parseErrorOf(() => parseTomlDocument(binary, 'x.toml')).line).toBe(lineOf(binary, '\u0000'));
  });
});
