import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FORMATS, formatFor } from '../../src/formats/index.js';
import { asParsed } from '../../src/formats/format.js';
import { FIXTURES, fixture } from './helpers.js';

/** Every fixture file below the formats fixtures folder, as repository-style relative paths. */
function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? fixtureFiles(full) : [path.relative(FIXTURES, full).split(path.sep).join('/')];
  });
}

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
    for (const file of files) {
      const text = fixture(file);
      const { deps } = asParsed(formatFor(file)!.parse(text, file));
      const lines = text.split('\n').length;
      for (const d of deps) {
        expect(d.file).toBe(file);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines);
      }
      // Keys identify entries within a file; a duplicate would make base/head diffs ambiguous.
      expect(new Set(deps.map((d) => d.key)).size).toBe(deps.length);
    }
  });
});
