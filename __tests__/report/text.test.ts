import { renderText, terminalSafe } from '../../src/report/text.js';
import { HOSTILE_MESSAGE, finding, report } from './report-fixture.js';

describe('renderText', () => {
  const r = report({
    findings: [
      finding(0, { file: 'b/package.json', line: 30 }),
      finding(1, { file: 'a/package-lock.json', line: 7 }),
      finding(2, { file: 'b/package.json', line: 4, excepted: 'reviewed in #12 until 2030-01-01' }),
    ],
  });
  const text = renderText(r);
  const lines = text.split('\n');

  test('title line first, then base/head and counts', () => {
    expect(lines[0]).toBe('mcp-supply-gate 0.1.0  FAILURE  1 errors in MCP dependencies');
    expect(lines[1]).toBe(`base ${'a'.repeat(40)}  head ${'b'.repeat(40)}`);
    expect(lines[2]).toBe('1 error, 1 warning, 1 notice');
    expect(text.endsWith('\n')).toBe(true);
  });

  test('findings grouped by file, in line order, as file:line level rule name@version message', () => {
    const start = lines.indexOf('Findings (3):');
    expect(lines.slice(start + 1, start + 6)).toEqual([
      '  a/package-lock.json',
      '    a/package-lock.json:7  warning  unpinned     mcp-server-1@1.0.1  finding number 1 about this package',
      '  b/package.json',
      '    b/package.json:4  notice   release-age  mcp-server-2@1.0.2  finding number 2 about this package (exception: reviewed in #12 until 2030-01-01)',
      '    b/package.json:30  error    unknown      mcp-server-0@1.0.0  finding number 0 about this package',
    ]);
  });

  test('inventory with version, source, location, change and why; policy; notes', () => {
    expect(text).toContain(
      'added     @scope/mcp-server-1@2.0.1  https://registry.npmjs.org/@scope/mcp-server-1/-/mcp-server-1-2.0.1.tgz  package-lock.json:101',
    );
    expect(text).toContain('why: depends on @modelcontextprotocol/sdk');
    expect(text).toContain(`Policy: .github/mcp-supply-gate.yml at base ${'a'.repeat(40)}`);
    expect(text).toContain('Notes:\n  - registry verification ran online');
  });

  test('no colour unless asked; colour marks levels and conclusion', () => {
    expect(text).not.toContain('\u001b[');
    const colored = renderText(r, { color: true });
    expect(colored).toContain('\u001b[31merror  \u001b[0m');
    expect(colored).toContain('\u001b[1m\u001b[31mFAILURE\u001b[0m\u001b[0m');
  });

  test('terminal escape sequences, newlines and bidi overrides from the PR are shown, not obeyed', () => {
    const hostile = report({ findings: [finding(0, { message: `${HOSTILE_MESSAGE}\u001b[2J\u001b]0;pwned\u0007 \u202eevil` })] });
    const out = renderText(hostile);
    expect(out).not.toMatch(/[\u001b\u0007\u202e\r]/);
    const row = out.split('\n').find((l) => l.includes('finding') || l.includes('line one'))!;
    expect(row).toContain('line one\\nline two | with pipe\\r\\n');
    expect(row).toContain('\\u{1b}[2J');
    expect(terminalSafe('a\tb\u202ec')).toBe('a\\tb\\u{202e}c');
  });

  test('an empty report says so', () => {
    const empty = renderText(report({ findings: [], dependencies: [], notes: [], conclusion: 'success', title: 'nothing MCP-related changed' }));
    expect(empty).toContain('Findings: none');
    expect(empty).toContain('MCP inventory: no MCP-related dependencies changed');
    expect(empty).not.toContain('Notes:');
  });
});
