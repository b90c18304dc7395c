import { renderSarif, SARIF_MAX_RESULTS, fileUri, sarifLinks } from '../../src/report/sarif.js';
import { RULES as RULE_HELP } from '../../src/rules/catalogue.js';
import { HOSTILE_MESSAGE, finding, manyFindings, report } from './report-fixture.js';

describe('renderSarif', () => {
  const r = report({
    findings: [
      finding(0),
      finding(1, { file: 'dir with space/package.json', line: 0 }),
      finding(2, { excepted: 'accepted until 2030', message: HOSTILE_MESSAGE }),
      finding(3, { rule: 'parse-error', name: undefined, version: undefined, line: 5 }),
    ],
  });
  const sarif = JSON.parse(renderSarif(r));
  const run = sarif.runs[0];

  test('a SARIF 2.1.0 log with one run from this tool', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('mcp-supply-gate');
    expect(run.tool.driver.semanticVersion).toBe('0.1.0');
  });

  test('every rule has an id, a name, descriptions and help text; ids unique', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((x: { id: string }) => x.id).sort()).toEqual(Object.keys(RULE_HELP).sort());
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.fullDescription.text.length).toBeGreaterThan(10);
      expect(rule.help.text.length).toBeGreaterThan(10);
    }
  });

  test('results carry rule id and index, level, message and a physical location GitHub accepts', () => {
    expect(run.results).toHaveLength(4);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(typeof res.message.text).toBe('string');
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(Object.values(res.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
    }
    const [e, w, n] = ['error', 'warning', 'note'].map((lvl) => run.results.filter((x: { level: string }) => x.level === lvl));
    expect(e).toHaveLength(2);
    expect(w[0].locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/package.json');
    expect(w[0].locations[0].physicalLocation.region.startLine).toBe(1);
    expect(n[0].message.text).toBe(`mcp-server-2@1.0.2: ${HOSTILE_MESSAGE}`);
    expect(n[0].suppressions).toEqual([{ kind: 'external', justification: 'accepted until 2030' }]);
    expect(e.find((x: { ruleId: string }) => x.ruleId === 'parse-error').message.text).toBe('finding number 3 about this package');
  });

  test('fingerprints stay when the line moves, and differ between packages', () => {
    const moved = JSON.parse(renderSarif(report({ findings: [finding(0, { line: 999 }), finding(3)] }))).runs[0].results;
    expect(moved[0].partialFingerprints).toEqual(run.results[0].partialFingerprints);
    expect(moved[1].partialFingerprints).not.toEqual(moved[0].partialFingerprints);
  });

  test('more results than GitHub accepts: the most severe are kept and the rest announced', () => {
    const big = JSON.parse(renderSarif(report({ findings: manyFindings(SARIF_MAX_RESULTS + 30) })));
    expect(big.runs[0].results).toHaveLength(SARIF_MAX_RESULTS);
    expect(big.runs[0].results.filter((x: { level: string }) => x.level === 'note').length).toBeLessThan(SARIF_MAX_RESULTS / 3);
    expect(big.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^30 more findings left out/);
  });

  test('fileUri keeps slashes and encodes what a URI cannot hold', () => {
    expect(fileUri('a b/c#d?.json')).toBe('a%20b/c%23d%3F.json');
    expect(fileUri('\\win\\path.json')).toBe('win/path.json');
  });
});

describe('code scanning ranking and help links', () => {
  test('every rule carries a security-severity code scanning can rank, and a defaultConfiguration level', () => {
    const sarif = JSON.parse(renderSarif(report()));
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id).sort()).toEqual(Object.keys(RULE_HELP).sort());
    for (const r of rules) {
      const severity = Number(r.properties['security-severity']);
      expect({ id: r.id, ok: severity > 0 && severity <= 10 }).toEqual({ id: r.id, ok: true });
      expect(['error', 'warning', 'note', 'none']).toContain(r.defaultConfiguration.level);
    }
  });

  test('helpUri and informationUri from where the action runs; none when that is unknown', () => {
    const linked = JSON.parse(renderSarif(report(), sarifLinks({ GITHUB_SERVER_URL: 'https://ghe.example', GITHUB_ACTION_REPOSITORY: 'acme/gate', GITHUB_ACTION_REF: 'v2' })));
    expect(linked.runs[0].tool.driver.informationUri).toBe('https://ghe.example/acme/gate');
    expect(linked.runs[0].tool.driver.rules[0].helpUri).toBe(`https://ghe.example/acme/gate/blob/v2/README.md#rule-${linked.runs[0].tool.driver.rules[0].id}`);
    const plain = JSON.parse(renderSarif(report(), sarifLinks({})));
    expect(plain.runs[0].tool.driver.informationUri).toBeUndefined();
    expect(plain.runs[0].tool.driver.rules[0].helpUri).toBeUndefined();
  });
});

test('every rule\'s helpUri anchor exists in the README', () => {
  const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'README.md'), 'utf8');
  const missing = Object.keys(RULE_HELP).filter((id) => !readme.includes(`<a id="rule-${id}"></a>`));
  expect(missing).toEqual([]);
});

test('a merged finding carries the other places of the same problem as related locations', () => {
  const merged = finding(0, { file: 'package.json', line: 6, related: [{ file: 'package-lock.json', line: 20 }, { file: 'sub dir/package.json', line: 0 }] });
  const [res] = JSON.parse(renderSarif(report({ findings: [merged] }))).runs[0].results;
  expect(res.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'package.json' }, region: { startLine: 6 } });
  expect(res.relatedLocations).toEqual([
    { id: 0, physicalLocation: { artifactLocation: { uri: 'package-lock.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 20 } } },
    { id: 1, physicalLocation: { artifactLocation: { uri: 'sub%20dir/package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } },
  ]);
  expect(JSON.parse(renderSarif(report({ findings: [finding(0)] }))).runs[0].results[0].relatedLocations).toBeUndefined();
});
