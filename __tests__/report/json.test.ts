import { renderJson } from '../../src/report/json.js';
import type { Report } from '../../src/report/types.js';
import { finding, report } from './report-fixture.js';

describe('renderJson', () => {
  test('the same report built in a different key order gives byte-identical output', () => {
    const a = report();
    const shuffled = JSON.parse(JSON.stringify(a), function (this: unknown, _k, v) {
      if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).reverse());
      return v;
    }) as Report;
    expect(Object.keys(shuffled)[0]).not.toBe(Object.keys(a)[0]);
    expect(renderJson(shuffled)).toBe(renderJson(a));
  });

  test('2-space indent, sorted keys, trailing newline, nothing lost', () => {
    const r = report({ findings: [finding(0, { message: 'quote " newline \n tab \t <b>' })] });
    const text = renderJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "base": "' + 'a'.repeat(40) + '",');
    expect(JSON.parse(text)).toEqual(r);
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
  });

  test('undefined fields are left out rather than written as null', () => {
    const r = report({ findings: [finding(0, { version: undefined })] });
    expect(renderJson(r)).not.toMatch(/"version": (null|undefined)/);
    expect(JSON.parse(renderJson(r)).findings[0]).not.toHaveProperty('version');
  });
});
