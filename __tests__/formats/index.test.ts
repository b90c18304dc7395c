import { FORMATS, formatFor } from '../../src/formats/index.js';
import { asParsed } from '../../src/formats/format.js';
import { fixture, fixtureFiles } from './helpers.js';

describe('formats registry', () => {
  it('has unique ids', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['package-json', 'package-lock']));
  });

  it.each([
    ['package.json', 'package-json'],
    ['apps/web/package.json', 'package-json'],
    ['package-lock.json', 'package-lock'],
    ['npm-shrinkwrap.json', 'package-lock'],
    ['node_modules/a/package.json', undefined],
    ['README.md', undefined],
    ['tsconfig.json', undefined],
  ])('formatFor(%s) -> %s', (p, id) => {
    expect(formatFor(p)?.id).toBe(id);
  });

  it('reads every npm fixture file through the format it picks, with lines inside the file', () => {
    const files = fixtureFiles().filter((f) => formatFor(f) !== undefined && !formatFor(f)!.parseBytes);
    expect(files.length).toBeGreaterThanOrEqual(9);
    const empty: string[] = [];
    for (const file of files) {
      const text = fixture(file);
      const parsed = asParsed(formatFor(file)!.parse(text, file));
      const { deps } = parsed;
      const lines = text.split('\n').length;
      for (const d of deps) {
        expect(d.file).toBe(file);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines);
      }
      // Keys identify entries within a file; a duplicate would make base/head diffs ambiguous.
      expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
      // A fixture that reads as nothing would let a parser that drops everything pass this test.
      if (deps.length + (parsed.servers?.length ?? 0) + (parsed.settings?.length ?? 0) === 0) empty.push(file);
    }
    // The one exception: a workspace member with no dependencies of its own, there to be the target of
    // `file:` dependencies in the workspace fixtures.
    expect(empty).toEqual(['workspaces/tools/local-tool/package.json']);
  });
});
