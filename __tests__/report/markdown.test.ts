import { renderMarkdown, escapeCell } from '../../src/report/markdown.js';
import { CHECK_OUTPUT_MAX, STEP_SUMMARY_MAX } from '../../src/report/limits.js';
import { HOSTILE_MESSAGE, HOSTILE_NAME, entry, finding, manyFindings, report } from './report-fixture.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Rows of the markdown table whose header line starts with `header`. */
function tableRows(md: string, header: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) return [];
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}
const FINDINGS_HEADER = '| Level | Rule |';
const INVENTORY_HEADER = '| Change | Package |';

describe('renderMarkdown', () => {
  test('starts with the conclusion and counts, then findings, inventory, verification, policy, notes', () => {
    const md = renderMarkdown(report(), { maxChars: CHECK_OUTPUT_MAX });
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ mcp-supply-gate 0.1.0: failure');
    expect(lines[4]).toMatch(/^1 error · 1 warning · 1 notice — base a{40} → head b{40}$/);
    const order = ['### Findings', '### Installation audit', '<details><summary>Verification log (2 checks)', '**Policy:**', '### Notes'];
    const positions = order.map((h) => md.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain(`**Policy:** .github/mcp-supply-gate.yml at base ${'a'.repeat(40)}`);
    expect(tableRows(md, FINDINGS_HEADER)).toHaveLength(3);
    // Errors first, so truncation drops the least severe.
    expect(tableRows(md, FINDINGS_HEADER)[0]).toContain('error');
  });

  test('inventory table shows every MCP dependency with source, location and why', () => {
    const md = renderMarkdown(report(), { maxChars: CHECK_OUTPUT_MAX });
    const rows = tableRows(md, INVENTORY_HEADER);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe(
      '| added | `@scope/mcp-server-1` | `2.0.1` | `https://registry.npmjs.org/@scope/mcp-server-1/-/mcp-server-1-2.0.1.tgz` | package-lock.json:101 | depends on @modelcontextprotocol/sdk |',
    );
  });

  test('hostile text cannot break a table, inject HTML, links, images or math', () => {
    const r = report({
      findings: [finding(0, { name: HOSTILE_NAME, message: HOSTILE_MESSAGE, file: 'a|b\n.json' })],
      dependencies: [entry(1, { name: HOSTILE_NAME, why: [HOSTILE_MESSAGE] })],
      notes: [HOSTILE_MESSAGE],
    });
    const md = renderMarkdown(r, { maxChars: CHECK_OUTPUT_MAX });
    const findingRows = tableRows(md, FINDINGS_HEADER);
    const inventoryRows = tableRows(md, INVENTORY_HEADER);
    expect(findingRows).toHaveLength(1);
    expect(inventoryRows).toHaveLength(1);
    // GFM splits cells on pipes not escaped with a backslash, also inside code spans.
    const cells = (row: string) => row.split(/(?<!\\)\|/);
    expect(cells(findingRows[0])).toHaveLength(7); // 5 cells between 6 pipes
    expect(cells(inventoryRows[0])).toHaveLength(8);
    // Package names are code spans, where GitHub shows markup as text; everywhere else it is escaped.
    const outsideCode = md.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
    expect(outsideCode).not.toMatch(/<script|<img|\]\(javascript|!\[/i);
    expect(md).toContain('`evil\\|pkg<script>alert(1)</script>@1.0.0`');
    expect(md).toContain('&lt;img src=x');
    expect(md).toContain('line one line two &#124; with pipe');
    expect(md).toContain('\\$x\\$');
  });

  test('escapeCell leaves no raw markup', () => {
    expect(escapeCell('a|b<c>&d\ne*f_g`h')).toBe('a&#124;b&lt;c&gt;&amp;d e\\*f\\_g\\`h');
  });

  test('a 200 KB message is clipped in its cell and the summary stays within the Checks API limit', () => {
    const huge = 'x'.repeat(200 * 1024);
    const md = renderMarkdown(report({ findings: [finding(0, { message: huge })] }), { maxChars: CHECK_OUTPUT_MAX });
    expect(bytes(md)).toBeLessThanOrEqual(CHECK_OUTPUT_MAX);
    const row = tableRows(md, FINDINGS_HEADER)[0];
    expect(row).toMatch(/x{400}… \|$/);
    expect(md).not.toContain('more findings');
  });

  test('5000 findings: whole rows dropped, the omission counted, never over the limit', () => {
    const r = report({ findings: manyFindings(5000) });
    for (const maxChars of [CHECK_OUTPUT_MAX, 20_000, STEP_SUMMARY_MAX]) {
      const md = renderMarkdown(r, { maxChars });
      expect(bytes(md)).toBeLessThanOrEqual(maxChars);
      const rows = tableRows(md, FINDINGS_HEADER);
      for (const row of rows) expect(row).toMatch(/^\| .* \|$/);
      const omitted = /_… (\d+) more findings: see the JSON report_/.exec(md);
      if (rows.length < 5000) {
        expect(omitted).not.toBeNull();
        expect(rows.length + Number(omitted![1])).toBe(5000);
      } else {
        expect(omitted).toBeNull();
      }
      // The short inventory table is kept whole: rows come off the longest table.
      expect(tableRows(md, INVENTORY_HEADER)).toHaveLength(2);
      expect(md).toContain('**Policy:**');
    }
    expect(tableRows(renderMarkdown(r, { maxChars: CHECK_OUTPUT_MAX }), FINDINGS_HEADER).length).toBeGreaterThan(200);
    expect(tableRows(renderMarkdown(r, { maxChars: STEP_SUMMARY_MAX }), FINDINGS_HEADER)).toHaveLength(5000);
  });

  test('rows come off the longest table first, and a table can lose all its rows', () => {
    const r = report({
      findings: manyFindings(40),
      dependencies: Array.from({ length: 400 }, (_, i) => entry(i)),
    });
    const full = renderMarkdown(r, { maxChars: STEP_SUMMARY_MAX });
    const md = renderMarkdown(r, { maxChars: Math.floor(bytes(full) / 2) });
    expect(tableRows(md, FINDINGS_HEADER)).toHaveLength(40);
    const kept = tableRows(md, INVENTORY_HEADER).length;
    expect(kept).toBeLessThan(400);
    expect(md).toContain(`_… ${400 - kept} more dependencies: see the JSON report_`);

    const tiny = renderMarkdown(r, { maxChars: 1300 });
    expect(bytes(tiny)).toBeLessThanOrEqual(1300);
    expect(tiny).not.toContain(INVENTORY_HEADER);
    expect(tiny).toContain('_… 400 more dependencies: see the JSON report_');
    expect(tiny).toContain('### Installation audit');
  });

  test('multi-byte text is measured in bytes, so the step-summary byte limit holds', () => {
    const r = report({ findings: manyFindings(3000, (i) => `名前空間の衝突 ${i} 😈`.repeat(10)) });
    const md = renderMarkdown(r, { maxChars: 50_000 });
    expect(bytes(md)).toBeLessThanOrEqual(50_000);
    expect(md).not.toMatch(/\uFFFD/);
  });

  test('even an absurdly small limit is never exceeded', () => {
    const r = report({ findings: manyFindings(50), title: 'T'.repeat(5000) });
    for (const maxChars of [0, 10, 100, 400, 1500]) {
      expect(bytes(renderMarkdown(r, { maxChars }))).toBeLessThanOrEqual(maxChars);
    }
    expect(renderMarkdown(r, { maxChars: 1500 })).toContain('truncated: see the JSON report');
  });

  test('no findings and no MCP dependencies are said in words', () => {
    const md = renderMarkdown(report({ findings: [], dependencies: [], verification: [], notes: [], conclusion: 'success' }), {
      maxChars: CHECK_OUTPUT_MAX,
    });
    expect(md).toContain('No findings.');
    expect(md).toContain('No MCP-related dependency changed.');
    expect(md).not.toContain('Verification log');
  });
});

describe('package names, URLs and locations', () => {
  test('name@version and URLs are code, never an email link or a clickable PR-supplied URL', () => {
    const md = renderMarkdown(report({ findings: [finding(0, { name: 'evil-mcp', version: '1.0.0' })], dependencies: [entry(1, { name: 'evil-mcp', version: '1.0.0', source: 'https://evil.example/x.tgz' })] }), { maxChars: CHECK_OUTPUT_MAX });
    expect(tableRows(md, FINDINGS_HEADER)[0]).toContain('| `evil-mcp@1.0.0` |');
    expect(tableRows(md, INVENTORY_HEADER)[0]).toContain('| `https://evil.example/x.tgz` |');
  });

  test('a backtick in a name gets a longer fence; file:line links to the blob at the head commit', () => {
    const blobUrl = `https://github.com/acme/widgets/blob/${'b'.repeat(40)}/`;
    const md = renderMarkdown(report({ findings: [finding(0, { name: 'a`b', version: undefined, file: 'dir with space/package.json', line: 12 })] }), { maxChars: CHECK_OUTPUT_MAX, blobUrl });
    const row = tableRows(md, FINDINGS_HEADER)[0];
    expect(row).toContain('| ``a`b`` |');
    expect(row).toContain(`| [dir with space/package.json:12](${blobUrl}dir%20with%20space/package.json#L12) |`);
  });
});
