// The line rules each tool splits by, and GitHub's line numbers that findings are reported on.
import { lineCount, lineIndex, pythonStrip, pythonWords, splitLines, type LineBreaks } from '../../src/formats/readers/lines.js';

const texts = (s: string, breaks: LineBreaks): string[] => splitLines(s, breaks).map((l) => l.text);

describe('splitLines: each tool\'s rule', () => {
  const sample = 'a\rb\r\nc\nd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\x1fm';

  it('lf (Go, Docker): LF only, a CR stays in the line', () => {
    expect(texts(sample, 'lf')).toEqual(['a\rb\r', 'c', 'd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\x1fm']);
  });

  it('universal (configparser, js-yaml, Yarn 1, GitHub): CRLF, LF and a lone CR', () => {
    expect(texts(sample, 'universal')).toEqual(['a', 'b', 'c', 'd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\x1fm']);
  });

  it('python (pip: str.splitlines): also VT, FF, FS, GS, RS, NEL, LS, PS, not US', () => {
    // Python: 'a\rb\r\nc\nd\ve\ff\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\x1fm'.splitlines()
    expect(texts(sample, 'python')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l\x1fm']);
  });

  it("ini (npm's ini: split(/[\\r\\n]+/)): a run of CR and LF is one break", () => {
    expect(texts('a\r\r\n\nb\rc\n', 'ini')).toEqual(['a', 'b', 'c']);
    expect(texts('\n\na', 'ini')).toEqual(['', 'a']);
  });

  it('a trailing break starts no line; an empty text has none; blank lines in the middle stay', () => {
    expect(texts('a\n', 'lf')).toEqual(['a']);
    expect(texts('a\n\n', 'universal')).toEqual(['a', '']);
    expect(texts('', 'python')).toEqual([]);
  });

  it('keeps the offset where each line starts', () => {
    const s = 'ab\r\ncd\ref\vgh';
    for (const l of splitLines(s, 'python')) expect(s.slice(l.start, l.start + l.text.length)).toBe(l.text);
    expect(splitLines(s, 'python').map((l) => l.start)).toEqual([0, 4, 7, 10]);
  });
});

describe('lineIndex: the lines a person sees on GitHub', () => {
  it('counts LF, CRLF and a lone CR, nothing else', () => {
    const s = 'a\nb\r\nc\rd\ve\u2028f';
    const at = lineIndex(s);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((ch) => at(s.indexOf(ch)))).toEqual([1, 2, 3, 4, 4, 4]);
  });

  it('never points past the end of the file', () => {
    expect(lineCount('one line\r')).toBe(1);
    expect(lineCount('a\rb\r')).toBe(2);
    expect(lineIndex('a\rb\r')(1_000)).toBe(2);
    expect(lineCount('')).toBe(1);
  });
});

describe("Python's whitespace (str.strip, str.split)", () => {
  it('strips FS..US and NEL, which JS trim() keeps, and keeps U+FEFF, which JS trim() strips', () => {
    expect(pythonStrip('\x1c\x1f\x85 a \u3000')).toBe('a');
    expect(pythonStrip('\uFEFFa')).toBe('\uFEFFa');
  });

  it('splits words at any run of it, with offsets', () => {
    expect(pythonWords(' a\x1fb\vc  ')).toEqual([
      { text: 'a', at: 1 },
      { text: 'b', at: 3 },
      { text: 'c', at: 5 },
    ]);
  });
});
