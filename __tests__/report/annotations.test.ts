import { toCheckAnnotations, workflowCommand, escapeData, escapeProperty } from '../../src/report/annotations.js';
import { finding } from './report-fixture.js';

describe('toCheckAnnotations', () => {
  test('Checks API shape with levels mapped to failure/warning/notice', () => {
    const [e, w, n] = toCheckAnnotations([finding(0), finding(1), finding(2)]);
    expect(e).toEqual({
      path: 'packages/app0/package-lock.json',
      start_line: 10,
      end_line: 10,
      annotation_level: 'failure',
      title: 'mcp-supply-gate unknown: mcp-server-0@1.0.0',
      message: 'finding number 0 about this package',
    });
    expect(w.annotation_level).toBe('warning');
    expect(n.annotation_level).toBe('notice');
  });

  test('messages capped at 64 KB on a character boundary; titles at 255; lines at least 1', () => {
    const [a] = toCheckAnnotations([finding(0, { message: '😈'.repeat(40_000), name: 'n'.repeat(400), line: 0 })]);
    expect(Buffer.byteLength(a.message)).toBeLessThan(64 * 1024);
    expect(a.message.endsWith('😈…')).toBe(true);
    expect(a.title.length).toBeLessThanOrEqual(255);
    expect(a.start_line).toBe(1);
  });

  test('an exception is stated in the message', () => {
    expect(toCheckAnnotations([finding(0, { excepted: 'reviewed' })])[0].message).toBe(
      'finding number 0 about this package\n\nException applied: reviewed',
    );
  });
});

describe('workflowCommand', () => {
  test('one line, with @actions/core escaping in data and properties', () => {
    const cmd = workflowCommand(finding(0, { file: 'odd,dir:x/package.json', message: '100% bad\r\nnext ::error::x' }));
    expect(cmd).toBe(
      '::error file=odd%2Cdir%3Ax/package.json,line=10,title=mcp-supply-gate unknown%3A mcp-server-0@1.0.0::100%25 bad%0D%0Anext ::error::x',
    );
    expect(cmd).not.toMatch(/[\r\n]/);
  });

  test('levels map to ::error, ::warning and ::notice', () => {
    expect(workflowCommand(finding(1))).toMatch(/^::warning /);
    expect(workflowCommand(finding(2))).toMatch(/^::notice /);
  });

  test('escaping matches the toolkit', () => {
    expect(escapeData('%\r\n:,')).toBe('%25%0D%0A:,');
    expect(escapeProperty('%\r\n:,')).toBe('%25%0D%0A%3A%2C');
  });
});
